"""The small rule language of ``schema/mpos-rubric.yaml``: what decides each component from the model.

A rule names a field of the credential (a dotted schema path, read from the typed model with
``model.lookup``) and the tests its value must pass; ``all`` and ``any`` combine rules. Each evaluation
has one of three outcomes, with a sentence that states only what the record says:

- ``met``: the value is stated, well formed and substantive, and passes every test;
- ``not_met``: the value is stated and fails a test (no resubmission, a review cycle past a year...);
- ``not_published``: it cannot be verified from what is published: the field is ``not published``,
  the entry says nothing about it, or its text only says the information is unavailable, pending,
  elsewhere or on request (``Substance.unavailable``).

``all`` is not met when any part is not met, else not published when any part is, else met; ``any`` is met
when any part is met, else not published when any part is, else not met.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .model import Fact, State, lookup

TESTS = {
    "present", "min_words", "max_words", "min", "max", "equals", "one_of", "url", "mentions",
    "within_months", "contains", "min_items", "max_items", "items", "every", "check", "observable",
    "shares_words_with",
}
RULE_KEYS = TESTS | {"field", "met", "not_met", "not_published", "all", "any", "why", "default_months"}
CHECKS = {"evidence_aligned"}
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
_WORD = re.compile(r"[^\W_]")
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


class Outcome(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NOT_PUBLISHED = "not_published"


def combine_all(outcomes: Sequence[Outcome]) -> Outcome:
    if Outcome.NOT_MET in outcomes:
        return Outcome.NOT_MET
    return Outcome.NOT_PUBLISHED if Outcome.NOT_PUBLISHED in outcomes else Outcome.MET


def combine_any(outcomes: Sequence[Outcome]) -> Outcome:
    if Outcome.MET in outcomes:
        return Outcome.MET
    return Outcome.NOT_PUBLISHED if Outcome.NOT_PUBLISHED in outcomes else Outcome.NOT_MET


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    message: str

    @property
    def met(self) -> bool:
        return self.outcome is Outcome.MET


@dataclass(frozen=True)
class Substance:
    """What the rubric file says about text that is not evidence (its ``substance:`` section).

    ``unavailable``: phrases saying the information is not available, pending, elsewhere or on request; a
    text that holds one and fewer than ``min_content_words`` other words only points elsewhere.
    ``generic``: words that name no observable thing in a criterion ("criterion", "meets", "level").
    """

    unavailable: tuple[re.Pattern[str], ...] = ()
    generic: frozenset[str] = frozenset()
    stop_words: frozenset[str] = frozenset()
    min_content_words: int = 5

    def content_words(self, text: str) -> list[str]:
        return [w for w in _TOKEN.findall(text.casefold()) if w not in self.stop_words and not w.isdigit()]

    def unavailable_in(self, text: str) -> str | None:
        """The phrase by which ``text`` only says the information is elsewhere, or None when it is substantive."""
        folded = " ".join(text.casefold().split())
        for pattern in self.unavailable:
            match = pattern.search(folded)
            if match:
                rest = folded[: match.start()] + " " + folded[match.end():]
                if len(self.content_words(rest)) < self.min_content_words:
                    return match.group(0)
        return None

    def observable(self, text: str) -> bool:
        """Whether a criterion names something one could observe: two words beyond generic rubric words."""
        return self.unavailable_in(text) is None and len(
            [w for w in self.content_words(text) if w not in self.generic]) >= 2


@dataclass(frozen=True)
class Context:
    """What every evaluation needs besides the rule: the scoring date and the rubric's substance words."""

    as_of: dt.date
    substance: Substance = field(default_factory=Substance)
    titles: Mapping[str, str] = field(default_factory=dict)  # field path -> the schema's title, for sentences


