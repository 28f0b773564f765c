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
  ending in ``/``.
"""

from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

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


@pytest.fixture
def serve():
    """Factory: ``serve(directory)`` -> ``http://127.0.0.1:PORT/`` serving that directory until the test ends."""
    servers = []

    def start(directory: str | Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)  # port 0: the system picks a free one
        threading.Thread(target=server.serve_forever, name=f"serve {directory}", daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
