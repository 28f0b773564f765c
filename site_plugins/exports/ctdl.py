"""Credential Engine CTDL: each credential as a CTDL JSON-LD document (credentials/<id>/ctdl.jsonld), and the
whole catalog as one graph with its organizations (catalog.ctdl.jsonld), the form Credential Engine's
Registry publishes and reads.

Which credentials: those with a ``ctid`` (the Registry's permanent identifier, kept in the YAML; ctids.py)
that are not drafts (CTDL has no status for a credential not yet offered). Which class:
``ceterms:MicroCredential``, CTDL's credential for a subset of field-specific competencies, since every
catalog entry certifies one competency on submitted evidence; ``ceterms:Badge`` only when the record
earners receive is a digital badge and the evaluation criteria are not published, so a badge is all the
record shows. Status: active is ``credentialStat:Active``, retired ``credentialStat:Deprecated`` (awards
have ceased).

Recognition: a recognizer granting credit toward a licence or certificate (relicensure or
recertification credit, an endorsement) approves the credential (``ceterms:approvedBy``, ``approvedIn``,
and the recognizer is a ``ceterms:QACredentialOrganization`` in the graph); any other credit is
``ceterms:recognizedBy``/``recognizedIn``. Unknown facts stay out: no ``ceterms:estimatedCost`` without a
published cost, no ``ceterms:estimatedDuration`` without published hours, never 0. Text is plain strings
(CTDL's JSON schema of 2018, the one Credential Engine publishes, wants them so; ``ceterms:inLanguage``
says the language). Illustrative entries say so in their description and carry the keyword
``illustrative``. Terms, classes and concept schemes are Credential Engine's (see docs/recognizers.md).
"""

from __future__ import annotations

from typing import Any

from ..labels import labels
from ..model import Credential, Currency, Organization, OrgRef
from ..pipeline import Build
from ..quantities import hours, iso_duration, money
from ..render import safe_url
from .files import DataFile
from .ob3 import alignment_name, language, tags
from .text import ILLUSTRATIVE_NOTE, criteria_narrative, description_text, one_line, plain_text, unique
from .urls import base_url, credential_url, organization_url

NAME = "ctdl"
FILES = (DataFile("ctdl", "credentials/{id}/ctdl.jsonld", "Credential Engine CTDL", "application/ld+json",
                  "The credential as a CTDL ceterms:MicroCredential, for the Credential Registry (only for "
                  "credentials with a CTID that are not drafts).", "https://purl.org/ctdl/terms/",
                  "CTDL terms (Credential Engine)"),
         DataFile("ctdl-catalog", "catalog.ctdl.jsonld", "The catalog in CTDL", "application/ld+json",
                  "Every published CTDL credential with its organizations, as one JSON-LD graph.",
                  "https://purl.org/ctdl/terms/", "CTDL terms (Credential Engine)"))
HELP = "ctdl (Credential Engine CTDL JSON-LD of each credential, and of the whole catalog with its organizations)"
# The context CTDL documents name; the 2018 JSON schema Credential Engine publishes accepts exactly this.
CONTEXT = "http://credreg.net/ctdl/schema/context/json"
CATALOG_FILE = "catalog.ctdl.jsonld"
TERMS = "https://purl.org/ctdl/terms/"
VOCABS = "https://purl.org/ctdl/vocabs/"
STATUS = {"active": "Active", "retired": "Deprecated"}  # a draft has no CTDL status: it is not exported
# Currency types that are a regulator's or employer's favourable judgement toward a licence or certificate.
APPROVES = frozenset({"relicensure-credit", "recertification-credit", "endorsement"})
# The catalog's organization types that say one CTDL organization type, and one sector, for certain.
AGENT_TYPES = {"university": ("Postsecondary", "Postsecondary Educational Institution"),
               "state-agency": ("Government", "Government Agency"), "company": ("Business", "Business"),
               "association": ("ProfessionalAssociation", "Professional Association")}
SECTORS = {"state-agency": ("Public", "Public"), "district": ("Public", "Public"),
           "nonprofit": ("PrivateNonProfit", "Private Not-For-Profit"),
           "company": ("PrivateForProfit", "Private For-Profit")}


