"""Checks of single values that JSON Schema cannot express, run on every loaded file after its schema.

Each rule comes from what the build does with a value, and is found from the schema, not from a list of
fields: a string with a ``pattern`` (an id, a code, a language tag) is used as written in file names and
web addresses, so spaces or a line break around it are refused; a ``format: uri`` is parsed as a browser
would (urls.py); a ``format: date`` must lie between 1900 and 2100, the years scoring can count in; every
text and field name must be writable as text (no control characters but tab and line feed, no lone
surrogates), and a text may not be empty. Markdown descriptions are converted as pages convert them,
within a budget (markdown_budget.py). Every finding is located by the path of its value.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from . import markdown_budget
from .placeholders import candidate
from .render import prose
from .safe_text import character_name, first_unwritable
from .schemas import MARKERS, Schema, is_marker
from .urls import WEB, url_problem
from .validation import Finding, Path_, field_label, show

FIRST_YEAR, LAST_YEAR = 1900, 2100
# The Markdown fields of each kind of file: the ones pages convert with render.prose.
MARKDOWN = {"credential": {("description",)}, "stack": {("description",)}, "organization": {("description",)}}
_EXTENSION = {"title": "inside an x- extension field"}  # open to anything, still text that must be writable
MARKER_TEXTS = frozenset(MARKERS.values())
_LONGEST_NUMBER = 1e15  # larger numbers are no real fee, count or duration, and lose precision in JSON


def check_values(data: Any, schema: Schema, *, escapes: bool = True,
                 texts: list[tuple[Path_, str]] | None = None) -> list[Finding]:
    """Every value of ``data`` that breaks a rule above, in document order (one finding per value).

    ``escapes`` false says the file has no backslash, so no value can hold a character its bytes did not
    (the loader checked those): the per-text character check is skipped. ``texts``, when given, receives
    the texts that may be placeholders (placeholders.candidates) with their paths, so that validation walks
    a document once."""
    checker = _Checker(schema, escapes, texts)
    checker.visit(data, schema.document, [])
    return checker.findings


class _Checker:
    """Walks a loaded document beside its schema. Recursive on purpose: the loader bounds nesting (aliases
    included) to 50 levels, and recursion over containers with texts checked in place is much faster than
    a loop on this, the hot path of validation; the path is one list, copied only when a finding needs it."""

    def __init__(self, schema: Schema, escapes: bool, texts: list[tuple[Path_, str]] | None) -> None:
        self.schema = schema
        self.texts = texts
        self.markdown = MARKDOWN.get(schema.kind, set())
        self.escapes = escapes
        self.findings: list[Finding] = []

    def visit(self, value: Any, node: dict[str, Any], path: list[str | int]) -> None:
        node = _resolve(self.schema, node)
        # A field the schema does not know is the schema's problem to report ("unknown field"); inside an
        # x- extension, which the schema leaves open, texts are still checked for what they may hold.
        default = _EXTENSION if path and isinstance(path[0], str) and path[0].startswith("x-") else {}
        if type(value) is dict:
            for key, item in value.items():
                if self.escapes and first_unwritable(key):
                    self.findings.append(Finding((*path, key), f"a field name in {field_label(tuple(path))} holds "
                                                               f"{character_name(first_unwritable(key).group())}; "
                                                               "delete it.", True))
                path.append(key)
                self.leaf(item, _property(node, key) or default, path)
                path.pop()
        elif type(value) is list:
            items = node.get("items")
            items = items if isinstance(items, dict) else default
            for index, item in enumerate(value):
                path.append(index)
                self.leaf(item, items, path)
                path.pop()
        else:
            self.leaf(value, node, path)

    def leaf(self, value: Any, node: dict[str, Any], path: list[str | int]) -> None:
        kind = type(value)
        if kind is str:
            if self.texts is not None and candidate(value):
                self.texts.append((tuple(path), value))
            # The common case, a text with no rule of its own (no format, pattern or code; not the Markdown
            # description) and nothing its bytes did not show, returns after a few cheap tests.
            if not self.escapes and value and (len(path) > 1 or (path[0],) not in self.markdown):
                rule = _rule(self.schema, node)
                if rule == _TEXT and not value.isspace():
                    return
                if rule == _TOKEN and not value[0].isspace() and not value[-1].isspace():
                    return
            if value in MARKER_TEXTS:
                return  # the marker itself; where it is not accepted, placeholders.py says so
            message = _text_problem(path, value, _resolve(self.schema, node), self.escapes,
                                    len(path) == 1 and (path[0],) in self.markdown)
            if message:
                self.findings.append(Finding(tuple(path), message, False))
        elif kind is dict or kind is list:
            self.visit(value, node, path)
        elif (kind is int or kind is float) and node and abs(value) >= _LONGEST_NUMBER:
            self.findings.append(Finding(tuple(path), f"{field_label(tuple(path))} is {value:g}; no fee, count or "
                                                      "duration is that large. Check the number.", False))


def _text_problem(where: list[str | int], value: str, node: dict[str, Any], escapes: bool,
                  is_markdown: bool) -> str | None:
    if not node:
        return None  # not in the schema: "unknown field" says what to do
    path: Path_ = tuple(where)
    bad = first_unwritable(value) if escapes else None
    if bad:
        return (f"{field_label(path)} holds {character_name(bad.group())}, which text in a catalog may not hold; "
                "delete it.")
    if not value.strip():
        extension = bool(path) and isinstance(path[0], str) and path[0].startswith("x-")
        return None if extension else f"{field_label(path)} is empty; write something or remove the line."
    if (value[0].isspace() or value[-1].isspace()) and _is_token(node):
        return (f"{field_label(path)} is {show(value)}, with {_spacing(value)}; remove it. Ids, codes, dates "
                "and web addresses are used exactly as written.")
    form = node.get("format")
    if form == "uri":
        problem = url_problem(value, WEB)
        return f"{field_label(path)} is {show(value)}; {problem}." if problem else None
    if form == "date":
        return _date_problem(field_label(path), value)
    if is_markdown:
        problem = markdown_budget.problem(value, prose)
        return f"{field_label(path)} {problem}" if problem else None
    return None


def _is_token(node: dict[str, Any]) -> bool:
    return any(key in node for key in ("pattern", "format", "enum", "const"))


def _spacing(value: str) -> str:
    ends = []
    for side, part in (("start", value[: len(value) - len(value.lstrip())]),
                       ("end", value[len(value.rstrip()):])):
        if part:
            what = "a line break" if "\n" in part or "\r" in part else ("a tab" if "\t" in part else "a space")
            ends.append(f"{what} at its {side}")
    return " and ".join(ends)


_DATE = re.compile(r"^([0-9]{4})-[0-9]{2}-[0-9]{2}$")


def _date_problem(label: str, value: str) -> str | None:
    match = _DATE.match(value)
    if not match:
        return None  # the schema's pattern explains it
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return None  # the schema's format check explains it
    if not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
        return f"{label} is {value}; write a date between {FIRST_YEAR}-01-01 and {LAST_YEAR}-12-31."
    return None


# ---- the schema beside the document -----------------------------------------------------------------


def _property(node: dict[str, Any], key: Any) -> dict[str, Any]:
    properties = node.get("properties")
    if properties and key in properties:
        return properties[key]
    for pattern, sub in (node.get("patternProperties") or {}).items():
        if isinstance(key, str) and re.search(pattern, key):
            return sub
    extra = node.get("additionalProperties")
    return extra if isinstance(extra, dict) else {}


_RESOLVED: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
_TEXT, _TOKEN, _OTHER = 0, 1, 2
_RULES: dict[int, tuple[dict[str, Any], int]] = {}


def _rule(schema: Schema, node: dict[str, Any]) -> int:
    """What a text at ``node`` is checked for, once its ``$ref``, ``allOf`` and marker ``anyOf`` are merged
    (cached per schema node): ``_TEXT`` only writable and not empty, ``_TOKEN`` also no spacing at its ends,
    ``_OTHER`` a format (web address, date) or a field the schema does not know."""
    cached = _RULES.get(id(node))
    if cached is not None and cached[0] is node:
        return cached[1]
    merged = _resolve(schema, node)
    rule = _OTHER if not node or "format" in merged else _TOKEN if _is_token(merged) else _TEXT
    _RULES[id(node)] = (node, rule)
    return rule


def _resolve(schema: Schema, node: dict[str, Any]) -> dict[str, Any]:
    """The node with its ``$ref`` and ``allOf`` parts merged in (the keywords the rules above read); computed
    once per node of a loaded schema."""
    cached = _RESOLVED.get(id(node))
    if cached is not None and cached[0] is node:
        return cached[1]
    merged: dict[str, Any] = {}
    pending = [node]
    seen = 0
    while pending and seen < 50:
        seen += 1
        part = pending.pop()
        if not isinstance(part, dict):
            continue
        for key, value in part.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/"):
                pending.append(schema.pointer(value))
            elif key == "allOf" and isinstance(value, list):
                pending.extend(value)
            elif key == "anyOf" and isinstance(value, list) and any(is_marker(b) for b in value):
                # A field that also accepts `not published`: its rules are those of the other branch.
                pending.extend(b for b in value if not is_marker(b))
            elif key == "properties" and isinstance(value, dict):
                merged["properties"] = {**merged.get("properties", {}), **value}
            else:
                merged.setdefault(key, value)
    _RESOLVED[id(node)] = (node, merged)
    return merged
