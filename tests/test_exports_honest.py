"""Exports tell what is known: unknown facts stay out of OB 3.0 and JSON-LD (never 0), CSV and catalog.json
carry the `not published` marker their schemas document, and sources, the issuer's page and the
illustrative flag travel with every credential."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from site_plugins import exports, pipeline
from site_plugins.exports import catalog_csv

ROOT = Path(__file__).parent.parent
HONEST = ROOT / "tests" / "example-files" / "honest"
STANDARDS = Path("/work/shared/reference/standards")
SITE = "https://example.org/credcat/"
AS_OF = dt.date(2026, 12, 4)
UNKNOWN_IDS = ("all-not-published", "placeholder-sentences")

SOURCED = """\
id: sourced-credential
title: Planning Exit Tickets for Next-Day Teaching
summary: Design a short end-of-lesson check, sort the answers, and change the next lesson because of them.
description: Teachers who check understanding at the end of a lesson can regroup, reteach or extend the next day.
url: https://issuer.example.org/credentials/exit-tickets
sources:
  - url: https://issuer.example.org/credentials/exit-tickets
    title: Exit tickets micro-credential
    accessed: 2026-12-04
  - url: https://issuer.example.org/fees
    title: Fees and waivers
    accessed: 2026-11-30
    fields: [access.cost]
competency:
  statement: The educator designs exit tickets and uses the results to plan the next lesson.
evidence:
  - id: tickets
    title: Three exit tickets with sorted responses
evaluation:
  criteria:
    - id: alignment
      criterion: Exit tickets align to the stated objective
      evidence: [tickets]
access:
  cost:
    amount: 0
  estimated_hours: 6
organizations:
  issuer: honest-issuer
