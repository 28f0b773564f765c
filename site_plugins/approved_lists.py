"""Approved lists: what a recognizer accepts, as data (catalog/approved-lists/<id>.yaml), and who is on it.

A list holds rules over the catalog's facts and scorecards, credentials named by id, or both. It is turned
into the typed ``ApprovedList`` once, like every other file (model.py); ``standings`` then evaluates it on
the typed credentials and their scorecards, never on the contributor's YAML.

How the build knows a credential *was* on a list (docs/recognizers.md, "Approved lists"):

- a credential the list **names** was put on it by the recognizer (on ``added``, or since ``effective``).
  While it meets every rule it is on the list; once it fails one it is shown as having left, with the
  rules it no longer meets (a list that names credentials holds only those; its rules are conditions on
  them);
- a credential a **rules-only** list takes in, and whose only failed rule is ``review_current`` (reviewed
  within its cycle), was on the list until the day its review lapsed (its last review plus its cycle, the
  catalog's own dates), when that day is after the list took effect: it is shown as "Left on <that day>:
  review lapsed" (so is a named credential whose only failed rule is its review, lapsed after it was added);
- any other credential that fails a rule is simply not on the list. A fact that is not published or not
  recorded never satisfies a rule: an unknown cost is not "at most $X".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .list_terms import MEASURES, NUMERIC_MEASURES, TESTS
from .model import Credential, Fact, OrgRef, Source, State, _date, _sources, lookup, org_ref
from .rules import add_months
from .scoring import Scorecard, review_cycle


@dataclass(frozen=True, slots=True)
class Credit:
    """What a credential on a list earns: the kind of value, and the amount when the recognizer states one."""

    type: str
    amount: float | None  # None: not stated (never 0)
    unit: str
    note: str


@dataclass(frozen=True, slots=True)
class Rule:
    fact: str  # a credential field's dotted name, or one of MEASURES
    test: str  # one of TESTS
    value: Any  # a tuple for `in`


@dataclass(frozen=True, slots=True)
class Named:
    """A credential the list names by id."""

    id: str
    added: dt.date | None
    credit: Credit | None


@dataclass(frozen=True, slots=True)
class ApprovedList:
    id: str
    file: str
    title: str
    description: str
    recognizer: OrgRef
    jurisdiction: str
    url: str
    effective: dt.date
    illustrative: bool
    credit: Credit | None
    rules: tuple[Rule, ...]
    named: tuple[Named, ...]
    sources: tuple[Source, ...]

    def entry(self, cid: str) -> Named | None:
        return next((n for n in self.named if n.id == cid), None)


@dataclass(frozen=True, slots=True)
class Standing:
    """A credential on a list, or one that left it (``on`` false, with the day and the reason)."""

    list_id: str
    credential_id: str
    on: bool
    since: dt.date  # the day it entered the list
    credit: Credit | None
    left_on: dt.date | None = None  # known only when its review lapsed
    reason: str = ""  # why it left

    @property
    def changed(self) -> dt.date:
        """The day of its latest change on the list (entered, or left when the day is known)."""
        return self.left_on or self.since


def _credit(raw: Any) -> Credit | None:
    if not isinstance(raw, dict):
        return None
    amount = raw.get("amount")
    return Credit(str(raw.get("type") or "other"), amount if isinstance(amount, int | float) else None,
                  str(raw.get("unit") or ""), str(raw.get("note") or ""))


def build_approved_list(entry: Any, orgs: Mapping[str, OrgRef]) -> ApprovedList:
    """The typed list of a valid catalog file."""
    data = entry.data
    rules = []
    for raw in data.get("rules") or ():
        test = next(t for t in TESTS if t in raw)
        value = raw[test]
        rules.append(Rule(str(raw["fact"]), test, tuple(value) if isinstance(value, list) else value))
    named = tuple(Named(str(n["id"]), _date(n["added"]) if n.get("added") else None, _credit(n.get("credit")))
                  for n in data.get("credentials") or ())
    return ApprovedList(
        id=entry.id, file=entry.display, title=str(data["title"]), description=str(data.get("description") or ""),
        recognizer=org_ref(orgs, str(data["recognizer"])), jurisdiction=str(data["jurisdiction"]),
        url=str(data.get("url") or ""), effective=_date(data["effective"]) or dt.date.min,
        illustrative=data.get("illustrative") is True, credit=_credit(data.get("credit")), rules=tuple(rules),
        named=named, sources=_sources(data.get("sources"), None),
    )


# ---- evaluating the rules ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Check:
    """One rule on one credential: whether it holds (None: the fact is not known), and in words why not."""

    rule: Rule
    holds: bool | None
    why: str


def measure(fact: str, c: Credential, card: Scorecard, as_of: dt.date) -> Fact[Any]:
    """The value a rule reads: a scorecard measure or the credential's fact, as a ``Fact``."""
    if fact in NUMERIC_MEASURES or fact == "tier":
        return Fact(State.STATED, getattr(card, fact))
    if fact == "review_current":
        due = review_due(c)
        last = c.maintenance.last_reviewed
        if due is None:
            return Fact(last.state if last.unknown else State.MISSING)
        return Fact(State.STATED, due >= as_of)
    found = lookup(c, fact)
    if isinstance(found, Fact):
        if found.stated and isinstance(found.value, OrgRef):
            return Fact(State.STATED, found.value.id)
        return found
    if isinstance(found, OrgRef):  # organizations are compared by id, as the YAML names them
        return Fact(State.STATED, found.id)
    if isinstance(found, tuple) and all(isinstance(o, OrgRef) for o in found):
        found = tuple(o.id for o in found)
    return Fact(State.STATED, found) if found not in ("", None, ()) else Fact(State.MISSING)


