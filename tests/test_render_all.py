"""Everything validation accepts renders: no optional field left out, and no text, breaks a template.

- Every template is rendered against records holding only the required fields (a credential, an
  organization, a stack), and a real ``mkdocs build --strict`` of that catalog succeeds.
- Every optional field of the richest sample credential, organization and stack is left out in turn:
  whatever validation accepts, every page and export renders.
- Text that looks like Markdown or HTML in a plain-text field (a code fence, a link, a closing tag) stays
  text, and the build stays well formed.
"""

from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jinja2
import pytest
from repo_copy import copy_repo
from samples import value_paths

from site_plugins import charts, exports, pages, pipeline, render
from site_plugins.catalog import Catalog, Entry
from site_plugins.changes import Change, changes_markdown
from site_plugins.data_page import data_page
from site_plugins.list_checks import check_lists
from site_plugins.problems import Problem
from site_plugins.references import check_references
from site_plugins.scaffold import write_scaffold
from site_plugins.schemas import load_schemas
from site_plugins.scorecard_format import as_markdown
from site_plugins.theme_script import load_theme_script_after_list
from site_plugins.validation import check_document
from site_plugins.value_checks import check_values

ROOT = Path(__file__).parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1793491200"}
SITE = "https://example.org/credcat/"

MINIMAL = {
    "catalog/organizations/minimal-org.yaml": "id: minimal-org\nname: Minimal Org\ntype: other\n",
    "catalog/credentials/minimal-credential.yaml": """\
id: minimal-credential
title: Minimal credential
summary: Only the required fields.
description: A description of twenty characters or more.
competency:
  statement: The educator does one thing well.
evidence:
  - id: work
    title: Work sample
evaluation:
  criteria:
    - id: quality
      criterion: The work is good
organizations:
  issuer: minimal-org
access:
  cost:
    amount: 0
  estimated_hours: 1
""",
    "catalog/stacks/minimal-stack.yaml": "id: minimal-stack\ntitle: Minimal stack\nsummary: Only the required fields."
                                         "\ncredentials: [minimal-credential]\n",
    "catalog/approved-lists/minimal-list.yaml": "id: minimal-list\ntitle: Minimal list\nrecognizer: minimal-org\n"
                                                "jurisdiction: US-WY\neffective: 2020-01-01\n"
                                                "credentials:\n  - id: minimal-credential\n",
}
# The redirect page needs an old id: a second credential with only the required fields and previous_ids.
RENAMED = MINIMAL["catalog/credentials/minimal-credential.yaml"].replace(
    "id: minimal-credential", "id: renamed-credential\nprevious_ids: [old-name]")


def minimal_repo(tmp_path: Path) -> Path:
    repo = copy_repo(tmp_path)
    for folder in ("credentials", "stacks", "organizations", "approved-lists"):
        for path in (repo / "catalog" / folder).iterdir():
            path.unlink()
    for relative, text in {**MINIMAL, "catalog/credentials/renamed-credential.yaml": RENAMED}.items():
        (repo / relative).write_text(text, encoding="utf-8")
    return repo


def test_every_template_renders_records_with_only_the_required_fields(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    repo = minimal_repo(tmp_path)
    used: set[str] = set()
    original = jinja2.Environment.get_template

    def recording(self: jinja2.Environment, name: Any, *args: Any, **kwargs: Any) -> jinja2.Template:
        used.add(str(name))
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "get_template", recording)
    render.environment.cache_clear()
    build = pipeline.run(repo)
    assert build.ok, [p.text() for p in build.problems]
    made = {page.src_uri: page.content for page in pages.all_pages(build, SITE)}
    made.update(exports.export_files(build, ["all"], SITE))
    made["data/index.md"] = data_page(build, SITE, made).content
    problems = [Problem("catalog/credentials/x.yaml", 1, 1, "a problem")]
    made["problems.md"] = pages.problem_page(problems)
    made["banner.html"] = pages.problem_banner("<body></body>", problems, kept=True)
    made["scorecard.md"] = as_markdown(build.scorecards["minimal-credential"])
    made["changes.md"] = changes_markdown([(Change("added", "catalog/credentials/minimal-credential.yaml"),
                                            build.scorecards["minimal-credential"], None, None)], "main", "0" * 40)
    write_scaffold(repo, "scaffolded-credential")
    made["chart.svg"] = charts.standards_outcomes_svg([(s.id, s.name, 0, 0, 1) for s in build.rubric.standards], 1,
                                                 title="Standards", description="None met.")
    made["browse.html"] = load_theme_script_after_list(
        '<html><head></head><body><script src="assets/javascripts/bundle.0a1b.min.js"></script></body></html>')
    for name in ("credentials/minimal-credential/index.md", "stacks/minimal-stack/index.md",
                 "organizations/minimal-org/index.md", "credentials/old-name/index.html",
                 "credentials/minimal-credential/badge.svg", "catalog.json", "credentials/old-name/badge.svg",
                 "data/index.md", "recognition/us-wy/index.md", "approved-lists/minimal-list/index.md",
                 "approved-lists/minimal-list/feed.xml"):
        assert made[name], name
    templates = {p.name for p in (ROOT / "site_plugins" / "templates").iterdir() if p.suffix == ".j2"}
    assert templates <= used, f"templates never rendered: {sorted(templates - used)}"
    render.environment.cache_clear()

    site = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], cwd=repo,
                          capture_output=True, text=True, env=ENV, check=False)
    assert done.returncode == 0, done.stderr
    page = (site / "credentials" / "minimal-credential" / "index.html").read_text(encoding="utf-8")
    assert "Minimal credential" in page and "Not recorded in this catalog entry" in page


