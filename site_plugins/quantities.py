"""Money, hours and durations as the catalog writes them: one wording for pages, cards and exports.

Each takes a stated number; an unknown amount never reaches these (the model's Fact says it is unknown,
and the caller says so in words), so nothing here turns "not published" into "Free" or 0 hours.
"""

from __future__ import annotations


def money(amount: float | int, currency: str = "USD") -> str:
    """``Free``, ``$150`` or ``EUR 20.50``."""
    if amount == 0:
        return "Free"
    symbol = "$" if currency == "USD" else f"{currency} "
    text = f"{amount:,.2f}".removesuffix(".00")
    return f"{symbol}{text}"


def hours(value: float | int) -> str:
    """``15 hours``, ``1 hour``, ``2.5 hours``."""
    return f"{value:g} hour{'s' if value != 1 else ''}"


def iso_duration(hours_value: float | int) -> str:
    """Hours as an ISO 8601 duration: 12 -> PT12H, 1.5 -> PT1H30M, 0.25 -> PT15M."""
    seconds = round(float(hours_value) * 3600)
    if seconds <= 0:
        return "PT0S"
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return "PT" + "".join(f"{n}{unit}" for n, unit in ((h, "H"), (m, "M"), (s, "S")) if n)
