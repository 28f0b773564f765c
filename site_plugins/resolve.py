"""Build step 3: resolve, the record with inherited organization defaults merged in (read by model.py).

Issuers and platforms set process facts once (development and peer review, evaluation levels, assessor
training, feedback turnaround, platform, review cycle, supports...) in their organization file's
``defaults``. A credential inherits them from the organizations it names, in the order platform, developer,
issuer (a later one wins), and its own values win over all. The platform it names also fills
``recognition.platform`` (its name and web address), attributed to it. Lists are combined: a credential's
list adds its items to the defaults' (an item already there is not repeated), unless the credential names
the field in ``replace_defaults``, when its list replaces theirs. Scoring, pages and exports read the
resolved record; ``origin`` says where any value came from (for a combined list, each item's own).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # catalog.py runs the cross-file checks, which resolve: no import at run time
    from .catalog import Catalog, Entry

INHERITING_ROLES = ("platform", "developer", "issuer")
OWN = "credential"


@dataclass
class Resolved:
    """A credential with inherited defaults merged in, and the source of every inherited value."""

    entry: Entry
    data: dict[str, Any]
    inherited: dict[tuple[str | int, ...], str] = field(default_factory=dict)

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
    inherited: dict[tuple[str | int, ...], str] = {}
    orgs = entry.data.get("organizations")
    orgs = orgs if isinstance(orgs, dict) else {}
    for role in INHERITING_ROLES:
        oid = orgs.get(role)
        org = organizations.get(oid) if isinstance(oid, str) else None
        if org is None:
            continue
        if role == "platform":
            _merge(data, platform_facts(org.data), (), org.id, inherited)
        if isinstance(org.data.get("defaults"), dict):
            _merge(data, org.data["defaults"], (), org.id, inherited)
    replace = entry.data.get("replace_defaults")
    replacing = frozenset(str(p) for p in replace) if isinstance(replace, list) else frozenset()
    _merge(data, entry.data, (), OWN, inherited, replacing)
    return Resolved(entry, data, inherited)


def platform_facts(organization: Mapping[str, Any]) -> dict[str, Any]:
    """What naming an organization as the platform says by itself: where the credential is issued."""
    platform = {key: organization[key] for key in ("name", "url") if isinstance(organization.get(key), str)}
    return {"recognition": {"platform": platform}} if platform else {}


def resolve_all(catalog: Catalog) -> dict[str, Resolved]:
    return {cid: resolve(catalog, cid) for cid in sorted(catalog.credentials)}


def _merge(
    target: dict[str, Any],
    source: dict[str, Any],
    prefix: tuple[str, ...],
    origin: str,
    inherited: dict[tuple[str | int, ...], str],
    replacing: frozenset[str] = frozenset(),
) -> None:
    """Deep-merge mappings; lists add to the lists already there (unless replaced); plain values replace.

    Provenance is kept per leaf (a plain value, a whole list, or each item of a combined list), so
    overriding one field of an inherited group leaves its siblings marked as inherited.
    """
    for key, value in source.items():
        path = (*prefix, key)
        if isinstance(value, dict):
            if not isinstance(target.get(key), dict):
                target[key] = {}
                _forget(inherited, path)
            _merge(target[key], value, path, origin, inherited, replacing)
            continue
        before = target.get(key)
        if isinstance(value, list) and isinstance(before, list) and ".".join(path) not in replacing:
            _combine(target, key, before, value, path, origin, inherited)
            continue
        target[key] = value  # shared, not copied: resolved records are read-only by contract
        if isinstance(before, dict | list):
            _forget(inherited, path)  # its children's (or items') origins
        else:  # a plain value has no inherited children: only its own entry can exist
            inherited.pop(path, None)
        if origin != OWN:
            inherited[path] = origin


def _combine(target: dict[str, Any], key: str, before: list[Any], added: list[Any], path: tuple[str, ...],
             origin: str, inherited: dict[tuple[str | int, ...], str]) -> None:
    """A list of the defaults, then the items ``added`` that it does not hold yet, each with its origin."""
    origins: list[str | None] = [inherited.get((*path, i)) or inherited.get(path) for i in range(len(before))]
    items = list(before)
    for item in added:
        if item not in items:
            items.append(item)
            origins.append(None if origin == OWN else origin)
    target[key] = items
    _forget(inherited, path)
    if len(set(origins)) == 1 and origins[0] is not None:
        inherited[path] = origins[0]  # every item from one organization: the list is its
        return
    for i, source in enumerate(origins):
        if source is not None:
            inherited[(*path, i)] = source


def _forget(inherited: dict[tuple[str | int, ...], str], path: tuple[str, ...]) -> None:
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
