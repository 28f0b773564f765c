"""The small rule language of ``schema/mpos-rubric.yaml``: what decides each component from the model.

A rule names a field of the credential (a dotted schema path, read from the typed model with
``model.lookup``) and the tests its value must pass; ``all`` and ``any`` combine rules. A rule has one of
three outcomes, each with a sentence that states only what the record says:

- ``met``: the value is stated, substantive, and passes every test;
- ``not_met``: the value is stated and fails a test (no resubmission, a review cycle of 24 months, a
  criterion that names nothing observable), or the record marks the field not applicable;
- ``not_published``: it cannot be verified from what is published. The field is ``not published``
  (by the credential's file, or by the defaults of a named organization), or the entry says nothing
  about it, or its text only says the information is unavailable, pending, elsewhere or on request
  (``Substance.unavailable_in``), or a list item the test needs does not state it.

Never met on absence: a value that cannot be read is never taken as passing, and never as failing either.
``all`` is not met when any part is not met, else not published when any part is, else met; ``any`` is met
when any part is met, else not published when any part is, else not met. So a standard with one component
not met is not met even when others cannot be verified: what is stated to fail outweighs what is unknown.

Sentences come from the rule (``met``, ``not_met``, ``not_published``, with ``{value}``, ``{count}``,
``{reason}``, ``{field}`` and ``{count|one|many}`` filled in: sentences.py); a field that is not published or
not stated gets a generated sentence that says so and who says so, naming the field as the rubric file's
``field_names`` (or the schema's title) does. A not met sentence is only ever said of a stated value.
Each rule is read once into a ``Rule`` (``compile_rule``, when the rubric loads): scoring a catalog
evaluates every rule for every credential, so nothing is looked up in the rule's YAML twice.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .model import MISSING, UNLIMITED, Fact, State, lookup
from .sentences import SLOT, Piece, clip, join_sentences, join_words, lower_first, parse_template, render
from .substance import Substance

TESTS = {
    "present", "min_words", "max_words", "min", "max", "equals", "one_of", "url", "mentions",
    "within_months", "contains", "min_items", "max_items", "items", "every", "check", "observable",
    "shares_words_with",
}
RULE_KEYS = TESTS | {"field", "met", "not_met", "not_published", "all", "any", "default_months", "days_unit"}
CHECKS = {"evidence_aligned"}
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
_WORDS = re.compile(r"\S*[^\W_]\S*")  # a run of non-spaces holding a letter or a digit
_TEXT_TESTS = {"min_words", "max_words", "mentions", "present", "observable", "shares_words_with"}
_LIST_TESTS = {"min_items", "max_items", "items", "every", "contains"}


class Outcome(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NOT_PUBLISHED = "not_published"

    @property
    def label(self) -> str:
        """How people read it: "Met", "Not met", "Not verifiable" (from published information)."""
        return {"met": "Met", "not_met": "Not met", "not_published": "Not verifiable"}[self.value]


def combine_all(outcomes: Sequence[Outcome]) -> Outcome:
    """Every part must be met: one not met decides, then one that cannot be verified."""
    if Outcome.NOT_MET in outcomes:
        return Outcome.NOT_MET
    return Outcome.NOT_PUBLISHED if Outcome.NOT_PUBLISHED in outcomes else Outcome.MET


def combine_any(outcomes: Sequence[Outcome]) -> Outcome:
    """One part met is enough; not met only when every part is stated and fails."""
    if Outcome.MET in outcomes:
        return Outcome.MET
    return Outcome.NOT_PUBLISHED if Outcome.NOT_PUBLISHED in outcomes else Outcome.NOT_MET


@dataclass(frozen=True)
class Result:
    """A rule's outcome and its sentences (kept apart, so a component says each of them once)."""

    outcome: Outcome
    sentences: tuple[str, ...]

    @property
    def message(self) -> str:
        return join_sentences(self.sentences)

    @property
    def met(self) -> bool:
        return self.outcome is Outcome.MET


