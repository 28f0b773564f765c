"""Benchmark: building the site with the catalog plugin, against Material building the same pages as plain Markdown.

    .venv/bin/python benchmarks/build.py [--sizes 1000,5000] [--repeat N] [--seed N] [--keep DIR]
                                         [--budget SECONDS] [--no-wait]

For each size N it prepares two repositories in a temporary folder:

- ``catalog-N``: a generated catalog of N credentials (benchmarks/generate.py) with a copy of this
  checkout's ``mkdocs.yml`` and what it reads (``docs/``, the theme's ``custom_dir``, hooks): the site as
  the project builds it, the ``credcat`` plugin loading, validating and scoring the catalog in
  ``on_pre_build``, adding every catalog page, asset and export file in memory in ``on_files`` and
  editing pages in ``on_post_page``;
- ``plain-N``: the same pages as plain files. Every file the plugin generates for that catalog (its own
  ``on_pre_build``, i.e. ``pipeline.run``, and ``on_files``, i.e. ``site_plugins.pages.all_pages``, its
  assets and exports; run in a separate process) is written under ``docs/``: ``credentials/<id>/index.md``
  for every credential, the stack, organization, browse and quality pages, and the rest, so the nav
  resolves and the same files are copied. Its ``mkdocs.yml`` is the same (as MkDocs reads it: ``!ENV``
  resolved) with ``credcat`` removed from ``plugins``, plus the stylesheets and script the plugin's
  ``on_config`` adds to ``extra_css``/``extra_javascript``, so both builds render the same Markdown into
  the same HTML bodies (checked and reported; ``not_in_nav`` is unchanged, so these pages stay out of the
  automatic nav here too). What the plain build does not do is the plugin's own work: loading, scoring,
  generating pages and files, and ``on_post_page`` (JSON-LD in credential pages' heads).

The engine, schemas and site files are copied from the checkout when the run starts and used from that
copy throughout (``site_plugins`` through ``PYTHONPATH``), so editing the checkout during the run cannot
make the two builds differ.

Each build is ``mkdocs build --strict -d DIR`` as a new process (``NO_MKDOCS_2_WARNING=1``, a fixed
``SOURCE_DATE_EPOCH``), into an emptied output folder, alternating catalog, plain, catalog, plain, …
(``--repeat`` pairs, default 2), each started once the machine is idle (up to 30 s; ``--no-wait``).
``--budget`` (default 450 s) keeps the whole run near 8 minutes on a 2-core machine: a further pair of
builds at a size is skipped when it, plus one pair at each larger size still to come (estimated from the
last pair, per credential), would pass the budget; the report says so. At the default sizes a quiet
2-core machine gets two pairs at 1,000 and one at 5,000 (a 5,000-credential build takes 2 to 3 minutes);
a busy one, one pair at each. Each size also prints the fastest runs' ratio, the figure least disturbed
by other work, and a verdict note when other processes used more than 5% of the machine.

It prints, per size: median wall time of each build, the ratio catalog/plain, CPU time (all processes,
including the plugin's loading pool), peak memory (max RSS of the largest process, and of the tree),
the search index bytes per credential (``site/search/search_index.json`` / N) and the total site size.
Target reported against: the catalog build takes at most 1.3x the time of the plain-page build.
The figures are printed, never asserted: this is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import generate as generator
import measure
import yaml
from generate import generate
from measure import REPO, Run, mb, median_run, print_machine, run_quietly, spread, table, venv_bin

TARGET_RATIO = 1.3
SOURCE_DATE_EPOCH = "1794700800"  # 2026-11-15 00:00 UTC, as in score.py: every build scores as of one day

# Runs in the project venv as a fresh process: the credcat plugin's own hooks on the catalog repository at
# argv[1] (on_config, on_pre_build: pipeline.run; on_files: all_pages, assets, exports, as File.generated),
# every file it generates written as a plain file under argv[2], and the plain site's config to argv[3]:
# the catalog's mkdocs.yml (read as MkDocs reads it: !ENV resolved, INHERIT merged) without the credcat
# plugin, plus the stylesheets and scripts its on_config adds. Prints what it wrote, and how long the
# plugin's own work took outside a MkDocs build.
PAGES = r"""
import json, sys, time
from pathlib import Path
started = time.perf_counter()
import yaml
from mkdocs.config import load_config
from mkdocs.structure.files import Files
from mkdocs.utils.yaml import yaml_load
root, docs, plain_config = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
config = load_config(config_file=str(root / "mkdocs.yml"))
plugin = config.plugins["credcat"]
import site_plugins
config.plugins._current_plugin = "credcat"  # as PluginCollection.run_event sets it (File.generated reads it)
imported = time.perf_counter() - started
css, js = [str(x) for x in config.extra_css], [str(x) for x in config.extra_javascript]
config = plugin.on_config(config) or config
added = {"extra_css": [str(x) for x in config.extra_css if str(x) not in css],
         "extra_javascript": [str(x) for x in config.extra_javascript if str(x) not in js]}
