"""Limits real programmes set on evidence: word ranges (ELN's minimums, NEA's "250–300 words as a guide"),
the length of a video, the number of artifacts. Stated as written, shown on the page, checked for sense."""

from __future__ import annotations

import datetime as dt

from samples import CREDENTIAL_PATH, ORG_PATH, SAMPLE_ORG, VALID_CREDENTIAL
from test_validate import replaced

from site_plugins import pipeline
from site_plugins.labels import labels
from site_plugins.views import _evidence

ITEM = "    from_practice: true\n"


def limited(extra: str) -> str:
    return replaced(VALID_CREDENTIAL, ITEM, ITEM + extra)


def test_limits_are_stated_and_shown_as_written(make_catalog, check):
    text = limited("    min_words: 250\n    word_limit: 300\n    artifacts: 3\n    video_minutes: 10\n"
                   "    limits_note: word counts are a guide\n")
    assert check(text) == []
    root = make_catalog({ORG_PATH: SAMPLE_ORG, CREDENTIAL_PATH: text})
    credential = pipeline.run(root, as_of=dt.date(2026, 6, 1), workers=1).credentials["sample-credential"]
    item = credential.evidence.items[0]
    assert (item.min_words.value, item.word_limit.value, item.artifacts.value, item.video_minutes.value) == (
        250, 300, 3, 10)
    notes = _evidence(item, labels(root)).notes
    assert notes[:4] == ("250–300 words.", "3 artifacts.", "Video of at most 10 minutes.",
                         "(word counts are a guide)")


def test_a_minimum_above_the_limit_is_refused(check):
    lines = check(limited("    min_words: 500\n    word_limit: 300\n"))
    assert lines == [f"{CREDENTIAL_PATH}:21:16: `min_words` of `evidence` item 1 is 500, more than its `word_limit` "
                     "of 300; check both against the issuer's page."], lines


def test_a_limit_written_in_words_is_refused_with_the_field_named(check):
    lines = check(limited("    video_minutes: ten\n"))
    assert len(lines) == 1 and "`video_minutes` of `evidence` item 1 must be a number" in lines[0], lines
