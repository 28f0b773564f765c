"""Benchmark: `credcat validate` on generated catalogs, against check-jsonschema on the same files.

    .venv/bin/python benchmarks/validate.py [--sizes 1000,10000] [--repeat N] [--seed N] [--keep DIR]

For each size it generates a catalog (benchmarks/generate.py) in a temporary folder, then runs

- ``credcat validate --root DIR``: the real command, as a new process each time (no warm interpreter, no
  in-process caches; the generated files are in the OS page cache, as they are after a git checkout);
- ``check-jsonschema --schemafile schema/credential.schema.json catalog/credentials/*.yaml``: the usual
  general-purpose tool, on the same credential files and the same schema (file arguments are split into
  as few batches as the argument-length limit allows; with 10,000 files that is one).

It prints wall time, credentials per second, CPU time, peak memory and the ratio between the two tools.
The target reported against: ``credcat validate`` checks at least 1,500 credentials/s on a 2-core machine.
The figures are printed, never asserted: this is a benchmark, not a test.

Note the commands do not do the same work: credcat also validates organizations and stacks, runs the
cross-file checks and, since ``validate`` runs the whole pipeline, scores every credential against the
rubric; check-jsonschema only checks each credential file against the schema.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from generate import generate
from measure import Run, combine, mb, median_run, parse_sizes, print_machine, run, spread, table, venv_bin

TARGET_PER_SECOND = 1500


def credcat_validate(root: Path) -> Run:
    return run([venv_bin("credcat"), "validate", "--root", root])


def check_jsonschema(root: Path, files: list[Path]) -> Run:
    """check-jsonschema on ``files`` (relative to ``root``), in as few processes as ARG_MAX allows."""
    base = [str(venv_bin("check-jsonschema")), "--schemafile", "schema/credential.schema.json"]
    budget = os.sysconf("SC_ARG_MAX") // 2 - sum(len(k) + len(v) + 2 for k, v in os.environ.items())
    batches: list[list[str]] = [[]]
    used = sum(len(a) + 1 for a in base)
    for path in files:
        arg = path.relative_to(root).as_posix()
        if batches[-1] and used + len(arg) + 1 > budget:
            batches.append([])
            used = sum(len(a) + 1 for a in base)
        batches[-1].append(arg)
        used += len(arg) + 1
    return combine([run([*base, *batch], cwd=root) for batch in batches])


def describe_failure(name: str, result: Run) -> None:
    if result.returncode != 0:
        print(f"  ! {name} exited {result.returncode}; its output ends with:")
        for line in (result.stdout_tail + result.stderr_tail).strip().splitlines()[-8:]:
            print(f"    {line}")


def bench_size(size: int, repeat: int, seed: int, folder: Path, *, with_check_jsonschema: bool) -> list[list[str]]:
    root = folder / f"catalog-{size}"
    made = generate(root, size, seed)
    files = made.credential_files
    total_files = len(made.credential_ids) + len(made.stack_ids) + len(made.organization_ids)
    print(f"{size:,} credentials: generated {total_files:,} files ({made.bytes_written / 1e6:.1f} MB, "
          f"{made.bytes_written / len(files) / 1024:.1f} KB per credential on average) in {made.seconds:.1f} s")

    tools = [("credcat validate", lambda: credcat_validate(root))]
    if with_check_jsonschema:
        tools.append(("check-jsonschema", lambda: check_jsonschema(root, files)))
    results: dict[str, Run] = {}
    for name, measure in tools:
        runs = []
        for attempt in range(repeat):
            result = measure()
            runs.append(result)
            print(f"  {name:<17} run {attempt + 1}/{repeat}: {result.wall:6.2f} s  exit {result.returncode}")
            describe_failure(name, result)
        results[name] = median_run(runs)
        if spread(runs):
            print(f"  {name:<17} {spread(runs)}")

    rows = []
    for name, result in results.items():
        rows.append([f"{size:,}", name, f"{result.wall:.2f}", f"{size / result.wall:,.0f}", f"{result.cpu:.2f}",
                     f"{result.cpu / result.wall:.2f}", mb(result.max_rss_kb), mb(result.tree_peak_kb),
                     str(result.returncode)])
    if with_check_jsonschema:
        ours, theirs = results["credcat validate"], results["check-jsonschema"]
        print(f"  ratio: credcat validate is {theirs.wall / ours.wall:.1f}x as fast as check-jsonschema "
              f"(wall {ours.wall:.2f} s vs {theirs.wall:.2f} s; CPU {ours.cpu:.2f} s vs {theirs.cpu:.2f} s)")
    print()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="catalog sizes in credentials (default 1000,10000)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per tool and size; the median is reported")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--keep", type=Path, help="write the catalogs under this folder and keep them")
    parser.add_argument("--no-check-jsonschema", action="store_true", help="time credcat only")
    args = parser.parse_args(argv)
    sizes = parse_sizes(args.sizes)
    if args.repeat < 1:
        parser.error("--repeat must be 1 or more")

    print_machine("credcat validate benchmark")
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="credcat-bench-") as tmp:
        folder = args.keep or Path(tmp)
        for size in sizes:
            rows += bench_size(size, args.repeat, args.seed, folder, with_check_jsonschema=not args.no_check_jsonschema)

    headers = ["credentials", "tool", "wall s", "creds/s", "CPU s", "CPU/wall", "max RSS MB", "tree RSS MB", "exit"]
    print(table(headers, rows))
    print()
    print("wall s: median of --repeat runs, process start to exit.  CPU s: user+system of all its processes.")
    print("max RSS: largest single process (exact).  tree RSS: all processes together (sampled every 20 ms).")
    print()
    for row in rows:
        if row[1] == "credcat validate":
            rate = float(row[3].replace(",", ""))
            verdict = "meets" if rate >= TARGET_PER_SECOND else "misses"
            print(f"target >= {TARGET_PER_SECOND:,} credentials/s: {row[0]} credentials at {row[3]}/s {verdict} it "
                  f"({rate / TARGET_PER_SECOND:.2f}x the target).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
