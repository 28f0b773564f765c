"""A bound on what one catalog file makes of the site, so no small input turns into a huge site.

The loader bounds each file (1 MiB, aliases expanded); the pages and exports repeat its texts a few times
(the page, its JSON-LD twice, the Open Badges file, the CTDL file with the criteria twice, the catalog
files), about eight times at most. The
generated files are summed per credential, stack and organization before anything is written, and a file
whose share passes the limit stops the build with a problem at its longest text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .catalog import Catalog, Entry
from .loading import Locator, size_text
from .problems import Problem
from .validation import field_label

MAX_OUTPUT_BYTES = 8 * 1024 * 1024
_FOLDERS = {"credentials": "credential", "stacks": "stack", "organizations": "organization"}


def problems(build: Any, files: Mapping[str, str | bytes]) -> list[Problem]:
    """One problem per catalog file whose own generated files (``{site path: content}``) pass the limit,
    located in that file (a problem is about what the contributor wrote, so it reads the file)."""
    catalog: Catalog = build.catalog
    shares: dict[tuple[str, str], int] = {}
    for path, content in files.items():
        parts = path.split("/")
        kind = _FOLDERS.get(parts[0]) if len(parts) >= 3 else None
        if kind is not None:
            size = len(content) if isinstance(content, bytes) else len(content.encode("utf-8", "surrogatepass"))
            shares[(kind, parts[1])] = shares.get((kind, parts[1]), 0) + size
    found = []
    for (kind, entry_id), size in sorted(shares.items()):
        entry = catalog.entries(kind).get(entry_id)
        if size > MAX_OUTPUT_BYTES and entry is not None:
            found.append(_problem(entry, size))
    return found


def _problem(entry: Entry, size: int) -> Problem:
    path, longest = _longest_text(entry.data)
    position = Locator(entry.path.read_bytes()).position(path, key=True)
    where = f" Its longest text is {field_label(path)} ({size_text(longest)})." if path else ""
    return Problem(entry.display, position.line, position.column,
                   f"the pages and files made from this {entry.kind} add up to {size_text(size)}, more than the "
                   f"{size_text(MAX_OUTPUT_BYTES)} one {entry.kind} may make of the site.{where} Shorten its longest "
                   "texts, or link to long documents instead of pasting them.")


def _longest_text(data: Any) -> tuple[tuple[str | int, ...], int]:
    best: tuple[tuple[str | int, ...], int] = ((), 0)
    pending: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, dict):
            pending.extend(((*path, k), v) for k, v in value.items())
        elif isinstance(value, list):
            pending.extend(((*path, i), v) for i, v in enumerate(value))
        elif isinstance(value, str) and len(value) > best[1]:
            best = (path, len(value.encode("utf-8", "surrogatepass")))
    return best
