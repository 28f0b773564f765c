"""The field reference page, generated from the three schemas at build time (never written by hand).

For every field of a credential, stack and organization file: its dotted path (``access.supports[].mode``),
title, description, type in plain words with its rules and allowed values, whether it is required, an
example taken from the first catalog file that sets it (else from the schema), and the MPOS components it
evidences (``x-mpos``, inherited by the fields inside a group that declares it). Organizations also get
the list of fields they may set under ``defaults`` for their credentials to inherit.

Paths read like this: ``a.b`` is field ``b`` inside group ``a``; ``a[].b`` is field ``b`` in each item of
list ``a``; ``a.*.b`` is field ``b`` inside every entry of ``a``, whatever its name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .loading import LoadError, load_file
from .render import front_matter
from .rubric import Rubric, load_rubric
from .schemas import KINDS, PLURAL, SchemaError, enum_values, is_marker, load_schemas, markers_allowed

SRC_URI = "reference/index.md"
ORDER = ("credential", "stack", "organization")  # the order of the page's sections
EXAMPLE_FILES = 50  # examples come from at most this many files of each kind, so big catalogs stay fast
EXAMPLE_CHARS = 70
ITEM, ENTRY = "[]", "*"

# Shared definitions, named once in the page's legend instead of in every row.
REF_WORDS = {"id": "identifier", "url": "web address", "date": "date"}
TYPE_WORDS = {"string": "text", "integer": "whole number", "number": "number", "boolean": "true or false",
              "object": "group of fields", "array": "list", "null": "nothing"}
PLURALS = {"text": "texts", "identifier": "identifiers", "web address": "web addresses", "date": "dates",
           "whole number": "whole numbers", "number": "numbers", "true or false": "true/false values",
           "group of fields": "groups of fields", "choice": "choices"}


@dataclass(frozen=True)
class Field:
    kind: str
    parts: tuple[str, ...]
    title: str
    description: str
    type: str
    rules: tuple[str, ...]
    values: tuple[tuple[Any, str], ...]  # (allowed value, its title)
    markers: tuple[str, ...]  # what it accepts in place of a value: `not published`, `not applicable`
    required: str
    example: str | None
    mpos: tuple[str, ...]
    own_mpos: bool

    @property
    def path(self) -> str:
        return dotted(self.parts)

    @property
    def anchor(self) -> str:
        return anchor(self.kind, self.parts)

    @property
    def group(self) -> str:
        return self.parts[0]


@dataclass(frozen=True)
class Section:
    """One heading of the page: the top-level plain fields of a kind, or one top-level group and its fields."""

    anchor: str
    heading: str
    path: str | None
    description: str
    fields: list[Field]
    inheritable: bool = False


def dotted(parts: tuple[str, ...] | list[str]) -> str:
    text = ""
    for part in parts:
        text += part if part == ITEM else (f".{part}" if text else part)
    return text


def anchor(kind: str, parts: tuple[str, ...] | list[str]) -> str:
    slug = ".".join(p for p in parts if p != ITEM).replace(ENTRY, "any")
    return f"{kind}-" + re.sub(r"[^a-z0-9_.-]", "", slug.lower()).strip(".-")


def field_reference_markdown(root: Path) -> str:
    """The Markdown source (with YAML front matter) of the field reference page for the catalog at ``root``."""
    schemas = load_schemas(root, check=False)
    rubric = load_rubric(root)
    names = {c.id: c.name for c in rubric.components}
    fields = {kind: list(walk(schemas[kind].document, kind, _example_files(root, kind))) for kind in KINDS}
    defaults = [f for f in fields["organization"] if f.parts[0] == "defaults"]
    inheritable = {f.parts[1] for f in defaults if len(f.parts) > 1}
    kinds = []
    for kind in ORDER:
        own = [f for f in fields[kind] if not (kind == "organization" and f.parts[0] == "defaults")]
        kinds.append({
            "kind": kind,
            "description": schemas[kind].document.get("description", ""),
            "folder": f"catalog/{PLURAL[kind]}/",
            "heading": PLURAL[kind].title(),
            "schema": f"schema/{schemas[kind].path.name}",
            "sections": _sections(kind, own, inheritable if kind == "credential" else set()),
        })
    defaults_view = [{"field": f, "sets": dotted(f.parts[1:]), "target": anchor("credential", f.parts[1:])}
                     for f in defaults if len(f.parts) > 1]
    defaults_group = next((f for f in defaults if len(f.parts) == 1), None)
    index = _mpos_index(rubric, fields["credential"])
    unknown = {marker: [f for f in fields["credential"] if marker in f.markers]
               for marker in ("not published", "not applicable")}
    meta = {"title": "Field reference",
            "description": "Every field of a credential, stack and organization file: what it means, its type, "
                           "allowed values, an example and the MPOS components it evidences."}
    return _environment(names).get_template("field_reference.md.j2").render(
        front_matter=Markup(front_matter(meta)), kinds=kinds, defaults=defaults_view, defaults_group=defaults_group,
        index=index, edition=rubric.label, unknown=unknown,
    )


def walk(document: dict[str, Any], kind: str, examples: list[Any] | None = None) -> Iterator[Field]:
    """Every field the schema ``document`` describes, depth first, in schema order."""
    resolver = _Resolver(document)
    examples = examples or []
    after_defaults = {tuple(str(p).split(".")) for p in document.get("x-required-after-defaults") or ()}

    def visit(node: dict[str, Any], parts: tuple[str, ...], required: str, mpos: tuple[str, ...]) -> Iterator[Field]:
        node, ref = resolver.deref(node)
        own = tuple(str(c) for c in node.get("x-mpos", ()))
        effective = own or mpos
        if parts in after_defaults:
            required = "Required, in this file or in the defaults of its issuer, developer or platform"
        if parts:
            type_words, rules, values = describe(node, ref, resolver)
            yield Field(kind, parts, str(node.get("title") or parts[-1]), str(node.get("description") or ""),
                        type_words, rules, values, tuple(node.get(MARKERS_KEY, ())), required,
                        _example(examples, parts, node, resolver), effective, bool(own))
        for child_parts, child, child_required in _children(node, parts, required, resolver):
            yield from visit(child, child_parts, child_required, effective)

    yield from visit(document, (), "Required", ())


def _children(node: dict[str, Any], parts: tuple[str, ...], required: str,
              resolver: _Resolver) -> Iterator[tuple[tuple[str, ...], dict[str, Any], str]]:
    """The fields directly inside ``node``: properties, pattern and named entries, and list items' fields."""
    if node.get("type") == "array" or "items" in node:
        items, _ = resolver.deref(node.get("items") or {})
        if _is_group(items):
            yield from _children(items, (*parts, ITEM), required, resolver)
        return
    if parts and parts[-1] == ITEM:
        container = "in each item"
    elif parts and parts[-1] == ENTRY:
        container = "in each entry"
    elif not parts or required == "Required":
        container = ""
    else:
        container = f"when `{dotted(parts)}` is given"
    needed = set(node.get("required", ()))
    conditions = _conditional_required(node)
    for name, child in (node.get("properties") or {}).items():
        if name in needed:
            text = f"Required {container}".strip()
        elif name in conditions:
            text = f"Required {conditions[name]}"
        else:
            text = "Optional"
        yield (*parts, name), child, text
    for pattern, child in (node.get("patternProperties") or {}).items():
        yield (*parts, _pattern_name(pattern)), child, "Optional"
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        extra, _ = resolver.deref(extra)
        if _is_group(extra):
            yield from _children(extra, (*parts, ENTRY), required, resolver)


