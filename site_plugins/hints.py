""""Did you mean" hints a contributor can trust: by meaning first, by spelling only when it is a typo.

Contributors copy wording from an issuer's page ("Scoring guide", "Price", "Open Badges"). A hint that is
only close in spelling can push them toward a claim their source does not make: a list of sources is not
`resources`, a partner is not a `practitioner`, and "Open Badges" does not say "Open Badges 3.0". So:

- **Meaning.** A name that is another field's name or one of its other names (the schema's
  ``x-also-called``) is answered with that field, wherever it is in the file ("`price` belongs in
  `access.cost.amount`"). A value that is an allowed value's title ("PD hours") is answered with the value.
- **Spelling.** Otherwise a hint is given only for a likely typo: one slip (a letter left out, added,
  changed or two swapped; two slips in a name of nine letters or more) from exactly one name allowed here,
  adding no word or number to it, and not one of the words the schema lists as meaning something else
  (``x-not-also-called``).
- Otherwise no hint: the caller says what the place is for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import OSA

_SEPARATORS = re.compile(r"[\s_\-/–—.]+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def normal(text: str) -> str:
    """How names and values are compared: case, spaces, hyphens and underscores do not matter."""
    return _SEPARATORS.sub(" ", str(text).casefold()).strip()


def _words(text: str) -> set[str]:
    return set(normal(text).split())


@dataclass(frozen=True)
class Field:
    """A field of the schema: where it is (``access.cost.amount``), its title and its other names."""

    path: str
    parent: str
    name: str
    title: str
    aliases: tuple[str, ...]
    unlike: tuple[str, ...]  # words that look like its name but mean something else


def schema_fields(schema: Any) -> list[Field]:
    """Every named field of ``schema`` (a schemas.Schema), items of lists included, in document order."""
    found: list[Field] = []
    seen: set[tuple[int, str]] = set()
    pending: list[tuple[str, dict[str, Any] | None]] = [("", schema.document)]
    while pending and len(found) < 5_000:
        where, node = pending.pop(0)
        node = _merged(schema, node)
        if node is None or (id(node), where) in seen or where.count(".") > 8:
            continue
        seen.add((id(node), where))
        for name, sub in (node.get("properties") or {}).items():
            described = _merged(schema, sub) or {}
            path = f"{where}.{name}" if where else name
            found.append(Field(path, where, name, str(described.get("title") or ""),
                               tuple(str(a) for a in described.get("x-also-called") or ()),
                               tuple(str(a) for a in described.get("x-not-also-called") or ())))
            pending.append((path, sub))
        items = node.get("items")
        if isinstance(items, dict):
            pending.append((where, items))
    return found


def _merged(schema: Any, node: Any) -> dict[str, Any] | None:
    """The node with its references followed and the real branch of a `not published` choice."""
    return schema._deref(node) if isinstance(node, dict) else None


def field_hint(name: str, here: str, allowed: Sequence[str], fields: Iterable[Field]) -> str | None:
    """What to say instead of an unknown field ``name`` at ``here`` (a dotted path, "" at the top), or None.

    The answer is a sentence ending without a full stop: "did you mean `status`?" or "`sources` belongs at
    the top of the file, not in `research`"."""
    wanted = normal(name)
    fields = list(fields)
    by_meaning = [f for f in fields if normal(f.name) == wanted or wanted in {normal(a) for a in f.aliases}]
    local = [f for f in by_meaning if f.parent == here]
    if local:
        return f"did you mean `{local[0].name}`?"
    places = list({f.path: f for f in by_meaning}.values())
    if len(places) == 1:
        target = places[0]
        if normal(target.name) == wanted:
            inside = f"in `{target.parent}`" if target.parent else "at the top of the file"
            return f"`{name}` belongs {inside}, not {'in `' + here + '`' if here else 'at the top of the file'}"
        return f"did you mean `{target.path}`?"
    if len(places) > 1:  # the same word names different things: say what each is, and let the source decide
        named = [f"`{f.path}` ({f.title.lower()})" if f.title else f"`{f.path}`" for f in places[:4]]
        return f"did you mean {', '.join(named[:-1])} or {named[-1]}?"
    close = typo(name, allowed)
    if close is None:
        return None
    target_field = next((f for f in fields if f.parent == here and f.name == close), None)
    if target_field and wanted in {normal(u) for u in target_field.unlike}:
        return None
    return f"did you mean `{close}`?"


def value_hint(value: Any, options: Sequence[tuple[str, str]],
               aliases: dict[str, Sequence[str]] | None = None) -> str | None:
    """The allowed value ``value`` most likely means (``options``: value and title; ``aliases``: a value's
    other names, the schema's ``x-also-called`` on it), or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    wanted = normal(value)
    for option, title in options:
        if wanted in (normal(option), normal(title)) or wanted in {normal(a) for a in (aliases or {}).get(option, ())}:
            return option
    names = {normal(o): o for o, _ in options} | {normal(t): o for o, t in options if t}
    close = typo(wanted, list(names))
    return names[close] if close is not None else None


def typo(written: str, allowed: Sequence[str]) -> str | None:
    """The one allowed name ``written`` is a misspelling of: a slip or two away, adding no word or number."""
    text = normal(written)
    slips = 1 if len(text) < 9 else 2
    close = [a for a in allowed if OSA.distance(text, normal(a), score_cutoff=slips) <= slips]
    if len(close) != 1:
        return None  # nothing close, or two candidates: a guess either way
    choice = normal(close[0])
    if _NUMBER.findall(choice) != _NUMBER.findall(text):
        return None  # "open badges" is not "open badges 3.0"; "2.1 aa" is not "2.2 aa"
    if len(_words(choice)) > len(_words(text)):
        return None  # a suggestion never adds a word the contributor did not write
    return close[0]


def choices(branches: Sequence[Any]) -> tuple[list[tuple[str, str]], dict[str, tuple[str, ...]]]:
    """The constants of a schema ``oneOf``: (value, title) pairs, and each value's other names
    (``x-also-called``), as ``value_hint`` reads them."""
    values = [b for b in branches if isinstance(b, dict) and "const" in b]
    return ([(str(b["const"]), str(b.get("title") or "")) for b in values],
            {str(b["const"]): tuple(str(a) for a in b.get("x-also-called") or ()) for b in values})


def versioned(value: Any, options: Sequence[tuple[str, str]]) -> list[str]:
    """The allowed values that are ``value`` plus a version or more words ("Open Badges" → 2.0, 3.0)."""
    if not isinstance(value, str) or not value.strip():
        return []
    wanted = _words(value)
    return [o for o, t in options if wanted < _words(o) or (t and wanted < _words(t))]
