"""`credcat validate` on approved lists: every problem of a list's rules located at its line and column,
in words that say what to write instead (tests/example-files/approved-lists, one file per case, each
checked in a copy of the recognition fixture catalog)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_plugins.cli import main

ROOT = Path(__file__).parent.parent
CASES = Path(__file__).parent / "example-files" / "approved-lists"
FIXTURE = Path(__file__).parent / "recognition-fixture" / "catalog"

EXPECTED = {
    "bad-rules": [
        "8:11: the rule's fact `access.cost.amout` is not a field of the credential schema. Did you mean "
        "`access.cost.amount`?",
        "11:5: `competency.area` is not a number, so `at_least` cannot apply; use `is` or `in`.",
        "13:19: `coach` is not a value `audience.roles` can have. Did you mean `instructional-coach`?",
        "13:26: `principal` is not a value `audience.roles` can have. Did you mean `school-leader`?",
        "14:11: the rule's fact `evidence.type` is not a field of the credential schema. `evidence` is a list, and "
        "rules cannot look inside list items.",
        "17:5: `review_current` is true or false: write `is: true` (reviewed within its cycle).",
        "18:5: a rule has one test: keep one of `at_least`, `at_most` and write the other as a rule of its own.",
        "22:5: `tier` is `reviewed` or `self-assessed`: test it with `is` or `in`.",
        "24:5: `illustrative` is true or false; write `is: true` or `is: false`.",
        "25:11: the rule's fact `standard_met` is not a field of the credential schema. Did you mean "
        "`standards_met`?",
    ],
    "bad-references": [
        "4:13: `recognizer` names the organization `fixture-state-agncy`, which is not in the catalog. Did you mean "
        "`fixture-state-agency`?",
        "9:9: the list names the credential `current-talk-move`, which is not in the catalog. Did you mean "
        "`current-talk-moves`?",
        "10:9: the credential `current-talk-moves` is named twice; name it once.",
    ],
    "no-rules": [
        "2:1: the list has no `rules` and no `credentials`: write rules over the catalog's facts, a list of "
        "credential ids with the credit each earns, or both.",
        "5:15: `jurisdiction` is 'Wyoming'; write an ISO 3166-2 code: the country, a hyphen and the region, like "
        "US-WY (or US for the whole country).",
        "6:12: `effective` is '2025-13-01'; write the date as YYYY-MM-DD, like 2026-03-15.",
        "7:1: unknown field `ruels`; did you mean `rules`?",
    ],
}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_list_problems_are_located_and_say_what_to_do(case: str, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "schema", repo / "schema")
    shutil.copytree(FIXTURE, repo / "catalog")
    shutil.copy(CASES / f"{case}.yaml", repo / "catalog" / "approved-lists" / f"{case}.yaml")
    assert main(["validate", "--root", str(repo)]) == 1
    out = capsys.readouterr().out
    shown = f"catalog/approved-lists/{case}.yaml:"
    assert [line.removeprefix(shown) for line in out.splitlines() if line.startswith(shown)] == EXPECTED[case]
    assert not [line for line in out.splitlines() if ": " in line and not line.startswith(shown)
                and not line.endswith("files.")]


def test_the_fixture_lists_are_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "schema", repo / "schema")
    shutil.copytree(FIXTURE, repo / "catalog")
    assert main(["validate", "--root", str(repo)]) == 0, capsys.readouterr().out
