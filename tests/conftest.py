"""Fixtures shared by the loading, validation, scaffold and property tests.

``make_catalog`` builds a throwaway catalog repository (the real schemas plus the files a test gives),
``valid_credential_text`` is a small credential that validates, and ``run_cli`` runs ``credcat`` in
process and returns its exit code and output.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_plugins.cli import main

REPO_ROOT = Path(__file__).parent.parent

# Line numbers matter: tests/test_validate.py expects problems at exact lines of this text.
VALID_CREDENTIAL = """\
# yaml-language-server: $schema=../../schema/credential.schema.json
id: sample-credential
title: Planning Exit Tickets for Next-Day Teaching
summary: "Design a short end-of-lesson check, sort the answers, and change the next lesson because of them."
description: |
  Teachers who check understanding at the end of a lesson can regroup, reteach or extend the next day
  instead of waiting for a unit test. This credential asks for that cycle, from your own classroom.
status: active
competency:
  statement: The educator designs exit tickets and uses the results to plan the next lesson.
  area: Formative assessment
audience:
  roles: [teacher]
  grade_bands: ["3-5", "6-8"]
evidence:
  - id: tickets
    title: Three exit tickets with sorted responses
    type: student-work
    description: "Three tickets, a sample of anonymised responses, and your sorting."
    from_practice: true
evaluation:
  criteria:
    - id: alignment
      criterion: Exit tickets align to the stated objective
      proficient: Each item measures the objective and nothing else.
      evidence: [tickets]
      job_embedded: true
resources:
  - title: Exit ticket design guide
    url: "https://example.org/guides/exit-tickets"
    type: article
    access: free
    required: true
recognition:
  currency:
    - jurisdiction: US-SC
      type: pd-hours
      amount: 10
      unit: hours
maintenance:
  review_cycle_months: 12
  last_reviewed: 2026-01-15
access:
  cost:
    amount: 0
    currency: USD
  estimated_hours: 12
organizations:
  issuer: sample-org
"""

SAMPLE_ORG = "id: sample-org\nname: Sample Org\ntype: university\n"

CREDENTIAL_PATH = "catalog/credentials/sample-credential.yaml"
ORG_PATH = "catalog/organizations/sample-org.yaml"


def value_paths(node, prefix=()):
    """The path of every value in loaded YAML data (keys and list indexes), parents before children."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            found += [(*prefix, key), *value_paths(value, (*prefix, key))]
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += [(*prefix, index), *value_paths(value, (*prefix, index))]
    return found


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