def evaluate(rule: Mapping[str, Any], credential: Any, context: Context) -> Result:
    """Evaluate one rule against a typed credential (model.Credential)."""
    if "all" in rule or "any" in rule:
        parts = [evaluate(r, credential, context) for r in rule.get("all", rule.get("any", []))]
        outcomes = [p.outcome for p in parts]
        outcome = combine_all(outcomes) if "all" in rule else combine_any(outcomes)
        deciding = [p for p in parts if p.outcome is outcome]
        if outcome is Outcome.MET:
            message = rule.get("met") or " ".join(p.message for p in deciding)
        elif outcome is Outcome.NOT_MET:
            message = f"{rule.get('not_met', '')} {' '.join(p.message for p in deciding)}"
        else:
            message = f"{rule.get('not_published', '')} {' '.join(p.message for p in deciding)}"
        return Result(outcome, message.strip())
    path = rule.get("field", "")
    if "check" in rule:
        outcome, problem = _special(rule["check"], credential)
        return _result(rule, outcome, problem, path, None, None)
    fact = lookup(credential, path)
    if isinstance(fact, Fact):
        if fact.state is State.NOT_APPLICABLE:
            return Result(Outcome.NOT_MET, _fill(rule.get("not_met") or f"`{path}` does not apply.", rule, path,
                                                 None, None) + " (It is marked not applicable.)")
        if not fact.stated:
            return Result(Outcome.NOT_PUBLISHED, _unknown_sentence(rule, path, fact, context))
        value = fact.value
    else:
        value = fact
    if _empty(value):
        return Result(Outcome.NOT_PUBLISHED, _unknown_sentence(rule, path, Fact(State.MISSING), context))
    outcome, problem, count = _test(rule, value, credential, context, path)
    return _result(rule, outcome, problem, path, value, count)


def _result(rule: Mapping[str, Any], outcome: Outcome, problem: str | None, path: str, value: Any,
            count: int | None) -> Result:
    if outcome is Outcome.MET:
        return Result(outcome, _fill(rule.get("met") or f"`{path}` is given.", rule, path, value, count))
    key = "not_met" if outcome is Outcome.NOT_MET else "not_published"
    default = f"`{path}` does not meet the rule." if outcome is Outcome.NOT_MET else \
        f"`{path}` cannot be verified from what is published."
    base = _fill(rule.get(key) or default, rule, path, value, count)
    return Result(outcome, f"{base.rstrip('.')} ({problem})." if problem else base)


def _unknown_sentence(rule: Mapping[str, Any], path: str, fact: Fact[Any], context: Context) -> str:
    if rule.get("not_published"):
        return _fill(rule["not_published"], rule, path, None, None)
    what = context.titles.get(path, path.rpartition(".")[2].replace("_", " ")).lower()
    if fact.state is State.NOT_PUBLISHED:
        who = f"{fact.origin.name} does" if fact.origin else "The issuer does"
        return f"{who} not publish the {what} (field `{path}`)."
    return f"The catalog entry does not state the {what} (field `{path}`)."


# ---- tests on a stated value ---------------------------------------------------------------------------


def _test(rule: Mapping[str, Any], value: Any, credential: Any, context: Context,
          path: str) -> tuple[Outcome, str | None, int | None]:
    """(outcome, the reason it is not met or not verifiable, the count of qualifying items)."""
    label = f"`{path}`"
    if isinstance(value, str):
        elsewhere = context.substance.unavailable_in(value) if _TEXT_TESTS & rule.keys() else None
        if elsewhere:
            return Outcome.NOT_PUBLISHED, f"it only says '{_clip(value)}'", None
    if isinstance(value, tuple) and _LIST_TESTS & rule.keys():
        return _list_test(rule, value, credential, context, path)
    reason = _value_failure(rule, value, credential, context, label)
    return (Outcome.MET, None, None) if reason is None else (Outcome.NOT_MET, reason, None)


_TEXT_TESTS = {"min_words", "max_words", "mentions", "present", "observable", "shares_words_with"}
_LIST_TESTS = {"min_items", "max_items", "items", "every", "contains"}


