"""Build step 5: score a typed credential against the rubric, as of a date (scorecard version 2).

Each of the 28 components is ``met``, ``not_met`` or ``not_published`` (rules.py says how a rule decides);
a component is all of its rules and checklist items together, and a standard all of its components, by
the same logic: not met when any part is not met, else not verifiable when any part cannot be verified.
``not_published`` means the component cannot be verified from published information, which is not the
same as failing it.

A named reviewer's judgement in ``quality_review`` settles a component: reviewers see the materials. A
judgement of not met makes it not met. A judgement of met makes a component met that the record could
not verify (or met already); against a record that itself shows the component not met it is a conflict,
reported by validation (``review_conflicts``), since then the record or the judgement is wrong.
The date comes from ``SOURCE_DATE_EPOCH`` when set, so a scorecard is reproducible.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, fields, replace
from typing import Any

from .model import Credential, Judgement
from .rubric import Component, Rubric, Standard
from .rules import Context, Outcome, Result, add_months, combine_all, evaluate
from .sentences import join_sentences

DEFAULT_REVIEW_CYCLE_MONTHS = 12
SCORECARD_VERSION = 2


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
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if isinstance(value, _Compact):
        return {name: _plain(getattr(value, name)) for name in value.field_names()}
    if kind is list:
        return [_plain(v) for v in value]
    if kind is dict:
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, Outcome):
        return value.value
    return value


class _Compact:
    """Pickles as constructor arguments: scorecards cross from workers to the main process in bulk, and
    this halves the time to unpickle them."""

    _names: tuple[str, ...] = ()

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        """Its fields' names, looked up once per class (JSON output reads them for every object)."""
        if "_names" not in cls.__dict__:
            cls._names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
        return cls._names

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return type(self), tuple(getattr(self, name) for name in self.field_names())


@dataclass
class ChecklistResult(_Compact):
    id: str
    text: str
    outcome: Outcome
    rationale: str


@dataclass
class ComponentResult(_Compact):
    id: str
    standard: int
    name: str
    outcome: Outcome
    rationale: str
    checklist: list[ChecklistResult] = field(default_factory=list)
    reviewed: bool = False
    evidence_outcome: Outcome = Outcome.MET  # what the record alone shows, before any reviewer's judgement
    reviewer_judgement: Outcome | None = None  # met or not_met when a named reviewer judged it

    @property
    def met(self) -> bool:
        return self.outcome is Outcome.MET


@dataclass
class StandardComponent(_Compact):
    """A component as listed inside its standard."""

    id: str
    name: str
    outcome: Outcome


@dataclass
class StandardResult(_Compact):
    id: int
    name: str
    outcome: Outcome
    components_met: int
    components_not_published: int
    components_total: int
    components: list[StandardComponent] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return self.outcome is Outcome.MET


@dataclass
class Scorecard(_Compact):
    id: str
    title: str
    as_of: str
    edition: dict[str, str]
    components_met: int
    components_not_published: int
    components_total: int
    standards_met: int
    standards_not_verifiable: int
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
    def components_not_met(self) -> int:
        return self.components_total - self.components_met - self.components_not_published

    @property
    def standards_not_met(self) -> int:
        return self.standards_total - self.standards_met - self.standards_not_verifiable

    @property
    def headline(self) -> str:
        """"Meets 3 of 13 MPOS standards · 7 not verifiable from published information"."""
        text = f"Meets {self.standards_met} of {self.standards_total} MPOS standards"
        if self.standards_not_verifiable:
            text += f" · {self.standards_not_verifiable} not verifiable from published information"
        return text

    @property
    def badge_text(self) -> str:
        return f"{self.headline} · {self.tier}"

    @property
    def level(self) -> str:
        """The badge's colour band: ``high`` (every standard met), ``mid`` (within 3), ``low``."""
        if self.standards_met >= self.standards_total:
            return "high"
        return "mid" if self.standards_met >= self.standards_total - 3 else "low"


def score(credential: Credential, rubric: Rubric, as_of: dt.date) -> Scorecard:
    context = rubric.context(as_of)
    review = credential.quality_review
    judgements = review.judgements if review else {}
    reviewer = _reviewer(credential)
    components = [_score_component(c, credential, context, judgements.get(c.id), reviewer)
                  for c in rubric.components]
    by_standard: dict[int, list[ComponentResult]] = {}
    for result in components:
        by_standard.setdefault(result.standard, []).append(result)
    standards = []
    for standard in rubric.standards:
        mine = by_standard.get(standard.id, [])
        standards.append(StandardResult(
            standard.id, standard.name, combine_all([r.outcome for r in mine]), _count(mine, Outcome.MET),
            _count(mine, Outcome.NOT_PUBLISHED), len(mine), [StandardComponent(r.id, r.name, r.outcome) for r in mine]))
    overdue, status = review_state(credential, as_of)
    return Scorecard(
        id=credential.id,
        title=credential.title,
        as_of=as_of.isoformat(),
        edition=dict(rubric.edition),
        components_met=_count(components, Outcome.MET),
        components_not_published=_count(components, Outcome.NOT_PUBLISHED),
        components_total=len(components),
        standards_met=_count(standards, Outcome.MET),
        standards_not_verifiable=_count(standards, Outcome.NOT_PUBLISHED),
        standards_total=len(standards),
        tier=tier(credential, as_of),
        review_overdue=overdue,
        review_status=status,
        reviewer=reviewer,
        standards=standards,
        components=components,
    )


def _count(results: list[ComponentResult] | list[StandardResult], outcome: Outcome) -> int:
    return sum(1 for r in results if r.outcome is outcome)


