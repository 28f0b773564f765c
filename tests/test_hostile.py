"""Careless or hostile input, one row per case: the files, the command, the exact output and exit code.

Every row runs ``credcat`` in process on a fresh copy of the small sample catalog (conftest.py) with some
files changed; ``{root}`` in an expected line is that catalog's folder. Rows are grouped by the rule of
issue 16 they test:

1. the build and the export are atomic (and never replace a folder that holds the catalog);
2. validation checks everything the build renders (optional fields, Markdown within a budget);
3. one validator decides; ids, codes and URLs are refused when a browser or a file system would not take them;
4. size is bounded in bytes after aliases;
5. ``credcat validate PATH`` checks catalog files only, and the loader never leaves the repository;
6. values that broke scoring (dates, chains, SOURCE_DATE_EPOCH) are located problems or one-line errors;
7. text is inert in terminals, logs and Markdown.

After the table: the cases it cannot hold (builds, read-only and full file systems, output escaping).
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import pytest
from repo_copy import copy_site_sources
from samples import CREDENTIAL_PATH, ORG_PATH, REPO_ROOT, SAMPLE_ORG, VALID_CREDENTIAL, snapshot, strict_build

from site_plugins import atomic, pages, pipeline, validation
from site_plugins.cli import main
from site_plugins.loading import load_bytes
from site_plugins.schemas import load_schemas

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1793491200"}


def cred(*replacements: str) -> str:
    """The valid sample credential with ``old, new`` pairs replaced (each ``old`` must occur)."""
    text = VALID_CREDENTIAL
    for old, new in zip(replacements[::2], replacements[1::2], strict=True):
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


TITLE = "title: Planning Exit Tickets for Next-Day Teaching"
URL = '"https://example.org/guides/exit-tickets"'
DESCRIPTION = """description: |
  Teachers who check understanding at the end of a lesson can regroup, reteach or extend the next day
  instead of waiting for a unit test. This credential asks for that cycle, from your own classroom.
