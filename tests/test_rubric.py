"""The rubric as data: complete, faithful to the source, and refused with clear errors when malformed."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from site_plugins import pipeline
from site_plugins.cli import main
from site_plugins.rubric import RubricError, load_rubric

ROOT = Path(__file__).parent.parent
SOURCE = ROOT.parent / "shared" / "seeds" / "mpos-standards-and-rubric-2024.txt"
COMPONENT_IDS = [
    "1.1", "1.2", "2.1", "3.1", "4.1", "4.2", "5.1", "5.2", "5.3", "6.1", "6.2", "7.1", "7.2", "8.1", "8.2",
    "8.3", "9.1", "9.2", "9.3", "9.4", "10.1", "11.1", "11.2", "11.3", "12.1", "12.2", "13.1", "13.2",
]


def test_all_standards_and_components_present() -> None:
    rubric = load_rubric(ROOT)
    assert [s.id for s in rubric.standards] == list(range(1, 14))
    assert [c.id for c in rubric.components] == COMPONENT_IDS
    assert {c.id: [i.id for i in c.checklist] for c in rubric.components if c.checklist} == {
        "6.1": ["6.1.a", "6.1.b", "6.1.c", "6.1.d"],
        "9.3": ["9.3.a", "9.3.b"],
        "9.4": ["9.4.a", "9.4.b", "9.4.c"],
    }
    assert rubric.edition["date"] == "2024-05"
    assert "MPOS" in rubric.edition["name"]


def _flat(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub("[\\s\u2019']+", " ", text).strip().lower().replace(" ursuers", " pursuers")


@pytest.mark.skipif(not SOURCE.exists(), reason="the source documents are not beside this checkout")
def test_text_follows_the_source() -> None:
    source = _flat(SOURCE.read_text(encoding="utf-8"))
    rubric = load_rubric(ROOT)
    for component in rubric.components:
        assert _flat(component.name) in source, component.id
        assert _flat(component.criteria).rstrip(":") in source, component.id
        assert _flat(component.evidence) in source, component.id
        for item in component.checklist:
            assert _flat(item.text) in source, item.id


def copy_repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "schema", root / "schema")
    shutil.copytree(ROOT / "catalog", root / "catalog")
    return root


def rubric_problems(root: Path) -> list[str]:
    with pytest.raises(RubricError) as caught:
        load_rubric(root)
    return [p.text() for p in caught.value.problems]


def test_malformed_rubric_is_reported_with_positions(tmp_path: Path) -> None:
    root = copy_repo(tmp_path)
    path = root / "schema" / "mpos-rubric.yaml"
    text = path.read_text()
    text = text.replace("min_words: 8\n            max_words: 45", "min_wrds: 8\n            max_words: 45", 1)
    text = text.replace('      - id: "5.2"', '      - id: "6.9"', 1)
    path.write_text(text)
    problems = rubric_problems(root)
    assert any("unknown key `min_wrds`" in p for p in problems)
    assert any("component id `6.9` must be `5.N`" in p for p in problems)
    assert all(re.match(r"^schema/mpos-rubric\.yaml:\d+:\d+: rubric: ", p) for p in problems)
    line = next(p for p in problems if "min_wrds" in p).split(":")[1]
    assert "min_wrds" in text.splitlines()[int(line) - 1] or "field: competency.statement" in text.splitlines()[
        int(line) - 1]


def test_broken_rubric_stops_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_repo(tmp_path)
    (root / "schema" / "mpos-rubric.yaml").write_text("edition: [\n")
    assert main(["validate", "--root", str(root)]) == 1
    out = capsys.readouterr().out
    rubric_lines = [line for line in out.splitlines() if line.startswith("schema/mpos-rubric.yaml:")]
    assert len(rubric_lines) == 1 and "the rubric cannot be read" in rubric_lines[0]


def test_a_later_edition_with_a_29th_component_is_data(tmp_path: Path) -> None:
    root = copy_repo(tmp_path)
    path = root / "schema" / "mpos-rubric.yaml"
    text = path.read_text().replace("id: mpos-2024-05", "id: mpos-2026-01")
    text = text.replace('date: "2024-05"', 'date: "2026-01"')
    extra = (
        '      - id: "13.3"\n'
        "        name: Language Access\n"
        "        criteria: Materials are offered in the languages of the intended audience.\n"
        "        evidence: List of languages offered\n"
        "        rules:\n"
        "          - field: language\n"
        "            present: true\n"
        "            met: Offered in {value}.\n"
        "            not_met: No language is stated (field `language`).\n"
    )
    marker = "glossary:"
    text = text.replace(marker, extra + marker, 1) if "\nglossary:" in text else text + extra
    path.write_text(text)
    rubric = load_rubric(root)
    assert len(rubric.components) == 29
    build = pipeline.run(root, as_of=dt.date(2026, 11, 1))
    card = next(iter(build.scorecards.values()))
    assert card.components_total == 29
    assert card.edition["date"] == "2026-01"
