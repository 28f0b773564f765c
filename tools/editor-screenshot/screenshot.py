"""Take the editor screenshots in docs/contributing.md with the real YAML language server.

Monaco (the editor VS Code is built on) with monaco-yaml (the yaml-language-server that the VS Code YAML
extension runs) opens a real catalog credential with the project's own schema, in headless Chromium:

- docs/images/editor-completion.png: Ctrl+Space on a new line inside ``access:`` lists the fields that
  can still be added, with the schema's description of the selected one;
- docs/images/editor-error.png: an invalid ``status`` typed in is underlined, and hovering it shows why.

Run from anywhere: ``.venv/bin/python tools/editor-screenshot/screenshot.py``. It runs ``npm ci`` and
the bundler when ``dist/`` is missing (``--rebuild`` forces that).
"""

from __future__ import annotations

import argparse
import functools
import json
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DIST = HERE / "dist"
BUNDLE = ("main.js", "main.css", "editor.worker.js", "yaml.worker.js")
CREDENTIAL = "catalog/credentials/feedback-for-revision.yaml"
SCHEMA_URI = "file:///schema/credential.schema.json"  # where the file's modeline points from its folder
CHROMIUM = "/usr/bin/chromium"
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
WIDTH, HEIGHT, FONT_SIZE = 1000, 980, 16
# Top-level sections left open; every other section is folded, as a contributor would to see the outline.
OPEN_SECTIONS = ("access",)


def build(force: bool) -> None:
    if not force and all((DIST / name).exists() for name in BUNDLE):
        return
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm is needed to build the page: apt-get install nodejs npm")
    if force or not (HERE / "node_modules").exists():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)
    subprocess.run([npm, "run", "build"], cwd=HERE, check=True)


def write_schema() -> None:
    """The credential schema bundled into one document (its $refs to other schema files inlined)."""
    sys.path.insert(0, str(ROOT))
    from site_plugins.schemas import load_schemas

    document = load_schemas(ROOT)["credential"].document
    DIST.mkdir(exist_ok=True)
    (DIST / "credential.schema.json").write_text(json.dumps(document, indent=1), encoding="utf-8")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve() -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(HERE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def line_of(text: str, line: str) -> int:
    """The 1-based number of the first line equal to ``line``."""
    return text.splitlines().index(line) + 1


def open_editor(page: Page, url: str, text: str) -> None:
    page.goto(url)
    page.wait_for_function("typeof globalThis.openFile === 'function'")
    page.evaluate(
        "args => openFile(args)",
        {
            "path": CREDENTIAL,
            "text": text,
            "schemaUrl": "dist/credential.schema.json",
            "schemaUri": SCHEMA_URI,
            "fontSize": FONT_SIZE,
        },
    )
    page.wait_for_selector(".monaco-editor .view-lines")
    # Folding ranges come from the language server: wait until every top-level section can be folded.
    page.wait_for_timeout(500)
    page.evaluate("editor.focus(); editor.trigger('screenshot', 'editor.foldLevel1', {})")
    page.wait_for_function("document.querySelectorAll('.inline-folded').length > 5")
    for section in OPEN_SECTIONS:
        line = line_of(text, f"{section}:")
        page.evaluate(
            "line => { editor.setPosition({lineNumber: line, column: 1});"
            " editor.trigger('screenshot', 'editor.unfold', {}) }",
            line,
        )
    page.evaluate("editor.setScrollTop(0)")


def completion(page: Page, url: str, text: str, out: Path) -> None:
    open_editor(page, url, text)
    line = line_of(text, "  estimated_hours: 15")
    page.evaluate(
        "line => { editor.setPosition({lineNumber: line, column: editor.getModel().getLineMaxColumn(line)});"
        " editor.focus() }",
        line,
    )
    page.keyboard.press("Enter")  # the new line keeps the two-space indent of access:
    page.keyboard.press("Control+Space")
    page.wait_for_selector(".suggest-widget.visible .monaco-list-row")
    page.wait_for_timeout(300)
    page.keyboard.press("ArrowDown")  # select the second suggestion so the list and its details show
    page.keyboard.press("Control+Space")  # the same key again opens the details beside the list
    page.wait_for_selector(".suggest-details-container .suggest-details .docs")
    page.wait_for_timeout(400)
    labels = page.eval_on_selector_all(
        ".suggest-widget .monaco-list-row .label-name", "els => els.map(e => e.textContent)"
    )
    details = page.inner_text(".suggest-details-container .suggest-details")
    print("completion:", labels, "|", " ".join(details.split()))
    bottom = page.eval_on_selector(".suggest-widget.visible", "e => e.getBoundingClientRect().bottom")
    page.screenshot(path=str(out), clip={"x": 0, "y": 0, "width": WIDTH, "height": min(HEIGHT, bottom + 24)})


def error(page: Page, url: str, text: str, out: Path) -> None:
    open_editor(page, url, text)
    line = line_of(text, "status: active")
    page.evaluate(
        "line => { editor.setSelection({startLineNumber: line, startColumn: 9, endLineNumber: line, endColumn: 15});"
        " editor.focus() }",
        line,
    )
    page.keyboard.type("published", delay=40)
    page.keyboard.press("Escape")  # close the value suggestions that typing opened
    page.wait_for_function(
        "editor.getModel() && monaco.editor.getModelMarkers({resource: editor.getModel().uri}).length > 0"
    )
    markers = page.evaluate("monaco.editor.getModelMarkers({resource: editor.getModel().uri}).map(m => m.message)")
    # Point the mouse at the underlined value, as a contributor would.
    box = page.evaluate(
        """line => {
            const p = editor.getScrolledVisiblePosition({lineNumber: line, column: 12});
            const r = editor.getDomNode().getBoundingClientRect();
            return {x: r.left + p.left, y: r.top + p.top + p.height / 2};
        }""",
        line,
    )
    page.mouse.move(box["x"] - 20, box["y"] + 60)
    page.mouse.move(box["x"], box["y"], steps=5)
    page.wait_for_selector(".monaco-hover:not(.hidden) .hover-contents")
    page.wait_for_timeout(500)
    hover = page.inner_text(".monaco-hover:not(.hidden)")
    print("error:", markers, "|", " ".join(hover.split()))
    # The hover is near the top: leave out the unchanged lines far below it.
    bottom = page.evaluate(
        """() => {
            const hover = document.querySelector('.monaco-hover:not(.hidden)').getBoundingClientRect();
            const top = editor.getDomNode().getBoundingClientRect().top;
            const line = editor.getOption(monaco.editor.EditorOption.lineHeight);
            return top + Math.ceil((hover.bottom + 2 * line - top) / line) * line;  // whole lines only
        }"""
    )
    page.screenshot(path=str(out), clip={"x": 0, "y": 0, "width": WIDTH, "height": min(HEIGHT, bottom)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="run npm ci and the bundler again")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images", help="folder for the PNGs")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    build(args.rebuild)
    write_schema()
    text = (ROOT / CREDENTIAL).read_text(encoding="utf-8")
    args.out.mkdir(parents=True, exist_ok=True)
    server = serve()
    url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1)
                page = context.new_page()
                page.on("pageerror", lambda exc: print("page error:", exc, file=sys.stderr))
                completion(page, url, text, args.out / "editor-completion.png")
                error(page, url, text, args.out / "editor-error.png")
            finally:
                browser.close()
    finally:
        server.shutdown()
    print("wrote", args.out / "editor-completion.png", "and", args.out / "editor-error.png")


if __name__ == "__main__":
    main()
