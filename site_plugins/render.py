"""Build step 5b: render view models to page sources with Jinja templates, safely.

Everything a contributor writes is untrusted. Plain-text fields are escaped by Jinja's autoescape; the
Markdown ``description`` is converted here and cleaned by nh3 (Ammonia) to a short list of tags; links
keep only http, https and mailto. A page source is Markdown with YAML front matter whose body is mostly
HTML blocks, so MkDocs and Material lay it out (navigation, table of contents, search) like any page.
"""

from __future__ import annotations

import html
import re
from functools import cache
from typing import Any

import markdown
import nh3
import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

ALLOWED_TAGS = {"p", "ul", "ol", "li", "em", "strong", "a", "code", "blockquote", "br", "h3", "h4", "pre"}
URL_SCHEMES = {"http", "https", "mailto"}
_SAFE_URL = re.compile(r"^(https?://|mailto:)[^\s\"'<>]+$", re.IGNORECASE)


def safe_url(value: Any) -> str:
    """The URL when it is http(s) or mailto, else an empty string (so no `javascript:` ever lands in a page)."""
    return value if isinstance(value, str) and _SAFE_URL.match(value) else ""


def script_json(text: str) -> Markup:
    """JSON text made safe inside a ``<script>`` element: ``<``, ``>`` and ``&`` as JSON escapes, so no
    catalog text can close the element or open a comment; the data parses to the same value."""
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def prose(text: Any) -> Markup:
    """Contributor Markdown as clean HTML: a few formatting tags, safe links, nothing executable."""
    if not isinstance(text, str) or not text.strip():
        return Markup("")
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    # Headings inside a description sit below the page's own section headings.
    html = re.sub(r"<(/?)h[1-2]>", r"<\1h3>", html)
    cleaned = nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}}, url_schemes=URL_SCHEMES,
                        link_rel="noopener noreferrer nofollow")
    return Markup(cleaned)


def ticks(text: Any) -> Markup:
    """Plain text in which `field names` in backticks become <code>: scorecard rationales name fields so."""
    escaped = str(Markup.escape(text if text is not None else ""))
    return Markup(re.sub(r"`([^`<>]+)`", r"<code>\1</code>", escaped))


def front_matter(meta: dict[str, Any]) -> str:
    """YAML front matter with every text HTML-escaped: MkDocs themes print ``page.title`` and the
    description into the page (the heading, ``<title>``, a ``content`` attribute) without escaping."""
    escaped = {k: html.escape(v, quote=True) if isinstance(v, str) else v for k, v in meta.items()}  # lists stay
    return "---\n" + yaml.safe_dump(escaped, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("site_plugins", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "md", "j2", "xml"), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["prose"] = prose
    env.filters["ticks"] = ticks
    env.filters["date_text"] = lambda d: str(d) if d else ""
    env.globals["front_matter"] = lambda meta: Markup(front_matter(meta))
    return env


def render(template: str, **context: Any) -> str:
    text = environment().get_template(template).render(**context)
    # Python-Markdown ends a raw HTML block at a blank line in some nestings: keep HTML blocks compact.
    return re.sub(r"\n{3,}", "\n\n", text)
