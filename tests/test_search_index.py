"""The search index (site_plugins/search_index.py): lunr's text processing, the format, ranking, typos, size.

The browser side (assets/search.js) is checked against the same reference in tests/browser/test_search.py.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import pytest
from card_maker import make_card
from lunr.stemmer import stemmer as lunr_stemmer
from lunr.stop_word_filter import stop_word_filter as lunr_stop_word_filter
from lunr.token import Token
from lunr.tokenizer import Tokenizer
from lunr.trimmer import trimmer as lunr_trimmer

from site_plugins import pipeline
from site_plugins.cards import Card
from site_plugins.pages import browse_cards, browse_filters, browse_pages
from site_plugins.search_index import (
    BOOSTS,
    FIELDS,
    build_search_index,
    decode_postings,
    encode_postings,
    index_json,
    query_words,
    search,
    term,
    terms,
    tokens,
    within_one_edit,
)

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "site_plugins" / "assets"
PAYLOAD_LIMIT = 1_500_000  # gzipped bytes of index + scripts at 10,000 credentials (benchmarks/search.py)


def card(cid: str, title: str, summary: str = "", **extra: object) -> Card:
    return make_card(cid, title=title, summary=summary, issuer="", **extra)


def ids(index: dict, query: str) -> list[str]:
    return [cid for cid, _score in search(index, query)]


# ---- Text to terms ----


def _lunr_py(word: str) -> str:
    """The Python lunr package's own pipeline on one word."""
    token = lunr_trimmer(Token(word))
    if not token.string or lunr_stop_word_filter(token) is None:
        return ""
    return lunr_stemmer(token).string


def test_plain_words_get_the_terms_of_lunrs_pipeline():
    text = (ROOT / "docs" / "index.md").read_text(encoding="utf-8") + " ".join(
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "catalog" / "credentials").glob("*.yaml")))
    # Words where lunr.py and lunr.js agree: letters only, without y (see the departures below).
    words = {t for t in tokens(text) if t.isascii() and t.isalpha() and "y" not in t} - {"ies", "sses"}
    assert len(words) > 300
    assert {w: term(w) for w in words} == {w: _lunr_py(w) for w in words}


def test_tokens_are_lunrs_tokens_with_javascripts_white_space():
    text = "Self-Assessment of K\u20132 grade-level\u2009texts\u00a0and\u202fmore"
    assert tokens(text) == [t.string for t in Tokenizer(text.replace("\u2009", " ").replace("\u202f", " "))]
    assert tokens(text) == ["self", "assessment", "of", "k\u20132", "grade", "level", "texts", "and", "more"]


@pytest.mark.parametrize(("word", "expected"), [
    # lunr.js's step 1c: y -> i only after a consonant that is not the first letter.
    ("play", "play"), ("days", "day"), ("surveys", "survey"), ("employed", "employ"), ("try", "tri"),
    ("fly", "fli"), ("study", "studi"), ("studies", "studi"), ("by", ""),
    # lunr.js's plural rules need a letter before "ies" and "sses".
    ("ies", "ie"), ("sses", "sse"), ("ponies", "poni"), ("caresses", "caress"),
    # lunr.js's trimmer: non-word characters off both ends, ASCII \W as in JavaScript.
    ("6(d),", "6(d"), ("(e.g.", "e.g"), ("students'", "student"), ("—", ""), ("café", "caf"),
])
def test_the_departures_of_lunr_py_follow_lunr_js(word, expected):
    assert term(word) == expected


def test_stop_words_and_punctuation_give_no_terms():
    assert terms("The and of — !") == []
    assert terms("Coaching the teachers") == ["coach", "teacher"]


# ---- The index ----


def test_postings_round_trip_and_stay_small():
    pairs = [(0, 1), (1, 15), (2, 4), (40, 2), (41, 1), (10_000, 8), (1_000_000, 3)]
    text = encode_postings(pairs)
    assert decode_postings(text) == pairs
    assert len(encode_postings([(d, 1) for d in range(1000)])) == 1000  # one character per consecutive document
    assert set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_index_lists_documents_in_card_order_with_field_masks():
    cards = [card("b", "Coaching cycles", "Plan a cycle.", statement="Coaches plan.", skills=["Sets goals"],
                  area="Instructional leadership", roles=["coach"], codes=["HLP-12"]),
             card("a", "Reading", "Coaching readers.")]
    index = build_search_index(cards)
    assert index["ids"] == ["b", "a"]
    assert index["fields"] == list(FIELDS) and index["boosts"] == list(BOOSTS)
    assert index["terms"] == sorted(index["terms"])
    postings = dict(zip(index["terms"], map(decode_postings, index["postings"]), strict=True))
    title, competency, summary, details = (1 << i for i in range(4))
    assert postings["coach"] == [(0, title | competency | details), (1, summary)]
    assert postings["hlp"] == [(0, details)] and postings["12"] == [(0, details)]
    assert postings["goal"] == [(0, competency)]
    forms = dict(zip(index["terms"], index["forms"], strict=True))
    assert forms["coach"] == "coaches coaching"


