"""Grade spans as real programmes write them, read onto the catalog's bands; the issuer's words are kept."""

from __future__ import annotations

import datetime as dt

import pytest
from samples import CREDENTIAL_PATH, ORG_PATH, SAMPLE_ORG, VALID_CREDENTIAL
from test_validate import replaced

from site_plugins import pipeline
from site_plugins.grade_spans import bands

BANDS = 'grade_bands: ["3-5", "6-8"]'


@pytest.mark.parametrize(("span", "expected"), [
    ("TK-12", ("pre-k", "k-2", "3-5", "6-8", "9-12")),  # Los Angeles Unified's English Learner credential
    ("K12", ("k-2", "3-5", "6-8", "9-12")),  # Teaching with Primary Sources
    ("PreK-12", ("pre-k", "k-2", "3-5", "6-8", "9-12")),
    ("K-5", ("k-2", "3-5")),
    ("Grades 3–5", ("3-5",)),
    ("6-12", ("6-8", "9-12")),
    ("elementary", ("k-2", "3-5")),
    ("Middle school", ("6-8",)),
    ("high school", ("9-12",)),
    ("secondary", ("6-8", "9-12")),  # grades 7-12: both bands it touches
    ("elementary and middle school", ("k-2", "3-5", "6-8")),
    ("Adult learners", None),
    ("13", None),
    ("5-3", None),
])
def test_a_span_is_read_onto_the_bands_it_covers(span, expected):
    assert bands(span) == expected


def test_a_span_files_the_credential_and_keeps_the_words(make_catalog, check):
    text = replaced(VALID_CREDENTIAL, BANDS, "grade_span: TK-12")
    assert check(text) == []
    root = make_catalog({ORG_PATH: SAMPLE_ORG, CREDENTIAL_PATH: text})
    credential = pipeline.run(root, as_of=dt.date(2026, 6, 1), workers=1).credentials["sample-credential"]
    assert credential.audience.grade_bands.value == ("pre-k", "k-2", "3-5", "6-8", "9-12")
    assert credential.audience.grade_span.value == "TK-12"
    # Bands given by the file win over the span.
    both = replaced(VALID_CREDENTIAL, BANDS, BANDS + "\n  grade_span: elementary and middle school")
    root = make_catalog({ORG_PATH: SAMPLE_ORG, CREDENTIAL_PATH: both})
    credential = pipeline.run(root, as_of=dt.date(2026, 6, 1), workers=1).credentials["sample-credential"]
    assert credential.audience.grade_bands.value == ("3-5", "6-8")


def test_an_unreadable_span_asks_for_bands(check):
    lines = check(replaced(VALID_CREDENTIAL, BANDS, "grade_span: Adult learners"))
    assert lines == [f"{CREDENTIAL_PATH}:14:15: `audience.grade_span` is 'Adult learners', which the catalog "
                     "cannot read as grades (it reads spans such as K-5, 6-12, TK-12 or PreK-12, and words such as "
                     "elementary, middle school, high school or secondary); keep the issuer's words and add "
                     "`grade_bands` (pre-k, k-2, 3-5, 6-8, 9-12 or all) so the filters can show it."], lines
    assert check(replaced(VALID_CREDENTIAL, BANDS, BANDS + "\n  grade_span: Adult learners")) == []
