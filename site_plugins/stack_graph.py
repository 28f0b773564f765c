"""Stacks that include stacks, walked with loops instead of recursion: any depth of inclusion works.

A chain of a thousand stacks, each including the one before, is a valid catalog; a recursive walk would
exhaust Python's stack on it. Both walks here keep their own stack and visit each stack once per walk.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from typing import Any


def _included(stacks: Mapping[str, Any], stack_id: str) -> list[str]:
    entry = stacks.get(stack_id)
    return list(entry.data.get("stacks", [])) if entry is not None else []


def members(stacks: Mapping[str, Any], credentials: Container[str], stack_id: str) -> list[str]:
    """Every credential of a stack in earning order: each included stack's credentials first (in the order
    listed, depth first), then the stack's own; each credential once; an inclusion that loops is skipped."""
    found: list[str] = []
    known: set[str] = set()
    done: set[str] = set()
    if stack_id not in stacks:
        return found
    path = [stack_id]  # the stacks being walked, outermost first: a child among them would be a loop
    on_path = {stack_id}
    pending = [iter(_included(stacks, stack_id))]
    while pending:
        child = next(pending[-1], None)
        if child is None:
            pending.pop()
            finished = path.pop()
            on_path.discard(finished)
            done.add(finished)
            for cid in stacks[finished].data.get("credentials", []):
                if cid in credentials and cid not in known:
                    known.add(cid)
                    found.append(cid)
            continue
        if child in stacks and child not in done and child not in on_path:
            path.append(child)
            on_path.add(child)
            pending.append(iter(_included(stacks, child)))
    return found


def cycle_through(stacks: Mapping[str, Any], start: str) -> list[str] | None:
    """The loop of included stacks that leads from ``start`` back to it (``[start, …, start]``), if any."""
    trail = [start]
    on_trail = {start}
    explored: set[str] = set()  # searched without finding the loop: never searched twice
    pending = [iter(_included(stacks, start))]
    while pending:
        child = next(pending[-1], None)
        if child is None:
            pending.pop()
            finished = trail.pop()
            on_trail.discard(finished)
            explored.add(finished)
            continue
        if child == start:
            return [*trail, child]
        if child in on_trail or child in explored:
            continue
        trail.append(child)
        on_trail.add(child)
        pending.append(iter(_included(stacks, child)))
    return None
