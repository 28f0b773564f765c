"""A real `mkdocs serve`: the preview answers while the catalog is invalid, lists the problems, and comes
back with live reload when they are fixed. (MkDocs' server answers only once a build has succeeded, so a
build that failed on the catalog used to leave the browser waiting.)"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from site_plugins.site_config import serve_url

ROOT = Path(__file__).parent.parent
ANSWER_WITHIN = 10  # seconds each request may take: a few seconds for a build of the sample catalog
CREDENTIAL = "catalog/credentials/feedback-for-revision.yaml"
PROBLEM = "catalog/credentials/feedback-for-revision.yaml:13:9: `status` is &#39;activ&#39;"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _real_entries(folder: str, names: list[str]) -> set[str]:
    """The catalog's real (not illustrative) entries, left out of the copy.

    ANSWER_WITHIN is sized for rebuilding the sample catalog; the real entries would only make each
    rebuild slower on a loaded machine without exercising anything the samples do not."""
    return {n for n in names if n.endswith(".yaml") and "illustrative: true" not in (Path(folder) / n).read_text()}


def _copy(tmp_path: Path) -> Path:
    site = tmp_path / "repo"
    for name in ("catalog", "schema", "docs", "overrides"):
        shutil.copytree(ROOT / name, site / name, ignore=_real_entries if name == "catalog" else None)
    shutil.copy(ROOT / "mkdocs.yml", site / "mkdocs.yml")
    return site


class Preview:
    def __init__(self, repo: Path) -> None:
        self.repo = repo
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}/credcat/"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        env.pop("SITE_URL", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--no-strict", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def get(self, path: str) -> tuple[int, str]:
        """One request, which must be answered within ANSWER_WITHIN seconds (a hang fails the test)."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=ANSWER_WITHIN) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def until(self, path: str, ready: Callable[[int, str], bool], seconds: float = 60) -> str:
        """Poll ``path`` until ``ready(status, text)``: each request answered in time, the change within
        ``seconds`` (a rebuild waits for the watcher to notice the file)."""
        deadline = time.monotonic() + seconds
        last: tuple[int, str] = (0, "")
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "mkdocs serve stopped:\n" + (self.process.stderr.read() or "")
            try:
                last = self.get(path)
            except ConnectionRefusedError:
                time.sleep(0.3)  # not listening yet (the first build runs before the server starts)
                continue
            except urllib.error.URLError as error:
                if isinstance(error.reason, ConnectionRefusedError):
                    time.sleep(0.3)
                    continue
                raise
            if ready(*last):
                return last[1]
            time.sleep(0.3)
        raise AssertionError(f"{path} did not change in {seconds} s; last answer {last[0]}: {last[1][:500]}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Callable[[], Preview]]:
    started: list[Preview] = []
    repo = _copy(tmp_path)

    def start() -> Preview:
        started.append(Preview(repo))
        return started[-1]

    start.repo = repo  # type: ignore[attr-defined]
    yield start
    for each in started:
        each.stop()


def _break(repo: Path) -> None:
    path = repo / CREDENTIAL
    path.write_text(path.read_text(encoding="utf-8").replace("status: active", "status: activ", 1), encoding="utf-8")


def _fix(repo: Path) -> None:
    path = repo / CREDENTIAL
    path.write_text(path.read_text(encoding="utf-8").replace("status: activ\n", "status: active\n", 1),
                    encoding="utf-8")


def test_preview_keeps_answering_while_the_catalog_is_invalid(preview):
    server = preview()
    page = "credentials/feedback-for-revision/"
    first = server.until(page, lambda status, text: status == 200)
    assert "cc-build-problems" not in first
    _break(server.repo)
    broken = server.until(page, lambda status, text: "cc-build-problems" in text)
    assert PROBLEM in broken and "the last good catalog" in broken
    assert "Giving Written Feedback" in broken  # the last good page, under the banner
    other = server.get("")  # every page carries the list, and answers at once
    assert other[0] == 200 and PROBLEM in other[1]
    _fix(server.repo)
    fixed = server.until(page, lambda status, text: status == 200 and "cc-build-problems" not in text)
    assert "Giving Written Feedback" in fixed


def test_preview_started_on_an_invalid_catalog_explains_and_recovers(preview):
    _break(preview.repo)  # before the first build: there is no last good catalog
    server = preview()
    browse = server.until("credentials/", lambda status, text: status == 200)
    assert PROBLEM in browse and "no catalog page can be built yet" in browse
    assert server.get("")[0] == 200
    _fix(server.repo)
    fixed = server.until("credentials/", lambda status, text: "cc-build-problems" not in text)
    assert 'data-cc-browse' in fixed


def test_the_readme_gives_the_address_make_serve_prints(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    dev_addr = re.search(r"^DEV_ADDR \?= (\S+)$", makefile, re.MULTILINE).group(1)
    address = serve_url(ROOT, dev_addr)
    assert address == "http://127.0.0.1:8000/credcat/"  # the path of site_url in mkdocs.yml
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(line for line in readme.splitlines() if line.startswith("make serve"))
    assert address in line
    for guide in ("CONTRIBUTING.md", "docs/contributing.md"):
        text = (ROOT / guide).read_text(encoding="utf-8")
        assert "http://127.0.0.1:8000/credcat/" in text and "http://127.0.0.1:8000 " not in text, guide
    done = subprocess.run(["make", "-s", "-n", "serve"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "site_config serve-url" in done.stdout and "--no-strict" in done.stdout
