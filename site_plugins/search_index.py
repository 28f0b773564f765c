"""Catalog search: a compact inverted index, built here at build time and queried by assets/search.js.

Nothing here knows about MkDocs. ``build_search_index(cards)`` turns the browse page's cards
(``cards.Card``, which carry the competency statement, skills and alignment codes for it) into a small
JSON document:

- ``ids``: credential ids in browse order; a document number is a position in this list;
- ``fields`` and ``boosts``: the searchable field groups, in bit order, and their weights;
- ``terms``: every term, sorted; ``postings[i]``: the documents holding ``terms[i]``, with a bitmask of
  the field groups it is in, as base-64 variable-length numbers (see ``encode_postings``);
- ``forms[i]``: the words as written that gave ``terms[i]``, when they differ from it (space-separated),
  so that a misspelt word can be matched against real words, not only against stems.

Text becomes terms the way lunr does it, on both sides: lunr's tokenizer (split on white space and
hyphens, lower case), trimmer, English stop word filter and Porter stemmer. The browser runs lunr.js
(vendored in assets/vendor/lunr.min.js); here the Python ``lunr`` package runs, aligned with lunr.js
where the port departs from it (see ``_LunrJsStemmer`` and ``trim``), so that a word typed in the browser
gives exactly the term indexed here. ``search(index, query)`` is the reference of the browser's ranking,
for tests. docs/search.md explains the choice of this design over a serialized lunr index.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from lunr.stemmer import PorterStemmer
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token
from lunr.tokenizer import Tokenizer

from .cards import Card

INDEX_VERSION = 1
# Field groups in bit order, and their weights: a title match outranks any number of lesser ones.
FIELDS = ("title", "competency", "summary", "details")
BOOSTS = (10, 4, 2, 1)
# How much a word counts when it matched a term only by prefix (the word being typed) or by a typo.
PREFIX_WEIGHT = 0.7
TYPO_WEIGHT = 0.5
MIN_PREFIX = 2  # letters before a word being typed matches by prefix
FORM_MIN = 4  # words as written shorter than this are not kept for typo matching (see typo_ok)

# lunr.js splits on /[\s\-]+/: JavaScript's \s is this set, wider than the Python port's default.
SEPARATORS = frozenset(" \t\n\v\f\r\xa0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff-" +
                       "".join(chr(c) for c in range(0x2000, 0x200B)))
_LEAD = re.compile(r"^\W+", re.ASCII)
_TRAIL = re.compile(r"\W+$", re.ASCII)
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_DIGIT = {ch: i for i, ch in enumerate(_ALPHABET)}


class _LunrJsStemmer(PorterStemmer):
    """lunr's Porter stemmer with the two rules where lunr.js (the browser's) differs from the Python port.

    Step 1c: lunr.js turns a final y into i only after a consonant that is not the word's first letter
    (say -> say, try -> tri); the port does it whenever the stem has a vowel (say -> sai, try -> try).
    Step 1a: lunr.js's plural rules need a letter before "sses" and "ies", so those two words alone only
    lose their final s. Everything else is lunr's code; tests compare with lunr.js word by word.
    """

    def step1ab(self) -> None:
        if self.b[self.k0 : self.k + 1] in ("ies", "sses"):
            self.k -= 1
            return
        super().step1ab()

    def step1c(self) -> None:
        if self.ends("y") and self.j > self.k0 and self.b[self.j] not in "aeiou":
            self.b = self.b[: self.k] + "i" + self.b[self.k + 1 :]


_stemmer = _LunrJsStemmer()


def tokens(text: str) -> list[str]:
    """lunr's tokenizer: lower-cased pieces between white space and hyphens."""
    return [t.string for t in Tokenizer(text, separator=SEPARATORS.__contains__)]


def trim(word: str) -> str:
    """lunr.js's trimmer: non-word characters off both ends (ASCII \\W, as JavaScript's regular expressions)."""
    return _TRAIL.sub("", _LEAD.sub("", word))


@lru_cache(maxsize=200_000)
def term(token: str) -> str:
    """The indexed term for one token (from ``tokens``), or "" for a stop word or punctuation."""
    word = trim(token)
    if not word or stop_word_filter(Token(word)) is None:
        return ""
    return _stemmer.stem(word)


def terms(text: str) -> list[str]:
    return [t for t in map(term, tokens(text)) if t]


def _field_texts(card: Card) -> tuple[list[str], ...]:
    """The card's text per field group (FIELDS order)."""
    return (
        [card.title],
        [card.statement, *card.skills],
        [card.summary],
        [card.area, *card.roles, *card.subjects, card.issuer, *card.codes],
    )


def encode_postings(pairs: Sequence[tuple[int, int]]) -> str:
    """(document number, field mask) pairs, documents ascending, as text: each pair is one number,
    (gap to the previous document - 1) * 16 + mask, written 5 bits a character, low bits first, in the
    alphabet A-Z a-z 0-9 - _ ; the 6th bit (value 32) says another character of the number follows.
    Consecutive documents cost one character."""
    out = []
    previous = -1
    for doc, mask in pairs:
        value = (doc - previous - 1) * 16 + mask
        previous = doc
        while value >= 32:
            out.append(_ALPHABET[32 | (value & 31)])
            value >>= 5
        out.append(_ALPHABET[value])
    return "".join(out)


