"""The small fixture catalog of tests/site-fixture (credentials with facts not published, placeholder sentences,
inherited process and sources) in a throwaway copy of this repository's site sources."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).parent.parent
FIXTURE = Path(__file__).parent / "site-fixture"


def fixture_repo(tmp: Path, fixture: Path = FIXTURE) -> Path:
    """This repository's site sources with a fixture catalog (default: the site fixture) in place of the
    samples."""
    repo = tmp / "repo"
    for name in ("schema", "docs", "overrides"):
        shutil.copytree(ROOT / name, repo / name)
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    shutil.copytree(fixture / "catalog", repo / "catalog")
    return repo
