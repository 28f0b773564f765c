"""Fixtures shared by the loading, validation, scaffold and property tests.

``make_catalog`` builds a throwaway catalog repository (the real schemas plus the files a test gives),
``valid_credential_text`` is a small credential that validates, and ``run_cli`` runs ``credcat`` in
process and returns its exit code and output.
"""

from __future__ import annotations

import shutil

import pytest
from samples import CREDENTIAL_PATH, ORG_PATH, REPO_ROOT, SAMPLE_ORG, VALID_CREDENTIAL

from site_plugins.cli import main


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "real_catalog: runs against the catalog in this repository, not a temporary copy"
    )


@pytest.fixture
def valid_credential_text():
    """A complete, valid credential with id `sample-credential`, issued by `sample-org`."""
    return VALID_CREDENTIAL


@pytest.fixture
def sample_org_text():
    return SAMPLE_ORG


@pytest.fixture
def make_catalog(tmp_path):
    """Factory: ``make_catalog({relative_path: text_or_bytes})`` -> the root of a new catalog repository."""
    made = []

    def make(files=None):
        root = tmp_path / f"repo{len(made)}"
        shutil.copytree(REPO_ROOT / "schema", root / "schema")
        for folder in ("credentials", "stacks", "organizations"):
            (root / "catalog" / folder).mkdir(parents=True)
        for relative, content in (files or {}).items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        made.append(root)
        return root

    return make


@pytest.fixture
def sample_catalog(make_catalog):
    """Factory: a catalog with the sample organization and a credential (default: the valid one)."""

    def make(credential=VALID_CREDENTIAL, extra=None):
        files = {ORG_PATH: SAMPLE_ORG, CREDENTIAL_PATH: credential}
        files.update(extra or {})
        return make_catalog(files)

    return make


@pytest.fixture
def run_cli(capsys):
    """``run_cli(root, *args)`` runs ``credcat *args --root root`` in process -> (code, stdout, stderr)."""

    def run(root, *args):
        try:
            code = main([*map(str, args), "--root", str(root)])
        except SystemExit as exc:  # usage errors leave through SystemExit, as in the console script
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def check(sample_catalog, run_cli):
    """``check(credential_text, extra_files)`` -> the problem lines printed by `credcat validate` (exit 1)."""

    def run(credential, extra=None):
        root = sample_catalog(credential, extra)
        code, out, err = run_cli(root, "validate")
        assert "Traceback" not in out + err
        assert code == (1 if out else 0), (code, out, err)
        return out.splitlines()

    return run
