"""The browse page's search (assets/search.js over the index of site_plugins/search_index.py) in Chromium.

The real site is built once per session (conftest.py), with the search field, the index and the scripts the
plugin adds to it.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from site_plugins.pages import FIRST_CARDS
from site_plugins.search_index import decode_postings, search, term

ROOT = Path(__file__).parents[2]
ASSETS = ROOT / "site_plugins" / "assets"
TITLE, SUMMARY = 1, 4  # field bits (search_index.FIELDS)


@pytest.fixture(scope="session")
def search_site_dir(catalog_site_dir) -> Path:
    """The sample catalog's site as the project builds it (conftest.py)."""
    return catalog_site_dir


@pytest.fixture(scope="session")
def search_site(search_site_dir, serve_session) -> str:
    return serve_session(search_site_dir)


@pytest.fixture(scope="session")
def cards_data(search_site_dir) -> dict:
    """The cards file the browse page draws from, as rows."""
    from site_plugins.browse_data import card_rows

    return card_rows(json.loads((search_site_dir / "search" / "catalog-cards.json").read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def index(search_site_dir) -> dict:
    """The index the site serves."""
    return json.loads((search_site_dir / "search" / "catalog-index.json").read_text(encoding="utf-8"))


def open_browse(page, visit, site: str, query: str = ""):
    visit(page, site + "credentials/" + query)
    page.wait_for_selector("[data-cc-search]:not([hidden])")
    if "query=" in query:
        page.wait_for_function("() => document.querySelector('[data-cc-search]').hasAttribute('data-cc-query')")
    return page


def type_query(page, query: str) -> None:
    page.fill("[data-cc-search] input", query)
    page.wait_for_function("q => document.querySelector('[data-cc-search]').getAttribute('data-cc-query') === q",
                           arg=query)
    counted(page)


def counted(page) -> None:
    """Wait until the filter counts follow the list (browse.js counts right after drawing the cards)."""
    page.wait_for_selector("[data-cc-controls]:not([hidden]):not([aria-busy])")


def shown(page) -> list[str]:
    """Ids of the cards shown, in page order, once the list has them all (browse.js draws the first few in the
    frame that shows a new list, and the others right after it; the list is aria-busy until then)."""
    page.wait_for_selector("[data-cc-cards]:not([aria-busy])", state="attached")
    return page.eval_on_selector_all(".cc-card", "els => els.filter(e => !e.hidden).map(e => e.dataset.id)")


def listed(page) -> list[str]:
    """Ids of every credential on the page, cards and the one-line list of the others, in page order."""
    return page.eval_on_selector_all(".cc-card, .cc-list li a", "els => els.map(e => e.dataset.id"
                                     " || e.getAttribute('href').replace(/\\/$/, ''))")


def url_params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query, keep_blank_values=True)


def wait_for_url(page, key: str, value: str | None) -> None:
    """search.js updates the address a moment after typing stops."""
    page.wait_for_function("([k, v]) => new URLSearchParams(location.search).get(k) === v", arg=[key, value])


def postings(index: dict) -> dict[str, list[tuple[int, int]]]:
    return {t: decode_postings(p) for t, p in zip(index["terms"], index["postings"], strict=True)}


def written_forms(index: dict, wanted: str) -> list[str]:
    """Words as written in the catalog that give the term ``wanted``."""
    forms = index["forms"][index["terms"].index(wanted)].split()
    return [w for w in [wanted, *forms] if term(w) == wanted and w.isalpha()]


def unique_title_word(index: dict) -> tuple[str, str]:
    """(word, credential id): a word of 6 letters or more found in one credential only, in its title."""
    for t, found in sorted(postings(index).items()):
        words = [w for w in written_forms(index, t) if len(w) >= 6]
        if len(found) == 1 and found[0][1] & TITLE and words:
            return words[0], index["ids"][found[0][0]]
    pytest.skip("no word of 6 letters or more is in one title only in this catalog")


# ---- Finding and ranking ----


def test_a_query_finds_the_expected_credential(page, search_site, visit, index):
    word, cid = unique_title_word(index)
    open_browse(page, visit, search_site)
    type_query(page, word)
    assert shown(page) == [cid]
    assert page.inner_text("[data-cc-count]") == f"Showing 1 of {len(index['ids'])} credentials"
    assert page.locator(f"#card-{cid} .cc-card__title mark").first.inner_text().lower() == word.lower()


@pytest.mark.parametrize("query", ["coaching", "formative assessment", "students", "teach", "asessment", "reading "])
def test_the_browser_ranks_as_the_reference_does(page, search_site, visit, index, query):
    open_browse(page, visit, search_site)
    type_query(page, query)
    expected = [cid for cid, _score in search(index, query)]
    assert expected, f"{query!r} should find something in this catalog"
    assert shown(page) == expected
    assert page.eval_on_selector(".cc-browse__sort select", "s => s.value") == "relevance"


def test_a_title_match_ranks_above_a_summary_only_match(page, search_site, visit, index):
    for t, found in sorted(postings(index).items()):
        in_title = [index["ids"][d] for d, mask in found if mask & TITLE]
        summary_only = [index["ids"][d] for d, mask in found if mask == SUMMARY]
        words = written_forms(index, t)
        if in_title and summary_only and words:
            break
    else:
        pytest.skip("no word is in one credential's title and only in another's summary")
    open_browse(page, visit, search_site)
    type_query(page, words[0] + " ")
    order = shown(page)
    assert max(order.index(c) for c in in_title) < min(order.index(c) for c in summary_only), (words[0], order)


def test_a_one_letter_typo_still_finds_the_credential(page, search_site, visit, index):
    word, cid = unique_title_word(index)
    typo = word[:2] + word[3] + word[2] + word[4:]  # two neighbouring letters swapped
    open_browse(page, visit, search_site)
    type_query(page, typo + " ")
    assert shown(page)[0] == cid
    assert page.locator(f"#card-{cid} .cc-card__title mark").count() >= 1


def test_words_are_stemmed_and_marked_as_written(page, search_site, visit, index):
    """A word finds the credentials with another form of it (coaching -> coaches), and those are marked."""
    for t, found in sorted(postings(index).items()):
        words = written_forms(index, t)
        if len(found) >= 2 and len(words) >= 2 and any(mask & TITLE for _d, mask in found):
            break
    else:
        pytest.skip("no term with two written forms in a title")
    expected = {index["ids"][d] for d, _mask in found}
    open_browse(page, visit, search_site)
    for word in words[:2]:
        type_query(page, word + " ")
        assert set(shown(page)) == expected, word
    marks = page.eval_on_selector_all(".cc-card:not([hidden]) mark", "ms => ms.map(m => m.textContent.toLowerCase())")
    assert marks and {term(m) for m in marks} == {t}


def test_terms_in_the_browser_are_the_terms_of_the_index(page, search_site, visit):
    """lunr.js (the browser) and search_index.term (the build) turn the same words into the same terms."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "catalog").rglob("*.yaml")))
    words = sorted({w for w in text.lower().split() if w.strip()} | {
        "play", "plays", "try", "trying", "days", "surveyed", "ies", "sses", "studies", "6(d),", "(e.g.", "café",
        "k\u20132", "sep-7", "students'", "\u2014", "naïve", "résumé", "über", "yield", "yelling", "by", "sky"})
    assert len(words) > 500
    browser_terms = page_terms(open_browse(page, visit, search_site), words)
    assert browser_terms == [[term(t) for t in tokens_of(w)] for w in words]


def tokens_of(word: str) -> list[str]:
    from site_plugins.search_index import tokens

    return tokens(word)


def page_terms(page, words: list[str]) -> list[list[str]]:
    return page.evaluate("""words => words.map(w => lunr.tokenizer(w).map(t => {
        t = lunr.trimmer(t);
        if (!t.toString() || !lunr.stopWordFilter(t)) return '';
        return lunr.stemmer(t).toString();
      }))""", words)


# ---- With the facets, the sort and the address ----


def test_query_and_facet_live_in_the_url_and_a_reload_restores_them(page, search_site, visit):
    open_browse(page, visit, search_site)
    type_query(page, "teach")
    box = page.locator("[data-facet=role] input:not([disabled])").first
    role = box.get_attribute("value")
    box.check()
    wait_for_url(page, "query", "teach")
    assert url_params(page)["role"] == [role]
    before = shown(page)
    counted(page)
    counts = page.eval_on_selector_all(".cc-facet__count", "els => els.map(e => e.textContent)")
    assert before and page.inner_text("[data-cc-count]").startswith(f"Showing {len(before)} of ")

    page.reload()
    page.wait_for_function("() => document.querySelector('[data-cc-search]')?.dataset.ccQuery === 'teach'")
    assert page.input_value("[data-cc-search] input") == "teach"
    assert page.locator(f"[data-facet=role] input[value='{role}']").is_checked()
    assert shown(page) == before
    counted(page)
    assert page.eval_on_selector_all(".cc-facet__count", "els => els.map(e => e.textContent)") == counts


def test_facet_counts_follow_the_query(page, search_site, visit, cards_data):
    open_browse(page, visit, search_site)
    type_query(page, "students")
    matching = set(shown(page))
    for value in page.eval_on_selector_all("[data-facet=cost] input", "els => els.map(e => e.value)"):
        label = page.locator(f"[data-facet=cost] input[value='{value}'] ~ .cc-facet__count").inner_text()
        having = {row["id"] for row in cards_data if row["cost_kind"] == value}
        assert label == f"({len(matching & having)})", value


def test_an_empty_query_shows_every_credential_in_the_chosen_sort(page, search_site, visit, index):
    open_browse(page, visit, search_site, "?sort=standards")
    by_standards = shown(page)
    type_query(page, "coaching")
    assert len(shown(page)) < len(by_standards)
    type_query(page, "")
    assert shown(page) == by_standards and len(by_standards) == len(index["ids"])
    assert page.eval_on_selector(".cc-browse__sort select", "s => s.value") == "standards"
    assert page.locator(".cc-browse__sort option[value=relevance]").count() == 0
    wait_for_url(page, "query", None)
    assert url_params(page) == {"sort": ["standards"]}


def test_another_sort_replaces_relevance_and_is_kept_in_the_url(page, search_site, visit, index):
    open_browse(page, visit, search_site)
    type_query(page, "students")
    page.select_option(".cc-browse__sort select", "title")
    wait_for_url(page, "sort", "title")
    wait_for_url(page, "query", "students")
    titles = page.locator(".cc-card__title").all_inner_texts()
    assert titles == sorted(titles, key=str.lower)
    by_title = shown(page)
    page.reload()
    page.wait_for_function("() => document.querySelector('[data-cc-search]')?.hasAttribute('data-cc-query')")
    assert shown(page) == by_title
    page.select_option(".cc-browse__sort select", "relevance")
    wait_for_url(page, "sort", None)
    assert shown(page) == [cid for cid, _score in search(index, "students")]


# ---- Keyboard, screen readers, no JavaScript ----


def test_slash_focuses_the_search_field_but_not_from_another_field(page, search_site, visit):
    open_browse(page, visit, search_site)
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.matches('[data-cc-search] input')")
    assert page.input_value("[data-cc-search] input") == ""
    assert not page.locator("#__search").is_checked()  # Material's search dialog stayed closed
    page.locator("[data-cc-search] input").blur()
    page.locator("input.md-search__input").click()
    page.keyboard.type("a/b")
    assert page.input_value("input.md-search__input") == "a/b"


def test_a_shared_query_opens_the_results_not_materials_search(page, search_site, visit):
    """The query's name in the URL is not Material's `q`, which would open its search dialog over the list."""
    open_browse(page, visit, search_site, "?query=coaching")
    assert page.input_value("[data-cc-search] input") == "coaching"
    assert len(shown(page)) >= 1
    page.wait_for_timeout(300)  # Material reads the URL once its bundle has run
    assert not page.locator("#__search").is_checked(), "Material's search dialog opened"
    assert page.input_value("input.md-search__input") == ""


def test_the_result_count_is_a_live_region(page, search_site, visit):
    open_browse(page, visit, search_site)
    live = page.locator("[data-cc-count]")
    assert live.get_attribute("aria-live") == "polite"
    type_query(page, "coaching")
    assert live.inner_text().startswith(f"Showing {len(shown(page))} of ")


def test_a_query_typed_before_the_data_arrives_is_kept_and_answered(page, search_site, index):
    """The field is on screen with the page; what is typed before the card data is in is searched once it is."""
    held = []
    page.route("**/search/catalog-cards.json", lambda route: held.append(route))  # waits until let go
    page.goto(search_site + "credentials/", wait_until="domcontentloaded")
    field = page.locator("[data-cc-search] input")
    field.fill("coaching")
    assert not page.locator("[data-cc-search][data-cc-query]").count(), "no results before the data is in"
    assert field.input_value() == "coaching"
    assert held, "the card data was asked for before the query was typed"
    for route in held:
        route.continue_()
    page.wait_for_function("() => document.querySelector('[data-cc-search]').dataset.ccQuery === 'coaching'")
    assert shown(page) == [cid for cid, _score in search(index, "coaching")][:PAGE]


def test_the_cards_of_the_page_stay_when_the_data_arrives(page, large_site):
    """The build's first cards begin the list the script draws: they are kept, not drawn again."""
    site, index = large_site
    held = []
    page.route("**/search/catalog-cards.json", lambda route: held.append(route))
    page.goto(site + "credentials/", wait_until="domcontentloaded")
    page.wait_for_function("() => document.querySelectorAll('.cc-card').length > 0")
    page.evaluate("() => document.querySelectorAll('.cc-card').forEach((card) => { card.ccFromHtml = true; })")
    for route in held:
        route.continue_()
    page.wait_for_selector("[data-cc-loaded] [data-cc-cards]:not([aria-busy])", state="attached")
    kept = page.eval_on_selector_all(".cc-card", "els => els.map((e) => Boolean(e.ccFromHtml))")
    assert kept == [True] * FIRST_CARDS + [False] * (PAGE - FIRST_CARDS)
    assert shown(page) == index["ids"][:PAGE]


# Records when Material's bundle runs (it sets window.document$) and whether the browse list was ready then.
THEME_WATCH = """
window.__theme = null;
Object.defineProperty(window, 'document$', { configurable: true, set(value) {
  Object.defineProperty(window, 'document$', { value, writable: true, configurable: true });
  window.__theme = { listReady: Boolean(document.querySelector('[data-cc-loaded]')) };
} });
"""


def test_materials_script_runs_after_the_list_is_drawn_and_works(page, search_site):
    page.add_init_script(THEME_WATCH)
    page.goto(search_site + "credentials/")
    page.wait_for_function("() => window.__theme !== null")
    assert page.evaluate("window.__theme.listReady"), "Material's script ran before the browse list was ready"
    assert page.locator("head link[rel=preload][as=script][href*='bundle.']").count() == 1, "asked for early"
    # Set up all the same: the header search (which it runs) finds a credential by a word of its title.
    page.wait_for_function("() => document.documentElement.classList.contains('js')")
    title = page.locator(".cc-card__title a").first.inner_text()
    page.locator("input.md-search__input").click()
    page.keyboard.type(title.split()[0], delay=10)
    page.locator(".md-search-result__item").first.wait_for()
    assert page.locator("label.md-overlay").count() == 1


def test_other_pages_run_materials_script_as_the_page_is_read(page, search_site):
    page.add_init_script(THEME_WATCH)
    page.goto(search_site)
    assert page.locator("script[src*='assets/javascripts/bundle.']").count() == 1
    assert page.evaluate("window.__theme") is not None


def test_the_index_and_the_cards_are_loaded_once_asked_for_by_the_head(page, search_site, visit):
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    open_browse(page, visit, search_site)
    page.wait_for_selector("[data-cc-loaded]")
    page.wait_for_function("() => performance.getEntriesByType('resource')"
                           ".some(r => r.name.endsWith('catalog-index.json') && r.responseEnd > 0)")
    type_query(page, "coaching")
    type_query(page, "students")
    for name in ("catalog-index.json", "catalog-cards.json"):
        assert len([u for u in fetched if u.endswith(name)]) == 1, name  # the <head>'s request is the one used
    assert page.evaluate("Object.keys(window.ccPreloaded)") == [], "both taken from the <head>'s requests"
    assert all(u.startswith(search_site) for u in fetched), "everything comes from the site, nothing from a CDN"


def test_without_javascript_every_credential_is_listed(new_context, search_site, index):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(search_site + "credentials/?query=coaching")
    assert listed(page) == index["ids"]
    assert not page.locator("[data-cc-search]").is_visible()


def test_axe_finds_nothing_with_results_and_marks(page, search_site, visit):
    axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")
    open_browse(page, visit, search_site)
    type_query(page, "coaching")
    page.locator(".cc-card:not([hidden]) mark").first.wait_for()
    violations = axe_sync.Axe().run(page).response["violations"]
    assert not violations, "\n".join(f"{v['id']}: {v['help']} at {v['nodes'][0]['target']}" for v in violations)


# ---- A larger catalog: drawn PAGE cards at a time, every card listed without JavaScript ----

PAGE = 50  # browse.js


@pytest.fixture(scope="session")
def large_site(search_site_dir, tmp_path_factory, serve_session) -> tuple[str, dict]:
    """The real site with 250 made-up credentials on its browse page (rendered by the page's template), their
    cards file and their index. All mention coaching in the summary; every third in its title too, so
    relevance is not title order."""
    from card_maker import make_card

    from site_plugins.browse_data import facets
    from site_plugins.labels import labels
    from site_plugins.pages import browse_pages

    site = tmp_path_factory.mktemp("large-site") / "site"
    shutil.copytree(search_site_dir, site)
    cards = [make_card(f"c{i:03}", title=f"Credential {i:03}" + (" coaching" if i % 3 == 0 else ""),
                       summary=f"Coaching practice number {i}.", area=["Formative assessment", "Literacy"][i % 2],
                       roles=["teacher", "coach"][: 1 + i % 2], grades=["k-2"], subjects=["all"],
                       cost_kind="free" if i % 4 else "paid", hours=5, hours_text="5 hours", standards=i % 14,
                       statement="Coaches teachers.", skills=["Plans"])
             for i in range(250)]
    files = {p.src_uri: p.content for p in browse_pages(cards, facets(labels(ROOT), 13))}
    # The built page's list, data and scripts, replaced by those of the template for these cards.
    block = re.search(r'<ul class="cc-cards" data-cc-cards>.*</noscript>', files["credentials/index.md"], re.S)
    assert block.group(0).count('class="cc-card"') + block.group(0).count("<li><a") == 250
    page = site / "credentials" / "index.html"
    html = re.sub(r'<ul class="cc-cards" data-cc-cards>.*?search\.js"></script>(<noscript>.*?</noscript>)?',
                  lambda _m: block.group(0),
                  page.read_text(encoding="utf-8"), count=1, flags=re.S)
    page.write_text(html, encoding="utf-8")
    for name in ("search/catalog-cards.json", "search/catalog-index.json"):
        (site / name).write_text(files[name], encoding="utf-8")
    return serve_session(site), json.loads(files["search/catalog-index.json"])


def show_more(page) -> None:
    before = page.locator(".cc-card").count()
    page.click("[data-cc-show-more]")
    page.wait_for_function("n => document.querySelectorAll('.cc-card').length > n", arg=before)


def test_results_are_drawn_a_page_at_a_time_in_order_of_relevance(page, large_site, visit):
    site, index = large_site
    open_browse(page, visit, site)
    assert shown(page) == index["ids"][:PAGE]
    assert page.inner_text("[data-cc-count]") == "Showing 250 of 250 credentials"
    type_query(page, "coaching")
    ranked = [cid for cid, _score in search(index, "coaching")]
    assert len(ranked) == 250 and ranked != index["ids"]
    assert shown(page) == ranked[:PAGE]
    assert page.inner_text("[data-cc-show-more]") == "Show 50 more (200 credentials not shown yet)"
    show_more(page)
    assert shown(page) == ranked[: 2 * PAGE]
    assert page.evaluate("document.activeElement.closest('.cc-card').dataset.id") == ranked[PAGE], \
        "focus goes on to the first new card"
    show_more(page)
    show_more(page)
    assert page.inner_text("[data-cc-show-more]") == "Show the last 50 credentials"
    show_more(page)
    assert shown(page) == ranked and page.locator("[data-cc-more]").is_hidden()
    page.locator("[data-facet=cost] input[value=paid]").check()
    paid = {c for c in index["ids"] if int(c[1:]) % 4 == 0}
    assert shown(page) == [cid for cid in ranked if cid in paid][:PAGE]
    type_query(page, "")
    page.locator("[data-facet=cost] input[value=paid]").uncheck()
    assert shown(page) == index["ids"][:PAGE]


FIRST_DRAWN = int(re.search(r"const FIRST_DRAWN = (\d+);", (ASSETS / "browse.js").read_text(encoding="utf-8"))[1])

# Types a query as one input event and says what the list has in that same task, before any frame.
TYPE_AND_LOOK = """query => {
  const input = document.querySelector('[data-cc-search] input');
  input.value = query;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  const list = document.querySelector('[data-cc-cards]');
  return { cards: list.children.length, busy: list.getAttribute('aria-busy') };
}"""


def test_new_results_show_a_screenful_first_and_the_rest_of_the_page_right_after(page, large_site, visit):
    site, index = large_site
    open_browse(page, visit, site)
    type_query(page, "credential")  # the index is in
    assert page.evaluate(TYPE_AND_LOOK, "coaching") == {"cards": FIRST_DRAWN, "busy": "true"}
    ranked = [cid for cid, _score in search(index, "coaching")]
    assert shown(page) == ranked[:PAGE]
    assert page.get_attribute("[data-cc-cards]", "aria-busy") is None
    assert page.locator(".cc-card .cc-card__title mark").count() == PAGE, "every card drawn is marked"
    # "Show more" before the rest has come: the next page follows the whole first one, nothing twice.
    page.evaluate("q => { (" + TYPE_AND_LOOK + ")(q); document.querySelector('[data-cc-show-more]').click(); }",
                  "coaching practice")
    ranked = [cid for cid, _score in search(index, "coaching practice")]
    page.wait_for_timeout(100)  # frames after the click: a left-over drawing step would add cards
    assert shown(page) == ranked[: 2 * PAGE]
    assert page.evaluate("document.activeElement.closest('.cc-card').dataset.id") == ranked[PAGE]


def test_without_javascript_a_large_catalog_lists_every_credential(new_context, large_site):
    site, index = large_site
    page = new_context(java_script_enabled=False).new_page()
    page.goto(site + "credentials/")
    assert page.locator(".cc-card:visible").count() == FIRST_CARDS
    assert page.locator(".cc-list li:visible").count() == 250 - FIRST_CARDS
    assert listed(page) == index["ids"]
    # A link each, to the credential's page.
    last = page.locator(".cc-list li a").last
    last.click()
    assert page.url == f"{site}credentials/{index['ids'][-1]}/"


def test_with_javascript_the_rest_of_the_list_is_not_built(page, large_site, visit):
    """The <noscript> list is text to a browser running scripts: no element is made of it."""
    site, _index = large_site
    open_browse(page, visit, site)
    assert page.evaluate("document.querySelectorAll('li').length") < 100


def test_when_the_cards_data_is_unreadable_every_credential_is_still_listed(page, large_site):
    """Broken card data (a bad deploy, a truncated file): the script puts the <noscript> list on the page."""
    site, index = large_site

    page.route("**/search/catalog-cards.json",
               lambda route: route.fulfill(body='{"version": 2, "colu', content_type="application/json"))
    page.goto(site + "credentials/")
    page.wait_for_function("n => document.querySelectorAll('.cc-list li').length === n", arg=250 - FIRST_CARDS)
    assert listed(page) == index["ids"]
    assert page.inner_text("[data-cc-count]").startswith("Filters are unavailable")
