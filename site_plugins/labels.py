"""Labels, defined once: the titles the schemas give their fields and their allowed values.

``audience.roles`` is "Roles" and its value ``pre-service-teacher`` is "Pre-service teacher" because the
credential schema says so (``oneOf`` of ``const`` values, each with a ``title``). Pages, cards, exports
and the browse page's script (which gets them as data) all read them from here, so a new value or a
better wording is one edit to the schema.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .schemas import enum_values, is_marker, load_schemas, schema_dir


@dataclass(frozen=True)
class Labels:
    """Field titles and value titles of one kind of file, by dotted path (``access.supports.mode``)."""

    fields: Mapping[str, str]
    values: Mapping[str, Mapping[str, str]]

    def field(self, path: str) -> str:
        return self.fields.get(path, path.rpartition(".")[2].replace("_", " ").capitalize())

    def value(self, path: str, value: Any) -> str:
        """The title of ``value`` for the field at ``path``; the value itself when it has none."""
        return self.values.get(path, {}).get(str(value), str(value))

    def options(self, path: str) -> list[tuple[str, str]]:
        """The field's allowed values and their titles, in the schema's order."""
        return list(self.values.get(path, {}).items())


def labels(root: Path, kind: str = "credential") -> Labels:
    return _labels(str(schema_dir(root)), kind)


def field_titles(root: Path) -> dict[str, str]:
    """The credential schema's title of every field, by dotted path (what rule sentences name)."""
    return dict(labels(root).fields)


@cache
def _labels(folder: str, kind: str) -> Labels:
    # The bundled schema (schemas.py): references to the other files are copied in, so all are internal.
    document = load_schemas(Path(folder).parent, check=False, folder=Path(folder))[kind].document
    fields: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {}
    for dotted, node in _walk(document, document, ()):
        if node.get("title"):
            fields.setdefault(dotted, str(node["title"]))
        real = _real(node, document)
        listed = enum_values(real) or enum_values(_real(real.get("items") or {}, document))
        if listed:
            values.setdefault(dotted, {str(v): t for v, t in listed})
    return Labels(fields, values)


def _walk(node: dict[str, Any], document: dict[str, Any],
          parts: tuple[str, ...]) -> Iterator[tuple[str, dict[str, Any]]]:
    real = _real(node, document)
    if parts:
        yield ".".join(parts), {**real, **{k: v for k, v in node.items() if k in ("title", "description")}}
    for name, child in (real.get("properties") or {}).items():
        yield from _walk(child, document, (*parts, name))
    items = real.get("items")
    if isinstance(items, dict):
        inner = _real(items, document)
        for name, child in (inner.get("properties") or {}).items():
            yield from _walk(child, document, (*parts, name))


def _real(node: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    """``node`` with references followed and the `not published` alternative set aside."""
    for _ in range(20):
        if "$ref" in node:
            pointer = node["$ref"].partition("#")[2]
            found: Any = document
            for part in pointer.strip("/").split("/") if pointer.strip("/") else ():
                found = found[part]
            node = {**found, **{k: v for k, v in node.items() if k != "$ref"}}
        elif "anyOf" in node and any(is_marker(b) for b in node["anyOf"]):
            real = [b for b in node["anyOf"] if not is_marker(b)]
            node = {**(real[0] if real else {}), **{k: v for k, v in node.items() if k != "anyOf"}}
        elif "allOf" in node and "properties" not in node:
            merged: dict[str, Any] = {}
            for part in node["allOf"]:
                merged.update(_real(part, document))
            node = {**merged, **{k: v for k, v in node.items() if k != "allOf"}}
        else:
            return node
    return node
