"""The site, from a real `mkdocs build --strict`: pages for every entry, the right content, a lean search
index, safe rendering of hostile text, and a failed build that keeps the last good site."""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

import pytest
from card_maker import make_card
from repo_copy import copy_repo, mkdocs_build

from site_plugins import pages, pipeline
from site_plugins.browse_data import FIELDS, card_rows

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    done = mkdocs_build(ROOT, out)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def build() -> pipeline.Build:
    return pipeline.run(ROOT)


def text_of(path: Path) -> str:
    """The visible text of the page's main article (not the navigation or table of contents)."""
    page = path.read_text(encoding="utf-8").split("<article", 1)[1].split("</article>", 1)[0]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_a_page_for_every_entry(site: Path, build: pipeline.Build) -> None:
    for cid in build.credentials:
        assert (site / "credentials" / cid / "index.html").is_file(), cid
    for sid in build.stacks:
        assert (site / "stacks" / sid / "index.html").is_file(), sid
    for oid in build.organizations:
        assert (site / "organizations" / oid / "index.html").is_file(), oid
    for page in ("credentials/index.html", "quality/index.html", "quality-standards/index.html", "index.html"):
        assert (site / page).is_file(), page
    assert not (ROOT / "docs" / "credentials").exists(), "nothing generated is written into docs/"


def test_credential_page_content(site: Path, build: pipeline.Build) -> None:
    cid = "feedback-for-revision"
    c = build.credentials[cid]
    card = build.scorecards[cid]
    page = (site / "credentials" / cid / "index.html").read_text()
    text = text_of(site / "credentials" / cid / "index.html")
    assert "<h1" in page and c.title in text
    assert card.badge_text in text and card.headline.startswith(f"Meets {card.standards_met} of 13 MPOS standards")
    assert "Illustrative entry" in text
    for heading in ("Evidence to submit", "How it is evaluated", "Resources", "Submission, resubmission and feedback",
                    "Support while you work", "Who built it", "Research base", "Record and recognition",
                    "Where this information comes from", "Quality scorecard"):
        assert heading in text, heading
    for criterion in c.evaluation.criteria.items:
        assert criterion.criterion in text
    assert page.count('class="cc-standard') == 13
    words = {"met": "Met", "not_met": "Not met", "not_published": "Not verifiable"}
    marks = re.findall(r'<span class="cc-result(?: (cc-[a-z-]+))?">([^<]+)</span>', page)
    assert len(marks) == 13 + 28
    assert [word for _, word in marks[-28:]] == [words[comp.outcome] for comp in card.components]
    for item in c.evidence.items:
        assert item.title in text
    # Ordering: the competency comes before the description, the scorecard last.
    assert text.index("The competency") < text.index("About this credential") < text.index("Quality scorecard")


def test_the_scorecard_section_shows_three_outcomes(site: Path, build: pipeline.Build) -> None:
    """Each standard and component shows Met, Not met or Not verifiable, as its scorecard says."""
    classes = {"met": "cc-met", "not_met": "cc-not-met", "not_published": "cc-unverified"}
    seen = set()
    for cid, card in build.scorecards.items():
        page = (site / "credentials" / cid / "index.html").read_text()
        standards = re.findall(r'<details class="cc-standard ([a-z-]+)">', page)
        assert standards == [classes[s.outcome] for s in card.standards], cid
        seen.update(s.outcome for s in card.standards)
        assert card.headline in page
    assert len(seen) == 3, "the sample catalog has standards of all three outcomes"


def test_retired_and_draft_banners(site: Path, build: pipeline.Build) -> None:
    for cid, c in build.credentials.items():
        text = text_of(site / "credentials" / cid / "index.html")
        if c.status == "retired":
            assert "no longer offered" in text
        if c.status == "draft":
            assert "being written" in text


def test_required_resources_come_first(site: Path, build: pipeline.Build) -> None:
    for cid, c in build.credentials.items():
        required = [r.required.or_(False) for r in c.resources.items]
        if any(required) and not all(required):
            page = (site / "credentials" / cid / "index.html").read_text()
            block = page.split('class="cc-resources"')[1].split("</ul>")[0]
            tags = re.findall(r">(Required|Optional)<", block)
            assert tags == sorted(tags, key=lambda t: t != "Required"), cid
            return
    pytest.skip("no credential mixes required and optional resources")