"""
REVIEW = 'quality_review:\n  reviewer: Ana Reviewer\n  organization: ""\n  date: 2026-01-10\n'
ALIASES = "  skills:\n    - &big " + "x" * 1_000_000 + "\n" + "    - *big\n" * 99
DEEP_ALIAS = ("x-deep: &d " + "[" * 40 + "1" + "]" * 40 + "\nx-more:\n" + "".join(
    "  " * (i + 1) + f"k{i}:\n" for i in range(10)) + "  " * 11 + "k10: *d\n")


def chain(count: int) -> dict[str, str]:
    """``count`` stacks, each including the next; the last holds the sample credential."""
    files = {CREDENTIAL_PATH: cred("organizations:\n", f"stacks: [s{count - 1}]\norganizations:\n")}
    for i in range(count):
        included = f"stacks: [s{i + 1}]\n" if i + 1 < count else ""
        members = "[sample-credential]" if i == count - 1 else "[]"
        files[f"catalog/stacks/s{i}.yaml"] = (f"id: s{i}\ntitle: Stack number {i}\nsummary: A stack in a long chain.\n"
                                              f"credentials: {members}\n{included}")
    return files


def fifo(root: Path) -> None:
    os.mkfifo(root / "pipe")
    (root / "catalog/credentials/pipe.yaml").symlink_to(root / "pipe")


def device(root: Path) -> None:
    (root / "catalog/credentials/zero.yaml").symlink_to("/dev/zero")


def leak(root: Path) -> None:
    secret = root.parent / f"{root.name}-secret.yaml"
    secret.write_text("id: SECRET-TOKEN-4711\ntitle: [unclosed\n")
    (root / "catalog/credentials/leak.yaml").symlink_to(secret)


def docs(root: Path) -> None:
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Home\n")


def outside_folder(root: Path) -> None:
    folder = root.parent / f"{root.name}-temp"
    folder.mkdir()
    for i in range(200):
        (folder / f"f{i}.yaml").write_text("id: x\n")


def escape_name(root: Path) -> None:
    (root / "catalog/credentials/\x1b[2Jclear.yaml").write_text(VALID_CREDENTIAL)


@dataclass
class Case:
    rule: int
    files: dict[str, str | bytes]
    args: tuple[str, ...]
    code: int
    out: list[str]
    err: list[str]
    setup: Callable[[Path], None] | None = None
    env: dict[str, str] = field(default_factory=dict)


V = ("validate",)
ONE = ["1 problem in 1 file (2 checked)."]
C = "catalog/credentials/sample-credential.yaml"

def url_case(written: str, shown: str, reason: str) -> Case:
    """The resource URL of the sample written as ``written`` (YAML): refused at its place, for ``reason``."""
    return Case(3, {C: cred(URL, written)}, V, 1,
                [f"{C}:30:10: `url` of `resources` item 1 is '{shown}'; {reason}."], ONE)


CASES: dict[str, Case] = {
    # 1 -- atomic: an export never replaces a folder that holds the catalog
    "export-over-the-catalog": Case(1, {}, ("export", "--out", "{root}", "--site-url", "https://e.org/"), 2, [], [
        "credcat: cannot write into {root}: it is the catalog repository, and it would be replaced whole; choose a "
        "folder of its own. Nothing was written."]),
    # 2 -- what the build renders
    "empty-optional-field": Case(2, {C: cred("organizations:\n", REVIEW + "organizations:\n")}, V, 1, [
        f"{C}:50:17: `quality_review.organization` is empty; write something or remove the line."], ONE),
    "whitespace-only-text": Case(2, {C: cred("  area: Formative assessment", '  area: "   "')}, V, 1, [
        f"{C}:11:9: `competency.area` is empty; write something or remove the line."], ONE),
    "nested-lists-260-deep": Case(2, {C: cred(DESCRIPTION, "description: |\n" + "".join(
        "  " + "    " * i + "- item\n" for i in range(260)))}, V, 1, [
        f"{C}:5:14: `description` nests lists or quotes 260 levels deep; the site shows at most 16. Simplify "
        "the nested lists or quotes."], ONE),
    "chained-list-markers": Case(2, {C: cred(DESCRIPTION, 'description: "' + "- " * 300 + 'deep"\n')}, V, 1, [
        f"{C}:5:14: `description` nests lists or quotes 300 levels deep; the site shows at most 16. Simplify "
        "the nested lists or quotes."], ONE),
    "raw-html-nesting": Case(2, {C: cred(DESCRIPTION, 'description: "' + "<ul><li>" * 40 + 'deep"\n')}, V, 1, [
        f"{C}:5:14: `description` nests lists or quotes 40 levels deep; the site shows at most 16. Simplify "
        "the nested lists or quotes."], ONE),
    "30000-open-brackets": Case(2, {C: cred(DESCRIPTION, 'description: "' + "[" * 30000 + ' and text"\n')}, V, 1, [
        f"{C}:5:14: `description` has a paragraph (starting at its line 1) with so many [, ( or < left open "
        "that converting it to a web page would take too long; close each bracket, write a literal bracket as "
        "\\[ or \\(, or split the paragraph."], ONE),
    # 3 -- one validator decides; ids, language tags and URLs as written
    "previous-id-ending-in-a-newline": Case(3, {C: cred("status: active\n", 'status: active\nprevious_ids: '
                                                                            '["old-feedback\\n"]\n')}, V, 1, [
        f"{C}:9:16: `previous_ids` item 1 is 'old-feedback ', with a line break at its end; remove it. Ids, "
        "codes, dates and web addresses are used exactly as written."], ONE),
    "language-tag-with-a-space": Case(3, {C: cred("status: active\n", 'status: active\nlanguage: " en"\n')}, V, 1, [
        f"{C}:9:11: `language` is ' en', with a space at its start; remove it. Ids, codes, dates and web "
        "addresses are used exactly as written."], ONE),
    "url-with-a-quote": url_case('"https://example.org/a\\"b"', 'https://example.org/a"b',
                                 'it holds the character `"`, which a browser would not accept as written; write it '
                                 "as %22"),
    "url-with-angle-brackets": url_case('"https://example.org/<script>"', "https://example.org/<script>",
                                        "it holds the character `<`, which a browser would not accept as written; "
                                        "write it as %3C"),
    "url-with-a-right-to-left-override": url_case('"https://example.org/\\u202egnp.exe"',
                                                  "https://example.org/\\u202egnp.exe",
                                                  "it holds an invisible character (U+202E) that changes how the "
                                                  "address reads or where it leads; delete it (retype the address "
                                                  "if you cannot see it)"),
    "url-with-a-password": url_case('"https://user:secret@example.org/"', "https://user:secret@example.org/",
                                    "it holds a user name or password (the part before @), which hides where the "
                                    "link really goes; remove it"),
    "url-with-an-impossible-port": url_case('"https://example.org:99999/"', "https://example.org:99999/",
                                            "its port '99999' is not a port number (0 to 65535)"),
    # 4 -- size in bytes after aliases
    "one-megabyte-skill-and-99-aliases": Case(4, {C: cred("  area: Formative assessment\n",
                                                          "  area: Formative assessment\n" + ALIASES)}, V, 1, [
        f"{C}:14:7: the alias *big repeats 977 KiB of text, and with it the file's values add up to more than "
        "1.0 MiB, the limit for one catalog file. Write a shorter value once instead of repeating it."], ONE),
    "alias-nesting-past-the-limit": Case(4, {C: VALID_CREDENTIAL + DEEP_ALIAS}, V, 1, [
        f"{C}:62:28: the alias *d nests values more than 50 levels deep here; write a flatter value instead of "
        "repeating the anchor."], ONE),
    # 5 -- paths
    "a-page-outside-the-catalog": Case(5, {}, ("validate", "{root}/docs/index.md"), 2, [], [
        "credcat: {root}/docs/index.md: this is not in the catalog folder; credcat validate checks catalog files "
        "only, which live under {root}/catalog/."], setup=docs),
    "a-folder-outside-the-repository": Case(5, {}, ("validate", "{root}-temp"), 2, [], [
        "credcat: {root}-temp: this is outside the catalog repository ({root}); give a file or folder under "
        "{root}/catalog/, or pass --root for another repository."], setup=outside_folder),
    "upper-case-extension-given": Case(5, {"catalog/credentials/other.YAML": "id: other\n"},
                                       ("validate", "{root}/catalog/credentials/other.YAML"), 1, [
        "catalog/credentials/other.YAML:1:1: catalog files end in .yaml; rename this file from .YAML to .yaml."],
        ["1 problem in 1 file (1 checked)."]),
    "upper-case-extension-found": Case(5, {"catalog/credentials/other.YAML": "id: other\n"}, V, 1, [
        "catalog/credentials/other.YAML:1:1: catalog files end in .yaml; rename this file from .YAML to .yaml."],
        ["1 problem in 1 file (3 checked)."]),
    "another-extension": Case(5, {"catalog/credentials/notes.txt": "notes\n"},
                              ("validate", "{root}/catalog/credentials/notes.txt"), 2, [], [
        "credcat: {root}/catalog/credentials/notes.txt: this is not a catalog file; catalog files are YAML files "
        "whose names end in .yaml."]),
    "a-link-to-a-fifo-given": Case(5, {}, ("validate", "{root}/catalog/credentials/pipe.yaml"), 2, [], [
        "credcat: {root}/catalog/credentials/pipe.yaml: this is a symbolic link to a FIFO (a named pipe), not a "
        "regular file; catalog files are plain text files ending in .yaml."], setup=fifo),
    "a-link-to-a-fifo-found": Case(5, {}, V, 1, [
        "catalog/credentials/pipe.yaml:1:1: this is a symbolic link to a FIFO (a named pipe), not a regular file, "
        "so it is not read. Catalog files are plain text files."], ["1 problem in 1 file (3 checked)."], setup=fifo),
    "a-link-to-a-device-given": Case(5, {}, ("validate", "{root}/catalog/credentials/zero.yaml"), 2, [], [
        "credcat: {root}/catalog/credentials/zero.yaml: this is a symbolic link that leads out of the repository "
        "({root}); credcat reads only files inside it."], setup=device),
    "a-link-out-of-the-repository-found": Case(5, {}, V, 1, [
        "catalog/credentials/leak.yaml:1:1: this is a symbolic link that leads out of the repository, so it is "
        "not read. Catalog files must be files inside the repository: replace the link with the file itself."],
        ["1 problem in 1 file (3 checked)."], setup=leak),
    "a-missing-path": Case(5, {}, ("validate", "{root}/catalog/credentials/missing.yaml"), 2, [], [
        "credcat: {root}/catalog/credentials/missing.yaml: no such file or folder."]),
    # 6 -- values that broke scoring
    "date-in-year-9999": Case(6, {C: cred("last_reviewed: 2026-01-15", "last_reviewed: 9999-12-31")}, V, 1, [
        f"{C}:42:18: `maintenance.last_reviewed` is 9999-12-31; write a date between 1900-01-01 and "
        "2100-12-31."], ONE),
    "date-in-year-9999-scored": Case(6, {C: cred("last_reviewed: 2026-01-15", "last_reviewed: 9999-12-31")},
                                     ("score", "sample-credential"), 1, [], [
        f"{C}:42:18: `maintenance.last_reviewed` is 9999-12-31; write a date between 1900-01-01 and "
        "2100-12-31.", "credcat score: fix the problems above in sample-credential, then score it again."]),
    "date-in-year-9999-exported": Case(6, {C: cred("last_reviewed: 2026-01-15", "last_reviewed: 9999-12-31")},
                                       ("export", "--out", "{root}-out", "--site-url", "https://e.org/"), 1, [], [
        f"{C}:42:18: `maintenance.last_reviewed` is 9999-12-31; write a date between 1900-01-01 and "
        "2100-12-31.",
        "credcat export: nothing was written; fix the problems above (credcat validate lists them)."]),
    "chain-of-1200-stacks": Case(6, chain(1200), V, 0, [], ["All 1,202 files are valid."]),
    "source-date-epoch-not-a-number": Case(6, {}, V, 2, [], [
        "credcat: SOURCE_DATE_EPOCH must be a whole number of seconds, not 'tomorrow'. Unset it, or set it to a "
        "Unix time such as 1767225600."], env={"SOURCE_DATE_EPOCH": "tomorrow"}),
    "source-date-epoch-past-2100": Case(6, {}, ("score", "--all"), 2, [], [
        "credcat: SOURCE_DATE_EPOCH gives the scoring date 9999-12-31; it must lie between 1900 and 2100. Set it "
        "to a Unix time such as 1767225600."], env={"SOURCE_DATE_EPOCH": "253402214400"}),
    "a-number-of-5000-digits": Case(6, {C: cred("amount: 10\n", "amount: " + "9" * 5000 + "\n")}, V, 1, [
        f"{C}:38:15: this number has more digits than any fee, count or duration; write a shorter number."], ONE),
    # 7 -- inert text
    "escape-sequence-in-a-title": Case(7, {C: cred(TITLE, 'title: "Planning \\e[2J Exit Tickets"')}, V, 1, [
        f"{C}:3:8: `title` holds the control character U+001B (escape), which text in a catalog may not hold; "
        "delete it."], ONE),
    "nul-escape-in-a-title": Case(7, {C: cred(TITLE, 'title: "Planning \\0 Exit Tickets"')}, V, 1, [
        f"{C}:3:8: `title` holds the control character U+0000 (NUL), which text in a catalog may not hold; "
        "delete it."], ONE),
    "raw-escape-byte-at-its-place": Case(7, {C: cred(TITLE, "title: Planning \x1b[2J Exit Tickets").encode()}, V,
                                         1, [f"{C}:3:17: the file contains the control character U+001B (escape), "
                                             "which catalog files may not hold (only tabs and line breaks are "
                                             "allowed among control characters); delete it."], ONE),
    "c1-control-in-a-text": Case(7, {C: cred(TITLE, 'title: "Planning \\x9b2J Exit Tickets"')}, V, 1, [
        f"{C}:3:8: `title` holds the control character U+009B, which text in a catalog may not hold; delete it."],
        ONE),
    "escape-in-a-field-name": Case(7, {C: cred("status: active\n", 'status: active\n"x-\\e[31mred": 1\n')}, V, 1,
                                   [f"{C}:9:1: a field name in the file holds the control character U+001B "
                                    "(escape); delete it."], ONE),
    "escape-in-a-file-name": Case(7, {}, V, 1, [
        "catalog/credentials/\\x1b[2Jclear.yaml:2:5: the id `sample-credential` must equal the file name; rename "
        "the file to sample-credential.yaml or change the id to `\\x1b[2Jclear`."],
        ["1 problem in 1 file (3 checked)."], setup=escape_name),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_case(name: str, make_catalog, capsys, monkeypatch) -> None:
    case = CASES[name]
    files: dict[str, str | bytes] = {ORG_PATH: SAMPLE_ORG, CREDENTIAL_PATH: VALID_CREDENTIAL}
    files.update(case.files)
    root = make_catalog(files)
    if case.setup:
        case.setup(root)
    for key, value in case.env.items():
        monkeypatch.setenv(key, value)
    args = [a.replace("{root}", str(root)) for a in case.args]
    try:
        code = main([*args, "--root", str(root)])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    assert out.splitlines() == [line.replace("{root}", str(root)) for line in case.out]
    assert err.splitlines() == [line.replace("{root}", str(root)) for line in case.err]
    assert code == case.code
    assert "Traceback" not in out + err and "\x1b" not in out + err
    assert "SECRET-TOKEN" not in out + err, "a refused file is never quoted"


def test_every_rule_has_a_case() -> None:
    assert sorted({case.rule for case in CASES.values()}) == [1, 2, 3, 4, 5, 6, 7]


# ---- rule 3: the fast validator decides when the explaining one finds nothing -----------------------------


def test_the_fast_validators_finding_is_reported_when_the_explainer_sees_none() -> None:
    schema = load_schemas(REPO_ROOT)["credential"]
    data = load_bytes(VALID_CREDENTIAL.encode())
    data["previous_ids"] = ["old-feedback\n"]  # Python's `$` accepts the final line break; the fast one does not
    data["resources"][0]["url"] = "https://example.org/%zz"  # no URI format check in Python's validator
    assert not schema.is_valid(data) and schema.errors(data) == []
    findings = validation.check_document(data, schema)
    assert [(f.path, f.message) for f in findings] == [
        (("previous_ids", 0), "`previous_ids` item 1 is 'old-feedback '; use lower-case letters, digits and "
                              "single hyphens, like `exit-tickets-formative-assessment`."),
        (("resources", 0, "url"), "`url` of `resources` item 1 is 'https://example.org/%zz'; write a full web "
                                  "address starting with https:// (or http://)."),
    ]


# ---- rule 6: stack chains build -------------------------------------------------------------------------


def test_a_chain_of_1200_stacks_builds_every_page(make_catalog) -> None:
    root = make_catalog({ORG_PATH: SAMPLE_ORG, **chain(1200)})
    build = pipeline.run(root)
    assert build.ok
    page = pages.stack_page(build, "s0")
    assert "sample-credential/" in page.content, "the innermost credential is a member of the outermost stack"
    assert len(pages.all_pages(build, "https://e.org/")) > 1200


# ---- rule 7: output that is not a validation problem ------------------------------------------------------


HOSTILE_TITLE = "![x](https://evil.example/x.png) <img src=x onerror=alert(1)> [click](https://evil.example) @octocat"


def test_titles_are_escaped_in_markdown_for_pull_requests(make_catalog, capsys) -> None:
    root = make_catalog({ORG_PATH: SAMPLE_ORG, CREDENTIAL_PATH: cred(TITLE, f'title: "{HOSTILE_TITLE}"')})
    assert main(["score", "sample-credential", "--format", "markdown", "--root", str(root)]) == 0
    heading = capsys.readouterr().out.splitlines()[0]
    joiner = "\u2060"
    assert heading == (f"### \\!\\[x\\](https:{joiner}//evil.example/x.png) \\<img src=x onerror=alert(1)\\> "
                       f"\\[click\\](https:{joiner}//evil.example) @{joiner}octocat (`sample-credential`)")
    html = markdown.markdown(heading)
    assert "<img" not in html and "<a" not in html and "&lt;img" in html, html


def test_terminal_output_never_carries_control_sequences(make_catalog, capsys) -> None:
    root = make_catalog({ORG_PATH: SAMPLE_ORG, CREDENTIAL_PATH: cred(TITLE, 'title: "Planning \\e]0;pwned\\a"')})
    for args in (["validate"], ["validate", "--format", "github"], ["score", "sample-credential"], ["score", "--all"]):
        main([*args, "--root", str(root)])
        out, err = capsys.readouterr()
        assert not any(ch in out + err for ch in "\x1b\x07"), args


def test_xml_refuses_what_it_cannot_hold() -> None:
    from site_plugins import xml_text

    feed = xml_text.atom_feed("https://e.org/", "Cat <&>", [
        {"title": "A <b>&amp;", "url": "https://e.org/x/", "updated": "2026-01-01T00:00:00Z", "issuer": "O'Neil",
         "summary": "]]> <!-- -->"}], "2026-01-01T00:00:00Z")
    import xml.etree.ElementTree as ET

    entry = ET.fromstring(feed).find("{http://www.w3.org/2005/Atom}entry")
    assert entry is not None and entry.findtext("{http://www.w3.org/2005/Atom}title") == "A <b>&amp;"
    with pytest.raises(xml_text.XmlError, match="U\\+001B"):
        xml_text.atom_feed("https://e.org/", "Cat", [{"title": "\x1b[2J", "url": "u", "updated": "u", "issuer": "i",
                                                      "summary": "s"}], "u")


# ---- read-only and full file systems (real mounts, in a private mount namespace) --------------------------


def _can_mount() -> bool:
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k none /mnt"],
                           capture_output=True, check=False)
    return probe.returncode == 0


needs_mounts = pytest.mark.skipif(not _can_mount(), reason="needs unshare -m and mount (a private mount namespace)")


def _in_namespace(script: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["unshare", "-m", "sh", "-ec", script], capture_output=True, text=True, check=False,
                          env={**ENV, **env, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"})


@needs_mounts
def test_a_read_only_checkout_says_so_in_one_line(make_catalog) -> None:
    root = copy_site_sources(make_catalog({ORG_PATH: SAMPLE_ORG, CREDENTIAL_PATH: VALID_CREDENTIAL}))
    ro = f"mount --bind {root} {root}; mount -o remount,bind,ro {root}; cd {root};"
    new = _in_namespace(f"{ro} credcat new fresh-credential")
    assert (new.returncode, new.stdout, new.stderr) == (2, "", "credcat new: could not write catalog/credentials/"
                                                              "fresh-credential.yaml: the file system is read-only. "
                                                              "Nothing was written.\n")
    export = _in_namespace(f"{ro} credcat export --out out --site-url https://e.org/")
    assert export.returncode == 2 and export.stderr.count("\n") == 1 and "read-only" in export.stderr
    build = _in_namespace(f"{ro} python -m mkdocs build --strict -q")
    assert build.returncode == 1 and "Traceback" not in build.stderr
    assert f"The site was not built: cannot write or read {root}/.site.credcat-lock: the file system is " \
           "read-only." in build.stderr
    validate = _in_namespace(f"{ro} credcat validate")  # reading works
    assert (validate.returncode, validate.stderr) == (0, "All 2 files are valid.\n")
    assert not (root / "catalog/credentials/fresh-credential.yaml").exists()


@needs_mounts
def test_a_full_disk_leaves_the_last_export_and_site_byte_for_byte(make_catalog, tmp_path: Path) -> None:
    root = copy_site_sources(make_catalog({ORG_PATH: SAMPLE_ORG, CREDENTIAL_PATH: VALID_CREDENTIAL}))
    disk = tmp_path / "disk"
    disk.mkdir()
    write_both = (f"credcat export --out {disk}/out --site-url https://e.org/ >/dev/null;"
                  f"python -m mkdocs build -q -d {disk}/site;")
    measured = _in_namespace(f"mount -t tmpfs -o size=64m none {disk}; cd {root}; {write_both}"
                             f"du -sk {disk}/out {disk}/site")
    assert measured.returncode == 0, measured.stderr
    out_k, site_k = (int(line.split()[0]) for line in measured.stdout.splitlines())
    # Room for one export and one site, not for a second copy of either beside it (as a swap needs).
    size_k = out_k + site_k + min(out_k, site_k) // 2
    run = _in_namespace(
        f"mount -t tmpfs -o size={size_k}k none {disk}; cd {root}; {write_both}"
        f"tar -C {disk} -cf {tmp_path}/before.tar out site;"
        f"sed -i 's/^title: .*/title: A New Title for the Same Credential/' {CREDENTIAL_PATH};"
        "sed -i 's/^site_name: /site_name: Renamed /' mkdocs.yml; set +e;"
        f"credcat export --out {disk}/out --site-url https://e.org/; echo export=$?;"
        f"python -m mkdocs build -q -d {disk}/site 2>&1; echo build=$?;"
        f"tar -C {disk} -cf {tmp_path}/after.tar out site; ls -a {disk}")
    assert "export=2" in run.stdout and "build=1" in run.stdout, run.stdout + run.stderr
    assert run.stderr.count("\n") == 1 and "the disk is full. The files there are as they were." in run.stderr
    assert "The site could not be written" in run.stdout and "the disk is full" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr
    assert ".out.credcat-new" not in run.stdout and ".site.credcat-new" not in run.stdout
    for name in ("before", "after"):
        (tmp_path / name).mkdir()
        subprocess.run(["tar", "-C", str(tmp_path / name), "-xf", str(tmp_path / f"{name}.tar")], check=True)
    assert snapshot(tmp_path / "after" / "out") == snapshot(tmp_path / "before" / "out")
    assert snapshot(tmp_path / "after" / "site") == snapshot(tmp_path / "before" / "site")


# ---- in process: the same failures where mounts are not available -----------------------------------------


def test_new_in_a_read_only_folder_says_so(make_catalog, capsys, monkeypatch) -> None:
    root = make_catalog({ORG_PATH: SAMPLE_ORG})

    def read_only(path: Path, data: bytes) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(atomic, "_write_all", read_only)
    assert main(["new", "fresh-credential", "--root", str(root)]) == 2
    assert capsys.readouterr().err == ("credcat new: could not write catalog/credentials/fresh-credential.yaml: the "
                                       "file system is read-only. Nothing was written.\n")
    assert list((root / "catalog/credentials").iterdir()) == []


# ---- rule 4: what one credential makes of the site is bounded too ----------------------------------------


def test_a_credential_that_makes_too_large_a_site_stops_build_and_export(make_catalog, monkeypatch, caplog,
                                                                         capsys) -> None:
    from site_plugins import output_budget

    root = copy_site_sources(make_catalog({ORG_PATH: SAMPLE_ORG, CREDENTIAL_PATH: VALID_CREDENTIAL}))
    assert strict_build(root)
    before = snapshot(root / "site")
    monkeypatch.setattr(output_budget, "MAX_OUTPUT_BYTES", 20_000)
    caplog.clear()
    assert not strict_build(root)
    assert snapshot(root / "site") == before
    problem = (f"{C}:5:1: the pages and files made from this credential add up to ")
    assert problem in caplog.text and "KiB, more than the 19.5 KiB one credential may make of the site. Its longest " \
                                      "text is `description` (198 bytes)." in caplog.text
    capsys.readouterr()
    monkeypatch.setattr(output_budget, "MAX_OUTPUT_BYTES", 2_000)  # the export alone is smaller than the site
    assert main(["export", "--out", str(root / "out"), "--site-url", "https://e.org/", "--root", str(root)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "credcat export: the catalog would make too large an export; nothing was written:"
    assert err[1].startswith(problem) and not (root / "out").exists()
