"""The whole catalog as CSV (catalog.csv): one row per credential, for spreadsheets.

A cell whose fact the issuer does not publish reads ``not published`` (``not applicable`` likewise); an
empty cell means the catalog entry records nothing. Never 0 for an unknown cost or time.
``schema/catalog-csv.tableschema.json`` (a Frictionless Table Schema, served beside it) documents every
column and these markers.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from ..model import NOT_APPLICABLE, NOT_PUBLISHED, Fact, State
from ..pipeline import Build
from ..schemas import schema_dir
from .files import DataFile
from .urls import ExportError, credential_url

NAME = "csv"
HELP = "csv (catalog.csv)"
COLUMNS = (
    "id", "title", "summary", "status", "illustrative", "issuer", "issuer_page", "competency_area", "roles",
    "grade_bands", "cost", "currency", "estimated_hours", "standards_met", "standards_not_verifiable",
    "components_met", "components_not_published", "tier", "review_overdue", "last_reviewed", "recognised_in", "url",
)
LIST_SEPARATOR = "; "
# RFC 4180 line ends; line breaks inside a quoted value stay as written (\n).
LINE_TERMINATOR = "\r\n"
# Free-text columns a spreadsheet could read as a formula (=, +, -, @): such a value gets a leading '.
TEXT_COLUMNS = ("title", "summary", "issuer", "competency_area")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MARKERS = {State.NOT_PUBLISHED: NOT_PUBLISHED, State.NOT_APPLICABLE: NOT_APPLICABLE, State.MISSING: ""}


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _cell(fact: Fact[Any], show: Any = str) -> str:
    """A fact as a cell: its value, or the marker of what is known about it."""
    return show(fact.value) if fact.stated else _MARKERS[fact.state]


def _list(fact: Fact[Any]) -> str:
    return _cell(fact, lambda items: LIST_SEPARATOR.join(map(str, items)))


def _safe(column: str, value: str) -> str:
    if column in TEXT_COLUMNS and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def row(build: Build, cid: str, base: str) -> dict[str, str]:
    """One credential's row (computed in a worker)."""
    credential = build.credentials[cid]
    card = build.score(cid)
    cost = credential.access.cost
    jurisdictions = dict.fromkeys(c.jurisdiction for c in credential.recognition.currency.items if c.jurisdiction)
    found = {
        "id": cid,
        "title": credential.title,
        "summary": credential.summary,
        "status": credential.status,
        "illustrative": "true" if credential.illustrative else "false",
        "issuer": credential.organizations.issuer.name,
        "issuer_page": _cell(credential.url),
        "competency_area": _cell(credential.competency.area),
        "roles": _list(credential.audience.roles),
        "grade_bands": _list(credential.audience.grade_bands),
        "cost": _cell(cost.amount, _number),
        "currency": cost.currency if cost.amount.stated else "",
        "estimated_hours": _cell(credential.access.estimated_hours, _number),
        "standards_met": str(card.standards_met),
        "standards_not_verifiable": str(card.standards_not_verifiable),
        "components_met": str(card.components_met),
        "components_not_published": str(card.components_not_published),
        "tier": card.tier,
        "review_overdue": "true" if card.review_overdue else "false",
        "last_reviewed": _cell(credential.maintenance.last_reviewed, lambda d: d.isoformat()),
        "recognised_in": _cell(credential.recognition.currency, lambda _: LIST_SEPARATOR.join(jurisdictions)),
        "url": credential_url(base, cid),
    }
    return {k: _safe(k, v) for k, v in found.items()}


def credential_piece(build: Build, cid: str, base: str) -> dict[str, str]:
    return row(build, cid, base)


TABLE_SCHEMA = "catalog-csv.tableschema.json"
FILES = (
    DataFile("csv", "catalog.csv", "The whole catalog as CSV", "text/csv",
             "One row per credential, for spreadsheets (RFC 4180, UTF-8).", f"schema/{TABLE_SCHEMA}"),
    DataFile("csv-schema", f"schema/{TABLE_SCHEMA}", "Table Schema of catalog.csv", "application/json",
             "A Frictionless Table Schema: every column, and the markers of what is not known.",
             "https://specs.frictionlessdata.io/table-schema/", "Frictionless Table Schema"),
)


def catalog_files(build: Build, base: str, pieces: list[dict[str, str]]) -> dict[str, str]:
    path = schema_dir(build.root) / TABLE_SCHEMA
    try:
        table = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ExportError(f"{path}: the schema file is missing; restore it from the repository.") from None
    return {"catalog.csv": catalog_csv(pieces), f"schema/{TABLE_SCHEMA}": table}


def catalog_csv(rows: list[dict[str, str]]) -> str:
    """Rows under a header row; RFC 4180 quoting, CRLF line ends (see LINE_TERMINATOR)."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator=LINE_TERMINATOR, quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