def published(credential: Credential) -> bool:
    """Whether the credential has a CTDL document: it has a CTID and is offered (or was)."""
    return bool(credential.ctid) and credential.status in STATUS


def document_path(cid: str) -> str:
    return f"credentials/{cid}/ctdl.jsonld"


def credential_files(build: Build, cid: str, base: str) -> dict[str, str]:
    from . import dump_json

    if not published(build.credentials[cid]):
        return {}
    return {document_path(cid): dump_json({"@context": CONTEXT, **credential_node(build, cid, base)})}


def credential_piece(build: Build, cid: str, base: str) -> dict[str, Any] | None:
    return credential_node(build, cid, base) if published(build.credentials[cid]) else None


def catalog_files(build: Build, base: str, pieces: list[dict[str, Any] | None]) -> dict[str, str]:
    from . import dump_json

    nodes = [p for p in pieces if p is not None]
    exported = [build.credentials[cid] for cid in sorted(build.credentials) if published(build.credentials[cid])]
    orgs = [organization_node(org, base, exported) for _, org in sorted(build.organizations.items()) if org.ctid]
    return {CATALOG_FILE: dump_json({"@context": CONTEXT, "@graph": nodes + orgs}, compact=True)}


def concept(scheme: str, scheme_name: str, vocab: str, code: str, name: str) -> dict[str, Any]:
    """A concept of one of CTDL's concept schemes, as a ``ceterms:CredentialAlignmentObject``."""
    return {"@type": "ceterms:CredentialAlignmentObject", "ceterms:framework": f"{TERMS}{scheme}",
            "ceterms:frameworkName": scheme_name, "ceterms:targetNode": f"{VOCABS}{vocab}/{code}",
            "ceterms:targetNodeName": name}


def place(jurisdiction: str) -> dict[str, Any]:
    """An ISO 3166-2 code (US-WY, or US) as a ``ceterms:Place``."""
    country, _, region = jurisdiction.partition("-")
    found: dict[str, Any] = {"@type": "ceterms:Place", "ceterms:name": jurisdiction, "ceterms:addressCountry": country}
    if region:
        found["ceterms:addressRegion"] = region
    return found


def _ids(base: str, refs: list[OrgRef]) -> list[str]:
    return unique(organization_url(base, r.id) for r in refs)


def _credit(build: Build, item: Currency) -> str:
    kind = labels(build.root).value("recognition.currency.type", item.type) or item.type
    amount = f": {item.amount:g} {item.unit}".rstrip() if item.amount is not None else " (amount not stated)"
    note = f" {one_line(item.note)}" if item.note else ""
    return f"{kind}{amount}.{note}"


def _jurisdictions(build: Build, base: str, items: list[Currency]) -> list[dict[str, Any]]:
    profiles = []
    for item in items:
        profile: dict[str, Any] = {"@type": "ceterms:JurisdictionProfile", "ceterms:description": _credit(build, item)}
        if item.jurisdiction:  # credit not tied to a place names none
            profile["ceterms:mainJurisdiction"] = [place(item.jurisdiction)]
        if item.recognizer is not None:
            profile["ceterms:assertedBy"] = [organization_url(base, item.recognizer.id)]
        profiles.append(profile)
    return profiles


def _requirements(credential: Credential) -> dict[str, Any]:
    """What an earner must show: the competency, its skills and alignments, judged on the criteria."""
    competency = credential.competency
    targets = [{"@type": "ceterms:CredentialAlignmentObject", "ceterms:targetNodeName": competency.statement}]
    targets += [{"@type": "ceterms:CredentialAlignmentObject", "ceterms:targetNodeName": skill}
                for skill in competency.skills.items]
    for item in competency.alignments.items:
        target = {"@type": "ceterms:CredentialAlignmentObject", "ceterms:targetNodeName": alignment_name(item),
                  "ceterms:frameworkName": item.framework, "ceterms:codedNotation": item.code,
                  "ceterms:targetNode": safe_url(item.url) if safe_url(item.url).startswith("http") else ""}
        targets.append({k: v for k, v in target.items() if v})
    found: dict[str, Any] = {"@type": "ceterms:ConditionProfile", "ceterms:name": "Requirements",
                             "ceterms:description": plain_text(criteria_narrative(credential)),
                             "ceterms:targetCompetency": targets}
    criteria = [_sentence(c.criterion) + (f" Proficient: {_sentence(c.proficient.value)}"
                                          if c.proficient.stated else "") for c in credential.evaluation.criteria.items]
    if criteria:
        found["ceterms:condition"] = criteria
    return found


