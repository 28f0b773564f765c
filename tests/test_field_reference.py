"""The field reference page is generated from the schemas: every field on it, with its type, allowed values,
whether it is required, an example and the MPOS components it evidences; nothing maintained by hand."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from functools import cache
from html import unescape
from pathlib import Path
from typing import Any

import markdown
import pytest
from markupsafe import escape

from site_plugins.field_reference import SRC_URI, field_reference_markdown
from site_plugins.rubric import load_rubric

ROOT = Path(__file__).parent.parent
KINDS = ("credential", "stack", "organization")
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details", "pymdownx.superfences"]


@pytest.fixture(scope="module")
def page() -> str:
    return field_reference_markdown(ROOT)


# An independent walk over the raw schema files (not the one the page uses), following $ref into $defs of
# the same or another schema file, array items, named entries (additionalProperties) and x- extensions.

def _raw(kind: str) -> dict[str, Any]:
    return json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))


MARKER_DEFS = {"not_published": "not published", "not_applicable": "not applicable"}


def _marker(branch: Any) -> str | None:
    """The marker text a branch of an ``anyOf`` stands for (a $ref to one of the two $defs), else None."""
    ref = branch.get("$ref", "") if isinstance(branch, dict) else ""
    return MARKER_DEFS.get(ref.rpartition("/")[2])


def _deref(node: dict[str, Any], document: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The node with its $ref (and allOf parts) merged in, its `not published` / `not applicable` branches
    set aside (listed under "markers"), and the document later references resolve in."""
    while True:
        if "$ref" in node:
            target_file, _, pointer = node["$ref"].partition("#")
            if target_file:
                document = _raw(target_file.removesuffix(".schema.json"))
            target: Any = document
            for part in pointer.strip("/").split("/"):
                target = target[part]
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        elif "allOf" in node:
            merged: dict[str, Any] = {}
            for part in node["allOf"]:
                sub, document = _deref(part, document)
                merged.update(sub)
            node = {**merged, **{k: v for k, v in node.items() if k != "allOf"}}
        elif "anyOf" in node and any(_marker(b) for b in node["anyOf"]):
            real = [b for b in node["anyOf"] if not _marker(b)]
            assert len(real) == 1, node
            markers = [*node.get("markers", ()), *(m for b in node["anyOf"] if (m := _marker(b)))]
            node = {**real[0], **{k: v for k, v in node.items() if k != "anyOf"}, "markers": markers}
        else:
            return node, document


def _values(node: dict[str, Any]) -> list[tuple[Any, str]]:
    """(value, title) of a choice: ``oneOf`` of ``const`` with ``title`` (or a plain ``enum``)."""
    if "enum" in node:
        return [(v, str(v)) for v in node["enum"]]
    branches = node.get("oneOf") or []
    return [(b["const"], b.get("title", str(b["const"]))) for b in branches if "const" in b]


def schema_fields(kind: str) -> list[tuple[str, dict[str, Any], tuple[str, ...]]]:
    """(dotted path, resolved schema node, effective MPOS ids) for every property of one schema."""
    found: list[tuple[str, dict[str, Any], tuple[str, ...]]] = []

    def visit(node: dict[str, Any], document: dict[str, Any], path: str, mpos: tuple[str, ...]) -> None:
        node, document = _deref(node, document)
        if isinstance(node.get("items"), dict):  # the values of a list of choices, read in its own document
            node = {**node, "item_values": _values(_deref(node["items"], document)[0])}
        mpos = tuple(node.get("x-mpos", ())) or mpos
        if path and not path.endswith(("[]", ".*")):
            found.append((path, node, mpos))
        prefix = f"{path}." if path else ""
        for name, child in node.get("properties", {}).items():
            visit(child, document, prefix + name, mpos)
        for pattern, child in node.get("patternProperties", {}).items():
            visit(child, document, prefix + pattern.lstrip("^") + "*", mpos)
        if isinstance(node.get("additionalProperties"), dict):
            visit(node["additionalProperties"], document, f"{path}.*", mpos)
        if isinstance(node.get("items"), dict):
            visit(node["items"], document, f"{path}[]", mpos)

    visit(_raw(kind), _raw(kind), "", ())
    return found


def _html(markdown_text: str) -> str:
    body = markdown_text.split("---\n", 2)[2] if markdown_text.startswith("---\n") else markdown_text
    return markdown.markdown(body, extensions=EXTENSIONS)


HEADINGS = {"credential": "credentials", "stack": "stacks", "organization": "organizations"}


