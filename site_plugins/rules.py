"""The small rule language of ``schema/mpos-rubric.yaml``: what decides each component from fields.

A rule names a field of the resolved credential and the tests its value must pass; ``all`` and ``any``
combine rules. Each evaluation returns whether it passed and a sentence naming the field and the value
that decided it, so a recognizer can see why a component is Met or Not met without reading code.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

TESTS = {
    "present", "min_words", "max_words", "min", "max", "equals", "one_of", "url", "mentions",
    "within_months", "contains", "min_items", "max_items", "items", "every", "check",
}
RULE_KEYS = TESTS | {"field", "met", "not_met", "all", "any", "why"}
CHECKS = {"evidence_aligned"}
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
_WORD = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class Outcome:
    met: bool
    message: str


def evaluate(rule: Mapping[str, Any], record: Mapping[str, Any], as_of: dt.date) -> Outcome:
    """Evaluate one rule against a resolved credential."""
    if "all" in rule or "any" in rule:
        parts = [evaluate(r, record, as_of) for r in rule.get("all", rule.get("any", []))]
        passed = all(p.met for p in parts) if "all" in rule else any(p.met for p in parts)
        if passed:
            chosen = [p for p in parts if p.met]
            message = rule.get("met") or " ".join(p.message for p in chosen)
        else:
            failing = [p for p in parts if not p.met]
            message = f"{rule.get('not_met', '')} {' '.join(p.message for p in failing)}"
        return Outcome(passed, message.strip())
    field = rule.get("field", "")
    value = get_path(record, field)
    # Counting qualifying items is the costly part of a rule: do it once for the test and the message.
    count = _count(rule, value) if ("items" in rule or "min_items" in rule or "max_items" in rule) else None
    problem = _special(rule["check"], record) if "check" in rule else _value_failure(rule, value, record, as_of,
                                                                                     field, count)
    if problem is None:
        return Outcome(True, _fill(rule.get("met") or f"`{field}` is given.", rule, field, value, count))
    base = _fill(rule.get("not_met") or f"`{field}` does not meet the rule.", rule, field, value, count)
    return Outcome(False, f"{base.rstrip('.')} ({problem})." if problem else base)


def get_path(record: Mapping[str, Any], path: str) -> Any:
    node: Any = record
    parts = _PARTS.get(path)
    if parts is None:
        parts = _PARTS[path] = tuple(path.split(".")) if path else ()
    for part in parts:
        if type(node) is not dict or part not in node:  # records are plain dicts: no ABC checks here
            return None
        node = node[part]
    return node


_PARTS: dict[str, tuple[str, ...]] = {}


def words(text: Any) -> int:
    """Words separated by spaces that hold at least one letter or digit ("—" alone is not a word)."""
    if not isinstance(text, str):
        return 0
    return sum(1 for token in text.split() if _WORD.search(token))


def _fill(template: str, rule: Mapping[str, Any], field: str, value: Any, count: int | None = None) -> str:
    if "{" not in template:  # most sentences have no placeholder: skip building the context
        return template
    shown = value if isinstance(value, str | int | float) and not isinstance(value, bool) else _show(value)
    try:
        return template.format(field=field, value=shown, count=_count(rule, value) if count is None else count)
    except (KeyError, IndexError, ValueError):
        return template


def _count(rule: Mapping[str, Any], value: Any) -> int:
    if not isinstance(value, list):
        return 0
    if "items" in rule:
        return sum(1 for item in value if _item_passes(rule["items"], item))
    return len(value)


def _item_passes(tests: Mapping[str, Any], item: Any) -> bool:
    if type(item) is not dict:
        return False
    return all(_value_failure(sub, item.get(name), {}, dt.date.min, name) is None for name, sub in tests.items())


def _value_failure(tests: Mapping[str, Any], value: Any, record: Mapping[str, Any], as_of: dt.date,
                   field: str, count: int | None = None) -> str | None:
    """The reason ``value`` fails ``tests``, or None when it passes; empty text means plainly absent."""
    label = f"`{field}`"
    if _empty(value):
        return "" if any(t in tests for t in TESTS) else None
    if "min_words" in tests or "max_words" in tests:
        n = words(value)
        if n < tests.get("min_words", 0):
            return f"{label} has {n} words; at least {tests['min_words']} are needed"
        if n > tests.get("max_words", n):
            return f"{label} has {n} words; at most {tests['max_words']} keep it to one competency"
    if "mentions" in tests:
        text = str(value).lower()
        missing = [w for w in tests["mentions"] if w.lower() not in text]
        if missing:
            return f"{label} does not mention {', '.join(repr(w) for w in missing)}"
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
        months = get_path(record, limit) if isinstance(limit, str) else limit
        if not isinstance(months, int):
            months = tests.get("default_months", 12)
        day = _date(value)
        if day is None:
            return f"{label} is not a date"
        if day > as_of:
            return f"{label} is {day.isoformat()}, after the scoring date {as_of.isoformat()}"
        due = add_months(day, months)
        if due < as_of:
            return (f"{label} is {day.isoformat()}; with a {months}-month cycle the next review was due by "
                    f"{due.isoformat()}, before the scoring date {as_of.isoformat()}")
    if "contains" in tests:
        have = value if isinstance(value, list) else []
        missing = [v for v in tests["contains"] if v not in have]
        if missing:
            return f"{label} does not include {', '.join(map(str, missing))}"
    if "min_items" in tests or "max_items" in tests or "items" in tests or "every" in tests:
        if not isinstance(value, list):
            return f"{label} is not a list"
        if "every" in tests:
            for index, item in enumerate(value, 1):
                for name, sub in tests["every"].items():
                    reason = _value_failure(sub, item.get(name) if type(item) is dict else None,
                                            record, as_of, f"{field}[{index}].{name}")
                    if reason is not None:
                        return reason or f"item {index} of {label} has no `{name}`"
        count = _count(tests, value) if count is None else count
        if "min_items" in tests and count < tests["min_items"]:
            which = " that qualify" if "items" in tests else ""
            return f"{label} has {count} item{'s' if count != 1 else ''}{which}; at least {tests['min_items']} needed"
        if "max_items" in tests and count > tests["max_items"]:
            return f"{label} has {count} items; at most {tests['max_items']}"
    return None


def _special(name: str, record: Mapping[str, Any]) -> str | None:
    if name == "evidence_aligned":
        evidence = [e.get("id") for e in record.get("evidence", []) if isinstance(e, Mapping)]
        criteria = get_path(record, "evaluation.criteria") or []
        used = {ref for c in criteria for ref in (c.get("evidence") or [])}
        unjudged = [e for e in evidence if e not in used]
        if unjudged:
            return f"no evaluation criterion uses the evidence {', '.join(f'`{e}`' for e in unjudged)}"
        blind = [c.get("id") for c in criteria if not c.get("evidence")]
        if blind:
            return f"the criteria {', '.join(f'`{c}`' for c in blind)} name no evidence (field `evidence`)"
        return None
    raise ValueError(f"unknown check {name}")


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


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


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value[:57]}...'" if len(value) > 60 else f"'{value}'"
    if isinstance(value, bool):
        return str(value).lower()
    if value is None:
        return "missing"
    if isinstance(value, list):
        return f"a list of {len(value)}"
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
    for key in ("met", "not_met"):
        if key in rule and not isinstance(rule[key], str):
            problems.append(f"{where}: `{key}` must be text")
    return problems
