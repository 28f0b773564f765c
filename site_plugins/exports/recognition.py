"""Where credentials count, as data: recognition.csv (one row per grant) and, for each approved list,
approved-lists/<id>/list.csv, list.json and feed.xml (an Atom feed of credentials entering and leaving it).

The rows are the grants the recognition pages show (recognition.py), made from the typed model and the
lists' standings (approved_lists.py). An amount a recognizer does not state is an empty cell or a missing
key, never 0. An illustrative list says so in every file.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from ..approved_lists import ApprovedList, Credit, Standing
from ..labels import field_titles, labels
from ..pipeline import Build
from ..recognition import Grant, grants
from ..recognition_pages import rule_text
from ..schemas import schema_dir
from ..xml_text import Element, to_xml
from .files import DataFile
from .record import record
from .urls import ExportError, credential_url, organization_url

NAME = "recognition"
HELP = "recognition (recognition.csv, each approved list's list.csv, list.json and feed.xml, and the CSV table schemas)"
LINE_TERMINATOR = "\r\n"
GRANT_COLUMNS = ("credential", "title", "status", "illustrative", "jurisdiction", "recognizer", "recognizer_name",
                 "credit_type", "amount", "unit", "conditions", "source", "last_verified", "approved_list", "url")
LIST_COLUMNS = ("credential", "title", "status", "illustrative", "on_list", "since", "left_on", "reason",
                "credit_type", "amount", "unit", "conditions", "url")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Frictionless Table Schemas of the two CSV files and the JSON Schema of list.json, published beside the
# other schemas.
# list.json's JSON Schema refers to catalog.schema.json and credential.schema.json (the json format's).
SCHEMAS = ("recognition-csv.tableschema.json", "approved-list-csv.tableschema.json",
                 "approved-list-data.schema.json")
TABLE = ("https://specs.frictionlessdata.io/table-schema/", "Frictionless Table Schema")
FILES = (
    DataFile("recognition-csv", "recognition.csv", "Where credentials count, as CSV", "text/csv",
             "One row per grant: a credential counting in a jurisdiction for a recognizer.",
             "schema/recognition-csv.tableschema.json"),
    DataFile("approved-list", "approved-lists/{list}/list.json", "An approved list", "application/json",
             "One recognizer's approved list: its rules, the credentials on it and those that left it.",
             "schema/approved-list-data.schema.json"),
    DataFile("approved-list-csv", "approved-lists/{list}/list.csv", "An approved list as CSV", "text/csv",
             "The same list, one row per credential on it or that left it.",
             "schema/approved-list-csv.tableschema.json"),
    DataFile("approved-list-feed", "approved-lists/{list}/feed.xml", "An approved list's feed",
             "application/atom+xml", "An Atom feed of credentials entering and leaving the list.",
             "https://www.rfc-editor.org/rfc/rfc4287", "Atom (RFC 4287)"),
    DataFile("recognition-csv-schema", "schema/recognition-csv.tableschema.json", "Table Schema of recognition.csv",
             "application/json", "A Frictionless Table Schema of recognition.csv.", *TABLE),
    DataFile("approved-list-csv-schema", "schema/approved-list-csv.tableschema.json",
             "Table Schema of an approved list's CSV", "application/json",
             "A Frictionless Table Schema of list.csv.", *TABLE),
    DataFile("approved-list-schema", "schema/approved-list-data.schema.json", "JSON Schema of list.json",
             "application/schema+json", "The JSON Schema (2020-12) of list.json; its $id is its address on this site.",
             "https://json-schema.org/draft/2020-12/schema", "JSON Schema 2020-12"),
)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _safe(value: str) -> str:
    """Text a spreadsheet could run as a formula gets a leading ' (as in catalog.csv)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _csv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator=LINE_TERMINATOR)
    writer.writeheader()
    writer.writerows({k: _safe(v) for k, v in row.items()} for row in rows)
    return out.getvalue()


