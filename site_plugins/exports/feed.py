"""The Atom feed (feed.xml): credentials by the date their data says they last changed, newest first.

Dates come from the records (last review, reviewer's attestation), never from the clock, so two builds of
the same catalog produce the same feed. Every page links it from its head (overrides/main.html).
"""

from __future__ import annotations

from dataclasses import asdict

from ..cards import FeedEntry, feed_entry
from ..pipeline import Build
from ..xml_text import atom_feed
from .files import DataFile

NAME = "feed"
HELP = "feed (feed.xml, the Atom feed of credentials added or changed)"
PATH = "feed.xml"
FILES = (DataFile("feed", PATH, "Atom feed", "application/atom+xml",
                  "Credentials by the date their data says they last changed (last review, reviewer's "
                  "attestation), newest first.", "https://www.rfc-editor.org/rfc/rfc4287", "Atom (RFC 4287)"),)


def credential_piece(build: Build, cid: str, base: str) -> FeedEntry | None:
    return feed_entry(build, cid, base)


def catalog_files(build: Build, base: str, pieces: list[FeedEntry | None]) -> dict[str, str]:
    entries = sorted((e for e in pieces if e), key=lambda e: (e.updated, e.url), reverse=True)
    updated = entries[0].updated if entries else f"{build.as_of.isoformat()}T00:00:00Z"
    return {PATH: atom_feed(base, build.publication.site_name, [asdict(e) for e in entries], updated)}
