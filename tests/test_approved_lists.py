"""Rules of approved lists evaluated on the typed model and scorecards of the recognition fixture catalog
(tests/recognition-fixture), with exact outcomes: an unknown fact never satisfies a rule."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from site_plugins import pipeline
from site_plugins.approved_lists import Rule, check, standings

ROOT = Path(__file__).parent.parent
FIXTURE = Path(__file__).parent / "recognition-fixture" / "catalog"
AS_OF = dt.date(2026, 11, 1)


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> pipeline.Build:
    repo = tmp_path_factory.mktemp("lists") / "repo"
    shutil.copytree(ROOT / "schema", repo / "schema")
    shutil.copytree(FIXTURE, repo / "catalog")
    built = pipeline.run(repo, as_of=AS_OF)
    assert built.ok, [p.text() for p in built.problems]
    return built


def outcome(build: pipeline.Build, cid: str, rule: Rule) -> tuple[bool | None, str]:
    found = check(rule, build.credentials[cid], build.scorecards[cid], AS_OF)
    return found.holds, found.why


@pytest.mark.parametrize(("cid", "rule", "expected"), [
    ("current-talk-moves", Rule("access.cost.amount", "at_most", 40), (True, "")),
    ("current-talk-moves", Rule("access.cost.amount", "at_most", 39.5),
     (False, "access.cost.amount is 40, more than 39.5")),
    ("unknown-cost-talk-moves", Rule("access.cost.amount", "at_most", 1000),
     (None, "access.cost.amount is not published")),
    ("unknown-cost-talk-moves", Rule("access.cost.amount", "at_least", 0),
     (None, "access.cost.amount is not published")),
    ("current-talk-moves", Rule("standards_met", "at_least", 12), (True, "")),
    ("lapsed-talk-moves", Rule("standards_met", "at_least", 12), (False, "MPOS standards met is 11, less than 12")),
    ("lapsed-talk-moves", Rule("review_current", "is", True), (False, "review lapsed on 2026-06-01")),
    ("current-talk-moves", Rule("review_current", "is", True), (True, "")),
    ("current-talk-moves", Rule("audience.roles", "in", ("teacher", "school-leader")), (True, "")),
    ("current-talk-moves", Rule("audience.roles", "in", ("school-counselor",)),
     (False, "audience.roles is teacher, not one of the list's")),
    ("current-talk-moves", Rule("organizations.issuer", "is", "open-practice-lab"), (True, "")),
    ("current-talk-moves", Rule("organizations.assessors", "in", ("open-practice-lab",)), (True, "")),
    ("current-talk-moves", Rule("illustrative", "is", False), (False, "illustrative is yes, not no")),
    # inherited from the issuer's defaults (open-practice-lab sets a 12-week window)
    ("current-talk-moves", Rule("access.completion_window", "is", "12 weeks"), (True, "")),
    ("current-talk-moves", Rule("access.cost.member_amount", "at_most", 100),
     (None, "access.cost.member_amount is not recorded")),
])
def test_rule_outcomes(build: pipeline.Build, cid: str, rule: Rule, expected: tuple[bool | None, str]) -> None:
    assert outcome(build, cid, rule) == expected


def test_standings_before_and_after_the_lapse(build: pipeline.Build) -> None:
    def summary(day: dt.date) -> dict[str, list[tuple[str, bool, str | None]]]:
        found = standings(build.approved_lists, build.credentials, build.scorecards, day)
        return {lid: [(s.credential_id, s.on, s.left_on.isoformat() if s.left_on else None) for s in rows.values()]
                for lid, rows in found.items()}

    # Scorecards are judged on AS_OF; review_current is judged on the day given here.
    assert summary(dt.date(2026, 5, 1)) == {
        "fixture-district": [("current-talk-moves", True, None), ("lapsed-talk-moves", True, None)],
        "fixture-renewal": [("current-talk-moves", True, None), ("lapsed-talk-moves", True, None)],
    }
    assert summary(AS_OF) == {
        "fixture-district": [("current-talk-moves", True, None), ("lapsed-talk-moves", False, "2026-06-01")],
        "fixture-renewal": [("current-talk-moves", True, None), ("lapsed-talk-moves", False, "2026-06-01")],
    }
    # Before a list takes effect, nothing is on it.
    assert summary(dt.date(2024, 12, 31)) == {"fixture-district": [], "fixture-renewal": []}


def test_jurisdiction_names_come_from_iso_3166() -> None:
    from site_plugins.recognition import jurisdiction_name

    assert [jurisdiction_name(c) for c in ("US-WY", "US", "CA-ON", "US-ZZ", "QQ")] == [
        "Wyoming", "United States", "Ontario", "US-ZZ", "QQ"]
