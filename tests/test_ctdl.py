"""The Credential Engine CTDL export, checked with Credential Engine's own files (tests/vendor/ctdl/README.md):
every document against its published JSON schema, JSON-LD expansion with PyLD dropping no term, every term and
class from the CTDL vocabulary; and the permanent CTIDs it needs, from the schema's pattern to git history."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pyld import jsonld
from samples import CREDENTIAL_PATH, ORG_PATH, SAMPLE_ORG, VALID_CREDENTIAL

from site_plugins import exports, pipeline
from site_plugins.ctids import PATTERN
from site_plugins.exports import ctdl

ROOT = Path(__file__).parent.parent
VENDOR = Path(__file__).parent / "vendor" / "ctdl"
SITE = "https://example.org/credcat/"
AS_OF = dt.date(2026, 11, 23)
CTERMS = "https://purl.org/ctdl/terms/"
SAMPLE_CTID = "ce-11111111-2222-4333-8444-555555555555"
ORG_CTID = "ce-99999999-8888-4777-8666-555555555555"
# What Credential Engine's organization schema requires that the catalog does not record for every organization.
NOT_RECORDED = {"ceterms:address", "ceterms:email", "ceterms:agentType", "ceterms:agentSectorType"}


def _vendored(name: str) -> Any:
    return json.loads((VENDOR / name).read_text(encoding="utf-8"))


def _validator(schema_file: str, definition: str | None = None) -> jsonschema.Draft4Validator:
    schema = _vendored(schema_file)
    if definition is not None:  # one class of the schema's anyOf: its errors are the class's own
        schema = {"$schema": schema["$schema"], "definitions": schema["definitions"],
                  "$ref": f"#/definitions/{definition}"}
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def build() -> pipeline.Build:
    built = pipeline.run(ROOT, as_of=AS_OF)
    assert built.ok, [p.text() for p in built.problems]
    return built


@pytest.fixture(scope="module")
def files(build: pipeline.Build) -> dict[str, Any]:
    return {path: json.loads(text) for path, text in exports.export_files(build, ["ctdl"], SITE).items()}


def _documents(files: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {path.split("/")[1]: doc for path, doc in files.items() if path.startswith("credentials/")}


def _graph(files: dict[str, Any]) -> list[dict[str, Any]]:
    return files[ctdl.CATALOG_FILE]["@graph"]


# ---- Credential Engine's JSON schemas --------------------------------------------------------------------


def test_every_credential_document_validates_against_credential_engines_schema(files: dict[str, Any],
                                                                              build: pipeline.Build) -> None:
    documents = {cid: d for cid, d in _documents(files).items() if cid in build.credentials}  # not old addresses
    assert set(documents) == {cid for cid, c in build.credentials.items() if c.ctid and c.status != "draft"}
    whole = _validator("credentialSchema.json")
    for cid, doc in documents.items():
        assert doc["@type"] in ("ceterms:MicroCredential", "ceterms:Badge"), cid
        own_class = _validator("credentialSchema.json", doc["@type"])
        assert [f"{list(e.absolute_path)}: {e.message}" for e in own_class.iter_errors(doc)] == [], cid
        assert whole.is_valid(doc), cid


def test_the_graph_holds_the_same_credentials_and_organizations_that_validate(files: dict[str, Any],
                                                                             build: pipeline.Build) -> None:
    graph = _graph(files)
    credentials = [n for n in graph if n["@type"] in ("ceterms:MicroCredential", "ceterms:Badge")]
    organizations = [n for n in graph if n["@type"].endswith("CredentialOrganization")]
    assert len(credentials) + len(organizations) == len(graph)
    documents = {cid: d for cid, d in _documents(files).items() if cid in build.credentials}  # not old addresses
    assert {n["@id"]: n for n in credentials} == {
        d["@id"]: {k: v for k, v in d.items() if k != "@context"} for d in documents.values()}
    assert {n["ceterms:ctid"] for n in organizations} == {o.ctid for o in build.organizations.values() if o.ctid}
    for node in organizations:
        errors = list(_validator("agentSchema.json", node["@type"]).iter_errors({"@context": ctdl.CONTEXT, **node}))
        missing = {e.message.split("'")[1] for e in errors if e.validator == "required"}
        assert [e.message for e in errors if e.validator != "required"] == [], node["@id"]
        assert missing <= NOT_RECORDED, node["@id"]
        assert missing.isdisjoint(node), node["@id"]
    ids = [n["ceterms:ctid"] for n in graph]
    assert len(ids) == len(set(ids)) and all(PATTERN.match(i) for i in ids)


# ---- JSON-LD: the terms are CTDL's and none is dropped -----------------------------------------------------


def _loader(url: str, options: Any = None) -> dict[str, Any]:
    """Offline: the one context CTDL documents name, from the vendored copy; anything else fails the test."""
    assert url == ctdl.CONTEXT, f"the export names a context that is not CTDL's: {url}"
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
            "document": _vendored("ctdlasn-context.json")}


def _terms(node: Any, found: list[str]) -> list[str]:
    """The compact terms a document uses, once per use (a language map's keys are languages, not terms)."""
    if isinstance(node, dict) and not _is_language_map(node):
        for key, value in node.items():
            if not key.startswith("@"):
                found.append(key)
            if key != "@context":
                _terms(value, found)
    elif isinstance(node, list):
        for item in node:
            _terms(item, found)
    return found


def _is_language_map(value: dict[str, Any]) -> bool:
    return bool(value) and all(re.fullmatch(r"[a-z]{2,3}(-[A-Z]{2})?", k) for k in value) and all(
        isinstance(v, str) for v in value.values())


def _expanded_terms(node: Any, found: list[str]) -> list[str]:
    if isinstance(node, dict):
        for key, values in node.items():
            if not key.startswith("@"):
                found.append(key)
                for value in values:
                    _expanded_terms(value, found)
    elif isinstance(node, list):
        for item in node:
            _expanded_terms(item, found)
    return found


def _values(node: Any) -> int:
    """How many values the properties hold (a list's items each; a language map's entries each)."""
    if isinstance(node, dict):
        if _is_language_map(node):
            return len(node)
        return sum(_values(v) if isinstance(v, dict | list) else 1 for k, v in node.items() if not k.startswith("@"))
    if isinstance(node, list):
        return sum(_values(v) if isinstance(v, dict | list) else 1 for v in node)
    return 1


def _expanded_values(node: Any) -> int:
    if isinstance(node, list):
        return sum(_expanded_values(v) for v in node)
    total = 0
    for key, values in node.items():
        if key.startswith("@"):
            continue
        for value in values:
            nested = [k for k in value if not k.startswith("@")]
            total += _expanded_values(value) if nested else 1
    return total


def test_json_ld_expansion_drops_no_term(files: dict[str, Any]) -> None:
    context = _vendored("ctdlasn-context.json")["@context"]
    for path, doc in files.items():
        compact = _terms(doc, [])
        assert compact, path
        undefined = sorted({t for t in compact if t not in context})
        assert undefined == [], f"{path}: terms the CTDL context does not define: {undefined}"
        expanded = jsonld.expand(doc, {"documentLoader": _loader})
        iris = _expanded_terms(expanded, [])
        assert sorted(iris) == sorted(CTERMS + t.removeprefix("ceterms:") for t in compact), path
        assert _expanded_values(expanded) == _values(doc.get("@graph", doc)), path


def test_every_class_and_property_is_in_the_ctdl_vocabulary(files: dict[str, Any]) -> None:
    vocabulary = {n["@id"]: n for n in _vendored("CTDL.json")["@graph"]}
    stable = {k: n["@type"] for k, n in vocabulary.items() if n["vs:term_status"] == "vs:stable"}
    properties = {k for k, kind in stable.items() if kind == "rdf:Property"}
    classes = {k for k, kind in stable.items() if kind == "rdfs:Class"}
    used_terms: set[str] = set()
    used_classes: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "@type" in node:
                used_classes.add(node["@type"])
            for key, value in node.items():
                if not key.startswith("@") and not _is_language_map(node):
                    used_terms.add(key)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(list(files.values()))
    assert used_terms - properties == set()
    assert used_classes - classes == set()
    for framework in {"CredentialStatus", "OrganizationType", "AgentSector"}:
        assert f"ceterms:{framework}" not in properties  # concept schemes, named by their IRIs under /terms/


# ---- what the documents say ---------------------------------------------------------------------------


def test_recognition_becomes_approval_or_recognition_with_a_qa_organization(files: dict[str, Any]) -> None:
    doc = _documents(files)["math-talk-moves"]
    board = f"{SITE}organizations/state-educator-credentialing-board/"
    cooperative = f"{SITE}organizations/river-bend-service-cooperative/"
    assert doc["ceterms:approvedBy"] == [board]  # relicensure credit in US-WY
    assert doc["ceterms:recognizedBy"] == [cooperative]  # PD hours in US-AR
    approved_in = doc["ceterms:approvedIn"][0]
    assert approved_in["ceterms:mainJurisdiction"][0]["ceterms:addressRegion"] == "WY"
    assert approved_in["ceterms:assertedBy"] == [board]
    assert approved_in["ceterms:description"] == "Relicensure credit: 18 hours."
    nodes = {n["@id"]: n for n in _graph(files)}
    assert nodes[board]["@type"] == "ceterms:QACredentialOrganization"
    assert doc["@id"] in nodes[board]["ceterms:approves"]
    assert nodes[cooperative]["@type"] == "ceterms:CredentialOrganization"
    assert doc["@id"] in nodes[cooperative]["ceterms:recognizes"]
    issuer = nodes[doc["ceterms:ownedBy"][0]]
    assert doc["@id"] in issuer["ceterms:owns"]


def test_stated_facts_are_there_and_illustrative_entries_say_so(files: dict[str, Any],
                                                                build: pipeline.Build) -> None:
    doc = _documents(files)["math-talk-moves"]
    credential = build.credentials["math-talk-moves"]
    assert doc["ceterms:ctid"] == credential.ctid
    assert doc["ceterms:estimatedDuration"][0]["ceterms:exactDuration"] == "PT18H"
    assert doc["ceterms:estimatedCost"][0]["ceterms:price"] == 0  # free is a stated cost
    assert doc["ceterms:credentialStatusType"]["ceterms:targetNode"] == (
        "https://purl.org/ctdl/vocabs/credentialStat/Active")
    targets = doc["ceterms:requires"][0]["ceterms:targetCompetency"]
    assert targets[0]["ceterms:targetNodeName"] == credential.competency.statement
    assert {t.get("ceterms:codedNotation") for t in targets} >= {"8"}
    assert credential.illustrative
    assert doc["ceterms:description"].startswith("Illustrative entry")
    assert "illustrative" in doc["ceterms:keyword"]
    for node in _graph(files):
        text = node["ceterms:description"]
        assert (text if isinstance(text, str) else text["en"]).startswith("Illustrative entry"), node["@id"]


def _catalog_with(make_catalog: Any, credential: str, org: str = SAMPLE_ORG) -> Path:
    return make_catalog({ORG_PATH: org, CREDENTIAL_PATH: credential})


def _export(root: Path) -> dict[str, Any]:
    built = pipeline.run(root, as_of=AS_OF)
    assert built.ok, [p.text() for p in built.problems]
    return {path: json.loads(text) for path, text in exports.export_files(built, ["ctdl"], SITE).items()}


def _with_ctid(text: str) -> str:
    return text.replace("id: sample-credential\n", f"id: sample-credential\nctid: {SAMPLE_CTID}\n", 1)


def test_unknown_cost_and_hours_are_left_out_never_zero(make_catalog: Any) -> None:
    text = _with_ctid(VALID_CREDENTIAL).replace("""  cost:
    amount: 0
    currency: USD
  estimated_hours: 12
""", """  cost: not published
  estimated_hours: not published
""")
    doc = _export(_catalog_with(make_catalog, text))["credentials/sample-credential/ctdl.jsonld"]
    assert "ceterms:estimatedCost" not in doc and "ceterms:estimatedDuration" not in doc
    assert _validator("credentialSchema.json", "ceterms:MicroCredential").is_valid(doc)
    priced = _with_ctid(VALID_CREDENTIAL).replace("    amount: 0\n", "    amount: 150\n")
    doc = _export(_catalog_with(make_catalog, priced))["credentials/sample-credential/ctdl.jsonld"]
    assert doc["ceterms:estimatedCost"][0]["ceterms:price"] == 150
    assert doc["ceterms:estimatedCost"][0]["ceterms:description"] == "Cost to earn the credential: $150."
    assert doc["ceterms:estimatedDuration"][0]["ceterms:exactDuration"] == "PT12H"


def test_a_badge_only_when_the_record_is_a_badge_and_no_criteria_are_published(make_catalog: Any) -> None:
    badge = _with_ctid(VALID_CREDENTIAL).replace("recognition:\n", "recognition:\n  record: digital-badge\n")
    doc = _export(_catalog_with(make_catalog, badge))["credentials/sample-credential/ctdl.jsonld"]
    assert doc["@type"] == "ceterms:MicroCredential"  # the criteria are published: a micro-credential
    unjudged = re.sub(r"evaluation:\n(  .*\n)+", "evaluation:\n  criteria: not published\n", badge)
    doc = _export(_catalog_with(make_catalog, unjudged))["credentials/sample-credential/ctdl.jsonld"]
    assert doc["@type"] == "ceterms:Badge"
    assert _validator("credentialSchema.json", "ceterms:Badge").is_valid(doc)
    assert "ceterms:condition" not in doc["ceterms:requires"][0]


def test_drafts_and_credentials_without_a_ctid_have_no_document(make_catalog: Any) -> None:
    assert _export(_catalog_with(make_catalog, VALID_CREDENTIAL))[ctdl.CATALOG_FILE]["@graph"] == []
    draft = _with_ctid(VALID_CREDENTIAL).replace("status: active\n", "status: draft\n")
    files = _export(_catalog_with(make_catalog, draft, SAMPLE_ORG + f"ctid: {ORG_CTID}\n"))
    assert set(files) == {ctdl.CATALOG_FILE}
    (org,) = files[ctdl.CATALOG_FILE]["@graph"]  # the organization is there, owning nothing exported
    assert org["ceterms:ctid"] == ORG_CTID and "ceterms:owns" not in org
    retired = _with_ctid(VALID_CREDENTIAL).replace("status: active\n", "status: retired\n")
    doc = _export(_catalog_with(make_catalog, retired))["credentials/sample-credential/ctdl.jsonld"]
    assert doc["ceterms:credentialStatusType"]["ceterms:targetNodeName"] == "Deprecated"


def test_export_command_writes_the_documents(tmp_path: Path, run_cli: Any) -> None:
    code, out, err = run_cli(ROOT, "export", "--format", "ctdl", "--out", tmp_path / "out", "--site-url", SITE)
    assert code == 0, err
    written = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert ctdl.CATALOG_FILE in written
    assert "credentials/math-talk-moves/ctdl.jsonld" in written
    assert "credentials/writing-conferences/ctdl.jsonld" not in written  # a draft
    assert "(ctdl)" in out


# ---- permanent CTIDs ------------------------------------------------------------------------------------


def test_a_ctid_must_have_the_registrys_form(sample_catalog: Any, run_cli: Any) -> None:
    bad = VALID_CREDENTIAL.replace("id: sample-credential\n", "id: sample-credential\nctid: ce-12345\n")
    root = sample_catalog(bad)
    code, out, _ = run_cli(root, "validate")
    assert code == 1
    assert out.startswith(f"{CREDENTIAL_PATH}:3:7: `ctid` is 'ce-12345'; write `ce-` followed by a lower-case UUID")
    assert "`credcat ctid` prints a new one" in out


def test_a_ctid_used_twice_is_refused_in_both_files(sample_catalog: Any, run_cli: Any) -> None:
    root = sample_catalog(_with_ctid(VALID_CREDENTIAL), {ORG_PATH: SAMPLE_ORG + f"ctid: {SAMPLE_CTID}\n"})
    code, out, _ = run_cli(root, "validate")
    assert code == 1
    assert out.splitlines() == [
        f"{CREDENTIAL_PATH}:3:7: the ctid `{SAMPLE_CTID}` is also the ctid of {ORG_PATH}:4:7; every credential and "
        "organization needs its own. Keep it in the file it was first published with and give the other a new one "
        "(`credcat ctid` prints a new one).",
        f"{ORG_PATH}:4:7: the ctid `{SAMPLE_CTID}` is also the ctid of {CREDENTIAL_PATH}:3:7; every credential and "
        "organization needs its own. Keep it in the file it was first published with and give the other a new one "
        "(`credcat ctid` prints a new one).",
    ]


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args], cwd=root, check=True,
                   capture_output=True)