def _list_test(rule: Mapping[str, Any], items: tuple[Any, ...], credential: Any, context: Context,
               path: str) -> tuple[Outcome, str | None, int | None]:
    label = f"`{path}`"
    if "contains" in rule:
        missing = [v for v in rule["contains"] if v not in items]
        if missing:
            return Outcome.NOT_MET, f"{label} does not include {', '.join(map(str, missing))}", None
    unknown_items = 0
    if "every" in rule:
        unverified = None
        for index, item in enumerate(items, 1):
            outcome, reason = _item_outcome(rule["every"], item, context, f"{path}[{index}]")
            if outcome is Outcome.NOT_MET:
                return Outcome.NOT_MET, reason, None
            if outcome is Outcome.NOT_PUBLISHED and unverified is None:
                unverified = reason
        if unverified is not None:
            return Outcome.NOT_PUBLISHED, unverified, len(items)
    count = len(items)
    if "items" in rule:
        outcomes = [_item_outcome(rule["items"], item, context, f"{path}[{i}]")[0] for i, item in enumerate(items, 1)]
        count = outcomes.count(Outcome.MET)
        unknown_items = outcomes.count(Outcome.NOT_PUBLISHED)
    if "min_items" in rule and count < rule["min_items"]:
        which = " that qualify" if "items" in rule else ""
        reason = f"{label} has {count} item{'s' if count != 1 else ''}{which}; at least {rule['min_items']} needed"
        if count + unknown_items >= rule["min_items"]:
            unknown = f"{reason}, and {unknown_items} cannot be checked from what is published"
            return Outcome.NOT_PUBLISHED, unknown, count
        return Outcome.NOT_MET, reason, count
    if "max_items" in rule and count > rule["max_items"]:
        return Outcome.NOT_MET, f"{label} has {count} items; at most {rule['max_items']}", count
    return Outcome.MET, None, count


def _item_outcome(tests: Mapping[str, Any], item: Any, context: Context, where: str) -> tuple[Outcome, str | None]:
    """Each named field of one list item against its tests."""
    outcomes = []
    reasons = []
    for name, sub in tests.items():
        fact = getattr(item, name, None)
        if isinstance(fact, Fact):
            if not fact.stated:
                outcomes.append(Outcome.NOT_PUBLISHED if fact.state is not State.NOT_APPLICABLE else Outcome.NOT_MET)
                reasons.append(f"item {where} does not state `{name}`")
                continue
            value = fact.value
        else:
            value = fact
        if _empty(value):
            outcomes.append(Outcome.NOT_PUBLISHED)
            reasons.append(f"item {where} does not state `{name}`")
            continue
        if isinstance(value, str) and context.substance.unavailable_in(value):
            outcomes.append(Outcome.NOT_PUBLISHED)
            reasons.append(f"`{name}` of item {where} only says '{_clip(value)}'")
            continue
        if isinstance(value, tuple) and _LIST_TESTS & sub.keys():
            outcome, reason, _ = _list_test(sub, value, item, context, f"{where}.{name}")
            outcomes.append(outcome)
            reasons.append(reason or "")
            continue
        reason = _value_failure(sub, value, item, context, f"`{name}` of item {where}")
        outcomes.append(Outcome.MET if reason is None else Outcome.NOT_MET)
        reasons.append(reason or "")
    outcome = combine_all(outcomes)
    return outcome, next((r for o, r in zip(outcomes, reasons, strict=True) if o is outcome and r), None)


