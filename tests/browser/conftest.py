"""Shared fixtures for browser tests: headless Chromium driven by Playwright, and a static file server.

The browser is Debian's ``chromium`` package (``apt-get install chromium``) driven by the ``playwright``
Python package (``pip install playwright``); ``playwright install`` is never needed. Set ``CREDCAT_CHROMIUM``
to use another Chromium binary. When either is missing, every test that asks for ``browser`` (or ``page``
or ``new_context``) is skipped with the reason.

- ``browser``: one Chromium for the whole session.
- ``new_context(**options)``: a fresh browser context (cookies, viewport, ``java_script_enabled``...);
  closed after the test.
- ``page``: a page in a fresh 1280x900 context. An uncaught JavaScript error on it fails the test,
  unless the test is marked ``@pytest.mark.allow_page_errors``.
- ``serve(directory)``: serves a directory over HTTP on 127.0.0.1 (a free port) and returns the base URL,
  ending in ``/``. ``serve_session`` is the same, with servers kept until the session ends.
- ``mkdocs_build(root, out)``: runs ``mkdocs build --strict`` on ``root/mkdocs.yml`` into ``out``, with a fixed
  ``SOURCE_DATE_EPOCH`` so scores do not depend on the day; fails the test with MkDocs' output on an error.
- ``catalog_site``: base URL of this repository's real site, built once per session (after ``browser``, so
  that a missing browser skips before the build) and served until the session ends. ``catalog_site_dir``
  is the built folder. ``page_paths`` maps each page kind (home, browse, credential, stack, organization,
  quality, quality-standards, data, recognition, jurisdiction, approved-list) to its path in that site; the
  credential, stack, organization, jurisdiction and approved list are the longest of their kind.
- ``visit(page, url)``: goes to a page of the site and waits until its scripts have run (browse controls
  built, Mermaid diagrams drawn); returns the page.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
SOURCE_DATE_EPOCH = "1793491200"  # the build's "today" for scoring: fixed, so pages are the same every run
CHROMIUM = os.environ.get("CREDCAT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_VIEWPORT = {"width": 1280, "height": 900}


def pytest_configure(config):
    config.addinivalue_line("markers", "allow_page_errors: uncaught JavaScript errors on `page` do not fail the test")


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.skip("browser tests need the playwright package: .venv/bin/pip install playwright")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"browser tests need Chromium at {CHROMIUM}: apt-get install -y chromium (or set CREDCAT_CHROMIUM)")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Error as exc:
            pytest.skip(f"Chromium at {CHROMIUM} did not start: {exc}")
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser):
    """Factory: ``new_context(**options)`` -> a new browser context, closed after the test."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", DEFAULT_VIEWPORT)
        context = browser.new_context(**options)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context, request):
    page = new_context().new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    if errors and not request.node.get_closest_marker("allow_page_errors"):
        pytest.fail("uncaught JavaScript errors on the page:\n" + "\n".join(errors))


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep test output clean
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")  # a reload must fetch what the test just wrote
        super().end_headers()


def _start_server(directory: str | Path) -> ThreadingHTTPServer:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)  # port 0: the system picks a free one
    # A short poll interval: shutdown() waits for the loop to notice, which is half a second by default.
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=f"serve {directory}",
                     daemon=True).start()
    return server


def _serving():
    """Generator behind ``serve`` and ``serve_session``: yields the factory, then stops its servers."""
    servers: list[ThreadingHTTPServer] = []

    def start(directory: str | Path) -> str:
        server = _start_server(directory)
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def serve():
    """Factory: ``serve(directory)`` -> ``http://127.0.0.1:PORT/`` serving that directory until the test ends."""
    yield from _serving()


@pytest.fixture(scope="session")
def serve_session():
    """Factory like ``serve``, whose servers run until the session ends."""
    yield from _serving()


@pytest.fixture(scope="session")
def mkdocs_build():
    """Factory: ``mkdocs_build(root, out)`` builds ``root/mkdocs.yml`` with --strict into ``out`` and returns it."""

    def build(root: str | Path, out: str | Path) -> Path:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
        done = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(Path(root) / "mkdocs.yml"),
             "-d", str(out)],
            capture_output=True, text=True, env=env, check=False)
        if done.returncode != 0:
            pytest.fail(f"mkdocs build --strict of {root} failed:\n{done.stdout}{done.stderr}")
        return Path(out)

    return build


@pytest.fixture(scope="session")
def catalog_site_dir(browser, mkdocs_build, tmp_path_factory) -> Path:
    """This repository's site, built once per session. Asks for ``browser`` first: no browser, no build."""
    return mkdocs_build(ROOT, tmp_path_factory.mktemp("catalog-site") / "site")


@pytest.fixture(scope="session")
def catalog_site(catalog_site_dir, serve_session) -> str:
    """Base URL (ending in ``/``) of this repository's built site."""
    return serve_session(catalog_site_dir)


def _largest(folder: Path) -> str:
    """The id of the generated page with the most HTML in a folder of the built site: the longest page."""
    return max(folder.glob("*/index.html"), key=lambda p: (p.stat().st_size, p.parent.name)).parent.name


@pytest.fixture(scope="session")
def page_paths(catalog_site_dir) -> dict[str, str]:
    """Page kind -> path below the site root of ``catalog_site``."""
    return {
        "home": "",
        "browse": "credentials/",
        "credential": f"credentials/{_largest(catalog_site_dir / 'credentials')}/",
        "stack": f"stacks/{_largest(catalog_site_dir / 'stacks')}/",
        "organization": f"organizations/{_largest(catalog_site_dir / 'organizations')}/",
        "quality": "quality/",
        "quality-standards": "quality-standards/",
        "data": "data/",
        "recognition": "recognition/",
        "jurisdiction": f"recognition/{_largest(catalog_site_dir / 'recognition')}/",
        "approved-list": f"approved-lists/{_largest(catalog_site_dir / 'approved-lists')}/",
    }


def _visit(page, url: str):
    page.goto(url)
    if page.locator("[data-cc-browse]").count():
        page.wait_for_selector("[data-cc-controls]:not([hidden])")
        # The browse page runs Material's script after its list (site_plugins/theme_script.py): wait for it.
        page.wait_for_function("() => window.document$ !== undefined")
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    if page.locator(".mermaid").count():
        # Material draws each diagram into a closed shadow root, replacing the <pre>: wait until it has a size.
        page.wait_for_function("""() => [...document.querySelectorAll('.mermaid')]
            .every(e => e.tagName !== 'PRE' && e.getBoundingClientRect().height > 0)""")
    return page


@pytest.fixture(scope="session")
def visit():
    """``visit(page, url)``: open a page of the site and wait until its scripts have run."""
    return _visit
