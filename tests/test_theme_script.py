"""Material's bundle on the browse page, run after the list (site_plugins/theme_script.py)."""

from __future__ import annotations

from site_plugins.theme_script import IDLE_MS, LATEST_MS, load_theme_script_after_list

PAGE = """<head><title>Browse</title></head>
<body><main>list</main>
<script id="__config" type="application/json">{}</script>
<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>
<script src="../assets/catalog/browse.js"></script>
</body>"""


def test_the_bundle_is_asked_for_at_once_and_run_after_the_list():
    html = load_theme_script_after_list(PAGE)
    assert '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>' not in html
    preload = '<link rel="preload" href="../assets/javascripts/bundle.a5f9d56c.min.js" as="script" fetchpriority="low">'
    assert preload in html and html.index(preload) < html.index("</head>")
    assert 'script.src = "../assets/javascripts/bundle.a5f9d56c.min.js";' in html
    assert f"setTimeout(load, {IDLE_MS})" in html and f"setTimeout(load, {LATEST_MS})" in html
    assert "window.document$.next(document)" in html  # Material started after DOMContentLoaded
    # Everything else stays where it was, in order.
    assert html.index('id="__config"') < html.index("script.src") < html.index("catalog/browse.js")


def test_a_page_without_the_bundle_is_unchanged():
    page = "<body><script src='x.js'></script></body>"
    assert load_theme_script_after_list(page) == page
