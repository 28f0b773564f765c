"""`credcat validate`: one test per kind of problem, with the exact `path:line:column` and the key words.

Each test starts from the valid credential in conftest.py (``VALID_CREDENTIAL``), breaks one thing, and
checks the single line printed. Line numbers refer to that text, so a test that inserts a line says so.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_plugins.catalog import load_catalog
from site_plugins.problems import Problem

REPO_ROOT = Path(__file__).parent.parent
CREDENTIAL = "catalog/credentials/sample-credential.yaml"
STACK = "catalog/stacks/sample-stack.yaml"


def replaced(text, old, new):
    assert old in text, f"the fixture no longer contains {old!r}"
    return text.replace(old, new, 1)


def stack_text(credentials, stack_id="sample-stack"):
    items = "".join(f"  - {c}\n" for c in credentials)
    return (f"id: {stack_id}\ntitle: Sample Stack\nsummary: A stack of sample credentials.\n"
            f"credentials:\n{items}")


def only(lines):
    assert len(lines) == 1, "\n".join(lines)
    return lines[0]


def assert_problem(line, where, *words):
    assert line.startswith(where + ": "), line
    for word in words:
        assert word in line, f"{word!r} not in {line!r}"


# --- the valid starting point ----------------------------------------------------------------------------


def test_valid_credential_is_valid(sample_catalog, run_cli):
    code, out, err = run_cli(sample_catalog(), "validate")
    assert (code, out) == (0, "")
    assert "All 2 files are valid." in err


# --- schema problems, one per kind ------------------------------------------------------------------------


def test_missing_required_field_points_at_the_parent_mapping(check, valid_credential_text):
    statement = "  statement: The educator designs exit tickets and uses the results to plan the next lesson."
    line = only(check(replaced(valid_credential_text, statement + "\n", "")))
    assert_problem(line, f"{CREDENTIAL}:9:1", "the required field `statement` is missing in `competency`")


def test_missing_required_top_level_field_points_at_the_document(check, valid_credential_text):
    text = replaced(valid_credential_text, "title: Planning Exit Tickets for Next-Day Teaching\n", "")
    assert_problem(only(check(text)), f"{CREDENTIAL}:2:1", "the required field `title` is missing")


def test_unknown_field_suggests_the_close_one(check, valid_credential_text):
    line = only(check(replaced(valid_credential_text, "status: active", "stauts: active")))
    assert_problem(line, f"{CREDENTIAL}:8:1", "unknown field `stauts`", "did you mean `status`?")


def test_unknown_nested_field_names_its_parent(check, valid_credential_text):
    line = only(check(replaced(valid_credential_text, "  area: Formative", "  aera: Formative")))
    assert_problem(line, f"{CREDENTIAL}:11:3", "unknown field `aera` in `competency`", "did you mean `area`?")


def test_unknown_field_without_a_close_match_lists_the_allowed_ones(check, valid_credential_text):
    line = only(check(replaced(valid_credential_text, "  cost:\n", "  zzz: 1\n  cost:\n")))
    assert_problem(line, f"{CREDENTIAL}:44:3", "unknown field `zzz` in `access`", "allowed here are:",
                   "estimated_hours")


def test_wrong_enum_value_lists_the_allowed_values(check, valid_credential_text):
    line = only(check(replaced(valid_credential_text, "    type: student-work", "    type: student-works")))
    assert_problem(line, f"{CREDENTIAL}:18:11", "`type` of `evidence` item 1 is 'student-works'",
                   "not an allowed value", "written-response, lesson-plan, student-work, video",
                   "Did you mean 'student-work'?")


def test_yes_is_not_a_status(check, valid_credential_text):
    line = only(check(replaced(valid_credential_text, "status: active", "status: yes")))
    assert_problem(line, f"{CREDENTIAL}:8:9", "`status` is 'yes'", "Use one of: active, draft, retired.")


def test_text_where_a_number_is_expected(check, valid_credential_text):
    text = replaced(valid_credential_text, "estimated_hours: 12", "estimated_hours: twelve hours")
    line = only(check(text))
    assert_problem(line, f"{CREDENTIAL}:47:20", "`access.estimated_hours` must be a number",
                   "not the text 'twelve hours'", "without units")


def test_yes_where_true_or_false_is_expected(check, valid_credential_text):
    line = only(check(replaced(valid_credential_text, "job_embedded: true", "job_embedded: yes")))
    assert_problem(line, f"{CREDENTIAL}:27:21", "`job_embedded` of `evaluation.criteria` item 1",
                   "must be true or false, not the text 'yes'", "Write true or false")


@pytest.mark.parametrize("date", ["15/01/2026", "2026-13-45", "'January 2026'"])
def test_bad_date_format(check, valid_credential_text, date):
    line = only(check(replaced(valid_credential_text, "last_reviewed: 2026-01-15", f"last_reviewed: {date}")))
    assert_problem(line, f"{CREDENTIAL}:42:18", "`maintenance.last_reviewed` is", "YYYY-MM-DD")


@pytest.mark.parametrize(
    ("url", "reason"),
    [("javascript:alert(1)", "starting with https://"), ("ftp://example.org/file", "starting with https://"),
     ("example.org/guide", "starting with https://"),
     ("https://exa mple.org", "it holds a space; write spaces as %20")],
)
def test_bad_url_is_rejected(check, valid_credential_text, url, reason):
    text = replaced(valid_credential_text, '"https://example.org/guides/exit-tickets"', f'"{url}"')
    line = only(check(text))
    assert_problem(line, f"{CREDENTIAL}:30:10", "`url` of `resources` item 1 is", reason)


@pytest.mark.parametrize("code", ["South Carolina", "us-sc", "USA-SC", "US_SC"])
def test_bad_jurisdiction_code(check, valid_credential_text, code):
    line = only(check(replaced(valid_credential_text, "jurisdiction: US-SC", f"jurisdiction: {code}")))
    assert_problem(line, f"{CREDENTIAL}:36:21", "`jurisdiction` of `recognition.currency` item 1",
                   "ISO 3166-2", "US-WY")


EVIDENCE_BLOCK = """\
  - id: tickets
    title: Three exit tickets with sorted responses
    type: student-work
    description: "Three tickets, a sample of anonymised responses, and your sorting."
    from_practice: true
