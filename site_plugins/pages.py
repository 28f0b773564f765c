"""Outputs: every generated page and data file of the site, as (path, source) pairs, in memory.

Nothing here knows about MkDocs: the plugin hands these sources to MkDocs as generated files, and a test
can read them directly. Paths follow the public URL contract: credentials/<id>/, stacks/<id>/,
organizations/<id>/, credentials/ (browse) and quality/.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from markupsafe import Markup

from .browse_data import browse_data, facets
from .cards import Card, card_of
from .charts import distribution_svg, standards_outcomes_svg
from .exports import credential_links
from .field_reference import field_reference_markdown
from .labels import Labels, labels
from .parallel import fork_map
from .pipeline import Build
from .problems import Problem
from .recognition_pages import recognition_pages
from .render import render
from .rules import Outcome
from .search_index import build_search_index, index_json
from .views import Roles, credential_view, organization_roles, organization_view, stack_members, stack_view
from .wording import OUTCOMES

ASSETS = ("browse.js", "search.js", "recognition.js", "catalog.css", "pages.css")
# Cards drawn in the browse page's HTML; the others are in a <noscript> list (parsed as text when scripts
# run, so a 10,000-card page is ready as fast as a short one). browse.js draws from the cards' data,
# search/catalog-cards.json (browse_data.py), which the page asks for in its <head>.
# 12: whole rows in 1, 2, 3, 4 or 6 columns, about a screenful; at 10,000 credentials, 48 cards made the
# browser's first layout long enough to put the first results about 50 ms later (docs/search.md).
FIRST_CARDS = 12


# The generated pages that mkdocs.yml's nav names: under `mkdocs serve` they must exist even before the
# catalog was ever valid (problem_page stands in for them).
NAV_PAGES = ("credentials/index.md", "recognition/index.md", "quality/index.md", "data/index.md",
             "reference/index.md")


@dataclass(frozen=True)
class Page:
    src_uri: str
    content: str


@dataclass(frozen=True)
class CredentialOutput:
    """What the site makes of one credential, in a worker: its page and its browse card."""

    page: Page
    card: Card


# Mermaid (MIT), vendored so stack diagrams render without a CDN; loaded only by stack pages.
VENDOR = ("mermaid.min.js", "lunr.min.js")


def asset_files() -> list[Page]:
    folder = resources.files("site_plugins") / "assets"
    pages = [Page(f"assets/catalog/{name}", (folder / name).read_text(encoding="utf-8")) for name in ASSETS]
    pages += [Page(f"assets/catalog/{name}", (folder / "vendor" / name).read_text(encoding="utf-8")) for name in VENDOR]
    return pages


def all_pages(build: Build, site_url: str = "") -> list[Page]:
    """Every generated page and data file but the exports (exports/). Each credential's page and card are made in forked
    workers (``credential_outputs``): the largest part of the plugin's work, and independent per credential."""
    build.standings()  # once, before the workers fork: each credential page names its lists
    outputs = credential_outputs(build, site_url)
    pages = [o.page for o in outputs]
    pages += [stack_page(build, sid) for sid in sorted(build.stacks)]
    roles = organization_roles(build, labels(build.root))
    pages += [organization_page(build, oid, roles) for oid in sorted(build.organizations)]
    pages += browse_pages(sorted_cards(o.card for o in outputs), browse_filters(build))
    pages += [quality_page(build), Page("reference/index.md", field_reference_markdown(build.root))]
    pages += [Page(path, content) for path, content in recognition_pages(build)]
    pages += redirect_pages(build, site_url)
    return pages


def credential_outputs(build: Build, site_url: str = "") -> list[CredentialOutput]:
    """Every credential's page and card, in id order, made in workers for a large catalog."""
    words = labels(build.root)  # read once here, so that forked workers inherit it
    step = functools.partial(_credential_output, build, site_url, words)
    return fork_map(step, sorted(build.credentials), workers=build.workers)


def _credential_output(build: Build, site_url: str, words: Labels, cid: str) -> CredentialOutput:
    return CredentialOutput(credential_page(build, cid, site_url, words), card_of(build, cid, words))


def credential_page(build: Build, cid: str, site_url: str = "", words: Labels | None = None) -> Page:
    view = credential_view(build, cid, words or labels(build.root))
    meta = {"title": view.c.title, "description": view.c.summary}
    content = render("credential.md.j2", meta=meta, v=view, c=view.c, card=view.card, outcomes=OUTCOMES,
                     root="../../", page_url=f"{site_url}credentials/{cid}/",
                     badge_url=f"{site_url}credentials/{cid}/badge.svg", data_links=credential_links(cid, view.c))
    return Page(f"credentials/{cid}/index.md", content)


def stack_page(build: Build, sid: str) -> Page:
    view = stack_view(build, sid, labels(build.root))
    meta = {"title": view.s.title, "description": view.s.summary}
    return Page(f"stacks/{sid}/index.md", render("stack.md.j2", meta=meta, v=view, s=view.s, root="../../",
                                                  mermaid=_mermaid(build, sid)))


def _mermaid(build: Build, sid: str) -> str:
    """A top-down pathway; labels are quoted and stripped of characters Mermaid would parse."""
    members = stack_members(build, sid)
    lines = ["flowchart TD"]  # top-down stays readable on a phone; left-to-right shrinks to a sliver
    for index, cid in enumerate(members):
        lines.append(f'  n{index}["{_mermaid_text(build.credentials[cid].title)}"]')
        if index:
            lines.append(f"  n{index - 1} --> n{index}")
    capstone = build.stacks[sid].capstone
    if capstone and members:
        lines.append(f'  cap(["{_mermaid_text(capstone.title)}"])')
        lines.append(f"  n{len(members) - 1} --> cap")
    return "\n".join(lines)


