"""The browse page script and styles (site_plugins/assets/browse.js, catalog.css) on a static fixture.

fixtures/browse.html has the browse page's HTML contract with 12 cards. Expected lists and facet counts
are computed here in Python from the fixture's data attributes, independently of the script. The last
tests put the same markup in a real Material for MkDocs site, to check instant navigation and that
Material's own styles do not break the layout.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

ROOT = Path(__file__).parents[2]
FIXTURE = Path(__file__).parent / "fixtures" / "browse.html"
ASSETS = ROOT / "site_plugins" / "assets"
PHONE = {"width": 375, "height": 812}


# ---- The fixture's data, and what the page should show, computed without the script ----

class _Cards(HTMLParser):
    """Each card's data-* attributes (the test's record of its data) and the text of its summary, facts and
    badge, as the page would show them."""

    def __init__(self):
        super().__init__()
        self.cards: list[dict[str, str]] = []
        self.part: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "li" and "cc-card" in classes:
            self.cards.append({k[5:]: v or "" for k, v in attrs.items() if k.startswith("data-")} | {"summary": ""})
        elif self.cards and "cc-card__summary" in classes:
            self.part = "summary"
        elif self.cards and "cc-card__meta" in classes:
            self.part = "meta"
            self.cards[-1]["meta"] = ""
        elif self.cards and any(c.startswith("cc-badge--") for c in classes):
            self.cards[-1]["level"] = next(c for c in classes if c.startswith("cc-badge--"))[len("cc-badge--"):]
            self.cards[-1]["headline"] = ""
            self.part = "headline"

    def handle_endtag(self, tag):
        if tag == "p" or (tag == "span" and self.part == "headline"):
            self.part = None

    def handle_data(self, data):
        if self.part:
            self.cards[-1][self.part] += data


def _read_cards() -> list[dict[str, str]]:
    parser = _Cards()
    parser.feed(FIXTURE.read_text(encoding="utf-8"))
    return parser.cards


def cards_json(cards: list[dict[str, str]]) -> str:
    """The cards file browse.js reads (as the build writes search/catalog-cards.json), from the fixture's
    cards, with the filters' definitions the build ships (labels from the schema)."""
    from site_plugins.browse_data import browse_data, facets
    from site_plugins.cards import Card
    from site_plugins.labels import labels

    def number(text: str) -> float | None:
        return float(text) if text.strip() else None

    rows = []
    for card in cards:
        facts = [part.strip() for part in card["meta"].split("·")]
        rows.append(Card(
            id=card["id"], title=card["title"], summary=card["summary"].strip(), url=card.get("url", ""),
            area=card["area"], roles=tuple(card["roles"].split()), grades=tuple(card["grades"].split()),
            subjects=tuple(card["subjects"].split()), cost_kind=card["cost"], cost=facts[1],
            hours=number(card["hours"]), hours_text=facts[2], jurisdictions=tuple(card["jurisdictions"].split()),
            standards=int(card["standards"]), standards_total=13, headline=card["headline"].strip(),
            level=card["level"], issuer=card["issuer"], status=card["status"], status_text=card["status"].title(),
            illustrative=card.get("illustrative") == "true"))
    return json.dumps(browse_data(rows, facets(labels(ROOT), 13)))


CARDS = _read_cards()
IDS = [c["id"] for c in CARDS]
AREAS = {c["area"] for c in CARDS}


def _buckets(number: str, ranges) -> set[str]:
    if not number.strip():
        return {"not-published"} if ranges is HOURS else set()
    n = float(number)
    return {key for key, low, high in ranges if low < n <= high}


HOURS = [("up-to-5", -1, 5), ("5-10", 5, 10), ("10-20", 10, 20), ("over-20", 20, float("inf"))]
HOURS_KEYS = [key for key, *_ in HOURS] + ["not-published"]
STANDARDS = [("13", 12, 99), ("10-12", 9, 12), ("7-9", 6, 9), ("under-7", -1, 6)]


