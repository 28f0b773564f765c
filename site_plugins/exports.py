"""Build step 5c: the machine-readable files recognizers and issuing platforms read.

Pure functions of a ``Build`` and the site's absolute base URL: an Open Badges 3.0 ``Achievement`` per
credential, schema.org JSON-LD per credential, the whole catalog as JSON (with a JSON Schema) and as CSV,
and an embeddable SVG quality badge. Every id and link they contain is absolute, so the files mean the
same thing wherever they are copied. ``export`` writes them with the paths the site serves them at
(see docs/recognizers.md); output is byte-reproducible for the same catalog and scoring date.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import markdown

from . import atomic, output_budget, xml_text
from .parallel import fork_map
from .pipeline import Build
from .render import safe_url, script_json
from .schemas import schema_dir
from .views import GRADE_LABELS, ROLE_LABELS, badge_level, label, money

FORMATS = ("ob3", "jsonld", "json", "csv")
CATALOG_VERSION = 1
# OB 3.0 requires an ordered @context: the W3C Verifiable Credentials v2 context first, then the OB 3.0
# context. The Achievement is the same object an issued AchievementCredential embeds, so it keeps that order.
OB3_CONTEXT = ("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json")
# The files the catalog JSON Schema refers to by relative URL: served beside it so the references resolve.
REFERENCED_SCHEMAS = ("credential.schema.json", "stack.schema.json", "organization.schema.json")
CSV_COLUMNS = (
    "id", "title", "summary", "issuer", "competency_area", "roles", "grade_bands", "cost", "currency",
    "estimated_hours", "standards_met", "components_met", "tier", "review_overdue", "last_reviewed",
    "recognised_in", "url",
)
CSV_LIST_SEPARATOR = "; "
# RFC 4180 line ends; line breaks inside a quoted value stay as written (\n).
CSV_LINE_TERMINATOR = "\r\n"
# Free-text columns a spreadsheet could read as a formula (=, +, -, @): such a value gets a leading '.
CSV_TEXT_COLUMNS = ("title", "summary", "issuer", "competency_area")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# OB 3.0 LanguageCode pattern (from the official schema).
_OB3_LANGUAGE = re.compile(r"^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")


class ExportError(Exception):
    """The export cannot be written (a bad base URL, a missing schema file)."""


# ---- URLs -------------------------------------------------------------------------------------------------


def base_url(site_url: str | None) -> str:
    """The site's absolute http(s) base URL, ending in ``/``."""
    text = (site_url or "").strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ExportError(f"the site URL must be an absolute http(s) address such as https://example.org/credcat/, "
                          f"not '{site_url or ''}'.")
    return text if text.endswith("/") else text + "/"


def credential_url(site_url: str, cid: str) -> str:
    return f"{base_url(site_url)}credentials/{cid}/"


def organization_url(site_url: str, org_id: str) -> str:
    return f"{base_url(site_url)}organizations/{org_id}/"


def stack_url(site_url: str, sid: str) -> str:
    return f"{base_url(site_url)}stacks/{sid}/"


def achievement_url(site_url: str, cid: str) -> str:
    return f"{credential_url(site_url, cid)}achievement.json"


def badge_url(site_url: str, cid: str) -> str:
    return f"{credential_url(site_url, cid)}badge.svg"


def _org_home(build: Build, org_id: str, site_url: str) -> str:
    """The organization's own website when it has one, else its catalog page."""
    entry = build.catalog.organizations.get(org_id)
    own = safe_url(entry.data.get("url")) if entry else ""
    return own if own.startswith(("http://", "https://")) else organization_url(site_url, org_id)


def _org_name(build: Build, org_id: str) -> str:
    entry = build.catalog.organizations.get(org_id)
    return str(entry.data.get("name", org_id)) if entry else org_id


# ---- text -------------------------------------------------------------------------------------------------