@dataclass(frozen=True)
class Context:
    """What every evaluation needs besides the rule: the scoring date, the substance words, and how
    sentences name fields and values."""

    as_of: dt.date
    substance: Substance = field(default_factory=Substance)
    titles: Mapping[str, str] = field(default_factory=dict)  # field path -> the schema's title
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # field path -> value -> title
    names: Mapping[str, str] = field(default_factory=dict)  # field path -> the rubric's noun phrase for it
    _about: dict[str, str] = field(default_factory=dict, init=False, compare=False, repr=False)

    def about(self, path: str) -> str:
        """How a sentence names a field: "the assessor training", "how to access the materials"."""
        if path not in self._about:
            title = self.names.get(path) or lower_first(self.titles.get(path) or
                                                        path.rpartition(".")[2].replace("_", " "))
            wh = path in self.names or title.split(" ", 1)[0] in ("how", "what", "when", "which", "who", "where")
            self._about[path] = title if wh else f"the {title}"
        return self._about[path]

    def show_value(self, path: str, value: Any) -> str:
        """A stated value as a sentence shows it: a value's schema title, a date, a list of titles."""
        titles = self.values.get(path, {})
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, str):
            return value if _URL.match(value) else titles.get(value, clip(value))  # a link is never cut
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            return join_words([lower_first(titles.get(v, v)) for v in value])
        if isinstance(value, tuple):
            return f"{len(value)} item{'s' if len(value) != 1 else ''}"
        return str(value)


Check = tuple[str, Mapping[str, Any], bool, bool]  # an item's field, its tests, whether on a list, on text
_DEFAULT_SENTENCES = {
    Outcome.MET: "{About} is given (field `{field}`).",
    Outcome.NOT_MET: "{About} does not pass the rubric's test ({reason}).",
    Outcome.NOT_PUBLISHED: "{About} cannot be verified from what is published ({reason}).",
}


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule of the rubric file, read once (``compile_rule``) so each evaluation only looks at the record."""

    raw: Mapping[str, Any]
    group: str  # "all" or "any" for a group of rules, else ""
    parts: tuple[Rule, ...]
    check: str  # a named check in code, else ""
    path: str
    tests: Mapping[str, Any]
    text_tests: bool  # a test on text: text that only points elsewhere cannot be verified
    list_tests: bool
    item_checks: tuple[Check, ...]  # the tests of `items` or `every`, by field of an item
    sentences: Mapping[Outcome, tuple[Piece, ...]]  # the rule's own; defaults for a field's outcomes
    slots: frozenset[str]


def compile_rule(raw: Mapping[str, Any]) -> Rule:
    group = "all" if "all" in raw else "any" if "any" in raw else ""
    parts = tuple(compile_rule(r) for r in raw.get(group, ())) if group else ()
    own = {o: raw[str(o)] for o in Outcome if isinstance(raw.get(str(o)), str) and raw[str(o)]}
    if not group:
        own = {**_DEFAULT_SENTENCES, **own}
    sentences = {o: parse_template(text) for o, text in own.items()}
    each = raw.get("items") or raw.get("every") or {}
    return Rule(raw, group, parts, str(raw.get("check") or ""), str(raw.get("field") or ""), raw,
                bool(_TEXT_TESTS & raw.keys()), bool(_LIST_TESTS & raw.keys()), _item_checks(each),
                sentences, frozenset(p[1] for pieces in sentences.values() for p in pieces if p[1]))


def _item_checks(tests: Mapping[str, Any]) -> tuple[Check, ...]:
    return tuple((name, sub, bool(_LIST_TESTS & sub.keys()), bool(_TEXT_TESTS & sub.keys()))
                 for name, sub in tests.items())


def evaluate(rule: Rule | Mapping[str, Any], credential: Any, context: Context) -> Result:
    """Evaluate one rule against a typed credential (model.Credential)."""
    if not isinstance(rule, Rule):
        rule = compile_rule(rule)
    if rule.group:
        return _group(rule, credential, context)
    path = rule.path
    if rule.check:
        outcome, reason = _special(rule.check, credential)
        return Result(outcome, (_say(rule, outcome, context, None, None, reason),))
    fact = lookup(credential, path)
    if isinstance(fact, Fact):
        if fact.state is not State.STATED:
            if fact.state is State.NOT_APPLICABLE:
                return Result(Outcome.NOT_MET, (f"The record marks {context.about(path)} as not applicable "
                                                f"(field `{path}`).",))
            return Result(Outcome.NOT_PUBLISHED, (unknown_sentence(credential, path, fact, context),))
        value = fact.value
    else:
        value = fact
    if _empty(value):
        return Result(Outcome.NOT_PUBLISHED, (unknown_sentence(credential, path, MISSING, context),))
    outcome, reason, count = _test(rule, value, credential, context)
    return Result(outcome, (_say(rule, outcome, context, value, count, reason, credential),))


def _group(rule: Rule, credential: Any, context: Context) -> Result:
    """``all`` / ``any``: the rule's own sentence for the outcome, then the parts that decided it."""
    parts = [evaluate(r, credential, context) for r in rule.parts]
    outcomes = [p.outcome for p in parts]
    outcome = combine_all(outcomes) if rule.group == "all" else combine_any(outcomes)
    if outcome is Outcome.NOT_PUBLISHED and rule.group == "any":
        deciding = [p for p in parts if p.outcome is not Outcome.MET]  # what is unknown and what fails
    else:
        deciding = [p for p in parts if p.outcome is outcome]
    lead = (render(rule.sentences[outcome], {}),) if outcome in rule.sentences else ()
    if outcome is Outcome.MET and lead:
        return Result(outcome, lead)
    return Result(outcome, lead + tuple(s for p in deciding for s in p.sentences))


