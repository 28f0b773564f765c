"""The browse page's card data (site_plugins/browse_data.py): columns that read back to the same cards, and
the filters' definitions shipped with them (labels from the schema, ranges from the rubric's size)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from card_maker import make_card

from site_plugins.browse_data import FIELDS, browse_data, card_rows, facets, standards_buckets
from site_plugins.cards import Card
from site_plugins.labels import labels

ROOT = Path(__file__).parent.parent


def card(i: int, **values) -> Card:
    return make_card(f"c{i}", **({"title": f"Card {i}", "hours": i, "standards": 13 - i, "hours_text": f"{i} hours"}
                                 | values))


def row(c: Card) -> dict:
    """A card as card_rows gives it back: lists for tuples, "" for a flag that is not set."""
    values = {k: getattr(c, k) for k in FIELDS}
    return {k: list(v) if isinstance(v, tuple) else ("" if v is False else v) for k, v in values.items()}


def test_columns_read_back_to_the_same_cards():
    cards = [card(0, roles=("teacher", "coach"), area="Literacy", url="https://example.org/enrol"),
             card(1, roles=(), hours=None, hours_text="Time not published", cost_kind="not-published",
                  cost="Cost not published"),
             card(2, roles=("coach",), issuer="Éclair Institute", grades=("k-2", "3-5"), illustrative=True),
             card(3, standards=0)]
    data = json.loads(json.dumps(browse_data(cards)))
    assert data["version"] == 3 and data["count"] == 4
    assert card_rows(data) == [row(c) for c in cards]


def test_repeated_values_are_stored_once_in_the_order_a_filter_lists_them():
    cards = [card(0, issuer="zeta Board"), card(1, issuer="Éclair Institute"), card(2, issuer="alpha College"),
             card(3, issuer="zeta Board")]
    issuer = browse_data(cards)["columns"]["issuer"]
    assert issuer["values"] == ["alpha College", "Éclair Institute", "zeta Board"]  # case and accents set aside
    assert issuer["codes"] == [2, 1, 0, 2]


def test_a_missing_value_is_no_value_and_lists_are_in_a_row_with_counts():
    cards = [card(0, area="", roles=("teacher", "", "coach")), card(1, area="Math", roles=()),
             card(2, area="Math", roles=("coach",))]
    columns = browse_data(cards)["columns"]
    assert columns["area"] == {"values": ["Math"], "codes": [-1, 0, 0]}
    assert columns["roles"] == {"values": ["coach", "teacher"], "counts": [2, 0, 1], "codes": [1, 0, 0]}
    assert columns["standards_total"] == {"values": [13], "codes": [0, 0, 0]}


def test_unknown_hours_have_no_number_and_the_illustrative_flag_is_kept_for_the_cards_that_have_it():
    cards = [card(0, hours=None), card(1, illustrative=True), card(2)]
    columns = browse_data(cards)["columns"]
    assert columns["hours"] == [None, 1, 2]
    assert columns["illustrative"] == {"values": [True], "codes": [-1, 0, -1]}


def test_no_cards():
    data = browse_data([])
    assert data["count"] == 0 and card_rows(data) == []


def test_filters_take_their_labels_from_the_schema_and_their_ranges_from_the_rubric():
    found = {f["key"]: f for f in facets(labels(ROOT), 13)}
    assert list(found) == ["area", "role", "grade", "subject", "cost", "hours", "jurisdiction", "standards",
                           "issuer", "status"]
    assert found["grade"]["labels"]["k-2"] == "K–2" and found["grade"]["order"][0] == "pre-k"
    assert found["subject"]["labels"]["career-technical"] == "Career and technical education"
    assert found["role"]["labels"]["pre-service-teacher"] == "Pre-service teacher"
    assert found["cost"]["labels"] == {"free": "Free", "paid": "Paid", "not-published": "Not published"}
    hours = found["hours"]["buckets"]
    assert hours[-1] == {"key": "not-published", "label": "Not published", "unknown": True}
    assert [b["key"] for b in found["standards"]["buckets"]] == ["13", "10-12", "7-9", "under-7"]
    assert "labels" not in found["issuer"], "names are shown as written"


def test_standards_ranges_follow_the_number_of_standards():
    def covers(buckets, n):
        return [b["key"] for b in buckets
                if ("above" not in b or n > b["above"]) and ("upto" not in b or n <= b["upto"])]

    for total in (13, 9, 7, 3, 1):
        buckets = standards_buckets(total)
        assert buckets[0] == {"key": str(total), "label": f"All {total}", "above": total - 1}
        for n in range(total + 1):
            assert len(covers(buckets, n)) == 1, (total, n)  # every number in exactly one range


def test_the_cards_of_the_real_catalog_say_what_is_known(tmp_path):
    from site_plugins import pipeline
    from site_plugins.pages import browse_cards

    build = pipeline.run(ROOT)
    cards = browse_cards(build)
    for c in cards:
        model = build.credentials[c.id]
        assert c.headline == build.scorecards[c.id].headline
        assert c.illustrative == model.illustrative
        assert (c.hours is None) == (not model.access.estimated_hours.stated)
        assert dataclasses.asdict(c)["standards_total"] == len(build.rubric.standards)
