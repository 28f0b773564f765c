"""The real site in a real browser: this repository's catalog built with ``mkdocs build --strict`` and served
over HTTP (fixtures in conftest.py), then used the way educators use it: Material's header search, the
browse page's facets, each page type on a phone, and pages built from hostile catalog text.

Full-page screenshots (PNG) of every page type at 1280 and 375 px go to $CREDCAT_SCREENSHOTS when it is set
(else to a temporary folder), for a person to look at.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, quote_plus, urlsplit

import pytest
import yaml

ROOT = Path(__file__).parents[2]
CREDENTIALS = ROOT / "catalog" / "credentials"
PHONE = {"width": 375, "height": 812}
WIDE = {"width": 1280, "height": 900}

# A credential to look for, and words typed into the search box; each must be in the field it stands for.
SEARCHED = "phonemic-awareness-small-groups"
TITLE_WORD = "Phoneme"  # in the title
SKILL_WORD = "screener"  # in one of competency.skills, not in the title or summary
ISSUER_WORDS = "Ridgeline"  # the start of the issuer's name ("State University" is in real issuers' names too)

PAGE_KINDS = ["home", "browse", "credential", "stack", "organization", "quality", "quality-standards"]


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    folder = os.environ.get("CREDCAT_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def open_search(page):
    """Open Material's search: the header's magnifier on a phone, the search field on a wide screen."""
    field = page.locator("input.md-search__input")
    magnifier = page.locator("label.md-header__button[for=__search]")
    if magnifier.is_visible():
        magnifier.click()
    else:
        field.click()
    page.wait_for_function("document.activeElement && document.activeElement.matches('input.md-search__input')")
    return field


def result_link(page, credential_id: str, query: str | None = None):
    """The search result for a credential; with ``query``, only a result for that query: Material puts the query
    in each result's link (``?h=...``)."""
    href = f"/credentials/{credential_id}/" + (f"?h={quote_plus(query.lower())}" if query else "")
    return page.locator(f'.md-search-result__item > a.md-search-result__link[href*="{href}"]')


def load_credential(credential_id: str) -> dict:
    return yaml.safe_load((CREDENTIALS / f"{credential_id}.yaml").read_text(encoding="utf-8"))


def whole_list(page) -> None:
    """browse.js draws the first cards of a new list in the frame that shows it and the others right after
    (the list is aria-busy until then): wait for them all."""
    page.wait_for_selector("[data-cc-cards]:not([aria-busy])", state="attached")


def visible_ids(page) -> list[str]:
    whole_list(page)
    return page.eval_on_selector_all(".cc-card", "els => els.filter(e => !e.hidden).map(e => e.dataset.id)")


def dom_order(page) -> list[str]:
    whole_list(page)
    return page.eval_on_selector_all(".cc-card", "els => els.map(e => e.dataset.id)")


def url_query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


# ---- Material's header search ----

def test_search_by_a_title_word_opens_the_credential(page, catalog_site, visit):
    record = load_credential(SEARCHED)
    assert TITLE_WORD.lower() in record["title"].lower(), "update TITLE_WORD for the changed title"
    visit(page, catalog_site)
    open_search(page)
    page.keyboard.type(TITLE_WORD, delay=10)  # Material's search reacts to key events, not to fill()
    link = result_link(page, SEARCHED, TITLE_WORD).first
    link.wait_for()
    assert record["title"] in link.inner_text()
    link.click()
    page.wait_for_url(re.compile(rf"/credentials/{SEARCHED}/"))
    assert urlsplit(page.url).path == f"/credentials/{SEARCHED}/"
    assert page.locator("article h1").inner_text().strip() == record["title"]