def _costs(credential: Credential, details: str) -> list[dict[str, Any]]:
    cost = credential.access.cost
    if not cost.amount.stated:
        return []
    note = f" {one_line(cost.note.value)}" if cost.note.stated else ""
    price = money(cost.amount.value, cost.currency)
    profiles = [{"@type": "ceterms:CostProfile", "ceterms:costDetails": details, "ceterms:price": cost.amount.value,
                 "ceterms:currency": cost.currency,
                 "ceterms:description": f"Cost to earn the credential: {price}.{note}"}]
    if cost.member_amount.stated:
        who = cost.members_of.name if cost.members_of else "the member organization"
        profiles.append({"@type": "ceterms:CostProfile", "ceterms:costDetails": details,
                         "ceterms:price": cost.member_amount.value, "ceterms:currency": cost.currency,
                         "ceterms:audienceType": [concept("Audience", "Audience", "audience", "Member", "Member")],
                         "ceterms:description": f"Cost for members of {who}: "
                                                f"{money(cost.member_amount.value, cost.currency)}."})
    return profiles


def credential_class(credential: Credential) -> str:
    """``ceterms:MicroCredential``, unless the record is a digital badge and the evaluation criteria are not
    published: then the catalog cannot show a competency certified on judged evidence, only the badge."""
    badge = credential.recognition.record.or_("") == "digital-badge"
    return "ceterms:Badge" if badge and not credential.evaluation.criteria.stated else "ceterms:MicroCredential"


def _sentence(text: str) -> str:
    text = one_line(text)
    return text if text.endswith((".", "!", "?")) else f"{text}."


def credential_node(build: Build, cid: str, base: str) -> dict[str, Any]:
    """The credential as a CTDL node (no ``@context``: the document or the graph around it gives one)."""
    base = base_url(base)
    credential = build.credentials[cid]
    page = credential_url(base, cid)
    own_page = safe_url(credential.url.or_(""))
    webpage = own_page if own_page.startswith(("http://", "https://")) else page
    status = STATUS[credential.status]
    organizations = credential.organizations
    node: dict[str, Any] = {
        "@id": page,
        "@type": credential_class(credential),
        "ceterms:ctid": credential.ctid,
        "ceterms:name": credential.title,
        "ceterms:description": description_text(credential),
        "ceterms:subjectWebpage": webpage,
        "ceterms:credentialStatusType": concept("CredentialStatus", "Credential Status", "credentialStat", status,
                                                status),
        "ceterms:ownedBy": _ids(base, [organizations.issuer]),
        "ceterms:inLanguage": [language(credential.language)],
        "ceterms:requires": [_requirements(credential)],
    }
    if organizations.deliverers:
        node["ceterms:offeredBy"] = _ids(base, list(organizations.deliverers))
    keywords = tags(build, credential)
    if keywords:
        node["ceterms:keyword"] = keywords
    if credential.access.estimated_hours.stated:
        value = credential.access.estimated_hours.value
        node["ceterms:estimatedDuration"] = [{"@type": "ceterms:DurationProfile", "ceterms:exactDuration":
                                              iso_duration(value), "ceterms:description":
                                              f"About {hours(value)} of work to earn it, as the issuer estimates."}]
    costs = _costs(credential, webpage)
    if costs:
        node["ceterms:estimatedCost"] = costs
    currency = list(credential.recognition.currency.items)
    approving = [c for c in currency if c.type in APPROVES]
    recognizing = [c for c in currency if c.type not in APPROVES]
    for items, by, where in ((approving, "ceterms:approvedBy", "ceterms:approvedIn"),
                             (recognizing, "ceterms:recognizedBy", "ceterms:recognizedIn")):
        agents = _ids(base, [c.recognizer for c in items if c.recognizer is not None])
        if agents:
            node[by] = agents
        if items:
            node[where] = _jurisdictions(build, base, items)
    return node