def decode_postings(text: str) -> list[tuple[int, int]]:
    pairs = []
    doc = -1
    value = shift = 0
    for ch in text:
        digit = _DIGIT[ch]
        value |= (digit & 31) << shift
        if digit & 32:
            shift += 5
            continue
        doc += (value >> 4) + 1
        pairs.append((doc, value & 15))
        value = shift = 0
    return pairs


def build_search_index(cards: Sequence[Card]) -> dict[str, Any]:
    """The index of ``cards``, in their order (the browse page's). See the module docstring."""
    masks: dict[str, dict[int, int]] = {}  # term -> {document: field mask}
    forms: dict[str, set[str]] = {}
    for doc, card in enumerate(cards):
        for bit, texts in enumerate(_field_texts(card)):
            for text in texts:
                for token in tokens(str(text)):
                    found = term(token)
                    if not found:
                        continue
                    docs = masks.setdefault(found, {})
                    docs[doc] = docs.get(doc, 0) | (1 << bit)
                    written = trim(token)
                    if written != found and len(written) >= FORM_MIN:
                        forms.setdefault(found, set()).add(written)
    ordered = sorted(masks)
    return {
        "version": INDEX_VERSION,
        "ids": [card.id for card in cards],
        "fields": list(FIELDS),
        "boosts": list(BOOSTS),
        "terms": ordered,
        "postings": [encode_postings(sorted(masks[t].items())) for t in ordered],
        "forms": [" ".join(sorted(forms.get(t, ()))) for t in ordered],
    }


def index_json(index: dict[str, Any]) -> str:
    """The index as the site serves it: compact JSON."""
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


# ---- The browser's query, in Python: the reference for tests (assets/search.js does the same) ----


def within_one_edit(a: str, b: str) -> bool:
    """At most one letter inserted, deleted, replaced, or two neighbours swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    return a[i + 1 :] == b[i + 1 :] or (a[i + 1 : i + 2] == b[i : i + 1] and a[i : i + 1] == b[i + 1 : i + 2]
                                        and a[i + 2 :] == b[i + 2 :])


def typo_ok(word: str, candidate: str) -> bool:
    """A one-letter typo is forgiven in words of five letters or more (the longer of the two)."""
    return min(len(word), len(candidate)) >= FORM_MIN and max(len(word), len(candidate)) >= 5 and \
        within_one_edit(word, candidate)


def query_words(query: str) -> list[tuple[str, str, bool]]:
    """(word as typed, trimmed; its term; whether it may match by prefix) for each word of the query that is
    not a stop word. Only the last word, still being typed (no space after it), matches by prefix."""
    words = []
    for token in tokens(query):
        found = term(token)
        if found:
            words.append((trim(token), found, False))
    if words and query and query[-1] not in SEPARATORS:
        written, found, _ = words[-1]
        words[-1] = (written, found, len(written) >= MIN_PREFIX)
    return words


def word_variants(index: dict[str, Any], written: str, found: str, prefix: bool) -> dict[int, float]:
    """Term number -> weight, for the terms one query word matches: its own term, else (while typed) terms
    and words starting with it, else terms and words one typo away."""
    terms_ = index["terms"]
    variants: dict[int, float] = {}
    at = bisect.bisect_left(terms_, found)
    if at < len(terms_) and terms_[at] == found:
        variants[at] = 1.0
    if prefix:
        i = bisect.bisect_left(terms_, written)
        while i < len(terms_) and terms_[i].startswith(written):
            variants.setdefault(i, PREFIX_WEIGHT)
            i += 1
        for i, words in enumerate(index["forms"]):
            if any(w.startswith(written) for w in words.split()):
                variants.setdefault(i, PREFIX_WEIGHT)
    if variants:
        return variants
    for i, candidate in enumerate(terms_):
        if typo_ok(found, candidate) or typo_ok(written, candidate) or \
                any(typo_ok(written, w) for w in index["forms"][i].split()):
            variants[i] = TYPO_WEIGHT
    return variants


def search(index: dict[str, Any], query: str) -> list[tuple[str, float]]:
    """(id, score) of the credentials matching every word of ``query``, best first, ties in browse order.

    A word scores, in a document, weight x idf x the sum of the boosts of the fields holding it, taking
    the best of its variants; a document's score adds up its words'. An empty query matches nothing here
    (the page then shows every credential)."""
    count = len(index["ids"])
    boosts = index["boosts"]
    totals: dict[int, float] | None = None
    for written, found, prefix in query_words(query):
        best: dict[int, float] = {}
        for i, weight in word_variants(index, written, found, prefix).items():
            postings = decode_postings(index["postings"][i])
            idf = math.log(1 + count / len(postings))
            for doc, mask in postings:
                score = weight * idf * sum(b for bit, b in enumerate(boosts) if mask & (1 << bit))
                if score > best.get(doc, 0.0):
                    best[doc] = score
        totals = best if totals is None else {d: s + best[d] for d, s in totals.items() if d in best}
    ranked = sorted((totals or {}).items(), key=lambda item: (-item[1], item[0]))
    return [(index["ids"][doc], score) for doc, score in ranked]