def test_search_by_a_skill_and_by_the_issuer_finds_the_credential(new_context, catalog_site, visit):
    record = load_credential(SEARCHED)
    assert any(SKILL_WORD in s for s in record["competency"]["skills"]), "update SKILL_WORD for the changed skills"
    assert SKILL_WORD not in record["title"] + record["summary"], "SKILL_WORD should only be in a skill"
    issuer = yaml.safe_load((ROOT / "catalog" / "organizations" / f"{record['organizations']['issuer']}.yaml")
                            .read_text(encoding="utf-8"))
    assert issuer["name"].startswith(ISSUER_WORDS), "update ISSUER_WORDS for the changed issuer"

    page = new_context(viewport=PHONE).new_page()  # on a phone, search opens from the header's magnifier
    visit(page, catalog_site)
    field = open_search(page)
    for query in (SKILL_WORD, ISSUER_WORDS):
        field.press("Control+A")
        field.press("Backspace")
        field.press_sequentially(query, delay=10)
        result_link(page, SEARCHED, query).first.wait_for()


# ---- The browse page ----

def test_browse_facet_narrows_sets_the_url_and_survives_a_reload(page, catalog_site, catalog_site_dir, visit):
    visit(page, catalog_site + "credentials/")
    from site_plugins.browse_data import card_rows

    cards = card_rows(json.loads((catalog_site_dir / "search" / "catalog-cards.json").read_text(encoding="utf-8")))
    everything = [c["id"] for c in cards]
    free = {c["id"] for c in cards if c["cost_kind"] == "free"}
    assert 0 < len(free) < len(cards), "the catalog needs free and paid credentials for this test"
    assert sorted(visible_ids(page)) == sorted(everything)

    page.get_by_role("group", name="Cost").get_by_role("checkbox", name="Free").check()
    assert set(visible_ids(page)) == free
    assert url_query(page) == {"cost": ["free"]}
    assert page.locator("[data-cc-count]").inner_text().strip() == f"Showing {len(free)} of {len(cards)} credentials"
    url, shown, order = page.url, visible_ids(page), dom_order(page)

    page.reload()
    page.wait_for_selector("[data-cc-controls]:not([hidden])")
    assert page.url == url
    assert page.get_by_role("group", name="Cost").get_by_role("checkbox", name="Free").is_checked()
    assert (visible_ids(page), dom_order(page)) == (shown, order)
    assert page.locator(".cc-card:visible").count() == len(free)


def test_browse_sort_changes_the_order(page, catalog_site, visit):
    visit(page, catalog_site + "credentials/")
    by_title = dom_order(page)
    page.get_by_role("combobox", name="Sort by").select_option("standards")
    by_standards = dom_order(page)
    assert by_standards != by_title and sorted(by_standards) == sorted(by_title)
    assert url_query(page) == {"sort": ["standards"]}
    badges = page.eval_on_selector_all(".cc-card .cc-badge", "els => els.map(e => e.textContent)")
    met = [int(re.search(r"Meets (\d+)", text).group(1)) for text in badges]
    assert met == sorted(met, reverse=True)
    page.reload()
    page.wait_for_selector("[data-cc-controls]:not([hidden])")
    assert dom_order(page) == by_standards


# ---- Every page type ----

@pytest.mark.parametrize("width", [PHONE["width"], WIDE["width"]])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_fits_the_width_and_loads_only_local_files(new_context, catalog_site, page_paths, screenshot_dir,
                                                        visit, kind, width):
    """No sideways scrolling (on a phone above all), nothing fetched from another origin, no script error, and a
    screenshot."""
    context = new_context(viewport=PHONE if width == PHONE["width"] else WIDE)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))  # the page's and its workers'
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    visit(page, catalog_site + page_paths[kind])
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")  # scorecards
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{kind} scrolls sideways at {width}px"

    shot = screenshot_dir / f"{kind}-{width}.png"
    page.screenshot(path=shot, full_page=True)  # lays out the whole page, so lazy loads happen too
    assert shot.stat().st_size > 1000
    if width == WIDE["width"]:
        page.wait_for_load_state("networkidle")  # late requests too, once per page kind (it costs 0.3 s a page)
    assert any(url.endswith("/search/search_index.json") for url in requests), "search did not load its index"
    elsewhere = [url for url in requests if not url.startswith(catalog_site) and not url.startswith(("data:", "blob:"))]
    assert elsewhere == [], f"the {kind} page requested files from other origins"
    assert errors == [], f"uncaught JavaScript errors on the {kind} page"


