"""Build step 5: every generated page of the site, as (path, Markdown source) pairs, in memory.

Nothing here knows about MkDocs: the plugin hands these sources to MkDocs as generated files, and a test
can read them directly. Paths follow the public URL contract: credentials/<id>/, stacks/<id>/,
organizations/<id>/, credentials/ (browse) and quality/.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any

from markupsafe import Markup

from .charts import distribution_svg
from .field_reference import field_reference_markdown
from .pipeline import Build
from .render import render
from .views import (
    ACCESS_LABELS,
    CredentialView,
    badge_level,
    credential_view,
    hours,
    organization_view,
    stack_members,
    stack_view,
)

ASSETS = ("browse.js", "catalog.css", "pages.css")


@dataclass(frozen=True)
class Page:
    src_uri: str
    content: str


# Mermaid (MIT), vendored so stack diagrams render without a CDN; loaded only by stack pages.
VENDOR = ("mermaid.min.js",)


def _view(build: Build, cid: str) -> CredentialView:
    """The credential's view model, built once per build (pages, browse cards and the feed all use it)."""
    return build.memo(("view", cid), lambda: credential_view(build.catalog, build.resolved(cid), build.scorecards[cid]))


def asset_files() -> list[Page]:
    folder = resources.files("site_plugins") / "assets"
    pages = [Page(f"assets/catalog/{name}", (folder / name).read_text(encoding="utf-8")) for name in ASSETS]
    pages += [Page(f"assets/catalog/{name}", (folder / "vendor" / name).read_text(encoding="utf-8")) for name in VENDOR]
    return pages


def all_pages(build: Build, site_url: str = "") -> list[Page]:
    pages = [credential_page(build, cid, site_url) for cid in sorted(build.scorecards)]
    pages += [stack_page(build, sid) for sid in sorted(build.catalog.stacks)]
    pages += [organization_page(build, oid) for oid in sorted(build.catalog.organizations)]
    pages += [browse_page(build), quality_page(build)]
    pages.append(Page("reference/index.md", field_reference_markdown(build.root)))
    return pages


def credential_page(build: Build, cid: str, site_url: str = "") -> Page:
    view = _view(build, cid)
    meta = {"title": view.data["title"], "description": view.data["summary"]}
    evidence_titles = {e["id"]: e["title"] for e in view.data["evidence"]}
    labels = {"rationale": "a rationale", "criteria_status": "which criteria are met",
              "recommendations": "recommendations"}
    content = render(
        "credential.md.j2",
        meta=meta,
        c=view,
        root="../../",
        hours=hours(view.get("access.estimated_hours")),
        evidence_titles=evidence_titles,
        access_labels=ACCESS_LABELS,
        feedback_includes=[labels.get(i, i) for i in view.get("feedback.includes", [])],
        org_links={oid: e.data.get("name", oid) for oid, e in build.catalog.organizations.items()},
        page_url=f"{site_url}credentials/{cid}/",
        badge_url=f"{site_url}credentials/{cid}/badge.svg",
    )
    return Page(f"credentials/{cid}/index.md", content)


def stack_page(build: Build, sid: str) -> Page:
    view = stack_view(build.catalog, sid, build.scorecards)
    return Page(f"stacks/{sid}/index.md", render("stack.md.j2", meta={"title": view["data"]["title"],
                                                                       "description": view["data"]["summary"]},
                                                  s=view, root="../../", mermaid=_mermaid(build, sid)))


def _mermaid(build: Build, sid: str) -> str:
    """A left-to-right pathway; labels are quoted and stripped of characters Mermaid would parse."""
    members = stack_members(build.catalog, sid)
    lines = ["flowchart TD"]  # top-down stays readable on a phone; left-to-right shrinks to a sliver
    for index, cid in enumerate(members):
        title = build.catalog.credentials[cid].data.get("title", cid)
        clean = "".join(ch for ch in title if ch.isalnum() or ch in " ,.'-:?()").strip()
        lines.append(f'  n{index}["{clean}"]')
        if index:
            lines.append(f"  n{index - 1} --> n{index}")
    capstone = build.catalog.stacks[sid].data.get("capstone")
    if capstone and members:
        clean = "".join(ch for ch in capstone["title"] if ch.isalnum() or ch in " ,.'-:?()").strip()
        lines.append(f'  cap(["{clean}"])')
        lines.append(f"  n{len(members) - 1} --> cap")
    return "\n".join(lines)


def organization_page(build: Build, oid: str) -> Page:
    view = organization_view(build.catalog, oid, build.scorecards)
    meta = {"title": view["data"]["name"]}
    if view["data"].get("description"):
        meta["description"] = view["data"]["description"].split("\n")[0][:240]
    return Page(f"organizations/{oid}/index.md", render("organization.md.j2", meta=meta, o=view, root="../../"))