def grant_row(g: Grant, base: str) -> dict[str, str]:
    return {
        "credential": g.credential, "title": g.title, "status": g.status,
        "illustrative": "true" if g.illustrative or (g.approved_list and g.approved_list.illustrative) else "false",
        "jurisdiction": g.jurisdiction, "recognizer": g.recognizer.id if g.recognizer else "",
        "recognizer_name": g.recognizer.name if g.recognizer else "", "credit_type": g.type,
        "amount": _number(g.amount), "unit": g.unit if g.amount is not None else "", "conditions": g.conditions,
        "source": g.source, "last_verified": g.verified.isoformat() if g.verified else "",
        "approved_list": g.approved_list.id if g.approved_list else "", "url": credential_url(base, g.credential),
    }


def list_url(base: str, lid: str) -> str:
    return f"{base}approved-lists/{lid}/"


def _credit(credit: Credit | None) -> dict[str, Any]:
    if credit is None:
        return {}
    found: dict[str, Any] = {"type": credit.type}
    if credit.amount is not None:
        found |= {"amount": credit.amount, "unit": credit.unit}
    if credit.note:
        found["note"] = credit.note
    return found


def credential_lists(build: Build, cid: str, base: str) -> list[dict[str, Any]]:
    """The approved lists one credential is on or has left, for its entry in catalog.json."""
    found = []
    for lid, rows in build.standings().items():
        s = rows.get(cid)
        if s is None:
            continue
        found.append({"id": lid, "url": list_url(base, lid)} | _standing(s))
    return found


def _standing(s: Standing) -> dict[str, Any]:
    """Where a credential stands on a list: on it since, its credit, and why and when it left."""
    found: dict[str, Any] = {"on_list": s.on, "since": s.since.isoformat()}
    if s.credit is not None:
        found["credit"] = _credit(s.credit)
    if not s.on:
        found["reason"] = s.reason
        if s.left_on:
            found["left_on"] = s.left_on.isoformat()
    return found


def standing_json(build: Build, s: Standing, base: str) -> dict[str, Any]:
    c = build.credentials[s.credential_id]
    return {"id": c.id, "title": c.title, "url": credential_url(base, c.id), "status": c.status,
            "illustrative": c.illustrative} | _standing(s)


def list_about(build: Build, approved: ApprovedList, base: str) -> dict[str, Any]:
    """What a list is and what it accepts (its rules also in words), as list.json and catalog.json give it."""
    titles = field_titles(build.root)
    about: dict[str, Any] = {
        "id": approved.id, "url": list_url(base, approved.id), "title": approved.title,
        "illustrative": approved.illustrative, "jurisdiction": approved.jurisdiction,
        "recognizer": {"id": approved.recognizer.id, "name": approved.recognizer.name,
                       "url": organization_url(base, approved.recognizer.id)},
        "effective": approved.effective.isoformat(),
        "rules": [{"fact": r.fact, r.test: list(r.value) if isinstance(r.value, tuple) else r.value,
                   "text": rule_text(r, titles)} for r in approved.rules],
        "names_credentials": bool(approved.named),
        "sources": [record(s) for s in approved.sources],
    }
    if approved.url:
        about["source"] = approved.url
    if approved.credit:
        about["credit"] = _credit(approved.credit)
    return about


def list_json(build: Build, approved: ApprovedList, rows: dict[str, Standing], base: str) -> dict[str, Any]:
    return {
        "approved_list_version": 1,
        "generated": build.as_of.isoformat(),
        "list": list_about(build, approved, base),
        "credentials": [standing_json(build, s, base) for s in rows.values() if s.on],
        "left": [standing_json(build, s, base) for s in rows.values() if not s.on],
    }


