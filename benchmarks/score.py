"""Benchmark: scoring the whole catalog against validating it, on generated catalogs.

    .venv/bin/python benchmarks/score.py [--sizes 1000,10000] [--repeat N] [--seed N] [--keep DIR] [--no-wait]

Target reported against: scoring the whole catalog takes no more than half again the time of validating
it, that is ``credcat score --all`` total <= 1.5 x ``credcat validate`` total. Two views of it:

1. The commands, each as a new process: ``credcat validate --root DIR`` and
   ``credcat score --all --format json --root DIR > /dev/null``. Ratio = score wall / validate wall.
2. Inside one process with one worker, the steps of ``site_plugins.pipeline.run`` timed separately (its
   functions are wrapped with timers, so the breakdown follows the pipeline as it is, wherever it calls
   them): load + schema validation + cross-file checks (``load_catalog`` minus the steps it calls),
   inheritance (``resolve``), scoring (the ``score()`` calls; for validate, the reviewer-judgement check)
   and, for ``score --format json``, formatting the scorecards. This is where the CPU time goes; the
   commands above show what the process pool makes of it. Ratio = scoring / load-and-validate, where
   the target means <= 0.5.

``SOURCE_DATE_EPOCH`` is fixed so every run scores as of the same day. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path

import measure
from generate import generate
from measure import Run, mb, median_run, print_machine, run_quietly, spread, table, venv_bin

TARGET_RATIO = 1.5
AS_OF = dt.datetime(2026, 11, 15, tzinfo=dt.UTC)

# Runs in the project venv as a fresh process: one pipeline.run with one worker (so every step, even one
# the pipeline runs inside its loading workers, happens in this process and can be timed), its steps timed
# by wrapping the names pipeline.run looks up. Times are exclusive: a step called inside another (scoring
# inside load_catalog, say) is subtracted from the outer one, so the parts add up to the total.
BREAKDOWN = r"""
import json, sys, time
started = time.perf_counter()
from pathlib import Path
from site_plugins import pipeline
from site_plugins.scorecard_format import as_json
imported = time.perf_counter() - started
spent, calls, stack = {}, {}, []

def timed(name, fn):
    def wrapper(*args, **kwargs):
        stack.append(0.0)  # time spent in timed steps called from this one
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            took = time.perf_counter() - t
            inner = stack.pop()
            spent[name] = spent.get(name, 0.0) + took - inner
            calls[name] = calls.get(name, 0) + 1
            if stack:
                stack[-1] += took
    return wrapper

STEPS = ("load_catalog", "load_rubric", "resolve_all", "resolve", "resolve_entry", "score", "claim_conflicts",
         "review_conflicts", "_review_problems")
for name in STEPS:
    if callable(getattr(pipeline, name, None)):  # whichever steps this version of the pipeline has
        setattr(pipeline, name, timed(name, getattr(pipeline, name)))
root, mode = Path(sys.argv[1]), sys.argv[2]
t = time.perf_counter()
build = pipeline.run(root, score_all=(mode == "score"), workers=1)
total = time.perf_counter() - t
formatting = 0.0
if mode == "score":
    t = time.perf_counter()
    for cid in sorted(build.scorecards):
        as_json(build.scorecards[cid])
    formatting = time.perf_counter() - t
print(json.dumps({"import": imported, "run": total, "format": formatting, "spent": spent, "calls": calls,
                  "ok": build.ok, "scored": len(build.scorecards), "problems": len(build.problems)}))