def _committed(sample_catalog: Any) -> Path:
    root = sample_catalog(_with_ctid(VALID_CREDENTIAL), {ORG_PATH: SAMPLE_ORG + f"ctid: {ORG_CTID}\n"})
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "first")
    return root


def test_a_committed_ctid_cannot_change_or_go(sample_catalog: Any, run_cli: Any) -> None:
    root = _committed(sample_catalog)
    assert run_cli(root, "validate")[0] == 0
    path = root / CREDENTIAL_PATH
    other = "ce-aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
    path.write_text(_with_ctid(VALID_CREDENTIAL).replace(SAMPLE_CTID, other), encoding="utf-8")
    code, out, _ = run_cli(root, "validate")
    assert (code, out) == (1, f"{CREDENTIAL_PATH}:3:7: the ctid `{other}` differs from `{SAMPLE_CTID}`, the one "
                              f"{CREDENTIAL_PATH} had at the last commit (HEAD); a CTID is permanent (the Registry "
                              f"would see a different credential), so put back `{SAMPLE_CTID}`.\n")
    org = root / ORG_PATH
    org.write_text(SAMPLE_ORG, encoding="utf-8")
    path.write_text(_with_ctid(VALID_CREDENTIAL), encoding="utf-8")
    code, out, _ = run_cli(root, "validate")
    assert (code, out) == (1, f"{ORG_PATH}:1:5: this file had the ctid `{ORG_CTID}` ({ORG_PATH} at the last commit "
                              f"(HEAD)) and now has none; a CTID is permanent, so put back the line "
                              f"`ctid: {ORG_CTID}`.\n")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "dropped")  # committed now; a pull request is compared with its base branch
    assert run_cli(root, "validate")[0] == 0
    code, out, _ = run_cli(root, "validate", "--since", "HEAD~1")
    assert code == 1 and "the merge base with HEAD~1" in out
    assert run_cli(root, "validate", "--since", "no-such-branch")[0] == 2