def unknown_sentence(credential: Any, path: str, fact: Fact[Any], context: Context) -> str:
    """Why a field that is not stated cannot be verified, and who says so."""
    about = context.about(path)
    if fact.state is State.NOT_PUBLISHED:
        read = getattr(credential, "read_on", None)
        day = read(path) if callable(read) else None
        where = f"field `{path}`, sources read {day.isoformat()}" if day else f"field `{path}`"
        if fact.origin is not None:
            return (f"The defaults of {fact.origin.name} say it does not publish {about}, so this cannot be "
                    f"verified ({where}).")
        return f"The issuer does not publish {about}, so this cannot be verified ({where})."
    return f"The catalog entry says nothing about {about}, so this cannot be verified (field `{path}`)."


def _say(rule: Rule, outcome: Outcome, context: Context, value: Any, count: int | None, reason: str | None,
         credential: Any = None) -> str:
    path = rule.path
    slots: dict[str, Any] = {"field": path, "reason": reason or "", "count": count}
    if "about" in rule.slots or "About" in rule.slots:
        about = context.about(path) if path else "it"
        slots["about"], slots["About"] = about, about[:1].upper() + about[1:]
    if "value" in rule.slots:
        slots["value"] = context.show_value(path, value) if value is not None else ""
    if "days_unit" in rule.tests:  # "{value} {business}days", "(about {calendar} days)"
        business = credential is not None and _business(rule, credential)
        slots["business"] = "business " if business else ""
        slots["as_calendar"] = (f" ({value} business days can take up to {calendar_days(value)} days)"
                                if business and _is_number(value) else "")
    return render(rule.sentences[outcome], slots)


# ---- tests on a stated value ---------------------------------------------------------------------------


def _test(rule: Rule, value: Any, credential: Any, context: Context) -> tuple[Outcome, str | None, int | None]:
    """(outcome, the reason it is not met or cannot be verified, the count: of words or qualifying items)."""
    if isinstance(value, str):
        if rule.text_tests and context.substance.unavailable_in(value):
            return Outcome.NOT_PUBLISHED, f"`{rule.path}` only says '{clip(value)}'", None
        counted = "count" in rule.slots or "min_words" in rule.tests or "max_words" in rule.tests
        n = words(value) if counted else None
        reason = _value_failure(rule.tests, value, credential, context, f"`{rule.path}`", n)
        return (Outcome.MET if reason is None else Outcome.NOT_MET), reason, n
    if isinstance(value, tuple) and rule.list_tests:
        return _list_test(rule.tests, value, context, rule.path, rule.item_checks)
    if "days_unit" in rule.tests and _is_number(value) and _business(rule, credential):
        value = calendar_days(value)  # tested as the calendar days they can take; said as written
    reason = _value_failure(rule.tests, value, credential, context, f"`{rule.path}`")
    return (Outcome.MET if reason is None else Outcome.NOT_MET), reason, None


