"""Build step 4: score a resolved credential against the rubric, as of a date.

A component is Met only when every rule and checklist item the rubric gives it passes and no named
reviewer's ``quality_review`` says otherwise. A reviewer cannot make a component Met whose evidence is
missing: that claim is reported as a validation error (``review_conflicts``), never silently accepted.
The date comes from ``SOURCE_DATE_EPOCH`` when set, so a scorecard is reproducible.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, fields
from typing import Any

from .model import Resolved
from .rubric import Component, Rubric, Standard
from .rules import _date, add_months, evaluate

DEFAULT_REVIEW_CYCLE_MONTHS = 12
SCORECARD_VERSION = 1


def as_of_date(environ: dict[str, str] | None = None) -> dt.date:
    """The scoring date: ``SOURCE_DATE_EPOCH`` (UTC) when set, else today."""
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise ValueError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not '{epoch}'.") from None
    return dt.date.today()


def _plain(value: Any) -> Any:
    """Like dataclasses.asdict, without its deep copies of every string (a tenth of the time)."""
    if isinstance(value, _Compact):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}  # type: ignore[arg-type]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class _Compact:
    """Pickles as constructor arguments: scorecards cross from loading workers to the main process in
    bulk, and this halves the time to unpickle them."""

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return type(self), tuple(getattr(self, f.name) for f in fields(self))  # type: ignore[arg-type]


@dataclass
class ChecklistResult(_Compact):
    id: str
    text: str
    met: bool
    rationale: str


@dataclass
class ComponentResult(_Compact):
    id: str
    standard: int
    name: str
    met: bool
    rationale: str
    checklist: list[ChecklistResult] = field(default_factory=list)
    reviewed: bool = False
    evidence_met: bool = True
    reviewer_judgement: bool | None = None


@dataclass
class StandardResult(_Compact):
    id: int
    name: str
    met: bool
    components_met: int
    components_total: int


@dataclass
class Scorecard(_Compact):
    id: str
    title: str
    as_of: str
    edition: dict[str, str]
    components_met: int
    components_total: int
    standards_met: int
    standards_total: int
    tier: str
    review_overdue: bool
    review_status: str
    reviewer: dict[str, str] | None
    standards: list[StandardResult]
    components: list[ComponentResult]

    def to_json(self) -> dict[str, Any]:
        """The documented, stable JSON shape (see docs/scoring.md)."""
        return {"scorecard_version": SCORECARD_VERSION, **_plain(self)}

    @property
    def badge_text(self) -> str:
        return f"Meets {self.standards_met} of {self.standards_total} MPOS standards · {self.tier}"


def score(resolved: Resolved, rubric: Rubric, as_of: dt.date) -> Scorecard:
    data = resolved.data
    judgements = (data.get("quality_review") or {}).get("components") or {}
    reviewer = _reviewer(data)
    components = [_score_component(c, data, as_of, judgements.get(c.id), reviewer) for c in rubric.components]
    standards = []
    for standard in rubric.standards:
        mine = [r for r in components if r.standard == standard.id]
        met = sum(r.met for r in mine)
        standards.append(StandardResult(standard.id, standard.name, met == len(mine), met, len(mine)))
    overdue, status = review_state(data, as_of)
    return Scorecard(
        id=resolved.id,
        title=str(data.get("title", resolved.id)),
        as_of=as_of.isoformat(),
        edition=dict(rubric.edition),
        components_met=sum(r.met for r in components),
        components_total=len(components),
        standards_met=sum(s.met for s in standards),
        standards_total=len(standards),
        tier=tier(data, as_of),
        review_overdue=overdue,
        review_status=status,
        reviewer=reviewer,
        standards=standards,
        components=components,
    )


def _score_component(component: Component, record: dict[str, Any], as_of: dt.date,
                     judgement: dict[str, Any] | None, reviewer: dict[str, str] | None) -> ComponentResult:
    outcomes = [evaluate(rule, record, as_of) for rule in component.rules]
    checklist = []
    for item in component.checklist:
        item_outcomes = [evaluate(rule, record, as_of) for rule in item.rules]
        met = all(o.met for o in item_outcomes)
        checklist.append(ChecklistResult(item.id, item.text, met, " ".join(o.message for o in item_outcomes)))
    evidence_met = all(o.met for o in outcomes) and all(c.met for c in checklist)
    if evidence_met:
        reasons = [o.message for o in outcomes] + [f"{c.text.rstrip('.')}: {c.rationale}" for c in checklist]
    else:
        reasons = [o.message for o in outcomes if not o.met]
        reasons += [f"Not {c.text.rstrip('.')}: {c.rationale}" for c in checklist if not c.met]
    rationale = " ".join(r for r in reasons if r)
    met, reviewed, verdict = evidence_met, False, None
    if judgement is not None and reviewer is not None:
        reviewed, verdict = True, bool(judgement.get("met"))
        who = f"Reviewer {reviewer['name']} ({reviewer['date']})"
        if judgement.get("met") is False:
            met = False
            why = str(judgement.get("rationale", "")).strip()
            rationale = f"{who} judged this Not met: {why} Evidence check: {rationale}"
        else:
            rationale = f"{rationale} {who} confirmed: {judgement.get('rationale', '').strip()}"
    return ComponentResult(component.id, component.standard, component.name, met, rationale.strip(), checklist,
                           reviewed, evidence_met, verdict)


def _reviewer(data: dict[str, Any]) -> dict[str, str] | None:
    review = data.get("quality_review")
    if not isinstance(review, dict) or not review.get("reviewer"):
        return None
    found = {"name": str(review["reviewer"]), "date": str(review.get("date", ""))}
    if review.get("organization"):
        found["organization"] = str(review["organization"])
    return found


def _cycle(data: dict[str, Any]) -> int:
    months = (data.get("maintenance") or {}).get("review_cycle_months")
    return months if isinstance(months, int) and months > 0 else DEFAULT_REVIEW_CYCLE_MONTHS


def tier(data: dict[str, Any], as_of: dt.date) -> str:
    """``reviewed`` when a named reviewer's review is dated within the review cycle, else ``self-assessed``."""
    review = data.get("quality_review") or {}
    day = _date(review.get("date"))
    if review.get("reviewer") and day and day <= as_of and add_months(day, _cycle(data)) >= as_of:
        return "reviewed"
    return "self-assessed"


