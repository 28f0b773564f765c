"""`credcat new ID`: a scaffold that validates as written, and the refusals around it."""

from __future__ import annotations

import pytest

from site_plugins.loading import load_bytes

ORG = "catalog/organizations/sample-org.yaml"


@pytest.fixture
def repo(make_catalog, sample_org_text):
    return make_catalog({ORG: sample_org_text})


def test_new_writes_a_draft_that_validates(repo, run_cli):
    code, out, err = run_cli(repo, "new", "exit-tickets-grade-5")
    assert code == 0, err
    path = repo / "catalog/credentials/exit-tickets-grade-5.yaml"
    assert "Wrote catalog/credentials/exit-tickets-grade-5.yaml" in out
    assert "credcat validate catalog/credentials/exit-tickets-grade-5.yaml" in out
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/credential.schema.json\n")
    data = load_bytes(text.encode())
    assert data["id"] == "exit-tickets-grade-5"
    assert data["status"] == "draft"
    assert data["organizations"]["issuer"] == "sample-org"
    code, out, err = run_cli(repo, "validate")
    assert (code, out) == (0, ""), out + err
    code, out, err = run_cli(repo, "validate", path)
    assert (code, out) == (0, ""), out + err


def test_new_with_title_and_issuer(repo, run_cli):
    title = 'Leading "Turn and Talk": partners, questions # and notes'
    code, _, err = run_cli(repo, "new", "turn-and-talk", "--title", title, "--issuer", "sample-org")
    assert code == 0, err
    data = load_bytes((repo / "catalog/credentials/turn-and-talk.yaml").read_bytes())
    assert data["title"] == title
    assert run_cli(repo, "validate")[0] == 0


def test_new_scaffold_can_be_scored(repo, run_cli):
    assert run_cli(repo, "new", "scored-draft")[0] == 0
    code, out, _ = run_cli(repo, "score", "scored-draft", "--color", "never")
    assert code == 0 and "MPOS standards" in out


def test_new_refuses_to_overwrite(repo, run_cli):
    path = repo / "catalog/credentials/taken-id.yaml"
    assert run_cli(repo, "new", "taken-id")[0] == 0
    path.write_text("# edited by hand\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    before = path.read_bytes()
    code, out, err = run_cli(repo, "new", "taken-id")
    assert code == 1 and out == ""
    assert "already exists" in err
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "bad", ["Bad_ID", "bad id", "UPPER", "trailing-", "double--hyphen", "a" * 81, "é-id"]
)
def test_new_refuses_an_invalid_id(repo, run_cli, bad):
    code, out, err = run_cli(repo, "new", bad)
    assert code == 2 and out == ""
    assert "not a valid id" in err
    assert list((repo / "catalog/credentials").iterdir()) == []


def test_new_refuses_an_unknown_issuer(repo, run_cli):
    code, out, err = run_cli(repo, "new", "good-id", "--issuer", "nobody")
    assert code == 2 and out == ""
    assert "no organization `nobody`" in err and "sample-org" in err
    assert not (repo / "catalog/credentials/good-id.yaml").exists()


def test_new_refuses_a_bad_title(repo, run_cli):
    assert run_cli(repo, "new", "good-id", "--title", "Hi")[0] == 2
    assert run_cli(repo, "new", "good-id", "--title", "Two\nlines here")[0] == 2
    assert not (repo / "catalog/credentials/good-id.yaml").exists()


def test_new_needs_an_organization(make_catalog, run_cli):
    root = make_catalog()
    code, _, err = run_cli(root, "new", "good-id")
    assert code == 1 and "no organizations yet" in err


def test_new_outside_a_catalog_is_a_usage_error(tmp_path, run_cli):
    code, _, err = run_cli(tmp_path, "new", "good-id")
    assert code == 2 and "is not a catalog" in err
