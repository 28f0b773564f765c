"""The browse page's card data (search/catalog-cards.json): what browse.js filters, sorts and draws cards from.

Columns, not rows: at 10,000 credentials a row of 17 named fields per card is 4 MB of JSON that the browser
parses into 10,000 objects before it can show a result. Here each field is one list in title order (a
card's number is its place in them, and the search index numbers its documents the same way), and a field
whose values repeat (issuer, area, roles, cost, ...) is stored once per value, with each card's value
numbers. The browser parses small integers instead of repeated strings, and filters and counts with them.
A field's values are in the order its filter lists them (display_order).

The filters come as data too (``facets``): their legends, the titles of their values (the schema's titles,
labels.py) and the ranges of the number filters, so browse.js holds no label table and no rubric size.
Unknown hours are in no range but in the "Not published" value, as unknown costs are: never under Free.

    {"version": 3, "count": N, "columns": {
        "id": [...], "title": [...], "summary": [...], "url": [...], "hours": [...], "standards": [...],
        "issuer": {"values": ["A", "B"], "codes": [0, 1, 0, -1, ...]},    # one value a card; -1: none
        "roles": {"values": ["teacher", ...], "counts": [2, 0, 1, ...],   # lists: how many each card has,
                  "codes": [0, 2, 1, ...]}},                              # and their value numbers, in a row
     "facets": [{"key": "role", "legend": "Role", "field": "roles", "labels": {...}, "order": [...]},
                {"key": "hours", "legend": "Estimated hours", "field": "hours",
                 "buckets": [{"key": "up-to-5", "label": "Up to 5 hours", "upto": 5}, ...,
                             {"key": "not-published", "label": "Not published", "unknown": true}]}, ...]}
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from .cards import Card
from .labels import Labels

BROWSE_DATA_VERSION = 3
# Fields with a value for (nearly) every card, kept as written: one list each.
PLAIN = ("id", "title", "summary", "url", "hours", "standards")
# Fields whose values repeat across cards: stored once per value. The lists among them hold several.
CODED = ("area", "roles", "grades", "subjects", "cost_kind", "cost", "hours_text", "jurisdictions",
         "standards_total", "headline", "level", "issuer", "status", "illustrative")
FIELDS = PLAIN + CODED
COST_KINDS = {"free": "Free", "paid": "Paid", "not-published": "Not published"}
NOT_PUBLISHED = {"key": "not-published", "label": "Not published", "unknown": True}
HOURS = ({"key": "up-to-5", "label": "Up to 5 hours", "upto": 5},
         {"key": "5-10", "label": "5–10 hours", "above": 5, "upto": 10},
         {"key": "10-20", "label": "10–20 hours", "above": 10, "upto": 20},
         {"key": "over-20", "label": "Over 20 hours", "above": 20})


def browse_data(cards: Sequence[Card], filters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The cards (in browse order) as columns, with the filters' definitions."""
    table = {name: [getattr(card, name) for card in cards] for name in FIELDS}
    columns: dict[str, Any] = {name: table[name] for name in PLAIN}
    for name in CODED:
        cells = table[name]
        listed = any(isinstance(cell, tuple | list) for cell in cells)
        found = {v for cell in cells for v in (cell if listed else (cell,)) if _some(v)}
        values = sorted(found, key=display_order)
        numbers = {value: i for i, value in enumerate(values)}
        if listed:
            lists = [[numbers[v] for v in cell if _some(v)] for cell in cells]
            columns[name] = {"values": values, "counts": [len(codes) for codes in lists],
                             "codes": [code for codes in lists for code in codes]}
        else:
            columns[name] = {"values": values, "codes": [numbers[v] if _some(v) else -1 for v in cells]}
    return {"version": BROWSE_DATA_VERSION, "count": len(cards), "columns": columns, "facets": filters or []}


def _some(value: Any) -> bool:
    """A value a card has: not None, not empty, not false (a flag is stored for the cards that have it)."""
    return value is not None and value != "" and value is not False


def facets(labels: Labels, standards_total: int) -> list[dict[str, Any]]:
    """The browse filters in display and URL order. ``field``: the column a filter reads; ``labels`` and
    ``order``: its values' titles and their order (the schema's); ``buckets``: ranges of a number,
    ``above`` < n <= ``upto``, and ``unknown`` for the cards without one."""

    def chosen(path: str) -> dict[str, Any]:
        options = labels.options(path)
        return {"labels": dict(options), "order": [value for value, _ in options]}

    return [
        {"key": "area", "legend": "Competency area", "field": "area"},
        {"key": "role", "legend": "Role", "field": "roles", **chosen("audience.roles")},
        {"key": "grade", "legend": "Grade band", "field": "grades", **chosen("audience.grade_bands")},
        {"key": "subject", "legend": "Subject", "field": "subjects", **chosen("audience.subjects")},
        {"key": "cost", "legend": "Cost", "field": "cost_kind", "labels": COST_KINDS, "order": list(COST_KINDS)},
        {"key": "hours", "legend": "Estimated hours", "field": "hours", "buckets": [*HOURS, NOT_PUBLISHED]},
        {"key": "jurisdiction", "legend": "Recognised in", "field": "jurisdictions"},
        {"key": "standards", "legend": "MPOS standards met", "field": "standards",
         "buckets": standards_buckets(standards_total)},
        {"key": "issuer", "legend": "Issuer", "field": "issuer"},
        {"key": "status", "legend": "Status", "field": "status", **chosen("status")},
    ]


def standards_buckets(total: int) -> list[dict[str, Any]]:
    """All of them, the three below, the three below those, and the rest: for 13, 13 / 10–12 / 7–9 / under 7."""
    buckets: list[dict[str, Any]] = [{"key": str(total), "label": f"All {total}", "above": total - 1}]
    for low, high in ((total - 3, total - 1), (total - 6, total - 4)):
        if high >= 0:
            low = max(low, 0)
            buckets.append({"key": f"{low}-{high}", "label": f"{low}–{high}", "above": low - 1, "upto": high})
    if total >= 7:
        buckets.append({"key": f"under-{total - 6}", "label": f"Under {total - 6}", "upto": total - 7})
    return buckets


def display_order(value: Any) -> tuple[Any, ...]:
    """Numbers by value, then text as a reader expects (accents and case set aside), so that the browser
    can list a filter's values in this order without setting up a collator before its first results."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, value, "")
    text = str(value)
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").casefold()
    return (1, folded, text)


def card_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The cards back from the columns, as dicts (for tests and anyone reading the file in Python)."""
    columns = data["columns"]
    rows: list[dict[str, Any]] = [{name: columns[name][i] for name in PLAIN} for i in range(data["count"])]
    for name in CODED:
        values, codes = columns[name]["values"], columns[name]["codes"]
        if "counts" in columns[name]:
            at = 0
            for row, count in zip(rows, columns[name]["counts"], strict=True):
                row[name] = [values[code] for code in codes[at:at + count]]
                at += count
        else:
            for row, code in zip(rows, codes, strict=True):
                row[name] = values[code] if code >= 0 else ""
    return rows
