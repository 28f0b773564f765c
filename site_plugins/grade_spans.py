"""Grade spans as issuers write them ("K-5", "TK-12", "PreK-12", "secondary"), read onto the catalog's bands.

The browse filters and the exports use five bands (pre-k, k-2, 3-5, 6-8, 9-12). Issuers publish spans in
their own words; the catalog keeps those words (``audience.grade_span``, shown on the page as written) and,
when the file gives no ``grade_bands``, files the credential under every band the span overlaps. A span
it cannot read is a located problem asking for ``grade_bands``, never a guess.
"""

from __future__ import annotations

import re

BANDS = ("pre-k", "k-2", "3-5", "6-8", "9-12")
# Each band as the grades it holds: pre-kindergarten (and transitional kindergarten) is -1, kindergarten 0.
_BAND_GRADES = {"pre-k": (-1, -1), "k-2": (0, 2), "3-5": (3, 5), "6-8": (6, 8), "9-12": (9, 12)}
# Words issuers use for a span, as (first grade, last grade). Compared case-insensitively.
WORDS = {
    "early childhood": (-1, 2), "preschool": (-1, -1), "pre-k": (-1, -1), "prek": (-1, -1), "pk": (-1, -1),
    "tk": (-1, -1), "transitional kindergarten": (-1, -1), "kindergarten": (0, 0), "k": (0, 0),
    "primary": (0, 5), "elementary": (0, 5), "elementary school": (0, 5), "middle": (6, 8),
    "middle school": (6, 8), "middle grades": (6, 8), "junior high": (7, 8), "high school": (9, 12),
    "secondary": (7, 12), "all grades": (-1, 12), "k-12": (0, 12), "pk-12": (-1, 12), "prek-12": (-1, 12),
    "pre-k-12": (-1, 12), "tk-12": (-1, 12),
}
_GRADE = r"(pre-?k|p-?k|tk|k|\d{1,2})"
_RANGE = re.compile(rf"^(?:grades?\s+)?{_GRADE}\s*(?:-|–|—|to|through)?\s*{_GRADE}?$")


def _grade(word: str) -> int | None:
    word = word.replace("-", "")
    if word in ("prek", "pk", "tk"):
        return -1
    if word == "k":
        return 0
    number = int(word)
    return number if 1 <= number <= 12 else None


def read(span: str) -> tuple[int, int] | None:
    """The first and last grade of ``span`` (-1 pre-kindergarten, 0 kindergarten), or None if unreadable."""
    text = " ".join(span.casefold().replace("–", "-").replace("—", "-").split())
    text = text.removesuffix(" grades").strip()
    if text in WORDS:
        return WORDS[text]
    parts = [p.strip() for p in re.split(r"\s*(?:,|;|/|\band\b)\s*", text) if p.strip()]
    if len(parts) > 1:  # "elementary and middle school", "K-2, 3-5"
        spans = [read(p) for p in parts]
        if any(s is None for s in spans):
            return None
        return min(s[0] for s in spans if s), max(s[1] for s in spans if s)
    if text in ("k12", "pk12", "prek12", "tk12"):
        text = text[:-2] + "-12"
        return WORDS.get(text)
    match = _RANGE.match(text)
    if not match:
        return None
    first = _grade(match.group(1))
    last = _grade(match.group(2)) if match.group(2) else first
    if first is None or last is None or last < first:
        return None
    return first, last


def bands(span: str) -> tuple[str, ...] | None:
    """The bands a span overlaps, in band order, or None when the span cannot be read."""
    grades = read(span)
    if grades is None:
        return None
    first, last = grades
    return tuple(b for b in BANDS if _BAND_GRADES[b][0] <= last and _BAND_GRADES[b][1] >= first)


def problem(data: object) -> str | None:
    """Why a credential's ``audience`` cannot file it under bands: a span it cannot read, with no bands."""
    audience = data.get("audience") if isinstance(data, dict) else None
    if not isinstance(audience, dict) or audience.get("grade_bands") is not None:
        return None
    span = audience.get("grade_span")
    if not isinstance(span, str) or not span.strip() or bands(span) is not None:
        return None
    return (f"`audience.grade_span` is '{span}', which the catalog cannot read as grades (it reads spans such as "
            "K-5, 6-12, TK-12 or PreK-12, and words such as elementary, middle school, high school or secondary); "
            "keep the issuer's words and add `grade_bands` (pre-k, k-2, 3-5, 6-8, 9-12 or all) so the filters "
            "can show it.")
