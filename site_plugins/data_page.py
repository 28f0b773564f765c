"""The data page (/data/): every machine-readable file the site publishes, with what describes its shape,
its size, the licence the data is under and a request that fetches it.

It is made from the export registry's descriptions (exports/files.py) and the files the build actually
wrote, so a new format is listed as soon as it is registered, and a size is never a guess. Each
credential page links its own files from the same descriptions (``exports.credential_links``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .exports import data_files
from .exports.files import DataFile
from .loading import size_text
from .pages import Page
from .pipeline import Build
from .render import render

SRC_URI = "data/index.md"


@dataclass(frozen=True)
class DataRow:
    """One line of the data page: a file (or one per credential), in words a reader can act on."""

    file: DataFile
    address: str  # as written on the page: ``credentials/<id>/achievement.json``
    example_url: str  # the absolute address of one such file, for the curl example
    schema_url: str  # absolute
    schema_name: str  # the schema's title (DataFile.schema_title), else its file name
    size: str

    @property
    def example_name(self) -> str:
        return self.example_url.rsplit("/", 1)[-1]


def _size(sizes: list[int]) -> str:
    if not sizes:
        return ""
    if len(sizes) == 1:
        return size_text(sizes[0])
    average = round(sum(sizes) / len(sizes))
    return f"{len(sizes)} files, {size_text(average)} on average, {size_text(max(sizes))} at most"


def rows(build: Build, site_url: str, files: Mapping[str, str]) -> list[DataRow]:
    """A row for every described file the build wrote; sizes in bytes as UTF-8, as the host serves them."""
    cids = sorted(build.credentials)
    found = []
    for described in data_files():
        if described.per_credential:
            paths = [described.path_for(cid) for cid in cids]
        elif "{" in described.path:  # one per approved list, say: every written file it describes
            paths = sorted(p for p in files if described.matches(p))
        else:
            paths = [described.path]
        sizes = [len(files[p].encode("utf-8")) for p in paths if p in files]
        if not sizes:
            continue
        example = next(p for p in paths if p in files)
        schema = described.schema if "://" in described.schema else f"{site_url}{described.schema}"
        name = described.schema_title or schema.rstrip("/").rsplit("/", 1)[-1]
        found.append(DataRow(described, described.shown, f"{site_url}{example}", schema,
                             name, _size(sizes)))
    return found


def data_page(build: Build, site_url: str, files: Mapping[str, str]) -> Page:
    """The data page's source, from the files the build wrote (``{site path: text}``)."""
    meta = {"title": "Data files", "description": "Every machine-readable file of the catalog: its schema, size, "
            "licence and how to fetch it."}
    licence = build.publication.licence
    content = render("data.md.j2", meta=meta, rows=rows(build, site_url, files), licence=licence,
                     site_url=site_url, root="../")
    return Page(SRC_URI, content)
