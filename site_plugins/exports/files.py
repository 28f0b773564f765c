"""What each export format publishes, described once: the data page, catalog.json's per-credential links and
each credential page's data links all read these descriptions, so a new format shows up in all three.

A format module lists its files as ``FILES`` (a tuple of ``DataFile``). A path holding ``{id}`` is one file
per credential (``credentials/{id}/…``); any other path is one file for the whole catalog.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

PER_CREDENTIAL = "{id}"
_NAME = re.compile(r"(\{\w+\})")  # a name in braces: ``{id}``, ``{list}`` (a group, so split keeps it)


@dataclass(frozen=True)
class DataFile:
    """One published file (or one per credential): where it is, what it is, and what describes its shape."""

    key: str  # a short name, used as the key of catalog.json's per-credential links
    path: str  # relative to the site root; ``{id}`` stands for a credential's id
    title: str
    media_type: str
    description: str
    schema: str = ""  # the site path of the schema that describes it (``schema/…``), or an absolute URL
    schema_title: str = ""  # how the data page names that schema (default: its file name)

    @property
    def per_credential(self) -> bool:
        return PER_CREDENTIAL in self.path

    def path_for(self, cid: str) -> str:
        return self.path.replace(PER_CREDENTIAL, cid)

    @property
    def shown(self) -> str:
        """The path as a reader writes it: ``credentials/<id>/record.json``."""
        return _NAME.sub(lambda name: f"<{name.group()[1:-1]}>", self.path)

    def matches(self, path: str) -> bool:
        """Whether ``path`` (relative to the site root) is this file, for some credential id (``{id}``) or
        other name in braces (``{list}``: an approved list's id)."""
        pattern = "".join("[^/]+" if _NAME.fullmatch(part) else re.escape(part) for part in _NAME.split(self.path))
        return re.fullmatch(pattern, path) is not None


def described(data_files: Iterable[DataFile], path: str) -> DataFile | None:
    """The description of the published file at ``path``, or None when no format describes it."""
    return next((f for f in data_files if f.matches(path)), None)