def _value_failure(tests: Mapping[str, Any], value: Any, credential: Any, context: Context, label: str) -> str | None:
    """The reason a stated ``value`` fails ``tests``, or None when it passes."""
    if "min_words" in tests or "max_words" in tests:
        n = words(value)
        if n < tests.get("min_words", 0):
            return f"{label} has {n} word{'s' if n != 1 else ''}; at least {tests['min_words']} are needed"
        if n > tests.get("max_words", n):
            return f"{label} has {n} words; at most {tests['max_words']} keep it to one competency"
    if "mentions" in tests:
        text = str(value).lower()
        missing = [w for w in tests["mentions"] if w.lower() not in text]
        if missing:
            return f"{label} does not mention {', '.join(repr(w) for w in missing)}"
    if tests.get("observable") and not context.substance.observable(str(value)):
        return f"{label} ({_show(value)}) names nothing that could be observed in a submission"
    if "shares_words_with" in tests:
        mine = {w[:5] for w in context.substance.content_words(str(value)) if w not in context.substance.generic}
        theirs: set[str] = set()
        for other in tests["shares_words_with"]:
            theirs |= {w[:5] for w in context.substance.content_words(_text_of(lookup(credential, other)))}
        if not mine & theirs:
            return f"{label} ({_show(value)}) shares no word with the competency it names"
    if "min" in tests and (not _number(value) or value < tests["min"]):
        return f"{label} is {_show(value)}; at least {tests['min']} is needed"
    if "max" in tests and (not _number(value) or value > tests["max"]):
        return f"{label} is {_show(value)}; at most {tests['max']} is allowed"
    if "equals" in tests and value != tests["equals"]:
        return f"{label} is {_show(value)}, not {_show(tests['equals'])}"
    if "one_of" in tests and value not in tests["one_of"]:
        return f"{label} is {_show(value)}; one of {', '.join(map(str, tests['one_of']))} is needed"
    if "url" in tests and not (isinstance(value, str) and _URL.match(value)):
        return f"{label} is not a web address"
    if "within_months" in tests:
        limit = tests["within_months"]
        months = lookup(credential, limit) if isinstance(limit, str) else limit
        if isinstance(months, Fact):
            months = months.or_(None)
        if not isinstance(months, int):
            months = tests.get("default_months", 12)
        day = value if isinstance(value, dt.date) else _date(value)
        if day is None:
            return f"{label} is not a date"
        if day > context.as_of:
            return f"{label} is {day.isoformat()}, after the scoring date {context.as_of.isoformat()}"
        due = add_months(day, months)
        if due < context.as_of:
            return (f"{label} is {day.isoformat()}; with a {months}-month cycle the next review was due by "
                    f"{due.isoformat()}, before the scoring date {context.as_of.isoformat()}")
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
        if not evidence.stated or not criteria.stated:
            return Outcome.NOT_PUBLISHED, "the evidence or the criteria are not published"
        ids = [e.id for e in evidence.items]
        used = {ref for c in criteria.items for ref in c.evidence.items}
        unjudged = [e for e in ids if e not in used]
        blind = [c.id for c in criteria.items if not c.evidence.stated]
        if unjudged and any(c.evidence.unknown for c in criteria.items):
            return Outcome.NOT_PUBLISHED, "some criteria do not say which evidence they judge"
        if unjudged:
            return Outcome.NOT_MET, f"no evaluation criterion uses the evidence {', '.join(f'`{e}`' for e in unjudged)}"
        if blind:
            return Outcome.NOT_PUBLISHED, f"the criteria {', '.join(f'`{c}`' for c in blind)} name no evidence"
        return Outcome.MET, None
    raise ValueError(f"unknown check {name}")


# ---- helpers -------------------------------------------------------------------------------------------


def words(text: Any) -> int:
    """Words separated by spaces that hold at least one letter or digit ("—" alone is not a word)."""
    if not isinstance(text, str):
        return 0
    return sum(1 for token in text.split() if _WORD.search(token))


def _fill(template: str, rule: Mapping[str, Any], field_path: str, value: Any, count: int | None) -> str:
    if "{" not in template:  # most sentences have no placeholder: skip building the context
        return template
    shown = value if isinstance(value, str | int | float) and not isinstance(value, bool) else _show(value)
    if isinstance(value, dt.date):
        shown = value.isoformat()
    try:
        return template.format(field=field_path, value=shown,
                               count=count if count is not None else (len(value) if isinstance(value, tuple) else 0))
    except (KeyError, IndexError, ValueError):
        return template


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == () or value == []


def _number(value: Any) -> bool:
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


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{_clip(value)}'"
    if isinstance(value, bool):
        return str(value).lower()
    if value is None:
        return "missing"
    if isinstance(value, tuple | list):
        return f"a list of {len(value)}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def rule_problems(rule: Any, where: str) -> list[str]:
    """Structural mistakes in a rule, for the rubric check (unknown tests, missing field...)."""
    if not isinstance(rule, Mapping):
        return [f"{where}: a rule must be a mapping"]
    known = ", ".join(sorted(RULE_KEYS))
    problems = [f"{where}: unknown key `{k}` (known: {known})" for k in rule if k not in RULE_KEYS]
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
    for key in ("met", "not_met", "not_published"):
        if key in rule and not isinstance(rule[key], str):
            problems.append(f"{where}: `{key}` must be text")
    return problems
