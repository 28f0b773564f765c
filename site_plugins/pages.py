"""Build step 5: every generated page of the site, as (path, Markdown source) pairs, in memory.

Nothing here knows about MkDocs: the plugin hands these sources to MkDocs as generated files, and a test
can read them directly. Paths follow the public URL contract: credentials/<id>/, stacks/<id>/,
organizations/<id>/, credentials/ (browse) and quality/.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any

from markupsafe import Markup

from .browse_data import browse_data
from .charts import distribution_svg
from .field_reference import field_reference_markdown
from .parallel import fork_map
from .pipeline import Build
from .problems import Problem
from .render import render
from .search_index import build_search_index, index_json
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
from .xml_text import atom_feed

ASSETS = ("browse.js", "search.js", "catalog.css", "pages.css")
# Cards drawn in the browse page's HTML; the others are in a <noscript> list (parsed as text when scripts
# run, so a 10,000-card page is ready as fast as a short one). browse.js draws from the cards' data,
# search/catalog-cards.json (browse_data.py), which the page asks for in its <head>.
# 12: whole rows in 1, 2, 3, 4 or 6 columns, about a screenful; at 10,000 credentials, 48 cards made the
# browser's first layout long enough to put the first results about 50 ms later (docs/search.md).
FIRST_CARDS = 12


# The generated pages that mkdocs.yml's nav names: under `mkdocs serve` they must exist even before the
# catalog was ever valid (problem_page stands in for them).
NAV_PAGES = ("credentials/index.md", "quality/index.md", "reference/index.md")


@dataclass(frozen=True)
class Page:
    src_uri: str
    content: str


# Mermaid (MIT), vendored so stack diagrams render without a CDN; loaded only by stack pages.
VENDOR = ("mermaid.min.js", "lunr.min.js")


def _view(build: Build, cid: str) -> CredentialView:
    """The credential's view model, built once per build (pages, browse cards and the feed all use it)."""
    return build.memo(("view", cid), lambda: credential_view(build.catalog, build.resolved(cid), build.scorecards[cid]))


def asset_files() -> list[Page]:
    folder = resources.files("site_plugins") / "assets"
    pages = [Page(f"assets/catalog/{name}", (folder / name).read_text(encoding="utf-8")) for name in ASSETS]
    pages += [Page(f"assets/catalog/{name}", (folder / "vendor" / name).read_text(encoding="utf-8")) for name in VENDOR]
    return pages


def all_pages(build: Build, site_url: str = "") -> list[Page]:
    """Every generated page. Each credential's page, browse card and feed entry are made in forked
    workers (``parallel.fork_map``): the largest part of the plugin's work, and independent per credential."""
    cids = sorted(build.scorecards)
    shares = fork_map(functools.partial(_credential_share, build, site_url), cids, workers=build.workers)
    for cid, (_page, card, entry) in zip(cids, shares, strict=True):
        build.memo(("card", cid), lambda card=card: card)
        build.memo(("feed_entry", cid, site_url), lambda entry=entry: entry)
    pages = [page for page, _card, _entry in shares]
    pages += [stack_page(build, sid) for sid in sorted(build.catalog.stacks)]
    pages += [organization_page(build, oid) for oid in sorted(build.catalog.organizations)]
    pages += [*browse_pages(browse_cards(build)), quality_page(build)]
    pages.append(Page("reference/index.md", field_reference_markdown(build.root)))
    return pages


def _credential_share(build: Build, site_url: str, cid: str) -> tuple[Page, dict[str, Any], dict[str, str] | None]:
    return credential_page(build, cid, site_url), browse_card(build, cid), _feed_entry(build, cid, site_url)


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
    entries = [e for cid in build.scorecards if (e := _feed_entry(build, cid, site_url)) is not None]
    entries.sort(key=lambda e: (e["updated"], e["url"]), reverse=True)
    updated = entries[0]["updated"] if entries else f"{build.as_of.isoformat()}T00:00:00Z"
    return Page("feed.xml", atom_feed(site_url, site_name, entries, updated))


def _feed_entry(build: Build, cid: str, site_url: str) -> dict[str, str] | None:
    return build.memo(("feed_entry", cid, site_url), lambda: _make_feed_entry(build, cid, site_url))


