"""Stacks that include stacks, walked with loops instead of recursion: any depth of inclusion works.

A chain of a thousand stacks, each including the one before, is a valid catalog; a recursive walk would
exhaust Python's stack on it. Both walks here keep their own stack and visit each stack once per walk.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterator, Mapping
from typing import Any


def _listed(entry: Any, name: str) -> list[str]:
    """A stack's ``stacks`` or ``credentials``: from the typed model (model.Stack) or a raw file (catalog.Entry)."""
    if hasattr(entry, "data"):
        found = entry.data.get(name, [])
        return list(found) if isinstance(found, list) else []
    return list(getattr(entry, name, ()))


def _included(stacks: Mapping[str, Any], stack_id: str) -> list[str]:
    entry = stacks.get(stack_id)
    return _listed(entry, "stacks") if entry is not None else []


def _depth_first(stacks: Mapping[str, Any], start: str, descend: Callable[[str, list[str]], bool]) -> Iterator[str]:
    """Each stack as its walk finishes (its included stacks first), from ``start``. ``descend(child, trail)``
    says whether to walk into an included stack (``trail``: the stacks being walked, outermost first); a
    stack already on the trail is never walked into again, so a loop ends the walk instead of repeating."""
    trail = [start]
    on_trail = {start}
    pending = [iter(_included(stacks, start))]
    while pending:
        child = next(pending[-1], None)
        if child is None:
            pending.pop()
            finished = trail.pop()
            on_trail.discard(finished)
            yield finished
        elif descend(child, trail) and child not in on_trail:
            trail.append(child)
            on_trail.add(child)
            pending.append(iter(_included(stacks, child)))


def members(stacks: Mapping[str, Any], credentials: Container[str], stack_id: str) -> list[str]:
    """Every credential of a stack in earning order: each included stack's credentials first (in the order
    listed, depth first), then the stack's own; each credential once; an inclusion that loops is skipped."""
    if stack_id not in stacks:
        return []
    found: list[str] = []
    known: set[str] = set()
    done: set[str] = set()
    for finished in _depth_first(stacks, stack_id, lambda child, trail: child in stacks and child not in done):
        done.add(finished)
        for cid in _listed(stacks[finished], "credentials"):
            if cid in credentials and cid not in known:
                known.add(cid)
                found.append(cid)
    return found


def cycle_through(stacks: Mapping[str, Any], start: str) -> list[str] | None:
    """The loop of included stacks that leads from ``start`` back to it (``[start, …, start]``), if any."""
    loop: list[str] = []
    explored: set[str] = set()  # searched without finding the loop: never searched twice

    def descend(child: str, trail: list[str]) -> bool:
        if child == start and not loop:
            loop.extend([*trail, child])
        return not loop and child not in explored

    for finished in _depth_first(stacks, start, descend):
        explored.add(finished)
    return loop or None