def part(page: str, kind: str) -> str:
    """The Markdown of one kind's section of the page (from its heading to the next top-level heading)."""
    start = page.index(f"{{ #{HEADINGS[kind]} }}")
    following = re.compile(r"^## ", re.MULTILINE).search(page, start)
    return page[start : following.start() if following else len(page)]


@cache
def rows(markdown_text: str) -> dict[str, list[str]]:
    """Rendered table rows by the field path in their first cell: {path: [cell HTML, ...]}."""
    found: dict[str, list[str]] = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", _html(markdown_text), re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
        match = re.match(r'(?:<span id="[^"]+"></span>)?<code>(.*?)</code>', cells[0]) if cells else None
        if match:
            found.setdefault(unescape(match.group(1).replace("<wbr>", "")), cells)
    return found


def row(page: str, path: str, kind: str = "credential") -> list[str]:
    """The cells of the row for field ``path`` in ``kind``'s section: field and required, what it is (with
    the example), type and allowed values, MPOS."""
    found = rows(part(page, kind))
    assert path in found, f"no row for `{path}` in the {kind} section of the field reference page"
    return found[path]


def section(page: str, heading_id: str) -> str:
    start = page.index(f"{{ #{heading_id} }}")
    following = re.compile(r"^#{2,3} ", re.MULTILINE).search(page, start)
    return page[start : following.start() if following else len(page)]


FIELD, WHAT, TYPE, MPOS = range(4)


def test_every_schema_property_is_on_the_page(page):
    for kind in KINDS:
        fields = schema_fields(kind)
        assert len(fields) > 5
        found = rows(part(page, kind))
        missing = [path for path, _, _ in fields if path not in found]
        assert not missing, f"{kind} fields missing from the field reference: {missing}"
    credential = [p for p, _, _ in schema_fields("credential")]
    # spot checks that the walk reaches items, $defs via $ref, allOf and named entries
    assert {"access.supports[].mode", "recognition.currency[].note", "training.assessors",
            "quality_review.components.*.rationale", "x-*", "access.cost.amount"} <= set(credential)


def test_organization_defaults_list_every_inheritable_field_with_a_link(page):
    defaults = [p for p, _, _ in schema_fields("organization") if p.startswith("defaults.")]
    assert "defaults.training.assessors" in defaults and "defaults.access.supports[].mode" in defaults
    table = rows(section(page, "organization-defaults"))
    ids = set(re.findall(r'\sid="([^"]+)"', _html(page)))
    for path in defaults:
        target = path.removeprefix("defaults.")
        anchor = "credential-" + target.replace("[]", "")
        assert f'<a href="#{anchor}"><code>{target}</code></a>' in table[path][1], path
        assert anchor in ids  # the link lands on the credential field
    assert "each field below sets the credential field" in table["defaults"][1]
    assert "An organization can set this group once, under `defaults`" in section(page, "credential-training")
    assert "under `defaults`" not in section(page, "credential-evidence")


def test_titles_descriptions_and_types_in_plain_words(page):
    cells = row(page, "competency.statement")
    assert "<strong>Competency statement</strong>" in cells[WHAT]
    assert "written so it can be observed and measured" in cells[WHAT]
    assert cells[TYPE] == "text; at least 10 characters"
    assert row(page, "feedback.timeline_days")[TYPE] == "whole number; 1 to 365; or <code>not published</code>"
    assert row(page, "evidence[].from_practice")[TYPE] == "true or false; or <code>not published</code>"
    assert row(page, "stacks")[TYPE] == "list of identifiers; no repeats"
    assert row(page, "resources[].url")[TYPE] == "web address"
    assert row(page, "url")[TYPE] == "web address; or <code>not published</code>"
    assert row(page, "maintenance.last_reviewed")[TYPE] == "date; or <code>not published</code>"
    assert "write a number and a unit" in row(page, "access.completion_window")[TYPE]  # x-hint as the rule
    assert "default <code>en</code>" in row(page, "language")[TYPE]
    assert row(page, "quality_review.components")[TYPE].startswith("named entries; names: use an MPOS component")


