"""Scoring: every component has a Met and a Not met case; tiers, overdue reviews, reviewer judgements."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from site_plugins.catalog import Entry
from site_plugins.loading import load_file
from site_plugins.resolve import Resolved
from site_plugins.rubric import load_rubric
from site_plugins.scorecard_format import as_json
from site_plugins.scoring import Scorecard, as_of_date, review_conflicts, score

ROOT = Path(__file__).parent.parent
AS_OF = dt.date(2026, 6, 1)
COMPLETE = load_file(Path(__file__).parent / "example-files" / "scoring" / "complete.yaml")
RUBRIC = load_rubric(ROOT)


def card_for(data: dict[str, Any], as_of: dt.date = AS_OF) -> Scorecard:
    entry = Entry("credential", data["id"], Path("x.yaml"), "x.yaml", data)
    return score(Resolved(entry, data), RUBRIC, as_of)


def result(card: Scorecard, component: str) -> Any:
    return next(c for c in card.components if c.id == component)


def mutated(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = copy.deepcopy(COMPLETE)
    change(data)
    return data


def drop(path: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node = data
        for part in parents:
            node = node[part]
        del node[last]

    return change


def put(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node = data
        for part in parents:
            node = node[part]
        node[last] = value

    return change


def each(path: str, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node: Any = data
        for part in path.split("."):
            node = node[part]
        for item in node:
            if value is None:
                item.pop(key, None)
            else:
                item[key] = value

    return change


def no_practitioners(data: dict[str, Any]) -> None:
    data["development"]["team"] = [m for m in data["development"]["team"] if not m.get("current_practitioner")]


def unused_evidence(data: dict[str, Any]) -> None:
    data["evidence"].append({"id": "extra", "title": "Extra notes", "description": "Any other notes you want "
                             "the assessor to read alongside your submission.", "from_practice": True})


def no_free_resource(data: dict[str, Any]) -> None:
    for item in data["resources"]:
        item["access"] = "purchase"


# Each mutation of the complete credential must turn exactly the named component to Not met.
NOT_MET_CASES = [
    ("1.1", put("competency.statement", "Teaches well.")),
    ("1.1", put("competency.skills", [f"Skill number {i}" for i in range(12)])),
    ("1.2", drop("competency.key_method")),
    ("1.2", put("competency.method_components", ["Only one component"])),
    ("2.1", put("description", "Too short to frame anything at all.")),
    ("2.1", drop("competency.area")),
    ("3.1", drop("research.alignment")),
    ("3.1", each("research.references", "peer_reviewed", False)),
    ("4.1", no_practitioners),
    ("4.1", each("development.team", "organization", None)),
    ("4.2", drop("development.peer_review")),
    ("5.1", each("evaluation.criteria", "proficient", None)),
    ("5.2", each("evaluation.criteria", "criterion", "Good")),
    ("5.3", each("evaluation.criteria", "job_embedded", False)),
    ("6.1", each("evidence", "description", "Submit it.")),
    ("6.1", unused_evidence),
    ("6.1", drop("access.completion_window")),
    ("6.1", drop("audience")),
    ("6.2", each("evidence", "part", "overview")),
    ("7.1", drop("resources")),
    ("7.1", no_free_resource),
    ("7.2", drop("exemplars")),
    ("8.1", drop("training.developers")),
    ("8.2", drop("training.assessors")),
    ("8.2", put("training.assessors", "Assessors are experienced teachers who know the subject and score fairly.")),
    ("8.3", drop("training.pursuer_orientation")),
    ("9.1", drop("submission.instructions")),
    ("9.2", put("submission.resubmission.attempts", 0)),
    ("9.2", drop("submission.resubmission")),
    ("9.3", drop("feedback.timeline_days")),
    ("9.3", drop("feedback.process")),
    ("9.4", put("feedback.includes", ["rationale", "criteria_status"])),
    ("9.4", put("feedback.includes", ["recommendations"])),
    ("10.1", drop("transparency")),
    ("11.1", drop("recognition.record")),
    ("11.2", drop("recognition.metadata_url")),
    ("11.3", drop("recognition.platform")),
    ("11.3", drop("recognition.platform.retention")),
    ("12.1", put("maintenance.last_reviewed", "2023-06-01")),
    ("12.1", put("maintenance.review_cycle_months", 24)),
    ("12.2", drop("maintenance.feedback_process")),
    ("13.1", put("access.cost", {"amount": 150, "currency": "USD"})),
    ("13.1", put("access.wcag", "2.1 A")),
    ("13.2", drop("access.supports")),
]


def test_complete_credential_meets_everything() -> None:
    card = card_for(COMPLETE)
    assert [c.id for c in card.components if not c.met] == []
    assert (card.components_met, card.components_total) == (28, 28)
    assert (card.standards_met, card.standards_total) == (13, 13)
    assert card.tier == "self-assessed"
    assert card.review_overdue is False


def test_every_component_has_a_not_met_case() -> None:
    assert {cid for cid, _ in NOT_MET_CASES} == {c.id for c in RUBRIC.components}


@pytest.mark.parametrize(("component", "change"), NOT_MET_CASES,
                         ids=[f"{c}-{i}" for i, (c, _) in enumerate(NOT_MET_CASES)])
def test_mutation_turns_only_its_component_to_not_met(component: str, change: Callable[..., None]) -> None:
    card = card_for(mutated(change))
    failing = {c.id for c in card.components if not c.met}
    assert component in failing
    comp = result(card, component)
    assert "`" in comp.rationale, "a rationale names the fields that decided it"
    standard = next(s for s in card.standards if s.id == comp.standard)
    assert standard.met is False


def test_issue_mutations_name_the_field() -> None:
    expectations = {
        "7.2": (drop("exemplars"), "No exemplar submissions are listed (field `exemplars`)."),
        "11.2": (drop("recognition.metadata_url"), "field `recognition.metadata_url`"),
        "13.2": (drop("access.supports"), "field `access.supports`"),
        "8.2": (drop("training.assessors"), "field `training.assessors`"),
        "9.4": (put("feedback.includes", ["rationale", "criteria_status"]), "`recommendations`"),
        "9.2": (put("submission.resubmission.attempts", 0), "`submission.resubmission.attempts` is 0"),
    }
    for component, (change, text) in expectations.items():
        assert text in result(card_for(mutated(change)), component).rationale


def test_review_three_years_old_is_not_met_and_overdue() -> None:
    stale = (AS_OF - dt.timedelta(days=3 * 365)).isoformat()
    card = card_for(mutated(put("maintenance.last_reviewed", stale)))
    comp = result(card, "12.1")
    assert comp.met is False
    assert stale in comp.rationale
    assert card.review_overdue is True
    assert "overdue" in card.review_status


def test_review_in_the_future_is_not_met() -> None:
    assert result(card_for(mutated(put("maintenance.last_reviewed", "2026-12-01"))), "12.1").met is False


def test_checklist_items_are_reported() -> None:
    card = card_for(mutated(put("feedback.includes", ["rationale"])))
    items = {item.id: item.met for item in result(card, "9.4").checklist}
    assert items == {"9.4.a": True, "9.4.b": False, "9.4.c": False}
    assert [len(result(card, c).checklist) for c in ("6.1", "9.3", "9.4")] == [4, 2, 3]


def test_member_fee_with_supports_limits_burden() -> None:
    data = mutated(put("access.cost", {"amount": 120, "currency": "USD"}))
    data["access"]["cost_supports"] = "District grants cover the full fee for any teacher who asks for one."
    assert result(card_for(data), "13.1").met is True


def test_team_criteria_can_replace_a_named_team() -> None:
    data = mutated(drop("development.team"))
    data["development"]["team_criteria"] = ("Each team pairs at least one content expert with two practitioners "
                                            "currently teaching the grade band the credential is written for.")
    assert result(card_for(data), "4.1").met is True


def reviewed(components: dict[str, Any] | None = None, date: str = "2026-03-01") -> dict[str, Any]:
    data = copy.deepcopy(COMPLETE)
    data["quality_review"] = {"reviewer": "J. Reviewer", "organization": "State Board", "date": date}
    if components is not None:
        data["quality_review"]["components"] = components
    return data


def test_tier_reviewed_within_cycle_and_self_assessed_after() -> None:
    assert card_for(reviewed()).tier == "reviewed"
    assert card_for(reviewed(date="2024-01-10")).tier == "self-assessed"
    assert card_for(reviewed(date="2026-07-01")).tier == "self-assessed", "a review dated after as_of is not counted"


def test_reviewer_can_mark_not_met_with_rationale() -> None:
    card = card_for(reviewed({"5.2": {"met": False, "rationale": "The criteria would fit any lesson."}}))
    comp = result(card, "5.2")
    assert comp.met is False
    assert "J. Reviewer" in comp.rationale and "would fit any lesson" in comp.rationale
    assert card.standards_met == 12
    assert review_conflicts(card) == []


def test_reviewer_marking_met_without_evidence_is_a_conflict() -> None:
    data = reviewed({"7.2": {"met": True, "rationale": "Exemplars are shared at orientation."}})
    del data["exemplars"]
    card = card_for(data)
    assert result(card, "7.2").met is False
    conflicts = review_conflicts(card)
    assert [cid for cid, _ in conflicts] == ["7.2"]
    assert "J. Reviewer" in conflicts[0][1] and "7.2" in conflicts[0][1] and "exemplars" in conflicts[0][1]


def test_inherited_defaults_are_scored(tmp_path: Path) -> None:
    from site_plugins import pipeline

    root = _catalog(tmp_path)
    data = (Path(__file__).parent / "example-files" / "scoring" / "complete.yaml").read_text()
    text = data.split("training:")[0] + "access:" + data.split("\naccess:")[1]
    (root / "catalog/credentials/complete-credential.yaml").write_text(text)
    org = (root / "catalog/organizations/sample-org.yaml")
    org.write_text(org.read_text() + "defaults:\n  training:\n"
                   "    assessors: Assessors are trained before scoring and calibrate every term on anchors.\n")
    build = pipeline.run(root, as_of=AS_OF)
    assert build.ok, build.problems
    card = build.scorecards["complete-credential"]
    assert result(card, "8.2").met is True
    assert result(card, "8.1").met is False
    assert build.resolved("complete-credential").origin("training.assessors") == "sample-org"
    assert build.resolved("complete-credential").origin("title") == "credential"


def _catalog(tmp_path: Path) -> Path:
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(ROOT / "schema", root / "schema")
    for folder in ("credentials", "stacks", "organizations"):
        (root / "catalog" / folder).mkdir(parents=True)
    (root / "catalog/organizations/sample-org.yaml").write_text("id: sample-org\nname: Sample Org\ntype: university\n")
    return root


def test_scorecard_json_shape_and_determinism() -> None:
    first = as_json(card_for(COMPLETE))
    second = as_json(card_for(copy.deepcopy(COMPLETE)))
    assert first == second
    data = json.loads(first)
    for key in ("id", "as_of", "components_met", "standards_met", "tier", "review_overdue", "standards",
                "components", "edition"):
        assert key in data
    assert data["as_of"] == "2026-06-01"
    assert data["edition"]["date"] == "2024-05"
    assert len(data["components"]) == 28 and len(data["standards"]) == 13
    assert set(data["components"][0]) >= {"id", "standard", "name", "met", "rationale"}
    assert set(data["standards"][0]) >= {"id", "name", "met"}


def test_as_of_comes_from_source_date_epoch() -> None:
    assert as_of_date({"SOURCE_DATE_EPOCH": "1780000000"}) == dt.date(2026, 5, 28)
    assert as_of_date({}) == dt.date.today()
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        as_of_date({"SOURCE_DATE_EPOCH": "yesterday"})