def _make_feed_entry(build: Build, cid: str, site_url: str) -> dict[str, str] | None:
    data = build.resolved(cid).data
    dates = [d for d in ((data.get("maintenance") or {}).get("last_reviewed"),
                         (data.get("quality_review") or {}).get("date")) if d]
    if not dates:
        return None  # no date in the data: the feed cannot say when it changed
    return {"title": data["title"], "url": f"{site_url}credentials/{cid}/", "summary": data["summary"],
            "updated": f"{max(dates)}T00:00:00Z", "issuer": browse_card(build, cid)["issuer"]}


def browse_cards(build: Build) -> list[dict[str, Any]]:
    """Every credential's card, in title order (the browse page's order, and the search index's)."""
    cards = [browse_card(build, cid) for cid in build.scorecards]
    return sorted(cards, key=lambda card: (card["title"].lower(), card["id"]))


def browse_card(build: Build, cid: str) -> dict[str, Any]:
    """What the browse page, its script and the search index know of a credential."""
    return build.memo(("card", cid), lambda: _make_card(build, cid))


def _make_card(build: Build, cid: str) -> dict[str, Any]:
    data = build.resolved(cid).data
    card = build.scorecards[cid]
    view = _view(build, cid)
    competency = data.get("competency", {})
    return {
        "id": cid,
        "title": data["title"],
        "summary": data["summary"],
        "area": competency.get("area", ""),
        "roles": data.get("audience", {}).get("roles", []),
        "grades": data.get("audience", {}).get("grade_bands", []),
        "subjects": data.get("audience", {}).get("subjects", []),
        "cost_kind": "free" if view.is_free else "paid",
        "cost": view.cost,
        "hours": data["access"]["estimated_hours"],
        "hours_text": hours(data["access"]["estimated_hours"]),
        "jurisdictions": sorted({c["jurisdiction"] for c in data.get("recognition", {}).get("currency", [])}),
        "standards": card.standards_met,
        "standards_total": card.standards_total,
        "level": badge_level(card.standards_met, card.standards_total),
        "issuer": view.issuer.name,
        "status": data.get("status", "active"),
        # For search only (search_index.py), not in the cards file:
        "statement": competency.get("statement", ""),
        "skills": competency.get("skills", []),
        "codes": [a["code"] for a in competency.get("alignments", []) if a.get("code")],
    }


def browse_pages(cards: list[dict[str, Any]]) -> list[Page]:
    """The browse page, the card data its script filters and draws, and the search index over the same cards."""
    data_files = ["search/catalog-cards.json", "search/catalog-index.json"]
    # `preload`: requested from the <head> (overrides/main.html), before the browser reaches the scripts;
    # `theme_script`: Material's script runs after the list is ready (theme_script.py, via the plugin).
    meta = {"title": "Browse credentials", "description": "Every micro-credential in the catalog, with filters.",
            "hide": ["toc"], "preload": data_files, "theme_script": "after-list"}
    text = json.dumps(browse_data(cards), ensure_ascii=False, separators=(",", ":"))
    page = Page("credentials/index.md", render("browse.md.j2", meta=meta, cards=cards, first=FIRST_CARDS, root="../"))
    return [
        page,
        Page(data_files[0], text),
        Page(data_files[1], index_json(build_search_index(cards))),
    ]


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


def problem_page(problems: list[Problem]) -> str:
    """The page source that stands in for a catalog page while no catalog could be built (serve only)."""
    return render("problems.md.j2", problems=problems)


_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">')


def problem_banner(page_html: str, problems: list[Problem], *, kept: bool) -> str:
    """``page_html`` with the catalog's problems listed at the top of its content (serve only); ``kept``:
    the pages show the last good catalog."""
    errors = sum(1 for p in problems if p.severity == "error")
    banner = render("problem_banner.html.j2", problems=problems, errors=errors, kept=kept)
    match = _ARTICLE.search(page_html) or re.search(r"<body[^>]*>", page_html)
    if match is None:
        return banner + page_html
    return page_html[: match.end()] + banner + page_html[match.end():]