def facet_values(card: dict[str, str]) -> dict[str, set[str]]:
    return {
        "area": {card["area"]},
        "role": set(card["roles"].split()),
        "grade": set(card["grades"].split()),
        "subject": set(card["subjects"].split()),
        "cost": {card["cost"]},
        "hours": _buckets(card["hours"], HOURS),
        "jurisdiction": set(card["jurisdictions"].split()),
        "standards": _buckets(card["standards"], STANDARDS),
        "issuer": {card["issuer"]},
        "status": {card["status"]},
    }


FACETS = list(facet_values(CARDS[0]))


def _passes(card, selected, skip=None, query=None) -> bool:
    values = facet_values(card)
    if query is not None and card["id"] not in query:
        return False
    return all(not chosen or values[f] & chosen for f, chosen in selected.items() if f != skip)


def expected_ids(selected: dict[str, set[str]], query=None) -> set[str]:
    return {c["id"] for c in CARDS if _passes(c, selected, query=query)}


def expected_counts(selected: dict[str, set[str]], query=None) -> dict[tuple[str, str], int]:
    """(facet, value) -> cards having the value that pass the query and every other facet."""
    counts: dict[tuple[str, str], int] = {}
    for facet in FACETS:
        for card in CARDS:
            for value in facet_values(card)[facet]:
                counts.setdefault((facet, value), 0)
                if _passes(card, selected, skip=facet, query=query):
                    counts[(facet, value)] += 1
    for key in HOURS_KEYS:
        counts.setdefault(("hours", key), 0)
    for key in ("free", "paid", "not-published"):
        counts.setdefault(("cost", key), 0)
    return counts


# ---- Page helpers ----

@pytest.fixture
def site(tmp_path, serve) -> str:
    """URL of the fixture page, served with the two assets beside it."""
    shutil.copy(FIXTURE, tmp_path / "browse.html")
    (tmp_path / "browse-cards.json").write_text(cards_json(CARDS), encoding="utf-8")
    for name in ("browse.js", "catalog.css"):
        shutil.copy(ASSETS / name, tmp_path / name)
    return serve(tmp_path) + "browse.html"


def open_page(page, url):
    page.goto(url)
    page.wait_for_selector("[data-cc-controls]:not([hidden])")
    return page


def visible_ids(page) -> list[str]:
    return page.eval_on_selector_all(".cc-card", "els => els.filter(e => !e.hidden).map(e => e.dataset.id)")


def dom_order(page) -> list[str]:
    return page.eval_on_selector_all(".cc-card", "els => els.map(e => e.dataset.id)")


def checkbox(page, facet, value):
    return page.locator(f'input[type=checkbox][name="{facet}"][value="{value}"]')


def dom_facets(page) -> dict[tuple[str, str], dict]:
    page.wait_for_selector("[data-cc-controls]:not([hidden]):not([aria-busy])")  # the counts follow the cards
    rows = page.eval_on_selector_all("input[type=checkbox]", """els => els.map(e => ({
        facet: e.name, value: e.value, checked: e.checked, disabled: e.disabled,
        count: e.closest('label').querySelector('.cc-facet__count').textContent}))""")
    return {(r["facet"], r["value"]): r for r in rows}


def url_query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def count_text(page) -> str:
    return page.locator("[data-cc-count]").inner_text().strip()


def assert_counts(page, selected, query=None):
    shown = dom_facets(page)
    expected = expected_counts(selected, query)
    assert set(shown) == set(expected)
    for key, row in shown.items():
        assert row["count"] == f"({expected[key]})", key
        assert row["checked"] == (key[1] in selected.get(key[0], set())), key
        assert row["disabled"] == (expected[key] == 0 and not row["checked"]), key


# ---- Tests ----

