"""Build step 6b: the machine-readable files recognizers and issuing platforms read, one module per format.

Each format module reads the typed model and the scorecards of a ``Build`` and names itself (``NAME``,
``HELP``) and describes the files it publishes (``FILES``, see files.py: the data page, catalog.json's
links and each credential page's data links read them). It may give per-credential files
(``credential_files``), a per-credential piece of a whole-catalog file (``credential_piece``) and the
whole-catalog files made of those pieces (``catalog_files``). ``FORMATS`` is the registry: a new format is
a new module listed there. Every file under a renamed credential's folder is also published at each of its
previous ids (old_addresses.py), whatever format made it. Every id and link is absolute, so the files mean
the same thing wherever they are copied; output is byte-reproducible for the same catalog, scoring date
and installed versions (see docs/recognizers.md).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from .. import atomic, output_budget
from ..parallel import fork_map
from ..pipeline import Build
from . import catalog_csv, catalog_json, ctdl, feed, jsonld, ob3, recognition
from .files import DataFile
from .jsonld import json_ld, json_ld_script
from .ob3 import achievement
from .old_addresses import old_addresses
from .urls import ExportError, base_url, credential_url

MODULES: dict[str, ModuleType] = {m.NAME: m for m in (ob3, jsonld, ctdl, catalog_json, catalog_csv, feed,
                                                       recognition)}
FORMATS = tuple(MODULES)

__all__ = ["FORMATS", "MODULES", "DataFile", "ExportError", "achievement", "base_url", "credential_data_files",
           "credential_links", "credential_url", "data_files", "dump_json", "expand_formats", "export", "export_files",
           "json_ld", "json_ld_script"]


def credential_links(cid: str, credential: Any = None) -> list[tuple[str, DataFile]]:
    """The credential's own files as (address relative to its page, description), for its page's links."""
    folder = f"credentials/{cid}/"
    return [(f.path_for(cid).removeprefix(folder), f) for f in credential_data_files(credential)
            if f.path_for(cid).startswith(folder)]


def credential_data_files(credential: Any = None) -> list[DataFile]:
    """The per-credential files the formats publish; with ``credential`` (the model), only those written for
    it: a format that publishes some credentials only (``published``: CTDL leaves drafts and credentials
    without a CTID out) is left out where it wrote nothing."""
    found = []
    for name in FORMATS:
        module = MODULES[name]
        if credential is not None and hasattr(module, "published") and not module.published(credential):
            continue
        found += [f for f in getattr(module, "FILES", ()) if f.per_credential]
    return found


def data_files(formats: Iterable[str] = FORMATS) -> list[DataFile]:
    """What the formats publish, in the registry's order (per-credential files of a format before its
    whole-catalog ones, as each module lists them)."""
    return [f for name in expand_formats(formats) for f in getattr(MODULES[name], "FILES", ())]


def dump_json(value: Any, *, compact: bool = False) -> str:
    """The one JSON serialisation every export uses: stable key order, UTF-8 text, a final newline.

    ``compact`` (for the whole-catalog file) drops the indentation: Python's C encoder only runs without
    it, which makes catalog.json about three times faster to write and a third smaller."""
    if compact:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def expand_formats(formats: Iterable[str]) -> list[str]:
    """The formats asked for, with ``all`` expanded, in the registry's order; unknown names raise."""
    chosen = set()
    for name in formats:
        if name == "all":
            chosen.update(FORMATS)
        elif name in MODULES:
            chosen.add(name)
        else:
            raise ExportError(f"unknown export format '{name}'; choose from {', '.join(FORMATS)} or all.")
    return [f for f in FORMATS if f in chosen]


@dataclass(frozen=True)
class Share:
    """One credential's share of an export, as a worker gives it back: its own files, and its piece of
    each whole-catalog file (by format)."""

    files: dict[str, str]
    pieces: dict[str, Any]


def credential_share(build: Build, base: str, formats: tuple[str, ...], cid: str) -> Share:
    files: dict[str, str] = {}
    pieces: dict[str, Any] = {}
    for name in formats:
        module = MODULES[name]
        if hasattr(module, "credential_files"):
            files.update(module.credential_files(build, cid, base))
        if hasattr(module, "credential_piece"):
            pieces[name] = module.credential_piece(build, cid, base)
    return Share(files, pieces)


def export_files(build: Build, formats: Iterable[str], site_url: str) -> dict[str, str]:
    """Every file of the asked formats as {path relative to the site root: text}, computed in memory.

    Each credential's share is computed in forked workers (``parallel.fork_map``, ``build.workers``)."""
    base = base_url(site_url)
    chosen = tuple(expand_formats(formats))
    cids = sorted(build.credentials)
    build.standings()  # the approved lists' standings, once, before the workers fork
    shares = fork_map(functools.partial(credential_share, build, base, chosen), cids, workers=build.workers)
    files: dict[str, str] = {}
    for share in shares:
        files.update(share.files)
    for name in chosen:
        module = MODULES[name]
        if hasattr(module, "catalog_files"):
            files.update(module.catalog_files(build, base, [share.pieces.get(name) for share in shares]))
    files.update(old_addresses(build, files))
    return dict(sorted(files.items()))


def export(build: Build, out_dir: Path, formats: Iterable[str], site_url: str, *,
           protect: Mapping[str, Path] | None = None) -> list[Path]:
    """Write the files of ``formats`` under ``out_dir`` (UTF-8, exact line ends); returns the paths written.

    Everything is computed first, then ``out_dir`` as it was plus the new files is staged beside it and
    swapped in whole (atomic.write_tree): a failure, a full disk or a kill leaves ``out_dir`` as it was.
    Files from earlier runs that are no longer produced are left in place. ``protect``: folders, by
    what they are, that ``out_dir`` must not be or hold (it is replaced whole).
    """
    files = export_files(build, formats, site_url)
    too_big = output_budget.problems(build, files)
    if too_big:
        raise ExportError("the catalog would make too large an export; nothing was written:\n"
                          + "\n".join(p.text() for p in too_big))
    return atomic.write_tree(Path(out_dir), files, protect=protect)