def _score_component(component: Component, credential: Credential, context: Context,
                     judgement: Judgement | None, reviewer: dict[str, str] | None) -> ComponentResult:
    """Its rules and checklist items together (``combine_all``), then the reviewer's judgement, if any."""
    results = [evaluate(rule, credential, context) for rule in component.compiled]
    checklist = []
    for item in component.checklist:
        item_results = [evaluate(rule, credential, context) for rule in item.compiled]
        outcome = combine_all([r.outcome for r in item_results])
        said = [s for r in item_results if r.outcome is outcome for s in r.sentences]
        checklist.append(ChecklistResult(item.id, item.text, outcome, join_sentences(said)))
        results += [Result(outcome, tuple(said))]
    evidence = combine_all([r.outcome for r in results])
    rationale = join_sentences([s for r in results if r.outcome is evidence for s in r.sentences])
    outcome, reviewed, verdict = evidence, False, None
    if judgement is not None and reviewer is not None:
        outcome, rationale = _judged(evidence, rationale, judgement, reviewer)
        reviewed, verdict = True, Outcome.MET if judgement.met else Outcome.NOT_MET
    return ComponentResult(component.id, component.standard, component.name, outcome, rationale, checklist,
                           reviewed, evidence, verdict)


def _judged(evidence: Outcome, rationale: str, judgement: Judgement,
            reviewer: dict[str, str]) -> tuple[Outcome, str]:
    """A reviewer's judgement settles a component, except met against a record that shows it not met (a
    conflict validation reports): the outcome, and a rationale that keeps what the record shows."""
    who = _who(reviewer)
    said = _sentence(judgement.rationale)
    if not judgement.met:
        return Outcome.NOT_MET, f"{who} judged this not met: {said} What the record shows: {rationale}"
    if evidence is Outcome.MET:
        return Outcome.MET, f"{rationale} {who} confirmed it: {said}".strip()
    if evidence is Outcome.NOT_PUBLISHED:
        seen = f"{who}, who saw the materials, judged this met: {said}"
        return Outcome.MET, f"{seen} From published information alone: {rationale}"
    return Outcome.NOT_MET, f"{rationale}{_CONTRADICTED.format(who=who)} {said}".strip()


_CONTRADICTED = " {who} judged this met, which the record contradicts:"


def _who(reviewer: dict[str, str]) -> str:
    return f"Reviewer {reviewer['name']}" + (f" ({reviewer['date']})" if reviewer.get("date") else "")


def _sentence(text: str) -> str:
    """A reviewer's words as a sentence: capital first, one full stop at the end."""
    text = " ".join(text.split()).rstrip(".")
    return f"{text[:1].upper()}{text[1:]}{'' if text.endswith(('?', '!')) else '.'}" if text else ""


def _reviewer(credential: Credential) -> dict[str, str] | None:
    review = credential.quality_review
    if review is None:
        return None
    found = {"name": review.reviewer, "date": review.date.isoformat() if review.date else ""}
    if review.organization is not None:
        found["organization"] = review.organization.name
    return found


def review_cycle(credential: Credential) -> int:
    months = credential.maintenance.review_cycle_months.or_(None)
    return months if isinstance(months, int) and months > 0 else DEFAULT_REVIEW_CYCLE_MONTHS


def tier(credential: Credential, as_of: dt.date) -> str:
    """``reviewed`` when a named reviewer's review is dated within the review cycle, else ``self-assessed``."""
    review = credential.quality_review
    day = review.date if review else None
    if day and day <= as_of and add_months(day, review_cycle(credential)) >= as_of:
        return "reviewed"
    return "self-assessed"


def review_state(credential: Credential, as_of: dt.date) -> tuple[bool, str]:
    """Whether the credential's content review is overdue, and a sentence saying why.

    An unknown last review is not called overdue: the catalog does not know it."""
    last = credential.maintenance.last_reviewed
    cycle = review_cycle(credential)
    if not last.stated or last.value is None:
        if last.not_published:
            return False, "The issuer does not publish when the credential was last reviewed."
        return False, "The catalog entry does not record when the credential was last reviewed."
    due = add_months(last.value, cycle)
    if due < as_of:
        return True, (f"Review overdue since {due.isoformat()} (last reviewed {last.value.isoformat()}, "
                      f"cycle {cycle} months).")
    return False, (f"Next review due by {due.isoformat()} (last reviewed {last.value.isoformat()}, "
                   f"cycle {cycle} months).")


def claimed_components(credential: Credential, rubric: Rubric) -> list[Component]:
    """The components a named reviewer marked met: the only ones a review can conflict on."""
    review = credential.quality_review
    if review is None:
        return []
    return [c for c in rubric.components if (j := review.judgements.get(c.id)) is not None and j.met]


def claim_conflicts(credential: Credential, rubric: Rubric, as_of: dt.date) -> list[tuple[str, str]]:
    """``review_conflicts`` for one credential, evaluating only the components a reviewer marked met."""
    components = claimed_components(credential, rubric)
    if not components:
        return []
    partial = replace(rubric, standards=[Standard(0, "", "", components)])
    return review_conflicts(score(credential, partial, as_of))


def review_conflicts(card: Scorecard) -> list[tuple[str, str]]:
    """Components a reviewer marked met although the record itself shows them not met."""
    conflicts = []
    for result in card.components:
        if result.reviewer_judgement is Outcome.MET and result.evidence_outcome is Outcome.NOT_MET and card.reviewer:
            shown = result.rationale.partition(_CONTRADICTED.format(who=_who(card.reviewer)))[0]
            conflicts.append((result.id, f"{card.reviewer['name']} marked MPOS component {result.id} ({result.name}) "
                                         f"as met, but the record shows it not met: {shown} Correct the record, or "
                                         "change the judgement to met: false."))
    return conflicts