def calendar_days(business_days: float) -> int:
    """The most calendar days a number of business days can take: five in every seven, rounded up."""
    return math.ceil(business_days * 7 / 5)


def _business(rule: Rule, credential: Any) -> bool:
    unit = lookup(credential, str(rule.tests["days_unit"]))
    return isinstance(unit, Fact) and unit.or_("") == "business-days"


def _list_test(tests: Mapping[str, Any], items: tuple[Any, ...], context: Context, path: str,
               checks: tuple[Check, ...]) -> tuple[Outcome, str | None, int | None]:
    label = f"`{path}`"
    pointers = [t for t in items if isinstance(t, str) and context.substance.unavailable_in(t)]
    if pointers and len(pointers) == len(items):  # ["See the program handbook"]: the list only points elsewhere
        return Outcome.NOT_PUBLISHED, f"{label} only says '{clip(pointers[0])}'", 0
    if pointers:  # the entries that say something count; the others cannot be checked
        stated = tuple(t for t in items if t not in pointers)
        outcome, reason, count = _list_test(tests, stated, context, path, checks)
        if outcome is Outcome.NOT_MET and tests.get("min_items", 0) <= len(items) <= tests.get("max_items", len(items)):
            which = "1 entry that only points" if len(pointers) == 1 else f"{len(pointers)} entries that only point"
            return Outcome.NOT_PUBLISHED, f"{label} has {which} elsewhere", count
        return outcome, reason, count
    if "contains" in tests:
        missing = [v for v in tests["contains"] if v not in items]
        if missing:
            return Outcome.NOT_MET, f"{label} does not list {join_words([f'`{v}`' for v in missing])}", len(items)
    if "every" in tests:
        judged = [_item_outcome(checks, item, context, path, i) for i, item in enumerate(items, 1)]
        for wanted in (Outcome.NOT_MET, Outcome.NOT_PUBLISHED):
            failing = [reason for outcome, reason in judged if outcome is wanted]
            if failing:
                more = f", and {len(failing) - 1} more like it" if len(failing) > 1 else ""
                return wanted, f"{failing[0]}{more}", len(items)
    count = len(items)
    if "items" in tests:
        judged = [_item_outcome(checks, item, context, path, i) for i, item in enumerate(items, 1)]
        count = sum(1 for outcome, _ in judged if outcome is Outcome.MET)
        needed = tests.get("min_items", 0)
        if count < needed:
            unknown = [reason for outcome, reason in judged if outcome is Outcome.NOT_PUBLISHED]
            if count + len(unknown) >= needed:
                return Outcome.NOT_PUBLISHED, unknown[0], count
            if count == 0:
                failing = [reason for outcome, reason in judged if outcome is Outcome.NOT_MET]
                return Outcome.NOT_MET, f"no item of {label} qualifies: {(failing or unknown)[0]}", count
            return Outcome.NOT_MET, (f"{label} has {count} qualifying {'item' if count == 1 else 'items'} of "
                                     f"{len(items)}, fewer than the {needed} needed"), count
    elif "min_items" in tests and count < tests["min_items"]:
        return Outcome.NOT_MET, f"{label} lists {_items(count)}, fewer than the {tests['min_items']} needed", count
    if "max_items" in tests and len(items) > tests["max_items"]:
        return Outcome.NOT_MET, f"{label} lists {_items(len(items))}, more than the {tests['max_items']} allowed", count
    return Outcome.MET, None, count


