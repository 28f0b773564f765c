"""How pages and cards put facts into words: a stated value as text, an unknown one as what is known of it.

Every fact a page or card shows goes through ``say``. Stated: its value in words. Not published: "Not
published by the issuer", with the date its sources were read when there is one. Missing: "Not recorded in
this catalog entry" (the entry says nothing, which is not the same as the issuer's silence). Not
applicable: "Does not apply". A number is written only for a stated value: an unknown cost is never
"Free", unknown hours are never "0 hours".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .model import Cost, Fact, OrgRef, State
from .quantities import hours, money
from .rules import Outcome

NOT_PUBLISHED_TEXT = "Not published by the issuer"
MISSING_TEXT = "Not recorded in this catalog entry"
NOT_APPLICABLE_TEXT = "Does not apply"


@dataclass(frozen=True, slots=True)
class OutcomeWords:
    """A scorecard outcome as a page shows it: its word, and the class of its mark."""

    word: str
    css: str


OUTCOMES = {Outcome.MET: OutcomeWords("Met", "cc-met"), Outcome.NOT_MET: OutcomeWords("Not met", "cc-not-met"),
            Outcome.NOT_PUBLISHED: OutcomeWords("Not verifiable", "cc-unverified")}


@dataclass(frozen=True, slots=True)
class Said:
    """What a page says about one fact: its text (the value, or the honest wording for an unknown one), the
    organization whose defaults set it, and, for a stated list, its items made ready for the template."""

    state: State
    text: str
    origin: OrgRef | None = None
    items: tuple[Any, ...] = ()

    @property
    def stated(self) -> bool:
        return self.state is State.STATED


def unknown_text(state: State, read_on: dt.date | None = None) -> str:
    """The wording for a fact that is not stated; ``read_on``: when the sources that support it were read."""
    if state is State.NOT_PUBLISHED:
        return NOT_PUBLISHED_TEXT + (f" (checked {read_on.isoformat()})" if read_on else "")
    if state is State.NOT_APPLICABLE:
        return NOT_APPLICABLE_TEXT
    return MISSING_TEXT


def say(fact: Fact[Any], read_on: dt.date | None = None, show: Callable[[Any], str] | None = None,
        each: Callable[[Any], Any] | None = None) -> Said:
    """``fact`` in words: ``show(value)`` when stated (str by default), and for a list ``each(item)``."""
    if not fact.stated:
        return Said(fact.state, unknown_text(fact.state, read_on), fact.origin)
    items = tuple(each(item) for item in fact.items) if each else ()
    text = show(fact.value) if show else ("" if each else str(fact.value))
    return Said(State.STATED, text, fact.origin, items)


def cost_kind(cost: Cost) -> str:
    """The cost filter's value: free (to everyone or to the members it names), paid, or not-published."""
    if cost.free:
        return "free"
    return "paid" if cost.amount.stated else "not-published"


def cost_short(cost: Cost) -> str:
    """The cost as a card says it: "Free", "$149", "Cost not published"."""
    if not cost.amount.stated:
        return "Free for members" if cost.member_amount.or_(None) == 0 else "Cost " + _short(cost.amount.state)
    return money(cost.amount.value or 0, cost.currency)


def hours_short(fact: Fact[float]) -> str:
    """The time as a card says it: "12 hours", "Time not published"."""
    return hours(fact.value) if fact.stated and fact.value is not None else "Time " + _short(fact.state)


def _short(state: State) -> str:
    return {State.NOT_PUBLISHED: "not published", State.NOT_APPLICABLE: "does not apply"}.get(state, "not recorded")
