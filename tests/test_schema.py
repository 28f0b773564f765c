"""The transparency schema: every field described, the contract's fields present, vocabularies as enums."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from site_plugins.schemas import enum_values, is_marker, load_schemas

ROOT = Path(__file__).parent.parent
KINDS = ("credential", "stack", "organization")
RAW = {n: json.loads((ROOT / "schema" / f"{n}.schema.json").read_text()) for n in KINDS}
SCHEMAS = load_schemas(ROOT)

# The public contract of ARCHITECTURE.md: these dotted paths must exist in the credential schema.
CONTRACT = """
id title summary description status previous_ids stacks
competency.statement competency.skills competency.key_method competency.method_components competency.area
competency.alignments.framework competency.alignments.code competency.alignments.name competency.alignments.url
audience.roles audience.grade_bands audience.subjects
research.references.citation research.references.url research.references.peer_reviewed research.alignment
development.team.name development.team.title development.team.organization development.team.role
development.team.current_practitioner development.peer_review
evaluation.criteria.id evaluation.criteria.criterion evaluation.criteria.proficient evaluation.criteria.evidence
evaluation.criteria.job_embedded evaluation.levels evaluation.pass_rule
evidence.id evidence.title evidence.type evidence.description evidence.from_practice evidence.part
evidence.word_limit evidence.includes_student_work evidence.includes_media
resources.title resources.url resources.type resources.access resources.required exemplars.title exemplars.url
training.developers training.assessors training.pursuer_orientation
submission.instructions submission.resubmission.attempts submission.resubmission.instructions
feedback.process feedback.timeline_days feedback.includes transparency.url transparency.access
recognition.record recognition.metadata_url recognition.platform.name recognition.platform.url
recognition.platform.retention recognition.currency.recognizer recognition.currency.jurisdiction
recognition.currency.type recognition.currency.amount recognition.currency.unit recognition.currency.note
maintenance.review_cycle_months maintenance.last_reviewed maintenance.feedback_process
access.cost access.wcag access.estimated_hours access.completion_window access.supports.type
access.supports.mode access.supports.description
organizations.developer organizations.issuer organizations.platform organizations.deliverers
organizations.assessors organizations.partners
quality_review.reviewer quality_review.organization quality_review.date quality_review.components
""".split()  # noqa: SIM905 - a word list reads better as text


def properties(schema: dict[str, Any], node: dict[str, Any], path: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = []
    node = deref(schema, node)
    for name, sub in (node.get("properties") or {}).items():
        here = f"{path}.{name}" if path else name
        found.append((here, sub))
        target = deref(schema, sub)
        if target.get("type") == "array" and isinstance(target.get("items"), dict):
            found += properties(schema, target["items"], here)
        found += properties(schema, target, here)
    return found


def deref(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node or ("allOf" in node and "properties" not in node) or _marked(node):
        if _marked(node):  # the field also accepts `not published`: its definition is the other branch
            real = next(b for b in node["anyOf"] if not is_marker(b))
            node = {**deref(schema, real), **{k: v for k, v in node.items() if k != "anyOf"}}
        elif "$ref" in node:
            pointer = node["$ref"].split("#")[1]
            target: Any = schema
            for part in pointer.strip("/").split("/"):
                target = target[part]
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        else:
            merged: dict[str, Any] = {}
            for part in node["allOf"]:
                merged.update(deref(schema, part))
            node = merged
    return node


def _marked(node: dict[str, Any]) -> bool:
    return "anyOf" in node and any(is_marker(b) for b in node["anyOf"])


@pytest.mark.parametrize("kind", ["credential", "stack", "organization"])
def test_every_property_has_a_title_and_description(kind: str) -> None:
    schema = SCHEMAS[kind].document
    for path, sub in properties(schema, schema):
        target = deref(schema, sub)
        for key in ("title", "description"):
            assert isinstance(target.get(key), str) and len(target[key]) > 2, f"{kind}: {path} lacks {key}"


@pytest.mark.parametrize("kind", ["credential", "stack", "organization"])
def test_schema_is_2020_12_and_has_no_stray_nulls(kind: str) -> None:
    raw = RAW[kind]
    assert raw["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "null" not in json.dumps(raw), "a null usually means a comma split a description in two"


def test_contract_fields_exist() -> None:
    schema = SCHEMAS["credential"].document
    paths = {path for path, _ in properties(schema, schema)}
    assert [p for p in CONTRACT if p not in paths] == []


def test_only_what_a_pursuer_needs_is_required() -> None:
    doc = SCHEMAS["credential"].document
    assert set(doc["required"]) == {"id", "title", "summary", "description", "competency", "evidence",
                                    "evaluation", "organizations"}
    # Cost and hours are required too, but an organization's defaults may give them: checked after inheritance.
    assert doc["x-required-after-defaults"] == ["access.cost", "access.estimated_hours"]
    assert deref(doc, doc["properties"]["competency"])["required"] == ["statement"]
    assert deref(doc, doc["properties"]["organizations"])["required"] == ["issuer"]


@pytest.mark.parametrize(("path", "values"), [
    ("resources.access", {"free", "purchase", "subscription"}),
    ("access.supports.mode", {"synchronous", "asynchronous"}),
    ("recognition.currency.type", {"pd-hours", "ceu", "relicensure-credit", "graduate-credit", "compensation",
                                   "endorsement", "other"}),
    ("audience.roles", {"teacher", "school-leader", "paraprofessional", "instructional-coach"}),
    ("audience.grade_bands", {"k-2", "3-5", "6-8", "9-12"}),
    ("evidence.type", {"lesson-plan", "student-work", "video", "written-response"}),
    ("evidence.part", {"overview", "artifact", "reflection"}),
])
def test_vocabularies_are_enums(path: str, values: set[str]) -> None:
    schema = SCHEMAS["credential"].document
    sub = deref(schema, dict(properties(schema, schema))[path])
    listed = enum_values(sub) or enum_values(deref(schema, sub.get("items", {})))
    assert listed and values <= {v for v, _ in listed}, path
    assert all(title and title != value for value, title in listed if "-" in str(value)), "titles are labels"


def _flat(errors):
    """Errors with the ones nested under anyOf (a value or its "not published" marker) spelled out."""
    for error in errors:
        yield error
        yield from _flat(error.context or ())


def test_formats_are_checked() -> None:
    schema = SCHEMAS["credential"]
    base = {"maintenance": {"last_reviewed": "2025-02-30"}}
    assert any(e.validator == "format" for e in _flat(schema.errors(base)))
    url = {"transparency": {"url": "ftp:/x"}}
    assert any(e.validator in ("format", "pattern") for e in _flat(schema.errors(url)))