def _item_outcome(checks: tuple[Check, ...], item: Any, context: Context, path: str,
                  index: int) -> tuple[Outcome, str]:
    """Each named field of one list item against its tests: (outcome, the reason when not met)."""
    judged: list[tuple[Outcome, str]] = []
    for name, sub, listy, texty in checks:
        fact = getattr(item, name, None)
        if isinstance(fact, Fact):
            if fact.state is not State.STATED:
                if fact.state is State.NOT_APPLICABLE:
                    judged.append((Outcome.NOT_MET, f"`{name}` of `{path}` item {index} is marked not applicable"))
                else:
                    said = "is not published" if fact.state is State.NOT_PUBLISHED else "is not stated"
                    judged.append((Outcome.NOT_PUBLISHED, f"`{name}` of `{path}` item {index} {said}"))
                continue
            value = fact.value
        else:
            value = fact
        if _empty(value):
            judged.append((Outcome.NOT_PUBLISHED, f"`{name}` of `{path}` item {index} is not stated"))
        elif texty and isinstance(value, str) and context.substance.unavailable_in(value):
            judged.append((Outcome.NOT_PUBLISHED, f"`{name}` of `{path}` item {index} only says '{clip(value)}'"))
        elif isinstance(value, tuple) and listy:
            where = f"{path}[{index}].{name}"
            outcome, reason, _ = _list_test(sub, value, context, where, _item_checks(sub.get("items") or sub.get(
                "every") or {}))
            judged.append((outcome, reason or ""))
        else:
            reason = _value_failure(sub, value, item, context, f"`{name}` of `{path}` item {index}")
            judged.append((Outcome.MET, "") if reason is None else (Outcome.NOT_MET, reason))
    if all(o is Outcome.MET for o, _ in judged):
        return Outcome.MET, ""
    outcome = combine_all([o for o, _ in judged])
    return outcome, next((r for o, r in judged if o is outcome and r), "")


def _value_failure(tests: Mapping[str, Any], value: Any, credential: Any, context: Context, label: str,
                   n: int | None = None) -> str | None:
    """The reason a stated ``value`` fails ``tests``, or None when it passes (``n``: its words, if counted)."""
    if "min_words" in tests or "max_words" in tests:
        n = words(value) if n is None else n
        if n < tests.get("min_words", 0):
            return f"{label} has {_words(n)}, fewer than the {tests['min_words']} needed"
        if n > tests.get("max_words", n):
            return f"{label} has {_words(n)}, more than the {tests['max_words']} allowed"
    if "mentions" in tests:
        text = str(value).casefold()
        missing = [w for w in tests["mentions"] if w.casefold() not in text]
        if missing:
            return f"{label} has no word beginning {join_words([repr(w) for w in missing], 'or')}"
    if tests.get("observable") and not context.substance.observable(str(value)):
        return f"{label} ('{clip(str(value))}') names nothing that could be observed in a submission"
    if "shares_words_with" in tests:
        mine = {w[:5] for w in context.substance.named(str(value))}  # "partner" and "partners" alike
        shared = any(mine.intersection(w[:5] for w in context.substance.named(_text_of(lookup(credential, other))))
                     for other in tests["shares_words_with"])
        if not shared:
            return f"{label} ('{clip(str(value))}') shares no word with the competency it names"
    if "min" in tests and value != UNLIMITED and (not _is_number(value) or value < tests["min"]):
        return f"{label} is {_show(value)}; at least {tests['min']} is needed"
    if "max" in tests and (not _is_number(value) or value > tests["max"]):
        return f"{label} is {_show(value)}; at most {tests['max']} is allowed"
    if "equals" in tests and value != tests["equals"]:
        return f"{label} is {_show(value)}, not {_show(tests['equals'])}"
    if "one_of" in tests and value not in tests["one_of"]:
        return f"{label} is {_show(value)}, not one of {join_words([str(v) for v in tests['one_of']], 'or')}"
    if "url" in tests and not (isinstance(value, str) and _URL.match(value)):
        return f"{label} ({_show(value)}) is not a web address"
    if "within_months" in tests:
        return _within(tests, value, credential, context, label)
    return None


def _within(tests: Mapping[str, Any], value: Any, credential: Any, context: Context, label: str) -> str | None:
    """A date no older than the cycle (the months in another field, or the rule's default) at the scoring date."""
    limit = tests["within_months"]
    months = lookup(credential, limit) if isinstance(limit, str) else limit
    if isinstance(months, Fact):
        months = months.or_(None)
    cycle = f"with a {months}-month review cycle"
    if not isinstance(months, int):
        months = tests.get("default_months", 12)
        cycle = f"with the {months}-month cycle the rubric asks for at most"
    day = value if isinstance(value, dt.date) else _date(value)
    if day is None:
        return f"{label} is not a date"
    if day > context.as_of:
        return f"{label} is {day.isoformat()}, after the scoring date {context.as_of.isoformat()}"
    due = add_months(day, months)
    if due < context.as_of:
        return (f"{label} is {day.isoformat()}; {cycle} the next review was due by {due.isoformat()}, before "
                f"the scoring date {context.as_of.isoformat()}")
    return None


