"""The build-time SVG charts are valid, accessible (WCAG 2.1 AA) and deterministic; the standards page is complete.

Contrast is computed here from the WCAG 2.1 definition of relative luminance, independently of the module.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from site_plugins.charts import distribution_svg, standards_outcomes_svg
from site_plugins.rubric import load_rubric

REPO_ROOT = Path(__file__).parent.parent
SVG = "{http://www.w3.org/2000/svg}"

DISTRIBUTION = {0: 1, 3: 2, 7: 5, 11: 14, 12: 40, 13: 9}
STANDARDS = [  # (number, name, met, not met, not verifiable)
    (1, "Distinct Competency", 60, 5, 6),
    (2, "Naming and Framing", 71, 0, 0),
    (9, "Feedback, Reflection, and Resubmission", 12, 9, 50),
    (13, "Access and Support", 0, 0, 71),
]


def _distribution(**kwargs: object) -> str:
    args: dict = {"title": "How many standards credentials meet",
                  "description": "Most credentials meet 12 of the 13 standards."}
    args.update(kwargs)
    counts = args.pop("counts", DISTRIBUTION)
    return distribution_svg(counts, **args)


def _standards(**kwargs: object) -> str:
    args: dict = {"title": "Credentials meeting each standard",
                  "description": "Standard 2 is met most often, standard 13 least."}
    args.update(kwargs)
    rows = args.pop("rows", STANDARDS)
    total = args.pop("total", 71)
    return standards_outcomes_svg(rows, total, **args)


def _luminance(colour: str) -> float:
    match = re.fullmatch(r"#([0-9a-fA-F]{6})", colour)
    assert match, f"colour {colour!r} is not #rrggbb"
    channels = [int(match.group(1)[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _parents(root: ET.Element) -> dict[ET.Element, ET.Element]:
    return {child: parent for parent in root.iter() for child in parent}


def _inherited(element: ET.Element, name: str, parents: dict[ET.Element, ET.Element]) -> str | None:
    node: ET.Element | None = element
    while node is not None:
        if name in node.attrib:
            return node.attrib[name]
        node = parents.get(node)
    return None


def _by_class(root: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    return [e for e in root.iter(SVG + tag) if cls in e.get("class", "").split()]


def _text(element: ET.Element) -> str:
    return "".join(element.itertext())


def _both() -> list[str]:
    return [_distribution(), _standards()]


def test_distribution_parses_and_is_one_labelled_image() -> None:
    svg = _distribution()
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg"
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby", "").split()
    title, desc = root[0], root[1]
    assert title.tag == SVG + "title" and title.get("id") == title_id
    assert desc.tag == SVG + "desc" and desc.get("id") == desc_id
    assert title.text == "How many standards credentials meet"
    assert desc.text == "Most credentials meet 12 of the 13 standards."


def test_standards_parses_and_is_one_labelled_image() -> None:
    root = ET.fromstring(_standards())
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby", "").split()
    assert [(e.tag, e.get("id")) for e in root[:2]] == [(SVG + "title", title_id), (SVG + "desc", desc_id)]
    assert root[0].text == "Credentials meeting each standard"


@pytest.mark.parametrize("svg", _both(), ids=["distribution", "standards"])
def test_ids_are_unique_within_the_chart(svg: str) -> None:
    ids = [e.get("id") for e in ET.fromstring(svg).iter() if e.get("id")]
    assert len(ids) == len(set(ids)) == 2


def test_ids_differ_between_charts_and_can_be_chosen() -> None:
    ids = {ET.fromstring(svg)[0].get("id") for svg in [_distribution(), _standards(),
                                                        _distribution(counts={13: 1})]}
    assert len(ids) == 3
    chosen = ET.fromstring(_distribution(chart_id="home-distribution"))
    assert chosen.get("aria-labelledby") == "home-distribution-title home-distribution-desc"
    with pytest.raises(ValueError, match="chart_id"):
        _distribution(chart_id='x" onload="alert(1)')


def test_distribution_has_one_bar_per_value_with_its_count() -> None:
    root = ET.fromstring(_distribution())
    groups = _by_class(root, "g", "bar-group")
    assert len(groups) == 14
    assert len(_by_class(root, "rect", "bar")) == 14
    for n, group in enumerate(groups):
        expected = DISTRIBUTION.get(n, 0)
        assert [_text(t) for t in _by_class(group, "text", "tick-label")] == [str(n)]
        assert [_text(t) for t in _by_class(group, "text", "count-label")] == [str(expected)]
        assert group.get("data-count") == str(expected)
    heights = {n: float(_by_class(g, "rect", "bar")[0].get("height", "nan")) for n, g in enumerate(groups)}
    assert heights[12] == max(heights.values()) > 0
    assert heights[1] == 0
    assert heights[13] == pytest.approx(heights[12] * 9 / 40, abs=0.1)


def test_distribution_follows_total_standards() -> None:
    root = ET.fromstring(_distribution(counts={0: 2, 5: 3}, total_standards=5))
    assert [_text(t) for t in _by_class(root, "text", "tick-label")] == ["0", "1", "2", "3", "4", "5"]
    assert "Standards met (of 5)" in [_text(t) for t in root.iter(SVG + "text")]


def test_standards_has_one_bar_per_standard_in_three_parts_with_name_and_counts_in_words() -> None:
    root = ET.fromstring(_standards())
    groups = _by_class(root, "g", "bar-group")
    assert len(groups) == len(STANDARDS)
    for (number, name, met, not_met, unverified), group in zip(STANDARDS, groups, strict=True):
        assert _text(_by_class(group, "text", "bar-name")[0]) == f"{number}. {name}"
        assert [_text(t) for t in _by_class(group, "text", "count-label")] == [
            f"{met} met · {not_met} not met · {unverified} not verifiable"]
        parts = _by_class(group, "rect", "bar")
        assert [p.get("class") for p in parts] == ["bar bar-met", "bar bar-not-met", "bar bar-unverified"]
        assert (group.get("data-met"), group.get("data-not-met"), group.get("data-unverified")) == (
            str(met), str(not_met), str(unverified))
    widths = [[float(p.get("width", "nan")) for p in _by_class(g, "rect", "bar")] for g in groups]
    full = sum(widths[1])
    assert widths[1][0] == full and widths[3][0] == 0 and widths[3][2] == full
    assert widths[0][0] == pytest.approx(full * 60 / 71, abs=0.1)
    assert sum(widths[2]) == pytest.approx(full, abs=0.2), "the parts of a bar add up to the catalog"
    starts = [float(p.get("x", "nan")) for p in _by_class(groups[0], "rect", "bar")]
    assert starts[1] == pytest.approx(starts[0] + widths[0][0], abs=0.1), "the parts follow each other"


def test_standards_legend_names_each_colour() -> None:
    root = ET.fromstring(_standards())
    assert [_text(t) for t in _by_class(root, "text", "legend-label")] == ["Met", "Not met", "Not verifiable"]
    colours = [s.get("fill") for s in root.iter(SVG + "rect") if "swatch" in s.get("class", "")]
    bars = [p.get("fill") for p in _by_class(_by_class(root, "g", "bar-group")[0], "rect", "bar")]
    assert colours == bars and len(set(colours)) == 3


def test_axis_labels_are_present() -> None:
    distribution = [_text(t) for t in ET.fromstring(_distribution()).iter(SVG + "text")]
    assert "Standards met (of 13)" in distribution and "Credentials" in distribution
    standards = [_text(t) for t in ET.fromstring(_standards()).iter(SVG + "text")]
    assert "Credentials (of 71)" in standards


def test_output_is_deterministic() -> None:
    assert _distribution() == _distribution()
    assert _standards() == _standards()
    assert _distribution(counts=dict(reversed(list(DISTRIBUTION.items())))) == _distribution()


def test_output_is_identical_across_processes() -> None:
    code = ("from site_plugins.charts import distribution_svg, standards_outcomes_svg;"
            "print(distribution_svg({12: 3, 1: 2}, title='t', description='d'));"
            "print(standards_outcomes_svg([(1, 'Distinct Competency', 2, 1, 2)], 5, title='t', description='d'))")
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True,
                              text=True, check=True)
        outputs.add(done.stdout)
    assert len(outputs) == 1


@pytest.mark.parametrize("svg", _both(), ids=["distribution", "standards"])
def test_colours_meet_wcag_contrast(svg: str) -> None:
    root = ET.fromstring(svg)
    parents = _parents(root)
    background = _by_class(root, "rect", "background")
    assert len(background) == 1 and background[0].get("fill") == "#ffffff"
    assert background[0].get("width") == root.get("viewBox", "").split()[2]
    texts = list(root.iter(SVG + "text"))
    bars = _by_class(root, "rect", "bar")
    assert texts and bars
    for text in texts:
        fill = _inherited(text, "fill", parents)
        assert fill is not None, f"text {_text(text)!r} has no colour"
        assert _contrast(fill, "#ffffff") >= 4.5, f"text {_text(text)!r} in {fill}"
    for bar in bars:
        fill = _inherited(bar, "fill", parents)
        assert fill is not None and _contrast(fill, "#ffffff") >= 3.0, f"bar in {fill}"


def test_contrast_calculation_matches_known_values() -> None:
    assert _contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert _contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("svg", _both(), ids=["distribution", "standards"])
def test_scales_and_stays_readable_on_a_phone(svg: str) -> None:
    root = ET.fromstring(svg)
    assert root.get("width") == "100%"
    assert root.get("height") is None
    x, y, width, height = (float(v) for v in root.get("viewBox", "").split())
    assert (x, y) == (0, 0) and width > 0 and height > 0
    parents = _parents(root)
    scale = 375 / width  # a 375 px phone, ignoring page margins
    for text in root.iter(SVG + "text"):
        size = float(_inherited(text, "font-size", parents) or "nan")
        assert size * scale >= 11, f"{_text(text)!r} would be {size * scale:.1f} px on a phone"


@pytest.mark.parametrize("svg", _both(), ids=["distribution", "standards"])
def test_has_no_external_references_or_page_wide_styles(svg: str) -> None:
    assert svg.count("://") == 1 and 'xmlns="http://www.w3.org/2000/svg"' in svg
    for forbidden in ("href", "url(", "<style", "<script", "<image", "<foreignObject", "@import"):
        assert forbidden not in svg


def test_text_is_escaped() -> None:
    title = 'Standards <script>alert("x")</script> & more'
    root = ET.fromstring(_distribution(title=title))
    assert root[0].text == title
    assert "<script>" not in _distribution(title=title)
    rows = [(13, "Opportunities for Collaboration & Support", 1, 0, 1)]
    standards = ET.fromstring(_standards(rows=rows, total=2))
    assert _text(_by_class(standards, "text", "bar-name")[0]) == "13. Opportunities for Collaboration & Support"


def test_large_counts_shrink_to_fit_their_columns() -> None:
    root = ET.fromstring(_distribution(counts={n: 10_000 + n for n in range(14)}))
    size = float(_by_class(root, "text", "count-label")[0].get("font-size", "nan"))
    slot = float(root.get("viewBox", "").split()[2]) / 14
    assert len("10013") * size * 0.6 <= slot


def test_long_standard_names_wrap() -> None:
    name = "A standard whose name is far too long to fit on a single line of a narrow chart"
    root = ET.fromstring(_standards(rows=[(1, name, 3, 0, 0)], total=3))
    label = _by_class(root, "text", "bar-name")[0]
    assert len(list(label.iter(SVG + "tspan"))) == 2
    assert " ".join(t.text or "" for t in label.iter(SVG + "tspan")) == f"1. {name}"


@pytest.mark.parametrize(("counts", "message"), [
    ({14: 1}, "keys must be whole numbers from 0 to 13"),
    ({-1: 1}, "keys must be whole numbers"),
    ({3: -2}, "0 or more"),
    ({3: 1.5}, "0 or more"),
])
def test_distribution_rejects_bad_counts(counts: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _distribution(counts=counts)


def test_standards_rejects_more_than_the_catalog_holds() -> None:
    with pytest.raises(ValueError, match="counts 6 credentials, more than the 5 in the catalog"):
        _standards(rows=[(1, "Distinct Competency", 3, 2, 1)], total=5)
    with pytest.raises(ValueError, match="0 or more"):
        _standards(rows=[(1, "Distinct Competency", 3, -1, 1)], total=5)


def test_empty_catalog_draws_empty_bars() -> None:
    root = ET.fromstring(_distribution(counts={}))
    assert {r.get("height") for r in _by_class(root, "rect", "bar")} == {"0"}
    root = ET.fromstring(_standards(rows=[(1, "Distinct Competency", 0, 0, 0)], total=0))
    assert [r.get("width") for r in _by_class(root, "rect", "bar")] == ["0", "0", "0"]


# --- docs/quality-standards.md keeps up with the rubric -------------------------------------------------

def test_quality_standards_page_names_every_standard_and_component() -> None:
    page = (REPO_ROOT / "docs" / "quality-standards.md").read_text(encoding="utf-8")
    rubric = load_rubric(REPO_ROOT)
    assert len(rubric.standards) == 13 and len(rubric.components) == 28
    for standard in rubric.standards:
        heading = re.compile(rf"^#{{2,4}} QAS {standard.id}: {re.escape(standard.name)}$", re.MULTILINE)
        assert heading.search(page), f"no heading for QAS {standard.id} {standard.name}"
    for component in rubric.components:
        row = f"| {component.id} | {component.name} |"
        assert row in page, f"no table row for component {component.id} {component.name}"


def test_quality_standards_page_cites_its_source_and_links_the_rules() -> None:
    page = (REPO_ROOT / "docs" / "quality-standards.md").read_text(encoding="utf-8")
    for needed in ("May 2024", "digiLEARN", "RTI International", "Micro-Credentials Partnership of States",
                   "](scoring.md", "SOURCE_DATE_EPOCH", "self-assessed", "reviewed"):
        assert needed in page, needed
