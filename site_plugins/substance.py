"""Which stated text is evidence: the rubric file's ``substance:`` words, applied.

A contributor writes what the issuer's page says. Pages often answer with a pointer ("Information about
assessor training is available on request", "See the program handbook", "Pending state approval"): such a
text is stated, but it cannot be verified, so scoring counts it as not published (rules.py). Criteria must
name something one could observe, and a title must share a word with the competency it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_PHRASE_WORDS = 20  # the most words that carry meaning a pointer phrase can hold ("information about ... on request")


@dataclass(frozen=True)
class Substance:
    """What the rubric file says about text that is not evidence (its ``substance:`` section).

    ``unavailable``: phrases saying the information is not available, pending, elsewhere or on request.
    A text holding one, with fewer than ``min_content_words`` other words that carry meaning, only points
    elsewhere: "Available on request" does, "Assessors calibrate on anchor sets each term; the anchors
    are available on request" does not. ``generic``: words that name nothing observable in a criterion
    ("criterion", "meets", "level"), and nothing a title could be about ("micro", "credential").
    """

    unavailable: tuple[re.Pattern[str], ...] = ()
    generic: frozenset[str] = frozenset()
    stop_words: frozenset[str] = frozenset()
    min_content_words: int = 5
    # Every text is asked about once per rule that reads it, and catalogs repeat their texts (organization
    # defaults, house phrasing): each answer is kept for the run.
    _seen: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)

    def content_words(self, text: str) -> list[str]:
        return [w for w in _TOKEN.findall(text.casefold()) if w not in self.stop_words and not w.isdigit()]

    def unavailable_in(self, text: str) -> str | None:
        """The phrase by which ``text`` only says the information is elsewhere, or None when it is substantive.

        No phrase holds more than ``_PHRASE_WORDS`` words that carry meaning, so a longer text always says
        something besides it, and is not searched."""
        if text in self._seen:
            return self._seen[text]
        found = None
        folded = " ".join(text.casefold().split())
        if len(self.content_words(folded)) < self.min_content_words + _PHRASE_WORDS:
            for pattern in self.unavailable:
                match = pattern.search(folded)
                if match:
                    rest = folded[: match.start()] + " " + folded[match.end():]
                    if len(self.content_words(rest)) < self.min_content_words:
                        found = match.group(0)
                        break
        if len(self._seen) < 100_000:
            self._seen[text] = found
        return found

    def observable(self, text: str) -> bool:
        """Whether a criterion names something one could observe: two words beyond generic rubric words."""
        return self.unavailable_in(text) is None and len(self.named(text)) >= 2

    def named(self, text: str) -> list[str]:
        """The words of ``text`` that name something (neither stop words nor generic words)."""
        return [w for w in self.content_words(text) if w not in self.generic]
