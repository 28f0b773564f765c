"""The filters of a jurisdiction's recognition page, in a real browser on the real site: without scripts the
whole table is there and the form stays hidden; with them, choosing a credit type or typing a word hides the
rows that do not match, and the count (a live region) says how many are shown."""

from __future__ import annotations


def _visible_rows(page) -> int:
    return page.locator("#cc-grants tbody tr:visible").count()


def test_filters_hide_rows_that_do_not_match(page, catalog_site, visit):
    visit(page, catalog_site + "recognition/us-wy/")
    form = page.locator("form.cc-filter")
    assert form.is_visible()
    total = page.locator("#cc-grants tbody tr").count()
    assert total > 2 and _visible_rows(page) == total
    kinds = page.locator("#cc-filter-type option").evaluate_all("os => os.map(o => o.value).filter(Boolean)")
    chosen = kinds[0]
    expected = page.locator(f'#cc-grants tbody tr[data-type="{chosen}"]').count()
    assert 0 < expected < total
    page.select_option("#cc-filter-type", chosen)
    assert _visible_rows(page) == expected
    assert page.locator("[data-cc-filter-count]").inner_text() == f"{expected} of {total} rows shown"
    page.select_option("#cc-filter-type", "")
    first_title = page.locator("#cc-grants tbody tr td:first-child a").first.inner_text()
    page.fill("#cc-filter-text", first_title)
    shown = page.locator("#cc-grants tbody tr:visible td:first-child a").all_inner_texts()
    assert shown and all(t == first_title for t in shown)


def test_without_scripts_the_whole_table_is_there(new_context, catalog_site):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(catalog_site + "recognition/us-wy/")
    assert not page.locator("form.cc-filter").is_visible()
    assert _visible_rows(page) == page.locator("#cc-grants tbody tr").count() > 2