t = time.perf_counter()
plugin.on_pre_build(config)  # pipeline.run; raises PluginError if the catalog has problems
ran = time.perf_counter() - t
t = time.perf_counter()
files = plugin.on_files(Files([]), config)
paged = time.perf_counter() - t
sizes = {}
for file in files:
    target = docs / file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    data = file.content_bytes
    target.write_bytes(data)
    first, suffix = file.src_uri.split("/")[0], Path(file.src_uri).suffix
    if file.src_uri == "credentials/index.md":
        kind = "browse page"
    elif file.src_uri.endswith("/index.md") and file.src_uri.count("/") == 2:
        kind = first  # credentials/<id>/index.md, stacks/<id>/index.md, organizations/<id>/index.md
    else:
        kind = f"{first}/*{suffix}" if "/" in file.src_uri else file.src_uri
    count, total = sizes.get(kind, (0, 0))
    sizes[kind] = (count + 1, total + len(data))
with open(root / "mkdocs.yml", encoding="utf-8") as f:
    raw = yaml_load(f)
plugins = raw.get("plugins", [])
if isinstance(plugins, dict):
    kept = {k: v for k, v in plugins.items() if k != "credcat"}
else:
    kept = [p for p in plugins if p != "credcat" and not (isinstance(p, dict) and "credcat" in p)]
if len(plugins) - len(kept) != 1:
    sys.exit(f"expected the credcat plugin once in {root / 'mkdocs.yml'}'s plugins")
raw["plugins"] = kept
for key, values in added.items():
    if values:
        raw[key] = [*raw.get(key, []), *values]
plain_config.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
print(json.dumps({"import": imported, "pipeline": ran, "pages": paged, "sizes": sizes, "added": added,
                  "code": str(Path(site_plugins.__file__).parent.parent)}))
"""


# The code and site files every build uses: a copy of the checkout taken when the run starts (see snapshot),
# so that editing the checkout during a run of several minutes cannot make the two builds differ.
CODE = REPO


def env() -> dict[str, str]:
    found = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    if CODE != REPO:  # the snapshot's site_plugins comes first on sys.path, before the editable install
        found["PYTHONPATH"] = os.pathsep.join(p for p in (str(CODE), os.environ.get("PYTHONPATH", "")) if p)
    return found


def snapshot(folder: Path) -> Path:
    """Copy site_plugins/, schema/, mkdocs.yml and what it reads into ``folder``/checkout and use that copy
    for the rest of the run: the engine (through PYTHONPATH, ahead of the editable install), the schemas of
    the generated catalogs, and the site files."""
    target = folder / "checkout"
    if target.exists():  # a --keep folder used before
        shutil.rmtree(target)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(REPO / "site_plugins", target / "site_plugins", ignore=ignore)
    shutil.copytree(REPO / "schema", target / "schema")
    copy_repository_files(target, REPO)
    return target


class _AnyTags(yaml.SafeLoader):
    """Reads mkdocs.yml's own tags (!ENV, !relative) as plain values: enough to find the folders it names."""


_AnyTags.add_multi_constructor("!", lambda loader, _suffix, node: (
    loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode)
    else loader.construct_mapping(node) if isinstance(node, yaml.MappingNode) else loader.construct_scalar(node)))


def _read_config(source: Path) -> dict[str, object]:
    return yaml.load(source.read_text(encoding="utf-8"), Loader=_AnyTags) or {}  # a SafeLoader


