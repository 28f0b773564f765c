"""Open Badges 3.0: each credential as an ``Achievement`` (credentials/<id>/achievement.json), and its badge.

The Achievement is the definition an issuing platform embeds in every AchievementCredential it issues.
Only what the record states goes in: no version the issuer never gave, no alignment that is not
published. Its criteria point to the issuer's own page for the credential when the record names one (the
page that describes the criteria), else to the catalog's page; the narrative is the catalog's reading of
the criteria, with the sources they were read from.
"""

from __future__ import annotations

import re
from typing import Any

from ..labels import labels
from ..model import Alignment, Credential, OrgRef
from ..pipeline import Build
from ..render import safe_url
from . import badge
from .files import DataFile
from .text import ILLUSTRATIVE_NOTE, criteria_narrative, description_text, unique
from .urls import achievement_url, badge_url, credential_url, organization_url

NAME = "ob3"
HELP = "ob3 (Open Badges 3.0 Achievement JSON and the badge SVG of each credential)"
FILES = (
    DataFile("achievement", "credentials/{id}/achievement.json", "Open Badges 3.0 Achievement", "application/json",
             "The definition an issuing platform embeds in every badge it issues for the credential.",
             "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
             "1EdTech Open Badges 3.0 (Achievement)"),
    DataFile("badge", "credentials/{id}/badge.svg", "Quality badge", "image/svg+xml",
             "The embeddable badge: MPOS standards met and tier, with a text alternative.",
             "https://www.w3.org/TR/SVG11/", "SVG 1.1"),
)
# OB 3.0 requires an ordered @context: the W3C Verifiable Credentials v2 context first, then the OB 3.0
# context. The Achievement is the same object an issued AchievementCredential embeds, so it keeps that order.
CONTEXT = ("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json")
# OB 3.0 LanguageCode pattern (from the official schema).
_LANGUAGE = re.compile(r"^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")


def credential_files(build: Build, cid: str, base: str) -> dict[str, str]:
    from . import dump_json  # the package's one serialisation

    return {f"credentials/{cid}/achievement.json": dump_json(achievement(build, cid, base)),
            f"credentials/{cid}/badge.svg": badge.badge_svg(build, cid)}


def language(tag: Any) -> str:
    """A BCP 47 tag in the form OB 3.0's LanguageCode accepts (en, en-US, zh-Hant-TW); else its language."""
    text = str(tag or "en").strip()
    parts = text.split("-")
    fixed = [parts[0].lower()]
    for part in parts[1:]:
        fixed.append(part.title() if len(part) == 4 and part.isalpha() else part.upper())
    candidate = "-".join(fixed)
    if _LANGUAGE.match(candidate):
        return candidate
    return fixed[0] if _LANGUAGE.match(fixed[0]) else "en"


def profile(org: OrgRef, base: str) -> dict[str, Any]:
    """An organization as an OB 3.0 Profile: its catalog page is its id; its own site, when known, its url."""
    own = safe_url(org.url)
    return {"id": organization_url(base, org.id), "type": ["Profile"], "name": org.name,
            "url": own if own.startswith(("http://", "https://")) else organization_url(base, org.id)}


def alignment_name(item: Alignment) -> str:
    """The standard's name, else its framework and code."""
    return item.name or " ".join(p for p in (item.framework, item.code) if p)


def _alignment(item: Alignment, fallback_url: str) -> dict[str, Any]:
    target = {"type": ["Alignment"], "targetName": alignment_name(item),
              "targetUrl": safe_url(item.url) or fallback_url, "targetFramework": item.framework,
              "targetCode": item.code}
    return {k: v for k, v in target.items() if v not in (None, "")}


def tags(build: Build, credential: Credential) -> list[str]:
    roles = labels(build.root)
    found = [*credential.keywords, credential.competency.area.or_("")]
    found += [roles.value("audience.roles", r) for r in credential.audience.roles.items]
    if credential.illustrative:
        found.append("illustrative")
    return unique(found)


def achievement(build: Build, cid: str, base: str) -> dict[str, Any]:
    """The credential as an Open Badges 3.0 ``Achievement``."""
    credential = build.credentials[cid]
    card = build.score(cid)
    page = credential_url(base, cid)
    own_page = safe_url(credential.url.or_(""))
    result: dict[str, Any] = {
        "@context": list(CONTEXT),
        "id": achievement_url(base, cid),
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": credential.title,
        "description": description_text(credential),
        "criteria": {"id": own_page or page, "narrative": criteria_narrative(credential)},
        "creator": profile(credential.organizations.issuer, base),
        "image": {"id": badge_url(base, cid), "type": "Image",
                  "caption": f"Catalog quality badge: {card.badge_text} (as of {card.as_of})"},
        "humanCode": cid,
        "inLanguage": language(credential.language),
    }
    if credential.version:
        result["version"] = credential.version
    alignments = [_alignment(a, page) for a in credential.competency.alignments.items]
    if alignments:
        result["alignment"] = alignments
    found = tags(build, credential)
    if found:
        result["tag"] = found
    if credential.competency.area.stated:
        result["fieldOfStudy"] = credential.competency.area.value
    return result


__all__ = ["CONTEXT", "HELP", "ILLUSTRATIVE_NOTE", "NAME", "achievement", "credential_files", "language", "profile"]