def test_stack_page(site: Path, build: pipeline.Build) -> None:
    sid = next(s for s, stack in build.stacks.items() if stack.stacks)
    page = (site / "stacks" / sid / "index.html").read_text()
    assert 'class="mermaid"' in page and "flowchart TD" in page
    assert "Total estimated time" in page and "Where this information comes from" in page
    member = build.stacks[sid].credentials[0]
    assert f"../../credentials/{member}/" in page
    illustrative = sum(build.credentials[m].illustrative for m in views_members(build, sid))
    assert page.count("cc-tag--illustrative") == illustrative > 0, "the samples are marked in the list"


def views_members(build: pipeline.Build, sid: str) -> list[str]:
    from site_plugins.views import stack_members

    return stack_members(build, sid)


def test_stack_neighbours_on_credential_pages(site: Path, build: pipeline.Build) -> None:
    stack = next(s for s in build.stacks.values() if len(s.credentials) >= 2)
    page = (site / "credentials" / stack.credentials[0] / "index.html").read_text()
    assert f"../../stacks/{stack.id}/" in page


def test_organization_page_lists_roles(site: Path, build: pipeline.Build) -> None:
    c = build.credentials["feedback-for-revision"]
    issuer = c.organizations.issuer.id
    page = (site / "organizations" / issuer / "index.html").read_text()
    text = text_of(site / "organizations" / issuer / "index.html")
    assert "Issues" in text and c.title in text
    assert "cc-tag--illustrative" in page, "sample credentials are marked in its lists"
    assert "Where this information comes from" in text


def test_browse_page_lists_every_credential(site: Path, build: pipeline.Build) -> None:
    page = (site / "credentials" / "index.html").read_text()
    listed = re.findall(r'<li class="cc-card" id="card-[^"]+" data-id="([^"]+)"|<li><a href="([^"/]+)/">', page)
    assert sorted(a or b for a, b in listed) == sorted(build.credentials)
    assert "browse.js" in page and "search.js" in page and "lunr.min.js" in page
    data = json.loads((site / "search" / "catalog-cards.json").read_text())
    ids, titles = data["columns"]["id"], data["columns"]["title"]
    assert sorted(ids) == sorted(build.credentials)
    assert titles == sorted(titles, key=str.lower), "the cards file is in title order (browse.js relies on it)"
    index = json.loads((site / "search" / "catalog-index.json").read_text())
    assert index["ids"] == ids
    # The <head> starts fetching both before its stylesheets (overrides/main.html).
    head = page.split("</head>")[0]
    fetches = head.index('["../search/catalog-cards.json", "../search/catalog-index.json"].forEach')
    assert fetches < head.index('rel="stylesheet"') and "window.ccPreloaded[url] = data" in head


def test_browse_page_draws_the_first_cards_and_puts_the_rest_in_noscript() -> None:
    """With more credentials than FIRST_CARDS, the rest of the list is in <noscript>, a link each, in title
    order, and the page's <head> asks for every card's data (front matter `preload`)."""
    cards = [make_card(f"c{i:03}", title=f"Credential {i:03}") for i in range(pages.FIRST_CARDS + 7)]
    files = {page.src_uri: page.content for page in pages.browse_pages(cards)}
    html = files["credentials/index.md"]
    drawn, rest = html.split("<noscript>")
    assert "preload:\n- search/catalog-cards.json\n- search/catalog-index.json\n" in html.split("---")[1]
    assert [row["id"] for row in card_rows(json.loads(files["search/catalog-cards.json"]))] == [c.id for c in cards]
    assert set(card_rows(json.loads(files["search/catalog-cards.json"]))[0]) == set(FIELDS)
    assert drawn.count('class="cc-card"') == pages.FIRST_CARDS and rest.count("<li>") == 7
    assert re.findall(r'data-id="(c\d+)"|<li><a href="(c\d+)/">', html) == [
        (c.id, "") if i < pages.FIRST_CARDS else ("", c.id) for i, c in enumerate(cards)]
    last = cards[-1].id
    assert f'<li><a href="{last}/">Credential {last[1:]}</a></li>' in rest, "a link each for the rest"
    assert "\n<li" not in html, "no white space between cards"


def test_quality_page(site: Path, build: pipeline.Build) -> None:
    page = (site / "quality" / "index.html").read_text()
    assert page.count("credcat-chart ") == 2 and "<title" in page
    rows = re.findall(r"<tr><td>QAS (\d+) [^<]+</td><td>(\d+) of \d+</td><td>(\d+)</td><td>(\d+)</td>", page)
    assert len(rows) == 13
    for number, met, not_met, unverified in rows:
        outcomes = [s.outcome for card in build.scorecards.values() for s in card.standards if s.id == int(number)]
        assert (int(met), int(not_met), int(unverified)) == (
            outcomes.count("met"), outcomes.count("not_met"), outcomes.count("not_published")), number
    overdue = [c for c in build.scorecards.values() if c.review_overdue]
    for card in overdue:
        assert card.title.replace("'", "&#39;") in page or card.title in page


