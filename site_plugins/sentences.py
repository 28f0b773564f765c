"""How rationales are worded: sentences with slots filled in, lists of words, text clipped to fit.

A rule's sentence in the rubric file (``The review cycle is {value} months ...``) is parsed once into its
literal text and its slots; filling it in is then a join. ``{count|one|many}`` picks the word for a count
of one or of many, so a rationale never says "1 references".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

SLOT = re.compile(r"\{(\w+)(?:\|([^|{}]*)\|([^|{}]*))?\}")
Piece = tuple[str, str | None, str | None, str | None]  # literal text, then a slot: name, word for one, for many


def parse_template(template: str) -> tuple[Piece, ...]:
    """A sentence split into its literal text and its slots, once, so filling it in is a join."""
    pieces: list[Piece] = []
    at = 0
    for match in SLOT.finditer(template):
        pieces.append((template[at:match.start()], *match.groups()))  # type: ignore[arg-type]
        at = match.end()
    return (*pieces, (template[at:], None, None, None))


def render(pieces: tuple[Piece, ...], slots: Mapping[str, Any]) -> str:
    """``{name}`` becomes the slot's text; ``{name|one|many}`` the word for a count of one or of many."""
    out = []
    for literal, name, one, many in pieces:
        out.append(literal)
        if name is None:
            continue
        value = slots.get(name)
        if one is None:
            out.append("" if value is None else str(value))
        else:
            number = value if isinstance(value, int | float) and not isinstance(value, bool) else _number_in(value)
            out.append(one if number == 1 else many)
    return "".join(out)


def fill(template: str, slots: Mapping[str, Any]) -> str:
    return render(parse_template(template), slots)


def _number_in(text: Any) -> float | None:
    try:
        return float(str(text))
    except ValueError:
        return None


def join_words(parts: Sequence[str], last: str = "and") -> str:
    """"a", "a and b", "a, b and c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {last} {parts[-1]}"


def join_sentences(sentences: Sequence[str]) -> str:
    """Sentences in order, each once: two rules on one field that cannot be read say so once."""
    return " ".join(dict.fromkeys(s.strip() for s in sentences if s and s.strip()))


def lower_first(text: str) -> str:
    """"Assessor training" -> "assessor training"; an acronym ("WCAG level") keeps its capitals."""
    first = text.split(" ", 1)[0]
    return text if len(first) > 1 and first.isupper() else text[:1].lower() + text[1:]


def clip(text: str, limit: int = 60) -> str:
    """Text shown inside a sentence: on one line, cut at a word near ``limit`` with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return cut + "…"
