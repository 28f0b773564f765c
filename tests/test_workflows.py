"""The GitHub workflows run what a person runs: make targets that exist, and the credcat commands."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest

from site_plugins.loading import load_bytes

ROOT = Path(__file__).parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
PULL_REQUEST = WORKFLOWS / "pull-request.yml"
DEPLOY = WORKFLOWS / "deploy.yml"


def load(path: Path) -> dict[str, Any]:
    # YAML 1.2 (the loader the catalog uses): `on` stays a key, not the boolean PyYAML makes of it.
    data = load_bytes(path.read_bytes())
    assert isinstance(data, dict), path
    return data


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set()
    for match in re.finditer(r"^([A-Za-z0-9_.-]+(?:[ \t]+[A-Za-z0-9_.-]+)*)[ \t]*:(?!=)", text, re.MULTILINE):
        targets.update(t for t in match.group(1).split() if not t.startswith("."))
    return targets


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def run_lines(workflow: dict[str, Any]) -> list[str]:
    return [line.strip() for step in steps(workflow) for line in str(step.get("run", "")).splitlines()
            if line.strip() and not line.strip().startswith("#")]


def step_running(workflow: dict[str, Any], text: str) -> dict[str, Any]:
    found = [s for s in steps(workflow) if text in str(s.get("run", ""))]
    assert len(found) == 1, f"expected one step running {text!r}"
    return found[0]


@pytest.fixture(params=[PULL_REQUEST, DEPLOY], ids=["pull-request", "deploy"])
def workflow(request) -> dict[str, Any]:
    return load(request.param)


def test_the_makefile_targets_are_found():
    assert {"install", "serve", "build", "test", "lint", "validate"} <= makefile_targets()
    assert "PHONY" not in " ".join(makefile_targets())


def test_workflows_parse_with_triggers_and_jobs(workflow):
    assert workflow.get("name")
    assert isinstance(workflow.get("on"), dict) and workflow["on"]
    assert isinstance(workflow.get("jobs"), dict) and workflow["jobs"]
    for job in workflow["jobs"].values():
        assert job.get("runs-on") and job.get("steps")


def test_every_run_step_is_a_make_target_or_credcat(workflow):
    targets = makefile_targets()
    lines = run_lines(workflow)
    assert lines
    for line in lines:
        words = shlex.split(line)
        if words[0] == "make":
            assert words[1:] and set(words[1:]) <= targets, f"`{line}` uses a target the Makefile lacks"
        else:  # the only other command is the one people run after `make install`
            assert words[0] == ".venv/bin/credcat", f"`{line}`: build and test through make targets"
        assert not re.search(r"\b(mkdocs|pytest|ruff|pip)\b", line), f"`{line}`: use the make target instead"


def test_actions_are_pinned_to_a_version(workflow):
    for step in steps(workflow):
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@(v\d+(\.\d+)*|[0-9a-f]{40})", step["uses"]), step["uses"]


def test_pull_request_checks():
    workflow = load(PULL_REQUEST)
    assert "pull_request" in workflow["on"]
    assert workflow.get("permissions") == {"contents": "read"}
    checkout = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    python = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["python-version"] == "3.11"  # a string: 3.10 as a number would be 3.1
    assert {"make install", "make build", "make test"} <= set(run_lines(workflow))
    validate = step_running(workflow, "credcat validate")
    assert shlex.split(validate["run"]) == [".venv/bin/credcat", "validate", "--format", "github", "--since",
                                            "origin/$BASE_REF"]
    assert validate["env"]["BASE_REF"] == "${{ github.base_ref }}"  # CTIDs compared with the base branch
    score = step_running(workflow, "credcat score")
    words = shlex.split(score["run"])
    assert words[:4] == [".venv/bin/credcat", "score", "--changed", "origin/$BASE_REF"]
    assert words[4:] == ["--format", "markdown", ">>", "$GITHUB_STEP_SUMMARY"]
    assert score["env"]["BASE_REF"] == "${{ github.base_ref }}"  # not pasted into the script
    assert "${{" not in "".join(run_lines(workflow))
    order = [s.get("run", "") for s in steps(workflow) if "run" in s]
    assert order.index("make install") < order.index(validate["run"]) < order.index("make build")


def test_deploy_builds_with_make_and_uses_the_official_pages_actions():
    workflow = load(DEPLOY)
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"
    uses = [s["uses"].split("@")[0] for s in steps(workflow) if "uses" in s]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in uses
    assert "make build" in run_lines(workflow)
    upload = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"  # where mkdocs build writes
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