def _is_group(node: dict[str, Any]) -> bool:
    return bool(node.get("properties") or node.get("patternProperties")
                or isinstance(node.get("additionalProperties"), dict))


def _pattern_name(pattern: str) -> str:
    """``^x-`` → ``x-*``: a field name pattern as a reader would write the name."""
    prefix = pattern.removeprefix("^")
    return prefix + "*" if re.fullmatch(r"[A-Za-z0-9_-]+", prefix) else f"({pattern})"


def _conditional_required(node: dict[str, Any]) -> dict[str, str]:
    """Fields an ``if``/``then`` makes required, with the condition in words: ``when `type` is `other```."""
    found: dict[str, str] = {}
    clauses = [node, *node.get("allOf", ())]
    for clause in clauses:
        condition, then = clause.get("if"), clause.get("then")
        if not isinstance(condition, dict) or not isinstance(then, dict):
            continue
        words = []
        for name, test in (condition.get("properties") or {}).items():
            if isinstance(test, dict) and "const" in test:
                words.append(f"`{name}` is `{_scalar(test['const'])}`")
            elif isinstance(test, dict) and "enum" in test:
                words.append(f"`{name}` is one of " + ", ".join(f"`{_scalar(v)}`" for v in test["enum"]))
        for name in then.get("required", ()):
            found[name] = "when " + (" and ".join(words) if words else "a condition holds")
    return found


