"""Text for exports: contributor Markdown as plain text, and the criteria narrative recognizers read."""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from typing import Any

import markdown

from ..model import Credential
from ..render import safe_url


class _PlainText(HTMLParser):
    """Rendered Markdown back to readable plain text: paragraphs, "- " list items, links as "text (url)"."""

    BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol"})
    HIDDEN = frozenset({"script", "style", "template"})  # raw HTML whose content is not text

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str, int]] = []  # (safe href, where its text starts in parts)
        self.lists: list[int] = []  # per open list: 0 for bullets, else the next number
        self.pre = 0
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in ("ul", "ol"):
            self.lists.append(1 if tag == "ol" else 0)
        elif tag == "li":
            number = self.lists[-1] if self.lists else 0
            self.parts.append(f"\n{number}. " if number else "\n- ")
            if number:
                self.lists[-1] += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "pre":
            self.pre += 1
        elif tag == "a":
            self.links.append((safe_url(dict(attrs).get("href") or ""), len(self.parts)))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        if tag == "a" and self.links:
            href, start = self.links.pop()
            if href and "".join(self.parts[start:]).strip() != href:
                self.parts.append(f" ({href})")
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data if self.pre else re.sub(r"\s+", " ", data))

    def text(self) -> str:
        text = "".join(self.parts)
        text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text)
        text = re.sub(r"^(-|\d+\.) +", r"\1 ", text, flags=re.MULTILINE)
        # loose list items (each in a <p>) read as one list, not as paragraphs
        return re.sub(r"^((?:-|\d+\.) [^\n]*)\n\n(?=(?:-|\d+\.) )", r"\1\n", text, flags=re.MULTILINE).strip()


def plain_text(markdown_text: Any) -> str:
    """Contributor Markdown as plain text (no markup, no HTML)."""
    if not isinstance(markdown_text, str) or not markdown_text.strip():
        return ""
    return _plain_text(markdown_text)


@functools.lru_cache(maxsize=4096)
def _plain_text(markdown_text: str) -> str:
    # The Achievement and the JSON-LD both describe the credential: convert each description once.
    parser = _PlainText()
    parser.feed(markdown.markdown(markdown_text, extensions=["sane_lists"], output_format="html"))
    parser.close()
    return parser.text()


ILLUSTRATIVE_NOTE = "Illustrative entry: a sample written to show how the catalog works, not a real offering."


def one_line(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


def md(text: Any) -> str:
    """Contributor plain text made safe to place inside Markdown: one line, markup characters escaped."""
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", one_line(text))


def description_text(credential: Credential) -> str:
    """The summary, then the description, as plain text (after the illustrative note, for a sample)."""
    parts = [ILLUSTRATIVE_NOTE if credential.illustrative else "", one_line(credential.summary),
             plain_text(credential.description)]
    return "\n\n".join(p for p in parts if p)


def criteria_narrative(credential: Credential) -> str:
    """Markdown a recognizer can read: the competency, each criterion with what proficient looks like and
    the evidence it is judged on (by title), the pass rule, and where the facts come from. What the issuer
    does not publish is said so, never filled in."""
    evaluation = credential.evaluation
    titles = {e.id: e.title for e in credential.evidence.items}
    lines = [f"Earners demonstrate this competency: {md(credential.competency.statement)}", ""]
    if evaluation.criteria.stated:
        levels = evaluation.levels.items
        judged = f" (levels: {', '.join(md(level) for level in levels)})" if levels else ""
        lines += [f"An assessor judges the submitted evidence against each criterion{judged}:", ""]
        for number, criterion in enumerate(evaluation.criteria.items, start=1):
            lines.append(f"{number}. **{md(criterion.criterion)}**")
            if criterion.proficient.stated:
                lines.append(f"   - Proficient: {md(criterion.proficient.value)}")
            used = [md(titles.get(ref, ref)) for ref in criterion.evidence.items]
            if used:
                lines.append(f"   - Evidence: {'; '.join(used)}")
    elif evaluation.criteria.not_published:
        lines.append("The issuer does not publish its evaluation criteria.")
    if evaluation.pass_rule.stated:
        lines += ["", f"To earn the credential: {md(evaluation.pass_rule.value)}"]
    if credential.sources:
        read = [f"[{md(s.title)}]({s.url})" + (f", read on {s.accessed.isoformat()}" if s.accessed else "")
                for s in credential.sources if safe_url(s.url)]
        lines += ["", "Where these facts come from: " + "; ".join(read) + "."]
    return "\n".join(lines) + "\n"


def unique(values: Any) -> list[str]:
    seen: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return seen