def _mermaid_text(title: str) -> str:
    return "".join(ch for ch in title if ch.isalnum() or ch in " ,.'-:?()").strip()


def organization_page(build: Build, oid: str, roles: Roles | None = None) -> Page:
    words = labels(build.root)
    roles = organization_roles(build, words) if roles is None else roles
    view = organization_view(build, oid, roles, words, labels(build.root, "organization"))
    meta = {"title": view.o.name}
    if view.o.description:
        meta["description"] = view.o.description.split("\n")[0][:240]
    return Page(f"organizations/{oid}/index.md", render("organization.md.j2", meta=meta, v=view, o=view.o,
                                                         root="../../"))


def redirect_pages(build: Build, site_url: str = "") -> list[Page]:
    """A page at every previous id's address that leads to the credential's current one (permanent links)."""
    pages = []
    for cid, c in sorted(build.credentials.items()):
        for old in c.previous_ids:
            content = render("redirect.html.j2", title=c.title, target=f"../{cid}/",
                             target_url=f"{site_url}credentials/{cid}/")
            pages.append(Page(f"credentials/{old}/index.html", content))
    return pages


def sorted_cards(cards: Iterable[Card]) -> list[Card]:
    """Cards in title order: the browse page's order, and the search index's."""
    return sorted(cards, key=lambda card: (card.title.lower(), card.id))


def browse_cards(build: Build) -> list[Card]:
    """Every credential's card, in title order (for the benchmarks and tests; the site makes them in workers)."""
    words = labels(build.root)
    return sorted_cards(card_of(build, cid, words) for cid in build.credentials)


def browse_filters(build: Build) -> list[dict[str, object]]:
    total = len(build.rubric.standards) if build.rubric else 0
    return facets(labels(build.root), total)


def browse_pages(cards: list[Card], filters: list[dict[str, object]] | None = None) -> list[Page]:
    """The browse page, the card data its script filters and draws, and the search index over the same cards."""
    data_files = ["search/catalog-cards.json", "search/catalog-index.json"]
    # `preload`: requested from the <head> (overrides/main.html), before the browser reaches the scripts;
    # `theme_script`: Material's script runs after the list is ready (theme_script.py, via the plugin).
    meta = {"title": "Browse credentials", "description": "Every micro-credential in the catalog, with filters.",
            "hide": ["toc"], "preload": data_files, "theme_script": "after-list"}
    text = json.dumps(browse_data(cards, filters), ensure_ascii=False, separators=(",", ":"))
    page = Page("credentials/index.md", render("browse.md.j2", meta=meta, cards=cards, first=FIRST_CARDS, root="../"))
    return [
        page,
        Page(data_files[0], text),
        Page(data_files[1], index_json(build_search_index(cards))),
    ]


def quality_page(build: Build) -> Page:
    """Across the catalog: how many standards each credential meets, and per standard how many credentials
    meet it, do not, or cannot be verified from published information."""
    assert build.rubric is not None
    cards = [build.scorecards[cid] for cid in sorted(build.scorecards)]
    total = len(cards)
    standards_total = len(build.rubric.standards)
    counts = Counter(card.standards_met for card in cards)
    distribution = [(n, counts.get(n, 0)) for n in range(standards_total + 1)]
    outcomes = Counter((s.id, s.outcome) for card in cards for s in card.standards)
    per_standard = []
    for standard in build.rubric.standards:
        found = {o: outcomes[(standard.id, o)] for o in Outcome}
        per_standard.append({"id": standard.id, "name": standard.name, "met": found[Outcome.MET],
                             "not_met": found[Outcome.NOT_MET], "not_verifiable": found[Outcome.NOT_PUBLISHED],
                             "share": f"{round(100 * found[Outcome.MET] / total)}%" if total else "–"})
    overdue = [{"id": c.id, "title": c.title, "status": c.review_status}
               for c in sorted(cards, key=lambda c: c.title.lower()) if c.review_overdue]
    svg = distribution_svg(
        dict(distribution), total_standards=standards_total,
        title="Credentials by number of MPOS standards met",
        description=", ".join(f"{count} credential{'s' if count != 1 else ''} meet {n}" for n, count in distribution
                              if count) or "No credentials yet.",
    )
    rows = [(s["id"], s["name"], s["met"], s["not_met"], s["not_verifiable"]) for s in per_standard]
    outcomes_svg = standards_outcomes_svg(
        rows, total, title="Each MPOS standard: met, not met, not verifiable",
        description="; ".join(f"standard {n}: {m} met, {x} not met, {u} not verifiable" for n, _, m, x, u in rows)
        or "No credentials yet.")
    meta = {"title": "Quality across the catalog",
            "description": "How many credentials meet each MPOS Quality Assurance standard."}
    content = render("quality.md.j2", meta=meta, root="../", total=total, standards_total=standards_total,
                     full=counts.get(standards_total, 0), reviewed=sum(c.tier == "reviewed" for c in cards),
                     unverifiable=sum(c.standards_not_verifiable > 0 for c in cards),
                     edition=build.rubric.edition, as_of=build.as_of.isoformat(), distribution=distribution,
                     distribution_svg=Markup(svg), outcomes_svg=Markup(outcomes_svg), per_standard=per_standard,
                     overdue=overdue)
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