def test_controls_are_accessible_groups_and_all_cards_show(page, site):
    open_page(page, site)
    legends = page.locator("[data-cc-controls] fieldset > legend").all_inner_texts()
    assert legends == ["Competency area", "Role", "Grade band", "Subject", "Cost", "Estimated hours",
                       "Recognised in", "MPOS standards met", "Issuer", "Status"]
    # Accessible names: the fieldset's legend names the group, the label names the checkbox.
    role = page.get_by_role("group", name="Role")
    assert role.get_by_role("checkbox", name="Instructional coach").count() == 1
    assert page.get_by_role("group", name="Grade band").get_by_role("checkbox", name="K–2").count() == 1
    assert page.get_by_role("combobox", name="Sort by").input_value() == "title"
    assert page.get_by_role("button", name="Clear filters").is_visible()
    assert sorted(visible_ids(page)) == sorted(IDS)
    assert count_text(page) == "Showing 12 of 12 credentials"
    assert page.locator("[data-cc-count]").get_attribute("aria-live") == "polite"
    assert_counts(page, {})


def test_facet_filter_narrows_list_updates_url_and_count(page, site):
    open_page(page, site)
    page.get_by_role("group", name="Role").get_by_role("checkbox", name="Instructional coach").check()
    selected = {"role": {"instructional-coach"}}
    assert set(visible_ids(page)) == expected_ids(selected) == {
        "math-talk-moves", "student-centered-coaching-cycle", "leading-data-team-meetings"}
    assert url_query(page) == {"role": ["instructional-coach"]}
    assert count_text(page) == "Showing 3 of 12 credentials"
    assert page.locator(".cc-card").count() == 3, "only the matching cards are drawn"


def test_or_within_a_facet_and_across_facets(page, site):
    open_page(page, site)
    checkbox(page, "role", "instructional-coach").check()
    checkbox(page, "role", "school-counselor").check()
    selected = {"role": {"instructional-coach", "school-counselor"}}
    assert set(visible_ids(page)) == expected_ids(selected)
    assert len(visible_ids(page)) == 5
    checkbox(page, "cost", "free").check()
    selected["cost"] = {"free"}
    assert set(visible_ids(page)) == expected_ids(selected) == {
        "math-talk-moves", "class-meeting-relationship-skills", "family-learning-conversations"}
    assert url_query(page) == {"role": ["instructional-coach", "school-counselor"], "cost": ["free"]}
    assert count_text(page) == "Showing 3 of 12 credentials"


def test_counts_follow_the_other_facets_and_zero_values_are_disabled(page, site):
    open_page(page, site)
    checkbox(page, "role", "instructional-coach").check()
    assert_counts(page, {"role": {"instructional-coach"}})
    assert dom_facets(page)[("cost", "free")]["count"] == "(1)"
    assert dom_facets(page)[("cost", "paid")]["count"] == "(2)"
    # Role counts ignore the role selection itself: they say what choosing another role would add.
    assert dom_facets(page)[("role", "teacher")]["count"] == f"({sum('teacher' in c['roles'].split() for c in CARDS)})"

    checkbox(page, "role", "instructional-coach").uncheck()
    checkbox(page, "status", "retired").check()
    assert_counts(page, {"status": {"retired"}})
    assert checkbox(page, "cost", "free").is_disabled()
    assert checkbox(page, "cost", "free").is_visible(), "zero-count values stay listed"

    # A checked value with a count of 0 stays enabled, so it can be unchecked. Clicks cannot get there
    # (a disabled value cannot be checked), a shared URL can.
    open_page(page, site + "?cost=free&issuer=Harbor+County+Public+Schools")
    selected = {"cost": {"free"}, "issuer": {"Harbor County Public Schools"}}
    assert_counts(page, selected)
    assert dom_facets(page)[("cost", "free")] | {"count": None} == {
        "facet": "cost", "value": "free", "checked": True, "disabled": False, "count": None}
    assert visible_ids(page) == []
    assert count_text(page) == "Showing 0 of 12 credentials"