def approvers(credentials: list[Credential]) -> set[str]:
    """The organizations that approve at least one exported credential (QA organizations in CTDL)."""
    return {c.recognizer.id for credential in credentials for c in credential.recognition.currency.items
            if c.type in APPROVES and c.recognizer is not None}


def _text(value: str, lang: str) -> dict[str, str]:
    return {lang: value}


def _org_concept(scheme: str, scheme_name: str, vocab: str, code: str, name: str, lang: str) -> dict[str, Any]:
    found = concept(scheme, scheme_name, vocab, code, name)
    found["ceterms:frameworkName"] = _text(scheme_name, lang)
    found["ceterms:targetNodeName"] = _text(name, lang)
    return found


def organization_node(org: Organization, base: str, exported: list[Credential], lang: str = "en") -> dict[str, Any]:
    """An organization as a CTDL ``CredentialOrganization`` (a ``QACredentialOrganization`` when it approves
    a credential), with the exported credentials it owns, offers, approves and recognizes.

    Its texts are language maps (``{"en": ...}``) and its main jurisdiction one ``ceterms:Place``, as
    Credential Engine's 2019 JSON schema for organizations has them (the credential schema of 2018 wants
    plain strings; each node follows the published schema of its class)."""
    page = organization_url(base, org.id)
    own = safe_url(org.url)
    description = " ".join(p for p in (ILLUSTRATIVE_NOTE if org.illustrative else "", plain_text(org.description))
                           if p)
    node: dict[str, Any] = {
        "@id": page,
        "@type": "ceterms:QACredentialOrganization" if org.id in approvers(exported) else
                 "ceterms:CredentialOrganization",
        "ceterms:ctid": org.ctid,
        "ceterms:name": _text(org.name, lang),
        "ceterms:subjectWebpage": own if own.startswith(("http://", "https://")) else page,
    }
    if description:
        node["ceterms:description"] = _text(description, lang)
    if org.type in AGENT_TYPES:
        code, name = AGENT_TYPES[org.type]
        node["ceterms:agentType"] = [_org_concept("OrganizationType", "Organization Type", "orgType", code, name, lang)]
    if org.type in SECTORS:
        code, name = SECTORS[org.type]
        node["ceterms:agentSectorType"] = [_org_concept("AgentSector", "Agent Sector", "agentSector", code, name,
                                                        lang)]
    if org.jurisdiction:
        country, _, region = org.jurisdiction.partition("-")
        where: dict[str, Any] = {"@type": "ceterms:Place", "ceterms:name": _text(org.jurisdiction, lang),
                                 "ceterms:addressCountry": _text(country, lang)}
        if region:
            where["ceterms:addressRegion"] = _text(region, lang)
        node["ceterms:jurisdiction"] = [{"@type": "ceterms:JurisdictionProfile", "ceterms:mainJurisdiction": where}]
    if org.illustrative:
        node["ceterms:keyword"] = [_text("illustrative", lang)]
    roles = {"ceterms:owns": [c for c in exported if c.organizations.issuer.id == org.id],
             "ceterms:offers": [c for c in exported if any(d.id == org.id for d in c.organizations.deliverers)],
             "ceterms:approves": [c for c in exported if any(r.recognizer is not None and r.recognizer.id == org.id
                                                             and r.type in APPROVES
                                                             for r in c.recognition.currency.items)],
             "ceterms:recognizes": [c for c in exported if any(r.recognizer is not None and r.recognizer.id == org.id
                                                               and r.type not in APPROVES
                                                               for r in c.recognition.currency.items)]}
    for term, credentials in roles.items():
        if credentials:
            node[term] = [credential_url(base, c.id) for c in credentials]
    return node


__all__ = ["CATALOG_FILE", "CONTEXT", "HELP", "NAME", "credential_node", "document_path", "organization_node",
           "published"]
