"""Sample catalog files and helpers that several test modules share (conftest.py turns some into fixtures).

A module of its own, not conftest.py, so that tests can import from it by a name no other folder's
conftest shadows.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

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


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative path -> SHA-256), links as their targets."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            found[path.relative_to(folder).as_posix()] = "link:" + os.readlink(path)
        elif path.is_file():
            found[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def strict_build(root: Path) -> bool:
    """``mkdocs build --strict`` of ``root`` into ``root/site``, in process, as the command runs it; False
    when MkDocs aborts."""
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    except Abort:
        return False
    finally:
        config.plugins.on_shutdown()
    return True
