"""A throwaway copy of this repository's site sources, for tests that change the catalog and rebuild."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).parent.parent


def copy_repo(tmp: Path) -> Path:
    repo = tmp / "repo"
    for name in ("catalog", "schema"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, repo / name)
    return copy_site_sources(repo)


def copy_site_sources(repo: Path) -> Path:
    """What MkDocs reads besides the catalog (mkdocs.yml, docs/, overrides/), copied into ``repo``."""
    for name in ("docs", "overrides"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, repo / name)
    repo.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    return repo
