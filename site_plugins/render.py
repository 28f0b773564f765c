"""Build step 5b: render view models to page sources with Jinja templates, safely.

Everything a contributor writes is untrusted. Plain-text fields are escaped by Jinja's autoescape; the
Markdown ``description`` is converted here and cleaned by nh3 (Ammonia) to a short list of tags; links
keep only http, https and mailto. A page source is Markdown with YAML front matter whose body is mostly
HTML blocks, so MkDocs and Material lay it out (navigation, table of contents, search) like any page.

MkDocs reads code fences (lines of ``` or ~~~) before it sets HTML blocks aside, so a fence in a text would
cut the block open: every backtick and tilde that comes from data is written as a character reference,
which reads the same in HTML and means nothing to Markdown. A value a template tests but the record
leaves out (``{% if c.x.y %}``) is false, not an error; printing a missing value still is one.
"""

from __future__ import annotations

import html
import re
import threading
from functools import cache
from typing import Any

import markdown
import nh3
import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape

from .urls import is_safe_url

ALLOWED_TAGS = {"p", "ul", "ol", "li", "em", "strong", "a", "code", "blockquote", "br", "h3", "h4", "pre"}
URL_SCHEMES = {"http", "https", "mailto"}


def safe_url(value: Any) -> str:
    """The URL when it is a usable http(s) or mailto address, else an empty string (so no `javascript:` ever
    lands in a page). Validation refuses, by the same rule (urls.py), every catalog URL this would drop."""
    return value if is_safe_url(value) else ""


def script_json(text: str) -> Markup:
    """JSON text made safe inside a ``<script>`` element: ``<``, ``>`` and ``&`` as JSON escapes, so no
    catalog text can close the element or open a comment; the data parses to the same value."""
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def prose(text: Any) -> Markup:
    """Contributor Markdown as clean HTML: a few formatting tags, safe links, nothing executable."""
    if not isinstance(text, str) or not text.strip():
        return Markup("")
    html = _markdown_to_html(text)
    # Headings inside a description sit below the page's own section headings.
    html = re.sub(r"<(/?)h[1-2]>", r"<\1h3>", html)
    return Markup(_no_fences(_cleaner().clean(html)))


@cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}}, url_schemes=URL_SCHEMES,
                       link_rel="noopener noreferrer nofollow")


_CONVERTERS = threading.local()


def _markdown_to_html(text: str) -> str:
    """``markdown.markdown`` with one converter per thread, reset between texts (building a converter costs
    more than converting a description). A converter that raised is dropped, not reused."""
    converter = getattr(_CONVERTERS, "markdown", None)
    if converter is None:
        converter = _CONVERTERS.markdown = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    try:
        return converter.reset().convert(text)
    except BaseException:
        _CONVERTERS.markdown = None
        raise


_TICKS = re.compile(r"`([^`<>]+)`")
# LibYAML's emitter when PyYAML has it: the same YAML as the pure-Python one, in a fraction of the time.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def ticks(text: Any) -> Markup:
    """Plain text in which `field names` in backticks become <code>: scorecard rationales name fields so."""
    escaped = str(Markup.escape(text if text is not None else ""))
    return Markup(_no_fences(_TICKS.sub(r"<code>\1</code>", escaped)))


def _no_fences(html_text: str) -> str:
    """HTML (escaped already) with backticks and tildes as character references: no code fence can form."""
    return html_text.replace("`", "&#96;").replace("~", "&#126;")


@pass_context
def _finalize(context: Context, value: Any) -> Any:
    """What every ``{{ expression }}`` of a page source (``.md.j2``, which MkDocs reads as Markdown) prints:
    escaped as autoescape would, with no fence characters. Other templates print as autoescape does."""
    if (isinstance(value, Markup) or value is None or isinstance(value, bool | int | float)
            or not (context.name or "").endswith(".md.j2")):
        return value
    return Markup(_no_fences(str(escape(value))))


class OptionalUndefined(StrictUndefined):
    """A value the record leaves out: false in a test and empty to ``.get``-style checks, an error when
    printed, iterated or compared (so a template that prints a field without checking it still fails
    its tests)."""

    def __bool__(self) -> bool:
        return False


def front_matter(meta: dict[str, Any]) -> str:
    """YAML front matter with every text HTML-escaped: MkDocs themes print ``page.title`` and the
    description into the page (the heading, ``<title>``, a ``content`` attribute) without escaping."""
    escaped = {k: html.escape(v, quote=True) if isinstance(v, str) else v for k, v in meta.items()}  # lists stay
    return "---\n" + yaml.dump(escaped, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("site_plugins", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "md", "j2", "xml"), default_for_string=True),
        undefined=OptionalUndefined,
        finalize=_finalize,
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
