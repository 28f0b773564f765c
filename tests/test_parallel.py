"""parallel.fork_map, and the build steps that use it, give the same results in workers as in one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_plugins import exports, pages, parallel, pipeline

ROOT = Path(__file__).parents[1]
SITE = "https://catalog.example.org/"


def test_fork_map_keeps_order_and_reaches_what_the_task_closes_over():
    offset = {"value": 7}  # a closure over local state: it reaches the workers by fork, not by pickling
    items = list(range(1000))
    assert parallel.fork_map(lambda n: n * 2 + offset["value"], items, workers=2) == [n * 2 + 7 for n in items]


def test_fork_map_raises_the_task_error():
    def task(n: int) -> int:
        if n == 321:
            raise ValueError("bad item 321")
        return n

    with pytest.raises(ValueError, match="bad item 321"):
        parallel.fork_map(task, list(range(500)), workers=2)


@pytest.fixture
def in_workers(monkeypatch):
    """Every fork_map call of the build goes to two worker processes, however few the items."""
    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 0)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)


def _pages_and_exports() -> tuple[list[pages.Page], dict[str, str], dict[str, str]]:
    build = pipeline.run(ROOT)
    made = pages.all_pages(build, SITE)
    files = exports.export_files(build, ["all"], SITE)
    scripts = {cid: exports.json_ld_script(build, cid, SITE) for cid in sorted(build.scorecards)}
    return made, files, scripts


def test_pages_and_exports_made_in_workers_are_those_made_in_one_process(in_workers):
    in_parallel = _pages_and_exports()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parallel, "PARALLEL_THRESHOLD", 10**9)
        serial = _pages_and_exports()
    assert in_parallel == serial
    assert len(in_parallel[0]) > len(pipeline.run(ROOT).scorecards)
