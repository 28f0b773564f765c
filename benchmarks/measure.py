"""Shared helpers for the benchmark scripts: run a command cold and measure it, describe the machine.

``run`` starts the command as a fresh process and reports

- wall time (``time.perf_counter`` around start and exit),
- CPU time, user and system, of the whole process tree (from ``wait4``: includes worker processes),
- ``max_rss``: the peak resident memory of the largest single process in the tree, exact (``wait4``'s
  ``ru_maxrss``, the same figure ``resource.getrusage(RUSAGE_CHILDREN)`` gives, but for this run only),
- ``tree_peak``: the peak of the *summed* resident memory of the process and all its descendants,
  sampled from ``/proc`` every 20 ms (a process pool multiplies memory, which ``max_rss`` does not show);
- ``others_cpu``: CPU seconds the rest of the machine used meanwhile (``/proc/stat`` busy time minus the
  measured processes' own). On a shared 2-core machine anything above a few percent of ``wall x nproc``
  means the figure is pessimistic: rerun when the machine is quiet.

``run_parallel`` does the same for several commands run side by side, like ``xargs -P``.

Benchmarks print these figures; they never assert on them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

REPO = Path(__file__).resolve().parent.parent
PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Run:
    cmd: list[str]
    wall: float
    user: float
    system: float
    max_rss_kb: int
    tree_peak_kb: int
    returncode: int
    stdout_tail: str
    stderr_tail: str
    others_cpu: float = 0.0  # CPU seconds used on the machine by processes outside this measurement

    @property
    def cpu(self) -> float:
        return self.user + self.system


def _busy_seconds() -> float:
    """CPU time the whole machine has spent busy since boot (all cores), from /proc/stat."""
    try:
        with open("/proc/stat", "rb") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    guest = sum(fields[8:10]) if len(fields) > 9 else 0  # already counted in user and nice
    return (sum(fields) - idle - guest) / os.sysconf("SC_CLK_TCK")


def wait_for_quiet(max_wait: float = 60.0, *, idle_below: float = 0.15, window: float = 2.0) -> float:
    """Wait (up to ``max_wait`` s) until the machine uses less than ``idle_below`` cores over ``window`` s,
    so a measurement does not start while other work is running; returns the seconds waited."""
    started = time.perf_counter()
    while True:
        before = _busy_seconds()
        time.sleep(window)
        if (_busy_seconds() - before) / window < idle_below:
            return time.perf_counter() - started
        if time.perf_counter() - started > max_wait:
            print(f"  (the machine is still busy after {max_wait:.0f} s; measuring anyway)")
            return time.perf_counter() - started


def _tree_rss_kb(roots: set[int]) -> int:
    """Summed RSS of the processes ``roots`` and all their descendants, from /proc (no psutil needed)."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
    tree = set(roots)
    changed = True
    while changed:
        changed = False
        for pid, ppid in parents.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                changed = True
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                total += int(f.read().split()[1]) * PAGE // 1024
        except (OSError, IndexError, ValueError):
            continue
    return total


def run_parallel(cmds: Sequence[Sequence[str | os.PathLike[str]]], *, jobs: int = 1, cwd: Path | None = None,
                 env: dict[str, str] | None = None, keep_stdout: bool = True, sample_every: float = 0.02) -> Run:
    """Run ``cmds`` with at most ``jobs`` at a time (like ``xargs -P``) and measure them as one run.

    Wall time runs from the first start to the last exit; CPU time adds up every process (and its
    workers); ``max_rss`` is the largest single process; ``tree_peak`` the most memory in use at once.
    """
    pending = [[str(c) for c in cmd] for cmd in cmds]
    running: dict[int, subprocess.Popen[bytes]] = {}
    files = contextlib.ExitStack()
    outs: list[tuple[IO[bytes], IO[bytes]]] = []
    user = system = 0.0
    max_rss = 0
    returncode = 0
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            pids = set(running)
            if pids:
                peak = max(peak, _tree_rss_kb(pids))
            done.wait(sample_every)

    sampler = threading.Thread(target=sample, daemon=True)
    busy_before = _busy_seconds()
    started = time.perf_counter()
    sampler.start()
    try:
        while pending or running:
            while pending and len(running) < jobs:
                out = files.enter_context(tempfile.TemporaryFile())  # noqa: SIM115 (closed by the ExitStack)
                err = files.enter_context(tempfile.TemporaryFile())  # noqa: SIM115
                outs.append((out, err))
                proc = subprocess.Popen(pending.pop(0), cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                        stdout=out if keep_stdout else subprocess.DEVNULL, stderr=err)
                running[proc.pid] = proc
            pid, status, usage = os.wait4(-1, 0)  # the runner has no other children while measuring
            proc = running.pop(pid, None)
            if proc is None:
                continue
            proc.returncode = os.waitstatus_to_exitcode(status)  # tell Popen we reaped it ourselves
            returncode = returncode or proc.returncode
            user += usage.ru_utime
            system += usage.ru_stime
            max_rss = max(max_rss, usage.ru_maxrss)
        wall = time.perf_counter() - started
    finally:
        done.set()
        sampler.join()
    # Everything else the machine did meanwhile (the runner's own sampling included, ~1%).
    others = max(0.0, _busy_seconds() - busy_before - user - system)
    tails = []
    with files:
        for out, err in outs:
            out.seek(0)
            err.seek(0)
            tails.append((out.read()[-2000:].decode(errors="replace"), err.read()[-2000:].decode(errors="replace")))
    return Run([str(c) for c in cmds[0]], wall, user, system, max_rss, max(peak, max_rss), returncode,
               "".join(t[0] for t in tails)[-2000:], "".join(t[1] for t in tails)[-2000:], others)


