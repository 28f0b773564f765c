"""Links never break and builds are reproducible: every old file of a renamed credential, a sitemap of
canonical URLs, an Atom feed dated from the data, byte-identical rebuilds."""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from repo_copy import BUILD_EPOCH, built, copy_repo

ROOT = Path(__file__).parent.parent
SITE_URL = "https://example.org/credcat/"


def build(repo: Path, site: Path, epoch: str = BUILD_EPOCH) -> None:
    built(repo, site, epoch=epoch)


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path)
    build(repo, tmp_path / "one")
    build(repo, tmp_path / "two")
    one, two = digest(tmp_path / "one"), digest(tmp_path / "two")
    assert one.keys() == two.keys()
    assert [path for path in one if one[path] != two[path]] == []


def test_renamed_credential_keeps_every_old_file(tmp_path: Path) -> None:
    """Every file the credential had (its page, Achievement, JSON-LD, badge, record and whatever else the
    formats write) keeps answering at its old address after a rename: the page redirects, the rest are
    copies of the files at the new address."""
    repo = copy_repo(tmp_path)
    site = tmp_path / "site"
    build(repo, site)
    folder = site / "credentials" / "math-talk-moves"
    before = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert {"index.html", "achievement.json", "credential.jsonld", "badge.svg", "record.json"} <= set(before)
    old_achievement = json.loads((folder / "achievement.json").read_text(encoding="utf-8"))
    old = repo / "catalog" / "credentials" / "math-talk-moves.yaml"
    new_id = "id: whole-class-math-discussion\nprevious_ids: [math-talk-moves]"
    text = old.read_text().replace("id: math-talk-moves", new_id)
    old.unlink()
    (repo / "catalog" / "credentials" / "whole-class-math-discussion.yaml").write_text(text)
    for stack in (repo / "catalog" / "stacks").glob("*.yaml"):
        stack.write_text(stack.read_text().replace("math-talk-moves", "whole-class-math-discussion"))
    build(repo, site)
    redirect = (site / "credentials" / "math-talk-moves" / "index.html").read_text()
    assert f'<link rel="canonical" href="{SITE_URL}credentials/whole-class-math-discussion/">' in redirect
    assert 'http-equiv="refresh" content="0; url=../whole-class-math-discussion/"' in redirect
    assert '<a href="../whole-class-math-discussion/">' in redirect
    new = site / "credentials" / "whole-class-math-discussion"
    assert (new / "index.html").is_file()
    for name in before:
        assert (folder / name).is_file(), f"credentials/math-talk-moves/{name} no longer answers"
        if name != "index.html":
            assert (folder / name).read_bytes() == (new / name).read_bytes(), name
    # the copy names the current address, so a program that follows an old badge learns where it lives now
    achievement = json.loads((folder / "achievement.json").read_text(encoding="utf-8"))
    assert old_achievement["id"] == f"{SITE_URL}credentials/math-talk-moves/achievement.json"
    assert achievement["id"] == f"{SITE_URL}credentials/whole-class-math-discussion/achievement.json"
    assert achievement["name"] == old_achievement["name"]
    summary = next(c for c in json.loads((site / "catalog.json").read_text(encoding="utf-8"))["credentials"]
                   if c["id"] == "whole-class-math-discussion")
    assert summary["previous_ids"] == ["math-talk-moves"]
    assert "math-talk-moves" not in {c["id"] for c in json.loads((site / "catalog.json").read_text())["credentials"]}


def test_sitemap_lists_every_page_with_canonical_urls(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path)
    site = tmp_path / "site"
    build(repo, site)
    tree = ET.parse(site / "sitemap.xml")
    locations = {el.text for el in tree.iter() if el.tag.endswith("loc")}
    for cid in (p.stem for p in (repo / "catalog" / "credentials").glob("*.yaml")):
        assert f"{SITE_URL}credentials/{cid}/" in locations
    for sid in (p.stem for p in (repo / "catalog" / "stacks").glob("*.yaml")):
        assert f"{SITE_URL}stacks/{sid}/" in locations
    page = (site / "credentials" / "math-talk-moves" / "index.html").read_text()
    assert f'<link rel="canonical" href="{SITE_URL}credentials/math-talk-moves/">' in page


def test_atom_feed_is_dated_from_the_data(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path)
    site = tmp_path / "site"
    build(repo, site, epoch="1793491200")
    first = (site / "feed.xml").read_text()
    build(repo, site, epoch="1800000000")
    assert (site / "feed.xml").read_text() == first, "the feed does not depend on the build date"
    tree = ET.fromstring(first)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = tree.findall("a:entry", ns)
    assert entries
    dates = [e.find("a:updated", ns).text for e in entries]
    assert dates == sorted(dates, reverse=True)
    assert all(re.match(r"^\d{4}-\d{2}-\d{2}T00:00:00Z$", d) for d in dates)
    assert all(e.find("a:id", ns).text.startswith(SITE_URL) for e in entries)
