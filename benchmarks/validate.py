"""Benchmark: `credcat validate` on generated catalogs, against check-jsonschema on the same files.

    .venv/bin/python benchmarks/validate.py [--sizes 1000,10000] [--repeat N] [--seed N] [--keep DIR]
                                            [--cj-jobs N] [--no-wait]

For each size it generates a catalog (benchmarks/generate.py) in a temporary folder, then runs

- ``credcat validate --root DIR``: the real command, as a new process each time (no warm interpreter, no
  in-process caches; the generated files are in the OS page cache, as they are after a git checkout);
- ``check-jsonschema --schemafile schema/credential.schema.json catalog/credentials/*.yaml``: the usual
  general-purpose tool, on the same credential files and the same schema. It runs on one core, so the
  files are split into ``--cj-jobs`` batches (default: nproc) run side by side, as ``xargs -P`` would,
  and into more if a batch would pass the argument-length limit; ``--cj-jobs 1`` runs it serially,
  ``--cj-jobs 0`` skips it (at 10,000 credentials it takes about 100 s on 2 cores).

Each measured run waits (up to 30 s) for the machine to be idle first, and reports how much CPU other
processes used while it ran, since a shared machine makes wall times pessimistic.

It prints wall time, credentials per second, CPU time, peak memory and the ratio between the two tools.
The target reported against: ``credcat validate`` checks at least 1,500 credentials/s on a 2-core machine.
The figures are printed, never asserted: this is a benchmark, not a test.

Note the commands do not do the same work: credcat also validates organizations and stacks, runs the
cross-file checks and checks reviewers' judgements against the rubric (which needs inheritance resolved
and part of the scoring); check-jsonschema only checks each credential file against the schema.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import measure
from generate import generate
from measure import (
    Run,
    mb,
    median_run,
    print_machine,
    run_quietly,
    spread,
    table,
    venv_bin,
)

TARGET_PER_SECOND = 1500


def credcat_validate(root: Path) -> Run:
    return run_quietly([[venv_bin("credcat"), "validate", "--root", root]])


def check_jsonschema(root: Path, files: list[Path], jobs: int) -> Run:
    """check-jsonschema on ``files`` (relative to ``root``), split into ``jobs`` batches run side by side
    (like ``find … | xargs -P JOBS``), and into more batches if one would pass the argument-length limit."""
    base = [str(venv_bin("check-jsonschema")), "--schemafile", "schema/credential.schema.json"]
    args = [path.relative_to(root).as_posix() for path in files]
    budget = os.sysconf("SC_ARG_MAX") // 2 - sum(len(k) + len(v) + 2 for k, v in os.environ.items())
    budget -= sum(len(a) + 1 for a in base)
    batches = max(jobs, -(-sum(len(a) + 1 for a in args) // budget))
    size = -(-len(args) // batches)
    cmds = [[*base, *args[i : i + size]] for i in range(0, len(args), size)]
    return run_quietly(cmds, jobs=jobs, cwd=root)


def describe_failure(name: str, result: Run) -> None:
    if result.returncode != 0:
        print(f"  ! {name} exited {result.returncode}; its output ends with:")
        for line in (result.stdout_tail + result.stderr_tail).strip().splitlines()[-8:]:
            print(f"    {line}")


def bench_size(size: int, repeat: int, seed: int, folder: Path, cj_jobs: int) -> list[list[str]]:
    root = folder / f"catalog-{size}"
    made = generate(root, size, seed)
    files = made.credential_files
    total_files = len(made.credential_ids) + len(made.stack_ids) + len(made.organization_ids)
    print(f"{size:,} credentials: generated {total_files:,} files ({made.bytes_written / 1e6:.1f} MB, "
          f"{made.bytes_written / len(files) / 1024:.1f} KB per credential on average) in {made.seconds:.1f} s")

    cj_name = f"check-jsonschema x{cj_jobs}"
    tools = [("credcat validate", lambda: credcat_validate(root))]
    if cj_jobs:
        tools.append((cj_name, lambda: check_jsonschema(root, files, cj_jobs)))
    results: dict[str, Run] = {}
    best: dict[str, float] = {}
    for name, timing in tools:
        runs = []
        for attempt in range(repeat):
            result = timing()
            runs.append(result)
            print(f"  {name:<19} run {attempt + 1}/{repeat}: {result.wall:7.2f} s  exit {result.returncode}  "
                  f"(other processes used {result.others_cpu:.1f} CPU s meanwhile)")
            describe_failure(name, result)
        results[name] = median_run(runs)
        best[name] = min(r.wall for r in runs)
        if spread(runs):
            print(f"  {name:<19} {spread(runs)}")

    rows = []
    for name, result in results.items():
        rows.append([f"{size:,}", name, f"{result.wall:.2f}", f"{best[name]:.2f}", f"{size / result.wall:,.0f}",
                     f"{size / best[name]:,.0f}", f"{result.cpu:.2f}",
                     f"{result.cpu / result.wall:.2f}", mb(result.max_rss_kb), mb(result.tree_peak_kb),
                     f"{result.others_cpu:.1f}", str(result.returncode)])
    if cj_jobs:
        ours, theirs = results["credcat validate"], results[cj_name]
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
    parser.add_argument("--no-wait", action="store_true", help="do not wait for an idle machine before each run")
    parser.add_argument("--cj-jobs", type=int, default=os.cpu_count() or 1,
                        help="check-jsonschema processes side by side (default: nproc, like xargs -P; 0 skips it)")
    args, sizes = measure.parse_run_options(parser, argv)

    print_machine("credcat validate benchmark")
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="credcat-bench-") as tmp:
        folder = args.keep or Path(tmp)
        for size in sizes:
            rows += bench_size(size, args.repeat, args.seed, folder, args.cj_jobs)

    headers = ["credentials", "tool", "wall s", "best s", "creds/s", "best creds/s", "CPU s", "CPU/wall",
               "max RSS MB", "tree RSS MB", "others CPU s", "exit"]
    print(table(headers, rows))
    print()
    print("wall s: median of --repeat runs, process start to exit (best s: the fastest run).  CPU s: user+system")
    print("of all its processes (median run).  Each run starts once the machine is idle (up to 30 s; --no-wait).")
    print("max RSS: largest single process (exact).  tree RSS: all processes together (sampled every 20 ms).")
    print("others CPU s: CPU time other processes on the machine used during the run; if it is more than a few")
    print("percent of wall x nproc, the run competed for the cores and its figures are pessimistic.")
    print()
    for row in rows:
        if row[1] == "credcat validate":
            rate = float(row[4].replace(",", ""))
            verdict = "meets" if rate >= TARGET_PER_SECOND else "misses"
            print(f"target >= {TARGET_PER_SECOND:,} credentials/s: {row[0]} credentials at {row[4]}/s (median; best "
                  f"{row[5]}/s) {verdict} it ({rate / TARGET_PER_SECOND:.2f}x the target).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
