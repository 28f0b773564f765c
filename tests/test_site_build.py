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
    assert 'href="credentials/"' in home and 'href="quality-standards/"' in home
    assert "fonts.googleapis.com" not in home, "no requests to Google Fonts"


def test_plugin_is_registered_and_watches_the_catalog(tmp_path: Path) -> None:
    from importlib.metadata import entry_points

    from mkdocs.config import load_config

    found = [ep for ep in entry_points(group="mkdocs.plugins") if ep.name == "credcat"]
    assert found and found[0].value == "site_plugins.plugin:CatalogPlugin"
    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["credcat"]
    plugin.on_config(config)

    class Server:
        def __init__(self) -> None:
            self.watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = Server()
    plugin.on_serve(server, config=config, builder=None)
    assert str(ROOT / "catalog") in server.watched and str(ROOT / "schema") in server.watched