MARKERS_KEY = "x-markers"  # set by _Resolver.deref: the marker texts a field accepts in place of a value


class _Resolver:
    """Follows ``#/...`` references in one bundled schema document, merges ``allOf`` parts, and sets aside
    the `not published` / `not applicable` alternatives of an ``anyOf`` (noting them under MARKERS_KEY)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def deref(self, node: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
        """The node with references and ``allOf`` merged in (its own keys win), and the name of the last
        ``$defs`` entry it referred to (``url``, ``id``, ``date`` ... for words like "web address")."""
        ref_name: str | None = None
        for _ in range(20):
            if isinstance(node.get("$ref"), str):
                ref = node["$ref"]
                target = self._resolve(ref)
                ref_name = ref.rsplit("/", 1)[-1]
                node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}  # its own keys win
            elif isinstance(node.get("allOf"), list):
                merged: dict[str, Any] = {}
                for part in [*node["allOf"], {k: v for k, v in node.items() if k != "allOf"}]:
                    part_node, part_ref = self.deref(part)
                    ref_name = part_ref or ref_name
                    _merge_into(merged, part_node)
                node = merged
            elif isinstance(node.get("anyOf"), list) and any(is_marker(b) for b in node["anyOf"]):
                markers = [*node.get(MARKERS_KEY, ()), *markers_allowed(node)]
                real = [b for b in node["anyOf"] if not is_marker(b)]
                rest = {k: v for k, v in node.items() if k != "anyOf"}
                node = {**(real[0] if len(real) == 1 else {"anyOf": real}), **rest, MARKERS_KEY: markers}
            else:
                break
        return node, ref_name

    def _resolve(self, ref: str) -> dict[str, Any]:
        if not ref.startswith("#"):
            raise SchemaError(f"the reference {ref} is not bundled; load schemas with load_schemas().")
        target: Any = self.document
        for part in ref.removeprefix("#").strip("/").split("/"):
            if part:
                target = target[part.replace("~1", "/").replace("~0", "~")]
        return target


def _merge_into(merged: dict[str, Any], part: dict[str, Any]) -> None:
    """Every ``allOf`` part applies: their fields and required lists add up; other keywords, the later wins."""
    for key, value in part.items():
        if key in ("properties", "patternProperties") and isinstance(value, dict):
            merged[key] = {**merged.get(key, {}), **value}
        elif key == "required" and isinstance(value, list):
            merged[key] = [*merged.get(key, []), *(r for r in value if r not in merged.get(key, []))]
        else:
            merged[key] = value


def describe(node: dict[str, Any], ref: str | None,
             resolver: _Resolver) -> tuple[str, tuple[str, ...], tuple[tuple[Any, str], ...]]:
    """(type in plain words, rules in plain words, allowed values with their titles) of one schema node."""
    values: tuple[tuple[Any, str], ...] = tuple(enum_values(node))
    rules: list[str] = []
    branches = node.get("oneOf") if isinstance(node.get("oneOf"), list) else []
    typed = [b for b in branches if isinstance(b, dict) and "type" in b and "const" not in b]
    fixed = [b for b in branches if isinstance(b, dict) and "const" in b]
    if not values and len(typed) == 1 and fixed and len(typed) + len(fixed) == len(branches):
        # A number or fixed words (`attempts`: a number, or `unlimited`): the type, then the words as values.
        type_words, rules_of, _ = describe(typed[0], None, resolver)
        return f"{type_words}, or", rules_of, tuple((b["const"], str(b.get("title", b["const"]))) for b in fixed)
    if node.get("type") == "array" or "items" in node:
        items, item_ref = resolver.deref(node.get("items") or {})
        item_type, item_rules, item_values = describe(items, item_ref, resolver)
        type_words = f"list of {PLURALS.get(item_type, item_type)}"
        values = item_values
        if "minItems" in node:
            rules.append(f"at least {_number(node['minItems'])} item{'s' if node['minItems'] != 1 else ''}")
        if "maxItems" in node:
            rules.append(f"at most {_number(node['maxItems'])} items")
        if node.get("uniqueItems"):
            rules.append("no repeats")
        rules += [f"each {r}" for r in item_rules]
    elif values:
        type_words = "choice"
    elif ref in REF_WORDS:
        type_words = REF_WORDS[ref]
    elif node.get("format") in ("uri", "uri-reference"):
        type_words = "web address"
    elif node.get("format") == "date":
        type_words = "date"
    elif _is_group(node) or node.get("type") == "object":
        named = isinstance(node.get("additionalProperties"), dict) and not node.get("properties")
        type_words = "named entries" if named else "group of fields"
        hint = (node.get("propertyNames") or {}).get("x-hint")
        if hint:
            rules.append(f"names: {hint}")
    else:
        declared = node.get("type")
        declared = declared[0] if isinstance(declared, list) and declared else declared
        type_words = TYPE_WORDS.get(str(declared), "any value") if declared else "any value"
    if type_words not in REF_WORDS.values():  # identifiers, web addresses and dates are explained in the legend
        rules += _limits(node)
    if "const" in node:
        rules.append(f"always `{_scalar(node['const'])}`")
    if "default" in node:
        rules.append(f"default `{_scalar(node['default'])}`")
    return type_words, tuple(rules), values


def _limits(node: dict[str, Any]) -> list[str]:
    rules = []
    low, high = node.get("minLength"), node.get("maxLength")
    if low is not None and high is not None:
        rules.append(f"{_number(low)} to {_number(high)} characters")
    elif low is not None and low > 1:
        rules.append(f"at least {_number(low)} characters")
    elif high is not None:
        rules.append(f"at most {_number(high)} characters")
    low, high = node.get("minimum"), node.get("maximum")
    above, below = node.get("exclusiveMinimum"), node.get("exclusiveMaximum")
    if low is not None and high is not None:
        rules.append(f"{_number(low)} to {_number(high)}")
    elif low is not None:
        rules.append(f"{_number(low)} or more")
    elif high is not None:
        rules.append(f"at most {_number(high)}")
    if above is not None:
        rules.append(f"more than {_number(above)}")
    if below is not None:
        rules.append(f"less than {_number(below)}")
    if node.get("x-hint"):
        rules.append(str(node["x-hint"]))
    elif node.get("pattern"):
        rules.append(f"must match the pattern `{node['pattern']}`")
    return rules


def _number(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# Examples ------------------------------------------------------------------------------------------------

def _example_files(root: Path, kind: str) -> list[Any]:
    """The data of the first catalog files of ``kind`` (sorted by name) that load; broken ones are skipped,
    since validation reports them."""
    folder = root / "catalog" / PLURAL[kind]
    found: list[Any] = []
    if not folder.is_dir():
        return found
    for path in sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()):
        try:
            data = load_file(path)
        except (LoadError, OSError, ValueError):
            continue
        if isinstance(data, dict):
            found.append(data)
            if len(found) >= EXAMPLE_FILES:
                break
    return found


def _values_at(node: Any, parts: tuple[str, ...]) -> Iterator[Any]:
    if not parts:
        yield node
        return
    step, rest = parts[0], parts[1:]
    if step == ITEM:
        for item in node if isinstance(node, list) else ():
            yield from _values_at(item, rest)
    elif step == ENTRY or step.endswith("*"):
        prefix = step[:-1]
        for key, value in (node.items() if isinstance(node, dict) else ()):
            if str(key).startswith(prefix):
                yield from _values_at(value, rest)
    elif isinstance(node, dict) and step in node:
        yield from _values_at(node[step], rest)


def _example(examples: list[Any], parts: tuple[str, ...], node: dict[str, Any], resolver: _Resolver) -> str | None:
    for data in examples:
        for value in _values_at(data, parts):
            text = _example_text(value)
            if text is not None:
                return text
    candidates = [*node.get("examples", ())[:1]]
    for key in ("default", "const"):
        if key in node:
            candidates.append(node[key])
    if enum_values(node):
        candidates.append(enum_values(node)[0][0])
    items, _ = resolver.deref(node.get("items") or {}) if isinstance(node.get("items"), dict) else ({}, None)
    if enum_values(items):
        candidates.append([enum_values(items)[0][0]])
    for value in candidates:
        text = _example_text(value)
        if text is not None:
            return text
    return None


def _example_text(value: Any) -> str | None:
    """A short one-line example of a plain value or a list of plain values; ``None`` for groups."""
    if isinstance(value, list):
        if not value or not all(_is_plain(v) for v in value):
            return None
        text = "[" + ", ".join(_scalar(v) for v in value) + "]"
    elif _is_plain(value) and value is not None:
        text = _scalar(value)
    else:
        return None
    text = " ".join(text.split())
    if not text:
        return None
    return text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1].rstrip() + "…"


def _is_plain(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


# Page structure ------------------------------------------------------------------------------------------

def _sections(kind: str, fields: list[Field], inheritable: set[str]) -> list[Section]:
    top = [f for f in fields if len(f.parts) == 1]
    groups = {f.group for f in fields if len(f.parts) > 1}
    plain = [f for f in top if f.group not in groups]
    sections = []
    if plain:
        sections.append(Section(f"{kind}-basics", "Basic fields", None,
                                "The fields at the top level of the file that hold a single value or a simple list.",
                                plain))
    for field in top:
        if field.group in groups:
            mine = [f for f in fields if f.group == field.group]
            sections.append(Section(field.anchor, field.title, field.path, field.description, mine,
                                    field.group in inheritable))
    return sections


def _mpos_index(rubric: Rubric, fields: list[Field]) -> list[dict[str, Any]]:
    """For each rubric component, the credential fields that declare (not inherit) that they evidence it."""
    rows = []
    for component in rubric.components:
        mine = [f for f in fields if f.own_mpos and component.id in f.mpos]
        rows.append({"id": component.id, "name": component.name, "standard": component.standard, "fields": mine})
    return rows


# Rendering -----------------------------------------------------------------------------------------------

_ESCAPE = re.compile(r"([\\`*_{}\[\]|!])")
_CODE = re.compile(r"(`+)(.+?)\1")


def md_text(value: Any) -> str:
    """Plain text for a Markdown table cell: one line, Markdown characters (and ``|``) backslash-escaped.

    The result is still escaped for HTML by the template's autoescape, so ``<`` never starts a tag."""
    text = re.sub(r"\s+", " ", str(value))
    return _ESCAPE.sub(r"\\\1", text)