def test_the_index_is_the_same_bytes_every_time():
    cards = [card(f"c{i}", f"Title {i} coaching", "Students read.") for i in range(50)]
    assert index_json(build_search_index(cards)) == index_json(build_search_index(list(cards)))


def test_cards_carry_the_competency_and_alignment_codes_for_search():
    build = pipeline.run(ROOT)
    found = browse_cards(build)
    assert len(found) == len(build.scorecards)
    assert all(c.statement for c in found) and sum(bool(c.skills) for c in found) > len(found) / 2
    assert any(c.codes for c in found)


# ---- Queries (the reference of assets/search.js) ----


@pytest.fixture
def index():
    return build_search_index([
        card("summary-only", "Planning lessons", "Use exit tickets with feedback after coaching."),
        card("in-title", "Coaching cycles for new teachers", "Plan and reflect."),
        card("in-skills", "Data meetings", "Meet as a team.", skills=["Leads coaching conversations"]),
        card("other", "Phonics", "Decodable texts for early readers.", subjects=["english-language-arts"]),
        card("assessing", "Assessing writing", "Writers revise."),
        card("plants", "Plant biology", "Seeds grow."),
    ])


def test_a_title_match_ranks_above_skills_above_a_summary_only_match(index):
    assert ids(index, "coaching") == ["in-title", "in-skills", "summary-only"]


def test_every_word_must_match(index):
    assert ids(index, "coaching teachers") == ["in-title"]
    assert ids(index, "coaching phonics") == []


def test_words_are_stemmed(index):
    assert ids(index, "coaches ") == ids(index, "coaching ") == ["in-title", "in-skills", "summary-only"]
    assert ids(index, "assessment ") == ["assessing"]
    assert ids(index, "decode ") == ["other"]


def test_a_one_letter_typo_in_a_word_of_five_letters_or_more_still_matches(index):
    assert ids(index, "coachng ") == ["in-title", "in-skills", "summary-only"]  # a letter left out
    assert ids(index, "phonisc ") == ["other"]  # two letters swapped
    assert ids(index, "decodible ") == ["other"]  # a letter replaced, in a word that is stemmed
    assert ids(index, "wrxtxr ") == []  # two letters wrong
    assert ids(index, "tem ") == []  # "team" with a letter left out: under five letters, no typo forgiven


def test_typos_only_when_the_word_itself_is_not_found(index):
    # "plan" is a term (the first title has "planning"), so "plant", one letter away, is not taken for it.
    assert ids(index, "plan ") == ["summary-only", "in-title"]
    assert ids(index, "plnt ") == ["plants"]


def test_the_last_word_matches_by_prefix_while_typed(index):
    assert ids(index, "coachi") == ["in-title", "in-skills", "summary-only"]
    assert ids(index, "decod") == ["other"]
    assert ids(index, "coachix ") == []  # a finished word: no prefix, and two letters from "coach"
    assert [w[2] for w in query_words("coaching cycl")] == [False, True]


def test_an_empty_or_stop_word_query_matches_nothing_here(index):
    assert search(index, "") == [] and search(index, "the and ") == []


@pytest.mark.parametrize(("a", "b", "close"), [
    ("coaching", "coaching", True), ("coaching", "coachng", True), ("coaching", "coachinng", True),
    ("coaching", "caoching", True), ("coaching", "coachint", True), ("coaching", "cocahign", False),
    ("coaching", "coach", False), ("ab", "ba", True), ("abc", "", False),
])
def test_within_one_edit(a, b, close):
    assert within_one_edit(a, b) is close and within_one_edit(b, a) is close


# ---- Size ----


def test_the_search_payload_of_a_generated_catalog_fits_the_budget(tmp_path):
    """1,000 generated credentials, extrapolated to 10,000: postings grow with the catalog, the vocabulary
    less (benchmarks/search.py measures 10,000 and fails over the same limit)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    generate(tmp_path, 1000, 0)
    build = pipeline.run(tmp_path)
    cards = browse_cards(build)
    files = {page.src_uri: page.content.encode("utf-8") for page in browse_pages(cards, browse_filters(build))}
    data = files["search/catalog-index.json"] + files["search/catalog-cards.json"]  # both load before results show
    scripts = sum(len(gzip.compress((ASSETS / name).read_bytes(), 6))
                  for name in ("search.js", "browse.js", "vendor/lunr.min.js"))
    per_credential = len(gzip.compress(data, 6)) / len(cards)
    assert len(cards) == 1000
    assert per_credential * 10_000 + scripts <= PAYLOAD_LIMIT, f"{per_credential:.0f} gzipped bytes per credential"
