"""The browse page of the fixture catalog (tests/site-fixture) in Chromium: credentials whose cost and time
are not published are counted under "Not published", never under Free or an hours range."""

from __future__ import annotations

import pytest
from fixture_catalog import fixture_repo


@pytest.fixture(scope="module")
def facts_site(browser, mkdocs_build, tmp_path_factory, serve_session) -> str:
    tmp = tmp_path_factory.mktemp("facts-browser")
    return serve_session(mkdocs_build(fixture_repo(tmp), tmp / "site"))


def counts(page, legend: str) -> dict[str, str]:
    page.wait_for_selector("[data-cc-controls]:not([hidden]):not([aria-busy])")
    group = page.get_by_role("group", name=legend)
    return dict(group.locator("label").evaluate_all(
        "els => els.map(e => [e.querySelector('.cc-facet__value').textContent, "
        "e.querySelector('.cc-facet__count').textContent])"))


def test_unknown_costs_and_hours_are_counted_as_not_published(page, facts_site, visit):
    visit(page, facts_site + "credentials/")
    assert counts(page, "Cost") == {"Paid": "(1)", "Not published": "(2)"}
    assert counts(page, "Estimated hours") == {"Up to 5 hours": "(0)", "5–10 hours": "(1)", "10–20 hours": "(0)",
                                               "Over 20 hours": "(0)", "Not published": "(2)"}
    page.get_by_role("group", name="Estimated hours").get_by_role("checkbox", name="Not published").check()
    shown = page.eval_on_selector_all(".cc-card", "els => els.map(e => e.dataset.id)")
    assert sorted(shown) == ["nothing-published", "placeholder-sentences"]
    metas = page.eval_on_selector_all(".cc-card__meta", "els => els.map(e => e.textContent)")
    assert all("Cost not published · Time not published" in m for m in metas), metas


def test_the_enrol_link_and_the_illustrative_flag_on_a_card(page, facts_site, visit):
    visit(page, facts_site + "credentials/?sort=hours")
    meta = page.locator("#card-inherited-process .cc-card__meta")
    assert meta.locator("a").first.inner_text() == "Enrol at Quiet Valley School District"
    assert meta.locator(".cc-tag--illustrative").count() == 1


@pytest.mark.parametrize("path", ["credentials/inherited-process/", "credentials/nothing-published/",
                                  "credentials/", "stacks/assessment-basics/", "organizations/open-platform/"])
def test_the_pages_of_facts_not_published_have_no_axe_violations(page, facts_site, visit, path):
    """The enrol button, the wording of unknown facts, the organization notes and the Not published filter
    values meet WCAG 2.1 AA too (the sample catalog has none of them)."""
    axe = pytest.importorskip("axe_playwright_python.sync_playwright", reason="needs axe-playwright-python")
    visit(page, facts_site + path)
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    violations = axe.Axe().run(page).response["violations"]
    assert not violations, [(v["id"], [n["html"][:120] for n in v["nodes"][:3]]) for v in violations]
