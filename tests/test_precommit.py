"""The pre-commit hook as a contributor's repository runs it: `pre-commit try-repo` installs credcat from
this repository (schemas and rubric included) into a git repository that holds only `catalog/`, and it
checks what CI checks, including a deletion that breaks files the commit did not touch."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_plugins.loading import load_file

ROOT = Path(__file__).parent.parent


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], cwd=repo,
                   check=True, capture_output=True)


def _try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "credcat-validate"],
                          cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=900)


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                    reason="pre-commit try-repo needs this repository as a git checkout")
def test_hook_in_a_catalog_only_repository_catches_a_deleted_organization(tmp_path: Path) -> None:
    repo = tmp_path / "their-catalog"
    shutil.copytree(ROOT / "catalog", repo / "catalog")
    assert not (repo / "schema").exists()  # the schemas come with the installed credcat
    _git(repo, "init", "-q")
    _git(repo, "add", "catalog")
    _git(repo, "commit", "-q", "-m", "catalog")
    home = tmp_path / "pre-commit-home"

    passing = _try_repo(repo, home)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "credcat validate" in passing.stdout and "Passed" in passing.stdout

    credential = sorted((repo / "catalog" / "credentials").glob("*.yaml"))[0]
    issuer = load_file(credential)["organizations"]["issuer"]
    _git(repo, "rm", "-q", f"catalog/organizations/{issuer}.yaml")  # the commit stages no file to check
    failing = _try_repo(repo, home)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "Failed" in failing.stdout
    expected = f"catalog/credentials/{credential.name}:"
    assert expected in failing.stdout and f"names the organization `{issuer}`, which is not in the catalog" \
        in failing.stdout, failing.stdout


def test_validate_in_a_repository_without_a_schema_folder(make_catalog, run_cli, valid_credential_text,
                                                         sample_org_text) -> None:
    repo = make_catalog({"catalog/organizations/sample-org.yaml": sample_org_text,
                         "catalog/credentials/sample-credential.yaml": valid_credential_text})
    shutil.rmtree(repo / "schema")
    assert run_cli(repo, "validate")[0] == 0
    broken = valid_credential_text.replace("status: active", "status: activ")
    (repo / "catalog/credentials/sample-credential.yaml").write_text(broken, encoding="utf-8")
    code, out, _ = run_cli(repo, "validate")
    assert code == 1 and "catalog/credentials/sample-credential.yaml:8:9: `status` is 'activ'" in out
    assert run_cli(repo, "score", "--all")[0] == 1
