"""A throwaway copy of this repository's site sources, for tests that change the catalog and rebuild."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
BUILD_EPOCH = "1793491200"  # the scoring date of the test builds (SOURCE_DATE_EPOCH), so pages do not age


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


def mkdocs_build(repo: Path, site: Path, *, epoch: str = BUILD_EPOCH, **env: str) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``repo`` into ``site``, as a new process, at a fixed scoring date."""
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], cwd=repo,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": epoch, **env})


def built(repo: Path, site: Path, *, epoch: str = BUILD_EPOCH, **env: str) -> Path:
    """``site`` once ``mkdocs_build`` succeeded (its errors are the failure's message)."""
    done = mkdocs_build(repo, site, epoch=epoch, **env)
    assert done.returncode == 0, done.stderr
    return site
