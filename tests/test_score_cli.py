"""`credcat score` in its three formats, `--all`, unknown ids, and docs that must follow the rubric."""

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
    partial = partial.split("exemplars:")[0] + "training:" + partial.split("\ntraining:")[1]
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
    assert "Meets 12 of 13 MPOS standards · self-assessed" in out
    assert "as of 2026-05-28" in out
    assert "✗ 7.2" in out and "No exemplar submissions are listed (field `exemplars`)." in out
    assert "\033[" not in out


def test_colour_only_when_asked_or_on_a_terminal(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "score", "partial-credential", "--root", str(repo), "--color", "always")
    assert "\033[31m" in out


def test_score_by_path(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / "catalog/credentials/complete-credential.yaml"
    code, out, _ = run(capsys, "score", str(path), "--root", str(repo))
    assert code == 0 and "Meets 13 of 13" in out


def test_markdown_scorecard(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "score", "partial-credential", "--root", str(repo), "--format", "markdown")
    assert code == 0
    assert out.startswith("### ")
    assert "| QAS 7 Support Resources | ❌ Not met | 1/2 |" in out
    assert "<details>" in out and out.count("\n| ") >= 13 + 28


def test_json_scorecard_is_stable(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, first, _ = run(capsys, "score", "complete-credential", "--root", str(repo), "--format", "json")
    _, second, _ = run(capsys, "score", "complete-credential", "--root", str(repo), "--format", "json")
    assert first == second
    data = json.loads(first)
    assert data["as_of"] == "2026-05-28"
    assert (data["components_met"], data["standards_met"], data["tier"]) == (28, 13, "self-assessed")
    assert [c["id"] for c in data["components"]] == [c.id for c in load_rubric(ROOT).components]


def test_score_all_prints_one_line_each(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "score", "--all", "--root", str(repo))
    assert code == 0
    lines = out.strip().splitlines()
    assert [line.split("\t")[0] for line in lines] == ["complete-credential", "partial-credential"]
    assert lines[1].split("\t")[1] == "12/13 standards"


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


def test_reviewer_met_claim_without_evidence_fails_validate(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / "catalog/credentials/partial-credential.yaml"
    path.write_text(path.read_text() + "quality_review:\n  reviewer: A. Reviewer\n  date: 2026-03-01\n"
                    "  components:\n    \"7.2\": {met: true, rationale: Exemplars are shown at orientation.}\n")
    code, out, _ = run(capsys, "validate", "--root", str(repo))
    assert code == 1
    lines = out.strip().splitlines()
    assert len(lines) == 1
    line_no = int(lines[0].split(":")[1])
    assert '"7.2"' in path.read_text().splitlines()[line_no - 1]
    assert "A. Reviewer" in lines[0] and "7.2" in lines[0] and "`exemplars`" in lines[0]


def test_console_script_runs(repo: Path) -> None:
    exe = Path(sys.executable).parent / "credcat"
    if not exe.exists():
        pytest.skip("credcat console script is not installed in this environment")
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    done = subprocess.run([str(exe), "score", "--all"], cwd=repo, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert "complete-credential\t13/13 standards" in done.stdout


def test_scoring_docs_list_every_component() -> None:
    text = (ROOT / "docs" / "scoring.md").read_text()
    for component in load_rubric(ROOT).components:
        assert f"| {component.id} | {component.name} |" in text, component.id