def test_every_enum_value_appears_in_its_row_with_its_title(page):
    checked = 0
    for kind in KINDS:
        for path, node, _ in schema_fields(kind):
            values = _values(node) or node.get("item_values")
            if not values:
                continue
            # values under defaults are listed once, on the credential field they set
            defaults = path.startswith("defaults.")
            cells = row(page, path.removeprefix("defaults.")) if defaults else row(page, path, kind)
            for value, title in values:
                shown = f"<code>{value}</code>" + (f" ({escape(title)})" if title != str(value) else "")
                assert shown in cells[TYPE], (path, value)
            checked += 1
    assert checked >= 15
    assert row(page, "access.supports[].mode")[TYPE] == (
        "choice: <code>synchronous</code> (Live (synchronous)), <code>asynchronous</code> (Any time (asynchronous))")
    assert "<code>k-2</code> (K–2)" in row(page, "audience.grade_bands")[TYPE]


def test_every_field_says_whether_it_accepts_not_published_or_not_applicable(page):
    accepting = 0
    for kind in KINDS:
        for path, node, _ in schema_fields(kind):
            if path.startswith("defaults."):
                continue
            cells = row(page, path, kind)
            markers = node.get("markers", [])
            for marker in ("not published", "not applicable"):
                assert (f"<code>{marker}</code>" in cells[TYPE]) == (marker in markers), (path, marker)
            accepting += bool(markers)
    assert accepting > 60
    for identity in ("id", "title", "summary", "description", "competency.statement", "organizations.issuer"):
        assert "not published" not in row(page, identity)[TYPE], identity
    assert row(page, "access.estimated_hours")[TYPE].endswith("; or <code>not published</code>")
    assert row(page, "audience.grade_bands")[TYPE].endswith(
        "; or <code>not published</code> or <code>not applicable</code>")
    listed = _html(section(page, "not-published"))
    assert '<a href="#credential-access.estimated_hours"><code>access.estimated_hours</code></a>' in listed
    assert '<a href="#credential-title">' not in listed


def required(cells: list[str]) -> str:
    return re.sub(r"<[^>]+>", "", re.split(r"<br ?/?>", cells[FIELD], maxsplit=1)[1])


def test_required_fields_are_marked(page):
    for name in _raw("credential")["required"]:
        assert required(row(page, name)) == "Required", name
        assert "<strong>Required</strong>" in row(page, name)[FIELD]
    for name in ("version", "keywords", "exemplars", "quality_review", "competency.area"):
        assert required(row(page, name)) == "Optional", name
    assert required(row(page, "competency.statement")) == "Required"
    assert required(row(page, "evidence[].id")) == "Required in each item"
    assert required(row(page, "access.supports[].mode")) == "Required in each item"
    for after_defaults in ("access.cost", "access.estimated_hours"):  # x-required-after-defaults
        assert required(row(page, after_defaults)) == ("Required, in this file or in the defaults of its issuer, "
                                                       "developer or platform"), after_defaults
    assert required(row(page, "access.cost.amount")) == "Required when access.cost is given"
    assert required(row(page, "quality_review.reviewer")) == "Required when quality_review is given"
    assert required(row(page, "quality_review.components.*.met")) == "Required in each entry"
    assert required(row(page, "recognition.currency[].note")) == "Required when type is other"  # if/then
    assert required(row(page, "capstone.title", "stack")) == "Required when capstone is given"
    assert required(row(page, "name", "organization")) == "Required"
    assert required(row(page, "jurisdiction", "organization")) == "Optional"


def test_mpos_components_appear_with_their_names_and_are_inherited(page):
    names = {c.id: c.name for c in load_rubric(ROOT).components}
    marked = 0
    for kind in KINDS:
        for path, _, mpos in schema_fields(kind):
            cells = row(page, path, kind) if not path.startswith("defaults.") else rows(part(page, kind))[path]
            for component in mpos:
                if path.startswith("defaults."):
                    assert component in cells[-1], (path, component)
                else:
                    assert f"{component}&nbsp;{escape(names[component])}" in cells[MPOS], (path, component)
                marked += 1
    assert marked > 50
    assert "7.2&nbsp;Exemplar Submissions" in row(page, "exemplars[].url")[MPOS]  # from its parent
    assert "1.1&nbsp;Grain Size" in row(page, "competency.area")[MPOS]
    assert row(page, "audience.roles")[MPOS] == ""
    html = _html(section(page, "mpos"))
    for component, name in names.items():
        assert f"<td>{component} {escape(name)}</td>" in html
    assert '<a href="#credential-exemplars"><code>exemplars</code></a>' in html


def example(cells: list[str]) -> str | None:
    match = re.search(r"Example: <code>(.*?)</code>", cells[WHAT])
    return unescape(match.group(1)) if match else None