def test_reload_and_shared_url_restore_filters_sort_and_cards(page, site, new_context):
    open_page(page, site)
    checkbox(page, "grade", "6-8").check()
    checkbox(page, "standards", "10-12").check()
    checkbox(page, "standards", "13").check()
    page.get_by_role("combobox", name="Sort by").select_option("hours")
    url, order, shown = page.url, dom_order(page), visible_ids(page)
    assert url_query(page) == {"grade": ["6-8"], "standards": ["13", "10-12"], "sort": ["hours"]}
    assert set(shown) == expected_ids({"grade": {"6-8"}, "standards": {"13", "10-12"}})

    page.reload()
    page.wait_for_selector("[data-cc-controls]:not([hidden])")
    assert page.url == url
    assert (dom_order(page), visible_ids(page)) == (order, shown)
    assert checkbox(page, "grade", "6-8").is_checked()
    assert page.get_by_role("combobox", name="Sort by").input_value() == "hours"

    other = open_page(new_context().new_page(), url)  # a shared link, in a fresh browser context
    assert (dom_order(other), visible_ids(other)) == (order, shown)
    assert count_text(other) == f"Showing {len(shown)} of 12 credentials"


def test_values_in_the_folded_part_of_a_long_facet_restore_expanded(page, site):
    open_page(page, site)
    area = page.get_by_role("group", name="Competency area")
    more = area.get_by_role("button", name=f"Show all {len(AREAS)}")
    assert more.get_attribute("aria-expanded") == "false"
    assert area.get_by_role("checkbox").count() == 6  # the folded ones are not in the accessibility tree
    more.click()
    assert area.get_by_role("checkbox").count() == len(AREAS)
    area.get_by_role("checkbox", name="Special education and inclusion").check()
    assert visible_ids(page) == ["co-teaching-models"]
    page.reload()
    page.wait_for_selector("[data-cc-controls]:not([hidden])")
    assert checkbox(page, "area", "Special education and inclusion").is_visible()
    assert area.get_by_role("button", name="Show fewer").get_attribute("aria-expanded") == "true"


def test_sort_by_standards_reorders_the_dom(page, site):
    open_page(page, site)
    by_title = sorted(CARDS, key=lambda c: c["title"].lower())
    assert dom_order(page) == [c["id"] for c in by_title]

    page.get_by_role("combobox", name="Sort by").select_option("standards")
    assert dom_order(page) == [c["id"] for c in sorted(by_title, key=lambda c: -int(c["standards"]))]
    assert url_query(page) == {"sort": ["standards"]}
    shown = page.eval_on_selector_all(".cc-card .cc-badge", "els => els.map(e => e.textContent)")
    numbers = [int(re.search(r"Meets (\d+)", s).group(1)) for s in shown]
    assert numbers == sorted(numbers, reverse=True)

    page.get_by_role("combobox", name="Sort by").select_option("hours")
    known = sorted((c for c in by_title if c["hours"]), key=lambda c: float(c["hours"]))
    assert dom_order(page) == [c["id"] for c in known] + [c["id"] for c in by_title if not c["hours"]]

    page.get_by_role("combobox", name="Sort by").select_option("title")
    assert dom_order(page) == [c["id"] for c in by_title]
    assert url_query(page) == {}, "the default sort is not written to the URL"


def test_clear_filters_resets_filters_but_keeps_the_sort(page, site):
    open_page(page, site + "?cost=paid&status=active&sort=standards")
    assert set(visible_ids(page)) == expected_ids({"cost": {"paid"}, "status": {"active"}})
    page.get_by_role("button", name="Clear filters").click()
    assert sorted(visible_ids(page)) == sorted(IDS)
    assert page.locator("input[type=checkbox]:checked").count() == 0
    assert url_query(page) == {"sort": ["standards"]}
    assert count_text(page) == "Showing 12 of 12 credentials"
    assert_counts(page, {})


