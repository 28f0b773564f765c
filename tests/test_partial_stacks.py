"""Stacks whose members are not all in the catalog ("part 3 of 15"): the others are named, linked where they
are outside, counted in the pathway and in the time that is not known. A real `mkdocs build`."""

from __future__ import annotations

import datetime as dt

from repo_copy import built, copy_site_sources
from samples import CREDENTIAL_PATH, ORG_PATH, SAMPLE_ORG, VALID_CREDENTIAL
from test_validate import replaced

from site_plugins import pipeline

STACK = """\
id: sample-series
title: A Series of Fifteen
summary: The issuer's series; one part is in this catalog.
credentials: [sample-credential]
size: 15
outside_members:
  - title: Part One, Elsewhere
    url: https://issuer.example.org/series/one
    position: 1
  - title: Part Two, Elsewhere
    position: 2
"""
FILES = {ORG_PATH: SAMPLE_ORG, "catalog/stacks/sample-series.yaml": STACK,
         CREDENTIAL_PATH: replaced(VALID_CREDENTIAL, "organizations:\n", "stacks: [sample-series]\norganizations:\n")}


def test_the_sequence_places_catalog_members_between_numbered_outside_ones(make_catalog):
    built = pipeline.run(make_catalog(FILES), as_of=dt.date(2026, 6, 1), workers=1)
    assert built.ok, [p.text() for p in built.problems]
    stack = built.stacks["sample-series"]
    assert [m if isinstance(m, str) else m.title for m in stack.sequence()] == [
        "Part One, Elsewhere", "Part Two, Elsewhere", "sample-credential"]
    assert stack.total == 15


def test_pages_say_part_3_of_15_and_name_the_others(make_catalog, tmp_path):
    root = copy_site_sources(make_catalog(FILES))
    site = built(root, tmp_path / "site", epoch="1780000000")
    page = (site / "credentials" / "sample-credential" / "index.html").read_text(encoding="utf-8")
    assert "(part 3 of 15)" in page
    stack = (site / "stacks" / "sample-series" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://issuer.example.org/series/one">Part One, Elsewhere</a>' in stack
    assert "Part Two, Elsewhere <span class=\"cc-tag\">Not in this catalog</span>" in stack
    assert "1 in this catalog, of 15 in the issuer" in stack
    assert stack.index("Part One, Elsewhere") < stack.index("Part Two, Elsewhere") < stack.index(
        'href="../../credentials/sample-credential/"')
    assert "plus 2 credentials whose time is not published" in stack
