"""A real `mkdocs build --strict` of this repository, as `make serve` does before serving."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    out = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=ROOT,
                          capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    for page in ("index.html", "scoring/index.html", "contributing/index.html", "changelog/index.html"):
        assert (out / page).is_file(), page
    home = (out / "index.html").read_text()
    assert "MPOS Quality Assurance rubric" in home
    assert "fonts.googleapis.com" not in home, "no requests to Google Fonts"