def test_set_query_filter_combines_with_facets_and_counts(page, site):
    open_page(page, site)
    checkbox(page, "cost", "free").check()
    query = {"math-talk-moves", "co-teaching-models", "planning-exit-tickets", "leading-data-team-meetings"}
    shown = page.evaluate("ids => window.ccBrowse.setQueryFilter(ids)", sorted(query))
    selected = {"cost": {"free"}}
    assert set(visible_ids(page)) == expected_ids(selected, query) == {"math-talk-moves", "planning-exit-tickets"}
    assert shown == 2
    assert count_text(page) == "Showing 2 of 12 credentials"
    assert_counts(page, selected, query)
    assert dom_facets(page)[("cost", "paid")]["count"] == "(1)"
    assert dom_facets(page)[("cost", "not-published")]["count"] == "(1)", "an unknown cost is never counted paid"

    checkbox(page, "cost", "free").uncheck()  # facet changes keep the query restriction
    assert set(visible_ids(page)) == query
    assert url_query(page) == {}, "the query filter is the search box's to store, not ours"

    page.evaluate("() => window.ccBrowse.setQueryFilter(new Set(['feedback-for-revision']))")
    assert visible_ids(page) == ["feedback-for-revision"]
    page.evaluate("() => window.ccBrowse.setQueryFilter(null)")
    assert sorted(visible_ids(page)) == sorted(IDS)
    assert_counts(page, {})


def test_not_published_is_a_value_of_the_cost_and_hours_filters_never_free_or_a_range(page, site):
    open_page(page, site)
    cost = page.get_by_role("group", name="Cost")
    assert cost.get_by_role("checkbox").evaluate_all("els => els.map(e => e.closest('label').textContent)") == [
        "Free(7)", "Paid(4)", "Not published(1)"]
    hours = page.get_by_role("group", name="Estimated hours")
    assert hours.get_by_role("checkbox", name="Not published").count() == 1
    hours.get_by_role("checkbox", name="Not published").check()
    assert visible_ids(page) == ["retrieval-practice-digital-quizzing"]
    assert url_query(page) == {"hours": ["not-published"]}
    assert_counts(page, {"hours": {"not-published"}})
    checkbox(page, "hours", "not-published").uncheck()
    cost.get_by_role("checkbox", name="Not published").check()
    assert visible_ids(page) == ["co-teaching-models"]


def test_cards_the_script_draws_say_what_the_build_says(page, site):
    open_page(page, site + "?sort=standards")  # a new order: every card is drawn by the script
    card = page.locator("#card-feedback-for-revision .cc-card__meta")
    links = card.locator("a")
    assert links.count() == 1 and links.first.inner_text() == "Enrol at Ridgeline State University"
    assert links.first.get_attribute("href") == "https://coe.ridgeline.example.edu/enrol/feedback-for-revision"
    assert card.locator(".cc-tag--illustrative").inner_text() == "Illustrative"
    assert page.locator("#card-co-teaching-models .cc-card__meta").inner_text() == (
        "Lantern Badges, Inc. · Cost not published · 25 hours · "
        "Meets 9 of 13 MPOS standards · 2 not verifiable from published information")
    assert "· Retired ·" in page.locator("#card-leading-data-team-meetings .cc-card__meta").inner_text()
    assert page.locator(".cc-tag--illustrative").count() == 1


def test_the_standards_ranges_come_from_the_data_not_the_script(page, tmp_path, serve):
    """A rubric of 9 standards: the filter offers All 9, 6–8, 3–5, Under 3 (browse.js knows no 13)."""
    from site_plugins.browse_data import standards_buckets

    data = json.loads(cards_json(CARDS))
    facet = next(f for f in data["facets"] if f["key"] == "standards")
    facet["buckets"] = standards_buckets(9)
    data["columns"]["standards"] = [min(n, 9) for n in data["columns"]["standards"]]
    shutil.copy(FIXTURE, tmp_path / "browse.html")
    (tmp_path / "browse-cards.json").write_text(json.dumps(data), encoding="utf-8")
    for name in ("browse.js", "catalog.css"):
        shutil.copy(ASSETS / name, tmp_path / name)
    open_page(page, serve(tmp_path) + "browse.html")
    group = page.get_by_role("group", name="MPOS standards met")
    names = group.get_by_role("checkbox").evaluate_all("els => els.map(e => e.closest('label').textContent)")
    assert [re.sub(r"\(\d+\)$", "", n) for n in names] == ["All 9", "6–8", "3–5", "Under 3"]
    group.get_by_role("checkbox", name="All 9").check()
    assert set(visible_ids(page)) == {c["id"] for c in CARDS if int(c["standards"]) >= 9}


