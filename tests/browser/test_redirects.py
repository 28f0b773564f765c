"""A renamed credential's old address leads to its page in a real browser (meta refresh + canonical)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).parent.parent.parent


def renamed_credentials() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted((ROOT / "catalog" / "credentials").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for old in data.get("previous_ids", []):
            found.append((old, data["id"], data["title"]))
    return found


def test_old_address_lands_on_the_new_page(page, catalog_site):
    renamed = renamed_credentials()
    assert renamed, "the sample catalog has a renamed credential"
    for old, new, title in renamed:
        page.goto(f"{catalog_site}credentials/{old}/")
        page.wait_for_url(f"{catalog_site}credentials/{new}/", timeout=5000)
        assert page.locator("article h1").first.inner_text().strip() == title


def test_without_redirects_the_old_page_offers_a_link(new_context, catalog_site):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    old, new, title = renamed_credentials()[0]
    response = page.request.get(f"{catalog_site}credentials/{old}/")
    body = response.text()
    assert f'<a href="../{new}/">' in body and title.split(" (")[0] in body