def _setting(source: Path, key: str, default: str) -> str:
    value = _read_config(source).get(key)
    return value if isinstance(value, str) else default


def repository_files(source: Path) -> list[str]:
    """What a build of this checkout's mkdocs.yml reads besides the catalog: the file itself, docs_dir,
    the theme's custom_dir and hook scripts (relative paths)."""
    config = _read_config(source)
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    hooks = config.get("hooks") if isinstance(config.get("hooks"), list) else []
    found = [source.name, config.get("docs_dir", "docs"), theme.get("custom_dir"), *hooks]  # type: ignore[union-attr]
    return [f for f in found if isinstance(f, str) and f]


def copy_repository_files(target: Path, source_root: Path | None = None) -> None:
    source_root = source_root or CODE
    for name in repository_files(source_root / "mkdocs.yml"):
        source = source_root / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.exists():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def prepare(size: int, seed: int, folder: Path) -> tuple[Path, Path, dict[str, object]]:
    """The two repositories for ``size`` credentials: (catalog repo, plain repo, page facts)."""
    catalog = folder / f"catalog-{size}"
    made = generate(catalog, size, seed)
    copy_repository_files(catalog)
    print(f"{size:,} credentials: generated {made.bytes_written / 1e6:.1f} MB of YAML in {made.seconds:.1f} s "
          f"({len(made.stack_ids):,} stacks, {len(made.organization_ids)} organizations)")

    plain = folder / f"plain-{size}"
    copy_repository_files(plain)
    started = time.perf_counter()
    docs = plain / _setting(plain / "mkdocs.yml", "docs_dir", "docs")
    # cwd: `python -c` puts the working folder first on sys.path, which must not be the checkout.
    result = measure.run([venv_bin("python"), "-c", PAGES, catalog, docs, plain / "mkdocs.yml"], cwd=catalog,
                         env=env())
    if result.returncode != 0:
        raise SystemExit(f"writing the plain pages failed:\n{(result.stdout_tail + result.stderr_tail).strip()}")
    facts = json.loads(result.stdout_tail.strip().splitlines()[-1])
    if Path(facts["code"]).resolve() != CODE.resolve():
        raise SystemExit(f"the venv imports site_plugins from {facts['code']}, not from the copy in {CODE}")
    sizes: dict[str, list[int]] = facts["sizes"]
    count, total = sizes.get("credentials", [0, 0])
    described = ", ".join(f"{k} {n:,} ({b / 1e6:.1f} MB)" for k, (n, b) in sorted(sizes.items()))
    print(f"  plain pages written in {time.perf_counter() - started:.1f} s: {described}")
    print(f"  credential page source (the same Markdown in both builds): {total / max(count, 1) / 1024:.1f} KB "
          "average")
    print(f"  the plugin's own work, in a fresh process: on_pre_build (pipeline.run) {facts['pipeline']:.2f} s, "
          f"on_files {facts['pages']:.2f} s (imports and config {facts['import']:.2f} s)")
    return catalog, plain, facts


def build(repo: Path) -> tuple[Run, Path]:
    site = repo / "site-out"
    if site.exists():
        shutil.rmtree(site)  # outside the measured time; MkDocs would otherwise spend it cleaning
    result = run_quietly([[venv_bin("mkdocs"), "build", "--strict", "-d", site]], cwd=repo, env=env())
    return result, site


def site_facts(site: Path) -> tuple[int, int, int]:
    """(search index bytes, total bytes, HTML pages) of a built site."""
    index = site / "search" / "search_index.json"
    total = pages = 0
    for folder, _dirs, files in os.walk(site):
        for name in files:
            total += os.path.getsize(os.path.join(folder, name))
            pages += name == "index.html"
    return (index.stat().st_size if index.exists() else 0), total, pages


def describe_failure(name: str, result: Run) -> None:
    if result.returncode != 0:
        for line in (result.stdout_tail + result.stderr_tail).strip().splitlines()[-10:]:
            print(f"    {name}: {line}")


