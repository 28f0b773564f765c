"""Benchmark: the browse page's search against Material's header search, in Chromium, at 1,000 to 10,000 credentials.

    .venv/bin/python benchmarks/search.py [--sizes 1000,5000,10000] [--repeat N] [--seed N] [--keep DIR]

For each size it generates a catalog (benchmarks/generate.py), builds the site as the project does
(``mkdocs build --strict`` with this checkout's mkdocs.yml) and serves it from a local HTTP server that
gzips text responses and keeps connections open (HTTP/1.1), as a static host would. Then, for the same
typed queries (a rare word, a common word, a word with a typo), each in a fresh browser context (empty
cache), run ``--repeat`` times (median reported):

- ours: open the browse page, type the query into its search field two frames after the field is drawn
  (it is drawn with the page), wait until the cards show the results;
- Material: open a page (the home page, and the browse page), type the query into the header search two
  frames after it is drawn, once its script has run, and press a key (Material reads its field on keyup);
  wait until the result list shows a result; for the typo, which Material cannot find, until it gives a
  count ("No matching documents", which it also shows while its index is still loading, so that time is
  a lower bound, or a few pages that happen to match).

The query goes in as one input event (as a paste, or Playwright's fill()). The harness waits for the
field inside the page and then sends the text, so its own round trips to the browser count only once.
Times are read in the page (``performance.now()``, from the start of navigation), when the results are
on screen (the start of the next frame after the page changed, when the frame with the results has been
drawn): *navigation to results* and *key to results* (from the typed input event). Bytes are counted
by the server, gzipped, per file; *search payload* is what each search loads before it can answer
besides the page itself: ours the index, the card data it draws the results from, search.js,
lunr.min.js and browse.js; Material's its search_index.json and its search worker. The ratios are
Material / ours.

Targets at 10,000 credentials: first results within 250 ms of navigation, at least 10x faster than
Material's search, and at most 1.5 MB gzipped loaded for search. The payload limit is a hard check: the
run exits 1 if the search payload of a catalog passes it. The times are printed, never asserted.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml
from generate import generate
from measure import REPO, parse_sizes, print_machine, table, venv_bin

PAYLOAD_LIMIT = 1_500_000  # bytes, gzipped, at 10,000 credentials (and any smaller catalog)
TARGET_MS = 250
TARGET_RATIO = 10
SOURCE_DATE_EPOCH = "1794700800"
CHROMIUM = os.environ.get("CREDCAT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
GZIP_TYPES = (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt", ".csv")
OUR_FILES = ("search/catalog-index.json", "search/catalog-cards.json", "assets/catalog/search.js",
             "assets/catalog/lunr.min.js", "assets/catalog/browse.js")

# In every page: stamps (performance.now()) for the first typed input event, and for the first frame after
# the results changed. `__ccWatch(kind, query)` starts watching; `__ccStamps` holds the stamps.
# `__ccReady(selector)` settles two frames after the field is drawn, with the field focused: the harness
# waits inside the page, so that its own round trips to the browser are not counted as the page's time.
# For ours it starts watching as the document is created (`__ccWatchField`), so that the first frame with the
# field counts even when the harness's next command reaches the page later.
STAMPS = r"""
window.__ccStamps = {};
window.__ccWatchField = (selector) => { window.__ccFieldReady = __ccReady(selector); };
window.__ccReady = (selector) => new Promise((resolve) => {
  const frame = () => {  // once a frame: is the field there, and drawn?
    const field = document.querySelector(selector);
    if (!field || !field.getClientRects().length) return requestAnimationFrame(frame);
    __ccStamps.field = performance.now();
    requestAnimationFrame(() => requestAnimationFrame(() => {
      field.focus();
      __ccStamps.ready = performance.now();
      resolve();
    }));
  };
  requestAnimationFrame(frame);
});
document.addEventListener('input', () => { if (!__ccStamps.key) __ccStamps.key = performance.now(); }, true);
window.__ccWatch = (kind, query, found) => {
  const done = () => {
    const computed = performance.getEntriesByName('cc-search-results');  // search.js: results handed to the page
    if (computed.length) __ccStamps.computed = computed[computed.length - 1].startTime;
    // The next frame starts once the frame with the results has been drawn.
    requestAnimationFrame(() => { __ccStamps.results = performance.now(); });
  };
  const answered = () => {
    if (kind === 'ours') {
      const box = document.querySelector('[data-cc-search]');
      return box && box.getAttribute('data-cc-query') === query;
    }
    // Material shows "No matching documents" while its index is still loading too: a query it can find
    // is answered by its first result; one it cannot (the typo) by its count ("No matching documents", or
    // a few pages that happen to match).
    const meta = document.querySelector('.md-search-result__meta');
    if (found) return document.querySelector('.md-search-result__item');
    return meta && /matching document/i.test(meta.textContent);
  };
  const observer = new MutationObserver(() => { if (answered()) { observer.disconnect(); done(); } });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
};
"""


class _GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzipped (level 6, like common servers) when the client accepts it; counts bytes sent.
    HTTP/1.1 with keep-alive, as static hosts serve (Python's default, HTTP/1.0, opens a connection per file:
    measured 25-30 ms later first results at 10,000 credentials, for no reason a reader would meet)."""

    protocol_version = "HTTP/1.1"
    log: list[tuple[str, int]]
    cache: dict[str, bytes]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or not path.name.endswith(GZIP_TYPES) or "gzip" not in self.headers.get(
                "Accept-Encoding", ""):
            return super().do_GET()
        key = str(path)
        if key not in self.cache:
            self.cache[key] = gzip.compress(path.read_bytes(), 6)
        body = self.cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)
        self.log.append((self.path.split("?")[0], len(body)))


