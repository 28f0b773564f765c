"""Credentials whose issuers publish little: every allowed field `not published`, groups marked as a whole,
and the sentences issuers' pages really use. Each validates, nothing unknown is ever scored met or made a
number, and every rationale the catalog can produce is a well-formed sentence that states only the record."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from scoring_support import FILES, ROOT, card_for, make_catalog, mutated, outcomes, sentence_problems
from test_scoring import AS_OF, CASES

from site_plugins import pipeline
from site_plugins.cli import main
from site_plugins.loading import load_file
from site_plugins.model import NOT_PUBLISHED
from site_plugins.schemas import load_schemas, markers_allowed
from site_plugins.scorecard_format import as_json, as_markdown, as_text
from site_plugins.scoring import Scorecard

IDENTITY = ("id", "title", "summary", "description", "competency.statement", "organizations.issuer")
FIXTURES = ("not-published", "not-published-groups", "issuer-phrases")
FROM_3_1 = [f"{s}.{n}" for s, n in [(3, 1), (4, 1), (4, 2), (5, 1), (5, 2), (5, 3), (6, 1), (6, 2), (7, 1), (7, 2),
                                    (8, 1), (8, 2), (8, 3), (9, 1), (9, 2), (9, 3), (9, 4), (10, 1), (11, 1), (11, 2),
                                    (11, 3), (12, 1), (12, 2), (13, 1), (13, 2)]]


def build_of(tmp_path: Path, name: str) -> pipeline.Build:
    root = make_catalog(tmp_path, {name: (FILES / f"{name}.yaml").read_text(encoding="utf-8")})
    return pipeline.run(root, as_of=AS_OF)


def card_of(tmp_path: Path, name: str) -> Scorecard:
    build = build_of(tmp_path, name)
    assert build.ok, [p.text() for p in build.problems]
    return build.scorecards[name]


# ---- the schema's `not published` fields, to check the fixture leaves none out -------------------------


SCHEMA = load_schemas(ROOT, check=False)["credential"]


def _refs(node: dict[str, Any]) -> dict[str, Any]:
    """A schema node with references and ``allOf`` followed, keeping its own ``anyOf`` (where markers are)."""
    while "$ref" in node or ("allOf" in node and "anyOf" not in node):
        if "$ref" in node:
            node = SCHEMA._resolve(node["$ref"]) | {k: v for k, v in node.items() if k != "$ref"}
        else:
            merged = {k: v for k, v in node.items() if k != "allOf"}
            for part in node["allOf"]:
                merged.update(_refs(part))
            node = merged
    return node


def markable(node: dict[str, Any] = SCHEMA.document, path: tuple[str, ...] = ()) -> dict[str, bool]:
    """Every field (outside list items) whose schema accepts `not published` -> whether it is a group."""
    found = {}
    node = _refs(node)
    branches = [node, *(_refs(b) for b in node.get("anyOf") or [])]
    for branch in branches:
        for name, child in (branch.get("properties") or {}).items():
            child_node = _refs(child)
            where = (*path, name)
            inner = markable(child_node, where)
            if NOT_PUBLISHED in markers_allowed(child_node):
                found[".".join(where)] = bool(inner) or any(
                    _refs(b).get("type") == "object" for b in child_node.get("anyOf") or [])
            found.update(inner)
    return found


def value_at(data: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def test_the_schema_accepts_not_published_where_the_issue_says() -> None:
    fields = markable()
    for path in ("research.references", "development.peer_review", "evaluation.criteria", "evidence", "resources",
                 "exemplars", "training.assessors", "submission.resubmission", "feedback.timeline_days",
                 "transparency.access", "recognition.metadata_url", "maintenance.review_cycle_months",
                 "access.cost.amount", "access.estimated_hours", "access.completion_window", "access.supports"):
        assert path in fields, path
    assert not set(IDENTITY) & set(fields)


def test_the_fixture_marks_every_field_that_accepts_it_one_by_one() -> None:
    data = load_file(FILES / "not-published.yaml")
    for path, is_group in markable().items():
        value = value_at(data, path)
        if is_group:
            assert isinstance(value, dict), f"`{path}`: mark the fields inside it one by one"
        else:
            assert value == NOT_PUBLISHED, f"`{path}` is {value!r}, not `not published`"


def test_the_groups_fixture_marks_every_group_as_a_whole() -> None:
    data = load_file(FILES / "not-published-groups.yaml")
    groups = [p for p, is_group in markable().items() if is_group and "." not in p]
    assert {"audience", "research", "training", "submission", "feedback", "recognition", "maintenance",
            "access"} <= set(groups)
    for path in groups:
        assert value_at(data, path) == NOT_PUBLISHED, path


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_validates(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_catalog(tmp_path, {name: (FILES / f"{name}.yaml").read_text(encoding="utf-8")})
    assert main(["validate", "--root", str(root)]) == 0, capsys.readouterr().out
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("name", ["not-published", "not-published-groups"])
def test_nothing_not_published_is_met(name: str, tmp_path: Path) -> None:
    card = card_of(tmp_path, name)
    assert set(outcomes(card).values()) == {"not_published"}
    assert (card.components_met, card.components_not_published) == (0, 28)
    assert (card.standards_met, card.standards_not_verifiable) == (0, 13)
    assert card.headline == "Meets 0 of 13 MPOS standards · 13 not verifiable from published information"
    assert all("does not publish" in c.rationale for c in card.components)


def test_issuers_placeholder_sentences_are_not_evidence(tmp_path: Path) -> None:
    card = card_of(tmp_path, "issuer-phrases")
    assert [cid for cid in FROM_3_1 if outcomes(card)[cid] == "met"] == []
    assert outcomes(card) == {**{cid: "not_published" for cid in outcomes(card)}, "2.1": "met"}
    assert "only says 'Not published by the issuer'" in next(c for c in card.components if c.id == "5.2").rationale


@pytest.mark.parametrize("name", FIXTURES)
def test_no_number_is_made_of_an_unknown_cost_or_time(name: str, tmp_path: Path) -> None:
    build = build_of(tmp_path, name)
    credential, card = build.credentials[name], build.scorecards[name]
    assert credential.access.cost.amount.not_published and credential.access.cost.free is False
    assert credential.access.estimated_hours.or_(None) is None
    said = " ".join([as_json(card), as_text(card), as_markdown(card)])
    for invented in ("It is free", "A fee of", " 0 hours", " 0.1 hours", "within 0 days", "every 0 months"):
        assert invented not in said


# ---- every rationale is a sentence ---------------------------------------------------------------------


def all_rationales(tmp_path: Path) -> list[tuple[str, str]]:
    """(where, text) of every rationale the sample catalog, the fixtures and the scoring cases produce."""
    cards = list(pipeline.run(ROOT, as_of=AS_OF).scorecards.values())
    for i, name in enumerate(FIXTURES):
        cards.append(card_of(tmp_path / str(i), name))
    golden = pipeline.run(FILES / "golden-catalog", as_of=AS_OF)
    cards += list(golden.scorecards.values())
    cards += [card_for(mutated(change)) for _, change, *_ in CASES]
    found = []
    for card in cards:
        for comp in card.components:
            found.append((f"{card.id} {comp.id}", comp.rationale))
            found += [(f"{card.id} {item.id}", item.rationale) for item in comp.checklist]
        found.append((f"{card.id} review", card.review_status))
    return found


def test_every_rationale_is_well_formed(tmp_path: Path) -> None:
    found = all_rationales(tmp_path)
    assert len(found) > 1500
    bad = [f"{where}: {problems}: {text}" for where, text in found if (problems := sentence_problems(text))]
    assert bad == []


@pytest.mark.parametrize(("text", "problem"), [
    ("Not Evaluator feedback is made available to pursuers.", "'Not' before a capitalised clause"),
    ("the review cycle is 24 months.", "it does not start with a capital letter"),
    ("No resubmission is offered", "it does not end with a full stop"),
    ("Feedback includes includes a rationale.", "the word 'includes' twice in a row"),
    ("No resubmission is offered.. Next.", "a doubled full stop or a stray space before punctuation"),
    ("{count} criteria are listed here.", "it does not start with a capital letter"),
    ("The record says (field `x`.", "unbalanced brackets"),
    ("The record says so. Yes.", "a fragment: 'Yes.'"),
])
def test_the_sentence_check_catches_what_it_should(text: str, problem: str) -> None:
    assert problem in sentence_problems(text)


def test_scorecards_of_the_fixtures_are_json(tmp_path: Path) -> None:
    card = card_of(tmp_path, "not-published")
    data = json.loads(as_json(card))
    assert {c["outcome"] for c in data["components"]} == {"not_published"}
    assert {s["outcome"] for s in data["standards"]} == {"not_published"}