def test_a_renamed_credential_keeps_its_ctid(sample_catalog: Any, run_cli: Any) -> None:
    root = _committed(sample_catalog)
    (root / CREDENTIAL_PATH).unlink()
    renamed = _with_ctid(VALID_CREDENTIAL).replace("id: sample-credential\n",
                                                   "id: exit-tickets\nprevious_ids: [sample-credential]\n")
    new_path = root / "catalog/credentials/exit-tickets.yaml"
    new_path.write_text(renamed, encoding="utf-8")
    assert run_cli(root, "validate")[0] == 0  # same ctid under the new name
    new_path.write_text(renamed.replace(SAMPLE_CTID, "ce-aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"), encoding="utf-8")
    code, out, _ = run_cli(root, "validate")
    assert code == 1
    assert f"the one {CREDENTIAL_PATH}, its earlier file, had at the last commit (HEAD)" in out


def test_outside_git_only_the_form_and_duplicates_are_checked(sample_catalog: Any, run_cli: Any) -> None:
    root = sample_catalog(_with_ctid(VALID_CREDENTIAL))
    assert run_cli(root, "validate")[0] == 0
    (root / CREDENTIAL_PATH).write_text(_with_ctid(VALID_CREDENTIAL).replace("555555555555", "666666666666"),
                                        encoding="utf-8")
    assert run_cli(root, "validate")[0] == 0  # no history to compare with