def redirect_pages(build: Build, site_url: str = "") -> list[Page]:
    """A page at every previous id's address that leads to the credential's current one (permanent links)."""
    pages = []
    for cid in sorted(build.catalog.credentials):
        data = build.catalog.credentials[cid].data
        for old in data.get("previous_ids", []):
            content = render("redirect.html.j2", title=data["title"], target=f"../{cid}/",
                             target_url=f"{site_url}credentials/{cid}/")
            pages.append(Page(f"credentials/{old}/index.html", content))
    return pages


def feed(build: Build, site_url: str, site_name: str) -> Page:
    """An Atom feed of credentials by the date their data says they last changed, newest first.

    Dates come from the records (last review, reviewer's attestation), never from the clock, so two builds
    of the same catalog produce the same feed."""
    entries = []
    for cid in build.scorecards:
        data = build.resolved(cid).data
        dates = [d for d in ((data.get("maintenance") or {}).get("last_reviewed"),
                             (data.get("quality_review") or {}).get("date")) if d]
        if not dates:
            continue  # no date in the data: the feed cannot say when it changed
        day = max(dates)
        entries.append({"title": data["title"], "url": f"{site_url}credentials/{cid}/", "summary": data["summary"],
                        "updated": f"{day}T00:00:00Z", "issuer": _view(build, cid).issuer.name})
    entries.sort(key=lambda e: (e["updated"], e["url"]), reverse=True)
    updated = entries[0]["updated"] if entries else f"{build.as_of.isoformat()}T00:00:00Z"
    return Page("feed.xml", render("feed.xml.j2", site_url=site_url, site_name=site_name, entries=entries,
                                   updated=updated))


def browse_cards(build: Build) -> list[dict[str, Any]]:
    cards = []
    for cid in sorted(build.scorecards, key=lambda c: build.catalog.credentials[c].data["title"].lower()):
        resolved = build.resolved(cid)
        data = resolved.data
        card = build.scorecards[cid]
        view = _view(build, cid)
        cards.append({
            "id": cid,
            "title": data["title"],
            "summary": data["summary"],
            "area": data["competency"].get("area", ""),
            "roles": data.get("audience", {}).get("roles", []),
            "grades": data.get("audience", {}).get("grade_bands", []),
            "subjects": data.get("audience", {}).get("subjects", []),
            "cost_kind": "free" if view.is_free else "paid",
            "cost": view.cost,
            "hours": f"{data['access']['estimated_hours']:g}",
            "hours_text": hours(data["access"]["estimated_hours"]),
            "jurisdictions": sorted({c["jurisdiction"] for c in data.get("recognition", {}).get("currency", [])}),
            "standards": card.standards_met,
            "standards_total": card.standards_total,
            "level": badge_level(card.standards_met, card.standards_total),
            "issuer": view.issuer.name,
            "status": data.get("status", "active"),
        })
    return cards


def browse_page(build: Build) -> Page:
    meta = {"title": "Browse credentials", "description": "Every micro-credential in the catalog, with filters.",
            "hide": ["toc"]}
    return Page("credentials/index.md", render("browse.md.j2", meta=meta, cards=browse_cards(build), root="../"))


def quality_page(build: Build) -> Page:
    assert build.rubric is not None
    cards = list(build.scorecards.values())
    total = len(cards)
    standards_total = len(build.rubric.standards)
    counts = Counter(card.standards_met for card in cards)
    distribution = [(n, counts.get(n, 0)) for n in range(standards_total + 1)]
    per_standard = []
    for standard in build.rubric.standards:
        met = sum(1 for card in cards for s in card.standards if s.id == standard.id and s.met)
        per_standard.append({"id": standard.id, "name": standard.name, "count": met,
                             "share": f"{round(100 * met / total)}%" if total else "–"})
    overdue = [{"id": c.id, "title": c.title, "status": c.review_status}
               for c in sorted(cards, key=lambda c: c.title.lower()) if c.review_overdue]
    svg = distribution_svg(
        dict(distribution), total_standards=standards_total,
        title="Credentials by number of MPOS standards met",
        description=", ".join(f"{count} credential{'s' if count != 1 else ''} meet {n}" for n, count in distribution
                              if count) or "No credentials yet.",
    )
    meta = {"title": "Quality across the catalog",
            "description": "How many credentials meet each MPOS Quality Assurance standard."}
    content = render("quality.md.j2", meta=meta, root="../", total=total, standards_total=standards_total,
                     full=counts.get(standards_total, 0), reviewed=sum(c.tier == "reviewed" for c in cards),
                     edition=build.rubric.edition, as_of=build.as_of.isoformat(), distribution=distribution,
                     distribution_svg=Markup(svg), per_standard=per_standard, overdue=overdue)
    return Page("quality/index.md", content)