class _QuietServer(ThreadingHTTPServer):
    """A browser context closed with a connection still open is not an error of the page."""

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(site: Path) -> tuple[ThreadingHTTPServer, str, list[tuple[str, int]]]:
    log: list[tuple[str, int]] = []
    handler = type("Handler", (_GzipHandler,), {"log": log, "cache": {}})
    server = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/", log


class _AnyTags(yaml.SafeLoader):
    """A safe loader that reads MkDocs' own tags (!ENV, !relative) as plain values."""


_AnyTags.add_multi_constructor("!", lambda loader, suffix, node: None)


def copy_repository_files(target: Path) -> None:
    """This checkout's mkdocs.yml and what a build reads besides the catalog: docs_dir, the theme's custom_dir."""
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTags)  # a SafeLoader
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    for name in ["mkdocs.yml", config.get("docs_dir", "docs"), theme.get("custom_dir"), *config.get("hooks", [])]:
        if not name or not (REPO / name).exists():
            continue
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, target / name, dirs_exist_ok=True)
        else:
            shutil.copy2(REPO / name, target / name)


def prepare(size: int, seed: int, folder: Path) -> Path:
    """The built site of a generated catalog of ``size`` credentials (reused if ``folder`` has it)."""
    root = folder / f"catalog-{size}"
    site = root / "site"
    if (site / "credentials" / "index.html").exists():
        print(f"{size:,} credentials: reusing the site built in {site}")
        return site
    if not (root / "catalog" / "credentials").is_dir():
        made = generate(root, size, seed)
        print(f"{size:,} credentials: generated in {made.seconds:.1f} s")
    copy_repository_files(root)
    started = time.perf_counter()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    done = subprocess.run([venv_bin("mkdocs"), "build", "--strict", "-q", "-d", site], cwd=root, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"mkdocs build of {root} failed:\n{done.stdout}{done.stderr}")
    print(f"{size:,} credentials: site built in {time.perf_counter() - started:.0f} s")
    return site


