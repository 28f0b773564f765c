"""`credcat score` in its three formats, `--all`, unknown ids, and docs that must follow the rubric: each shows
met, not met and not verifiable apart."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_plugins.cli import main
from site_plugins.rubric import load_rubric

ROOT = Path(__file__).parent.parent
COMPLETE = Path(__file__).parent / "example-files" / "scoring" / "complete.yaml"
EPOCH = "1780000000"  # 2026-05-28


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "schema", root / "schema")
    for folder in ("credentials", "stacks", "organizations"):
        (root / "catalog" / folder).mkdir(parents=True)
    (root / "catalog/organizations/sample-org.yaml").write_text("id: sample-org\nname: Sample Org\ntype: university\n")
    shutil.copy(COMPLETE, root / "catalog/credentials/complete-credential.yaml")
    partial = COMPLETE.read_text().replace("id: complete-credential", "id: partial-credential")
    partial = partial.split("exemplars:")[0] + "training:" + partial.split("\ntraining:")[1]  # 7.2: not verifiable
    partial = partial.replace("attempts: 1,", "attempts: 0,")  # 9.2: not met
    (root / "catalog/credentials/partial-credential.yaml").write_text(partial)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_text_scorecard(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "score", "partial-credential", "--root", str(repo), "--color", "never")
    assert code == 0
    lines = out.splitlines()
    assert lines[:3] == [
        "Planning Turn-and-Talk Partners for Academic Discussion (partial-credential)",
        "Meets 11 of 13 MPOS standards · 1 not verifiable from published information · self-assessed",
        "26 of 28 components met · 1 not verifiable · 1 not met · as of 2026-05-28"]
    assert "Not verifiable  QAS 7  Support Resources (1/2 met, 1 not verifiable)" in lines
    assert "Not met         QAS 9  Feedback, Reflection, and Resubmission (3/4 met)" in lines
    assert "Met             QAS 1  Distinct Competency (2/2 met)" in lines
    assert "    ? 7.2   Exemplar Submissions" in lines and "    ✗ 9.2   Resubmission" in lines
    assert ("The catalog entry says nothing about the exemplar submissions, so this cannot be verified (field "
            "`exemplars`).") in " ".join(out.split())
    assert "\033[" not in out


def test_colour_only_when_asked_or_on_a_terminal(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "score", "partial-credential", "--root", str(repo), "--color", "always")
    assert "\033[31m✗\033[0m 9.2" in out and "\033[33m?\033[0m 7.2" in out and "\033[32m✓\033[0m 1.1" in out


def test_score_by_path(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / "catalog/credentials/complete-credential.yaml"
    code, out, _ = run(capsys, "score", str(path), "--root", str(repo))
    assert code == 0 and "Meets 13 of 13 MPOS standards · self-assessed\n" in out


def test_markdown_scorecard(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "score", "partial-credential", "--root", str(repo), "--format", "markdown")
    assert code == 0
    assert out.startswith("### Planning Turn-and-Talk Partners for Academic Discussion (`partial-credential`)\n")
    assert ("**Meets 11 of 13 MPOS standards · 1 not verifiable from published information · self-assessed** · 26 of "
            "28 components met · 1 not verifiable · 1 not met") in out
    assert "| QAS 7 Support Resources | ❔ Not verifiable | 1/2 met, 1 not verifiable |" in out
    assert "| QAS 9 Feedback, Reflection, and Resubmission | ❌ Not met | 3/4 met |" in out
    assert "| 9.2 Resubmission | ❌ Not met | No resubmission is offered" in out
    assert "| 7.2 Exemplar Submissions | ❔ Not verifiable | The catalog entry says nothing" in out
    assert "<details>" in out and out.count("\n| ") == 2 + 13 + 2 + 28


def test_json_scorecard_is_stable(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, first, _ = run(capsys, "score", "complete-credential", "--root", str(repo), "--format", "json")
    _, second, _ = run(capsys, "score", "complete-credential", "--root", str(repo), "--format", "json")
    assert first == second
    data = json.loads(first)
    assert data["as_of"] == "2026-05-28"
    assert (data["scorecard_version"], data["components_met"], data["standards_met"], data["tier"]) == (
        2, 28, 13, "self-assessed")
    assert [c["id"] for c in data["components"]] == [c.id for c in load_rubric(ROOT).components]


def test_score_all_prints_one_line_each(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "score", "--all", "--root", str(repo))
    assert code == 0
    lines = out.strip().splitlines()
    assert lines == [
        "complete-credential\t13/13 standards met, 0 not verifiable\t28/28 components met, 0 not verifiable\t"
        "self-assessed",
        "partial-credential\t11/13 standards met, 1 not verifiable\t26/28 components met, 1 not verifiable\t"
        "self-assessed"]


def test_score_all_json_lines(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "score", "--all", "--format", "json", "--root", str(repo))
    assert code == 0
    cards = [json.loads(line) for line in out.splitlines()]
    assert [(c["id"], c["standards_met"], c["standards_not_verifiable"]) for c in cards] == [
        ("complete-credential", 13, 0), ("partial-credential", 11, 1)]


def test_unknown_id_exits_2_with_suggestions(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "score", "partial-credental", "--root", str(repo))
    assert code == 2
    assert "no credential `partial-credental`" in err and "partial-credential" in err


def test_usage_errors_exit_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "score", "--root", str(repo))[0] == 2
    assert run(capsys, "score", "x.yaml", "--root", str(repo))[0] == 2
    with pytest.raises(SystemExit) as caught:
        main(["score", "a", "--format", "pdf", "--root", str(repo)])
    assert caught.value.code == 2


def test_invalid_credential_explains_instead_of_scoring(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / "catalog/credentials/partial-credential.yaml"
    path.write_text(path.read_text().replace("status: active", "status: activ"))
    code, _, err = run(capsys, "score", "partial-credential", "--root", str(repo))
    assert code == 1
    assert "catalog/credentials/partial-credential.yaml:" in err and "activ" in err


def test_reviewer_met_claim_against_the_record_fails_validate(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / "catalog/credentials/partial-credential.yaml"
    path.write_text(path.read_text() + "quality_review:\n  reviewer: A. Reviewer\n  date: 2026-03-01\n  components:\n"
                    "    \"7.2\": {met: true, rationale: Exemplars are shown at orientation.}\n"
                    "    \"9.2\": {met: true, rationale: Resubmission is allowed in practice.}\n")
    code, out, _ = run(capsys, "validate", "--root", str(repo))
    assert code == 1
    lines = out.strip().splitlines()
    assert len(lines) == 1, "7.2 cannot be verified from the record, so the reviewer may settle it"
    line_no = int(lines[0].split(":")[1])
    assert '"9.2"' in path.read_text().splitlines()[line_no - 1]
    assert lines[0].endswith(
        "A. Reviewer marked MPOS component 9.2 (Resubmission) as met, but the record shows it not met: No resubmission "
        "is offered (field `submission.resubmission.attempts` is 0). Correct the record, or change the judgement to "
        "met: false.")
    code, out, _ = run(capsys, "score", "partial-credential", "--root", str(repo), "--color", "never")
    assert "Meets 12 of 13 MPOS standards · reviewed" in out, "the reviewer settled 7.2"


def test_console_script_runs(repo: Path) -> None:
    exe = Path(sys.executable).parent / "credcat"
    if not exe.exists():
        pytest.skip("credcat console script is not installed in this environment")
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    done = subprocess.run([str(exe), "score", "--all"], cwd=repo, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert "complete-credential\t13/13 standards met" in done.stdout


def test_scoring_docs_list_every_component() -> None:
    text = (ROOT / "docs" / "scoring.md").read_text()
    for component in load_rubric(ROOT).components:
        assert f"| {component.id} | {component.name} |" in text, component.id


def test_scoring_docs_json_example_is_a_real_scorecard() -> None:
    """The documented example is an excerpt of the golden scorecard: every field it shows, as scored."""
    text = (ROOT / "docs" / "scoring.md").read_text()
    example = json.loads(text.split("```json\n", 1)[1].split("\n```", 1)[0])
    golden = json.loads((COMPLETE.parent / "golden" / "golden-credential.scorecard.json").read_text())
    for key, value in example.items():
        if key in ("standards", "components"):
            by_id = {item["id"]: item for item in golden[key]}
            assert value and all(item == by_id[item["id"]] for item in value), key
        else:
            assert golden[key] == value, key
    assert [k for k in golden if k not in example] == []
    documented = text.split("## The JSON shape", 1)[1]
    for key in golden:
        assert f"`{key}`" in documented or f"`{key}[]`" in documented, key
