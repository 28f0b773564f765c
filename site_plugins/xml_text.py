"""XML files (the Atom feed, the quality badge) written by an XML library, never by string templates.

``xml.sax.saxutils.XMLGenerator`` escapes text and attribute values; what it cannot make well-formed
(characters XML 1.0 does not allow at all, such as control characters) is refused with ``XmlError``
instead of being written, so a feed reader or an ``<img>`` never gets a file it cannot parse. Validation
refuses those characters in catalog values already: this is the last line, not the first.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import XMLGenerator

from .safe_text import character_name

# Not in XML 1.0's Char production: C0 controls other than tab, LF and CR; surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
INDENT = "  "


class XmlError(Exception):
    """A text that XML cannot hold; the message names the character and where it was going."""


@dataclass
class Element:
    """An element: its attributes in the order written, then either text or children. ``inline``
    elements are written on one line with their children (``<author><name>…</name></author>``)."""

    tag: str
    attributes: dict[str, str] = field(default_factory=dict)
    children: Sequence[Element] = ()
    text: str | None = None
    inline: bool = False


def to_xml(root: Element, *, declaration: bool = True) -> str:
    """``root`` as UTF-8 XML text, two-space indented, ending in a newline."""
    out = io.StringIO()
    writer = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)
    if declaration:
        writer.startDocument()
    _write(writer, root, 0)
    writer.characters("\n")
    return out.getvalue()


def _write(writer: XMLGenerator, element: Element, depth: int, inline: bool = False) -> None:
    for name, value in element.attributes.items():
        _check(value, f"the attribute {name} of <{element.tag}>")
    writer.startElement(element.tag, element.attributes)
    if element.text is not None:
        _check(element.text, f"<{element.tag}>")
        writer.characters(element.text)
    for child in element.children:
        if not (inline or element.inline):
            writer.characters("\n" + INDENT * (depth + 1))
        _write(writer, child, depth + 1, inline or element.inline)
    if element.children and not (inline or element.inline):
        writer.characters("\n" + INDENT * depth)
    writer.endElement(element.tag)


def _check(text: str, where: str) -> None:
    bad = _NOT_XML.search(text)
    if bad:
        raise XmlError(f"{where} would hold {character_name(bad.group())}, which XML cannot hold; remove it "
                       "from the catalog text it comes from.")


# ---- the two files ----------------------------------------------------------------------------------------


def atom_feed(site_url: str, site_name: str, entries: Sequence[dict[str, str]], updated: str) -> str:
    """The Atom feed of credentials (``feed.xml``), newest first as ``entries`` are given."""
    head = [
        Element("title", text=f"{site_name}: credentials added or changed"),
        Element("id", text=f"{site_url}feed.xml"),
        Element("link", {"rel": "self", "href": f"{site_url}feed.xml"}),
        Element("link", {"href": f"{site_url}credentials/"}),
        Element("updated", text=updated),
    ]
    items = [
        Element("entry", children=[
            Element("title", text=e["title"]),
            Element("id", text=e["url"]),
            Element("link", {"href": e["url"]}),
            Element("updated", text=e["updated"]),
            Element("author", children=[Element("name", text=e["issuer"])], inline=True),
            Element("summary", text=e["summary"]),
        ])
        for e in entries
    ]
    return to_xml(Element("feed", {"xmlns": "http://www.w3.org/2005/Atom"}, [*head, *items]))


def badge_svg(*, id: str, title: str, label: str, value: str, height: int, label_width: int, value_width: int,
              width: int, padding: int, label_colours: tuple[str, str], value_colours: tuple[str, str],
              level: str) -> str:
    """The embeddable quality badge: each segment a <g> holding its background <rect> and its <text> (so a
    test can check the contrast of every text against the fill behind it); screen readers read the <title>."""

    def segment(name: str, x: int, seg_width: int, colours: tuple[str, str], text: str) -> Element:
        return Element("g", {"class": name, "aria-hidden": "true"}, [
            Element("rect", {"x": str(x), "y": "0", "width": str(seg_width), "height": str(height),
                             "fill": colours[1]}),
            Element("text", {"x": str(x + padding), "y": "14", "fill": colours[0],
                             "textLength": str(seg_width - 2 * padding), "lengthAdjust": "spacingAndGlyphs"},
                    text=text),
        ])

    root = Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg", "role": "img", "aria-labelledby": f"{id}-title",
        "width": str(width), "height": str(height), "viewBox": f"0 0 {width} {height}",
        "font-family": "Verdana,'DejaVu Sans',sans-serif", "font-size": "11", "lang": "en",
    }, [
        Element("title", {"id": f"{id}-title"}, text=title),
        segment("segment label", 0, label_width, label_colours, label),
        segment(f"segment value value--{level}", label_width, value_width, value_colours, value),
        Element("rect", {"x": "0.5", "y": "0.5", "width": str(width - 1), "height": str(height - 1), "fill": "none",
                         "stroke": label_colours[1]}),
    ])
    return to_xml(root, declaration=False)
