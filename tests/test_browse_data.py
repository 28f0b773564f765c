"""The browse page's card data (site_plugins/browse_data.py): columns that read back to the same cards."""

from __future__ import annotations

import json

from site_plugins.browse_data import FIELDS, browse_data, card_rows


def card(i: int, **values) -> dict:
    base = {"id": f"c{i}", "title": f"Card {i}", "summary": "S.", "hours": i, "standards": 13 - i, "area": "",
            "roles": [], "grades": [], "subjects": [], "cost_kind": "free", "cost": "Free", "hours_text": f"{i} hours",
            "jurisdictions": [], "standards_total": 13, "level": "low", "issuer": "Org", "status": "active"}
    return base | values


def test_columns_read_back_to_the_same_cards():
    cards = [card(0, roles=["teacher", "coach"], area="Literacy"), card(1, roles=[], hours=None),
             card(2, roles=["coach"], issuer="Éclair Institute", grades=["k-2", "3-5"]), card(3, standards=None)]
    data = json.loads(json.dumps(browse_data(cards)))
    assert data["version"] == 2 and data["count"] == 4
    assert card_rows(data) == [{k: c[k] for k in FIELDS} for c in cards]


def test_repeated_values_are_stored_once_in_the_order_a_filter_lists_them():
    cards = [card(0, issuer="zeta Board"), card(1, issuer="Éclair Institute"), card(2, issuer="alpha College"),
             card(3, issuer="zeta Board")]
    issuer = browse_data(cards)["columns"]["issuer"]
    assert issuer["values"] == ["alpha College", "Éclair Institute", "zeta Board"]  # case and accents set aside
    assert issuer["codes"] == [2, 1, 0, 2]


def test_a_missing_value_is_no_value_and_lists_are_in_a_row_with_counts():
    cards = [card(0, area="", roles=["teacher", "", "coach"]), card(1, area="Math", roles=[]),
             card(2, area="Math", roles=["coach"])]
    columns = browse_data(cards)["columns"]
    assert columns["area"] == {"values": ["Math"], "codes": [-1, 0, 0]}
    assert columns["roles"] == {"values": ["coach", "teacher"], "counts": [2, 0, 1], "codes": [1, 0, 0]}
    assert columns["standards_total"] == {"values": [13], "codes": [0, 0, 0]}


def test_no_cards():
    data = browse_data([])
    assert data["count"] == 0 and card_rows(data) == []
