"""A throwaway copy of this repository's site sources, for tests that change the catalog and rebuild."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).parent.parent


def copy_repo(tmp: Path) -> Path:
    repo = tmp / "repo"
    for name in ("catalog", "schema", "docs", "overrides"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, repo / name)
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    return repo
