"""The embeddable quality badge (credentials/<id>/badge.svg): "MPOS N/13 · tier", the same bytes every run."""

from __future__ import annotations

from .. import xml_text
from ..pipeline import Build

# Text on background, as in the site's light palette (assets/catalog.css): each pair is 7:1 or better.
COLOURS = {
    "label": ("#ffffff", "#263238"),
    "high": ("#1b5e20", "#e8f5e9"),
    "mid": ("#6d4c00", "#fff3cd"),
    "low": ("#37474f", "#eceff1"),
}
_CHAR_WIDTH = 6.6  # average advance of 11px Verdana/DejaVu Sans; textLength makes the text fit exactly
_PADDING = 6


def badge_svg(build: Build, cid: str) -> str:
    """An accessible SVG badge (role="img" with a <title> that reads the whole headline)."""
    card = build.score(cid)
    value = f"{card.standards_met}/{card.standards_total} · {card.tier}"
    label_text = "MPOS"
    label_width = round(len(label_text) * _CHAR_WIDTH + 2 * _PADDING)
    value_width = round(len(value) * _CHAR_WIDTH + 2 * _PADDING)
    title = f"Catalog quality badge for {card.title}: {card.badge_text} (as of {card.as_of})"
    if build.credentials[cid].illustrative:
        title += ". Illustrative entry, not a real offering"
    return xml_text.badge_svg(
        id=f"credcat-badge-{cid}", title=title, label=label_text, value=value, height=20,
        label_width=label_width, value_width=value_width, width=label_width + value_width, padding=_PADDING,
        label_colours=COLOURS["label"], value_colours=COLOURS[card.level], level=card.level,
    )
