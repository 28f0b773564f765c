"""Bar charts of the catalog's quality, drawn at build time as inline SVG.

Maintainers and recognizers want to see at a glance how many credentials meet how many MPOS standards,
and which standards are met least often. The charts are drawn here, during the build, from the same
scorecards the pages show: no charting service, no JavaScript and no external file, so the site works
offline, leaks nothing to third parties, and the same inputs always give byte-identical SVG.

The catalog scores others on accessibility (QAS 13.1), so its charts meet WCAG 2.1 AA themselves: the SVG
is one image (``role="img"``) named and described by its own ``<title>`` and ``<desc>``; every bar carries
its value as text, so nobody has to read a length; bars have at least 3:1 and text at least 4.5:1
contrast against the white background the chart paints itself (so a dark theme cannot spoil it); and the
chart scales with ``viewBox`` and ``width="100%"``, with text sized to stay readable on a 375 px phone.
Colours are presentation attributes, never a ``<style>`` element, which in inline SVG would style the
whole page. Geometry is computed here; the markup lives in ``templates/chart_*.svg.j2``.
"""

from __future__ import annotations

import hashlib
import math
import re
import textwrap
from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined

BACKGROUND = "#ffffff"
BAR_COLOUR = "#3f51b5"  # Material indigo, the site's primary colour: 6.9:1 against white
NOT_MET_COLOUR = "#b3261e"  # red: 6.5:1 against white
UNVERIFIED_COLOUR = "#6b7280"  # grey: 4.8:1 against white
TEXT_COLOUR = "#1f2937"  # 14.7:1 against white
AXIS_COLOUR = "#4b5563"  # 7.6:1 against white
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"

WIDTH = 400  # viewBox units; at 375 px wide one unit is about 0.94 px, so 13-unit text stays readable
FONT_SIZE = 13
SMALL_FONT_SIZE = 12
_CHAR_WIDTH = 0.6  # average glyph width as a share of the font size, for reserving room for labels
_CHART_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class Bar:
    """One bar and its labels, with coordinates already formatted for the template."""

    value: int
    label: str
    count_label: str
    x: str
    y: str
    width: str
    height: str
    label_x: str
    label_y: str
    count_x: str
    count_y: str
    label_lines: tuple[str, ...] = ()
    axis_x: str = ""
    axis_y1: str = ""
    axis_y2: str = ""


@dataclass(frozen=True)
class Chart:
    """Everything a chart template needs: ids, texts, size, axis and bars."""

    id: str
    title: str
    description: str
    width: str
    height: str
    bars: list[Bar]
    x_label: str
    y_label: str
    axis: dict[str, str]
    font_size: str
    small_font_size: str
    line_height: str


def distribution_svg(counts: dict[int, int], *, total_standards: int = 13, title: str, description: str,
                     x_label: str | None = None, y_label: str = "Credentials", chart_id: str | None = None) -> str:
    """A column chart of how many credentials meet 0, 1, ... ``total_standards`` standards.

    ``counts`` maps a number of standards met to how many credentials meet that many; numbers left out
    count as zero. ``chart_id`` prefixes the ids of ``<title>`` and ``<desc>``; when it is not given it is
    derived from the chart's content, so it is stable across builds and differs between different charts.
    """
    if isinstance(total_standards, bool) or not isinstance(total_standards, int) or total_standards < 1:
        raise ValueError(f"total_standards must be a whole number of at least 1, not {total_standards!r}")
    for key, value in counts.items():
        if isinstance(key, bool) or not isinstance(key, int) or not 0 <= key <= total_standards:
            raise ValueError(f"counts has the key {key!r}; keys must be whole numbers from 0 to {total_standards}")
        _check_count(value, f"counts[{key}]")
    values = [counts.get(n, 0) for n in range(total_standards + 1)]
    x_label = x_label if x_label is not None else f"Standards met (of {total_standards})"

    left, right, top = 8.0, 8.0, 36.0  # room above for the y-axis label, then the tallest count
    plot_height = 180.0
    slot = (WIDTH - left - right) / len(values)
    longest = max(len(str(v)) for v in values)
    # Counts sit above their columns, without thousands separators to keep them narrow; shrink them only
    # when a count of many digits would not fit its column.
    count_size = min(float(SMALL_FONT_SIZE), round((slot - 2) / (longest * _CHAR_WIDTH), 1))
    baseline = top + plot_height
    scale = plot_height / max(max(values), 1)
    bar_width = slot * 0.7
    bars = []
    for n, value in enumerate(values):
        x = left + n * slot + (slot - bar_width) / 2
        height = value * scale
        bars.append(Bar(
            value=value, label=str(n), count_label=str(value),
            x=_num(x), y=_num(baseline - height), width=_num(bar_width), height=_num(height),
            label_x=_num(x + bar_width / 2), label_y=_num(baseline + FONT_SIZE + 4),
            count_x=_num(x + bar_width / 2), count_y=_num(baseline - height - 4),
        ))
    height = baseline + FONT_SIZE + 4 + 10 + FONT_SIZE + 8
    axis = {"x1": _num(left), "x2": _num(WIDTH - right), "y": _num(baseline),
            "x_label_x": _num(WIDTH / 2), "x_label_y": _num(height - 8),
            "y_label_x": _num(left), "y_label_y": _num(FONT_SIZE + 2), "count_size": _num(count_size)}
    chart = Chart(
        id=_chart_id(chart_id, "distribution", title, description, x_label, y_label, values),
        title=title, description=description, width=_num(WIDTH), height=_num(height), bars=bars,
        x_label=x_label, y_label=y_label, axis=axis, font_size=_num(FONT_SIZE),
        small_font_size=_num(SMALL_FONT_SIZE), line_height=_num(FONT_SIZE + 3),
    )
    return _environment().get_template("chart_distribution.svg.j2").render(chart=chart, colours=_colours())