"""


def env() -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": str(int(AS_OF.timestamp()))}


def measured(name: str, cmd: list[str | Path], repeat: int, *, keep_stdout: bool = True) -> Run:
    runs = []
    for attempt in range(repeat):
        result = run_quietly([cmd], env=env(), keep_stdout=keep_stdout)
        runs.append(result)
        print(f"  {name:<33} run {attempt + 1}/{repeat}: {result.wall:6.2f} s  exit {result.returncode}  "
              f"(other processes used {result.others_cpu:.1f} CPU s meanwhile)")
        if result.returncode != 0:
            for line in (result.stdout_tail + result.stderr_tail).strip().splitlines()[-8:]:
                print(f"    {line}")
    if spread(runs):
        print(f"  {name:<33} {spread(runs)}")
    return median_run(runs)


def breakdown(root: Path, mode: str, repeat: int) -> dict[str, object]:
    """The pipeline's steps in one fresh process; the run with the median total is kept."""
    found = []
    for _ in range(repeat):
        result = run_quietly([[venv_bin("python"), "-c", BREAKDOWN, root, mode]], env=env())
        if result.returncode != 0:
            print(f"  ! breakdown ({mode}) failed: {(result.stdout_tail + result.stderr_tail).strip()[-600:]}")
            return {}
        found.append(json.loads(result.stdout_tail.strip().splitlines()[-1]))
        print(f"  pipeline steps, {mode:<23} run {len(found)}/{repeat}: {found[-1]['run']:6.2f} s  "
              f"(other processes used {result.others_cpu:.1f} CPU s meanwhile)")
    found.sort(key=lambda f: f["run"])
    return found[(len(found) - 1) // 2]


def bench_size(size: int, repeat: int, seed: int, folder: Path) -> tuple[list[list[str]], list[list[str]]]:
    root = folder / f"catalog-{size}"
    made = generate(root, size, seed)
    print(f"{size:,} credentials: generated {made.bytes_written / 1e6:.1f} MB in {made.seconds:.1f} s")
    credcat = venv_bin("credcat")
    validate = measured("credcat validate", [credcat, "validate", "--root", root], repeat)
    scored = measured("credcat score --all --format json", [credcat, "score", "--all", "--format", "json",
                                                             "--root", root], repeat, keep_stdout=False)
    commands = [
        [f"{size:,}", "credcat validate", f"{validate.wall:.2f}", f"{validate.cpu:.2f}", mb(validate.max_rss_kb),
         mb(validate.tree_peak_kb), f"{validate.others_cpu:.1f}", "1.00"],
        [f"{size:,}", "credcat score --all --format json", f"{scored.wall:.2f}", f"{scored.cpu:.2f}",
         mb(scored.max_rss_kb), mb(scored.tree_peak_kb), f"{scored.others_cpu:.1f}",
         f"{scored.wall / validate.wall:.2f}"],
    ]
    print(f"  commands: score --all / validate = {scored.wall:.2f} s / {validate.wall:.2f} s = "
          f"{scored.wall / validate.wall:.2f} (target <= {TARGET_RATIO})")

    steps: list[list[str]] = []
    as_validate, as_score = breakdown(root, "validate", repeat), breakdown(root, "score", repeat)
    if as_validate and as_score:
        for label, found in (("validate (score_all=False)", as_validate), ("score --all", as_score)):
            spent: dict[str, float] = found["spent"]  # type: ignore[assignment]
            calls: dict[str, int] = found["calls"]  # type: ignore[assignment]
            load = spent.get("load_catalog", 0.0)
            resolving = sum(spent.get(k, 0.0) for k in ("resolve_all", "resolve", "resolve_entry"))
            # Scoring as each mode does it: score() for every credential, or (validate) only checking the
            # components reviewers marked met (claim_conflicts) in newer versions of the pipeline.
            scoring = spent.get("score", 0.0) + spent.get("claim_conflicts", 0.0)
            scored = calls.get("score", 0) + calls.get("claim_conflicts", 0)
            reviewing = spent.get("review_conflicts", 0.0) + spent.get("_review_problems", 0.0)
            known = load + spent.get("load_rubric", 0.0) + resolving + scoring + reviewing
            steps.append([f"{size:,}", label, f"{found['import']:.2f}", f"{load:.2f}", f"{resolving:.2f}",
                          f"{scoring:.2f} ({scored:,})", f"{reviewing:.2f}", f"{found['run'] - known:.2f}",
                          f"{found['format']:.2f}", f"{found['run'] + found['format']:.2f}",
                          f"{scoring / load:.2f}" if load else "-"])
        load = as_score["spent"]["load_catalog"]  # type: ignore[index]
        scoring = as_score["spent"].get("score", 0.0)  # type: ignore[union-attr]
        print(f"  in-process: scoring / load-and-validate = {scoring:.2f} s / {load:.2f} s = {scoring / load:.2f} "
              f"(target <= {TARGET_RATIO - 1:.1f})")
    print()
    return commands, steps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="catalog sizes in credentials (default 1000,10000)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the median is reported")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--keep", type=Path, help="write the catalogs under this folder and keep them")
    parser.add_argument("--no-wait", action="store_true", help="do not wait for an idle machine before each run")
    args, sizes = measure.parse_run_options(parser, argv)

    print_machine("credcat score benchmark")
    commands: list[list[str]] = []
    steps: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="credcat-bench-") as tmp:
        folder = args.keep or Path(tmp)
        for size in sizes:
            more_commands, more_steps = bench_size(size, args.repeat, args.seed, folder)
            commands += more_commands
            steps += more_steps

    print("Commands (new process each, started once the machine is idle; wall s is the median of --repeat runs)")
    print(table(["credentials", "command", "wall s", "CPU s", "max RSS MB", "tree RSS MB", "others CPU s",
                 "x validate"], commands))
    print()
    print("Pipeline steps in one process, one worker (seconds; each step exclusive of the steps it calls)")
    print(table(["credentials", "run as", "import", "load+validate", "resolve", "scoring (calls)", "review check",
                 "rest", "json format", "total", "score/load"], steps))
    print("load+validate: load_catalog (read, parse, schema-check every file, cross-file checks) minus the steps it")
    print("calls.  scoring: the score() calls (validate: only the reviewer-judgement check, claim_conflicts).")
    print("rest: pipeline.run minus the named steps.  total: pipeline.run + json format (import not included).")
    print()
    print(f"target: credcat score --all <= {TARGET_RATIO} x credcat validate (commands), i.e. scoring <= "
          f"{TARGET_RATIO - 1:.1f} x load-and-validate (in process).")
    for row in commands:
        if row[1].startswith("credcat score"):
            ratio = float(row[7])
            verdict = "meets" if ratio <= TARGET_RATIO else "misses"
            print(f"  {row[0]} credentials: score --all is {ratio:.2f} x validate; {verdict} the target.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
