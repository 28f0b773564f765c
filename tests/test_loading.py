"""Safe loading of untrusted YAML: every hostile file gives one clean `path:line:column: message`, fast.

Unit cases call ``site_plugins.loading`` directly; the end-to-end cases run ``credcat validate`` and check
that exactly one problem line comes out, with no traceback and no Python repr in it, within a second.
The one-second bound is a guard against hangs (alias bombs, deep nesting), not a benchmark.
"""

from __future__ import annotations

import random
import re
import time

import pytest

from site_plugins.cli import main
from site_plugins.loading import MAX_BYTES, LoadError, load_bytes, load_file

CREDENTIAL = "catalog/credentials/sample-credential.yaml"
PROBLEM_LINE = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>[1-9][0-9]*):(?P<column>[1-9][0-9]*): (?P<message>\S.*)$"
)


def alias_bomb() -> bytes:
    """Billion laughs: 9 levels, each a list of 9 aliases to the level below (9**9 leaves if expanded)."""
    lines = ['lol0: &lol0 ["lol"]']
    for level in range(1, 10):
        lines.append(f"lol{level}: &lol{level} [" + ", ".join([f"*lol{level - 1}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


def random_binary() -> bytes:
    rng = random.Random(20260101)
    data = bytearray(rng.randrange(1, 256) for _ in range(4096))
    for offset in (100, 1000, 3000):
        data[offset] = 0
    return bytes(data)


HOSTILE = {
    "alias-bomb": alias_bomb(),
    "python-apply-tag": b'id: sample-credential\nrun: !!python/object/apply:os.system ["echo hi"]\n',
    "python-object-tag": b"id: sample-credential\nobj: !!python/object:collections.OrderedDict {a: 1}\n",
    "python-name-tag": b"id: sample-credential\nfn: !!python/name:os.system\n",
    "five-megabytes": b"id: sample-credential\ndescription: " + b"a" * (5 * 1024 * 1024) + b"\n",
    "binary": random_binary(),
    "deep-flow": b"id: sample-credential\nx: " + b"[" * 10_000 + b"]" * 10_000 + b"\n",
    "deep-block": b"id: sample-credential\nx:\n" + b"- " * 10_000 + b"deep\n",
    "tab-indent": b"id: sample-credential\ncompetency:\n\tstatement: The educator plans lessons.\n",
    "byte-order-mark": b"\xef\xbb\xbfid: sample-credential\n",
    "empty": b"",
    "whitespace-only": b"  \n\n   \n",
    "latin-1": "id: sample-credential\ntitle: Caf\xe9 conversations\n".encode("latin-1"),
    "two-documents": b"id: sample-credential\n---\nid: another-credential\n",
    "duplicate-keys": b"id: sample-credential\ntitle: One title\nsummary: A summary.\ntitle: Two titles\n",
    "top-level-list": b"- id: sample-credential\n- id: another-credential\n",
}


# A hostile file (an alias bomb, a nesting bomb, megabytes of text) is refused, not expanded: expanding one
# takes minutes or never ends, so this bound catches that on a loaded machine too. How fast refusing is stays
# with the benchmarks (benchmarks/validate.py), never a timed test.
REFUSED_WITHIN = 10.0


def load_error(data: bytes) -> LoadError:
    started = time.perf_counter()
    with pytest.raises(LoadError) as info:
        load_bytes(data)
    assert time.perf_counter() - started < REFUSED_WITHIN
    error = info.value
    assert error.line >= 1 and error.column >= 1
    assert_clean(error.message)
    return error


def assert_clean(message: str) -> None:
    assert message.strip() == message and message
    assert "\n" not in message
    for leak in ("Traceback", "<", "Error(", "object at 0x", "\\x"):
        assert leak not in message, message


def one_clean_problem(run_cli, make_catalog, sample_org_text, content):
    """Validate a catalog whose only credential holds ``content``; return (line, column, message)."""
    root = make_catalog({"catalog/organizations/sample-org.yaml": sample_org_text, CREDENTIAL: content})
    started = time.perf_counter()
    code, out, err = run_cli(root, "validate")
    elapsed = time.perf_counter() - started
    assert elapsed < REFUSED_WITHIN, f"validate took {elapsed:.2f} s"
    assert code == 1, (out, err)
    assert "Traceback" not in out + err
    lines = out.splitlines()
    assert len(lines) == 1, out
    match = PROBLEM_LINE.match(lines[0])
    assert match, lines[0]
    assert match["path"] == CREDENTIAL
    assert_clean(match["message"])
    assert "1 problem in 1 file (2 checked)." in err
    return int(match["line"]), int(match["column"]), match["message"]


# --- end to end: credcat validate prints exactly one clean line ------------------------------------------


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_file_gives_one_clean_problem(case, run_cli, make_catalog, sample_org_text):
    line, column, message = one_clean_problem(run_cli, make_catalog, sample_org_text, HOSTILE[case])
    assert line >= 1 and column >= 1 and message


EXPECTED = {
    # case: (line, column, words that must be in the message)
    "alias-bomb": (None, None, ["aliases", "too much data"]),
    "python-apply-tag": (2, 6, ["python/object/apply:os.system", "not allowed", "Remove the tag"]),
    "python-object-tag": (2, 6, ["python/object:collections.OrderedDict", "not allowed"]),
    "python-name-tag": (2, 5, ["python/name:os.system", "not allowed"]),
    "five-megabytes": (1, 1, ["5.0 MiB", "at most 1 MiB"]),
    "binary": (None, None, ["not text", "NUL"]),
    "deep-flow": (2, None, ["nested more than 50 levels"]),
    "deep-block": (3, None, ["nested more than 50 levels"]),
    "tab-indent": (3, 1, ["tab", "spaces"]),
    "byte-order-mark": (1, 1, ["byte-order mark", "without BOM"]),
    "empty": (1, 1, ["empty"]),
    "whitespace-only": (1, 1, ["empty"]),
    "latin-1": (2, 11, ["not valid UTF-8", "0xe9"]),
    "two-documents": (2, 1, ["one credential only", "---"]),
    "duplicate-keys": (4, 1, ["`title`", "twice"]),
    "top-level-list": (1, 1, ["mapping", "not a list"]),
}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_hostile_file_problem_position_and_words(case, run_cli, make_catalog, sample_org_text):
    line, column, message = one_clean_problem(run_cli, make_catalog, sample_org_text, HOSTILE[case])
    want_line, want_column, words = EXPECTED[case]
    if want_line is not None:
        assert line == want_line, message
    if want_column is not None:
        assert column == want_column, message
    for word in words:
        assert word in message


def test_python_tags_are_never_executed(make_catalog, sample_org_text, capfd):
    marker = "credcat-tag-was-executed"
    content = f'id: sample-credential\nrun: !!python/object/apply:os.system ["echo {marker}"]\n'.encode()
    root = make_catalog({"catalog/organizations/sample-org.yaml": sample_org_text, CREDENTIAL: content})
    assert main(["validate", "--root", str(root)]) == 1
    out, err = capfd.readouterr()  # file-descriptor capture: would also see output of a spawned shell
    assert "python/object/apply:os.system" in out and "not allowed" in out
    assert marker not in out + err


def test_tab_indentation_is_named_as_a_tab(run_cli, make_catalog, sample_org_text):
    _, _, message = one_clean_problem(run_cli, make_catalog, sample_org_text, HOSTILE["tab-indent"])
    assert "tab" in message


def test_tab_inside_a_block_is_named_as_a_tab():
    error = load_error(b"competency:\n  statement: The educator plans.\n\tarea: Planning\n")
    assert (error.line, error.column) == (3, 1)
    assert "tab" in error.message and "spaces" in error.message


# --- unit: load_bytes / load_file --------------------------------------------------------------------------


def test_alias_bomb_is_refused_quickly():
    error = load_error(alias_bomb())
    assert "aliases" in error.message


def test_a_few_aliases_are_fine():
    assert load_bytes(b"a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}


@pytest.mark.parametrize(
    "data, tag",
    [
        (b'x: !!python/object/apply:os.system ["echo hi"]\n', "python/object/apply:os.system"),
        (b"x: !!python/object:collections.OrderedDict {a: 1}\n", "python/object:collections.OrderedDict"),
        (b"x: !!python/object/new:list [[1]]\n", "python/object/new:list"),
        (b"x: !custom value\n", "!custom"),
    ],
)
def test_constructor_tags_are_refused(data, tag):
    error = load_error(data)
    assert (error.line, error.column) == (1, 4)
    assert tag in error.message and "not allowed" in error.message


def test_five_megabyte_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(HOSTILE["five-megabytes"])
    assert path.stat().st_size > MAX_BYTES
    started = time.perf_counter()
    with pytest.raises(LoadError) as info:
        load_file(path)
    assert time.perf_counter() - started < REFUSED_WITHIN
    assert (info.value.line, info.value.column) == (1, 1)
    assert "5.0 MiB" in info.value.message
    assert_clean(info.value.message)


def test_binary_file_points_at_the_first_nul():
    error = load_error(b"id: x\nab\x00cd\n\x00")
    assert (error.line, error.column) == (2, 3)
    assert "NUL" in error.message
    assert "NUL" in load_error(random_binary()).message


def test_deep_flow_nesting_is_refused():
    error = load_error(b"[" * 10_000 + b"]" * 10_000)
    assert "nested more than 50 levels" in error.message
    assert error.line == 1


def test_deep_block_nesting_is_refused():
    error = load_error(b"- " * 10_000 + b"x\n")
    assert "nested more than 50 levels" in error.message


def test_nesting_within_the_limit_loads():
    assert load_bytes(b"[" * 40 + b"1" + b"]" * 40) is not None


def test_tab_used_for_indentation_gives_a_position():
    error = load_error(HOSTILE["tab-indent"])
    assert (error.line, error.column) == (3, 1)


def test_byte_order_mark_is_refused():
    error = load_error(b"\xef\xbb\xbfid: x\n")
    assert (error.line, error.column) == (1, 1)
    assert "byte-order mark" in error.message


@pytest.mark.parametrize("data", [b"", b" ", b"\n\n", b"  \n\t\n  "])
def test_empty_and_whitespace_only_files_are_refused(data):
    assert "empty" in load_error(data).message


def test_comment_only_file_holds_no_data():
    assert "no data" in load_error(b"# just a comment\n").message


def test_invalid_utf8_points_at_the_bad_byte():
    error = load_error("id: x\ntitle: Caf\xe9\n".encode("latin-1"))
    assert (error.line, error.column) == (2, 11)
    assert "UTF-8" in error.message and "0xe9" in error.message


def test_two_documents_are_refused_at_the_separator():
    error = load_error(b"id: a\ntitle: First\n---\nid: b\n")
    assert (error.line, error.column) == (3, 1)
    assert "one credential only" in error.message


def test_one_explicit_document_is_fine():
    assert load_bytes(b"---\nid: a\n...\n") == {"id": "a"}


def test_duplicate_key_points_at_the_second_key():
    error = load_error(b"id: a\ntitle: One\nsummary: S\ntitle: Two\n")
    assert (error.line, error.column) == (4, 1)
    assert "`title`" in error.message and "twice" in error.message


def test_nested_duplicate_key_points_at_the_second_key():
    error = load_error(b"id: a\ncompetency:\n  statement: One\n  area: A\n  statement: Two\n")
    assert (error.line, error.column) == (5, 3)
    assert "`statement`" in error.message


def test_duplicate_key_in_flow_mapping():
    error = load_error(b"x: {a: 1, b: 2, a: 3}\n")
    assert (error.line, error.column) == (1, 17)


def test_top_level_list_loads_as_a_list_for_the_validator_to_refuse():
    assert load_bytes(b"- a\n- b\n") == ["a", "b"]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"a: .inf\n", "finite"),
        (b"a: .nan\n", "finite"),
        (b"a: !!int ten\n", "not a number"),
        (b"a: !!bool yes\n", "not true or false"),
        (b"a: *nowhere\n", "no anchor"),
        (b"[a, b]: 1\n", "plain name"),
        (b"a: &x 1\n*x : 2\n", "alias"),
    ],
)
def test_other_refusals(data, message):
    assert message in load_error(data).message


# --- YAML 1.2 core schema -------------------------------------------------------------------------------


def test_yaml_1_2_core_scalars():
    data = load_bytes(
        b"a: yes\nb: no\nc: on\nd: off\n"
        b"7.10: version\n"
        b"e: '3'\nf: \"4\"\ng: 3\nh: 1.5\n"
        b"i: 2026-01-15\nj: 2026-01-15T10:00:00Z\n"
        b"k: true\nl: False\nm: ~\nn: null\n"
        b"o: 010\np: 0o17\nq: 0x1F\nr: !!str 5\n3: three\n"
    )
    assert data["a"] == "yes" and data["b"] == "no" and data["c"] == "on" and data["d"] == "off"
    assert data["7.10"] == "version"
    assert data["e"] == "3" and data["f"] == "4"
    assert data["g"] == 3 and isinstance(data["g"], int)
    assert data["h"] == 1.5
    assert data["i"] == "2026-01-15" and data["j"] == "2026-01-15T10:00:00Z"
    assert data["k"] is True and data["l"] is False
    assert data["m"] is None and data["n"] is None
    assert data["o"] == 10 and data["p"] == 15 and data["q"] == 31
    assert data["r"] == "5"
    assert data["3"] == "three"
    assert all(isinstance(key, str) for key in data)


def test_quoted_true_stays_text():
    assert load_bytes(b"a: 'true'\n") == {"a": "true"}
