"""Shared helpers for the benchmark scripts: run a command cold and measure it, describe the machine.

``run`` starts the command as a fresh process and reports

- wall time (``time.perf_counter`` around start and exit),
- CPU time, user and system, of the whole process tree (from ``wait4``: includes worker processes),
- ``max_rss``: the peak resident memory of the largest single process in the tree, exact (``wait4``'s
  ``ru_maxrss``, the same figure ``resource.getrusage(RUSAGE_CHILDREN)`` gives, but for this run only),
- ``tree_peak``: the peak of the *summed* resident memory of the process and all its descendants,
  sampled from ``/proc`` every 20 ms (a process pool multiplies memory, which ``max_rss`` does not show).

Benchmarks print these figures; they never assert on them.
"""

from __future__ import annotations

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

    @property
    def cpu(self) -> float:
        return self.user + self.system


def _tree_rss_kb(root_pid: int) -> int:
    """Summed RSS of ``root_pid`` and its descendants, from /proc (no psutil needed)."""
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
    tree = {root_pid}
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


def run(cmd: Sequence[str | os.PathLike[str]], *, cwd: Path | None = None, env: dict[str, str] | None = None,
        keep_stdout: bool = True, sample_every: float = 0.02) -> Run:
    """Run ``cmd`` as a new process, wait for it, and measure it (see the module docstring)."""
    argv = [str(c) for c in cmd]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        stdout = out if keep_stdout else subprocess.DEVNULL
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=stdout, stderr=err, stdin=subprocess.DEVNULL)
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_rss_kb(proc.pid))
                done.wait(sample_every)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)  # tell Popen we reaped it ourselves
        out.seek(0)
        err.seek(0)
        stdout_tail = out.read()[-2000:].decode(errors="replace")
        stderr_tail = err.read()[-2000:].decode(errors="replace")
    return Run(argv, wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss, max(peak, usage.ru_maxrss),
               proc.returncode, stdout_tail, stderr_tail)


def combine(runs: Sequence[Run]) -> Run:
    """Several processes run one after another as one measurement (e.g. batches of file arguments)."""
    return Run(
        runs[0].cmd,
        sum(r.wall for r in runs),
        sum(r.user for r in runs),
        sum(r.system for r in runs),
        max(r.max_rss_kb for r in runs),
        max(r.tree_peak_kb for r in runs),
        next((r.returncode for r in runs if r.returncode), 0),
        runs[-1].stdout_tail,
        "".join(r.stderr_tail for r in runs)[-2000:],
    )


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
    return [
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


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(s.replace("_", "")) for s in text.split(",") if s.strip()]
    except ValueError:
        raise SystemExit(f"--sizes takes whole numbers separated by commas, like 1000,10000; not {text!r}") from None
    if not sizes or any(s < 1 for s in sizes):
        raise SystemExit("--sizes needs at least one size of 1 or more.")
    return sizes