def choose_queries(site: Path) -> dict[str, str]:
    """A rare word (in the fewest credentials, at least 3), a common one (in the most) and the rare word
    with two neighbouring letters swapped: words of 6 letters or more as written in the catalog, chosen
    from the site's index."""
    sys.path.insert(0, str(REPO))
    from site_plugins.search_index import decode_postings

    index = json.loads((site / "search" / "catalog-index.json").read_text(encoding="utf-8"))
    counted = []
    for term, postings, forms in zip(index["terms"], index["postings"], index["forms"], strict=True):
        words = sorted((w for w in [term, *forms.split()] if w.isalpha() and len(w) >= 6), key=lambda w: (len(w), w))
        if words:
            counted.append((len(decode_postings(postings)), words[0]))
    rare = min((c for c in counted if c[0] >= 3), key=lambda c: (c[0], c[1]))[1]
    common = max(counted, key=lambda c: (c[0], c[1]))[1]
    typo = rare[:2] + rare[3] + rare[2] + rare[4:]
    return {"rare": rare, "common": common, "typo": typo}


def measure(browser, base: str, path: str, kind: str, query: str, log: list[tuple[str, int]],
            found: bool = True) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        selector = "#cc-search" if kind == "ours" else "input.md-search__input"
        page.add_init_script(STAMPS + (f"__ccWatchField({json.dumps(selector)});" if kind == "ours" else ""))
        del log[:]
        # Ours is drawn with the page and works as soon as its script has run (it keeps what was typed
        # before); Material's works once its bundle, at the end of the page, has run (DOMContentLoaded).
        page.goto(base + path, wait_until="commit" if kind == "ours" else "domcontentloaded")
        # As a person would: type once the page with the field has been drawn (two frames later).
        page.evaluate("([selector, kind, query, found]) => (window.__ccFieldReady || __ccReady(selector))"
                      ".then(() => __ccWatch(kind, query, found))", [selector, kind, query, found])
        if kind != "ours":
            page.click(selector)  # opens Material's search dialog
        page.keyboard.insert_text(query)  # one input event with the whole query, as fill() types
        if kind != "ours":
            page.keyboard.press("End")  # Material reads its field on a key's keyup (or once its index is in)
        page.wait_for_function("() => __ccStamps.results !== undefined", timeout=300_000)
        stamps = page.evaluate("() => __ccStamps")
        sent = dict(log)
        payload = sum(size for name, size in sent.items() if is_search_file(name, kind))
        return {"nav": stamps["results"], "key": stamps["results"] - stamps["key"],
                "computed": stamps.get("computed", stamps["results"]) - stamps["key"], "payload": payload,
                "total": sum(sent.values())}
    finally:
        context.close()


def is_search_file(name: str, kind: str) -> bool:
    name = name.lstrip("/")
    if kind == "ours":
        return name in OUR_FILES
    return name == "search/search_index.json" or name.startswith("assets/javascripts/workers/search")


def kb(n: float) -> str:
    return f"{n / 1000:,.0f} KB"


def bench_size(browser, size: int, site: Path, repeat: int) -> tuple[list[list[str]], bool]:
    queries = choose_queries(site)
    index = site / "search" / "catalog-index.json"
    raw = index.read_bytes()
    print(f"  search: index {len(raw) / 1e6:.2f} MB ({len(gzip.compress(raw, 6)) / 1e6:.2f} MB gzipped), "
          f"{len(json.loads(raw)['terms']):,} terms; Material's index "
          f"{(site / 'search' / 'search_index.json').stat().st_size / 1e6:.1f} MB")
    print(f"  queries: {', '.join(f'{k} {v!r}' for k, v in queries.items())}")
    server, base, log = serve(site)
    rows = []
    over = False
    try:
        for label, query in queries.items():
            found: dict[str, list[dict[str, float]]] = {}
            for engine, path, kind in (("ours", "credentials/", "ours"), ("Material, home page", "", "material"),
                                       ("Material, browse page", "credentials/", "material")):
                found[engine] = [measure(browser, base, path, kind, query, log, label != "typo")
                                 for _ in range(repeat)]
            keys = ("nav", "key", "computed", "payload", "total")
            ours = {k: statistics.median(r[k] for r in found["ours"]) for k in keys}
            for engine, runs in found.items():
                med = {k: statistics.median(r[k] for r in runs) for k in keys}
                ratio = "" if engine == "ours" else \
                    f"{med['nav'] / ours['nav']:.1f}x / {med['key'] / ours['key']:.1f}x"
                rows.append([f"{size:,}", f"{label} {query!r}", engine, f"{med['nav']:,.0f}", f"{med['key']:,.0f}",
                             f"{med['computed']:,.0f}" if engine == "ours" else "", kb(med["payload"]),
                             kb(med["total"]), ratio])
            if ours["payload"] > PAYLOAD_LIMIT:
                over = True
                print(f"  SEARCH PAYLOAD OVER THE LIMIT: {ours['payload']:,} bytes gzipped > {PAYLOAD_LIMIT:,}")
    finally:
        server.shutdown()
        server.server_close()
    return rows, over


