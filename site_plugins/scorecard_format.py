"""Scorecards as text for a terminal, Markdown for a pull-request comment, and JSON for machines."""

from __future__ import annotations

import json
import textwrap

from jinja2 import Environment, PackageLoader, StrictUndefined

from .safe_text import markdown_code, markdown_text, markdown_ticks, terminal
from .scoring import Scorecard

_GREEN, _RED, _BOLD, _RESET = "\033[32m", "\033[31m", "\033[1m", "\033[0m"


def as_json(card: Scorecard) -> str:
    return json.dumps(card.to_json(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def as_json_line(card: Scorecard) -> str:
    """One compact line per scorecard (JSON Lines), for ``score --all``: the C encoder, no indentation."""
    return json.dumps(card.to_json(), ensure_ascii=False, separators=(",", ":"))


def as_text(card: Scorecard, *, color: bool = False, width: int = 100) -> str:
    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    # Every text from a file goes through `terminal` before colour is added: nothing in it reaches the
    # terminal as a control sequence.
    t = terminal
    lines = [
        paint(t(f"{card.title} ({card.id})"), _BOLD),
        t(f"{card.badge_text} · {card.components_met}/{card.components_total} components · as of {card.as_of}"),
        t(f"Rubric: {card.edition.get('name', '')} ({card.edition.get('date', '')})"),
        t(f"Review: {card.review_status}"),
        "",
    ]
    for standard in card.standards:
        mark = paint("Met    ", _GREEN) if standard.met else paint("Not met", _RED)
        count = f"{standard.components_met}/{standard.components_total}"
        lines.append(f"{mark}  QAS {standard.id:<2} {t(standard.name)} ({count})")
        for comp in (c for c in card.components if c.standard == standard.id):
            sign = paint("✓", _GREEN) if comp.met else paint("✗", _RED)
            lines.append(f"    {sign} {t(comp.id):<5} {t(comp.name)}")
            lines.extend(textwrap.wrap(t(comp.rationale), width=max(40, width), initial_indent=" " * 12,
                                       subsequent_indent=" " * 12))
    return "\n".join(lines) + "\n"


def as_line(card: Scorecard) -> str:
    """One line per credential, for ``credcat score --all``."""
    overdue = " · review overdue" if card.review_overdue else ""
    return terminal(f"{card.id}\t{card.standards_met}/{card.standards_total} standards\t"
                    f"{card.components_met}/{card.components_total} components\t{card.tier}{overdue}")


def as_markdown(card: Scorecard, previous: Scorecard | None = None) -> str:
    env = Environment(loader=PackageLoader("site_plugins", "templates"), undefined=StrictUndefined,
                      autoescape=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    # Markdown for a job summary or a pull-request comment: text from files is escaped there (no image,
    # link, HTML or mention can come from a title or a reviewer's name).
    env.filters["text"] = markdown_text
    env.filters["ticks"] = markdown_ticks
    env.filters["code"] = markdown_code
    before = {c.id: c.met for c in previous.components} if previous else {}
    return env.get_template("scorecard.md.j2").render(card=card, previous=previous, before=before)
