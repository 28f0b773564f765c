"""Permanent addresses: every file a renamed credential has is also published at each of its previous ids.

A badge issued with the old Achievement id, a bookmark of the old JSON-LD, a spreadsheet that links the old
badge.svg: all keep answering. A static host (GitHub Pages, a plain web server) cannot redirect a JSON or
SVG file, so the old address holds a byte-for-byte copy, whose ids name the current address, so a program
that reads it learns where the credential lives now. The old page is a redirect page (pages.redirect_pages).
The copies are made from whatever the formats wrote under ``credentials/<id>/``, so a new format's files
get them too. Validation refuses a previous id that another credential uses (references.py).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..pipeline import Build

FOLDER = "credentials/"


def old_addresses(build: Build, files: Mapping[str, str]) -> dict[str, str]:
    """{old path: the same content} for every file under a renamed credential's folder, at each previous id."""
    found: dict[str, str] = {}
    renamed = {cid: c.previous_ids for cid, c in build.credentials.items() if c.previous_ids}
    if not renamed:
        return found
    for path, content in files.items():
        if not path.startswith(FOLDER):
            continue
        cid, slash, rest = path[len(FOLDER):].partition("/")
        if slash and cid in renamed:
            for old in renamed[cid]:
                found[f"{FOLDER}{old}/{rest}"] = content
    return found