def test_examples_come_from_the_catalog_then_the_schema(page, make_catalog, sample_org_text, valid_credential_text):
    assert example(row(page, "status")) in ("active", "draft", "retired")
    assert example(row(page, "access.supports[].mode")) in ("synchronous", "asynchronous")
    assert example(row(page, "quality_review.components.*.met")) in ("true", "false")
    root = make_catalog({"catalog/organizations/sample-org.yaml": sample_org_text,
                         "catalog/credentials/sample-credential.yaml": valid_credential_text})
    small = field_reference_markdown(root)
    assert example(row(small, "title")) == "Planning Exit Tickets for Next-Day Teaching"
    assert example(row(small, "audience.grade_bands")) == "[3-5, 6-8]"
    assert example(row(small, "recognition.currency[].jurisdiction")) == "US-SC"
    assert example(row(small, "access.supports[].mode")) == "synchronous"  # none in the catalog: the first value
    assert example(row(small, "language")) == "en"  # the schema default
    assert example(row(small, "name", "organization")) == "Sample Org"
    assert example(row(small, "description")).endswith("…")  # long text is cut
    assert example(row(small, "competency")) is None  # groups have no example of their own


def test_page_follows_a_schema_change(make_catalog):
    root = make_catalog()
    path = root / "schema" / "credential.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["properties"]["access"] = {"allOf": [schema["properties"]["access"], {"properties": {}}]}
    # (an allOf part must not hide another's fields)
    schema["$defs"]["access"]["anyOf"][0]["properties"]["languages_supported"] = {
        "title": "Languages supported", "description": "Languages | pursuers *may* submit in.",
        "type": "array", "items": {"enum": ["en", "es"]}, "x-mpos": ["13.1"]}
    path.write_text(json.dumps(schema), encoding="utf-8")
    page = field_reference_markdown(root)
    cells = row(page, "access.languages_supported")
    assert "<strong>Languages supported</strong>: Languages | pursuers *may* submit in." in cells[WHAT]
    assert cells[TYPE] == "list of choices: <code>en</code>, <code>es</code>"  # no titles: shown as written
    assert cells[MPOS] == "13.1&nbsp;Micro-Credential Access"
    assert "defaults.access.languages_supported" in rows(part(page, "organization"))  # organizations inherit it too


def test_front_matter_and_sections(page):
    assert page.startswith("---\ntitle: Field reference\n")
    for anchor in ("credentials", "stacks", "organizations", "organization-defaults", "mpos", "credential-basics"):
        assert f"{{ #{anchor} }}" in page
    assert SRC_URI == "reference/index.md"


def _check_tables(html: str) -> int:
    count = 0
    for table in re.findall(r"<table>.*?</table>", html, re.S):
        columns = len(re.findall(r"<th[ >]", table))
        for cells in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
            assert len(re.findall(r"<td[ >]", cells)) == columns, cells
            count += 1
    return count


def test_markdown_renders_to_well_formed_tables_with_unique_ids(page):
    html = _html(page)
    assert _check_tables(html) > 150
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert not [i for i, n in ids.items() if n > 1]
    targets = set(re.findall(r'href="#([^"]+)"', html))
    assert targets <= set(ids), targets - set(ids)


def test_catalog_text_in_examples_is_escaped(make_catalog, sample_org_text, valid_credential_text):
    hostile = valid_credential_text.replace(
        "title: Planning Exit Tickets for Next-Day Teaching",
        "title: \"A | B <script>alert(1)</script> *x* [y](javascript:alert(1)) `z` \\\\ _w_\"")
    root = make_catalog({"catalog/organizations/sample-org.yaml": sample_org_text,
                         "catalog/credentials/sample-credential.yaml": hostile,
                         "catalog/credentials/broken.yaml": "id: [unclosed\n"})
    page = field_reference_markdown(root)  # a file that does not load is skipped, not fatal
    html = _html(page)
    _check_tables(html)
    assert "<script" not in html and "javascript:" not in re.sub(r"<code>.*?</code>", "", html)
    assert 'href="javascript' not in html and "<em>x</em>" not in html
    cell = re.search(r"Example: <code>A \| B .*?</code></td>", html)
    assert cell and "&lt;script&gt;" in cell.group(0)


def test_the_engine_does_not_import_mkdocs():
    code = ("import sys, pathlib; from site_plugins.field_reference import field_reference_markdown as f; "
            f"f(pathlib.Path({str(ROOT)!r})); print('mkdocs' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"