# --options: the designs the issue weighed, built from the same cards with the Python lunr package into
# site/search/options/ (argv[1] the catalog, argv[2] the site): one serialized lunr index of every field, and
# lunr indexes sharded by the first letter of the word (each holds only the words starting with its letter).
OPTIONS = r"""
import gzip, json, sys, time
from pathlib import Path
from lunr import lunr
from site_plugins import pipeline
from site_plugins.pages import browse_cards
from site_plugins.search_index import tokens
root, site = Path(sys.argv[1]), Path(sys.argv[2])
build = pipeline.run(root)
cards = browse_cards(build)
fields = [dict(field_name="title", boost=10), dict(field_name="competency", boost=4),
          dict(field_name="summary", boost=2), "details"]
def docs(keep=lambda word: True):
    for c in cards:
        texts = {"title": c.title, "summary": c.summary, "competency": " ".join([c.statement, *c.skills]),
                 "details": " ".join([c.area, *c.roles, *c.subjects, c.issuer, *c.codes])}
        yield {"id": c.id, **{k: " ".join(w for w in tokens(v) if keep(w)) for k, v in texts.items()}}
out = site / "search" / "options"
out.mkdir(parents=True, exist_ok=True)
sizes = {}
started = time.perf_counter()
data = json.dumps(lunr(ref="id", fields=fields, documents=list(docs())).serialize(), separators=(",", ":"))
sizes["one"] = (len(data), len(gzip.compress(data.encode(), 6)), time.perf_counter() - started)
(out / "lunr-all.json").write_text(data)
shards = []
started = time.perf_counter()
for letter in sorted({w[0] for d in docs() for k, v in d.items() if k != "id" for w in v.split()}):
    chosen = list(docs(lambda w, letter=letter: w[:1] == letter))
    data = json.dumps(lunr(ref="id", fields=fields, documents=chosen).serialize(), separators=(",", ":"))
    (out / f"lunr-{ord(letter)}.json").write_text(data)
    shards.append((len(data), len(gzip.compress(data.encode(), 6))))
sizes["shards"] = (len(shards), max(shards), sorted(shards)[len(shards) // 2], time.perf_counter() - started)
(out / "index.html").write_text(
    '<!doctype html><meta charset="utf-8"><title>lunr</title>'
    '<script src="../../assets/catalog/lunr.min.js"></script><script src="../../assets/catalog/search.js"></script>'
    '<script>const params = new URLSearchParams(location.search); const start = performance.now();'
    'const ours = params.get("index").startsWith("../");'
    'fetch(params.get("index")).then(r => r.json()).then(data => {'
    '  const q = params.get("q");'
    '  const hits = ours ? new ccSearch.Index(data).search(ccSearch.queryWords(q)).docs'
    '    : lunr.Index.load(data).search(q);'
    '  window.__done = {results: performance.now(), fetchToResults: performance.now() - start, hits: hits.length};'
    '});</script>')
print(json.dumps(sizes))
"""


