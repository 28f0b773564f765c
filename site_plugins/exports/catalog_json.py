"""The whole catalog as JSON (catalog_version 3): a summary of each credential in catalog.json, the full
record of each in credentials/<id>/record.json, and all records in catalog.jsonl, with the schemas.

catalog.json stays small (under 4 KB per credential: a summary with links, every stack and organization),
so a program can read a catalog of 10,000 credentials at once. A credential's full record comes from the
typed model (``record.credential_record``): stated facts as the schema has them, ``not published`` /
``not applicable`` as those texts, unrecorded facts left out, with where each inherited fact came from
(``inherited``), the sources the facts were read from, and its MPOS scorecard (version 2). Its file and
its line in catalog.jsonl are the same bytes. The schemas are published with absolute ``$id``s under the
site's address, so a validator that fetches one from the site resolves its references.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..pipeline import Build
from ..schemas import schema_dir
from .files import DataFile
from .recognition import credential_lists, list_about, list_url
from .record import credential_record, inherited, organization_record, record, stack_record
from .urls import ExportError, credential_url, organization_url, stack_url

NAME = "json"
HELP = "json (catalog.json, each credential's record.json, catalog.jsonl and their schemas)"
VERSION = 3
SCHEMA_META = "https://json-schema.org/draft/2020-12/schema"
# The schemas catalog.json and the records refer to by relative URL: served beside each other.
SCHEMAS = ("catalog.schema.json", "credential-record.schema.json", "credential.schema.json", "stack.schema.json",
           "organization.schema.json")
RECORD = "credentials/{id}/record.json"
FILES = (
    DataFile("catalog", "catalog.json", "The whole catalog", "application/json",
             "A summary of every credential (status, score, links to its files), every stack and every "
             "organization.", "schema/catalog.schema.json"),
    DataFile("record", RECORD, "Full record", "application/json",
             "The credential's whole record with inherited facts merged in, where each came from, its sources "
             "and its MPOS scorecard.", "schema/credential-record.schema.json"),
    DataFile("records", "catalog.jsonl", "Every full record", "application/jsonl",
             "JSON Lines: one credential's full record per line, in id order, the same bytes as its record.json.",
             "schema/credential-record.schema.json"),
    *(DataFile(name.split(".")[0] + "-schema", f"schema/{name}", f"JSON Schema {name}", "application/schema+json",
               "The JSON Schema (2020-12) the files above follow; its $id is its address on this site.",
               SCHEMA_META, "JSON Schema 2020-12") for name in SCHEMAS),
)
_ENTRIES_MARKER = "\x00credcat-credential-entries\x00"  # a string no catalog text can hold (NUL is refused)


@dataclass(frozen=True)
class Piece:
    """One credential's share of the JSON files, as compact JSON text (computed in a worker)."""

    summary: str
    record: str


def full_record(build: Build, cid: str, base: str) -> dict[str, Any]:
    """One credential's full record (record.json, a line of catalog.jsonl)."""
    credential = build.credentials[cid]
    return {
        "id": cid,
        "url": credential_url(base, cid),
        "status": credential.status,
        "illustrative": credential.illustrative,
        "data": credential_record(credential),
        "inherited": inherited(credential),
        "sources": [record(s) | ({"of": s.of.id} if s.of else {}) for s in credential.sources],
        "scorecard": build.score(cid).to_json(),
    }


def summary(build: Build, cid: str, base: str) -> dict[str, Any]:
    """One credential's entry in catalog.json: what a program filters on, and the address of every file."""
    from . import credential_data_files

    credential = build.credentials[cid]
    card = build.score(cid)
    found: dict[str, Any] = {
        "id": cid,
        "url": credential_url(base, cid),
        "title": credential.title,
        "summary": credential.summary,
        "status": credential.status,
        "illustrative": credential.illustrative,
        "issuer": credential.organizations.issuer.id,
        "standards_met": card.standards_met,
        "standards_not_verifiable": card.standards_not_verifiable,
        "standards_total": card.standards_total,
        "tier": card.tier,
        "review_overdue": card.review_overdue,
        "files": {f.key: base + f.path_for(cid) for f in credential_data_files(credential)},
    }
    if credential.previous_ids:
        found["previous_ids"] = list(credential.previous_ids)
    lists = credential_lists(build, cid, base)
    if lists:
        found["approved_lists"] = lists
    return found


def credential_piece(build: Build, cid: str, base: str) -> Piece:
    from . import dump_json

    return Piece(dump_json(summary(build, cid, base), compact=True).rstrip("\n"),
                 dump_json(full_record(build, cid, base), compact=True))


def catalog_files(build: Build, base: str, pieces: list[Piece]) -> dict[str, str]:
    from . import dump_json

    edition = build.rubric.edition if build.rubric else {}
    licence = build.publication.licence
    document = {
        "catalog_version": VERSION,
        "generated": build.as_of.isoformat(),
        "licence": {"name": licence.name, "url": licence.url},
        "rubric": dict(edition),
        "records": f"{base}catalog.jsonl",
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
    files = {"catalog.json": text.replace(json.dumps(_ENTRIES_MARKER), ",".join(p.summary for p in pieces), 1),
             "catalog.jsonl": "".join(p.record for p in pieces)}
    for cid, piece in zip(sorted(build.credentials), pieces, strict=True):
        files[RECORD.replace("{id}", cid)] = piece.record
    for name in SCHEMAS:
        files[f"schema/{name}"] = published_schema(build, name, base)
    return files


def published_schema(build: Build, name: str, base: str) -> str:
    """A schema as the site publishes it: its ``$id`` made absolute under the site's address, so that its
    relative references (``credential.schema.json#/$defs/id``) resolve wherever a validator fetched it from.
    The repository keeps relative ids, which editors resolve against the local files."""
    path = schema_dir(build.root) / name
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ExportError(f"{path}: the schema file is missing; restore it from the repository.") from None
    except json.JSONDecodeError as exc:
        raise ExportError(f"{path}:{exc.lineno}:{exc.colno}: the schema is not valid JSON ({exc.msg}); restore it "
                          "from the repository.") from None
    published = {"$schema": document.pop("$schema", SCHEMA_META), "$id": f"{base}schema/{name}"}
    document.pop("$id", None)
    return json.dumps(published | document, indent=2, ensure_ascii=False) + "\n"