class _PlainText(HTMLParser):
    """Rendered Markdown back to readable plain text: paragraphs, "- " list items, links as "text (url)"."""

    BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol"})
    HIDDEN = frozenset({"script", "style", "template"})  # raw HTML whose content is not text

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str, int]] = []  # (safe href, where its text starts in parts)
        self.lists: list[int] = []  # per open list: 0 for bullets, else the next number
        self.pre = 0
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in ("ul", "ol"):
            self.lists.append(1 if tag == "ol" else 0)
        elif tag == "li":
            number = self.lists[-1] if self.lists else 0
            self.parts.append(f"\n{number}. " if number else "\n- ")
            if number:
                self.lists[-1] += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "pre":
            self.pre += 1
        elif tag == "a":
            self.links.append((safe_url(dict(attrs).get("href") or ""), len(self.parts)))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        if tag == "a" and self.links:
            href, start = self.links.pop()
            if href and "".join(self.parts[start:]).strip() != href:
                self.parts.append(f" ({href})")
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data if self.pre else re.sub(r"\s+", " ", data))

    def text(self) -> str:
        text = "".join(self.parts)
        text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text)
        text = re.sub(r"^(-|\d+\.) +", r"\1 ", text, flags=re.MULTILINE)
        # loose list items (each in a <p>) read as one list, not as paragraphs
        return re.sub(r"^((?:-|\d+\.) [^\n]*)\n\n(?=(?:-|\d+\.) )", r"\1\n", text, flags=re.MULTILINE).strip()


def plain_text(markdown_text: Any) -> str:
    """Contributor Markdown as plain text (no markup, no HTML)."""
    if not isinstance(markdown_text, str) or not markdown_text.strip():
        return ""
    return _plain_text(markdown_text)


@functools.lru_cache(maxsize=4096)
def _plain_text(markdown_text: str) -> str:
    # The Achievement and the JSON-LD both describe the credential: convert each description once.
    parser = _PlainText()
    parser.feed(markdown.markdown(markdown_text, extensions=["sane_lists"], output_format="html"))
    parser.close()
    return parser.text()


