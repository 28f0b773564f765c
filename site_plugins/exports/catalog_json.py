"""The whole catalog as JSON (catalog.json, catalog_version 2), with the schemas that describe it.

Every credential's record comes from the typed model (``record.credential_record``): stated facts as the
schema has them, ``not published`` / ``not applicable`` as those texts, unrecorded facts left out, with
where each inherited fact came from (``inherited``), the sources the facts were read from, and its MPOS
scorecard (version 2). ``schema/catalog.schema.json`` documents the shape and is served beside it.
"""

from __future__ import annotations

import json
from typing import Any

from ..pipeline import Build
from ..schemas import schema_dir
from .recognition import credential_lists, list_about, list_url
from .record import credential_record, inherited, organization_record, record, stack_record
from .urls import ExportError, credential_url, organization_url, stack_url

NAME = "json"
HELP = "json (catalog.json and the schemas it refers to)"
VERSION = 2
# The files the catalog JSON Schema refers to by relative URL: served beside it so the references resolve.
SCHEMAS = ("catalog.schema.json", "credential.schema.json", "stack.schema.json", "organization.schema.json")
_ENTRIES_MARKER = "\x00credcat-credential-entries\x00"  # a string no catalog text can hold (NUL is refused)


def entry(build: Build, cid: str, base: str) -> dict[str, Any]:
    """One credential of catalog.json."""
    credential = build.credentials[cid]
    found: dict[str, Any] = {
        "id": cid,
        "url": credential_url(base, cid),
        "status": credential.status,
        "illustrative": credential.illustrative,
        "data": credential_record(credential),
        "inherited": inherited(credential),
        "sources": [record(s) | ({"of": s.of.id} if s.of else {}) for s in credential.sources],
        "scorecard": build.score(cid).to_json(),
    }
    lists = credential_lists(build, cid, base)
    if lists:
        found["approved_lists"] = lists
    return found


def credential_piece(build: Build, cid: str, base: str) -> str:
    """One credential's entry as compact JSON text (computed in a worker)."""
    from . import dump_json

    return dump_json(entry(build, cid, base), compact=True).rstrip("\n")


def catalog_files(build: Build, base: str, pieces: list[str]) -> dict[str, str]:
    from . import dump_json

    edition = build.rubric.edition if build.rubric else {}
    document = {
        "catalog_version": VERSION,
        "generated": build.as_of.isoformat(),
        "rubric": dict(edition),
        "credentials": [_ENTRIES_MARKER],
        "stacks": [{"id": sid, "url": stack_url(base, sid), "illustrative": stack.illustrative,
                    "data": stack_record(stack)} for sid, stack in sorted(build.stacks.items())],
        "organizations": [{"id": oid, "url": organization_url(base, oid), "illustrative": org.illustrative,
                           "data": organization_record(org)} for oid, org in sorted(build.organizations.items())],
        "approved_lists": [{"id": lid, "url": list_url(base, lid), "illustrative": approved.illustrative,
                            "data": list_about(build, approved, base)}
                           for lid, approved in sorted(build.approved_lists.items())],
    }
    # The entries are already JSON: the document is written around a marker, then they take its place.
    text = dump_json(document, compact=True)
    files = {"catalog.json": text.replace(json.dumps(_ENTRIES_MARKER), ",".join(pieces), 1)}
    for name in SCHEMAS:
        path = schema_dir(build.root) / name
        try:
            files[f"schema/{name}"] = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ExportError(f"{path}: the schema file is missing; restore it from the repository.") from None
    return files
