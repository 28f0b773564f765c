"""Property-based: a mutated valid credential gets located problems from validate, or the strict build succeeds.

Hypothesis mutates the small sample credential: a field deleted, emptied, or given hostile text (control
characters, bidirectional overrides, code fences, brackets, HTML), another type, a far date, deep
Markdown; or the file's bytes changed at a random place. For each mutation ``credcat validate`` runs,
then a real strict MkDocs build (in process) into a site made from the last valid catalog:

- validate exits 0 and the build succeeds, or
- validate exits 1 with only ``path:line:column: message`` lines, and the build fails and leaves ``site/``
  as it was, byte for byte.

Bounded in time: a fixed number of examples, derandomized so a failure reproduces on every run.
"""

from __future__ import annotations

import contextlib
import copy
import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from repo_copy import copy_site_sources
from samples import (
    CREDENTIAL_PATH,
    ORG_PATH,
    REPO_ROOT,
    SAMPLE_ORG,
    VALID_CREDENTIAL,
    snapshot,
    strict_build,
    value_paths,
)

from site_plugins.cli import main
from site_plugins.loading import load_bytes

PROBLEM = re.compile(r"^catalog/[^:\n]+\.yaml:[1-9][0-9]*:[1-9][0-9]*: \S.*$")
BASE = load_bytes(VALID_CREDENTIAL.encode())


PATHS = value_paths(BASE)
ALPHABET = st.characters(blacklist_categories=("Cs",), max_codepoint=0x2FFF) | st.sampled_from(
    list("\x00\x07\x1b\x7f\x85\x9b\u200b\u202e\u2066\u2028\ufeff\t\n\r `~[]()<>&\"'\\|*_#!@:/%{}"))
TEXT = st.one_of(
    st.text(ALPHABET, max_size=40),
    st.sampled_from(["", " ", "\n", "x\n", " padded ", "```\nfence\n```", "</div></li>", "<script>alert(1)</script>",
                     "[x](javascript:alert(1))", "https://example.org/a\"b", "https://example.org/\u202eexe",
                     "https://user:pw@example.org/", "https://example.org:99999/", "https://example.org/ok",
                     "{{ 7 * 7 }}", "%{init: {}}%%", "=cmd|' /C calc'!A0", "\u202e\u2066 title"]),
    st.integers(0, 400).map(lambda depth: "\n".join("    " * i + "- item" for i in range(depth))),
    st.integers(0, 40_000).map(lambda count: "[" * count + " text"),
    st.tuples(st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32)).map(
        lambda d: f"{d[0]:04d}-{d[1]:02d}-{d[2]:02d}"),
)
VALUE = st.one_of(TEXT, st.none(), st.booleans(), st.integers(-(10**20), 10**20),
                  st.floats(allow_nan=False, allow_infinity=False), st.just([]), st.just({}),
                  st.lists(TEXT, max_size=3))
MUTATION = st.one_of(
    st.tuples(st.just("delete"), st.sampled_from(PATHS), st.none()),
    st.tuples(st.just("set"), st.sampled_from(PATHS), VALUE),
    st.tuples(st.just("bytes"), st.integers(0, len(VALID_CREDENTIAL)), st.binary(min_size=1, max_size=8)),
)


def mutated(mutation: tuple[str, Any, Any]) -> bytes:
    kind, where, value = mutation
    if kind == "bytes":
        raw = VALID_CREDENTIAL.encode()
        return raw[:where] + value + raw[where:]
    data = copy.deepcopy(BASE)
    node = data
    for step in where[:-1]:
        node = node[step]
    if kind == "delete":
        del node[where[-1]]
    else:
        node[where[-1]] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_site_sources(tmp_path_factory.mktemp("fuzz") / "repo")
    shutil.copytree(REPO_ROOT / "schema", root / "schema")
    for folder in ("credentials", "stacks", "organizations"):
        (root / "catalog" / folder).mkdir(parents=True)
    (root / ORG_PATH).write_text(SAMPLE_ORG, encoding="utf-8")
    (root / CREDENTIAL_PATH).write_text(VALID_CREDENTIAL, encoding="utf-8")
    assert strict_build(root), "the unmutated catalog builds"
    return root


def validate(root: Path) -> tuple[int, list[str]]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["validate", "--root", str(root)])
        except SystemExit as exc:
            code = int(exc.code or 0)
    assert "Traceback" not in out.getvalue() + err.getvalue()
    return code, out.getvalue().splitlines()


@settings(max_examples=30, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutation=MUTATION)
def test_validate_locates_a_problem_or_the_strict_build_succeeds(repo: Path, mutation: tuple[str, Any, Any]) -> None:
    (repo / CREDENTIAL_PATH).write_bytes(mutated(mutation))
    before = snapshot(repo / "site")
    code, lines = validate(repo)
    if code == 0:
        assert strict_build(repo), f"validate accepted {mutation!r}, and the strict build failed"
        return
    assert code == 1 and lines, (code, lines)
    for line in lines:
        assert PROBLEM.match(line), line
        assert "\x1b" not in line and "\x00" not in line
    assert not strict_build(repo), f"validate refused {mutation!r}, and the build succeeded"
    assert snapshot(repo / "site") == before, "a failed build left site/ as it was"