def _one_line(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


def _md(text: Any) -> str:
    """Contributor plain text made safe to place inside Markdown: one line, markup characters escaped."""
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", _one_line(text))


def description_text(data: dict[str, Any]) -> str:
    """The summary, then the description, as plain text."""
    parts = [_one_line(data.get("summary", "")), plain_text(data.get("description", ""))]
    return "\n\n".join(p for p in parts if p)


def criteria_narrative(data: dict[str, Any]) -> str:
    """Markdown a recognizer can read: the competency, each criterion with what proficient looks like and
    the evidence it is judged on (by title), and the pass rule."""
    evaluation = data.get("evaluation") or {}
    titles = {e.get("id"): e.get("title", e.get("id")) for e in data.get("evidence") or []}
    lines = []
    statement = (data.get("competency") or {}).get("statement")
    if statement:
        lines += [f"Earners demonstrate this competency: {_md(statement)}", ""]
    levels = evaluation.get("levels") or []
    judged = f" (levels: {', '.join(_md(level) for level in levels)})" if levels else ""
    lines += [f"An assessor judges the submitted evidence against each criterion{judged}:", ""]
    for number, criterion in enumerate(evaluation.get("criteria") or [], start=1):
        lines.append(f"{number}. **{_md(criterion.get('criterion', criterion.get('id', '')))}**")
        if criterion.get("proficient"):
            lines.append(f"   - Proficient: {_md(criterion['proficient'])}")
        used = [_md(titles.get(ref, ref)) for ref in criterion.get("evidence") or []]
        if used:
            lines.append(f"   - Evidence: {'; '.join(used)}")
    if evaluation.get("pass_rule"):
        lines += ["", f"To earn the credential: {_md(evaluation['pass_rule'])}"]
    return "\n".join(lines) + "\n"


def _unique(values: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return seen


def ob3_language(tag: Any) -> str:
    """A BCP 47 tag in the form OB 3.0's LanguageCode accepts (en, en-US, zh-Hant-TW); else its language."""
    text = str(tag or "en").strip()
    parts = text.split("-")
    fixed = [parts[0].lower()]
    for part in parts[1:]:
        fixed.append(part.title() if len(part) == 4 and part.isalpha() else part.upper())
    candidate = "-".join(fixed)
    if _OB3_LANGUAGE.match(candidate):
        return candidate
    return fixed[0] if _OB3_LANGUAGE.match(fixed[0]) else "en"


def iso_duration(hours: float | int) -> str:
    """Hours as an ISO 8601 duration: 12 -> PT12H, 1.5 -> PT1H30M, 0.25 -> PT15M."""
    seconds = round(float(hours) * 3600)
    if seconds <= 0:
        return "PT0S"
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return "PT" + "".join(f"{n}{unit}" for n, unit in ((h, "H"), (m, "M"), (s, "S")) if n)


def _tags(data: dict[str, Any]) -> list[str]:
    competency = data.get("competency") or {}
    roles = [label(r, ROLE_LABELS) for r in (data.get("audience") or {}).get("roles") or []]
    return _unique([*map(str, data.get("keywords") or []), str(competency.get("area") or ""), *roles])


# ---- Open Badges 3.0 --------------------------------------------------------------------------------------


def issuer_profile(build: Build, data: dict[str, Any], site_url: str) -> dict[str, Any]:
    org_id = (data.get("organizations") or {}).get("issuer", "")
    return {
        "id": organization_url(site_url, org_id),
        "type": ["Profile"],
        "name": _org_name(build, org_id),
        "url": _org_home(build, org_id, site_url),
    }


def _alignment_name(item: dict[str, Any]) -> str:
    """The standard's name, else its framework and code."""
    return str(item.get("name") or " ".join(str(p) for p in (item.get("framework"), item.get("code")) if p))


def _alignment(item: dict[str, Any], fallback_url: str) -> dict[str, Any]:
    framework, code = item.get("framework"), item.get("code")
    target = {
        "type": ["Alignment"],
        "targetName": _alignment_name(item),
        "targetUrl": safe_url(item.get("url")) or fallback_url,
        "targetFramework": framework,
        "targetCode": code,
    }
    return {k: v for k, v in target.items() if v not in (None, "")}


def achievement(build: Build, cid: str, site_url: str) -> dict[str, Any]:
    """The credential as an Open Badges 3.0 ``Achievement`` (what an issued AchievementCredential embeds)."""
    data = build.resolved(cid).data
    card = build.score(cid)
    page = credential_url(site_url, cid)
    competency = data.get("competency") or {}
    result: dict[str, Any] = {
        "@context": list(OB3_CONTEXT),
        "id": achievement_url(site_url, cid),
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": str(data["title"]),
        "description": description_text(data),
        "criteria": {"id": page, "narrative": criteria_narrative(data)},
        "creator": issuer_profile(build, data, site_url),
        "image": {"id": badge_url(site_url, cid), "type": "Image",
                  "caption": f"Catalog quality badge: {card.badge_text} (as of {card.as_of})"},
        "humanCode": cid,
        "inLanguage": ob3_language(data.get("language", "en")),
        "version": str(data.get("version") or "1"),
    }
    alignments = [_alignment(a, page) for a in competency.get("alignments") or []]
    if alignments:
        result["alignment"] = alignments
    tags = _tags(data)
    if tags:
        result["tag"] = tags
    if competency.get("area"):
        result["fieldOfStudy"] = str(competency["area"])
    return result


# ---- schema.org JSON-LD -----------------------------------------------------------------------------------


def _organization(build: Build, org_id: str, site_url: str) -> dict[str, Any]:
    return {"@type": "Organization", "@id": organization_url(site_url, org_id), "name": _org_name(build, org_id),
            "url": _org_home(build, org_id, site_url)}


def _grade_text(band: str) -> str:
    text = label(band, GRADE_LABELS)
    return f"Grades {text}" if band not in ("pre-k", "all") else text


def json_ld(build: Build, cid: str, site_url: str) -> dict[str, Any]:
    """The credential as a schema.org ``EducationalOccupationalCredential`` (for search engines and crawlers)."""
    return build.memo(("json_ld", cid, site_url), lambda: _json_ld(build, cid, site_url))  # file and page head


def _json_ld(build: Build, cid: str, site_url: str) -> dict[str, Any]:
    data = build.resolved(cid).data
    page = credential_url(site_url, cid)
    competency = data.get("competency") or {}
    audience = data.get("audience") or {}
    access = data.get("access") or {}
    cost = access.get("cost") or {}
    currency_items = (data.get("recognition") or {}).get("currency") or []

    required: list[dict[str, Any]] = [{"@type": "DefinedTerm", "name": str(competency.get("statement", ""))}]
    required += [{"@type": "DefinedTerm", "name": str(skill)} for skill in competency.get("skills") or []]
    for item in competency.get("alignments") or []:
        term = {"@type": "DefinedTerm",
                "name": _alignment_name(item),
                "termCode": item.get("code"),
                "inDefinedTermSet": {"@type": "DefinedTermSet", "name": str(item.get("framework"))},
                "url": safe_url(item.get("url"))}
        required.append({k: v for k, v in term.items() if v})

    roles = [label(r, ROLE_LABELS) for r in audience.get("roles") or []]
    levels = roles + [_grade_text(g) for g in audience.get("grade_bands") or []]

    offer: dict[str, Any] = {"@type": "Offer", "price": cost.get("amount", 0),
                             "priceCurrency": cost.get("currency", "USD"), "url": page}
    notes = []
    if "member_amount" in cost:
        who = _org_name(build, cost["members_of"]) if cost.get("members_of") else "the member organization"
        member_price = money(cost["member_amount"], offer["priceCurrency"])
        notes.append(f"Members of {who}: {member_price.lower() if member_price == 'Free' else member_price}.")
    if cost.get("note"):
        notes.append(_one_line(cost["note"]))
    if notes:
        offer["description"] = " ".join(notes)

    recognizers = _unique(str(c["recognizer"]) for c in currency_items if c.get("recognizer"))
    jurisdictions = _unique(str(c["jurisdiction"]) for c in currency_items if c.get("jurisdiction"))
    issuer = (data.get("organizations") or {}).get("issuer", "")

    result: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalCredential",
        "@id": page,
        "url": page,
        "identifier": cid,
        "name": str(data["title"]),
        "description": description_text(data),
        "credentialCategory": "Micro-credential",
        "competencyRequired": required,
        "offers": offer,
        "provider": _organization(build, issuer, site_url),
        "image": badge_url(site_url, cid),
        "inLanguage": str(data.get("language", "en")),
        "version": str(data.get("version") or "1"),
    }
    if "estimated_hours" in access:
        result["timeRequired"] = iso_duration(access["estimated_hours"])
    if levels:
        result["educationalLevel"] = levels
    if roles:
        result["audience"] = {"@type": "EducationalAudience", "educationalRole": roles}
    if recognizers:
        result["recognizedBy"] = [_organization(build, r, site_url) for r in recognizers]
    if jurisdictions:
        result["validIn"] = [{"@type": "AdministrativeArea", "name": j, "identifier": j} for j in jurisdictions]
    keywords = _tags(data)
    if keywords:
        result["keywords"] = keywords
    if competency.get("area"):
        result["about"] = {"@type": "DefinedTerm", "name": str(competency["area"])}
    return result


def json_ld_script(build: Build, cid: str, site_url: str) -> str:
    """``json_ld`` as a ``<script type="application/ld+json">`` element, safe to place in any HTML page
    (``<``, ``>`` and ``&`` are written as JSON escapes, so no text can close the element)."""
    return build.memo(("json_ld_script", cid, site_url), lambda: _json_ld_script(build, cid, site_url))


def _json_ld_script(build: Build, cid: str, site_url: str) -> str:
    text = json.dumps(json_ld(build, cid, site_url), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f'<script type="application/ld+json">{script_json(text)}</script>'


# ---- whole-catalog JSON and CSV ---------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    """A deep copy holding JSON types only (dates become YYYY-MM-DD)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def catalog_entry(build: Build, cid: str, site_url: str) -> dict[str, Any]:
    """One credential of catalog.json: its resolved record and its scorecard."""
    return {"id": cid, "url": credential_url(site_url, cid), "data": _jsonable(build.resolved(cid).data),
            "scorecard": _jsonable(build.score(cid).to_json())}


def catalog_json(build: Build, site_url: str, credentials: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The whole catalog: every credential's resolved record and scorecard, every stack and organization.
    (``credentials`` in place of the credentials' entries, for a caller that writes them itself.)"""
    edition = build.rubric.edition if build.rubric else {}
    catalog = build.catalog
    return {
        "catalog_version": CATALOG_VERSION,
        "generated": build.as_of.isoformat(),
        "rubric": _jsonable(dict(edition)),
        "credentials": credentials if credentials is not None else [
            catalog_entry(build, cid, site_url) for cid in sorted(catalog.credentials)
        ],
        "stacks": [{"id": sid, "url": stack_url(site_url, sid), "data": _jsonable(catalog.stacks[sid].data)}
                   for sid in sorted(catalog.stacks)],
        "organizations": [
            {"id": oid, "url": organization_url(site_url, oid), "data": _jsonable(catalog.organizations[oid].data)}
            for oid in sorted(catalog.organizations)
        ],
    }


def _number(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _cell(column: str, value: str) -> str:
    if column in CSV_TEXT_COLUMNS and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_row(build: Build, cid: str, site_url: str) -> dict[str, str]:
    data = build.resolved(cid).data
    card = build.score(cid)
    audience = data.get("audience") or {}
    access = data.get("access") or {}
    cost = access.get("cost") or {}
    currency_items = (data.get("recognition") or {}).get("currency") or []
    row = {
        "id": cid,
        "title": str(data.get("title", "")),
        "summary": str(data.get("summary", "")),
        "issuer": _org_name(build, (data.get("organizations") or {}).get("issuer", "")),
        "competency_area": str((data.get("competency") or {}).get("area") or ""),
        "roles": CSV_LIST_SEPARATOR.join(audience.get("roles") or []),
        "grade_bands": CSV_LIST_SEPARATOR.join(audience.get("grade_bands") or []),
        "cost": _number(cost.get("amount")),
        "currency": str(cost.get("currency", "USD")) if cost else "",
        "estimated_hours": _number(access.get("estimated_hours")),
        "standards_met": str(card.standards_met),
        "components_met": str(card.components_met),
        "tier": card.tier,
        "review_overdue": "true" if card.review_overdue else "false",
        "last_reviewed": str((data.get("maintenance") or {}).get("last_reviewed") or ""),
        "recognised_in": CSV_LIST_SEPARATOR.join(_unique(str(c.get("jurisdiction", "")) for c in currency_items)),
        "url": credential_url(site_url, cid),
    }
    return {k: _cell(k, v) for k, v in row.items()}


def catalog_csv(build: Build, site_url: str, rows: Iterable[dict[str, str]] | None = None) -> str:
    """One row per credential under a header row; RFC 4180 quoting, CRLF line ends (see CSV_LINE_TERMINATOR).
    (``rows`` in place of computing them, for a caller that made them already.)"""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator=CSV_LINE_TERMINATOR,
                            quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    if rows is None:
        rows = (csv_row(build, cid, site_url) for cid in sorted(build.catalog.credentials))
    writer.writerows(rows)
    return out.getvalue()


# ---- the quality badge ------------------------------------------------------------------------------------

# Text on background, as in the site's light palette (assets/catalog.css): each pair is 7:1 or better.
BADGE_COLOURS = {
    "label": ("#ffffff", "#263238"),
    "high": ("#1b5e20", "#e8f5e9"),
    "mid": ("#6d4c00", "#fff3cd"),
    "low": ("#37474f", "#eceff1"),
}
_CHAR_WIDTH = 6.6  # average advance of 11px Verdana/DejaVu Sans; textLength makes the text fit exactly
_PADDING = 6


def badge_svg(build: Build, cid: str) -> str:
    """An accessible SVG badge "MPOS N/13 · tier" (role="img" with a <title>), the same bytes every run."""
    card = build.score(cid)
    value = f"{card.standards_met}/{card.standards_total} · {card.tier}"
    level = badge_level(card.standards_met, card.standards_total)
    label_text = "MPOS"
    label_width = round(len(label_text) * _CHAR_WIDTH + 2 * _PADDING)
    value_width = round(len(value) * _CHAR_WIDTH + 2 * _PADDING)
    title = f"Catalog quality badge for {card.title}: {card.badge_text} (as of {card.as_of})"
    return xml_text.badge_svg(
        id=f"credcat-badge-{cid}",
        title=title,
        label=label_text,
        value=value,
        height=20,
        label_width=label_width,
        value_width=value_width,
        width=label_width + value_width,
        padding=_PADDING,
        label_colours=BADGE_COLOURS["label"],
        value_colours=BADGE_COLOURS[level],
        level=level,
    )


# ---- writing the files ------------------------------------------------------------------------------------


def dump_json(value: Any, *, compact: bool = False) -> str:
    """The one JSON serialisation every export uses: stable key order, UTF-8 text, a final newline.

    ``compact`` (for the whole-catalog file) drops the indentation: Python's C encoder only runs without
    it, which makes catalog.json about three times faster to write and a third smaller."""
    if compact:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def expand_formats(formats: Iterable[str]) -> list[str]:
    """The formats asked for, with ``all`` expanded, in the canonical order; unknown names raise."""
    chosen = set()
    for name in formats:
        if name == "all":
            chosen.update(FORMATS)
        elif name in FORMATS:
            chosen.add(name)
        else:
            raise ExportError(f"unknown export format '{name}'; choose from {', '.join(FORMATS)} or all.")
    return [f for f in FORMATS if f in chosen]


def credential_exports(build: Build, cid: str, base: str, formats: Sequence[str]) -> CredentialExports:
    """One credential's share of the export: its own files, its catalog.json entry (JSON text), its CSV row
    and (with JSON-LD) the JSON-LD element for its page's head. What workers send back in ``export_files``."""
    files: dict[str, str] = {}
    if "ob3" in formats:
        files[f"credentials/{cid}/achievement.json"] = dump_json(achievement(build, cid, base))
        files[f"credentials/{cid}/badge.svg"] = badge_svg(build, cid)
    if "jsonld" in formats:
        files[f"credentials/{cid}/credential.jsonld"] = dump_json(json_ld(build, cid, base))
    entry = dump_json(catalog_entry(build, cid, base), compact=True).rstrip("\n") if "json" in formats else ""
    row = csv_row(build, cid, base) if "csv" in formats else {}
    script = json_ld_script(build, cid, base) if "jsonld" in formats else ""
    return CredentialExports(files, entry, row, script)


@dataclass(frozen=True)
class CredentialExports:
    files: dict[str, str]
    catalog_entry: str
    csv_row: dict[str, str]
    json_ld_script: str


def export_files(build: Build, formats: Iterable[str], site_url: str) -> dict[str, str]:
    """Every file of the asked formats as {path relative to the site root: text}, computed in memory.

    Each credential's share is computed in forked workers (``parallel.fork_map``); the JSON-LD elements
    they make are kept in the build's memo for the pages' heads."""
    base = base_url(site_url)
    chosen = expand_formats(formats)
    credentials = sorted(build.catalog.credentials)
    shares = fork_map(functools.partial(credential_exports, build, base=base, formats=chosen), credentials,
                      workers=build.workers)
    files: dict[str, str] = {}
    for cid, share in zip(credentials, shares, strict=True):
        files.update(share.files)
        if share.json_ld_script:
            build.memo(("json_ld_script", cid, base), lambda share=share: share.json_ld_script)
    if "json" in chosen:
        # The entries are already JSON: the document is written around a marker, then they take its place.
        text = dump_json(catalog_json(build, base, credentials=[_ENTRIES_MARKER]), compact=True)
        marker = json.dumps(_ENTRIES_MARKER)
        files["catalog.json"] = text.replace(marker, ",".join(share.catalog_entry for share in shares), 1)
        for name in ("catalog.schema.json", *REFERENCED_SCHEMAS):
            path = schema_dir(build.root) / name
            try:
                files[f"schema/{name}"] = path.read_text(encoding="utf-8")
            except FileNotFoundError:
                raise ExportError(f"{path}: the schema file is missing; restore it from the repository.") from None
    if "csv" in chosen:
        files["catalog.csv"] = catalog_csv(build, base, rows=[share.csv_row for share in shares])
    return dict(sorted(files.items()))


_ENTRIES_MARKER = "\x00credcat-credential-entries\x00"  # a string no catalog text can hold (NUL is refused)


def export(build: Build, out_dir: Path, formats: Iterable[str], site_url: str, *,
           protect: Mapping[str, Path] | None = None) -> list[Path]:
    """Write the files of ``formats`` under ``out_dir`` (UTF-8, exact line ends); returns the paths written.

    Everything is computed first, then ``out_dir`` as it was plus the new files is staged beside it and
    swapped in whole (atomic.write_tree): a failure, a full disk or a kill leaves ``out_dir`` as it was.
    Files from earlier runs that are no longer produced are left in place. ``protect``: folders, by
    what they are, that ``out_dir`` must not be or hold (it is replaced whole).
    """
    files = export_files(build, formats, site_url)
    too_big = output_budget.problems(build.catalog, files)
    if too_big:
        raise ExportError("the catalog would make too large an export; nothing was written:\n"
                          + "\n".join(p.text() for p in too_big))
    return atomic.write_tree(Path(out_dir), files, protect=protect)