def md_code(value: Any) -> Markup:
    """Trusted schema text (paths, enum values) as a Markdown code span; a fence longer than any run of
    backticks inside it. Code spans show their content literally, so nothing in it is markup."""
    text = " ".join(_scalar(value).split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markup(f"{fence}{pad}{text}{pad}{fence}")


def md_path(value: str) -> Markup:
    """A field path as inline HTML code that may wrap after each dot (and nowhere else, with the site's CSS),
    so the first column of a table stays narrow without splitting names like ``description``."""
    parts = [Markup.escape(md_text(part)) for part in value.split(".")]
    return Markup("<code>{}</code>").format(Markup(".<wbr>").join(parts))


def md_prose(value: Any) -> Markup:
    """Schema prose: text escaped, but `code` written in backticks kept as code."""
    text = " ".join(str(value).split())  # one line: a table row cannot span lines
    out, last = [], 0
    for match in _CODE.finditer(text):
        out.append(str(Markup.escape(md_text(text[last:match.start()]))))
        out.append(str(md_code(match.group(2).strip())))
        last = match.end()
    out.append(str(Markup.escape(md_text(text[last:]))))
    return Markup("".join(out))


def _environment(names: dict[str, str]) -> Environment:
    env = Environment(loader=PackageLoader("site_plugins", "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["text"] = md_text
    env.filters["code"] = md_code
    env.filters["path"] = md_path
    env.filters["prose"] = md_prose
    env.filters["mpos_name"] = lambda cid: names.get(cid, "")
    return env
