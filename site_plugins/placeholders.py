"""Placeholders a contributor wrote instead of a fact ("TBD", "N/A", "see PDF", "unknown").

The catalog's one word for "the issuer publishes nothing about this" is the value `not published`: pages
then say so, scoring counts it as unverifiable, exports leave it out. A placeholder of the contributor's
own would be shown as if it were the issuer's words, so validation refuses it and explains the marker.
Sentences an issuer really publishes ("Details are available on request") are facts and stay; scoring
tells them apart (rules.py). A value equal to a marker where the schema does not accept one (a title of
`not published`) is refused too: the credential's identity must be known.
"""

from __future__ import annotations

import re
from typing import Any

from .schemas import MARKERS, Schema
from .validation import Finding, field_label

# Whole values that stand for "I don't know yet": compared after folding case, spaces and final punctuation.
_PLACEHOLDER = re.compile(
    r"(?:tbd|tba|tbc|to ?do|n/?a|none given|unknown|not known|pending|coming soon|placeholder|lorem ipsum.*|"
    r"to be (?:determined|announced|confirmed|added)|not available|unavailable|\?+|-+|x+|\.+|"
    r"see (?:the )?(?:pdf|attached|attachment|website|web ?site|link|document|handbook|guide|url))",
)
_FOLD = re.compile(r"[\s.!;:,]+$")
# The same words matched on the raw text (any case and spacing), a cheap test that lets nearly every text
# through without folding it; a text it matches is then folded and checked exactly.
_CANDIDATE = re.compile(r"\s*(?:" + _PLACEHOLDER.pattern.replace(" ?", r"\s*").replace(" ", r"\s+")
                        + r"|not\s+published|not\s+applicable)[\s.!;:,]*\Z", re.IGNORECASE | re.DOTALL)


def candidate(text: str) -> bool:
    """Whether ``text`` may be a placeholder or a marker (nearly every text is not: one regular expression)."""
    return _CANDIDATE.match(text) is not None


def placeholder_findings(data: Any, schema: Schema,
                         texts: list[tuple[tuple[str | int, ...], str]] | None = None) -> list[Finding]:
    """A finding for every text value that is a placeholder, or a marker where none is accepted. ``texts``
    are the candidates with their paths when a walk of the document found them already (value_checks)."""
    if texts is None:
        texts = []
        _texts(data, [], texts)
    return [finding for path, value in texts
            if not _extension(path) and (finding := _check(path, value, schema))]


def _extension(path: tuple[str | int, ...]) -> bool:
    return any(isinstance(part, str) and part.startswith("x-") for part in path)


def _texts(node: Any, path: list[str | int], found: list[tuple[tuple[str | int, ...], str]]) -> None:
    """The texts of ``node`` that may be placeholders or markers, with their paths.
    Recursive over one path list, as value_checks walks (the loader bounds nesting)."""
    if type(node) is dict:
        for key, value in node.items():
            if isinstance(key, str) and not key.startswith("x-"):
                path.append(key)
                _texts(value, path, found)
                path.pop()
    elif type(node) is list:
        for index, value in enumerate(node):
            path.append(index)
            _texts(value, path, found)
            path.pop()
    elif type(node) is str and _CANDIDATE.match(node):
        found.append((tuple(path), node))


def _check(path: tuple[str | int, ...], value: str, schema: Schema) -> Finding | None:
    folded = _FOLD.sub("", " ".join(value.split()).casefold())
    if path and path[0] == "quality_review" and path[-1] != "rationale":
        return None  # a reviewer's name or organization is never a placeholder for an issuer's fact
    marker = next((text for text in MARKERS.values() if folded == text), None)
    if marker is None and not _PLACEHOLDER.fullmatch(folded):
        return None  # nearly every text: the schema is only read for the few that need a message
    described = schema.subschema(list(path))
    if described is None:
        return None  # a field the schema does not know: its own problem is reported already
    allowed = schema.markers_at(list(path))
    label = field_label(path)
    if marker is not None:
        if value == marker and marker in allowed:
            return None
        if marker in allowed:
            return Finding(path, f"{label} is '{value}'; write exactly `{marker}` (lower case, nothing else) so the "
                                 "catalog reads it as the marker.", False)
        return Finding(path, f"{label} cannot be `{marker}`: {_needed(path, described)}", False)
    shown = value.strip()
    if "not published" in allowed:
        return Finding(path, f"{label} is '{shown}', a placeholder. Write what the issuer publishes, or exactly "
                             "`not published` if it publishes nothing about this (the catalog then says so and "
                             "never counts it as evidence).", False)
    return Finding(path, f"{label} is '{shown}', a placeholder: {_needed(path, described)}", False)


def _needed(path: tuple[str | int, ...], described: dict[str, Any]) -> str:
    what = str(described.get("title") or path[-1]).lower()
    return f"the catalog needs the {what} itself. Write it as the issuer gives it."
