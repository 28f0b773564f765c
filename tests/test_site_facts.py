"""What the site says about facts, from a real `mkdocs build --strict` of a small fixture catalog
(tests/site-fixture): a credential with every field `not published`, one with the placeholder sentences
issuers' pages really use, and one that inherits its process from its platform and cites its sources.

Nothing unknown is shown as known: no number for an unknown cost or time on the page, the card, the filter
counts or the cards' data; inherited facts name their organization; the issuer's page is the first link.
One page is compared with a committed golden file (regenerate it deliberately with
``CREDCAT_REGENERATE_GOLDEN=1``, then read the diff before committing it).
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fixture_catalog import fixture_repo

from site_plugins import pipeline
from site_plugins.browse_data import card_rows

ROOT = Path(__file__).parent.parent
GOLDEN = Path(__file__).parent / "golden" / "credential-inherited-process.html"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1793491200"}
UNKNOWN = ("nothing-published", "placeholder-sentences")
# A number of hours, or an amount of money, anywhere in a text.
NUMBER_OF_HOURS = re.compile(r"\d+(?:\.\d+)?\s*hours?\b|\b0\.\d+ ?h|PT\d", re.IGNORECASE)
MONEY = re.compile(r"\$\s?\d|\bUSD\b|\bFree\b")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fixture_repo(tmp_path_factory.mktemp("facts"))


@pytest.fixture(scope="module")
def site(repo: Path) -> Path:
    out = repo.parent / "site"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=repo,
                          capture_output=True, text=True, env=ENV, check=False)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def build(repo: Path) -> pipeline.Build:
    return pipeline.run(repo)


def article(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8").split("<article", 1)[1].split("</article>")[0]


def text(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def fact(page: str, label: str) -> str:
    """The text of the fact labelled ``label`` in the page's lists of facts."""
    match = re.search(rf"<dt>{re.escape(label)}</dt><dd>(.*?)</dd>", page)
    assert match, f"no fact {label!r}"
    return text(match.group(1)).strip()


def card_markup(site: Path, cid: str) -> str:
    page = (site / "credentials" / "index.html").read_text(encoding="utf-8")
    match = re.search(rf'<li class="cc-card" id="card-{cid}".*?</li>', page)
    assert match, cid
    return match.group(0)


def cards(site: Path) -> tuple[dict, dict[str, dict]]:
    data = json.loads((site / "search" / "catalog-cards.json").read_text(encoding="utf-8"))
    return data, {row["id"]: row for row in card_rows(data)}


def test_the_fixture_catalog_is_valid(build: pipeline.Build) -> None:
    assert build.problems == []
    assert set(build.credentials) == {"nothing-published", "placeholder-sentences", "inherited-process"}


@pytest.mark.parametrize("cid", UNKNOWN)
def test_an_unknown_cost_and_time_show_no_number_on_the_page(site: Path, cid: str) -> None:
    page = article(site, f"credentials/{cid}")
    assert fact(page, "Cost") == "Not published by the issuer" + (" (checked 2026-03-02)" if cid == UNKNOWN[0] else "")
    assert fact(page, "Estimated time").startswith("Not published by the issuer")
    words = text(page)
    assert not NUMBER_OF_HOURS.search(words), NUMBER_OF_HOURS.search(words)
    assert not MONEY.search(words), MONEY.search(words)


@pytest.mark.parametrize("cid", UNKNOWN)
def test_an_unknown_cost_and_time_show_no_number_on_the_card_in_the_data_or_in_the_filter_counts(
        site: Path, cid: str) -> None:
    meta = text(card_markup(site, cid))
    assert "Cost not published · Time not published" in meta
    assert not NUMBER_OF_HOURS.search(meta) and not MONEY.search(meta)
    data, rows = cards(site)
    row = rows[cid]
    assert (row["cost_kind"], row["cost"], row["hours"], row["hours_text"]) == (
        "not-published", "Cost not published", None, "Time not published")
    counted = facet_counts(data)
    assert counted["cost"] == {"not-published": 2, "paid": 1}, "never under Free"
    assert counted["hours"] == {"up-to-5": 0, "5-10": 1, "10-20": 0, "over-20": 0, "not-published": 2}


def facet_counts(data: dict) -> dict[str, dict[str, int]]:
    """How many cards each cost and hours filter value holds, by the filters' own definitions in the data."""
    rows = card_rows(data)
    found: dict[str, dict[str, int]] = {}
    for facet in data["facets"]:
        if facet["key"] == "cost":
            found["cost"] = {v: sum(r["cost_kind"] == v for r in rows) for v in data["columns"]["cost_kind"]["values"]}
        if facet["key"] == "hours":
            def holds(bucket: dict, n: float | None) -> bool:
                if bucket.get("unknown"):
                    return n is None
                return n is not None and n > bucket.get("above", -1e9) and n <= bucket.get("upto", 1e9)
            found["hours"] = {b["key"]: sum(holds(b, r["hours"]) for r in rows) for b in facet["buckets"]}
    return found


