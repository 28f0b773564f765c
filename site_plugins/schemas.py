"""The transparency schemas: loaded once, bundled, compiled twice.

The files in ``schema/`` refer to each other (``credential.schema.json#/$defs/...``) so editors can follow
them. For validation we bundle each into one self-contained document, then compile it with jsonschema-rs
(fast: it answers "is this valid?" for thousands of files a second) and with jsonschema (thorough: it
explains what is wrong). The slow explainer only runs on files the fast check rejects.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs

KINDS = ("credential", "stack", "organization", "approved-list")
PLURAL = {"credential": "credentials", "stack": "stacks", "organization": "organizations",
          "approved-list": "approved-lists"}


class SchemaError(Exception):
    """A schema file that cannot be used: the catalog cannot be checked until it is fixed."""


@dataclass
class Schema:
    kind: str
    path: Path
    document: dict[str, Any]

    @cached_property
    def fast(self) -> Any:
        return jsonschema_rs.validator_for(self.document, validate_formats=True)

    @cached_property
    def thorough(self) -> jsonschema.protocols.Validator:
        cls = jsonschema.validators.validator_for(self.document)
        return cls(self.document, format_checker=cls.FORMAT_CHECKER)

    def is_valid(self, instance: Any) -> bool:
        return self.fast.is_valid(instance)

    def errors(self, instance: Any) -> list[jsonschema.ValidationError]:
        return list(self.thorough.iter_errors(instance))

    def fast_errors(self, instance: Any) -> list[jsonschema.ValidationError]:
        """The fast validator's errors, in the explaining validator's shape (so they get the same words).

        Where a value fails both a field's definition and its `not published` alternative, the fast validator
        says only that no alternative matched: the value is checked again against the definition alone, so
        the error is the real one, at its own place."""
        return self._fast_errors(self.fast, self.document, instance, [])

    def _fast_errors(self, validator: Any, document: dict[str, Any], instance: Any,
                     prefix: list[Any]) -> list[jsonschema.ValidationError]:
        found = []
        for error in validator.iter_errors(instance):
            where = list(error.schema_path)
            keyword = str(where[-1]) if where else ""
            node = _pointer(document, where[:-1])
            path = [*prefix, *error.instance_path]
            branches = node.get(keyword) if isinstance(node, dict) else None
            if keyword == "anyOf" and isinstance(branches, list) and any(is_marker(b) for b in branches):
                real = [b for b in branches if not is_marker(b)]
                if len(real) == 1 and isinstance(real[0], dict):
                    alone = {"$defs": document.get("$defs", {}), **real[0]}
                    deeper = self._fast_errors(jsonschema_rs.validator_for(alone, validate_formats=True), alone,
                                               error.instance, path)
                    if deeper:
                        found.extend(deeper)
                        continue
            found.append(jsonschema.ValidationError(
                error.message, validator=keyword, path=path, instance=error.instance,
                schema=node, validator_value=node.get(keyword) if isinstance(node, dict) else None,
            ))
        return found

    def pointer(self, ref: str) -> Any:
        """The node a local ``$ref`` (``#/$defs/id``) points at."""
        return self._resolve(ref)

    def pointer_at(self, parts: list[Any]) -> Any:
        return _pointer(self.document, parts)

    def subschema(self, path: list[str | int]) -> dict[str, Any] | None:
        """The schema that describes the value at ``path`` of an instance (for titles and hints)."""
        node: dict[str, Any] | None = self.document
        for step in path:
            node = self._deref(node)
            if node is None:
                return None
            if isinstance(step, int):
                node = node.get("items")
            else:
                node = (node.get("properties") or {}).get(step)
                if node is None:
                    return None
        return self._deref(node)

    def markers_at(self, path: list[str | int]) -> list[str]:
        """The marker texts (`not published`, `not applicable`) the field at ``path`` accepts."""
        if not path:
            return []
        parent = self.subschema(path[:-1])
        if parent is None:
            return []
        step = path[-1]
        node = parent.get("items") if isinstance(step, int) else (parent.get("properties") or {}).get(step)
        while isinstance(node, dict) and ("$ref" in node or "allOf" in node) and "anyOf" not in node:
            if "$ref" in node:
                node = self._resolve(node["$ref"]) | {k: v for k, v in node.items() if k != "$ref"}
            else:  # `access`: its definition and what a credential requires of it, together
                parts = [self.markers_node(p) for p in node["allOf"] if isinstance(p, dict)]
                node = {k: v for part in parts for k, v in part.items()} | {k: v for k, v in node.items()
                                                                             if k != "allOf"}
        return markers_allowed(node)

    def markers_node(self, node: dict[str, Any]) -> dict[str, Any]:
        """``node`` with its references followed (to reach an ``anyOf`` that holds the markers)."""
        while "$ref" in node:
            node = self._resolve(node["$ref"]) | {k: v for k, v in node.items() if k != "$ref"}
        return node

    def _deref(self, node: dict[str, Any] | None) -> dict[str, Any] | None:
        seen = 0
        while node is not None and seen < 10:
            seen += 1
            if "$ref" in node:
                node = self._resolve(node["$ref"]) | {k: v for k, v in node.items() if k != "$ref"}
            elif "anyOf" in node and "properties" not in node and "items" not in node:
                # A field that also accepts `not published`: the real definition is the other branch.
                real = [b for b in node["anyOf"] if not is_marker(b)]
                rest = {k: v for k, v in node.items() if k != "anyOf"}
                if len(real) != 1:
                    return node
                node = (self._deref(real[0]) or {}) | rest
            elif "allOf" in node and "properties" not in node:
                merged: dict[str, Any] = {}
                for part in node["allOf"]:
                    merged.update(self._deref(part) or {})
                node = merged | {k: v for k, v in node.items() if k != "allOf"}  # its own title, hints
            else:
                return node
        return node

    def _resolve(self, ref: str) -> dict[str, Any]:
        node: Any = self.document
        for part in ref.lstrip("#/").split("/"):
            node = node[part]
        return node


def _pointer(document: Any, parts: list[Any]) -> Any:
    node: Any = document
    for part in parts:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return {}
    return node


MARKERS = {"not_published": "not published", "not_applicable": "not applicable"}


def is_marker(node: Any) -> bool:
    """Whether a subschema is the `not published` or `not applicable` alternative of a field."""
    return isinstance(node, dict) and node.get("$ref", "").rpartition("/")[2] in MARKERS


def markers_allowed(node: dict[str, Any] | None) -> list[str]:
    """The marker texts (`not published`, `not applicable`) a field's schema accepts in place of a value."""
    if not node or "anyOf" not in node:
        return []
    return [MARKERS[b["$ref"].rpartition("/")[2]] for b in node["anyOf"] if is_marker(b)]


def enum_values(node: dict[str, Any] | None) -> list[tuple[Any, str]]:
    """(value, title) of a field whose schema lists its values (``oneOf`` of ``const`` with ``title``)."""
    if not node:
        return []
    if "enum" in node:
        return [(v, str(v)) for v in node["enum"]]
    branches = node.get("oneOf") or []
    if branches and all(isinstance(b, dict) and "const" in b for b in branches):
        return [(b["const"], b.get("title", str(b["const"]))) for b in branches]
    return []


def schema_dir(root: Path) -> Path:
    """The catalog repository's own ``schema/`` folder when it has one, else the schemas installed with
    credcat: a contributor's repository may hold only ``catalog/`` (the pre-commit hook checks it so)."""
    own = root / "schema"
    if (own / "credential.schema.json").is_file():
        return own
    return bundled_schema_dir()


def bundled_schema_dir() -> Path:
    """The schemas and rubric that came with this credcat: ``site_plugins/schema`` in an installed wheel
    (pyproject.toml maps the repository's ``schema/`` there), the checkout's ``schema/`` in an editable one."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "schema", package.parent / "schema"):
        if (candidate / "credential.schema.json").is_file():
            return candidate
    return package / "schema"


def load_schemas(root: Path, *, check: bool = True, folder: Path | None = None) -> dict[str, Schema]:
    """Load and bundle the schemas of the catalog at ``root`` (or from ``folder``); ``check`` also
    checks them against the JSON Schema meta-schema (done once per run, not in every worker)."""
    folder = folder or schema_dir(root)
    raw: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        path = folder / f"{kind}.schema.json"
        try:
            raw[kind] = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise SchemaError(f"{path}: the schema file is missing; restore it from the repository.") from None
        except json.JSONDecodeError as exc:
            raise SchemaError(f"{path}:{exc.lineno}:{exc.colno}: the schema is not valid JSON: {exc.msg}.") from None
    schemas = {}
    for kind in KINDS:
        document = _bundle(raw[kind], raw)
        if not check:
            schemas[kind] = Schema(kind, folder / f"{kind}.schema.json", document)
            continue
        try:
            jsonschema_rs.meta.validate(document)
        except jsonschema_rs.ValidationError as exc:
            where = "/".join(str(p) for p in exc.instance_path) or "(top)"
            first = str(exc).splitlines()[0]
            path = folder / f"{kind}.schema.json"
            raise SchemaError(f"{path}: not a valid JSON Schema at {where}: {first}") from None
        schemas[kind] = Schema(kind, folder / f"{kind}.schema.json", document)
    return schemas


def _bundle(document: dict[str, Any], raw: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Inline ``other.schema.json#/$defs/x`` references by copying that file's $defs in."""
    bundled = copy.deepcopy(document)
    defs = bundled.setdefault("$defs", {})

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                target, _, pointer = ref.partition("#")
                other = raw[target.removesuffix(".schema.json")]
                for name, sub in other.get("$defs", {}).items():
                    defs.setdefault(name, copy.deepcopy(sub))
                node["$ref"] = "#" + pointer
            for value in list(node.values()):
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(bundled)
    walk(defs)  # copied $defs may refer to further files; internal refs stay valid in the bundle
    return bundled