OUTCOME_COLOURS = (("met", "Met", BAR_COLOUR), ("not-met", "Not met", NOT_MET_COLOUR),
                   ("unverified", "Not verifiable", UNVERIFIED_COLOUR))


@dataclass(frozen=True)
class Segment:
    """One outcome's part of a standard's bar."""

    kind: str
    value: int
    x: str
    width: str
    fill: str


@dataclass(frozen=True)
class OutcomeRow:
    """A standard: its name above its bar, the bar in three parts, and the counts in words below it."""

    label: str
    label_lines: tuple[str, ...]
    label_x: str
    label_y: str
    y: str
    height: str
    segments: tuple[Segment, ...]
    count_label: str
    count_y: str
    axis_y1: str
    axis_y2: str


def standards_outcomes_svg(per_standard: list[tuple[int, str, int, int, int]], total_credentials: int, *,
                           title: str, description: str, x_label: str | None = None,
                           chart_id: str | None = None) -> str:
    """Horizontal bars, one per standard, of how many of ``total_credentials`` credentials meet it, do not
    meet it, and cannot be verified from published information.

    ``per_standard`` holds ``(number, name, met, not met, not verifiable)`` in the order to draw them. The
    three parts of a bar are told apart by colour and by a thin gap, and the counts are written in words
    under each bar, so nobody has to read a colour or a length. Names are written above their bars, so long
    names stay readable on a narrow screen.
    """
    _check_count(total_credentials, "total_credentials")
    checked = []
    for number, name, *counts in per_standard:
        _check_count(number, "a standard's number")
        for count in counts:
            _check_count(count, f"a count of standard {number}")
        if sum(counts) > total_credentials:
            raise ValueError(f"standard {number} counts {sum(counts)} credentials, more than the "
                             f"{total_credentials} in the catalog")
        checked.append((number, str(name), tuple(counts)))
    x_label = x_label if x_label is not None else f"Credentials (of {total_credentials})"

    left, right, top = 8.0, 8.0, 8.0
    line = FONT_SIZE + 3
    bar_height = 14.0
    bar_left = left + 1  # clear of the zero line drawn at `left`
    scale = (WIDTH - bar_left - right) / max(total_credentials, 1)
    wrap_at = int((WIDTH - left - right) / (FONT_SIZE * _CHAR_WIDTH))
    legend = []
    x = left
    for kind, word, colour in OUTCOME_COLOURS:
        legend.append({"kind": kind, "word": word, "fill": colour, "x": _num(x), "text_x": _num(x + 16),
                       "y": _num(top), "text_y": _num(top + 11)})
        x += 16 + len(word) * SMALL_FONT_SIZE * _CHAR_WIDTH + 16
    rows = []
    y = top + 12 + 14
    for number, name, counts in checked:
        lines = tuple(textwrap.wrap(f"{number}. {name}", wrap_at) or [f"{number}."])
        bar_y = y + len(lines) * line + 2
        segments = []
        at = bar_left
        for (kind, _, colour), count in zip(OUTCOME_COLOURS, counts, strict=True):
            segments.append(Segment(kind, count, _num(at), _num(count * scale), colour))
            at += count * scale
        words = " · ".join(f"{count} {word.lower()}" for (_, word, _), count in zip(OUTCOME_COLOURS, counts,
                                                                                    strict=True))
        rows.append(OutcomeRow(
            label=f"{number}. {name}", label_lines=lines, label_x=_num(left), label_y=_num(y + FONT_SIZE),
            y=_num(bar_y), height=_num(bar_height), segments=tuple(segments), count_label=words,
            count_y=_num(bar_y + bar_height + SMALL_FONT_SIZE + 2), axis_y1=_num(bar_y - 2),
            axis_y2=_num(bar_y + bar_height + 2)))
        y = bar_y + bar_height + SMALL_FONT_SIZE + 12
    height = y + FONT_SIZE + 10
    axis = {"x": _num(left), "x_label_x": _num(left), "x_label_y": _num(height - 8)}
    chart = Chart(
        id=_chart_id(chart_id, "standards", title, description, x_label, total_credentials, checked),
        title=title, description=description, width=_num(WIDTH), height=_num(height), bars=[],
        x_label=x_label, y_label="", axis=axis, font_size=_num(FONT_SIZE),
        small_font_size=_num(SMALL_FONT_SIZE), line_height=_num(line),
    )
    return _environment().get_template("chart_standards.svg.j2").render(chart=chart, rows=rows, legend=legend,
                                                                         colours=_colours())


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("site_plugins", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)


def _colours() -> dict[str, str]:
    return {"background": BACKGROUND, "bar": BAR_COLOUR, "text": TEXT_COLOUR, "axis": AXIS_COLOUR,
            "font_family": FONT_FAMILY}


def _check_count(value: object, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{what} must be a whole number of 0 or more, not {value!r}")


def _chart_id(given: str | None, kind: str, *content: object) -> str:
    """The caller's id, or one derived from the content: stable across builds, distinct between charts."""
    if given is not None:
        if not _CHART_ID.match(given):
            raise ValueError(f"chart_id {given!r} must start with a letter and hold only letters, digits, - and _")
        return given
    digest = hashlib.sha256(repr(content).encode("utf-8")).hexdigest()[:10]
    return f"chart-{kind}-{digest}"


def _num(value: float) -> str:
    """Coordinates with at most one decimal, written the same way on every platform."""
    rounded = round(value + 0.0, 1)
    if rounded == 0:
        return "0"
    return str(int(rounded)) if math.isclose(rounded, round(rounded)) else f"{rounded:.1f}"
