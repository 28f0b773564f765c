"""Run a function over many items in forked worker processes, results in order.

The build's per-credential work (pages, exports) reads the whole loaded catalog: forked workers share it
with the parent as it is, where spawned ones would need it pickled to them. Small jobs stay in-process,
where starting workers would cost more than it saves.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_THRESHOLD = 200  # items below which one process is faster than starting workers

_TASK: Callable[[Any], Any] | None = None


def _run_chunk(chunk: Sequence[Any]) -> list[Any]:
    assert _TASK is not None
    return [_TASK(item) for item in chunk]


def _worker_start() -> None:
    gc.disable()  # short-lived workers that build acyclic results: the cycle collector would find nothing


def fork_map(task: Callable[[T], R], items: Sequence[T], *, workers: int | None = None,
             threshold: int | None = None, min_chunk: int = 20) -> list[R]:
    """``[task(item) for item in items]``, spread over forked processes when there are enough items."""
    return list(fork_imap(task, items, workers=workers, threshold=threshold, min_chunk=min_chunk))


def fork_imap(task: Callable[[T], R], items: Sequence[T], *, workers: int | None = None,
              threshold: int | None = None, min_chunk: int = 20) -> Iterator[R]:
    """``task(item)`` for each item, in order, as results come in (for progress reports).

    Forked workers run it when there are ``threshold`` items or more (default ``PARALLEL_THRESHOLD``),
    in chunks of at least ``min_chunk``. ``task`` and everything it reads are inherited by the workers at
    fork time, never pickled; only the items and the results cross between processes, so both must pickle."""
    global _TASK
    count = workers if workers is not None else (os.cpu_count() or 1)
    limit = PARALLEL_THRESHOLD if threshold is None else threshold
    if count <= 1 or len(items) < limit or "fork" not in multiprocessing.get_all_start_methods():
        yield from (task(item) for item in items)
        return
    size = max(min_chunk, len(items) // (count * 8))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    _TASK = task
    collecting = gc.isenabled()
    gc.disable()  # unpickling many acyclic results would trigger collections that find nothing
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=_worker_start) as pool:
            for chunk in pool.map(_run_chunk, chunks):
                yield from chunk
    finally:
        _TASK = None
        if collecting:
            gc.enable()