def test_search_index_holds_only_the_finding_fields(site: Path, build: pipeline.Build) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text())
    cid = "feedback-for-revision"
    c = build.credentials[cid]
    entries = [d for d in index["docs"] if d["location"].startswith(f"credentials/{cid}/")]
    assert entries, "the credential page is indexed"
    indexed = " ".join(e["title"] + " " + e["text"] for e in entries)
    assert c.title in indexed
    assert c.competency.statement[:60] in indexed
    assert c.competency.skills.items[0][:40] in indexed
    assert c.summary[:60] in indexed
    assert c.research.references.items[0].citation[:30] not in indexed
    assert c.evidence.items[0].description.value[:40] not in indexed
    assert "Quality scorecard" not in indexed


HOSTILE = """# yaml-language-server: $schema=../../schema/credential.schema.json
id: hostile-text
title: "<script>alert('title')</script> Hostile"
summary: "<img src=x onerror=alert('summary')> A summary with markup in it."
description: |
  A description with [a bad link](javascript:alert('link')) and <script>alert('desc')</script> and
  <img src=x onerror="alert('img')"> and a [good link](https://example.org/ok).
competency:
  statement: "<b onmouseover=alert('s')>The educator</b> does a measurable thing in class."
evidence:
  - {id: a, title: "<svg onload=alert('ev')>", description: "Submit it, please, with care."}
evaluation:
  criteria:
    - {id: c, criterion: "<iframe src=javascript:alert('c')></iframe>", evidence: [a]}
access: {cost: {amount: 0}, estimated_hours: 2}
organizations: {issuer: ISSUER}
"""


def test_hostile_text_renders_as_text(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path)
    issuer = sorted(p.stem for p in (repo / "catalog" / "organizations").glob("*.yaml"))[0]
    (repo / "catalog" / "credentials" / "hostile-text.yaml").write_text(HOSTILE.replace("ISSUER", issuer))
    out = tmp_path / "site"
    done = mkdocs_build(repo, out)
    assert done.returncode == 0, done.stderr
    html_page = (out / "credentials" / "hostile-text" / "index.html").read_text()
    main = html_page.split('<article')[1].split("</article>")[0]
    assert "<script" not in main and "<img" not in main and "<iframe" not in main and "<svg onload" not in main
    assert "javascript:" not in main.replace("&lt;iframe src=javascript:", "")
    assert 'href="https://example.org/ok"' in main
    assert "&lt;script&gt;" in main, "the text is shown, escaped"
    others = [(out / "credentials" / "index.html").read_text(), (out / "search" / "search_index.json").read_text()]
    for page in (html_page, *others):
        assert "<script>alert" not in page and "<img src=x" not in page and "<iframe" not in page


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_a_bad_catalog_keeps_the_last_good_site(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path)
    out = tmp_path / "site"
    assert mkdocs_build(repo, out).returncode == 0
    before = tree_hash(out)
    broken = repo / "catalog" / "credentials" / "math-talk-moves.yaml"
    broken.write_text(broken.read_text().replace("status: active", "status: activ", 1))
    done = mkdocs_build(repo, out)
    assert done.returncode != 0
    assert re.search(r"catalog/credentials/math-talk-moves\.yaml:\d+:\d+: `status` is 'activ'", done.stderr)
    assert tree_hash(out) == before


def test_ctdl_documents_are_published_and_linked(site: Path, build: pipeline.Build) -> None:
    for cid, credential in build.credentials.items():
        page = (site / "credentials" / cid / "index.html").read_text(encoding="utf-8")
        document = site / "credentials" / cid / "ctdl.jsonld"
        if credential.status == "draft" or not credential.ctid:  # the real entries have no CTID yet
            assert not document.exists() and 'href="ctdl.jsonld"' not in page, cid
        else:
            assert json.loads(document.read_text(encoding="utf-8"))["ceterms:ctid"] == credential.ctid, cid
            assert '<a href="ctdl.jsonld">Credential Engine CTDL</a>' in page, cid
    graph = json.loads((site / "catalog.ctdl.jsonld").read_text(encoding="utf-8"))["@graph"]
    assert len(graph) == (sum(bool(o.ctid) for o in build.organizations.values())
                          + sum(c.status != "draft" and bool(c.ctid) for c in build.credentials.values()))