def review_state(data: dict[str, Any], as_of: dt.date) -> tuple[bool, str]:
    """Whether the credential's content review is overdue, and a sentence saying why."""
    last = _date((data.get("maintenance") or {}).get("last_reviewed"))
    cycle = _cycle(data)
    if last is None:
        return True, "No review date is recorded (field `maintenance.last_reviewed`)."
    due = add_months(last, cycle)
    if due < as_of:
        return True, f"Review overdue since {due.isoformat()} (last reviewed {last.isoformat()}, cycle {cycle} months)."
    return False, f"Next review due by {due.isoformat()} (last reviewed {last.isoformat()}, cycle {cycle} months)."


def claimed_components(resolved: Resolved, rubric: Rubric) -> list[Component]:
    """The components a named reviewer marked met: the only ones a review can conflict on."""
    review = resolved.data.get("quality_review") or {}
    judgements = review.get("components") or {}
    if not review.get("reviewer"):
        return []
    return [c for c in rubric.components if (judgements.get(c.id) or {}).get("met") is True]


def claim_conflicts(resolved: Resolved, rubric: Rubric, as_of: dt.date) -> list[tuple[str, str]]:
    """``review_conflicts`` for one credential, evaluating only the components a reviewer marked met."""
    components = claimed_components(resolved, rubric)
    if not components:
        return []
    partial = Rubric(rubric.edition, [Standard(0, "", "", components)])
    return review_conflicts(score(resolved, partial, as_of))


def review_conflicts(card: Scorecard) -> list[tuple[str, str]]:
    """Components a reviewer marked Met although their evidence is missing: (component id, message)."""
    conflicts = []
    for result in card.components:
        if result.reviewer_judgement is True and not result.evidence_met:
            who = card.reviewer["name"] if card.reviewer else "the reviewer"
            conflicts.append((result.id, f"{who} marked MPOS component {result.id} ({result.name}) as met, but its "
                                         f"evidence is missing: {result.rationale.split(' Reviewer ')[0]} "
                                         "Add the evidence or change the judgement to met: false."))
    return conflicts
