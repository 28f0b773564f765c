"""Data that never breaks, checked in a real `mkdocs build --strict` of a copy of this repository: status in
CSV, catalog.json and JSON-LD; grade levels only in `educationalLevel`; the feed linked from every page's
head and from the data page; catalog.json under 4 KB per credential; the data page listing every file with
its schema, size, licence and a request; each credential page linking its own files near the top.
The copy sets one credential to draft, one to retired, and a licence of its own in mkdocs.yml.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from repo_copy import ROOT, copy_repo, mkdocs_build

from site_plugins import exports
from site_plugins.exports import files as data_files
from site_plugins.exports.old_addresses import old_addresses
from site_plugins.labels import labels
from site_plugins.loading import size_text
from site_plugins.site_config import Licence, SettingProblem, publication

SITE_URL = "https://example.org/credcat/"
LICENCE = Licence("ODC-By 1.0", "https://opendatacommons.org/licenses/by/1-0/")
STATUSES = {"math-talk-moves": "draft", "udl-lesson-design": "retired"}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = copy_repo(tmp_path_factory.mktemp("data"))
    for cid, status in STATUSES.items():
        path = repo / "catalog" / "credentials" / f"{cid}.yaml"
        text = path.read_text(encoding="utf-8")
        assert "\nstatus: active\n" in text
        path.write_text(text.replace("\nstatus: active\n", f"\nstatus: {status}\n"), encoding="utf-8")
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "name: CC BY 4.0" in text
    config.write_text(text.replace("name: CC BY 4.0", f"name: {LICENCE.name}")
                      .replace("https://creativecommons.org/licenses/by/4.0/", LICENCE.url), encoding="utf-8")
    return repo


@pytest.fixture(scope="module")
def site(repo: Path) -> Path:
    out = repo.parent / "site"
    done = mkdocs_build(repo, out)
    assert done.returncode == 0, done.stderr
    return out


def statuses(repo: Path) -> dict[str, str]:
    found = {}
    for path in sorted((repo / "catalog" / "credentials").glob("*.yaml")):
        found[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8"))["status"]
    return found


def test_status_is_in_csv_catalog_json_and_json_ld(repo: Path, site: Path) -> None:
    expected = statuses(repo)
    assert {expected[cid] for cid in STATUSES} == {"draft", "retired"}
    rows = {r["id"]: r["status"] for r in csv.DictReader(io.StringIO((site / "catalog.csv").read_text("utf-8"),
                                                                      newline=""))}
    assert rows == expected
    catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    assert {c["id"]: c["status"] for c in catalog["credentials"]} == expected
    for cid, status in expected.items():
        record = json.loads((site / "credentials" / cid / "record.json").read_text(encoding="utf-8"))
        assert record["status"] == record["data"]["status"] == status
        ld = json.loads((site / "credentials" / cid / "credential.jsonld").read_text(encoding="utf-8"))
        assert ld["creativeWorkStatus"] == status.capitalize()
        page = (site / "credentials" / cid / "index.html").read_text(encoding="utf-8")
        script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        assert script and json.loads(script.group(1))["creativeWorkStatus"] == status.capitalize()


def test_educational_level_holds_grade_levels_only(repo: Path, site: Path) -> None:
    words = labels(repo)
    roles = {text.lower() for _, text in words.options("audience.roles")}
    grades = {text for _, text in words.options("audience.grade_bands")}
    assert roles and grades
    seen = 0
    for path in sorted((site / "credentials").glob("*/credential.jsonld")):
        ld = json.loads(path.read_text(encoding="utf-8"))
        for level in ld.get("educationalLevel", []):
            seen += 1
            assert level.removeprefix("Grades ") in grades, (path, level)
            assert level.lower() not in roles, (path, level)
        if "audience" in ld:
            assert all(r.lower() in roles for r in ld["audience"]["educationalRole"])
    assert seen > 10


def test_the_feed_is_linked_from_every_page_s_head_and_the_data_page(site: Path) -> None:
    feed = ET.fromstring((site / "feed.xml").read_bytes())
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    pages = [p for p in sorted(site.rglob("index.html")) if 'http-equiv="refresh"' not in p.read_text("utf-8")]
    pages.append(site / "404.html")
    assert len(pages) > 18 + 3 + 7  # every credential, stack and organization page, and the hand-written ones
    for page in pages:
        head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', head)
        assert len(links) == 1, page
        if page.name == "404.html":
            continue  # 404.html is served at any depth: MkDocs writes its links from the site root
        target = (page.parent / links[0]).resolve()
        assert target == (site / "feed.xml").resolve(), (page, links[0])
    data = (site / "data" / "index.html").read_text(encoding="utf-8").split("<article", 1)[1]
    assert 'href="../feed.xml"' in data and f"{SITE_URL}feed.xml" in data


def test_catalog_json_stays_under_4_kb_per_credential(site: Path) -> None:
    size = (site / "catalog.json").stat().st_size
    catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    count = len(catalog["credentials"])
    assert count == len(list((ROOT / "catalog" / "credentials").glob("*.yaml"))) and size / count < 4096, size / count
    assert max(len(json.dumps(c, ensure_ascii=False).encode()) for c in catalog["credentials"]) < 2048
    lines = (site / "catalog.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [c["id"] for c in catalog["credentials"]]
    assert catalog["records"] == f"{SITE_URL}catalog.jsonl"


def _article(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8").split("<article", 1)[1].split("</article>")[0]


def _text(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def test_the_data_page_lists_every_file_with_schema_size_licence_and_request(repo: Path, site: Path) -> None:
    page = _article(site, "data")
    described = exports.data_files()
    published = [p.relative_to(site).as_posix() for p in sorted(site.rglob("*")) if p.is_file()]
    # every machine-readable file the site has is described, and so listed (search/ holds the browse
    # page's own data, not a published format)
    data = [p for p in published if p.endswith((".json", ".jsonl", ".csv", ".jsonld", "badge.svg", "feed.xml"))]
    assert [p for p in data if not p.startswith("search/") and data_files.described(described, p) is None] == []
    rows = re.findall(r'<tr id="file-([^"]+)">(.*?)</tr>', page, re.S)
    assert [key for key, _ in rows] == [f.key for f in described]
    for (key, row), file in zip(rows, described, strict=True):
        cells = re.findall(r"<td>(.*?)</td>", row, re.S)
        assert len(cells) == 3, key
        example = re.search(r'href="([^"]+)"', cells[1]).group(1)
        assert example.startswith(SITE_URL)
        local = site / example.removeprefix(SITE_URL)
        assert local.is_file() and file.matches(example.removeprefix(SITE_URL))
        schema = re.search(r'class="cc-schema" href="([^"]+)"', cells[2]).group(1)
        if schema.startswith(SITE_URL):
            assert (site / schema.removeprefix(SITE_URL)).is_file(), schema
        else:
            assert schema == file.schema and urlsplit(schema).scheme == "https"
        size = _text(re.search(r'<span class="cc-size">(.*?)</span>', cells[1]).group(1))
        if file.per_credential:
            ids = [p.stem for p in (repo / "catalog" / "credentials").glob("*.yaml")]
            written = sum((site / file.path_for(cid)).is_file() for cid in ids)
            assert size.startswith(f"{written} files, ") or (written == 1 and "files" not in size), (size, written)
        elif "{" in file.path:  # one per approved list
            written = [p for p in published if file.matches(p)]
            assert size.startswith(f"{len(written)} files, ") if len(written) > 1 else size == size_text(
                local.stat().st_size), (size, written)
        else:
            assert size == size_text(local.stat().st_size)
        assert f'Licence: <a class="cc-licence" href="{LICENCE.url}">{LICENCE.name}</a>' in cells[2]
        assert f"curl -fsSL -o {local.name} {example}" in page
    assert f'rel="license">{LICENCE.name}</a>' in page
    catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    assert catalog["licence"] == {"name": LICENCE.name, "url": LICENCE.url}
    nav = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="data/"' in nav


def test_each_credential_page_links_its_own_files_near_the_top(repo: Path, site: Path) -> None:
    from site_plugins import pipeline

    built = pipeline.run(repo)  # the fixture's statuses: a draft has no CTDL document to link
    for cid in ("math-talk-moves", "udl-lesson-design"):
        page = _article(site, f"credentials/{cid}")
        links = re.search(r'<p class="cc-data-links">(.*?)</p>', page, re.S)
        assert links, cid
        assert page.index("cc-data-links") < page.index("The competency") < page.index("cc-embed")
        hrefs = re.findall(r'href="([^"]+)"', links.group(1))
        assert hrefs[:-1] == [href for href, _ in exports.credential_links(cid, built.credentials[cid])]
        assert {"achievement.json", "badge.svg", "credential.jsonld", "record.json"} <= set(hrefs)
        for href in hrefs:
            target = (site / "credentials" / cid / href)
            assert target.is_file() or (target / "index.html").is_file(), href


def test_a_bad_licence_setting_stops_the_build_with_what_to_write(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path)
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("url: https://creativecommons.org/licenses/by/4.0/", "url: creativecommons.org"),
                      encoding="utf-8")
    done = mkdocs_build(repo, tmp_path / "site")
    assert done.returncode != 0
    assert "mkdocs.yml: extra.data_licence.url must be the web address" in done.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("value", [{"name": "CC0"}, "CC BY 4.0", {"name": "", "url": "https://x.org/"},
                                   {"name": "CC0", "url": "https://x.org/", "version": 1}])
def test_licence_settings_are_checked(value: object) -> None:
    with pytest.raises(SettingProblem, match=r"extra\.data_licence"):
        publication("Catalog", {"data_licence": value})
    assert publication(None, None).licence == Licence()
    assert publication(" Mine ", {"data_licence": {"name": "CC0 1.0", "url": "https://x.org/"}}).site_name == "Mine"


def test_copies_at_old_addresses_cover_any_format_s_files(site: Path) -> None:
    """Generic over the registry: a file a future format writes under the folder gets its copy too."""
    from site_plugins import pipeline

    build = pipeline.run(Path(__file__).parent.parent)
    cid, credential = next((cid, c) for cid, c in sorted(build.credentials.items()) if c.previous_ids)
    files = {f"credentials/{cid}/scorecard.json": "{}\n", f"credentials/{cid}/sub/x.txt": "x",
             "credentials/other/achievement.json": "{}", "catalog.json": "{}"}
    copies = old_addresses(build, files)
    assert copies == {f"credentials/{old}/{rest}": files[f"credentials/{cid}/{rest}"]
                      for old in credential.previous_ids for rest in ("scorecard.json", "sub/x.txt")}


def test_every_export_file_is_described_for_the_data_page() -> None:
    """A format that writes a file no ``FILES`` entry describes would be missing from /data/ and the links."""
    from site_plugins import pipeline

    build = pipeline.run(Path(__file__).parent.parent)
    written = exports.export_files(build, ["all"], SITE_URL)
    assert [p for p in written if data_files.described(exports.data_files(), p) is None] == []
    keys = [f.key for f in exports.data_files()]
    assert len(keys) == len(set(keys))
