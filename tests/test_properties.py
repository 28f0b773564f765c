"""Property: no edit of a credential file, however clumsy or hostile, makes the validator crash.

Hypothesis applies one to three random mutations to the valid credential from conftest.py (delete, duplicate
or swap lines, insert random characters, re-indent, replace a value, truncate, splice in raw bytes). Each
result must come back from ``load_catalog`` as problems with a real position, and from ``credcat validate``
as exit code 0 or 1, never as an exception.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_plugins.catalog import load_catalog
from site_plugins.cli import main

CREDENTIAL = "catalog/credentials/sample-credential.yaml"
ORG = "catalog/organizations/sample-org.yaml"

YAML_SYNTAX = ":-{}[],#&*!|>'\"%@`? \t\n\r\\"
INTERESTING_VALUES = [
    "", "~", "null", "yes", "no", "true", "[]", "{}", "-1", "0", "1e999", ".inf", ".nan", "0x1F", "0o17",
    "2026-02-30", "2026-01-15T10:00:00Z", "&anchor value", "*nowhere", "!!python/name:os.system",
    "!!binary aGVsbG8=", "|", ">-", "'unterminated", '"unterminated', "{a: 1, b", "[1, 2", "a: b: c",
    "javascript:alert(1)", "x" * 300, "- item", "? complex", "%YAML 1.1", "---", "...", "\u2028", "\ufeff",
]


def lines_of(text):
    return text.splitlines(keepends=True) or [""]


def delete_line(text, data):
    lines = lines_of(text)
    del lines[data.draw(st.integers(0, len(lines) - 1), label="delete line")]
    return "".join(lines)


def duplicate_line(text, data):
    lines = lines_of(text)
    i = data.draw(st.integers(0, len(lines) - 1), label="duplicate line")
    lines.insert(i, lines[i])
    return "".join(lines)


def swap_lines(text, data):
    lines = lines_of(text)
    i = data.draw(st.integers(0, len(lines) - 1), label="swap line")
    j = data.draw(st.integers(0, len(lines) - 1), label="with line")
    lines[i], lines[j] = lines[j], lines[i]
    return "".join(lines)


def insert_characters(text, data):
    position = data.draw(st.integers(0, len(text)), label="insert at")
    inserted = data.draw(
        st.one_of(st.text(min_size=1, max_size=12), st.text(alphabet=YAML_SYNTAX, min_size=1, max_size=6)),
        label="inserted text",
    )
    return text[:position] + inserted + text[position:]


def change_indentation(text, data):
    lines = lines_of(text)
    i = data.draw(st.integers(0, len(lines) - 1), label="re-indent line")
    indent = data.draw(st.one_of(st.integers(0, 12).map(" ".__mul__), st.sampled_from(["\t", " \t", "\t  "])),
                       label="indent")
    lines[i] = indent + lines[i].lstrip(" ")
    return "".join(lines)


def replace_value(text, data):
    lines = lines_of(text)
    candidates = [i for i, line in enumerate(lines) if ": " in line]
    if not candidates:
        return text
    i = data.draw(st.sampled_from(candidates), label="replace value on line")
    value = data.draw(st.one_of(st.sampled_from(INTERESTING_VALUES), st.text(max_size=30)), label="value")
    key = lines[i].split(": ", 1)[0]
    lines[i] = f"{key}: {value}\n"
    return "".join(lines)


def truncate(text, data):
    return text[: data.draw(st.integers(0, len(text)), label="truncate at")]


MUTATIONS = [
    delete_line, duplicate_line, swap_lines, insert_characters, change_indentation, replace_value, truncate,
]


def mutated_bytes(text, data):
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        mutation = data.draw(st.sampled_from(MUTATIONS), label="mutation")
        text = mutation(text, data)
    raw = text.encode("utf-8")
    if data.draw(st.integers(0, 9), label="splice raw bytes?") == 0:
        position = data.draw(st.integers(0, len(raw)), label="bytes at")
        raw = raw[:position] + data.draw(st.binary(min_size=1, max_size=8), label="bytes") + raw[position:]
    return raw


def test_mutated_credentials_never_crash_the_validator(
    make_catalog, valid_credential_text, sample_org_text, capsys
):
    root = make_catalog({ORG: sample_org_text, CREDENTIAL: valid_credential_text})
    path = root / CREDENTIAL
    assert main(["validate", "--quiet", "--root", str(root)]) == 0
    capsys.readouterr()

    @settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    def check(data):
        path.write_bytes(mutated_bytes(valid_credential_text, data))

        catalog = load_catalog(root)
        for problem in catalog.problems:
            assert isinstance(problem.line, int) and problem.line >= 1, problem
            assert isinstance(problem.column, int) and problem.column >= 1, problem
            assert problem.message.strip(), problem
            assert "Traceback" not in problem.message, problem
            assert problem.path in (CREDENTIAL, ORG), problem

        code = main(["validate", "--quiet", "--root", str(root)])
        out, err = capsys.readouterr()
        assert code in (0, 1)
        assert code == (1 if catalog.problems else 0), out
        assert "Traceback" not in out + err
        if code == 1:
            assert out.startswith(f"{CREDENTIAL}:"), out

    check()
