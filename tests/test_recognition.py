"""Recognition by jurisdiction and approved lists, from real `mkdocs build --strict` runs of a fixture catalog
(tests/recognition-fixture): three variants of one credential (reviewed this year and costing $40; its
review lapsed on 2026-06-01; its cost not published), a fictional state agency, a rules-only list and a
district list that names credentials.

The site is built on two dates, before and after the lapse, so a credential is seen leaving both lists: its
pages say "Left on 2026-06-01: review lapsed" and each list's Atom feed gains an entry, read with
feedparser. The data files are read with csv, json and jsonschema (catalog.json against its schema).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import shutil
from pathlib import Path

import feedparser
import jsonschema
import pytest
from fixture_catalog import fixture_repo as copy_fixture
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from repo_copy import built

ROOT = Path(__file__).parent.parent
FIXTURE = Path(__file__).parent / "recognition-fixture"
BEFORE = "2026-05-01"  # the lapsed credential's review is still current
AFTER = "2026-11-01"  # ... and here it has lapsed (on 2026-06-01)
RENEWAL = "Fixture renewal list (Fixture State Department of Education, US-WY) Illustrative :"
DISTRICT = "Fixture district salary credit (River Bend Education Service Cooperative, US-AR) Illustrative :"


def epoch(day: str) -> str:
    return str(int(dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC).timestamp()))


def fixture_repo(tmp: Path) -> Path:
    return copy_fixture(tmp, FIXTURE)


def build_site(repo: Path, day: str, out: Path) -> Path:
    return built(repo, out, epoch=epoch(day))


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fixture_repo(tmp_path_factory.mktemp("recognition"))


@pytest.fixture(scope="module")
def site(repo: Path) -> Path:
    return build_site(repo, AFTER, repo.parent / "site-after")


@pytest.fixture(scope="module")
def site_before(repo: Path) -> Path:
    return build_site(repo, BEFORE, repo.parent / "site-before")


def article(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8").split("<article", 1)[1].split("</article>")[0]


def text(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def table_rows(markup: str) -> list[list[str]]:
    body = markup.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [[text(cell) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


# ---- /recognition/ and /recognition/<jurisdiction>/ ---------------------------------------------------------


def test_index_counts_every_jurisdiction_and_recognizer(site: Path) -> None:
    page = article(site, "recognition")
    jurisdictions = page.split('id="jurisdictions"', 1)[1].split('id="recognizers"', 1)[0]
    # US-AR: the three credentials' own grants from River Bend (the district list adds no new credential);
    # US-WY: only the current one (its own grant and the renewal list; the others fail the list's rules).
    assert table_rows(jurisdictions) == [
        ["Arkansas", "US-AR", "3", "River Bend Education Service Cooperative"],
        ["Wyoming", "US-WY", "1", "Fixture State Department of Education"],
    ]
    recognizers = page.split('id="recognizers"', 1)[1].split('id="approved-lists"', 1)[0]
    assert table_rows(recognizers) == [
        ["Fixture State Department of Education", "US-WY", "1"],
        ["River Bend Education Service Cooperative", "US-AR", "3"],
    ]
    assert 'href="us-wy/"' in jurisdictions
    lists = text(page.split('id="approved-lists"', 1)[1])
    assert f"{RENEWAL} 1 credential on it, 1 left" in lists


def test_jurisdiction_page_lists_recognizer_credit_amount_conditions_source_and_date(site: Path) -> None:
    page = article(site, "recognition/us-wy")
    assert "<h1" in page and "Credentials recognized in Wyoming (US-WY)" in text(page.split("</h1>")[0])
    rows = table_rows(page)
    assert rows == [
        ["Talk Moves, reviewed this year Illustrative", "Fixture State Department of Education", "Relicensure credit",
         "18 hours", "Only for a standard license.", "Recognizer's page", "2026-09-15"],
        ["Talk Moves, reviewed this year Illustrative", "Fixture State Department of Education",
         "Relicensure credit ( Fixture renewal list )", "15 hours", "", "Recognizer's page", "2026-09-15"],
    ]
    assert 'href="https://education.fixture-state.example.gov/renewal-list"' in page
    assert 'href="../../approved-lists/fixture-renewal/"' in page


def test_jurisdiction_page_filters_without_losing_the_no_script_table(site: Path) -> None:
    page = article(site, "recognition/us-ar")
    # Without scripts the form stays hidden and every row is in the table; the script filters by these keys.
    assert re.search(r'<form class="cc-filter" data-cc-filter="cc-grants" hidden>', page)
    assert '<option value="river-bend-service-cooperative">River Bend Education Service Cooperative</option>' in page
    assert '<option value="compensation">Compensation</option>' in page and '<option value="pd-hours">' in page
    rows = re.findall(r'<tr data-recognizer="([^"]*)" data-type="([^"]*)">', page)
    assert len(rows) == len(table_rows(page)) == 4  # three own grants, and the district list's one member
    assert (site / "assets" / "catalog" / "recognition.js").is_file()
    assert 'src="../../assets/catalog/recognition.js"' in page


def test_an_amount_not_stated_is_never_a_number(repo: Path, tmp_path: Path) -> None:
    lists = repo.parent / "no-amount"
    shutil.copytree(repo, lists)
    path = lists / "catalog" / "approved-lists" / "fixture-renewal.yaml"
    path.write_text(path.read_text().replace("  amount: 15\n  unit: hours\n", ""), encoding="utf-8")
    out = build_site(lists, AFTER, tmp_path / "site")
    rows = table_rows(article(out, "recognition/us-wy"))
    assert rows[1][3] == "Not stated"
    grants = list(csv.DictReader(io.StringIO((out / "recognition.csv").read_text(encoding="utf-8"))))
    from_list = [g for g in grants if g["approved_list"] == "fixture-renewal"]
    assert [(g["amount"], g["unit"]) for g in from_list] == [("", "")]
    listed = json.loads((out / "approved-lists" / "fixture-renewal" / "list.json").read_text())
    assert listed["credentials"][0]["credit"] == {"type": "relicensure-credit"}


# ---- credential pages ----------------------------------------------------------------------------------------


def test_credential_page_counts_for_table_and_lists(site: Path) -> None:
    page = article(site, "credentials/current-talk-moves")
    section = page.split('id="counts-for"', 1)[1].split('id="key-method"', 1)[0]
    assert table_rows(section)[0] == ["US-AR", "River Bend Education Service Cooperative", "PD hours", "18 hours",
                                      "", "Not recorded", "Not recorded"]
    assert ["US-WY", "Fixture State Department of Education", "Relicensure credit", "18 hours",
            "Only for a standard license.", "Recognizer's page", "2026-09-15"] in table_rows(section)
    said = text(section)
    assert f"{RENEWAL} on the list since 2026-04-14" in said
    assert f"{DISTRICT} on the list since 2025-02-01" in said


def test_a_credential_whose_review_lapsed_is_shown_leaving(site: Path, site_before: Path) -> None:
    before = text(article(site_before, "credentials/lapsed-talk-moves").split('id="counts-for"', 1)[1])
    assert f"{RENEWAL} on the list since 2025-06-01" in before
    after = article(site, "credentials/lapsed-talk-moves").split('id="counts-for"', 1)[1].split('id="key-method"')[0]
    said = text(after)
    assert f"{RENEWAL} left on 2026-06-01: review lapsed" in said
    assert f"{DISTRICT} left on 2026-06-01: review lapsed" in said
    assert "Fixture renewal list )" not in said  # it no longer counts through the list


# ---- approved-list pages, CSV, JSON and feeds ----------------------------------------------------------------


def test_list_page_shows_rules_members_and_leavers(site: Path) -> None:
    page = article(site, "approved-lists/fixture-renewal")
    said = text(page)
    assert "Illustrative list" in said and "Kept by Fixture State Department of Education · counts in US-WY" in said
    rules = page.split('class="cc-rules"', 1)[1].split("</ul>")[0]
    assert [text(li) for li in re.findall(r"<li>(.*?)</li>", rules)] == [
        "MPOS standards met: at least 10", "Reviewed within its review cycle", "Cost amount: at most 100"]
    members = page.split('id="on-the-list"', 1)[1].split('id="left"', 1)[0]
    assert table_rows(members) == [["Talk Moves, reviewed this year Illustrative", "Relicensure credit", "15 hours", "",
                                    "2026-04-14"]]
    left = text(page.split('id="left"', 1)[1])
    assert ("Talk Moves, review lapsed Illustrative : Left on 2026-06-01: review lapsed "
            "(on the list since 2025-06-01).") in left
    # An unknown cost never satisfies "cost at most": that credential is neither on the list nor said to leave it.
    assert "cost not published" not in said


def test_recognizer_page_names_its_lists(site: Path) -> None:
    page = article(site, "organizations/fixture-state-agency")
    section = page.split('id="approved-lists"', 1)[1]
    assert '<a href="../../approved-lists/fixture-renewal/">Fixture renewal list</a> (US-WY)' in section
    assert "fixture-district" not in section


def _validator(site: Path, name: str) -> jsonschema.protocols.Validator:
    """A validator of the published schema ``name``, resolving its references among the published schemas."""
    documents = {p.name: json.loads(p.read_text()) for p in (site / "schema").glob("*.schema.json")}
    registry = Registry().with_resources(
        (n, Resource.from_contents(d, default_specification=DRAFT202012)) for n, d in documents.items())
    jsonschema.Draft202012Validator.check_schema(documents[name])
    return jsonschema.Draft202012Validator(documents[name], registry=registry,
                                           format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_list_data_files(site: Path) -> None:
    folder = site / "approved-lists" / "fixture-district"
    data = json.loads((folder / "list.json").read_text(encoding="utf-8"))
    validator = _validator(site, "approved-list-data.schema.json")
    for lid in ("fixture-district", "fixture-renewal"):
        listed = json.loads((site / "approved-lists" / lid / "list.json").read_text(encoding="utf-8"))
        assert [e.message for e in validator.iter_errors(listed)] == []
    broken = {**data, "left": [{**data["left"][0], "on_list": True}]}
    assert list(validator.iter_errors(broken))  # the schema can fail: a leaver must not be on the list
    assert data["list"]["illustrative"] is True and data["list"]["names_credentials"] is True
    assert data["list"]["rules"] == [{"fact": "review_current", "is": True, "text": "Reviewed within its review cycle"}]
    assert [(c["id"], c["since"], c["credit"]) for c in data["credentials"]] == [
        ("current-talk-moves", "2025-02-01",
         {"type": "compensation", "amount": 2, "unit": "salary credits", "note": "Approved by the principal first."})]
    assert [(c["id"], c["left_on"], c["reason"]) for c in data["left"]] == [
        ("lapsed-talk-moves", "2026-06-01", "review lapsed")]
    rows = list(csv.DictReader(io.StringIO((folder / "list.csv").read_text(encoding="utf-8"), newline="")))
    assert [(r["credential"], r["on_list"], r["left_on"], r["amount"]) for r in rows] == [
        ("current-talk-moves", "true", "", "2"), ("lapsed-talk-moves", "false", "2026-06-01", "1")]


def test_feed_changes_when_a_credential_leaves(site: Path, site_before: Path) -> None:
    def read(folder: Path) -> feedparser.FeedParserDict:
        parsed = feedparser.parse((folder / "approved-lists" / "fixture-renewal" / "feed.xml").read_bytes())
        assert not parsed.bozo, parsed.get("bozo_exception")
        return parsed

    before, after = read(site_before), read(site)
    assert [e.title for e in before.entries] == ["Entered: Talk Moves, reviewed this year",
                                                 "Entered: Talk Moves, review lapsed"]
    # Newest first: the departure (2026-06-01) comes before the current one's entry (its review, 2026-04-14).
    assert [e.title for e in after.entries] == ["Left: Talk Moves, review lapsed",
                                                "Entered: Talk Moves, reviewed this year",
                                                "Entered: Talk Moves, review lapsed"]
    left = after.entries[0]
    assert left.id.endswith("approved-lists/fixture-renewal/#left-lapsed-talk-moves-2026-06-01")
    assert left.updated.startswith("2026-06-01") and "review lapsed" in left.summary
    assert after.feed.updated.startswith("2026-06-01")
    assert "Illustrative list" in after.feed.subtitle


def test_catalog_json_and_csv_carry_the_recognition(site: Path) -> None:
    doc = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    assert [e.message for e in _validator(site, "catalog.schema.json").iter_errors(doc)] == []
    entries = {c["id"]: c for c in doc["credentials"]}
    # catalog.json holds summaries (catalog_version 3); the facts are in each credential's full record
    record = json.loads((site / "credentials" / "current-talk-moves" / "record.json").read_text(encoding="utf-8"))
    grant = next(g for g in record["data"]["recognition"]["currency"] if g["jurisdiction"] == "US-WY")
    assert grant == {"recognizer": "fixture-state-agency", "jurisdiction": "US-WY", "type": "relicensure-credit",
                     "amount": 18, "unit": "hours", "note": "Only for a standard license.",
                     "source": "https://education.fixture-state.example.gov/renewal-list", "verified": "2026-09-15"}
    assert [(p["id"], p["on_list"], p.get("left_on")) for p in entries["lapsed-talk-moves"]["approved_lists"]] == [
        ("fixture-district", False, "2026-06-01"), ("fixture-renewal", False, "2026-06-01")]
    assert "approved_lists" not in entries["unknown-cost-talk-moves"]
    assert [item["id"] for item in doc["approved_lists"]] == ["fixture-district", "fixture-renewal"]
    rows = list(csv.DictReader(io.StringIO((site / "recognition.csv").read_text(encoding="utf-8"), newline="")))
    wy = [(r["credential"], r["recognizer"], r["amount"], r["unit"], r["last_verified"], r["approved_list"])
          for r in rows if r["jurisdiction"] == "US-WY"]
    assert wy == [("current-talk-moves", "fixture-state-agency", "18", "hours", "2026-09-15", ""),
                  ("current-talk-moves", "fixture-state-agency", "15", "hours", "2026-09-15", "fixture-renewal")]


def _check_table(text_: str, table: dict) -> int:
    """Every cell against its Table Schema field (type, required, enum, pattern); returns the rows read."""
    reader = csv.DictReader(io.StringIO(text_, newline=""))
    assert reader.fieldnames == [f["name"] for f in table["fields"]]
    count = 0
    for row in reader:
        count += 1
        for field in table["fields"]:
            value, rules = row[field["name"]], field.get("constraints", {})
            if value in table["missingValues"]:
                assert not rules.get("required"), (field["name"], row)
                continue
            if field["type"] == "number":
                float(value)
            elif field["type"] == "date":
                dt.date.fromisoformat(value)
            elif field["type"] == "boolean":
                assert value in ("true", "false")
            if "enum" in rules:
                assert value in rules["enum"], (field["name"], value)
            if "pattern" in rules:
                assert re.fullmatch(rules["pattern"], value), (field["name"], value)
    return count


def test_csv_files_follow_their_table_schemas(site: Path) -> None:
    schema = site / "schema"
    grants = json.loads((schema / "recognition-csv.tableschema.json").read_text(encoding="utf-8"))
    # four grants in the credentials' own files, and one from each list (its one current member)
    assert _check_table((site / "recognition.csv").read_text(encoding="utf-8"), grants) == 6
    listed = json.loads((schema / "approved-list-csv.tableschema.json").read_text(encoding="utf-8"))
    for lid in ("fixture-district", "fixture-renewal"):
        assert _check_table((site / "approved-lists" / lid / "list.csv").read_text(encoding="utf-8"), listed) == 2
    assert all(f.get("description") for f in grants["fields"] + listed["fields"])
