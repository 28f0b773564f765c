"""Browse cards for tests that need cards without a catalog (browse data, search index, browse page)."""

from __future__ import annotations

from site_plugins.cards import Card

DEFAULTS = {"title": "A credential", "summary": "S.", "url": "", "area": "", "roles": (), "grades": (),
            "subjects": (), "cost_kind": "free", "cost": "Free", "hours": 1, "hours_text": "1 hour",
            "jurisdictions": (), "standards": 3, "standards_total": 13,
            "headline": "Meets 3 of 13 MPOS standards", "level": "low", "issuer": "Org", "status": "active",
            "status_text": "Active", "illustrative": False}


def make_card(cid: str, **values: object) -> Card:
    """A card with id ``cid``; lists may be given as lists."""
    given = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
    return Card(id=cid, **(DEFAULTS | given))  # type: ignore[arg-type]