def list_csv(build: Build, rows: dict[str, Standing], base: str) -> str:
    found = []
    for s in rows.values():
        c = build.credentials[s.credential_id]
        credit = s.credit
        found.append({
            "credential": c.id, "title": c.title, "status": c.status,
            "illustrative": "true" if c.illustrative else "false", "on_list": "true" if s.on else "false",
            "since": s.since.isoformat(), "left_on": s.left_on.isoformat() if s.left_on else "", "reason": s.reason,
            "credit_type": credit.type if credit else "", "amount": _number(credit.amount if credit else None),
            "unit": credit.unit if credit and credit.amount is not None else "",
            "conditions": credit.note if credit else "", "url": credential_url(base, c.id),
        })
    return _csv(LIST_COLUMNS, found)


def list_feed(build: Build, approved: ApprovedList, rows: dict[str, Standing], base: str) -> str:
    """An Atom feed with one entry per credential that entered the list and one per credential that left
    it, dated by the catalog's own dates (never the clock): a change of membership is a new or changed entry."""
    url = list_url(base, approved.id)
    entries = []
    for s in rows.values():
        c = build.credentials[s.credential_id]
        page = credential_url(base, c.id)
        entries.append((s.since, f"{url}#entered-{c.id}", f"Entered: {c.title}", page,
                        f"On the list since {s.since.isoformat()}."))
        if not s.on:
            day = s.left_on or build.as_of
            when = f"on {s.left_on.isoformat()}" if s.left_on else f"(found on {build.as_of.isoformat()})"
            # The day is part of the id only when the catalog knows it: found later, it is the same departure.
            suffix = f"-{day.isoformat()}" if s.left_on else ""
            entries.append((day, f"{url}#left-{c.id}{suffix}", f"Left: {c.title}", page,
                            f"Left the list {when}: {s.reason}."))
    entries.sort(key=lambda e: (e[0], e[1]), reverse=True)
    updated = max((e[0] for e in entries), default=approved.effective)
    prefix = "Illustrative list, not a real recognizer's. " if approved.illustrative else ""
    head = [
        Element("title", text=f"{approved.title}: credentials entering and leaving"),
        Element("subtitle", text=f"{prefix}Kept by {approved.recognizer.name}, counts in {approved.jurisdiction}."),
        Element("id", text=f"{url}feed.xml"),
        Element("link", {"rel": "self", "href": f"{url}feed.xml"}),
        Element("link", {"href": url}),
        Element("updated", text=f"{updated.isoformat()}T00:00:00Z"),
        Element("author", children=[Element("name", text=approved.recognizer.name)], inline=True),
    ]
    items = [Element("entry", children=[
        Element("title", text=title), Element("id", text=entry_id), Element("link", {"href": page}),
        Element("updated", text=f"{day.isoformat()}T00:00:00Z"), Element("summary", text=prefix + summary),
    ]) for day, entry_id, title, page, summary in entries]
    return to_xml(Element("feed", {"xmlns": "http://www.w3.org/2005/Atom"}, [*head, *items]))


def catalog_files(build: Build, base: str, pieces: list[Any]) -> dict[str, str]:
    from . import dump_json
    from .catalog_json import published_schema  # catalog_json reads this module's lists

    rows = [grant_row(g, base) for g in grants(build, labels(build.root))]
    files = {"recognition.csv": _csv(GRANT_COLUMNS, rows)}
    for name in SCHEMAS:
        if name.endswith(".tableschema.json"):  # Frictionless, not JSON Schema: published as written
            path = schema_dir(build.root) / name
            try:
                files[f"schema/{name}"] = path.read_text(encoding="utf-8")
            except FileNotFoundError:
                raise ExportError(f"{path}: the schema file is missing; restore it from the repository.") from None
        else:  # its $id made absolute, so its references resolve from the site
            files[f"schema/{name}"] = published_schema(build, name, base)
    for lid, standing in build.standings().items():
        approved = build.approved_lists[lid]
        folder = f"approved-lists/{lid}/"
        files[folder + "list.json"] = dump_json(list_json(build, approved, standing, base))
        files[folder + "list.csv"] = list_csv(build, standing, base)
        files[folder + "feed.xml"] = list_feed(build, approved, standing, base)
    return files