def test_unknown_parameters_and_values_are_ignored_and_kept(page, site):
    open_page(page, site + "?q=coaching&role=teacher&role=astronaut&hours=eternity&sort=random#top")
    assert set(visible_ids(page)) == expected_ids({"role": {"teacher"}})
    assert page.get_by_role("combobox", name="Sort by").input_value() == "title"
    checkbox(page, "cost", "paid").check()
    assert url_query(page) == {"q": ["coaching"], "role": ["teacher"], "cost": ["paid"]}
    assert urlsplit(page.url).fragment == "top"


def test_keyboard_only_use_with_visible_focus(page, site):
    open_page(page, site)
    for _ in range(30):  # Tab from the top of the page to the first checkbox
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "checkbox":
            break
    focused = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
        return {name: e.name, value: e.value, outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }""")
    assert focused["outline"] != "none" and focused["width"] >= 2
    page.keyboard.press("Space")
    assert set(visible_ids(page)) == expected_ids({focused["name"]: {focused["value"]}})
    assert url_query(page) == {focused["name"]: [focused["value"]]}


def test_badge_text_contrast_is_at_least_aa(page, site):
    open_page(page, site)

    def ratio(rgb_a, rgb_b):
        def luminance(rgb):
            channels = [int(x) / 255 for x in re.findall(r"[\d.]+", rgb)[:3]]
            lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
            return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
        high, low = sorted((luminance(rgb_a), luminance(rgb_b)), reverse=True)
        return (high + 0.05) / (low + 0.05)

    for scheme in ("default", "slate"):
        page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
        for level in ("high", "mid", "low"):
            colours = page.eval_on_selector(f".cc-badge--{level}", """e => {
                const s = getComputedStyle(e); return [s.color, s.backgroundColor]; }""")
            assert ratio(*colours) >= 4.5, (scheme, level, colours)


def test_wide_screen_puts_filters_in_a_sidebar(page, site):
    open_page(page, site)
    controls = page.locator("[data-cc-controls]").bounding_box()
    cards = page.locator("[data-cc-cards]").bounding_box()
    count = page.locator("[data-cc-count]").bounding_box()
    assert controls["x"] + controls["width"] <= cards["x"]
    assert count["height"] < 40, "the tall sidebar must not stretch the count row"
    assert not page.get_by_role("button", name="Filters", exact=True).is_visible()
    assert checkbox(page, "cost", "free").is_visible()


def test_phone_has_no_horizontal_scroll_and_folds_the_filters(new_context, site):
    page = new_context(viewport=PHONE).new_page()
    open_page(page, site)
    width = "document.documentElement.scrollWidth"
    assert page.evaluate(width) <= PHONE["width"]
    toggle = page.get_by_role("button", name="Filters", exact=True)
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not checkbox(page, "cost", "free").is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    page.get_by_role("group", name="Competency area").get_by_role("button", name=f"Show all {len(AREAS)}").click()
    checkbox(page, "issuer", "Association of Practicing Classroom Teachers").check()
    page.get_by_role("combobox", name="Sort by").select_option("standards")
    assert page.evaluate(width) <= PHONE["width"]
    # Controls stack above the list on a phone.
    assert page.locator("[data-cc-controls]").bounding_box()["y"] < page.locator("[data-cc-cards]").bounding_box()["y"]
    # With a filter in the URL, the panel starts open so the active filter is in sight.
    page.reload()
    page.wait_for_selector("[data-cc-controls]:not([hidden])")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert checkbox(page, "issuer", "Association of Practicing Classroom Teachers").is_visible()


def test_without_javascript_every_card_is_visible(new_context, site):
    for viewport in (PHONE, None):
        context = new_context(java_script_enabled=False, **({"viewport": viewport} if viewport else {}))
        page = context.new_page()
        page.goto(site + "?cost=paid")
        assert page.locator(".cc-card:visible").count() == len(CARDS) == 12
        assert not page.locator("[data-cc-controls]").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


# ---- The same markup in a real Material for MkDocs site ----

MATERIAL_CONFIG = """\
site_name: Browse test
site_url: {base}
theme:
  name: material
  font: false
  features: [navigation.instant]
  palette: {{scheme: default, primary: indigo, accent: indigo}}
