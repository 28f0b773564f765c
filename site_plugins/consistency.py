"""Rules between fields of one file that JSON Schema cannot say, run after its schema check passed.

Each finding is located by the path of the value it concerns, like the schema's.
"""

from __future__ import annotations

from typing import Any

from . import grade_spans
from .validation import Finding


def check(kind: str, data: Any) -> list[Finding]:
    """The problems between fields of a valid ``data`` of ``kind``."""
    if kind != "credential" or not isinstance(data, dict):
        return []
    found = []
    span = grade_spans.problem(data)
    if span:
        found.append(Finding(("audience", "grade_span"), span, False))
    evidence = data.get("evidence")
    for i, item in enumerate(evidence if isinstance(evidence, list) else ()):
        if not isinstance(item, dict):
            continue
        least, most = item.get("min_words"), item.get("word_limit")
        if isinstance(least, int) and isinstance(most, int) and least > most:
            found.append(Finding(("evidence", i, "min_words"), f"`min_words` of `evidence` item {i + 1} is {least}, "
                                 f"more than its `word_limit` of {most}; check both against the issuer's page.", False))
    return found
