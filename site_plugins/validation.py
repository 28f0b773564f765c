"""Schema validation of one file, with every error explained in words a contributor can act on.

JSON Schema error messages are written for programmers ("'K-2' is not one of [...]" at
"$.audience.grade_bands[0]"). Contributors are district and university staff, so each error kind is
rewritten here: what is wrong, what is expected, the allowed values or a close match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import jsonschema

from .hints import Field, choices, field_hint, schema_fields, value_hint, versioned
from .schemas import Schema, enum_values, is_marker, markers_allowed

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    """A problem in one file, located by the path of the value it concerns (positions come later)."""

    path: Path_
    message: str
    at_key: bool = True


def field_label(path: Path_) -> str:
    """`access.cost.amount`, or `type` of `evidence` item 2 when the path crosses a list."""
    if not path:
        return "the file"
    last_index = max((i for i, step in enumerate(path) if isinstance(step, int)), default=-1)
    if last_index < 0:
        return "`" + ".".join(map(str, path)) + "`"
    head = _dotted(path[:last_index])
    item = f"`{head}` item {path[last_index] + 1}"
    tail = path[last_index + 1 :]
    return f"`{'.'.join(map(str, tail))}` of {item}" if tail else item


def _dotted(path: Path_) -> str:
    parts: list[str] = []
    for step in path:
        if isinstance(step, int):
            parts[-1] = f"{parts[-1]}[{step + 1}]"
        else:
            parts.append(str(step))
    return ".".join(parts)


def check_document(data: Any, schema: Schema, texts: list[tuple[Path_, str]] | None = None) -> list[Finding]:
    """Validate ``data``; returns one finding per offending place, in document order. ``texts``: the
    placeholder candidates value_checks found on its walk (else this walks the document for them)."""
    if not isinstance(data, dict):
        return [Finding((), f"a {schema.kind} file must be a mapping of fields (`id: …`, `title: …`), "
                            "not a list or text.")]
    # Placeholders ("TBD", "see PDF") pass the schema as text; they are refused all the same, and their
    # message (which explains `not published`) replaces the schema's at the same place.
    from .placeholders import placeholder_findings  # placeholders.py builds on this module

    placeholders = placeholder_findings(data, schema, texts)
    if not placeholders and schema.is_valid(data):
        return []
    taken = {f.path for f in placeholders}
    findings: list[Finding] = list(placeholders)
    seen: set[tuple[Path_, str]] = set()

    def add(errors: list[jsonschema.ValidationError], only_new_places: bool) -> None:
        places = {f.path for f in findings}
        for error in sorted(errors, key=_error_order):
            for finding in explain(error, schema):
                key = (finding.path, finding.message.split(";")[0])
                if finding.path in taken or (only_new_places and finding.path in places):
                    continue
                if any(finding.path == p for p, _ in seen) and error.validator in ("format", "pattern"):
                    continue
                if key not in seen:
                    seen.add(key)
                    findings.append(finding)

    add(schema.errors(data), only_new_places=False)
    # The fast validator decides; where the explaining one finds nothing (their regular expressions and
    # formats differ: Python's `$` accepts a final line break, and it checks no URI format), each of the
    # fast validator's errors is explained in the same words, at its own place.
    add(schema.fast_errors(data), only_new_places=True)
    return findings


def _error_order(error: jsonschema.ValidationError) -> tuple[Any, ...]:
    # Structural problems first within the same place, then by path.
    rank = {"type": 0, "required": 1, "additionalProperties": 2}.get(str(error.validator), 3)
    return (tuple(str(p) for p in error.absolute_path), rank)


def explain(error: jsonschema.ValidationError, schema: Schema) -> list[Finding]:
    path: Path_ = tuple(error.absolute_path)
    label = field_label(path)
    value = error.instance
    kind = error.validator
    sub = error.schema if isinstance(error.schema, dict) else {}
    hint = sub.get("x-hint")
    if kind == "required":
        missing = [name for name in error.validator_value if not isinstance(value, dict) or name not in value]
        found = []
        for name in missing:
            described = schema.subschema([*path, name]) or {}
            what = described.get("description", "")
            where = "" if not path else f" in {label}"
            found.append(Finding(path, f"the required field `{name}` is missing{where}. {what}".strip(), True))
        return found
    if kind == "additionalProperties":
        allowed = sorted((sub.get("properties") or {}).keys())
        patterns = list((sub.get("patternProperties") or {}).keys())
        extras = [k for k in value if k not in allowed and not any(re.search(p, k) for p in patterns)]
        found = []
        here = ".".join(str(step) for step in path if not isinstance(step, int))
        for name in extras:
            hint = field_hint(str(name), here, allowed, fields_of(schema))
            where = "" if not path else f" in {label}"
            shown = _one_line(name)
            if hint and value[name] is not None:
                message = f"unknown field `{shown}`{where}; {hint}"
            elif " " in name.strip() or (value[name] is None and not hint):
                message = (f"`{shown}` is read as a field name{where}: text after a comma inside {{ }} starts a "
                           "new field. Put the whole text value in quotes.")
            elif hint:
                message = f"unknown field `{shown}`{where}; {hint}"
            else:
                message = (f"unknown field `{shown}`{where}.{_purpose(schema.subschema(list(path)) or sub)} "
                           "The fields allowed here are: "
                           f"{', '.join(allowed)}.")
            found.append(Finding((*path, name), message, True))
        return found
    if kind == "enum":
        return [_not_allowed(path, label, value, [str(o) for o in error.validator_value])]  # no titles
    if kind == "const":
        return [Finding(path, f"{label} must be {show(error.validator_value)}.", False)]
    if kind == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        wanted = " or ".join(_TYPE_WORDS.get(t, t) for t in expected)
        if value is None:
            return [Finding(path, f"{label} is empty; write {wanted} or remove the line.", True)]
        extra = ""
        if "boolean" in expected and isinstance(value, str):
            extra = " Write true or false (without quotes)."
        elif set(expected) & {"integer", "number"} and isinstance(value, str):
            extra = " Write the number alone, without units or quotes."
        words = _alternatives(error)
        if words:  # `attempts`: a number, or `unlimited`
            extra = f" It may also be {' or '.join(f'`{w}`' for w in words)}."
        return [Finding(path, f"{label} must be {wanted}, not {_describe(value)}.{extra}", False)]
    if kind in ("pattern", "format"):
        if hint is None and kind == "format":
            hint = {"date": "write the date as YYYY-MM-DD", "uri": "write a full web address starting with https://"}.get(
                str(error.validator_value), f"write a valid {error.validator_value}"
            )
        hint = hint or f"it must match the pattern {error.validator_value}"
        return [Finding(path, f"{label} is {show(value)}; {hint}.", False)]
    if kind == "minLength":
        if value == "":
            return [Finding(path, f"{label} is empty; write something or remove the line.", False)]
        n = len(value)
        return [Finding(path, f"{label} is too short ({n} character{'s' if n != 1 else ''}); write at least "
                              f"{error.validator_value} characters.", False)]
    if kind == "maxLength":
        return [Finding(path, f"{label} is {len(value)} characters long; the limit is {error.validator_value}. "
                              "Shorten it.", False)]
    if kind == "minItems":
        n = error.validator_value
        return [Finding(path, f"{label} needs at least {n} item{'s' if n != 1 else ''}; it has {len(value)}.", True)]
    if kind == "maxItems":
        return [Finding(path, f"{label} may have at most {error.validator_value} items; it has {len(value)}.", True)]
    if kind == "uniqueItems":
        repeated = _first_repeat(value)
        return [Finding(path, f"{label} lists {show(repeated)} more than once; keep one.", True)]
    if kind in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        words = {"minimum": "at least", "exclusiveMinimum": "more than", "maximum": "at most",
                 "exclusiveMaximum": "less than"}[kind]
        return [Finding(path, f"{label} is {show(value)}; it must be {words} {error.validator_value}.", False)]
    if kind == "propertyNames":
        bad = error.instance
        return [Finding(path, f"{label} has a key {show(bad)} that is not allowed; {hint or 'rename it'}.", True)]
    if kind in ("anyOf", "oneOf"):
        branches = error.validator_value if isinstance(error.validator_value, list) else []
        values = enum_values({"oneOf": branches})
        if values:  # a list of allowed values, each with its title
            pairs, aliases = choices(branches)
            return [_not_allowed(path, label, value, [v for v, _title in pairs], pairs, aliases)]
        markers = {i for i, branch in enumerate(branches) if is_marker(branch)}
        if markers:  # a field that also accepts `not published`: explain the real definition, then the marker
            real = [e for e in error.context or []
                    if e.relative_schema_path and e.relative_schema_path[0] not in markers]
            best = jsonschema.exceptions.best_match(real)
            found = explain(best, schema) if best is not None else [Finding(path, f"{label}: {error.message}.", False)]
            texts = " or ".join(f"`{m}`" for m in markers_allowed(sub))
            return [Finding(f.path, f"{f.message} If the issuer publishes nothing about it, write {texts}."
                            if "not published" in texts else f"{f.message} Or write {texts}.", f.at_key)
                    if f.path == path else f for f in found]
        best = jsonschema.exceptions.best_match(error.context or [])
        if best is not None:
            return explain(best, schema)
    return [Finding(path, f"{label}: {error.message}.", False)]


def _alternatives(error: jsonschema.ValidationError) -> list[str]:
    """The fixed words a value may be instead of the type it failed (a `oneOf` of a type and constants)."""
    parent = error.parent
    if parent is None or parent.validator != "oneOf" or not isinstance(parent.validator_value, list):
        return []
    return [str(b["const"]) for b in parent.validator_value if isinstance(b, dict) and "const" in b]


def _not_allowed(path: Path_, label: str, value: Any, options: list[str],
                 titles: list[tuple[str, str]] | None = None,
                 aliases: dict[str, tuple[str, ...]] | None = None) -> Finding:
    """A value not on the list: the allowed ones, and the one it means when that is likely (hints.py)."""
    pairs = titles or [(o, "") for o in options]
    close = value_hint(value, pairs, aliases=aliases)
    if close is not None and close != value:
        suggestion = f" Did you mean '{close}'?"
    elif fuller := versioned(value, pairs):
        suggestion = (f" {show(value)} matches {', '.join(fuller)}, which each say more than it does; write the one "
                      "your source states.")
    else:
        suggestion = ""
    return Finding(path, f"{label} is {show(value)}, which is not an allowed value. Use one of: "
                         f"{', '.join(options)}.{suggestion}", False)


def _purpose(node: dict[str, Any]) -> str:
    """What a group of fields is for, from its schema description (first sentence), to say instead of a guess."""
    about = str(node.get("description") or "").strip()
    if not about:
        return ""
    first = about.split(". ")[0].rstrip(".")
    return f" This part of the file holds: {first[:1].lower() + first[1:]}."


_FIELDS: dict[int, tuple[Schema, list[Field]]] = {}


def fields_of(schema: Schema) -> list[Field]:
    """The schema's fields for hints, listed once per loaded schema."""
    cached = _FIELDS.get(id(schema))
    if cached is None or cached[0] is not schema:
        cached = _FIELDS[id(schema)] = (schema, schema_fields(schema))
    return cached[1]


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list (lines starting with `- `)",
    "object": "a group of fields (`name: value` lines, indented)",
    "null": "empty",
}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, str):
        return f"the text {show(value)}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return show(value)


def show(value: Any) -> str:
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return "'" + text.replace("\n", " ") + "'"
    if isinstance(value, bool):
        return str(value).lower()
    if value is None:
        return "empty"
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "a group of fields"
    return str(value)


def _one_line(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n")


def _first_repeat(items: list[Any]) -> Any:
    seen: list[Any] = []
    for item in items:
        if item in seen:
            return item
        seen.append(item)
    return None
