"""The browse page's card data (search/catalog-cards.json): what browse.js filters, sorts and draws cards from.

Columns, not rows: at 10,000 credentials a row of 17 named fields per card is 4 MB of JSON that the browser
parses into 10,000 objects before it can show a result. Here each field is one list in title order (a
card's number is its place in them, and the search index numbers its documents the same way), and a field
whose values repeat (issuer, area, roles, cost, ...) is stored once per value, with each card's value
numbers. The browser parses small integers instead of repeated strings, and filters and counts with them.
A field's values are in the order its filter lists them (display_order).

    {"version": 2, "count": N, "columns": {
        "id": [...], "title": [...], "summary": [...], "hours": [...], "standards": [...],
        "issuer": {"values": ["A", "B"], "codes": [0, 1, 0, -1, ...]},    # one value a card; -1: none
        "roles": {"values": ["teacher", ...], "counts": [2, 0, 1, ...],   # lists: how many each card has,
                  "codes": [0, 2, 1, ...]}}}                              # and their value numbers, in a row
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

BROWSE_DATA_VERSION = 2
# Fields with a value for (nearly) every card, kept as written: one list each.
PLAIN = ("id", "title", "summary", "hours", "standards")
# Fields whose values repeat across cards: stored once per value. The lists among them hold several.
CODED = ("area", "roles", "grades", "subjects", "cost_kind", "cost", "hours_text", "jurisdictions",
         "standards_total", "level", "issuer", "status")
FIELDS = PLAIN + CODED


def browse_data(cards: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The cards (dicts with every field in FIELDS, in browse order) as columns."""
    columns: dict[str, Any] = {name: [card[name] for card in cards] for name in PLAIN}
    for name in CODED:
        found = {v for card in cards for v in (card[name] if isinstance(card[name], list) else [card[name]])}
        values = sorted(found - {None, ""}, key=display_order)
        numbers = {value: i for i, value in enumerate(values)}
        if any(isinstance(card[name], list) for card in cards):
            lists = [[numbers[v] for v in card[name] if v not in (None, "")] for card in cards]
            columns[name] = {"values": values, "counts": [len(codes) for codes in lists],
                             "codes": [code for codes in lists for code in codes]}
        else:
            columns[name] = {"values": values, "codes": [numbers.get(card[name], -1) for card in cards]}
    return {"version": BROWSE_DATA_VERSION, "count": len(cards), "columns": columns}


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
