"""schema.org JSON-LD: each credential as an ``EducationalOccupationalCredential`` (credentials/<id>/credential.jsonld,
and in the head of its page, for search engines and crawlers).

Unknown facts stay out: no ``offers`` price without a published cost, no ``timeRequired`` without published
hours, never 0. ``educationalLevel`` holds grade levels only (roles are the audience's
``educationalRole``). The issuer's own page for the credential is its ``url`` and ``sameAs``; ``@id`` is
the catalog's permanent page. ``isBasedOn`` lists the pages the facts were read from.
"""

from __future__ import annotations

import json
from typing import Any

from ..labels import labels
from ..model import Credential, OrgRef
from ..pipeline import Build
from ..quantities import iso_duration, money
from ..render import safe_url, script_json
from .files import DataFile
from .ob3 import alignment_name, tags
from .text import description_text, one_line, unique
from .urls import badge_url, credential_url, organization_url

NAME = "jsonld"
HELP = "jsonld (schema.org JSON-LD of each credential)"
FILES = (DataFile("jsonld", "credentials/{id}/credential.jsonld", "schema.org JSON-LD", "application/ld+json",
                  "The credential as a schema.org EducationalOccupationalCredential, also in its page's head.",
                  "https://schema.org/EducationalOccupationalCredential",
                  "schema.org EducationalOccupationalCredential"),)
STATUS = {"active": "Active", "draft": "Draft", "retired": "Retired"}


def credential_files(build: Build, cid: str, base: str) -> dict[str, str]:
    from . import dump_json

    return {f"credentials/{cid}/credential.jsonld": dump_json(json_ld(build, cid, base))}


def organization(org: OrgRef, base: str) -> dict[str, Any]:
    own = safe_url(org.url)
    return {"@type": "Organization", "@id": organization_url(base, org.id), "name": org.name,
            "url": own if own.startswith(("http://", "https://")) else organization_url(base, org.id)}


def grade_text(build: Build, band: str) -> str:
    text = labels(build.root).value("audience.grade_bands", band)
    return f"Grades {text}" if band not in ("pre-k", "all") else text


def _offer(credential: Credential, page: str) -> dict[str, Any] | None:
    cost = credential.access.cost
    if not cost.amount.stated:
        return None
    offer: dict[str, Any] = {"@type": "Offer", "price": cost.amount.value, "priceCurrency": cost.currency,
                             "url": safe_url(credential.url.or_("")) or page}
    notes = []
    if cost.member_amount.stated:
        who = cost.members_of.name if cost.members_of else "the member organization"
        member_price = money(cost.member_amount.value, cost.currency)
        notes.append(f"Members of {who}: {member_price.lower() if member_price == 'Free' else member_price}.")
    if cost.note.stated:
        notes.append(one_line(cost.note.value))
    if notes:
        offer["description"] = " ".join(notes)
    return offer


def json_ld(build: Build, cid: str, base: str) -> dict[str, Any]:
    credential = build.credentials[cid]
    page = credential_url(base, cid)
    own_page = safe_url(credential.url.or_(""))
    competency = credential.competency
    required: list[dict[str, Any]] = [{"@type": "DefinedTerm", "name": competency.statement}]
    required += [{"@type": "DefinedTerm", "name": skill} for skill in competency.skills.items]
    for item in competency.alignments.items:
        term = {"@type": "DefinedTerm", "name": alignment_name(item), "termCode": item.code,
                "inDefinedTermSet": {"@type": "DefinedTermSet", "name": item.framework}, "url": safe_url(item.url)}
        required.append({k: v for k, v in term.items() if v})
    role_labels = labels(build.root)
    roles = [role_labels.value("audience.roles", r) for r in credential.audience.roles.items]
    levels = [grade_text(build, g) for g in credential.audience.grade_bands.items]
    currency = credential.recognition.currency.items
    recognizers = list({c.recognizer.id: c.recognizer for c in currency if c.recognizer}.values())
    jurisdictions = unique(c.jurisdiction for c in currency if c.jurisdiction)
    result: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalCredential",
        "@id": page,
        "url": own_page or page,
        "identifier": cid,
        "name": credential.title,
        "description": description_text(credential),
        "credentialCategory": "Micro-credential",
        "competencyRequired": required,
        "provider": organization(credential.organizations.issuer, base),
        "image": badge_url(base, cid),
        "inLanguage": credential.language,
        "creativeWorkStatus": STATUS.get(credential.status, credential.status),
    }
    if own_page:
        result["sameAs"] = [own_page]
    if credential.version:
        result["version"] = credential.version
    offer = _offer(credential, page)
    if offer:
        result["offers"] = offer
    if credential.access.estimated_hours.stated:
        result["timeRequired"] = iso_duration(credential.access.estimated_hours.value)
    if levels:
        result["educationalLevel"] = levels
    if roles:
        result["audience"] = {"@type": "EducationalAudience", "educationalRole": roles}
    if recognizers:
        result["recognizedBy"] = [organization(r, base) for r in recognizers]
    if jurisdictions:
        result["validIn"] = [{"@type": "AdministrativeArea", "name": j, "identifier": j} for j in jurisdictions]
    keywords = tags(build, credential)
    if keywords:
        result["keywords"] = keywords
    if competency.area.stated:
        result["about"] = {"@type": "DefinedTerm", "name": competency.area.value}
    based_on = [{"@type": "WebPage", "url": safe_url(s.url), "name": s.title} for s in credential.sources
                if safe_url(s.url)]
    if based_on:
        result["isBasedOn"] = based_on
    return result


def json_ld_script(build: Build, cid: str, site_url: str) -> str:
    """``json_ld`` as a ``<script type="application/ld+json">`` element, safe to place in any HTML page
    (``<``, ``>`` and ``&`` are written as JSON escapes, so no text can close the element)."""
    text = json.dumps(json_ld(build, cid, site_url), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f'<script type="application/ld+json">{script_json(text)}</script>'
