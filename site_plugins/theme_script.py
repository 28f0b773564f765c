"""The theme's script on the browse page: loaded once the list is ready, not while the page is read.

Material's bundle runs as the browser reaches the end of a page, and on this machine it keeps the browser
busy for 60-85 ms. On the browse page that is exactly when a reader who came to search types the first
word, so it stood between the key and the results. Here the page asks for the bundle in its head (preload)
and runs it right after browse.js has drawn its first list, or after LATEST_MS whatever happens. Material
starts on DOMContentLoaded; when that has already passed, the loader hands it the document through its
documented ``document$`` stream, as its own instant navigation does.
"""

from __future__ import annotations

import re

from .render import render

# Material's bundle, as its base template writes it (the name carries a content hash).
BUNDLE = re.compile(r'<script src="(?P<src>[^"<>]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>')
LATEST_MS = 3000


def load_theme_script_after_list(page_html: str) -> str:
    """The page with Material's bundle loaded after the browse list is ready (unchanged if it has none)."""
    match = BUNDLE.search(page_html)
    head_end = page_html.find("</head>")
    if match is None or not 0 <= head_end < match.start():
        return page_html
    loader = render("theme_script_later.html.j2", src=match["src"], latest_ms=LATEST_MS).strip()
    preload = render("theme_script_preload.html.j2", src=match["src"]).strip()
    return (page_html[:head_end] + preload + "\n" + page_html[head_end:match.start()] + loader
            + page_html[match.end():])