def _text_of(node: Any) -> str:
    if isinstance(node, Fact):
        node = node.or_("")
    if isinstance(node, tuple):
        return " ".join(_text_of(n) for n in node)
    return node if isinstance(node, str) else ""


def _special(name: str, credential: Any) -> tuple[Outcome, str | None]:
    if name == "evidence_aligned":
        evidence, criteria = credential.evidence, credential.evaluation.criteria
        for path, fact in (("evidence", evidence), ("evaluation.criteria", criteria)):
            if not fact.stated:
                return Outcome.NOT_PUBLISHED, f"`{path}` is {'not published' if fact.not_published else 'not stated'}"
        ids = [e.id for e in evidence.items]
        used = {ref for c in criteria.items for ref in c.evidence.items}
        unjudged = [e for e in ids if e not in used]
        blind = [c.id for c in criteria.items if not c.evidence.stated]
        if unjudged and blind:
            names = join_words([f"`{c}`" for c in blind])
            said = (f"the criterion {names} does not say which evidence it judges" if len(blind) == 1 else
                    f"the criteria {names} do not say which evidence they judge")
            return Outcome.NOT_PUBLISHED, said
        if unjudged:
            return Outcome.NOT_MET, f"no criterion judges the evidence {join_words([f'`{e}`' for e in unjudged])}"
        return Outcome.MET, None
    raise ValueError(f"unknown check {name}")


# ---- helpers -------------------------------------------------------------------------------------------


def words(text: Any) -> int:
    """Words separated by spaces that hold at least one letter or digit ("—" alone is not a word)."""
    return len(_WORDS.findall(text)) if isinstance(text, str) else 0


def _words(n: int) -> str:
    return f"{n} word{'s' if n != 1 else ''}"


def _items(n: int) -> str:
    return f"{n} item{'s' if n != 1 else ''}"


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == () or value == []


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30,
            31, 30, 31][month - 1]
    return dt.date(year, month, min(day.day, last))


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{clip(value)}'"
    if isinstance(value, bool):
        return str(value).lower()
    if value is None:
        return "missing"
    if isinstance(value, tuple | list):
        return f"a list of {len(value)}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def rule_problems(rule: Any, where: str) -> list[str]:
    """Structural mistakes in a rule, for the rubric check (unknown tests, missing field...)."""
    if not isinstance(rule, Mapping):
        return [f"{where}: a rule must be a mapping"]
    known = ", ".join(sorted(RULE_KEYS))
    problems = [f"{where}: unknown key `{k}` (known: {known})" for k in rule if k not in RULE_KEYS]
    for key in ("met", "not_met", "not_published"):
        if key in rule and not isinstance(rule[key], str):
            problems.append(f"{where}: `{key}` must be text")
        elif key in rule:
            slots = {"field", "about", "About", "reason", "value", "count"}
            if "days_unit" in rule:  # a turnaround counted in the unit another field names
                slots |= {"business", "as_calendar"}
            unknown = {m.group(1) for m in SLOT.finditer(rule[key])} - slots
            problems += [f"{where}: `{key}` names `{{{u}}}`; a sentence can use {{value}}, {{count}}, {{reason}}, "
                         "{field}, {about} and {count|one|many}" for u in sorted(unknown)]
    if "all" in rule or "any" in rule:
        group = rule.get("all", rule.get("any"))
        if not isinstance(group, list) or not group:
            return [*problems, f"{where}: `all`/`any` needs a non-empty list of rules"]
        for i, sub in enumerate(group, 1):
            problems += rule_problems(sub, f"{where} > rule {i}")
        return problems
    if "check" in rule:
        if rule["check"] not in CHECKS:
            problems.append(f"{where}: unknown check `{rule['check']}` (known: {', '.join(sorted(CHECKS))})")
        return problems
    if not isinstance(rule.get("field"), str) or not rule.get("field"):
        problems.append(f"{where}: a rule needs `field` (a dotted path such as access.supports)")
    if not any(t in rule for t in TESTS):
        problems.append(f"{where}: a rule needs at least one test ({', '.join(sorted(TESTS))})")
    return problems