def bench_options(browser, size: int, site: Path, queries: dict[str, str], repeat: int) -> list[list[str]]:
    """The other designs (OPTIONS): their gzipped size, and the time to load each in Chromium and answer."""
    started = time.perf_counter()
    done = subprocess.run([venv_bin("python"), "-c", OPTIONS, site.parent, site], cwd=site.parent,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"building the lunr indexes failed:\n{done.stdout}{done.stderr}")
    facts = json.loads(done.stdout.strip().splitlines()[-1])
    raw, gz, seconds = facts["one"]
    count, (big_raw, big_gz), (_mid_raw, mid_gz), shard_seconds = facts["shards"]
    print(f"  options built in {time.perf_counter() - started:.0f} s: one lunr index {raw / 1e6:.1f} MB "
          f"({gz / 1e6:.2f} MB gzipped, built in {seconds:.1f} s); {count} lunr shards by first letter, largest "
          f"{big_raw / 1e6:.1f} MB ({big_gz / 1e6:.2f} MB gzipped), median {mid_gz / 1e6:.2f} MB gzipped "
          f"(built in {shard_seconds:.1f} s)")
    server, base, _log = serve(site)
    rows = []
    try:
        for label, query in queries.items():
            for name, index in (("one lunr index", "lunr-all.json"), ("lunr shard", f"lunr-{ord(query[0])}.json"),
                                ("ours (search.js)", "../catalog-index.json")):
                times = []
                for _ in range(repeat):
                    context = browser.new_context()
                    page = context.new_page()
                    page.goto(f"{base}search/options/?index={index}&q={query}")
                    page.wait_for_function("() => window.__done !== undefined", timeout=300_000)
                    times.append(page.evaluate("() => window.__done"))
                    context.close()
                med = {k: statistics.median(t[k] for t in times) for k in ("results", "fetchToResults", "hits")}
                rows.append([f"{size:,}", f"{label} {query!r}", name, f"{med['results']:,.0f}",
                             f"{med['fetchToResults']:,.0f}", f"{med['hits']:,.0f}"])
    finally:
        server.shutdown()
        server.server_close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,10000", help="catalog sizes (default 1000,5000,10000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query and engine; the median is reported")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--keep", type=Path, help="build the sites under this folder, keep them, and reuse them")
    parser.add_argument("--options", action="store_true",
                        help="also measure the designs not taken: one lunr index, lunr shards by first letter")
    args = parser.parse_args(argv)
    sizes = parse_sizes(args.sizes)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise SystemExit("this benchmark needs playwright: .venv/bin/pip install -e '.[test]'") from None
    if not os.access(CHROMIUM, os.X_OK):
        raise SystemExit(f"this benchmark needs Chromium at {CHROMIUM}: apt-get install -y chromium")
    print_machine("Search benchmark: the browse page's search vs Material's header search")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="credcat-search-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows: list[list[str]] = []
    option_rows: list[list[str]] = []
    over = False
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for size in sizes:
                site = prepare(size, args.seed, folder)
                found, too_big = bench_size(browser, size, site, args.repeat)
                rows += found
                over = over or too_big
                if args.options:
                    option_rows += bench_options(browser, size, site, choose_queries(site), args.repeat)
            browser.close()
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print()
    print(table(["size", "query", "search", "nav→results ms", "key→results ms", "key→computed ms",
                 "search payload (gz)", "all loaded (gz)", "Material/ours (nav / key)"], rows))
    print("\nkey→computed: until search.js has handed the results to the page (index loaded and queried, cards "
          "shown, hidden, ordered and marked), before the browser restyles and draws them.")
    if option_rows:
        print()
        print(table(["size", "query", "design", "nav→results ms", "fetch→results ms", "results"], option_rows))
        print("\nThe engines alone, on a bare page (no catalog page to draw): lunr.js loads a serialized index "
              "(lunr.Index.load) and answers the query; ours loads catalog-index.json and answers (search.js).")
    print(f"\nTargets at 10,000: results within {TARGET_MS} ms of navigation, >= {TARGET_RATIO}x faster than "
          f"Material's search, search payload <= {PAYLOAD_LIMIT / 1e6:.1f} MB gzipped (checked: exit 1 if over).")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