# ---- Hostile catalog text ----

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
LINK = "[x](javascript:alert(3))"
HOSTILE_ID = "zz-hostile-text"


@pytest.fixture(scope="module")
def hostile_site(browser, mkdocs_build, tmp_path_factory, serve_session) -> str:
    """A copy of the repository with one more credential whose text fields carry markup and script."""
    root = tmp_path_factory.mktemp("hostile")
    for folder in ("catalog", "schema", "docs", "overrides"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    record = load_credential(SEARCHED)  # a valid credential whose issuer is an organization of the catalog
    for key in ("stacks", "previous_ids", "ctid"):  # a new credential: its own CTID, or none
        record.pop(key, None)
    record.update(
        id=HOSTILE_ID,
        title=f"Hostile {SCRIPT} title",
        summary=f"Hostile {IMG} summary",
        description=f"Before {SCRIPT} and {IMG} and {LINK} after.\n\nA second paragraph: {LINK}.",
    )
    record["competency"]["skills"] = [*record["competency"].get("skills", []), f"Skill {SCRIPT} {IMG}"]
    path = root / "catalog" / "credentials" / f"{HOSTILE_ID}.yaml"
    path.write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return serve_session(mkdocs_build(root, root / "site"))


def _assert_nothing_ran(page, dialogs):
    assert dialogs == [], f"a script from catalog text ran: {dialogs}"
    scripts = page.eval_on_selector_all("article script:not([type='application/json'])", "els => els.map(e => e.text)")
    assert not [s for s in scripts if "alert" in s], "a <script> from catalog text is in the article"
    # Data for the page's scripts (the browse page's cards): catalog text in it is JSON text, with no "<" to
    # end the element early, and the element ends where the data does.
    for data in page.eval_on_selector_all("article script[type='application/json']", "els => els.map(e => e.text)"):
        assert "<" not in data
        assert json.loads(data)
    assert page.locator('a[href^="javascript:" i]').count() == 0
    assert page.locator("[onerror], [onclick], [onload]").count() == 0
    assert page.locator('article img[src="x"]').count() == 0


def _recording_page(new_context):
    page = new_context().new_page()
    dialogs: list[str] = []

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return page, dialogs


def test_hostile_text_is_shown_as_text_on_the_credential_page(new_context, hostile_site, visit):
    page, dialogs = _recording_page(new_context)
    visit(page, hostile_site + f"credentials/{HOSTILE_ID}/")
    page.wait_for_load_state("networkidle")
    assert page.locator("article h1").inner_text().strip() == f"Hostile {SCRIPT} title"
    assert page.locator(".cc-summary").inner_text().strip() == f"Hostile {IMG} summary"
    assert f"Skill {SCRIPT} {IMG}" in page.locator(".cc-skills").inner_text()
    assert SCRIPT in page.title()
    about = page.locator(".cc-prose")
    assert "Before" in about.inner_text() and "after." in about.inner_text()
    # The Markdown link keeps its text and loses its javascript: target.
    assert about.locator("a").all_inner_texts() == ["x", "x"]
    assert [a.get_attribute("href") for a in about.locator("a").all()] == [None, None]
    _assert_nothing_ran(page, dialogs)


def test_hostile_text_is_shown_as_text_on_the_browse_page_and_in_search(new_context, hostile_site, visit):
    page, dialogs = _recording_page(new_context)
    visit(page, hostile_site + "credentials/")
    card = page.locator(f'.cc-card[data-id="{HOSTILE_ID}"]')
    assert card.locator(".cc-card__title").inner_text().strip() == f"Hostile {SCRIPT} title"
    assert card.locator(".cc-card__summary").inner_text().strip() == f"Hostile {IMG} summary"
    _assert_nothing_ran(page, dialogs)

    open_search(page)
    page.keyboard.type("Hostile", delay=10)
    result = result_link(page, HOSTILE_ID).first
    result.wait_for()
    page.wait_for_timeout(200)  # give an injected handler the chance to fire
    assert f"Hostile {SCRIPT} title" in result.inner_text()
    assert page.locator(".md-search-result script, .md-search-result img").count() == 0
    _assert_nothing_ran(page, dialogs)