"""


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> pipeline.Build:
    root = tmp_path_factory.mktemp("honest")
    shutil.copytree(ROOT / "schema", root / "schema")
    for folder in ("credentials", "organizations", "stacks"):
        (root / "catalog" / folder).mkdir(parents=True)
    for cid in UNKNOWN_IDS:
        shutil.copy(HONEST / f"{cid}.yaml", root / "catalog" / "credentials")
    shutil.copy(HONEST / "honest-issuer.yaml", root / "catalog" / "organizations")
    (root / "catalog" / "credentials" / "sourced-credential.yaml").write_text(SOURCED, encoding="utf-8")
    built = pipeline.run(root, as_of=AS_OF)
    assert built.ok, [p.text() for p in built.problems]
    return built


@pytest.fixture(scope="module")
def files(build: pipeline.Build) -> dict[str, str]:
    return exports.export_files(build, ["all"], SITE)


def _keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {k for v in node.values() for k in _keys(v)}
    if isinstance(node, list):
        return {k for v in node for k in _keys(v)}
    return set()


@pytest.mark.parametrize("cid", UNKNOWN_IDS)
def test_unknown_cost_and_time_are_left_out_of_json_ld_and_ob3(files: dict[str, str], cid: str) -> None:
    ld = json.loads(files[f"credentials/{cid}/credential.jsonld"])
    assert not {"offers", "timeRequired", "price", "educationalLevel", "audience", "about"} & _keys(ld)
    achievement = json.loads(files[f"credentials/{cid}/achievement.json"])
    assert not {"version", "alignment", "fieldOfStudy", "creditsAvailable"} & set(achievement)
    if cid == "all-not-published":
        assert "does not publish its evaluation criteria" in achievement["criteria"]["narrative"]


@pytest.mark.skipif(not STANDARDS.is_dir(), reason="the official OB 3.0 schemas are not available")
@pytest.mark.parametrize("cid", [*UNKNOWN_IDS, "sourced-credential"])
def test_sparse_achievements_still_meet_the_official_schema(files: dict[str, str], cid: str) -> None:
    schema = json.loads((STANDARDS / "ob_v3p0_achievement_schema.DERIVED.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft201909Validator(schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER)
    doc = json.loads(files[f"credentials/{cid}/achievement.json"])
    assert [e.message for e in validator.iter_errors(doc)] == []


def test_csv_writes_the_marker_and_never_a_number_for_the_unknown(files: dict[str, str]) -> None:
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(files["catalog.csv"], newline=""))}
    blank = rows["all-not-published"]
    assert (blank["cost"], blank["currency"], blank["estimated_hours"]) == ("not published", "", "not published")
    assert blank["issuer_page"] == blank["roles"] == blank["last_reviewed"] == "not published"
    assert rows["placeholder-sentences"]["cost"] == "not published"
    assert rows["placeholder-sentences"]["competency_area"] == ""  # the entry records nothing: an empty cell
    known = rows["sourced-credential"]
    assert (known["cost"], known["currency"], known["estimated_hours"]) == ("0", "USD", "6")


def test_csv_columns_are_the_table_schema_s(files: dict[str, str]) -> None:
    table = json.loads(files["schema/catalog-csv.tableschema.json"])
    assert [f["name"] for f in table["fields"]] == list(catalog_csv.COLUMNS)
    assert all(f.get("description") for f in table["fields"])
    assert {"not published", "not applicable", ""} <= set(table["missingValues"])
    assert "not published" in table["description"]


def _validator(files: dict[str, str], name: str = "catalog.schema.json") -> jsonschema.protocols.Validator:
    """A validator of the published schema ``name``, its references resolved by their absolute ``$id``s."""
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    documents = {path.removeprefix("schema/"): json.loads(text) for path, text in files.items()
                 if path.startswith("schema/") and path.endswith(".schema.json")}
    registry: Registry = Registry().with_resources(
        (doc["$id"], Resource.from_contents(doc, default_specification=DRAFT202012)) for doc in documents.values())
    return jsonschema.Draft202012Validator(documents[name], registry=registry,
                                           format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _records(files: dict[str, str]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in map(json.loads, files["catalog.jsonl"].splitlines())}


def test_catalog_json_keeps_the_marker_and_validates(files: dict[str, str]) -> None:
    doc = json.loads(files["catalog.json"])
    assert [e.message for e in _validator(files).iter_errors(doc)] == []
    records = _validator(files, "credential-record.schema.json")
    lines = files["catalog.jsonl"].splitlines()
    assert [e.message for line in lines for e in records.iter_errors(json.loads(line))] == []
    entries = _records(files)
    blank = entries["all-not-published"]["data"]
    assert blank["access"] == "not published"  # every access fact is: the same as the whole group
    assert blank["training"] == blank["submission"] == blank["recognition"] == "not published"  # as written
    placeholder = entries["placeholder-sentences"]["data"]
    assert placeholder["access"]["cost"] == {"amount": "not published", "note": "Pricing is available on request."}
    assert "competency" in placeholder and "area" not in placeholder["competency"]  # unrecorded: left out
    scorecard = entries["all-not-published"]["scorecard"]
    assert scorecard["scorecard_version"] == 2 and scorecard["standards_met"] == 0
    assert scorecard["standards_not_verifiable"] == 13


def test_sources_and_the_issuer_page_travel_with_the_credential(files: dict[str, str]) -> None:
    page = "https://issuer.example.org/credentials/exit-tickets"
    ld = json.loads(files["credentials/sourced-credential/credential.jsonld"])
    assert ld["url"] == page and ld["sameAs"] == [page] and ld["@id"] == f"{SITE}credentials/sourced-credential/"
    assert [s["url"] for s in ld["isBasedOn"]] == [page, "https://issuer.example.org/fees"]
    assert ld["offers"]["price"] == 0 and ld["offers"]["url"] == page  # stated as free: 0 is a fact here
    achievement = json.loads(files["credentials/sourced-credential/achievement.json"])
    assert achievement["criteria"]["id"] == page
    assert "Exit tickets micro-credential](https://issuer.example.org/credentials/exit-tickets), read on 2026-12-04" \
        in achievement["criteria"]["narrative"]
    entry = json.loads(files["credentials/sourced-credential/record.json"])
    assert entry["data"]["url"] == page
    assert entry["sources"][1] == {"url": "https://issuer.example.org/fees", "title": "Fees and waivers",
                                   "accessed": "2026-11-30", "fields": ["access.cost"]}
    row = next(r for r in csv.DictReader(io.StringIO(files["catalog.csv"], newline=""))
               if r["id"] == "sourced-credential")
    assert row["issuer_page"] == page


def test_the_illustrative_flag_is_in_every_export(tmp_path: Path) -> None:
    built = pipeline.run(ROOT, as_of=AS_OF)
    sample = next(cid for cid, c in sorted(built.credentials.items()) if c.illustrative)
    found = exports.export_files(built, ["all"], SITE)
    assert json.loads(found[f"credentials/{sample}/credential.jsonld"])["description"].startswith("Illustrative entry")
    achievement = json.loads(found[f"credentials/{sample}/achievement.json"])
    assert "illustrative" in achievement["tag"] and achievement["description"].startswith("Illustrative entry")
    assert "Illustrative entry" in found[f"credentials/{sample}/badge.svg"]
    entry = next(c for c in json.loads(found["catalog.json"])["credentials"] if c["id"] == sample)
    assert entry["illustrative"] is True
    assert json.loads(found[f"credentials/{sample}/record.json"])["data"]["illustrative"] is True
    row = next(r for r in csv.DictReader(io.StringIO(found["catalog.csv"], newline="")) if r["id"] == sample)
    assert row["illustrative"] == "true"
