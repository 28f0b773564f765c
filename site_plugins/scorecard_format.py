"""Scorecards as text for a terminal, Markdown for a pull-request comment, and JSON for machines.

Each shows the three outcomes apart (met, not met, not verifiable from published information) and the
headline, so nobody reads "not published" as "fails".
"""

from __future__ import annotations

import json
import textwrap

from jinja2 import Environment, PackageLoader, StrictUndefined

from .rules import Outcome
from .safe_text import markdown_code, markdown_text, markdown_ticks, terminal
from .scoring import Scorecard, StandardResult

_GREEN, _RED, _YELLOW, _BOLD, _RESET = "\033[32m", "\033[31m", "\033[33m", "\033[1m", "\033[0m"
_COLOURS = {Outcome.MET: _GREEN, Outcome.NOT_MET: _RED, Outcome.NOT_PUBLISHED: _YELLOW}
_SIGNS = {Outcome.MET: "✓", Outcome.NOT_MET: "✗", Outcome.NOT_PUBLISHED: "?"}
MARKS = {Outcome.MET: "✅ Met", Outcome.NOT_MET: "❌ Not met", Outcome.NOT_PUBLISHED: "❔ Not verifiable"}


def as_json(card: Scorecard) -> str:
    return json.dumps(card.to_json(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def as_json_line(card: Scorecard) -> str:
    """One compact line per scorecard (JSON Lines), for ``score --all``: the C encoder, no indentation."""
    return json.dumps(card.to_json(), ensure_ascii=False, separators=(",", ":"))


def components_summary(card: Scorecard) -> str:
    """"10 of 28 components met · 12 not verifiable · 6 not met"."""
    text = f"{card.components_met} of {card.components_total} components met"
    if card.components_not_published:
        text += f" · {card.components_not_published} not verifiable"
    if card.components_not_met:
        text += f" · {card.components_not_met} not met"
    return text


def _standard_count(standard: StandardResult) -> str:
    text = f"{standard.components_met}/{standard.components_total} met"
    unknown = standard.components_not_published
    return f"{text}, {unknown} not verifiable" if unknown else text


def as_text(card: Scorecard, *, color: bool = False, width: int = 100) -> str:
    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    # Every text from a file goes through `terminal` before colour is added: nothing in it reaches the
    # terminal as a control sequence.
    t = terminal
    lines = [
        paint(t(f"{card.title} ({card.id})"), _BOLD),
        t(card.badge_text),
        t(f"{components_summary(card)} · as of {card.as_of}"),
        t(f"Rubric: {card.edition.get('name', '')} ({card.edition.get('date', '')})"),
        t(f"Review: {card.review_status}"),
        "",
    ]
    for standard in card.standards:
        mark = paint(f"{standard.outcome.label:<14}", _COLOURS[standard.outcome])
        lines.append(f"{mark}  QAS {standard.id:<2} {t(standard.name)} ({_standard_count(standard)})")
        for comp in (c for c in card.components if c.standard == standard.id):
            lines.append(f"    {paint(_SIGNS[comp.outcome], _COLOURS[comp.outcome])} {t(comp.id):<5} {t(comp.name)}")
            lines.extend(textwrap.wrap(t(comp.rationale), width=max(40, width), initial_indent=" " * 12,
                                       subsequent_indent=" " * 12))
    return "\n".join(lines) + "\n"


def as_line(card: Scorecard) -> str:
    """One line per credential, for ``credcat score --all``: its standards, components and tier."""
    overdue = " · review overdue" if card.review_overdue else ""
    return terminal(f"{card.id}\t{card.standards_met}/{card.standards_total} standards met, "
                    f"{card.standards_not_verifiable} not verifiable\t{card.components_met}/{card.components_total} "
                    f"components met, {card.components_not_published} not verifiable\t{card.tier}{overdue}")


def as_markdown(card: Scorecard, previous: Scorecard | None = None) -> str:
    env = Environment(loader=PackageLoader("site_plugins", "templates"), undefined=StrictUndefined,
                      autoescape=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    # Markdown for a job summary or a pull-request comment: text from files is escaped there (no image,
    # link, HTML or mention can come from a title or a reviewer's name).
    env.filters["text"] = markdown_text
    env.filters["ticks"] = markdown_ticks
    env.filters["code"] = markdown_code
    env.filters["mark"] = MARKS.__getitem__
    before = {c.id: c.outcome for c in previous.components} if previous else {}
    return env.get_template("scorecard.md.j2").render(card=card, previous=previous, before=before,
                                                      components=components_summary)