# ---- every optional field left out, one at a time ---------------------------------------------------------


def _without(data: dict[str, Any], path: tuple[Any, ...]) -> dict[str, Any]:
    copied = copy.deepcopy(data)
    node: Any = copied
    for step in path[:-1]:
        node = node[step]
    del node[path[-1]]
    return copied


@pytest.fixture(scope="module")
def sample() -> pipeline.Build:
    build = pipeline.run(ROOT)
    assert build.ok
    return build


@pytest.mark.parametrize(("kind", "entry_id", "at_least"), [("credential", "feedback-for-revision", 100),
                                                            ("organization", "ridgeline-state-university", 10),
                                                            ("stack", "formative-assessment-essentials", 4),
                                                            ("approved-list", "harbor-county-salary-credit", 5)])
def test_every_optional_field_can_be_left_out(sample: pipeline.Build, kind: str, entry_id: str,
                                              at_least: int) -> None:
    schemas = load_schemas(ROOT)
    entry = sample.catalog.entries(kind)[entry_id]
    rendered = 0
    for path in value_paths(entry.data):
        data = _without(entry.data, path)
        if check_document(data, schemas[kind]) or check_values(data, schemas[kind]):
            continue  # a required field: validation says so
        catalog = Catalog(sample.root, dict(sample.catalog.credentials), dict(sample.catalog.stacks),
                          dict(sample.catalog.organizations), dict(sample.catalog.approved_lists))
        catalog.entries(kind)[entry_id] = Entry(kind, entry_id, entry.path, entry.display, data)
        if check_references(catalog) or check_lists(catalog):
            continue  # e.g. a stack no longer listing a credential that lists it
        _render_around(pipeline.model(catalog, sample.rubric, sample.as_of, workers=1), kind, entry_id)
        rendered += 1
    assert rendered >= at_least, "the optional fields left out, each one, rendered"


def _render_around(build: pipeline.Build, kind: str, entry_id: str) -> None:
    """Every page and export the entry appears in."""
    if kind == "credential":
        cids = [entry_id]
    elif kind == "stack":
        cids = list(build.catalog.stacks[entry_id].data.get("credentials", []))
    else:
        cids = [cid for cid, e in build.catalog.credentials.items() if entry_id in str(e.data.get("organizations"))]
    for cid in cids:
        pages.credential_page(build, cid, SITE)
        exports.credential_share(build, SITE, exports.FORMATS, cid)
        as_markdown(build.scorecards[cid])
    pages.all_pages(build, SITE)


# ---- text that looks like markup stays text ---------------------------------------------------------------


def test_markup_in_plain_text_stays_text(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path)
    path = repo / "catalog" / "credentials" / "feedback-for-revision.yaml"
    text = path.read_text(encoding="utf-8")
    hostile = ('"first\\n\\n```\\nfenced\\n```\\n\\n~~~\\n[x](javascript:alert(1)) <b>bold</b> </div></li>\\n\\n'
               '# heading {: onclick=alert(2) }"')
    text, count = re.subn(r"^    description: Describe the class,.*$", f"    description: {hostile}", text, count=1,
                          flags=re.MULTILINE)
    assert count == 1
    path.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], cwd=repo,
                          capture_output=True, text=True, env=ENV, check=False)
    assert done.returncode == 0, done.stderr
    page = (site / "credentials" / "feedback-for-revision" / "index.html").read_text(encoding="utf-8")
    assert "[x](javascript:alert(1))" in page and 'href="javascript' not in page
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "onclick" not in page.replace("{: onclick=alert(2) }", "")
    assert '<div class="highlight">' not in page, "no code block came out of a plain text"
