"""Markdown descriptions checked the way the build converts them, within a budget of depth and work.

Python-Markdown recurses once per level of nested lists and quotes (a few hundred levels exhaust Python's
stack) and, for every ``[``, ``(`` or ``<`` left open, scans the rest of its paragraph again, so its time
grows with the square of such a paragraph. Validation runs ``render.prose`` (Markdown to clean HTML, as
every page does) on each description, after two deterministic checks that keep it far from both limits:

- nesting: how deep lists and quotes go, read from the source (indentation and chained markers such as
  ``- - -`` or ``> >``) and from the HTML that comes out (raw ``<ul>`` tags nest too);
- work: for each paragraph, the brackets left open times the paragraph's length.

A wall-clock limit is the last guard, for a costly pattern the two checks do not model: past it the
conversion is interrupted (where a timer signal is available) and reported. Each limit gives a located
problem that says what to simplify.
"""

from __future__ import annotations

import re
import signal
import threading
import time
from collections.abc import Callable

MAX_NESTING = 16
# Open brackets times characters, per paragraph: 2,000,000 takes about half a second in the worst case
# measured (0.3 µs per unit), while a long paragraph with a few stray brackets stays under 100,000.
MAX_WORK = 2_000_000
TIME_LIMIT = 2.0  # seconds
# A text this short with no ``<`` (so no raw HTML that nests) is converted in well under a millisecond once
# the two checks above pass: there is nothing left to measure, and validation skips the conversion.
SHORT_PLAIN = 2_000

_MARKERS = re.compile(r"(?:>|[-*+](?=[ \t]|$)|[0-9]{1,9}[.)](?=[ \t]|$))[ \t]*")
_PAIRS = (("[", "]"), ("(", ")"), ("<", ">"))
_NESTING_TAG = re.compile(r"<(/?)(ul|ol|blockquote)\b[^>]*>", re.IGNORECASE)


class _Timeout(Exception):
    pass


def problem(text: str, convert: Callable[[str], str]) -> str | None:
    """What to simplify in the Markdown ``text`` for ``convert`` (``render.prose``) to handle it, or None."""
    depth = source_nesting(text)
    if depth > MAX_NESTING:
        return _too_deep(depth)
    work, paragraph = costliest_paragraph(text)
    if work > MAX_WORK:
        return (f"has a paragraph (starting at its line {paragraph}) with so many [, ( or < left open that "
                "converting it to a web page would take too long; close each bracket, write a literal bracket as "
                "\\[ or \\(, or split the paragraph.")
    if len(text) <= SHORT_PLAIN and "<" not in text:
        return None
    try:
        html = within(TIME_LIMIT, convert, text)
    except RecursionError:
        return _too_deep(None)
    except _Timeout:
        return (f"takes more than {TIME_LIMIT:g} seconds to convert to a web page; simplify it: fewer brackets "
                "and symbols, shorter paragraphs, less nesting.")
    depth = html_nesting(html)
    return _too_deep(depth) if depth > MAX_NESTING else None


def _too_deep(depth: int | None) -> str:
    levels = f"{depth} levels" if depth else "too many levels"
    return (f"nests lists or quotes {levels} deep; the site shows at most {MAX_NESTING}. Simplify the nested lists "
            "or quotes.")


def source_nesting(text: str) -> int:
    """The deepest nesting a line of ``text`` can open: its indentation in steps of four columns (as
    Markdown nests lists), plus the list and quote markers that start it."""
    deepest = 0
    for line in text.split("\n"):
        expanded = line.expandtabs(4)
        body = expanded.lstrip(" ")
        level = (len(expanded) - len(body)) // 4
        position = 0
        while True:
            marker = _MARKERS.match(body, position)
            if marker is None or marker.end() == position:
                break
            level += 1
            position = marker.end()
        deepest = max(deepest, level)
    return deepest


def costliest_paragraph(text: str) -> tuple[int, int]:
    """(open brackets times length, first line) of the costliest paragraph of ``text`` past ``MAX_WORK``, or
    (0, 1) when none is: Markdown's inline parsing costs that much there."""
    worst, worst_line = 0, 1
    line = 1
    for block in re.split(r"(\n[ \t]*\n)", text):
        at_most = sum(block.count(opener) for opener, _ in _PAIRS) * len(block)  # most paragraphs stop here
        if at_most > MAX_WORK:
            work = sum(_unmatched(block, opener, closer) for opener, closer in _PAIRS) * len(block)
            if work > worst:
                worst, worst_line = work, line
        line += block.count("\n")
    return worst, worst_line


def _unmatched(block: str, opener: str, closer: str) -> int:
    open_count = 0
    for char in block:
        if char == opener:
            open_count += 1
        elif char == closer and open_count:
            open_count -= 1
    return open_count


def html_nesting(html: str) -> int:
    """How deep lists and quotes nest in converted, cleaned HTML."""
    depth = deepest = 0
    for match in _NESTING_TAG.finditer(html):
        depth = max(0, depth - 1) if match.group(1) else depth + 1
        deepest = max(deepest, depth)
    return deepest


def within(seconds: float, function: Callable[[str], str], argument: str) -> str:
    """``function(argument)``, interrupted after ``seconds`` by a timer signal when this is the main thread
    of a process that offers one; elsewhere (a server's build thread) the time is checked afterwards."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        started = time.monotonic()
        result = function(argument)
        if time.monotonic() - started > seconds:
            raise _Timeout
        return result

    def expire(signum: int, frame: object) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return function(argument)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