def same_html(catalog_site: Path, plain_site: Path) -> str:
    """Whether the two builds made the same HTML for the catalog pages (a check that they did the same work).
    The bodies are compared (from ``</head>`` on): the plugin's ``on_post_page`` may add to a page's head."""
    differ = total = heads = 0
    for folder in ("credentials", "stacks", "organizations", "quality"):
        for page in sorted((catalog_site / folder).rglob("index.html")):
            other = plain_site / page.relative_to(catalog_site)
            total += 1
            if not other.exists():
                differ += 1
                continue
            if filecmp.cmp(page, other, shallow=False):
                continue
            ours, theirs = page.read_text(encoding="utf-8"), other.read_text(encoding="utf-8")
            if ours[ours.find("</head>"):] == theirs[theirs.find("</head>"):]:
                heads += 1
            else:
                differ += 1
    found = f"{total - differ:,} of {total:,} catalog pages have the same HTML body in both builds"
    if heads:
        found += f" ({heads:,} differ in <head> only: the plugin's on_post_page additions)"
    if differ:
        found += "; the builds did NOT render the same pages, so the ratio compares different work"
    return found


PREPARE_PER_CREDENTIAL = 0.012  # seconds to generate a catalog and write its plain pages (~12 s per 1,000)


class Budget:
    """Keeps the run within ``--budget`` seconds: a further pair of builds at one size runs only if it,
    and one pair plus the preparation at every size still to come (estimated from the seconds per
    credential the last pair took, as build time grows about linearly with pages), fit in the time left."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.perf_counter() + (seconds if seconds > 0 else float("inf"))
        self.per_credential = 0.0  # seconds per credential of one pair of builds, from the latest pair

    def allows(self, size: int, later: list[int]) -> tuple[bool, float]:
        needed = self.per_credential * size + sum((self.per_credential + PREPARE_PER_CREDENTIAL) * s for s in later)
        return time.perf_counter() + needed <= self.deadline, needed


def bench_size(size: int, repeat: int, seed: int, folder: Path, budget: Budget,
               later: list[int]) -> tuple[list[list[str]], str]:
    catalog, plain, _facts = prepare(size, seed, folder)
    runs: dict[str, list[Run]] = {"catalog": [], "plain": []}
    sites: dict[str, Path] = {}
    for attempt in range(repeat):
        if attempt:
            fits, needed = budget.allows(size, later)
            if not fits:
                print(f"  (runs {attempt + 1}-{repeat} skipped: another pair here, and what is left to do after it, "
                      f"would take ~{needed:.0f} s and pass --budget)")
                break
        for name, repo in (("catalog", catalog), ("plain", plain)):
            result, sites[name] = build(repo)
            runs[name].append(result)
            print(f"  {name:<7} build run {attempt + 1}/{repeat}: {result.wall:7.2f} s  CPU {result.cpu:6.2f} s  exit "
                  f"{result.returncode}  max RSS {mb(result.max_rss_kb)} MB  (other processes used "
                  f"{result.others_cpu:.1f} CPU s meanwhile)")
            describe_failure(name, result)
        budget.per_credential = (runs["catalog"][-1].wall + runs["plain"][-1].wall) / size

    rows = []
    chosen = {name: median_run(found) for name, found in runs.items()}
    for name, found in runs.items():
        if spread(found):
            print(f"  {name:<7} {spread(found)}")
    ours, theirs = chosen["catalog"], chosen["plain"]
    ratio = ours.wall / theirs.wall
    failed = any(r.returncode != 0 for found in runs.values() for r in found)
    if failed:
        print("  ratio: not reported, a build failed (see above)")
    else:
        print(f"  ratio: catalog / plain = {ours.wall:.2f} s / {theirs.wall:.2f} s = {ratio:.2f} "
              f"(CPU {ours.cpu:.2f} s / {theirs.cpu:.2f} s = {ours.cpu / theirs.cpu:.2f}; target <= {TARGET_RATIO})")
        if len(runs["catalog"]) > 1:
            best_ours, best_theirs = (min(r.wall for r in runs[n]) for n in ("catalog", "plain"))
            print(f"  fastest runs: {best_ours:.2f} s / {best_theirs:.2f} s = {best_ours / best_theirs:.2f} (least "
                  "disturbed by other work on a shared machine)")
        print(f"  {same_html(sites['catalog'], sites['plain'])}")
    for name, result in chosen.items():
        index, total, pages = site_facts(sites[name])
        rows.append([f"{size:,}", name, str(len(runs[name])), f"{result.wall:.2f}",
                     f"{min(r.wall for r in runs[name]):.2f}", f"{result.cpu:.2f}", mb(result.max_rss_kb),
                     mb(result.tree_peak_kb), f"{pages:,}", f"{index / size:,.0f}", f"{index / 1e6:.1f}",
                     f"{total / 1e6:.0f}", f"{result.others_cpu:.1f}", str(result.returncode),
                     "failed" if failed else f"{ratio:.2f}" if name == "catalog" else "1.00"])
    print()
    target = f"target: catalog build <= {TARGET_RATIO} x plain-page build: {size:,} credentials"
    if failed:
        return rows, f"{target} not measured (a build failed)."
    verdict = "meets" if ratio <= TARGET_RATIO else "misses"
    line = (f"{target} at {ratio:.2f} x (median wall; CPU {ours.cpu / theirs.cpu:.2f} x); {verdict} it.")
    busy = max(r.others_cpu / (r.wall * (os.cpu_count() or 1)) for r in (ours, theirs))
    if busy > 0.05:
        line += (f"\n  (other processes used up to {busy:.0%} of the machine during these builds, so the wall ratio "
                 "is unreliable; the CPU ratio is the steadier figure)")
    return rows, line


def versions() -> str:
    script = ("import importlib.metadata as m; print(', '.join(f'{p} {m.version(p)}' for p in "
              "('mkdocs', 'mkdocs-material', 'Markdown', 'pymdown-extensions', 'Jinja2', 'nh3')))")
    return measure._out([str(venv_bin("python")), "-c", script])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000", help="catalog sizes in credentials (default 1000,5000)")
    parser.add_argument("--repeat", type=int, default=2,
                        help="pairs of builds (catalog, plain) per size; the median is reported (default 2)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--keep", type=Path, help="write the repositories and sites under this folder and keep them")
    parser.add_argument("--budget", type=float, default=450.0,
                        help="seconds for the whole run; further pairs are skipped once they would pass it "
                             "(default 450; 0: no limit)")
    parser.add_argument("--no-wait", action="store_true", help="do not wait for an idle machine before each build")
    args, sizes = measure.parse_run_options(parser, argv)
    budget = Budget(args.budget)

    print_machine("credcat site build benchmark")
    print(f"{'site tools':>16}: {versions()}")
    print(f"{'build':>16}: mkdocs build --strict -d DIR, NO_MKDOCS_2_WARNING=1, SOURCE_DATE_EPOCH={SOURCE_DATE_EPOCH}")
    rows: list[list[str]] = []
    verdicts: list[str] = []
    global CODE
    with tempfile.TemporaryDirectory(prefix="credcat-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        CODE = snapshot(folder)
        generator.SCHEMA_SOURCE = CODE / "schema"  # generate() copies the schemas from here
        print(f"{'code':>16}: a copy of site_plugins/, schema/ and the site files taken at the start (PYTHONPATH)")
        print()
        for position, size in enumerate(sizes):
            found, verdict = bench_size(size, args.repeat, args.seed, folder, budget, sizes[position + 1:])
            rows += found
            verdicts.append(verdict)

    headers = ["credentials", "build", "runs", "wall s", "best s", "CPU s", "max RSS MB", "tree RSS MB",
               "HTML pages", "search B/cred", "search MB", "site MB", "others CPU s", "exit", "x plain"]
    print(table(headers, rows))
    print()
    print("wall s: median of the runs, process start to exit (best s: the fastest).  CPU s: user+system of all its")
    print("processes (median run).  max RSS: largest single process (exact); tree RSS: all processes together")
    print("(sampled every 20 ms).  search B/cred: site/search/search_index.json bytes / credentials.  site MB: every")
    print("file of the built site.  others CPU s: CPU time other processes used during the run (more than a few")
    print("percent of wall x nproc means the run competed for the cores).  catalog: the credcat plugin builds the")
    print("pages in memory from the YAML; plain: the same page sources as Markdown files, no credcat plugin.")
    print()
    for verdict in verdicts:
        print(verdict)
    return 0


if __name__ == "__main__":
    sys.exit(main())
