"""The sample catalog's scorecards are pinned: a change to rules or data that moves an outcome fails here.

When the change is intended, update the pins on purpose and review the diff:

    UPDATE_PINS=1 .venv/bin/python -m pytest tests/test_sample_pins.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from site_plugins import pipeline
from site_plugins.rules import Outcome

ROOT = Path(__file__).parent.parent
PINS = Path(__file__).parent / "pins" / "sample-scorecards.json"
AS_OF = dt.date(2026, 11, 1)


def summary() -> dict[str, dict[str, object]]:
    build = pipeline.run(ROOT, as_of=AS_OF)
    assert build.ok, "\n".join(p.text() for p in build.problems)
    return {
        cid: {
            "standards_met": card.standards_met,
            "standards_not_verifiable": card.standards_not_verifiable,
            "components_met": card.components_met,
            "components_not_published": card.components_not_published,
            "tier": card.tier,
            "review_overdue": card.review_overdue,
            "not_met": [c.id for c in card.components if c.outcome is Outcome.NOT_MET],
            "not_published": [c.id for c in card.components if c.outcome is Outcome.NOT_PUBLISHED],
        }
        for cid, card in sorted(build.scorecards.items())
    }


def test_sample_scorecards_match_pins() -> None:
    current = summary()
    if os.environ.get("UPDATE_PINS"):
        PINS.write_text(json.dumps({"as_of": AS_OF.isoformat(), "scorecards": current}, indent=2) + "\n")
    pinned = json.loads(PINS.read_text())
    assert pinned["as_of"] == AS_OF.isoformat()
    assert current == pinned["scorecards"]


def test_sample_catalog_has_the_spread_scoring_needs() -> None:
    current = summary()
    assert len(current) >= 15
    assert sum(1 for s in current.values() if s["components_met"] == 28) >= 3
    assert any(s["tier"] == "reviewed" for s in current.values())
    missing = {cid for s in current.values() for cid in s["not_met"] + s["not_published"]}
    assert len(missing) >= 10, "the other credentials miss different components"
    assert sum(1 for s in current.values() if s["not_met"]) >= 5, "some state what fails the rubric"
    assert sum(1 for s in current.values() if s["not_published"]) >= 5, "some leave facts unpublished"