def run(cmd: Sequence[str | os.PathLike[str]], *, cwd: Path | None = None, env: dict[str, str] | None = None,
        keep_stdout: bool = True) -> Run:
    """Run ``cmd`` as a new process, wait for it, and measure it (see the module docstring)."""
    return run_parallel([cmd], jobs=1, cwd=cwd, env=env, keep_stdout=keep_stdout)


QUIET_WAIT = 30.0  # seconds run_quietly waits for an idle machine; 0 turns waiting off (--no-wait)


def run_quietly(cmds: Sequence[Sequence[str | os.PathLike[str]]], **kwargs: object) -> Run:
    """``run_parallel`` after waiting for the machine to be idle (see ``wait_for_quiet``)."""
    if QUIET_WAIT > 0:
        wait_for_quiet(QUIET_WAIT)
    return run_parallel(cmds, **kwargs)  # type: ignore[arg-type]


def median_run(runs: Sequence[Run]) -> Run:
    """The run with the median wall time (the lower middle one for an even count)."""
    ordered = sorted(runs, key=lambda r: r.wall)
    return ordered[(len(ordered) - 1) // 2]


def spread(runs: Sequence[Run]) -> str:
    walls = [r.wall for r in runs]
    if len(walls) < 2:
        return ""
    return f"min {min(walls):.2f} / max {max(walls):.2f} / sd {statistics.stdev(walls):.2f} s"


def venv_bin(name: str) -> Path:
    """A console script of the project venv (``.venv/bin/NAME``), else the one on PATH."""
    candidate = REPO / ".venv" / "bin" / name
    if candidate.exists():
        return candidate
    found = subprocess.run(["which", name], capture_output=True, text=True).stdout.strip()
    if not found:
        raise SystemExit(f"{name} not found: create the venv with `make install`.")
    return Path(found)


def _out(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


def machine() -> list[tuple[str, str]]:
    """What the figures were measured on, as (label, value) lines."""
    cpu = "?"
    try:
        match = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
        cpu = match.group(1) if match else "?"
    except OSError:
        pass
    mem = "?"
    try:
        match = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
        mem = f"{int(match.group(1)) / 1024 / 1024:.1f} GiB" if match else "?"
    except OSError:
        pass
    python = venv_bin("python")
    versions = _out([str(python), "-c",
                     "import sys, yaml, jsonschema_rs, importlib.metadata as m; "
                     "print(sys.version.split()[0], m.version('credcat'), yaml.__version__, yaml.__with_libyaml__, "
                     "m.version('jsonschema-rs'), m.version('jsonschema'), m.version('check-jsonschema'))"]).split()
    while len(versions) < 7:
        versions.append("?")
    commit = _out(["git", "rev-parse", "--short", "HEAD"])
    dirty = _out(["git", "status", "--porcelain", "--untracked-files=no", "--", "site_plugins", "schema"])
    try:
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        load = "?"
    return [
        ("load average", f"{load} (1, 5, 15 min) before the first run"),
        ("nproc", f"{os.cpu_count()} (usable: {len(os.sched_getaffinity(0))})"),
        ("cpu", cpu),
        ("memory", mem),
        ("os", f"{platform.system()} {platform.release()}"),
        ("python (venv)", f"{versions[0]} at {python}"),
        ("python (runner)", sys.version.split()[0]),
        ("credcat", f"{versions[1]}, git {commit}{' + uncommitted changes in site_plugins/schema' if dirty else ''}"),
        ("libraries", f"PyYAML {versions[2]} (LibYAML: {versions[3]}), jsonschema-rs {versions[4]}, "
                      f"jsonschema {versions[5]}, check-jsonschema {versions[6]}"),
    ]


def print_machine(title: str) -> None:
    print(title)
    print("=" * len(title))
    for label, value in machine():
        print(f"{label:>16}: {value}")
    print()


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table, right-aligned except the first column."""
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths,
                                                                                                      strict=True)))

    return "\n".join([line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)])


def mb(kb: int) -> str:
    return f"{kb / 1024:.0f}"


def parse_run_options(parser: argparse.ArgumentParser, argv: list[str] | None) -> tuple[argparse.Namespace, list[int]]:
    """Parse the options the benchmarks share (--sizes, --repeat, --no-wait) and apply --no-wait."""
    global QUIET_WAIT
    args = parser.parse_args(argv)
    sizes = parse_sizes(args.sizes)
    if args.no_wait:
        QUIET_WAIT = 0
    if args.repeat < 1:
        parser.error("--repeat must be 1 or more")
    return args, sizes


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(s.replace("_", "")) for s in text.split(",") if s.strip()]
    except ValueError:
        raise SystemExit(f"--sizes takes whole numbers separated by commas, like 1000,10000; not {text!r}") from None
    if not sizes or any(s < 1 for s in sizes):
        raise SystemExit("--sizes needs at least one size of 1 or more.")
    return sizes
