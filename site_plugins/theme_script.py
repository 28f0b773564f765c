"""The theme's script on the browse page: loaded once the list is ready, not while the page is read.

Material's bundle runs as the browser reaches the end of a page, and on this machine it keeps the browser
busy for 60-150 ms. On the browse page that is exactly when a reader who came to search types the first
word, so it stood between the key and the results. Here the page asks for the bundle in its head (preload,
at low priority, after what the first frame and the data need) and runs it when the page can spare the
time: once the first typed query's results are on screen, at the first click or focus outside the search
field, IDLE_MS after the list is ready, or LATEST_MS after the loader is read, whichever comes first. Until
then Material's header works as plain HTML (its search and menu toggles are CSS); its scripted parts follow
within that time. Material starts on DOMContentLoaded; when that has already passed, the loader hands it
the document through its ``document$`` stream (the one its documentation offers to page scripts), as its
own instant navigation does.
"""

from __future__ import annotations

import re

from .render import render

# Material's bundle, as its base template writes it (the name carries a content hash).
BUNDLE = re.compile(r'<script src="(?P<src>[^"<>]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>')
IDLE_MS = 800
LATEST_MS = 3000


def load_theme_script_after_list(page_html: str) -> str:
    """The page with Material's bundle loaded after the browse list is ready (unchanged if it has none)."""
    match = BUNDLE.search(page_html)
    head_end = page_html.find("</head>")
    if match is None or not 0 <= head_end < match.start():
        return page_html
    loader = render("theme_script_later.html.j2", src=match["src"], idle_ms=IDLE_MS, latest_ms=LATEST_MS).strip()
    preload = render("theme_script_preload.html.j2", src=match["src"]).strip()
    return (page_html[:head_end] + preload + "\n" + page_html[head_end:match.start()] + loader
            + page_html[match.end():])
