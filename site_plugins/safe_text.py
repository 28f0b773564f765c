"""Contributor text made inert for where it goes besides the site: a terminal, a CI log, Markdown.

Validation refuses control characters in catalog values, but output also quotes what validation has not
accepted (an unknown field's name, a file's name, a value in an error message): whatever reaches a
terminal has its control characters and bidirectional overrides written as visible escapes, so nothing
clears a screen, moves the cursor or reorders a line. Markdown for pull-request job summaries and comments
has its markup escaped, so a title cannot become an image, a link, HTML or a mention there.
"""

from __future__ import annotations

import re

# Bidirectional embeddings, overrides and isolates (and the marks, which are invisible), line and paragraph
# separators: they reorder or break what a reader sees without being visible themselves.
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_TERMINAL = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f{BIDI}\u2028\u2029]")
# Characters a catalog value may not hold: control characters other than tab and line feed, lone
# surrogates (which cannot be written as UTF-8) and the non-characters XML 1.0 refuses.
_NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NAMES = {"\x00": "NUL", "\x1b": "escape", "\x7f": "delete", "\x08": "backspace", "\x0c": "form feed",
          "\x0b": "vertical tab", "\x07": "bell", "\r": "carriage return", "\x85": "next line"}
# CommonMark lets any ASCII punctuation be escaped with a backslash, and then it is plain text. Escaped are
# the characters that start markup anywhere on a line (emphasis, code, links, images, HTML, tables,
# strikethrough, math, entities, issue references) and, at the start of the text, the ones that start a
# block (list, heading underline, quote); hyphens, full stops and brackets inside a sentence stay readable.
_MARKDOWN_PUNCTUATION = re.compile(r"[\\`*_\[\]<>|!#~&$^{}]|^[-+=>:]|(?<=^\d)[.)]|(?<=^\d\d)[.)]")
# GitHub links bare web addresses and e-mail addresses and notifies @names: a word joiner (invisible) after
# the characters that start them keeps the text readable and inert.
_AUTOLINK = re.compile(r"@|(?<=:)(?=//)|(?<![\w.])www(?=\.)", re.IGNORECASE)
_JOINER = "\u2060"


def character_name(char: str) -> str:
    """A character as a contributor can find it in an editor: its code point, and its name when known."""
    code = f"U+{ord(char):04X}"
    name = _NAMES.get(char)
    if name:
        return f"the control character {code} ({name})"
    return f"the control character {code}" if ord(char) < 0xA0 else f"the character {code}"


def first_unwritable(text: str) -> re.Match[str] | None:
    """The first character of ``text`` a catalog value may not hold, if any."""
    return _NOT_TEXT.search(text)


def terminal(text: str, *, line_breaks: bool = False) -> str:
    """``text`` on one line for a terminal or a log: control characters (line breaks too, unless
    ``line_breaks``), bidirectional controls and separators written as ``\\x1b`` or ``\\u202e`` escapes;
    tabs kept."""
    if line_breaks:
        return _TERMINAL.sub(lambda m: m.group() if m.group() in "\r\n" else _escape(m), text)
    return _TERMINAL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def markdown_text(text: object) -> str:
    """Plain text for a place that renders Markdown: one line, every markup character escaped, no
    automatic links or mentions."""
    return _markdown(str(text)).strip()


def _markdown(text: str) -> str:
    line = re.sub(r"\s+", " ", terminal(text))
    line = _AUTOLINK.sub(lambda m: m.group() + _JOINER, line)
    return _MARKDOWN_PUNCTUATION.sub(lambda m: "\\" + m.group(), line.lstrip())


def markdown_ticks(text: object) -> str:
    """``markdown_text`` for a table cell, except that `field names` in backticks stay code spans
    (scorecard rationales name fields so); a code span shows its content as written, markup included."""
    parts = re.split(r"`([^`\n]{1,200})`", str(text))
    out = []
    for index, part in enumerate(parts):
        out.append(markdown_code(part, in_table=True) if index % 2 else _markdown(part))
    return "".join(out).strip()


def markdown_code(text: object, *, in_table: bool = False) -> str:
    """Text as a Markdown code span: shown as written (a backtick inside becomes a quote; in a table cell,
    ``|`` is escaped, as GitHub tables need even inside code)."""
    inner = re.sub(r"\s+", " ", terminal(str(text))).replace("`", "'").strip()
    if in_table:
        inner = inner.replace("|", "\\|")
    return f"`{inner}`" if inner else ""
