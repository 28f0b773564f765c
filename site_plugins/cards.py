"""Build step 6b: a credential's browse card and feed entry, from the typed model and its scorecard.

The card is what the browse page draws, filters and sorts (browse_data.py turns the cards into the
columns browse.js reads) and what the search index indexes (search_index.py). Like pages, it says only
what is known: an unknown cost is "Cost not published" and files under the "Not published" filter value,
never under Free; unknown hours have no number, so no hours range and no place in an hours sort.
"""

from __future__ import annotations

from dataclasses import dataclass

from .labels import Labels
from .model import Credential
from .pipeline import Build
from .render import safe_url
from .wording import cost_kind, cost_short, hours_short


@dataclass(frozen=True, slots=True)
class Card:
    """What the browse page, its script and the search index know of a credential."""

    id: str
    title: str
    summary: str
    url: str  # the issuer's page, where an educator enrols ("" when not known)
    area: str
    roles: tuple[str, ...]
    grades: tuple[str, ...]
    subjects: tuple[str, ...]
    cost_kind: str  # free, paid or not-published (browse_data.COST_KINDS)
    cost: str
    hours: float | None  # None: not published
    hours_text: str
    jurisdictions: tuple[str, ...]
    standards: int
    standards_total: int
    headline: str
    level: str
    issuer: str
    status: str
    status_text: str
    illustrative: bool
    # For search only (search_index.py), not in the cards file:
    statement: str = ""
    skills: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FeedEntry:
    title: str
    url: str
    summary: str
    updated: str
    issuer: str


def card_of(build: Build, cid: str, labels: Labels) -> Card:
    c: Credential = build.credentials[cid]
    score = build.scorecards[cid]
    time = c.access.estimated_hours
    return Card(
        id=cid,
        title=c.title,
        summary=c.summary,
        url=safe_url(c.url.or_("")),
        area=c.competency.area.or_(""),
        roles=c.audience.roles.items,
        grades=c.audience.grade_bands.items,
        subjects=c.audience.subjects.items,
        cost_kind=cost_kind(c.access.cost),
        cost=cost_short(c.access.cost),
        hours=time.value if time.stated else None,
        hours_text=hours_short(time),
        jurisdictions=tuple(sorted({g.jurisdiction for g in c.recognition.currency.items if g.jurisdiction})),
        standards=score.standards_met,
        standards_total=score.standards_total,
        headline=score.headline,
        level=score.level,
        issuer=c.organizations.issuer.name,
        status=c.status,
        status_text=labels.value("status", c.status),
        illustrative=c.illustrative,
        statement=c.competency.statement,
        skills=c.competency.skills.items,
        codes=tuple(a.code for a in c.competency.alignments.items if a.code),
    )


def feed_entry(build: Build, cid: str, site_url: str) -> FeedEntry | None:
    """The credential's entry in the feed, dated by its data (last review, reviewer's attestation), never by
    the clock; None when its data holds no date, since the feed cannot then say when it changed."""
    c = build.credentials[cid]
    review = c.quality_review
    dates = [d for d in (c.maintenance.last_reviewed.or_(None), review.date if review else None) if d]
    if not dates:
        return None
    return FeedEntry(c.title, f"{site_url}credentials/{cid}/", c.summary, f"{max(dates)}T00:00:00Z",
                     c.organizations.issuer.name)