def test_not_published_says_when_its_sources_were_read_and_missing_is_told_apart(site: Path) -> None:
    silent = article(site, "credentials/nothing-published")
    assert fact(silent, "Assessor training") == "Not published by the issuer (checked 2026-03-02)"
    assert fact(silent, "Grade bands") == "Not published by the issuer (checked 2026-03-02)"
    inherited = article(site, "credentials/inherited-process")
    assert fact(inherited, "Completion window") == "Not recorded in this catalog entry"
    assert fact(inherited, "Developer training") == "Not recorded in this catalog entry"


def test_placeholder_sentences_are_shown_as_written_and_never_met(site: Path, build: pipeline.Build) -> None:
    page = article(site, "credentials/placeholder-sentences")
    assert fact(page, "Assessor training") == "Information is available upon request."
    assert fact(page, "Submitting") == "See the course website for submission details."


@pytest.mark.parametrize("cid", UNKNOWN)
def test_no_component_from_3_1_to_13_2_is_met_on_the_page(site: Path, cid: str) -> None:
    page = article(site, f"credentials/{cid}")
    marks = re.findall(r'<li><span class="cc-result ([a-z-]+)">[^<]+</span> <strong>(\d+)\.(\d+) ', page)
    assert len(marks) == 28
    late = [f"{a}.{b}" for outcome, a, b in marks if int(a) >= 3 and outcome == "cc-met"]
    assert late == []


def test_inherited_facts_name_their_organization(site: Path, build: pipeline.Build) -> None:
    page = article(site, "credentials/inherited-process")
    note = 'Set by <a href="../../organizations/open-platform/">Open Practice Platform</a> for all its credentials.'
    for label in ("Assessor training", "Feedback", "Feedback within", "Feedback includes"):
        match = re.search(rf"<dt>{label}</dt><dd>(.*?)</dd>", page)
        assert match and note in match.group(1), label
    for label in ("Submitting", "Resubmitting", "Cost"):  # the credential's own
        match = re.search(rf"<dt>{label}</dt><dd>(.*?)</dd>", page)
        assert match and "Set by" not in match.group(1), label
    assert fact(page, "Feedback within").startswith("14 days")


def test_the_issuers_page_is_the_first_link_of_the_page_and_of_the_card(site: Path) -> None:
    url = "https://open-practice.example.org/credentials/exit-tickets"
    page = article(site, "credentials/inherited-process")
    first = re.search(r'<a [^>]*href="([^"]+)"[^>]*>([^<]+)</a>', page.split("</h1>", 1)[1])
    assert first and first.groups() == (url, "Enrol at Quiet Valley School District")
    meta = card_markup(site, "inherited-process").split('class="cc-card__meta">', 1)[1]
    enrol = f'<a class="cc-card__enrol" href="{url}">Enrol at Quiet Valley School District</a>'
    assert meta.startswith(enrol)
    for cid in UNKNOWN:  # no page of its own at the issuer: no link, not an empty one
        assert "Enrol at" not in article(site, f"credentials/{cid}") and "Enrol at" not in card_markup(site, cid)
    _, rows = cards(site)
    assert rows["inherited-process"]["url"] == url and rows["nothing-published"]["url"] == ""


def test_sources_are_listed_the_entrys_own_first_then_its_organizations(site: Path) -> None:
    page = article(site, "credentials/inherited-process")
    part = text(page.split('id="sources"', 1)[1].split("</ul>", 1)[0])
    own = part.index("Exit tickets, on the Open Practice Platform , read on 2026-03-01")
    theirs = part.index("How our assessors work , read on 2026-01-15 (cited by Open Practice Platform")
    assert own < theirs
    assert "For: Cost, Estimated hours, Submission." in part
    organization = text(article(site, "organizations/open-platform"))
    assert "How our assessors work , read on 2026-01-15" in organization and "cited by" not in organization
    assert "No sources are recorded for this entry." in text(article(site, "stacks/assessment-basics"))


def test_the_illustrative_flag_shows_on_cards_and_lists(site: Path) -> None:
    assert "cc-tag--illustrative" in card_markup(site, "inherited-process")
    assert "cc-tag--illustrative" not in card_markup(site, "nothing-published")
    _, rows = cards(site)
    assert rows["inherited-process"]["illustrative"] is True and rows["nothing-published"]["illustrative"] == ""
    stack = article(site, "stacks/assessment-basics")
    assert stack.count("cc-tag--illustrative") == 1
    assert fact(stack, "Total estimated time") == "6 hours, plus 1 credential whose time is not published"


def test_one_credential_page_matches_its_golden_file(site: Path) -> None:
    """The whole rendered article of one credential page, as committed. A change here is a change to
    what educators read: regenerate deliberately (CREDCAT_REGENERATE_GOLDEN=1) and review the diff."""
    found = "<article" + article(site, "credentials/inherited-process") + "</article>\n"
    if os.environ.get("CREDCAT_REGENERATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(found, encoding="utf-8")
    assert GOLDEN.is_file(), "no golden file yet: run with CREDCAT_REGENERATE_GOLDEN=1"
    assert found == GOLDEN.read_text(encoding="utf-8")
