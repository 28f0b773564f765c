"""The contributor workflow: scaffold, editor schema lines, the pre-commit hook, pull-request annotations and
`credcat score --changed` in a real git repository, and the GitHub templates."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from site_plugins.loading import load_bytes
from site_plugins.problems import Problem

ROOT = Path(__file__).parent.parent
COMPLETE = Path(__file__).parent / "example-files" / "scoring" / "complete.yaml"
EPOCH = "1780000000"  # 2026-05-28, inside complete.yaml's review cycle
ORG = "id: sample-org\nname: Sample Org\ntype: university\n"
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")
# GitHub's workflow command: ::error file=…,line=…,col=…,title=…::message (properties escape %, CR, LF, : and ,).
ANNOTATION = re.compile(r"^::(error|warning) file=([^,:]*),line=(\d+),col=(\d+),title=([^,:]*)::([^\r\n]*)$")

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


# The scaffold and the editor's schema line ---------------------------------------------------------------

def test_scaffold_validates_and_scores(make_catalog, run_cli):
    repo = make_catalog({"catalog/organizations/sample-org.yaml": ORG})
    code, out, err = run_cli(repo, "new", "discussion-protocols")
    assert code == 0, err
    assert run_cli(repo, "validate")[0] == 0
    code, out, err = run_cli(repo, "score", "discussion-protocols", "--color", "never")
    assert code == 0, err
    assert "MPOS standards" in out and "discussion-protocols" in out
    first = (repo / "catalog/credentials/discussion-protocols.yaml").read_text(encoding="utf-8").splitlines()[0]
    target = SCHEMA_LINE.match(first)
    assert target and (repo / "catalog/credentials" / target.group(1)).resolve() == \
        (repo / "schema/credential.schema.json").resolve()


def catalog_files() -> list[Path]:
    return sorted(p for p in (ROOT / "catalog").rglob("*") if p.is_file())


def test_every_catalog_file_starts_with_its_schema_line():
    files = catalog_files()
    assert len(files) >= 10
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = SCHEMA_LINE.match(first)
        assert match, f"{path.relative_to(ROOT)}: the first line must be `# yaml-language-server: $schema=...`"
        target = (path.parent / match.group(1)).resolve()
        assert target.is_file(), f"{path.relative_to(ROOT)}: {match.group(1)} does not exist"
        kind = path.relative_to(ROOT / "catalog").parts[0].removesuffix("s")  # credentials → credential
        assert target == (ROOT / "schema" / f"{kind}.schema.json").resolve(), path


# pre-commit ----------------------------------------------------------------------------------------------

def test_pre_commit_hook_for_other_catalogs():
    hooks = load_bytes((ROOT / ".pre-commit-hooks.yaml").read_bytes())
    assert isinstance(hooks, list)
    hook = next(h for h in hooks if h["id"] == "credcat-validate")
    assert hook["entry"] == "credcat validate" and hook["language"] == "python"
    # The whole catalog on every commit, as CI checks it: a commit that deletes an organization stages no
    # file to pass, yet breaks the credentials that name it (tests/test_precommit.py runs it for real).
    assert hook["pass_filenames"] is False and hook["always_run"] is True and "files" not in hook
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert hook["entry"].split()[0] in scripts  # pre-commit installs the package; the script must exist


def test_pre_commit_config_of_this_repository():
    config = load_bytes((ROOT / ".pre-commit-config.yaml").read_bytes())
    manifest = {h["id"]: h for h in load_bytes((ROOT / ".pre-commit-hooks.yaml").read_bytes())}
    local = next(r for r in config["repos"] if r["repo"] == "local")
    hook = next(h for h in local["hooks"] if h["id"] == "credcat-validate")
    assert hook["entry"].endswith(manifest["credcat-validate"]["entry"])
    for key in ("pass_filenames", "always_run", "require_serial"):
        assert hook[key] == manifest["credcat-validate"][key], key
    ruff = next(r for r in config["repos"] if r["repo"] == "https://github.com/astral-sh/ruff-pre-commit")
    version = re.fullmatch(r"v(\d+)\.(\d+)\.(\d+)", ruff["rev"])
    assert version, "pin ruff to a release tag, not a branch"
    assert (0, 6) <= tuple(map(int, version.groups()[:2])) < (1, 0)  # pyproject's ruff>=0.6,<1
    assert [h["id"] for h in ruff["hooks"]] == ["ruff-check"]
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "pre-commit install" in guide and "id: credcat-validate" in guide and "docs/contributing.md" in guide


def test_the_hook_command_checks_the_files_it_is_given(make_catalog, run_cli, valid_credential_text):
    bad = valid_credential_text.replace("id: sample-credential", "id: other-id")
    repo = make_catalog({"catalog/organizations/sample-org.yaml": ORG,
                         "catalog/credentials/sample-credential.yaml": valid_credential_text,
                         "catalog/credentials/broken.yaml": bad})
    good = repo / "catalog/credentials/sample-credential.yaml"
    assert run_cli(repo, "validate", good)[0] == 0
    code, out, _ = run_cli(repo, "validate", good, repo / "catalog/credentials/broken.yaml")
    assert code == 1 and "catalog/credentials/broken.yaml:" in out and "sample-credential.yaml" not in out


# Pull-request annotations --------------------------------------------------------------------------------

def test_annotation_escapes_data_and_properties():
    line = Problem("catalog/credentials/a,b:c.yaml", 3, 9, "50% done\r\nnext: line, here").github()
    assert line == ("::error file=catalog/credentials/a%2Cb%3Ac.yaml,line=3,col=9,title=Catalog error"
                    "::50%25 done%0D%0Anext: line, here")
    assert ANNOTATION.match(line)
    warning = Problem("x.yaml", 1, 1, "careful", severity="warning").github()
    assert warning == "::warning file=x.yaml,line=1,col=1,title=Catalog warning::careful"


def test_validate_format_github_prints_annotations(make_catalog, run_cli, valid_credential_text):
    broken = valid_credential_text.replace("status: active", 'status: "100% done"').replace(
        "id: sample-credential", "id: odd-name")
    repo = make_catalog({"catalog/organizations/sample-org.yaml": ORG,
                         "catalog/credentials/odd,name:1.yaml": broken})
    code, out, _ = run_cli(repo, "validate", "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert lines and all(ANNOTATION.match(line) for line in lines), out
    files = {ANNOTATION.match(line).group(2) for line in lines}
    assert files == {"catalog/credentials/odd%2Cname%3A1.yaml"}
    status = next(line for line in lines if "status" in line)
    assert ",line=8,col=9," in status  # the value's position, as in the text format
    assert "100%25 done" in status and "100% done" not in status
    text = run_cli(repo, "validate")[1].splitlines()
    assert len(text) == len(lines)


# credcat score --changed in a throwaway git repository ----------------------------------------------------

def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def git_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Test\n\temail = test@example.org\n[init]\n\tdefaultBranch = main\n"
                      "[commit]\n\tgpgsign = false\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)


COMPLETE_TEXT = COMPLETE.read_text(encoding="utf-8")
WITHOUT_EXEMPLARS = COMPLETE_TEXT.split("exemplars:")[0] + "training:" + COMPLETE_TEXT.split("\ntraining:")[1]
NO_RESUBMISSION = WITHOUT_EXEMPLARS.replace("attempts: 1,", "attempts: 0,")  # 7.2 not verifiable, 9.2 not met


def credential(cid: str, text: str = COMPLETE_TEXT) -> str:
    return "# yaml-language-server: $schema=../../schema/credential.schema.json\n" + text.replace(
        "id: complete-credential", f"id: {cid}")


def make_repo(base: Path, files: dict[str, str]) -> Path:
    """A catalog at ``base`` (schema/ + the files), committed as the first commit of a new repository."""
    shutil.copytree(ROOT / "schema", base / "schema")
    for relative, text in files.items():
        (base / relative).parent.mkdir(parents=True, exist_ok=True)
        (base / relative).write_text(text, encoding="utf-8")
    return base


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


CREDS = "catalog/credentials"
BASE_FILES = {
    "catalog/organizations/sample-org.yaml": ORG,
    f"{CREDS}/gets-better.yaml": credential("gets-better", WITHOUT_EXEMPLARS),
    f"{CREDS}/gets-worse.yaml": credential("gets-worse"),
    f"{CREDS}/old-name.yaml": credential("old-name"),
    f"{CREDS}/goes-away.yaml": credential("goes-away", WITHOUT_EXEMPLARS),
    f"{CREDS}/stays-put.yaml": credential("stays-put"),
}


@pytest.fixture
def changed_repo(tmp_path: Path, git_env: None, run_cli) -> Path:
    """Two commits: the base catalog, then an added, two modified, a renamed and a removed credential."""
    repo = make_repo(tmp_path / "repo", BASE_FILES)
    git(repo, "init", "-q")
    commit_all(repo, "base")
    (repo / CREDS / "gets-better.yaml").write_text(credential("gets-better"), encoding="utf-8")
    (repo / CREDS / "gets-worse.yaml").write_text(credential("gets-worse", NO_RESUBMISSION), encoding="utf-8")
    git(repo, "mv", f"{CREDS}/old-name.yaml", f"{CREDS}/new-name.yaml")
    renamed = repo / CREDS / "new-name.yaml"
    renamed.write_text(renamed.read_text(encoding="utf-8").replace("id: old-name", "id: new-name"), encoding="utf-8")
    git(repo, "rm", "-q", f"{CREDS}/goes-away.yaml")
    assert run_cli(repo, "new", "brand-new", "--issuer", "sample-org")[0] == 0
    commit_all(repo, "changes")
    return repo


@needs_git
def test_score_changed_reports_what_moved(changed_repo, run_cli):
    code, out, err = run_cli(changed_repo, "score", "--changed", "HEAD~1")
    assert code == 0, err
    lines = out.splitlines()
    assert lines == sorted(lines, key=lambda line: line.split(":")[0].split(" → ")[-1])
    by_id = {line.split(":")[0]: line for line in lines}
    assert set(by_id) == {"brand-new", "gets-better", "gets-worse", "old-name → new-name", "goes-away"}
    assert by_id["gets-better"] == ("gets-better: 12/13 → 13/13 standards met (+1), 1 → 0 not verifiable; 7.2 not "
                                    "verifiable → met")
    assert by_id["gets-worse"] == ("gets-worse: 13/13 → 11/13 standards met (-2), 0 → 1 not verifiable; 7.2 met → "
                                   "not verifiable, 9.2 met → not met")
    assert by_id["old-name → new-name"] == ("old-name → new-name: 13/13 → 13/13 standards met (no change), renamed; "
                                           "no component changed")
    assert by_id["goes-away"] == "goes-away: removed (was 12/13 standards met, 1 not verifiable)"
    assert re.fullmatch(r"brand-new: new, \d+/13 standards met(, \d+ not verifiable)?, \d+/28 components met(, \d+ "
                        r"not verifiable)?, self-assessed", by_id["brand-new"])
    assert "stays-put" not in out


@needs_git
def test_score_changed_counts_uncommitted_and_untracked_files(changed_repo, run_cli):
    (changed_repo / CREDS / "stays-put.yaml").write_text(credential("stays-put", WITHOUT_EXEMPLARS), encoding="utf-8")
    (changed_repo / CREDS / "untracked.yaml").write_text(credential("untracked"), encoding="utf-8")
    code, out, _ = run_cli(changed_repo, "score", "--changed", "HEAD")
    assert code == 0
    assert out.splitlines() == ["stays-put: 13/13 → 12/13 standards met (-1), 0 → 1 not verifiable; 7.2 met → not "
                                "verifiable",
                                "untracked: new, 13/13 standards met, 28/28 components met, self-assessed"]


@needs_git
def test_score_changed_compares_with_the_merge_base(changed_repo, run_cli):
    git(changed_repo, "branch", "-q", "feature")
    git(changed_repo, "reset", "-q", "--hard", "HEAD~1")  # main goes back to the base; feature keeps the changes
    (changed_repo / CREDS / "stays-put.yaml").write_text(credential("stays-put", WITHOUT_EXEMPLARS), encoding="utf-8")
    commit_all(changed_repo, "a later change on main")
    git(changed_repo, "switch", "-q", "feature")
    code, out, _ = run_cli(changed_repo, "score", "--changed", "main")
    assert code == 0
    assert "stays-put" not in out  # changed on main after the branch point: not this branch's change
    assert "gets-worse: 13/13 → 11/13" in out


@needs_git
def test_score_changed_markdown_has_a_section_per_credential(changed_repo, run_cli):
    code, out, _ = run_cli(changed_repo, "score", "--changed", "HEAD~1", "--format", "markdown")
    assert code == 0
    assert out.startswith("## MPOS scorecards of the changed credentials\n")
    assert ("- `gets-worse`: 13/13 → 11/13 standards met (-2), 0 → 1 not verifiable; 7.2 met → not verifiable, 9.2 "
            "met → not met") in out
    assert out.count("\n### ") == 5  # four scorecards and the removed one
    assert "### `goes-away` (removed)" in out
    assert "Renamed from `old-name`." in out
    worse = out[out.index("(`gets-worse`)"):]
    worse = worse[: worse.find("\n### ")]
    assert "Before this change: Meets 13 of 13 MPOS standards · 28 of 28 components met." in worse
    assert "| 9.2 Resubmission | ❌ Not met (was Met) |" in worse
    assert "| 7.2 Exemplar Submissions | ❔ Not verifiable (was Met) |" in worse
    assert "Before this change" not in out[out.index("(`brand-new`)"):].split("\n### ")[0]


@needs_git
def test_score_changed_json(changed_repo, run_cli):
    code, out, _ = run_cli(changed_repo, "score", "--changed", "HEAD~1", "--format", "json")
    assert code == 0
    items = {item["id"]: item for item in json.loads(out)}
    assert items["new-name"]["change"] == "renamed" and items["new-name"]["previous_id"] == "old-name"
    assert items["gets-better"]["components_moved"] == [{"id": "7.2", "before": "not_published", "after": "met"}]
    assert items["gets-worse"]["components_moved"] == [{"id": "7.2", "before": "met", "after": "not_published"},
                                                       {"id": "9.2", "before": "met", "after": "not_met"}]
    assert items["gets-worse"]["after"] == {
        "standards_met": 11, "standards_not_verifiable": 1, "standards_total": 13, "components_met": 26,
        "components_not_published": 1, "components_total": 28, "tier": "self-assessed"}
    assert items["goes-away"]["after"] is None and items["goes-away"]["before"]["standards_met"] == 12
    assert items["brand-new"]["before"] is None


@needs_git
def test_score_changed_with_nothing_changed_and_a_catalog_in_a_subfolder(tmp_path, git_env, run_cli):
    repo = tmp_path / "monorepo"
    catalog = make_repo(repo / "catalog-site", BASE_FILES)
    git(repo, "init", "-q")
    commit_all(repo, "base")
    code, out, _ = run_cli(catalog, "score", "--changed", "HEAD")
    assert (code, out) == (0, "No credential files changed since HEAD.\n")
    (catalog / CREDS / "gets-better.yaml").write_text(credential("gets-better"), encoding="utf-8")
    commit_all(repo, "improve")
    code, out, _ = run_cli(catalog, "score", "--changed", "HEAD~1")
    assert (code, out) == (0, "gets-better: 12/13 → 13/13 standards met (+1), 1 → 0 not verifiable; 7.2 not "
                              "verifiable → met\n")


@needs_git
def test_score_changed_flags_a_changed_file_that_cannot_be_scored(changed_repo, run_cli):
    path = changed_repo / CREDS / "gets-worse.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: active", "status: activ"), encoding="utf-8")
    code, out, err = run_cli(changed_repo, "score", "--changed", "HEAD")
    assert code == 1
    assert out.startswith("gets-worse: cannot be scored until its 1 problem(s) are fixed")
    assert "catalog/credentials/gets-worse.yaml:" in err and "activ" in err


@needs_git
def test_score_changed_when_the_base_version_could_not_be_scored(tmp_path, git_env, run_cli):
    broken = credential("was-broken").replace("status: active", "status: activ")
    repo = make_repo(tmp_path / "repo", {"catalog/organizations/sample-org.yaml": ORG,
                                         f"{CREDS}/was-broken.yaml": broken})
    git(repo, "init", "-q")
    commit_all(repo, "base with a problem")
    (repo / CREDS / "was-broken.yaml").write_text(credential("was-broken"), encoding="utf-8")
    code, out, _ = run_cli(repo, "score", "--changed", "HEAD")
    assert code == 0
    assert out == ("was-broken: 13/13 standards met, 28/28 components met, self-assessed (it could not be scored at "
                   "the base, so there is nothing to compare with)\n")


@needs_git
def test_score_changed_usage_errors(changed_repo, tmp_path, make_catalog, run_cli):
    code, _, err = run_cli(changed_repo, "score", "--changed", "no-such-branch")
    assert code == 2 and "unknown git ref `no-such-branch`" in err and "fetch-depth: 0" in err
    code, _, err = run_cli(changed_repo, "score", "--changed=--output=x")
    assert code == 2 and "is not a git ref" in err
    code, _, err = run_cli(changed_repo, "score", "gets-worse", "--changed", "HEAD")
    assert code == 2 and "on its own" in err
    not_git = make_catalog({"catalog/organizations/sample-org.yaml": ORG})
    code, _, err = run_cli(not_git, "score", "--changed", "HEAD")
    assert code == 2 and "not in a git repository" in err


# GitHub templates ----------------------------------------------------------------------------------------

def test_issue_form_asks_for_the_facts():
    form = load_bytes((ROOT / ".github/ISSUE_TEMPLATE/propose-credential.yml").read_bytes())
    assert form["name"] and form["description"]
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    assert len(fields) == len([item for item in form["body"] if "id" in item])  # ids are unique
    for field in ("title", "issuer", "link", "competency", "evidence", "cost", "hours"):
        assert field in fields, field
        assert fields[field]["type"] in ("input", "textarea")
        assert fields[field]["attributes"]["label"]
        assert fields[field]["validations"]["required"] is True, field
    for item in form["body"]:
        assert item["type"] in ("markdown", "input", "textarea", "dropdown", "checkboxes")
        assert item["type"] == "markdown" or re.fullmatch(r"[A-Za-z0-9_-]+", item["id"])
    confirm = fields["confirm"]["attributes"]["options"]
    assert any("no personal data about students" in o["label"] and o["required"] for o in confirm)


def test_pull_request_template_is_a_reviewers_checklist():
    text = (ROOT / ".github/PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] \*\*(.+?)\*\*", text, re.MULTILINE)
    for needed in ("Facts are accurate", "Links work", "Citations are real", "Illustrative entries",
                   "scorecard was read", "No personal data about students", "`quality_review` comes only"):
        assert any(needed in box for box in boxes), needed


def test_contributing_guide_walks_through_the_workflow():
    guide = (ROOT / "docs/contributing.md").read_text(encoding="utf-8")
    for needed in ("yaml-language-server: $schema=", "Red Hat", "credcat new", "(reference/index.md)",
                   "make serve", "credcat score", "credcat score --changed", "pre-commit install",
                   "quality_review", "Validate the catalog"):
        assert needed in guide, needed
