"""Stacks including stacks are walked with loops: the same members and loops as a recursive walk, on any depth."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from typing import Any

from site_plugins import stack_graph


@dataclass
class FakeEntry:
    data: dict[str, Any] = field(default_factory=dict)


def recursive_members(stacks: dict[str, FakeEntry], credentials: set[str], stack_id: str,
                      seen: frozenset[str] = frozenset()) -> list[str]:
    """The walk as it was written before (recursive): the reference for small graphs."""
    entry = stacks.get(stack_id)
    if entry is None or stack_id in seen:
        return []
    members: list[str] = []
    for child in entry.data.get("stacks", []):
        members += [m for m in recursive_members(stacks, credentials, child, seen | {stack_id}) if m not in members]
    members += [c for c in entry.data.get("credentials", []) if c in credentials and c not in members]
    return members


def random_stacks(rng: random.Random, count: int) -> dict[str, FakeEntry]:
    ids = [f"s{i}" for i in range(count)]
    missing = lambda: ["missing"] if rng.random() < 0.1 else []  # noqa: E731 - a stack that is not in the catalog
    return {sid: FakeEntry({"stacks": rng.sample(ids, rng.randint(0, min(3, count))) + missing(),
                            "credentials": rng.sample([f"c{i}" for i in range(12)], rng.randint(0, 4))})
            for sid in ids}


def test_members_match_the_recursive_walk_on_random_graphs_with_loops() -> None:
    rng = random.Random(16)
    credentials = {f"c{i}" for i in range(10)}  # c10 and c11 are listed but not in the catalog
    for _ in range(300):
        stacks = random_stacks(rng, rng.randint(1, 8))
        for sid in stacks:
            assert stack_graph.members(stacks, credentials, sid) == recursive_members(stacks, credentials, sid)


def test_a_loop_is_found_exactly_when_a_stack_reaches_itself() -> None:
    rng = random.Random(61)
    for _ in range(300):
        stacks = random_stacks(rng, rng.randint(1, 8))
        for sid in stacks:
            loop = stack_graph.cycle_through(stacks, sid)
            reachable, pending = set(), list(stacks[sid].data["stacks"])
            while pending:
                current = pending.pop()
                if current in stacks and current not in reachable:
                    reachable.add(current)
                    pending.extend(stacks[current].data["stacks"])
            assert (loop is not None) == (sid in reachable)
            if loop:
                assert loop[0] == loop[-1] == sid
                assert all(b in stacks[a].data["stacks"] for a, b in itertools.pairwise(loop))


def test_a_chain_of_100000_stacks_has_no_depth_limit() -> None:
    count = 100_000
    stacks = {f"s{i}": FakeEntry({"stacks": [f"s{i + 1}"] if i + 1 < count else [], "credentials": [f"c{i}"]})
              for i in range(count)}
    members = stack_graph.members(stacks, {f"c{i}" for i in range(count)}, "s0")
    assert members[0] == f"c{count - 1}" and len(members) == count
    assert stack_graph.cycle_through(stacks, "s0") is None
    stacks[f"s{count - 1}"].data["stacks"] = ["s0"]
    loop = stack_graph.cycle_through(stacks, "s0")
    assert loop is not None and len(loop) == count + 1