"""


def test_comma_in_a_flow_mapping_asks_for_quotes(check, valid_credential_text):
    flow = ("  - {id: tickets, title: Exit tickets, description: Three tickets, a sample of responses, "
            "and notes.}\n")
    lines = check(replaced(valid_credential_text, EVIDENCE_BLOCK, flow))
    assert len(lines) == 2, lines
    assert_problem(lines[0], f"{CREDENTIAL}:16:68", "`a sample of responses` is read as a field name",
                   "Put the whole text value in quotes.")
    assert_problem(lines[1], f"{CREDENTIAL}:16:91", "`and notes.` is read as a field name")


def test_comma_before_one_word_in_a_flow_mapping_asks_for_quotes(check, valid_credential_text):
    flow = "  - {id: tickets, title: Exit tickets, description: a, b}\n"
    lines = check(replaced(valid_credential_text, EVIDENCE_BLOCK, flow))
    assert any("Put the whole text value in quotes" in line for line in lines), lines


def test_field_name_with_a_space_in_block_style_suggests_the_close_one(check, valid_credential_text):
    lines = check(replaced(valid_credential_text, "  estimated_hours: 12", "  estimated hours: 12"))
    assert any("did you mean `estimated_hours`" in line for line in lines), lines
    assert not any("comma" in line for line in lines), lines


def test_summary_over_240_characters(check, valid_credential_text):
    long_summary = "A summary that goes on. " * 11  # 264 characters
    text = replaced(valid_credential_text, 'summary: "Design', f'summary: "{long_summary}Design')
    line = only(check(text))
    assert_problem(line, f"{CREDENTIAL}:4:10", "`summary` is", "characters long; the limit is 240",
                   "Shorten it")


def test_id_must_equal_the_file_stem(check, valid_credential_text):
    line = only(check(replaced(valid_credential_text, "id: sample-credential", "id: other-credential")))
    assert_problem(line, f"{CREDENTIAL}:2:5", "the id `other-credential` must equal the file name",
                   "other-credential.yaml", "`sample-credential`")


def test_id_pattern(check, valid_credential_text):
    lines = check(replaced(valid_credential_text, "  - id: tickets", "  - id: Tickets_1"), )
    assert_problem(lines[0], f"{CREDENTIAL}:16:9", "`id` of `evidence` item 1 is 'Tickets_1'",
                   "lower-case letters, digits and single hyphens")


def test_other_currency_needs_a_note(check, valid_credential_text):
    line = only(check(replaced(valid_credential_text, "      type: pd-hours", "      type: other")))
    assert_problem(line, f"{CREDENTIAL}:36:7",
                   "the required field `note` is missing in `recognition.currency` item 1")


def test_other_currency_with_a_note_is_valid(check, valid_credential_text):
    text = replaced(valid_credential_text, "      type: pd-hours", "      type: other\n      note: Stipend.")
    assert check(text) == []


# --- cross-file problems ------------------------------------------------------------------------------------


def test_duplicate_id_via_previous_ids(check, valid_credential_text):
    renamed = replaced(valid_credential_text, "id: sample-credential", "id: renamed-credential\n"
                                                                      "previous_ids: [sample-credential]")
    line = only(check(valid_credential_text, {"catalog/credentials/renamed-credential.yaml": renamed}))
    assert_problem(line, "catalog/credentials/renamed-credential.yaml:3:16",
                   "the previous id `sample-credential`", f"already used by {CREDENTIAL}")


def test_previous_ids_must_not_list_the_own_id(check, valid_credential_text):
    text = replaced(valid_credential_text, "status: active",
                    "status: active\nprevious_ids: [sample-credential]")
    assert_problem(only(check(text)), f"{CREDENTIAL}:9:16", "lists the credential's own id")


def test_duplicate_id_in_a_subfolder(check, valid_credential_text):
    nested = "catalog/credentials/more/sample-credential.yaml"
    lines = check(valid_credential_text, {nested: valid_credential_text})
    # Files are read in path order, so the one in more/ comes first and the top-level one is the repeat.
    assert_problem(only(lines), f"{CREDENTIAL}:1:1",
                   f"the credential id `sample-credential` is already used by {nested}")


def test_missing_organization_suggests_the_close_one(check, valid_credential_text):
    line = only(check(replaced(valid_credential_text, "issuer: sample-org", "issuer: sample-orgs")))
    assert_problem(line, f"{CREDENTIAL}:49:11", "`organizations.issuer` names the organization `sample-orgs`",
                   "not in the catalog", "Did you mean `sample-org`?")


def test_missing_organization_without_a_close_match(check, valid_credential_text):
    line = only(check(replaced(valid_credential_text, "issuer: sample-org", "issuer: unrelated")))
    assert_problem(line, f"{CREDENTIAL}:49:11", "Add catalog/organizations/unrelated.yaml")


def test_missing_stack(check, valid_credential_text):
    text = replaced(valid_credential_text, "status: active\n", "status: active\nstacks: [no-such-stack]\n")
    line = only(check(text))
    assert_problem(line, f"{CREDENTIAL}:9:10", "`stacks` item 1 names the stack `no-such-stack`",
                   "not in the catalog")


def test_stack_listing_a_missing_credential(check, valid_credential_text):
    stack = stack_text(["sample-credential", "missing-credential"])
    line = only(check(valid_credential_text, {STACK: stack}))
    assert_problem(line, f"{STACK}:6:5", "`credentials` item 2 names the credential `missing-credential`",
                   "not in the catalog")


def test_criterion_referencing_unknown_evidence(check, valid_credential_text):
    line = only(check(replaced(valid_credential_text, "evidence: [tickets]", "evidence: [tickets, video]")))
    assert_problem(line, f"{CREDENTIAL}:26:27", "criterion `alignment` uses the evidence `video`",
                   "(`tickets`)")


def test_credential_listing_a_stack_that_does_not_list_it_back(check, valid_credential_text):
    text = replaced(valid_credential_text, "status: active\n", "status: active\nstacks: [sample-stack]\n")
    other = replaced(valid_credential_text, "id: sample-credential", "id: other-credential")
    lines = check(text, {STACK: stack_text(["other-credential"]),
                         "catalog/credentials/other-credential.yaml": other})
    assert_problem(only(lines), f"{CREDENTIAL}:9:10", "lists the stack `sample-stack`",
                   f"{STACK} does not list it", "add `sample-credential` there too")


def test_stacks_including_each_other(check, valid_credential_text):
    def looped(stack_id, other):
        return stack_text(["sample-credential"], stack_id) + f"stacks: [{other}]\n"

    lines = check(valid_credential_text, {"catalog/stacks/aa-stack.yaml": looped("aa-stack", "bb-stack"),
                                          "catalog/stacks/bb-stack.yaml": looped("bb-stack", "aa-stack")})
    assert len(lines) == 2
    assert_problem(lines[0], "catalog/stacks/aa-stack.yaml:6:1", "in a loop: aa-stack → bb-stack → aa-stack")


def test_stack_and_credential_that_agree_are_valid(check, valid_credential_text):
    text = replaced(valid_credential_text, "status: active\n", "status: active\nstacks: [sample-stack]\n")
    assert check(text, {STACK: stack_text(["sample-credential"])}) == []


def test_files_outside_the_catalog_folders_and_yml_files(check, valid_credential_text):
    lines = check(valid_credential_text, {"catalog/misc/thing.yaml": "id: thing\n",
                                          "catalog/credentials/old.yml": valid_credential_text})
    assert_problem(lines[0], "catalog/credentials/old.yml:1:1", "rename this file from .yml to .yaml")
    assert_problem(lines[1], "catalog/misc/thing.yaml:1:1", "not in a catalog folder")


# --- all problems at once, exit codes, formats -----------------------------------------------------------


def test_all_problems_are_printed_at_once(sample_catalog, run_cli, valid_credential_text):
    text = replaced(valid_credential_text, "status: active", "status: done")
    text = replaced(text, "  area: Formative", "  aera: Formative")
    text = replaced(text, "estimated_hours: 12", "estimated_hours: lots")
    code, out, err = run_cli(sample_catalog(text), "validate")
    assert code == 1
    lines = out.splitlines()
    where = [line.split(": ")[0] for line in lines]
    assert where == [f"{CREDENTIAL}:8:9", f"{CREDENTIAL}:11:3", f"{CREDENTIAL}:47:20"]
    assert "`status` is 'done'" in lines[0]
    assert "unknown field `aera`" in lines[1]
    assert "must be a number" in lines[2]
    assert "3 problems in 1 file (2 checked)." in err


def test_problems_in_several_files_come_sorted_by_path(sample_catalog, run_cli, valid_credential_text):
    broken = replaced(valid_credential_text, "id: sample-credential", "id: aaa-credential")
    broken = replaced(broken, "status: active", "status: done")
    bad_org = "id: bad-org\nname: B\ntype: college\n"
    root = sample_catalog(extra={"catalog/credentials/aaa-credential.yaml": broken,
                                 "catalog/organizations/bad-org.yaml": bad_org})
    code, out, _ = run_cli(root, "validate")
    assert code == 1
    paths = [line.split(":")[0] for line in out.splitlines()]
    assert paths == sorted(paths)
    assert len(out.splitlines()) == 3  # status; name too short; type not allowed


def test_quiet_prints_problems_only(sample_catalog, run_cli, valid_credential_text):
    root = sample_catalog(replaced(valid_credential_text, "status: active", "status: done"))
    code, out, err = run_cli(root, "validate", "-q")
    assert code == 1 and out.startswith(f"{CREDENTIAL}:8:9: ") and err == ""
    code, out, err = run_cli(sample_catalog(), "validate", "--quiet")
    assert (code, out, err) == (0, "", "")


def test_exit_code_0_when_valid(sample_catalog, run_cli):
    assert run_cli(sample_catalog(), "validate")[0] == 0


def test_exit_code_1_when_invalid(sample_catalog, run_cli, valid_credential_text):
    root = sample_catalog(replaced(valid_credential_text, "status: active", "status: x"))
    assert run_cli(root, "validate")[0] == 1


def test_exit_code_2_for_a_nonexistent_path(sample_catalog, run_cli):
    root = sample_catalog()
    code, out, err = run_cli(root, "validate", root / "catalog/credentials/nope.yaml")
    assert (code, out) == (2, "")
    assert "no such file or folder" in err


def test_exit_code_2_for_a_folder_that_is_not_a_catalog(tmp_path, run_cli):
    code, out, err = run_cli(tmp_path, "validate")
    assert (code, out) == (2, "")
    assert "is not a catalog" in err and "--root" in err
    code, _, err = run_cli(tmp_path / "does-not-exist", "validate")
    assert code == 2 and "is not a catalog" in err


def test_exit_code_2_for_a_bad_option(sample_catalog, run_cli):
    code, _, err = run_cli(sample_catalog(), "validate", "--format", "xml")
    assert code == 2 and "invalid choice" in err


def test_validating_one_file_still_checks_its_references(sample_catalog, run_cli, valid_credential_text):
    root = sample_catalog(replaced(valid_credential_text, "issuer: sample-org", "issuer: nobody"))
    code, out, err = run_cli(root, "validate", root / CREDENTIAL)
    assert code == 1
    assert_problem(only(out.splitlines()), f"{CREDENTIAL}:49:11", "names the organization `nobody`")
    assert "1 problem in 1 file (1 checked)." in err


def test_paths_are_relative_to_the_current_folder(sample_catalog, run_cli, valid_credential_text,
                                                    monkeypatch):
    root = sample_catalog(replaced(valid_credential_text, "status: active", "status: done"))
    monkeypatch.chdir(root)
    code, out, _ = run_cli(".", "validate", CREDENTIAL)
    assert code == 1 and out.startswith(f"{CREDENTIAL}:8:9: ")
    assert run_cli(".", "validate", "catalog/organizations")[0] == 0


def test_validating_one_file_ignores_problems_in_other_files(sample_catalog, run_cli, valid_credential_text):
    other = replaced(valid_credential_text, "id: sample-credential", "id: other-credential")
    other = replaced(other, "status: active", "status: done")
    root = sample_catalog(extra={"catalog/credentials/other-credential.yaml": other})
    code, out, _ = run_cli(root, "validate", root / CREDENTIAL)
    assert (code, out) == (0, "")
    code, out, _ = run_cli(root, "validate", root / "catalog/credentials")
    assert code == 1 and "other-credential.yaml:8:9" in out


@pytest.mark.parametrize(
    "other",
    [
        "id: other-credential\nstatus: done\n",
        "title: a credential file without an id\n",
        "id: other-credential\norganizations: [sample-org]\n",
    ],
)
def test_validating_one_file_when_another_file_is_broken(sample_catalog, run_cli, other):
    root = sample_catalog(extra={"catalog/credentials/other-credential.yaml": other})
    code, out, err = run_cli(root, "validate", root / CREDENTIAL)
    assert "Traceback" not in out + err
    assert (code, out) == (0, "")


def test_github_format(sample_catalog, run_cli, valid_credential_text):
    root = sample_catalog(replaced(valid_credential_text, "status: active", "status: done"))
    code, out, _ = run_cli(root, "validate", "--format", "github")
    assert code == 1
    assert only(out.splitlines()) == (
        f"::error file={CREDENTIAL},line=8,col=9,title=Catalog error::"
        "`status` is 'done', which is not an allowed value. Use one of: active, draft, retired."
    )


def test_github_escaping():
    problem = Problem("dir,a:b/100%.yaml", 3, 4, "50% done\r\nnext: a, b")
    assert problem.github() == (
        "::error file=dir%2Ca%3Ab/100%25.yaml,line=3,col=4,title=Catalog error::50%25 done%0D%0Anext: a, b"
    )
    warning = Problem("a.yaml", 1, 1, "careful", severity="warning")
    assert warning.github() == "::warning file=a.yaml,line=1,col=1,title=Catalog warning::careful"
    assert problem.text() == "dir,a:b/100%.yaml:3:4: 50% done  next: a, b"


def test_problem_text_stays_on_one_line(sample_catalog, run_cli, valid_credential_text):
    root = sample_catalog('"stat\\nus": active\n' + valid_credential_text)
    code, out, _ = run_cli(root, "validate")
    assert code == 1
    assert len(out.splitlines()) == 1, out


def test_load_catalog_collects_entries_and_problems(sample_catalog, valid_credential_text):
    root = sample_catalog(extra={"catalog/credentials/broken.yaml": "id: broken\n"})
    catalog = load_catalog(root)
    assert list(catalog.credentials) == ["sample-credential"]
    assert list(catalog.organizations) == ["sample-org"]
    assert not catalog.ok
    assert {p.path for p in catalog.problems} == {"catalog/credentials/broken.yaml"}
    assert catalog.checked == 3


# --- the sample catalog in the repository ----------------------------------------------------------------


@pytest.mark.real_catalog
def test_the_repository_sample_catalog_is_valid(run_cli):
    code, out, err = run_cli(REPO_ROOT, "validate")
    assert out == "" and code == 0, out + err
    assert "files are valid" in err


def test_console_script(sample_catalog, valid_credential_text):
    script = Path(sys.executable).parent / "credcat"
    if not script.exists():
        pytest.skip(f"no console script at {script}")
    root = sample_catalog(replaced(valid_credential_text, "status: active", "status: done"))
    done = subprocess.run([str(script), "validate"], cwd=root, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stdout.startswith(f"{CREDENTIAL}:8:9: `status` is 'done'")
    assert "Traceback" not in done.stderr
    shutil.rmtree(root / "catalog")
    done = subprocess.run([str(script), "validate", "--root", str(root)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "is not a catalog" in done.stderr