def test_new_credentials_get_their_own_ctid(sample_catalog: Any, run_cli: Any) -> None:
    root = sample_catalog(_with_ctid(VALID_CREDENTIAL))
    made = []
    for cid in ("first-new-credential", "second-new-credential"):
        assert run_cli(root, "new", cid)[0] == 0
        text = (root / f"catalog/credentials/{cid}.yaml").read_text(encoding="utf-8")
        made.append(re.search(r"^ctid: (\S+)$", text, re.MULTILINE).group(1))
    assert all(PATTERN.match(m) for m in made) and len(set(made)) == 2 and SAMPLE_CTID not in made
    assert run_cli(root, "validate")[:2] == (0, "")
    code, out, _ = run_cli(root, "ctid", "--count", "3")
    printed = out.split()
    assert code == 0 and len(set(printed)) == 3 and all(PATTERN.match(p) for p in printed)


def test_every_catalog_file_has_a_ctid(build: pipeline.Build) -> None:
    """The catalog's illustrative files are ready for the Registry; a new file gets one from `credcat new`.
    The real entries have none yet: a CTID is permanent, and whether their issuers registered them with a
    CTID of their own is not known, so none is minted for them (they have no CTDL document)."""
    entries = [*build.credentials.values(), *build.organizations.values()]
    assert all(PATTERN.match(e.ctid) for e in entries if e.illustrative)
    with_ctid = [e for e in entries if e.ctid]
    assert all(PATTERN.match(e.ctid) for e in with_ctid) and len({e.ctid for e in with_ctid}) == len(with_ctid)
    assert any(not e.ctid and not e.illustrative for e in entries)  # the real entries, exported without CTDL