plugins: []
extra_css: [assets/catalog.css]
extra_javascript: [assets/browse.js]
nav: [{{Home: index.md}}, {{Browse: browse.md}}]
"""


@pytest.fixture
def material_site(tmp_path, serve) -> str:
    """Base URL of a small Material site (instant navigation on) whose Browse page holds the fixture's markup."""
    pytest.importorskip("material", reason="mkdocs-material is not installed")
    docs, out = tmp_path / "docs", tmp_path / "site"
    (docs / "assets").mkdir(parents=True)
    out.mkdir()
    # Material's instant navigation only follows links listed in sitemap.xml, which is written with
    # site_url, port included: so start the server first and build with its address.
    base = serve(out)
    for name in ("browse.js", "catalog.css"):
        shutil.copy(ASSETS / name, docs / "assets" / name)
    html = FIXTURE.read_text(encoding="utf-8")
    block = re.search(r"<div class=\"cc-browse\".*?data-cc-more hidden></p>\n</div>", html, re.S)
    block = block.group(0).replace('data-cc-cards-url="browse-cards.json"', 'data-cc-cards-url="../browse-cards.json"')
    (docs / "browse.md").write_text("# Browse credentials\n\n" + block + "\n", encoding="utf-8")
    (docs / "browse-cards.json").write_text(cards_json(CARDS), encoding="utf-8")
    (docs / "index.md").write_text("# Home\n\n[Free credentials](browse.md?cost=free)\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(MATERIAL_CONFIG.format(base=base), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(tmp_path / "mkdocs.yml"), "-d", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    return base


def test_in_material_instant_navigation_starts_the_script_on_each_visit(page, material_site):
    page.goto(material_site)
    page.evaluate("() => { window.stillTheSamePage = true; }")
    page.get_by_role("link", name="Free credentials").click()  # an instant (in-page) navigation
    page.wait_for_selector("[data-cc-controls]:not([hidden])")
    assert page.evaluate("window.stillTheSamePage") is True, "navigation should not have reloaded the page"
    assert set(visible_ids(page)) == expected_ids({"cost": {"free"}})
    checkbox(page, "role", "teacher").check()
    assert url_query(page) == {"cost": ["free"], "role": ["teacher"]}

    page.get_by_role("link", name="Home", exact=True).first.click()
    page.wait_for_selector("text=Free credentials")
    assert page.evaluate("window.ccBrowse.setQueryFilter(['math-talk-moves'])") == 0  # no list on this page
    page.get_by_role("link", name="Browse", exact=True).first.click()
    page.wait_for_selector("[data-cc-controls]:not([hidden])")
    assert page.evaluate("window.stillTheSamePage") is True
    assert page.locator("[data-cc-controls] fieldset").count() == 10, "controls built once"
    assert page.evaluate("window.ccBrowse.setQueryFilter(['math-talk-moves'])") == 1
    assert visible_ids(page) == ["math-talk-moves"]


def test_in_material_styles_hold_and_a_phone_does_not_scroll_sideways(new_context, material_site):
    for viewport in (PHONE, {"width": 1440, "height": 900}):
        page = new_context(viewport=viewport).new_page()
        page.goto(material_site + "browse/?area=Formative+assessment")
        page.wait_for_selector("[data-cc-controls]:not([hidden])")
        styles = page.eval_on_selector(".cc-cards", """e => ({list: getComputedStyle(e).listStyleType,
            display: getComputedStyle(e).display, indent: getComputedStyle(e.firstElementChild).marginLeft})""")
        assert styles == {"list": "none", "display": "grid", "indent": "0px"}
        assert page.locator(".cc-card:visible").count() == 3
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        # Material removes outlines from inputs; ours must come back for keyboard focus.
        page.get_by_role("button", name="Clear filters").focus()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.type") == "checkbox"
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
