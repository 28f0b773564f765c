"""Build step 3: resolve, the record with inherited organization defaults merged in (read by model.py).

Issuers set process facts once (assessor training, feedback turnaround, platform, review cycle...) in
their organization file's ``defaults``. A credential inherits them from the organizations it names, in
the order platform, developer, issuer (a later one wins), and its own values win over all. Scoring,
pages and exports read the resolved record; ``origin`` says where any value came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .catalog import Catalog, Entry

INHERITING_ROLES = ("platform", "developer", "issuer")
OWN = "credential"


@dataclass
class Resolved:
    """A credential with inherited defaults merged in, and the source of every inherited value."""

    entry: Entry
    data: dict[str, Any]
    inherited: dict[tuple[str, ...], str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.entry.id

    def origin(self, path: tuple[str, ...] | str) -> str:
        """``credential``, or the organization id the value at ``path`` came from (``mixed`` for a group
        that holds both)."""
        parts = tuple(path.split(".")) if isinstance(path, str) else path
        for depth in range(len(parts), 0, -1):
            source = self.inherited.get(parts[:depth])
            if source:
                return source
        sources = self.sources(parts)
        return sources.pop() if len(sources) == 1 else ("mixed" if sources else OWN)

    def sources(self, path: tuple[str, ...]) -> set[str]:
        """Every origin of the leaves under ``path``."""
        node = self.get(".".join(path))
        found = {org for p, org in self.inherited.items() if p[: len(path)] == path}
        own = _leaves(node, path) - set(self.inherited)
        return found | ({OWN} if own else set())

    def get(self, path: str, default: Any = None) -> Any:
        value = get_path(self.data, path)
        return default if value is None else value


def resolve(catalog: Catalog, credential_id: str) -> Resolved:
    return resolve_entry(catalog.credentials[credential_id], catalog.organizations)


def resolve_entry(entry: Entry, organizations: Mapping[str, Entry]) -> Resolved:
    """Merge the defaults of the organizations ``entry`` names into it (works in a worker process too)."""
    data: dict[str, Any] = {}
    inherited: dict[tuple[str, ...], str] = {}
    orgs = entry.data.get("organizations", {})
    for role in INHERITING_ROLES:
        org = organizations.get(orgs.get(role, ""))
        if org and org.data.get("defaults"):
            _merge(data, org.data["defaults"], (), org.id, inherited)
    _merge(data, entry.data, (), OWN, inherited)
    return Resolved(entry, data, inherited)


def resolve_all(catalog: Catalog) -> dict[str, Resolved]:
    return {cid: resolve(catalog, cid) for cid in sorted(catalog.credentials)}


def _merge(
    target: dict[str, Any],
    source: dict[str, Any],
    prefix: tuple[str, ...],
    origin: str,
    inherited: dict[tuple[str, ...], str],
) -> None:
    """Deep-merge mappings; lists and plain values replace what was there.

    Provenance is kept per leaf (a plain value or a whole list), so overriding one field of an inherited
    group leaves its siblings marked as inherited.
    """
    for key, value in source.items():
        path = (*prefix, key)
        if isinstance(value, dict):
            if not isinstance(target.get(key), dict):
                target[key] = {}
                _forget(inherited, path)
            _merge(target[key], value, path, origin, inherited)
            continue
        replaced = target.get(key)
        target[key] = value  # shared, not copied: resolved records are read-only by contract
        if isinstance(replaced, dict):
            _forget(inherited, path)
        else:  # a plain value or a list has no inherited children: only its own entry can exist
            inherited.pop(path, None)
        if origin != OWN:
            inherited[path] = origin


def _forget(inherited: dict[tuple[str, ...], str], path: tuple[str, ...]) -> None:
    for known in [p for p in inherited if p[: len(path)] == path]:
        del inherited[known]


def _leaves(node: Any, path: tuple[str, ...]) -> set[tuple[str, ...]]:
    if isinstance(node, dict):
        return {leaf for k, v in node.items() for leaf in _leaves(v, (*path, k))}
    return {path}




def get_path(record: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path of a plain record (None when any step is missing)."""
    node: Any = record
    for part in path.split(".") if path else ():
        if type(node) is not dict or part not in node:
            return None
        node = node[part]
    return node
