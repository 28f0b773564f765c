"""Where each credential counts: every grant of value, by jurisdiction and recognizer.

A grant comes from a credential's own ``recognition.currency`` (what its file says a recognizer grants) or
from an approved list it is on (approved_lists.py: the list's recognizer, jurisdiction and credit). Both
become the same ``Grant``, so the recognition pages, the "Counts for" table on each credential page and
``recognition.csv`` say the same thing. An amount that is not stated stays unstated: never 0.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass

import pycountry

from .approved_lists import ApprovedList, Standing
from .labels import Labels
from .model import OrgRef
from .pipeline import Build


@dataclass(frozen=True, slots=True)
class Grant:
    """One credential counting in one jurisdiction, for one recognizer."""

    credential: str  # its id
    title: str
    illustrative: bool
    status: str
    jurisdiction: str  # ISO 3166-2, such as US-WY
    recognizer: OrgRef | None  # None: the credential's file names none
    type: str  # the credit type's id; "" when an approved list states no credit
    type_title: str
    amount: float | None  # None: not stated
    unit: str
    conditions: str
    source: str  # the page that says so ("" when none is recorded)
    verified: dt.date | None  # when that page was last checked
    approved_list: ApprovedList | None = None  # the list it comes from; None: the credential's own file

    @property
    def slug(self) -> str:
        return jurisdiction_slug(self.jurisdiction)

    @property
    def amount_text(self) -> str:
        """The amount and its unit, or "" when the recognizer states none."""
        if self.amount is None:
            return ""
        return f"{self.amount:g} {self.unit}".rstrip()


@functools.cache
def jurisdiction_name(code: str) -> str:
    """The ISO 3166 name of a jurisdiction code (``US-WY``: "Wyoming", ``US``: "United States"), from
    pycountry's copy of the standard; the code itself when the standard has no such code."""
    found = pycountry.subdivisions.get(code=code) if "-" in code else pycountry.countries.get(alpha_2=code)
    name = getattr(found, "name", "")
    return str(name) if name else code


def jurisdiction_slug(code: str) -> str:
    """The address of a jurisdiction's page: ``US-WY`` is ``recognition/us-wy/``."""
    return code.lower()


def grants(build: Build, labels: Labels) -> list[Grant]:
    """Every grant in the catalog: credentials' own, then approved lists' (each in credential id order)."""
    found = []
    for cid in sorted(build.credentials):
        found.extend(own_grants(build, cid, labels))
    for lid, rows in build.standings().items():
        found.extend(list_grant(build, lid, standing, labels) for standing in rows.values() if standing.on)
    return found


def credential_grants(build: Build, cid: str, labels: Labels) -> list[Grant]:
    """Where one credential counts: its own file's grants, then those of the approved lists it is on."""
    found = own_grants(build, cid, labels)
    for lid, rows in build.standings().items():
        standing = rows.get(cid)
        if standing is not None and standing.on:
            found.append(list_grant(build, lid, standing, labels))
    return found


def own_grants(build: Build, cid: str, labels: Labels) -> list[Grant]:
    c = build.credentials[cid]
    return [Grant(cid, c.title, c.illustrative, c.status, item.jurisdiction, item.recognizer, item.type,
                  labels.value("recognition.currency.type", item.type), item.amount, item.unit, item.note,
                  item.source, item.verified) for item in c.recognition.currency.items]


def list_grant(build: Build, lid: str, standing: Standing, labels: Labels) -> Grant:
    """The grant an approved list gives a credential on it: the list's recognizer and jurisdiction, the
    credit its entry (or the list) states, the list's own page as the source."""
    approved = build.approved_lists[lid]
    source = approved.url or next((s.url for s in approved.sources), "")
    read = [s.accessed for s in approved.sources if s.accessed]
    c = build.credentials[standing.credential_id]
    credit = standing.credit
    return Grant(
        c.id, c.title, c.illustrative, c.status, approved.jurisdiction, approved.recognizer,
        credit.type if credit else "",
        labels.value("recognition.currency.type", credit.type) if credit else "On the approved list",
        credit.amount if credit else None, credit.unit if credit else "", credit.note if credit else "",
        source, max(read) if read else None, approved)


@dataclass(frozen=True, slots=True)
class Place:
    """A jurisdiction on the recognition index: its code, and how many credentials count there."""

    code: str
    name: str  # its ISO 3166 name, or the code
    slug: str
    credentials: int
    recognizers: tuple[str, ...]  # names


@dataclass(frozen=True, slots=True)
class Recognizer:
    ref: OrgRef | None  # None: grants whose file names no recognizer
    jurisdictions: tuple[str, ...]
    credentials: int


def places(found: list[Grant]) -> list[Place]:
    """Every jurisdiction with the number of distinct credentials recognized there, by code."""
    creds: dict[str, set[str]] = defaultdict(set)
    names: dict[str, dict[str, None]] = defaultdict(dict)
    for g in found:
        if not g.jurisdiction:
            continue  # credit not tied to a place: on the credential's page, in no jurisdiction's list
        creds[g.jurisdiction].add(g.credential)
        names[g.jurisdiction][g.recognizer.name if g.recognizer else "Recognizer not named"] = None
    return [Place(code, jurisdiction_name(code), jurisdiction_slug(code), len(creds[code]), tuple(sorted(names[code])))
            for code in sorted(creds)]


def recognizers(found: list[Grant]) -> list[Recognizer]:
    """Every recognizer with the number of distinct credentials it recognizes, by name."""
    creds: dict[str, set[str]] = defaultdict(set)
    where: dict[str, dict[str, None]] = defaultdict(dict)
    refs: dict[str, OrgRef | None] = {}
    for g in found:
        key = g.recognizer.id if g.recognizer else ""
        refs[key] = g.recognizer
        creds[key].add(g.credential)
        if g.jurisdiction:
            where[key][g.jurisdiction] = None
    return sorted((Recognizer(refs[k], tuple(sorted(where[k])), len(creds[k])) for k in creds),
                  key=lambda r: (r.ref is None, (r.ref.name if r.ref else "").casefold()))