def describe_fact(titles: Mapping[str, str], fact: str) -> str:
    """A rule's fact in words: a measure's name, or the credential schema's title of the field (with its
    group's, where the field's own is too short to stand alone: ``access.cost.amount`` is "Cost amount")."""
    if fact in MEASURES:
        return MEASURES[fact]
    title = titles.get(fact, fact)
    group = titles.get(fact.rpartition(".")[0], "")
    if group and " " not in title and group.lower() not in title.lower():
        return f"{group} {title.lower()}"
    return title


def review_due(c: Credential) -> dt.date | None:
    """The day the credential's content review lapses (its last review plus its cycle), when it is known."""
    last = c.maintenance.last_reviewed
    if not last.stated or last.value is None:
        return None
    return add_months(last.value, review_cycle(c))


def check(rule: Rule, c: Credential, card: Scorecard, as_of: dt.date, describe: Any = None) -> Check:
    """Whether ``rule`` holds for the credential. ``describe(fact)`` names the fact in words."""
    name = (describe or (lambda f: MEASURES.get(f, f)))(rule.fact)
    fact = measure(rule.fact, c, card, as_of)
    if not fact.stated:
        known = "is not published" if fact.not_published else (
            "does not apply" if fact.state is State.NOT_APPLICABLE else "is not recorded")
        return Check(rule, None, f"{name} {known}")
    value = fact.value
    values = value if isinstance(value, tuple) else (value,)
    if rule.test in ("at_least", "at_most"):
        if not isinstance(value, int | float) or isinstance(value, bool):
            return Check(rule, None, f"{name} is not a number")
        holds = value >= rule.value if rule.test == "at_least" else value <= rule.value
        word = "less than" if rule.test == "at_least" else "more than"
        return Check(rule, holds, "" if holds else f"{name} is {_show(value)}, {word} {_show(rule.value)}")
    if rule.test == "is":
        holds = rule.value in values if isinstance(value, tuple) else value == rule.value
        if rule.fact == "review_current" and not holds:
            due = review_due(c)
            return Check(rule, False, f"review lapsed on {due.isoformat()}" if due else "review lapsed")
        return Check(rule, holds, "" if holds else f"{name} is {_show(value)}, not {_show(rule.value)}")
    holds = any(v in rule.value for v in values)
    return Check(rule, holds, "" if holds else f"{name} is {_show(value)}, not one of the list's")


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    return str(value)


def standings(lists: Mapping[str, ApprovedList], credentials: Mapping[str, Credential],
              scorecards: Mapping[str, Scorecard], as_of: dt.date,
              describe: Any = None) -> dict[str, dict[str, Standing]]:
    """Every list's standings (its credentials and those that left it), by list id, then by credential id
    (in id order)."""
    found: dict[str, dict[str, Standing]] = {}
    for lid, approved in sorted(lists.items()):
        rows: dict[str, Standing] = {}
        if approved.effective <= as_of:
            for cid in sorted(credentials):
                standing = _standing(approved, credentials[cid], scorecards[cid], as_of, describe)
                if standing is not None:
                    rows[cid] = standing
        found[lid] = rows
    return found


def _standing(approved: ApprovedList, c: Credential, card: Scorecard, as_of: dt.date,
              describe: Any) -> Standing | None:
    named = approved.entry(c.id)
    if named is None and (approved.named or not approved.rules):
        return None  # a list that names credentials holds those only
    credit = (named.credit if named else None) or approved.credit
    checks = [check(rule, c, card, as_of, describe) for rule in approved.rules]
    failed = [ch for ch in checks if ch.holds is not True]
    if named is not None:
        since = max(approved.effective, named.added or approved.effective)
    else:
        last = c.maintenance.last_reviewed
        since = max(approved.effective, last.value) if last.stated and last.value else approved.effective
    if not failed:
        return Standing(approved.id, c.id, True, since, credit)
    lapsed_only = all(ch.rule.fact == "review_current" and ch.holds is False for ch in failed)
    due = review_due(c) if lapsed_only else None
    if lapsed_only and due is not None and due >= since:
        return Standing(approved.id, c.id, False, since, credit, due, "review lapsed")
    if named is not None:
        return Standing(approved.id, c.id, False, since, credit, None,
                        "no longer meets the list's rules: " + "; ".join(ch.why for ch in failed))
    return None
