"""The MPOS rubric as data: loaded from ``schema/mpos-rubric.yaml`` and checked before anything is scored.

The rubric is data, not code, so a later edition (a 29th component has been reported) is a new file, not
a rewrite. A malformed rubric stops validation and the build with messages that point into the file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .labels import labels
from .loading import LoadError, Locator, load_bytes, read_text
from .problems import Problem, display_path
from .rules import Context, Rule, compile_rule, rule_problems
from .schemas import SchemaError, schema_dir
from .substance import Substance

RUBRIC_FILE = "mpos-rubric.yaml"  # in the schema folder (schemas.schema_dir)
_COMPONENT_ID = re.compile(r"^([0-9]{1,2})\.([0-9]{1,2})$")


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: str
    rules: list[dict[str, Any]]
    compiled: tuple[Rule, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled", tuple(compile_rule(r) for r in self.rules))


@dataclass(frozen=True)
class Component:
    id: str
    standard: int
    name: str
    criteria: str
    evidence: str
    rules: list[dict[str, Any]]
    checklist: list[ChecklistItem] = field(default_factory=list)
    compiled: tuple[Rule, ...] = field(init=False, compare=False, repr=False)  # the rules, read once for scoring

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled", tuple(compile_rule(r) for r in self.rules))


@dataclass(frozen=True)
class Standard:
    id: int
    name: str
    text: str
    components: list[Component]


@dataclass(frozen=True)
class Rubric:
    edition: dict[str, str]
    standards: list[Standard]
    substance: Substance = field(default_factory=Substance)
    # How rationales name fields and values: the schema's titles (``training.assessors`` -> "Assessor
    # training", ``recognition.record`` value ``digital-badge`` -> "Digital badge"), and the rubric file's
    # own noun phrases where a title does not read well in a sentence (``field_names``).
    field_titles: Mapping[str, str] = field(default_factory=dict)
    value_titles: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    field_names: Mapping[str, str] = field(default_factory=dict)
    _contexts: dict[Any, Context] = field(default_factory=dict, init=False, compare=False, repr=False)

    def context(self, as_of: Any) -> Context:
        """What rules need besides the record, made once per scoring date (it keeps how fields are named)."""
        if as_of not in self._contexts:
            self._contexts[as_of] = Context(as_of, self.substance, self.field_titles, self.value_titles,
                                            self.field_names)
        return self._contexts[as_of]

    @property
    def components(self) -> list[Component]:
        return [c for s in self.standards for c in s.components]

    def component(self, component_id: str) -> Component | None:
        return next((c for c in self.components if c.id == component_id), None)

    @property
    def label(self) -> str:
        return f"{self.edition.get('name', 'MPOS rubric')} ({self.edition.get('date', '')})".replace(" ()", "")


class RubricError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.text() for p in problems))


def load_rubric(root: Path) -> Rubric:
    """Load and check the rubric; raises ``RubricError`` listing every problem in it."""
    path = schema_dir(root) / RUBRIC_FILE
    shown = display_path(path, root)
    try:
        raw = read_text(path)
        data = load_bytes(raw)
    except FileNotFoundError:
        missing = Problem(shown, 1, 1, "the rubric file is missing; restore it from the repository.")
        raise RubricError([missing]) from None
    except LoadError as exc:
        raise RubricError([Problem(shown, exc.line, exc.column, f"the rubric cannot be read: {exc.message}")]) from None
    findings: list[tuple[tuple[str | int, ...], str]] = []
    rubric = _build(data, findings)
    if findings or rubric is None:
        locator = Locator(raw)
        problems = []
        for where, message in findings:
            pos = locator.position(where)
            problems.append(Problem(shown, pos.line, pos.column, f"rubric: {message}"))
        raise RubricError(problems)
    try:
        known = labels(root)
    except SchemaError:  # reported by validation; rationales then name fields by their paths
        return rubric
    return replace(rubric, field_titles=dict(known.fields), value_titles=dict(known.values))


def _text(node: Any, key: str, where: tuple[str | int, ...], findings: list[Any]) -> str:
    value = node.get(key) if isinstance(node, dict) else None
    if not isinstance(value, str) or not value.strip():
        findings.append((where, f"`{key}` must be non-empty text"))
        return ""
    return value.strip()


def _rules(node: dict[str, Any], where: tuple[str | int, ...], findings: list[Any]) -> list[dict[str, Any]]:
    rules = node.get("rules")
    if not isinstance(rules, list):
        findings.append((where, "`rules` must be a list of rules"))
        return []
    for i, rule in enumerate(rules):
        for message in rule_problems(rule, f"rule {i + 1}"):
            findings.append(((*where, "rules", i), message))
    return rules


def _build(data: Any, findings: list[Any]) -> Rubric | None:
    if not isinstance(data, dict):
        findings.append(((), "the rubric must be a mapping with `edition` and `standards`"))
        return None
    edition = data.get("edition")
    needed = ("id", "name", "date", "source")
    if not isinstance(edition, dict) or not all(isinstance(edition.get(k), str) for k in needed):
        findings.append((("edition",), "`edition` needs text fields id, name, date and source"))
        edition = {}
    raw_standards = data.get("standards")
    if not isinstance(raw_standards, list) or not raw_standards:
        findings.append((("standards",), "`standards` must be a non-empty list"))
        return None
    standards: list[Standard] = []
    seen: set[str] = set()
    for s_index, raw in enumerate(raw_standards):
        where: tuple[str | int, ...] = ("standards", s_index)
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), int) or isinstance(raw.get("id"), bool):
            findings.append((where, "each standard needs a whole-number `id`"))
            continue
        components: list[Component] = []
        for c_index, comp in enumerate(raw.get("components") or []):
            c_where = (*where, "components", c_index)
            cid = str(comp.get("id")) if isinstance(comp, dict) else ""
            match = _COMPONENT_ID.match(cid)
            if not match or int(match.group(1)) != raw["id"]:
                findings.append((c_where, f"component id `{cid}` must be `{raw['id']}.N` (quoted text)"))
                continue
            if cid in seen:
                findings.append((c_where, f"component `{cid}` appears twice"))
            seen.add(cid)
            checklist = []
            for i, item in enumerate(comp.get("checklist") or []):
                i_where = (*c_where, "checklist", i)
                if not isinstance(item, dict):
                    findings.append((i_where, "a checklist item must be a mapping with id, text and rules"))
                    continue
                checklist.append(ChecklistItem(_text(item, "id", i_where, findings),
                                               _text(item, "text", i_where, findings),
                                               _rules(item, i_where, findings)))
            rules = _rules(comp, c_where, findings)
            if not rules and not checklist:
                findings.append((c_where, f"component `{cid}` has no rules, so it could never be scored"))
            components.append(Component(cid, raw["id"], _text(comp, "name", c_where, findings),
                                        _text(comp, "criteria", c_where, findings),
                                        _text(comp, "evidence", c_where, findings), rules, checklist))
        if not components:
            findings.append((where, f"standard {raw['id']} has no components"))
        standards.append(Standard(raw["id"], _text(raw, "name", where, findings), _text(raw, "text", where, findings),
                                  components))
    ids = [s.id for s in standards]
    if len(set(ids)) != len(ids):
        findings.append((("standards",), "two standards share an id"))
    return Rubric(edition, standards, _substance(data.get("substance"), findings),
                  field_names=_field_names(data.get("field_names"), findings))


def _field_names(raw: Any, findings: list[Any]) -> dict[str, str]:
    """``field_names``: the noun phrase a sentence uses for a field ("the cost" for ``access.cost.amount``)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                            for k, v in raw.items()):
        findings.append((("field_names",), "`field_names` must map dotted field paths to noun phrases"))
        return {}
    return {k: v.strip() for k, v in raw.items()}


def _substance(raw: Any, findings: list[Any]) -> Substance:
    """The ``substance:`` section: which texts only point elsewhere, and which words name nothing."""
    if raw is None:
        return Substance()
    if not isinstance(raw, dict):
        findings.append((("substance",), "`substance` must be a mapping"))
        return Substance()
    patterns = []
    for i, text in enumerate(raw.get("unavailable") or []):
        try:
            patterns.append(re.compile(str(text)))
        except re.error as exc:
            findings.append((("substance", "unavailable", i), f"`{text}` is not a valid pattern: {exc}"))
    words = {key: frozenset(str(w).casefold() for w in raw.get(key) or []) for key in ("generic_words", "stop_words")}
    minimum = raw.get("min_content_words", 5)
    if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 1:
        findings.append((("substance", "min_content_words"), "`min_content_words` must be a whole number from 1"))
        minimum = 5
    return Substance(tuple(patterns), words["generic_words"], words["stop_words"], minimum)
