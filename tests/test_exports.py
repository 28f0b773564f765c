"""The machine-readable exports: OB 3.0 Achievement, schema.org JSON-LD, catalog JSON and CSV, badge SVG.

Each JSON file is checked against its schema: the Achievement against the official 1EdTech OB 3.0 schema
(the DERIVED Achievement root, see /work/shared/reference/standards/README.md) and against our own reading
of the spec (``check_ob3_achievement``), catalog.json against schema/catalog.schema.json with the schemas
it refers to. ``credcat export`` must write the same bytes twice.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from site_plugins import exports, pipeline
from site_plugins.cli import main
from site_plugins.exports import badge, catalog_csv, catalog_json, ob3
from site_plugins.exports.text import criteria_narrative, plain_text
from site_plugins.labels import labels
from site_plugins.quantities import iso_duration
from site_plugins.site_config import mkdocs_site_url

ROOT = Path(__file__).parent.parent
STANDARDS = Path("/work/shared/reference/standards")
SITE = "https://example.org/credcat/"
AS_OF = dt.date(2026, 11, 23)
EPOCH = "1795392000"  # 2026-11-23 00:00 UTC

OB3_ACHIEVEMENT_TYPES = {
    "Achievement", "ApprenticeshipCertificate", "Assessment", "Assignment", "AssociateDegree", "Award", "Badge",
    "BachelorDegree", "Certificate", "CertificateOfCompletion", "Certification", "CommunityService", "Competency",
    "Course", "CoCurricular", "Degree", "Diploma", "DoctoralDegree", "Fieldwork", "GeneralEducationDevelopment",
    "JourneymanCertificate", "LearningProgram", "License", "Membership", "ProfessionalDoctorate",
    "QualityAssuranceCredential", "MasterCertificate", "MasterDegree", "MicroCredential", "ResearchDoctorate",
    "SecondarySchoolDiploma",
}

needs_standards = pytest.mark.skipif(not STANDARDS.is_dir(), reason="the official OB 3.0 schemas are not available")


@pytest.fixture(scope="module")
def build() -> pipeline.Build:
    built = pipeline.run(ROOT, as_of=AS_OF)
    assert built.ok, [p.text() for p in built.problems]
    return built


def _official(name: str) -> dict[str, Any]:
    return json.loads((STANDARDS / name).read_text(encoding="utf-8"))


# ---- our own reading of the OB 3.0 spec (1EdTech Open Badges 3.0, section "Achievement" and its parts) -----


def _absolute_uri(value: Any) -> bool:
    if not isinstance(value, str) or re.search(r"\s", value):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _iri_set_with(value: Any, required: str) -> bool:
    """OB 3.0 ``type``: an unordered set of IRIs ([1..*]) one of which is ``required``."""
    return isinstance(value, list) and len(value) >= 1 and all(isinstance(v, str) for v in value) and required in value


def check_ob3_achievement(doc: dict[str, Any]) -> list[str]:
    """Problems with ``doc`` as a standalone OB 3.0 Achievement, from the spec's data model.

    Achievement: id URI [1], type IRI [1..*] incl. "Achievement", name String [1], description String [1],
    criteria Criteria [1] (id URI and/or narrative Markdown: at least one), achievementType AchievementType
    [0..1], creator Profile [0..1], alignment Alignment [0..*], image Image [0..1], tag String [0..*],
    fieldOfStudy, humanCode, version String [0..1], inLanguage LanguageCode [0..1], creditsAvailable Float.
    Profile: id URI [1], type incl. "Profile". Alignment: type incl. "Alignment", targetName String [1],
    targetUrl URL [1]. Image: id URI [1], type "Image" [1]. The @context is an ordered set whose first item
    is the VC 2.0 context and second the OB 3.0 context.
    """
    problems: list[str] = []

    def need(condition: bool, message: str) -> None:
        if not condition:
            problems.append(message)

    context = doc.get("@context")
    need(isinstance(context, list) and len(context) >= 2, "@context must be an ordered list of at least two")
    if isinstance(context, list) and len(context) >= 2:
        need(context[0] == "https://www.w3.org/ns/credentials/v2", "@context[0] must be the VC 2.0 context")
        need(bool(re.fullmatch(r"https://purl\.imsglobal\.org/spec/ob/v3p0/context(-3\.\d\.\d)*\.json", context[1])),
             "@context[1] must be the OB 3.0 context")
    need(_absolute_uri(doc.get("id")), "id must be an absolute URI")
    need(_iri_set_with(doc.get("type"), "Achievement"), "type must be a list including Achievement")
    for key in ("name", "description"):
        need(isinstance(doc.get(key), str) and doc[key].strip() != "", f"{key} is a required non-empty string")
    criteria = doc.get("criteria")
    need(isinstance(criteria, dict), "criteria is required and must be an object")
    if isinstance(criteria, dict):
        need(bool(criteria.get("id") or criteria.get("narrative")), "criteria needs an id or a narrative")
        if "id" in criteria:
            need(_absolute_uri(criteria["id"]), "criteria.id must be an absolute URI")
        if "narrative" in criteria:
            need(isinstance(criteria["narrative"], str), "criteria.narrative must be a string (Markdown)")
    if "achievementType" in doc:
        kind = doc["achievementType"]
        need(kind in OB3_ACHIEVEMENT_TYPES or bool(re.fullmatch(r"ext:[A-Za-z0-9._-]+", str(kind))),
             f"achievementType {kind!r} is not in the vocabulary")
    if "creator" in doc:
        creator = doc["creator"]
        need(isinstance(creator, dict) and _absolute_uri(creator.get("id")), "creator.id must be an absolute URI")
        need(isinstance(creator, dict) and _iri_set_with(creator.get("type"), "Profile"),
             "creator.type must include Profile")
        if isinstance(creator, dict) and "url" in creator:
            need(_absolute_uri(creator["url"]), "creator.url must be an absolute URI")
    for i, alignment in enumerate(doc.get("alignment", [])):
        need(_iri_set_with(alignment.get("type"), "Alignment"), f"alignment[{i}].type must include Alignment")
        need(isinstance(alignment.get("targetName"), str) and alignment["targetName"] != "",
             f"alignment[{i}].targetName is required")
        need(_absolute_uri(alignment.get("targetUrl")), f"alignment[{i}].targetUrl must be an absolute URL")
        for key in ("targetFramework", "targetCode", "targetDescription"):
            if key in alignment:
                need(isinstance(alignment[key], str) and alignment[key] != "", f"alignment[{i}].{key} must be text")
    need(isinstance(doc.get("alignment", []), list), "alignment must be a list")
    if "image" in doc:
        image = doc["image"]
        need(isinstance(image, dict) and _absolute_uri(image.get("id")), "image.id must be an absolute URI")
        need(isinstance(image, dict) and image.get("type") == "Image", "image.type must be Image")
        need(isinstance(image, dict) and set(image) <= {"id", "type", "caption"}, "image has unknown keys")
    if "tag" in doc:
        need(isinstance(doc["tag"], list) and all(isinstance(t, str) and t for t in doc["tag"]),
             "tag must be a list of strings")
    for key in ("fieldOfStudy", "humanCode", "version", "specialization"):
        if key in doc:
            need(isinstance(doc[key], str) and doc[key] != "", f"{key} must be a non-empty string")
    if "inLanguage" in doc:
        need(bool(re.fullmatch(r"[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?", str(doc["inLanguage"]))),
             "inLanguage must be a BCP 47 language code")
    if "creditsAvailable" in doc:
        need(isinstance(doc["creditsAvailable"], int | float), "creditsAvailable must be a number")
    return problems


# ---- OB 3.0 Achievement -----------------------------------------------------------------------------------


@needs_standards
def test_every_achievement_validates_against_the_official_schema(build: pipeline.Build) -> None:
    schema = _official("ob_v3p0_achievement_schema.DERIVED.json")
    validator = jsonschema.Draft201909Validator(schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER)
    for cid in sorted(build.credentials):
        doc = json.loads(exports.dump_json(exports.achievement(build, cid, SITE)))
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]
        assert errors == [], cid


@needs_standards
def test_issuer_profile_validates_against_the_official_profile_schema(build: pipeline.Build) -> None:
    validator = jsonschema.Draft201909Validator(_official("ob_v3p0_profile_schema.json"))
    for cid in sorted(build.credentials):
        creator = exports.achievement(build, cid, SITE)["creator"]
        assert list(validator.iter_errors(creator)) == [], cid


@needs_standards
def test_an_issued_credential_can_embed_the_achievement(build: pipeline.Build) -> None:
    """What an issuing platform does: put the Achievement in an AchievementCredential's credentialSubject."""
    validator = jsonschema.Draft201909Validator(_official("ob_v3p0_achievementcredential_schema.json"))
    for cid in sorted(build.credentials):
        doc = exports.achievement(build, cid, SITE)
        credential = {
            "@context": doc["@context"],
            "id": "urn:uuid:0b8c2f5e-2f8e-4d35-9d2f-6b1f1c5b0a11",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": doc["creator"],
            "validFrom": "2026-11-23T00:00:00Z",
            "name": doc["name"],
            "credentialSubject": {"type": ["AchievementSubject"], "id": "did:example:earner",
                                  "achievement": {k: v for k, v in doc.items() if k != "@context"}},
        }
        assert [e.message for e in validator.iter_errors(credential)] == [], cid


def test_every_achievement_passes_the_spec_check(build: pipeline.Build) -> None:
    for cid in sorted(build.credentials):
        assert check_ob3_achievement(exports.achievement(build, cid, SITE)) == [], cid


def test_the_spec_check_catches_mistakes() -> None:
    bad = {"@context": ["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"], "id": "/relative",
           "type": "Achievement", "name": "", "criteria": {}, "achievementType": "Microcredential",
           "alignment": [{"type": ["Alignment"], "targetName": "x"}], "image": {"id": "badge.svg"},
           "inLanguage": "english"}
    found = " | ".join(check_ob3_achievement(bad))
    for expected in ("@context", "id must be", "type must be", "name is", "description is", "criteria needs",
                     "achievementType", "targetUrl", "image.id", "image.type", "inLanguage"):
        assert expected in found


def test_achievement_content(build: pipeline.Build) -> None:
    doc = exports.achievement(build, "math-talk-moves", SITE)
    page = f"{SITE}credentials/math-talk-moves/"
    credential = build.credentials["math-talk-moves"]
    assert doc["id"] == f"{page}achievement.json"
    assert doc["achievementType"] == "MicroCredential"
    assert doc["criteria"]["id"] == credential.url.or_(page)  # the issuer's page describes the criteria
    assert doc["description"].startswith("Illustrative entry") and credential.summary in doc["description"]
    assert "does mathematical work" in doc["description"]
    narrative = doc["criteria"]["narrative"]
    for criterion in credential.evaluation.criteria.items:
        assert criterion.criterion in narrative and criterion.proficient.value in narrative
    assert "Anticipation and sequencing plan" in narrative  # evidence by title, not id
    assert "Proficient on all four criteria" in narrative
    assert doc["creator"] == {"id": f"{SITE}organizations/open-practice-lab/", "type": ["Profile"],
                              "name": "Open Practice Lab", "url": "https://openpracticelab.example.org"}
    first, second = doc["alignment"]
    assert first["targetCode"] == "8" and first["targetUrl"].startswith("https://ccsso.org/")
    assert second["targetUrl"] == page and "targetCode" not in second  # no url: the credential page
    assert doc["image"] == {"id": f"{page}badge.svg", "type": "Image", "caption": doc["image"]["caption"]}
    assert "Mathematics discourse" in doc["tag"] and "Teacher" in doc["tag"] and "math talk" in doc["tag"]
    assert "illustrative" in doc["tag"]
    assert doc["fieldOfStudy"] == "Mathematics discourse"
    assert (doc["inLanguage"], doc["version"]) == ("en", "2.0")


def test_narrative_escapes_markdown_and_plain_text_drops_markup(make_catalog) -> None:
    root = make_catalog({"catalog/organizations/o.yaml": "id: o\nname: An Org\ntype: nonprofit\n",
                         "catalog/credentials/c.yaml": NARRATIVE})
    built = pipeline.run(root, as_of=AS_OF)
    assert built.ok, [p.text() for p in built.problems]
    narrative = criteria_narrative(built.credentials["c"])
    assert r"\*all\*" in narrative and r"\<script\>" in narrative and r"\[links\]" in narrative
    assert r"Evidence: Plan\_v2" in narrative and r"**Bold \*\*claims\*\***" in narrative
    text = plain_text("Intro with [a link](https://example.org/x) and **bold**.\n\n- one\n- two\n\n<b>hi</b>"
                              "\n\n1. first\n\n2. second\n\n<https://example.org/y>")
    assert text == ("Intro with a link (https://example.org/x) and bold.\n\n- one\n- two\n\nhi\n\n1. first\n"
                    "2. second\n\nhttps://example.org/y")
    assert plain_text("[bad](javascript:alert(1)) text") == "bad text"
    assert plain_text("Before\n\n<script>alert(1)</script>\n\n<div>After</div>") == "Before\n\nAfter"


@pytest.mark.parametrize(("tag", "expected"), [("en", "en"), ("en-us", "en-US"), ("zh-hant-tw", "zh-Hant-TW"),
                                                ("es-419", "es-419"), ("en-x-private", "en")])
def test_language_tags_fit_ob3(tag: str, expected: str) -> None:
    assert ob3.language(tag) == expected


# ---- schema.org JSON-LD -----------------------------------------------------------------------------------


def _strings(node: Any, key: str = "") -> list[tuple[str, str]]:
    """Every string in ``node`` with the key it sits under."""
    if isinstance(node, dict):
        return [pair for k, v in node.items() for pair in _strings(v, k)]
    if isinstance(node, list):
        return [pair for item in node for pair in _strings(item, key)]
    return [(key, node)] if isinstance(node, str) else []


def _looks_like_url(key: str, value: str) -> bool:
    if key in ("@id", "url", "image", "targetUrl", "sameAs", "@context", "id"):
        return True
    return " " not in value and ("/" in value or value.startswith("www.")) and not value[:1].isdigit()


@pytest.mark.parametrize("cid", ["math-talk-moves", "co-teaching-models", "udl-lesson-design"])
def test_json_ld_has_the_listed_properties(build: pipeline.Build, cid: str) -> None:
    doc = json.loads(exports.dump_json(exports.json_ld(build, cid, SITE)))
    page = f"{SITE}credentials/{cid}/"
    assert doc["@context"] == "https://schema.org" and doc["@type"] == "EducationalOccupationalCredential"
    credential = build.credentials[cid]
    assert doc["@id"] == page and doc["url"] == credential.url.or_(page)
    assert doc["credentialCategory"] == "Micro-credential"
    assert doc["creativeWorkStatus"] == credential.status.capitalize()
    for key in ("name", "description", "competencyRequired", "educationalLevel", "offers", "timeRequired",
                "provider"):
        assert doc.get(key), key
    grades = {title for _value, title in labels(ROOT).options("audience.grade_bands")}
    assert all(level.removeprefix("Grades ") in grades for level in doc["educationalLevel"]), \
        "educationalLevel holds grade levels only (roles are the audience's educationalRole)"
    assert doc["offers"]["@type"] == "Offer" and isinstance(doc["offers"]["price"], int | float)
    assert re.fullmatch(r"[A-Z]{3}", doc["offers"]["priceCurrency"])
    assert all(term["@type"] == "DefinedTerm" and term["name"] for term in doc["competencyRequired"])
    assert doc["provider"]["@type"] == "Organization" and doc["provider"]["url"]
    recognizers = {c.recognizer.id for c in credential.recognition.currency.items if c.recognizer}
    assert {r["@id"] for r in doc.get("recognizedBy", [])} == {f"{SITE}organizations/{r}/" for r in recognizers}
    assert all(r["@type"] == "Organization" and r["url"] for r in doc.get("recognizedBy", []))
    assert doc["timeRequired"] == iso_duration(credential.access.estimated_hours.value)


def test_every_url_in_json_ld_and_achievements_is_absolute(build: pipeline.Build) -> None:
    for cid in sorted(build.credentials):
        for doc in (exports.json_ld(build, cid, SITE), exports.achievement(build, cid, SITE)):
            urls = [(k, v) for k, v in _strings(doc) if _looks_like_url(k, v)]
            assert urls, cid
            for key, value in urls:
                assert _absolute_uri(value), f"{cid} {key}: {value}"


@pytest.mark.parametrize(("hours", "expected"), [(12, "PT12H"), (1.5, "PT1H30M"), (0.25, "PT15M"), (40, "PT40H"),
                                                 (2.75, "PT2H45M"), (0.01, "PT36S"), (100.5, "PT100H30M")])
def test_time_required_is_iso_8601(hours: float, expected: str) -> None:
    value = iso_duration(hours)
    assert value == expected
    assert re.fullmatch(r"PT(\d+H)?(\d+M)?(\d+S)?", value) and value != "PT"


def test_json_ld_script_cannot_break_out_of_its_element(build: pipeline.Build) -> None:
    script = exports.json_ld_script(build, "math-talk-moves", SITE)
    assert script.startswith('<script type="application/ld+json">') and script.endswith("</script>")
    body = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in body and ">" not in body
    assert json.loads(body) == json.loads(exports.dump_json(exports.json_ld(build, "math-talk-moves", SITE)))


def test_site_url_must_be_absolute() -> None:
    assert exports.base_url("https://example.org/credcat") == "https://example.org/credcat/"
    for bad in ("", "/credcat/", "example.org", "ftp://example.org/", None):
        with pytest.raises(exports.ExportError):
            exports.base_url(bad)


# ---- catalog.json and its schema --------------------------------------------------------------------------


def _catalog_validator(schema_dir: Path, name: str = "catalog.schema.json") -> jsonschema.protocols.Validator:
    """A validator of ``name`` from ``schema_dir``: the repository's schemas (relative ``$id``s) or the
    published ones (absolute ``$id``s under the site's address); references resolve by ``$id`` either way."""
    documents = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in schema_dir.glob("*.schema.json")}
    registry: Registry = Registry().with_resources(
        (doc["$id"], Resource.from_contents(doc, default_specification=DRAFT202012)) for doc in documents.values()
    )
    schema = documents[name]
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, registry=registry,
                                           format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _catalog(build: pipeline.Build) -> dict[str, Any]:
    return json.loads(exports.export_files(build, ["json"], SITE)["catalog.json"])


def test_catalog_json_validates_against_its_schema(build: pipeline.Build) -> None:
    files = exports.export_files(build, ["json"], SITE)
    doc = json.loads(files["catalog.json"])
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in _catalog_validator(ROOT / "schema").iter_errors(doc)]
    assert errors == []
    assert doc["catalog_version"] == 3 and doc["generated"] == "2026-11-23"
    assert doc["licence"] == {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    assert doc["records"] == f"{SITE}catalog.jsonl"
    assert doc["rubric"]["id"] == build.rubric.edition["id"]  # type: ignore[union-attr]
    for kind in ("credentials", "stacks", "organizations"):
        ids = [item["id"] for item in doc[kind]]
        assert ids == sorted(ids) and len(ids) == len(getattr(build.catalog, kind))
    first = doc["credentials"][0]
    assert first["url"] == f"{SITE}credentials/{first['id']}/"
    card = build.score(first["id"])
    assert (first["standards_met"], first["tier"]) == (card.standards_met, card.tier)
    assert first["files"]["record"] == f"{SITE}credentials/{first['id']}/record.json"
    # every file a summary links is published, under the site's address
    published = exports.export_files(build, ["all"], SITE)
    linked = [url for entry in doc["credentials"] for url in entry["files"].values()]
    per_credential = [f for f in exports.data_files() if f.per_credential]
    assert {"record", "achievement", "jsonld", "badge"} <= {f.key for f in per_credential}
    assert len(linked) == sum(len(exports.credential_data_files(build.credentials[entry["id"]]))
                              for entry in doc["credentials"])
    assert [url for url in linked if not url.startswith(SITE) or url.removeprefix(SITE) not in published] == []
    # the full record: in its own file and on its line of catalog.jsonl, the same bytes
    lines = files["catalog.jsonl"].splitlines(keepends=True)
    assert [json.loads(line)["id"] for line in lines] == [c["id"] for c in doc["credentials"]]
    for line, entry in zip(lines, doc["credentials"], strict=True):
        assert files[f"credentials/{entry['id']}/record.json"] == line
    records = _catalog_validator(ROOT / "schema", "credential-record.schema.json")
    assert [e.message for line in lines for e in records.iter_errors(json.loads(line))] == []
    full = json.loads(files[f"credentials/{first['id']}/record.json"])
    assert full["scorecard"] == json.loads(json.dumps(card.to_json()))
    # the resolved record: inherited defaults are in it, with the organization they come from
    talk = json.loads(files["credentials/math-talk-moves/record.json"])
    assert talk["data"]["feedback"]["timeline_days"] == 14
    assert talk["inherited"]["feedback.timeline_days"] == "open-practice-lab"
    assert talk["status"] == "active" and talk["illustrative"] is True


def test_catalog_schema_rejects_wrong_shapes(build: pipeline.Build) -> None:
    validator = _catalog_validator(ROOT / "schema")
    doc = _catalog(build)
    doc["credentials"][0]["status"] = "maybe"
    doc["credentials"][0]["url"] = "credentials/x/"
    doc["credentials"][0]["files"]["record"] = "record.json"
    doc["extra"] = True
    paths = {"/".join(map(str, e.absolute_path)) for e in validator.iter_errors(doc)}
    assert {"credentials/0/status", "credentials/0/url", "credentials/0/files/record", ""} <= paths
    records = _catalog_validator(ROOT / "schema", "credential-record.schema.json")
    record = json.loads(exports.export_files(build, ["json"], SITE)["credentials/math-talk-moves/record.json"])
    record["data"]["status"] = "maybe"
    del record["scorecard"]["tier"]
    paths = {"/".join(map(str, e.absolute_path)) for e in records.iter_errors(record)}
    assert {"data/status", "scorecard"} <= paths


def test_published_schemas_have_absolute_ids_under_the_site_address(build: pipeline.Build) -> None:
    files = exports.export_files(build, ["json"], "https://recognizer.example.net/cat/")
    published = {p: json.loads(t) for p, t in files.items() if p.startswith("schema/")}
    assert set(published) == {f"schema/{name}" for name in catalog_json.SCHEMAS}
    for path, doc in published.items():
        assert doc["$id"] == f"https://recognizer.example.net/cat/{path}"
        own = json.loads((ROOT / path).read_text(encoding="utf-8"))
        assert {k: v for k, v in doc.items() if k != "$id"} == {k: v for k, v in own.items() if k != "$id"}


def test_catalog_schema_documents_every_top_level_property() -> None:
    schema = json.loads((ROOT / "schema" / "catalog.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for name, node in schema["properties"].items():
        assert node.get("title") and node.get("description"), name
    for name, node in schema["properties"]["credentials"]["items"]["properties"].items():
        assert node.get("title") and node.get("description"), name


# ---- catalog.csv ------------------------------------------------------------------------------------------

NARRATIVE = """\
id: c
title: Markup in every text field
summary: A credential whose texts hold Markdown and HTML, to test how exports escape them.
description: A credential whose texts hold Markdown and HTML, to test how exports escape them in narratives.
competency:
  statement: Uses *all* <script>x</script> [links](javascript:x)
evidence:
  - id: a
    title: Plan_v2
evaluation:
  criteria:
    - id: crit
      criterion: Bold **claims**
      evidence: [a]
access:
  cost: not published
  estimated_hours: not published
organizations:
  issuer: o
"""

AWKWARD_TITLE = 'Planning "Exit Tickets", Then Teaching – Next Day'
AWKWARD_SUMMARY = "First line of the summary, with a comma.\nSecond line with \"quotes\" and café."
AWKWARD = f"""\
id: awkward-values
title: '{AWKWARD_TITLE}'
summary: {json.dumps(AWKWARD_SUMMARY, ensure_ascii=False)}
description: A credential whose text has commas, quotes and line breaks, to test the CSV export.
competency:
  statement: The educator designs exit tickets and uses the results to plan the next lesson.
  area: Formative assessment, day to day
audience:
  roles: [teacher, instructional-coach]
  grade_bands: ["3-5", "6-8"]
evidence:
  - id: tickets
    title: Three exit tickets with sorted responses
evaluation:
  criteria:
    - id: alignment
      criterion: Exit tickets align to the stated objective
      evidence: [tickets]
recognition:
  currency:
    - jurisdiction: US-SC
      type: pd-hours
    - jurisdiction: US-NC
      type: ceu
access:
  cost:
    amount: 12.5
    currency: USD
  estimated_hours: 1.5
organizations:
  issuer: open-practice-lab
"""


@pytest.fixture
def awkward_root(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "catalog", root / "catalog")
    shutil.copytree(ROOT / "schema", root / "schema")
    (root / "catalog/credentials/awkward-values.yaml").write_text(AWKWARD, encoding="utf-8")
    return root


def test_csv_round_trips_awkward_values(awkward_root: Path) -> None:
    built = pipeline.run(awkward_root, as_of=AS_OF)
    assert built.ok, [p.text() for p in built.problems]
    text = exports.export_files(built, ["csv"], SITE)["catalog.csv"]
    assert text.startswith(",".join(catalog_csv.COLUMNS) + catalog_csv.LINE_TERMINATOR)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == len(built.catalog.credentials) == len(list(ROOT.glob("catalog/credentials/*.yaml"))) + 1
    assert [r["id"] for r in rows] == sorted(built.catalog.credentials)
    row = next(r for r in rows if r["id"] == "awkward-values")
    assert row["title"] == AWKWARD_TITLE
    assert row["summary"] == AWKWARD_SUMMARY
    assert row["issuer"] == "Open Practice Lab"
    assert row["competency_area"] == "Formative assessment, day to day"
    assert row["roles"] == "teacher; instructional-coach" and row["grade_bands"] == "3-5; 6-8"
    assert (row["cost"], row["currency"], row["estimated_hours"]) == ("12.5", "USD", "1.5")
    assert row["recognised_in"] == "US-SC; US-NC"
    assert row["review_overdue"] == "false" and row["last_reviewed"] == ""  # not recorded: not called overdue
    assert row["status"] == "active" and row["illustrative"] == "false" and row["issuer_page"] == ""
    assert row["tier"] == "self-assessed" and row["url"] == f"{SITE}credentials/awkward-values/"
    card = built.score("awkward-values")
    assert (row["standards_met"], row["components_met"]) == (str(card.standards_met), str(card.components_met))
    # and the achievement of a sparse credential still meets the spec
    assert check_ob3_achievement(exports.achievement(built, "awkward-values", SITE)) == []


def test_csv_cells_that_spreadsheets_would_run_are_neutralised() -> None:
    assert catalog_csv._safe("title", "=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert catalog_csv._safe("title", "Plain") == "Plain"
    assert catalog_csv._safe("cost", "-1") == "-1"  # numbers are not free text


# ---- badge.svg --------------------------------------------------------------------------------------------


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48


def test_badges_are_accessible_and_deterministic(build: pipeline.Build) -> None:
    ns = {"svg": "http://www.w3.org/2000/svg"}
    levels = set()
    for cid in sorted(build.credentials):
        text = badge.badge_svg(build, cid)
        assert text == badge.badge_svg(build, cid)
        svg = ET.fromstring(text)
        assert svg.tag == "{http://www.w3.org/2000/svg}svg" and svg.get("role") == "img"
        title = svg.find("svg:title", ns)
        assert title is not None and title.text and svg.get("aria-labelledby") == title.get("id")
        card = build.score(cid)
        assert card.badge_text in title.text
        shown = " ".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
        assert shown == f"MPOS {card.standards_met}/{card.standards_total} · {card.tier}"
        for segment in svg.findall("svg:g", ns):
            rect, label = segment.find("svg:rect", ns), segment.find("svg:text", ns)
            assert rect is not None and label is not None
            assert contrast(label.get("fill", ""), rect.get("fill", "")) >= 4.5, (cid, segment.get("class"))
        levels.add(svg.findall("svg:g", ns)[1].get("class"))
    assert len(levels) >= 2  # the sample catalog shows more than one colour


def test_badge_escapes_text(awkward_root: Path) -> None:
    built = pipeline.run(awkward_root, as_of=AS_OF)
    svg = badge.badge_svg(built, "awkward-values")
    title = ET.fromstring(svg).find("{http://www.w3.org/2000/svg}title")
    assert title is not None and AWKWARD_TITLE in (title.text or "")
    # Written by an XML library: quotes need no escaping in text, and parse back to the same title.
    assert svg.count("<title") == 1 and AWKWARD_TITLE.replace("&", "&amp;") in svg


# ---- credcat export ---------------------------------------------------------------------------------------


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(*args: str) -> int:
    try:
        return main(list(args))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1


def test_export_writes_every_file_twice_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str], build: pipeline.Build) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first, second = tmp_path / "one", tmp_path / "two"
    assert _run("export", "--format", "all", "--out", str(first), "--root", str(ROOT)) == 0
    assert _run("export", "--format", "ob3", "--format", "jsonld", "--format", "ctdl", "--format", "json",
                "--format", "csv", "--format", "feed", "--format", "recognition", "--out", str(second),
                "--root", str(ROOT)) == 0
    assert "Wrote" in capsys.readouterr().out
    tree = _tree(first)
    assert tree == _tree(second)
    ids = sorted(p.stem for p in (ROOT / "catalog" / "credentials").glob("*.yaml"))
    expected = {"catalog.json", "catalog.jsonl", "catalog.csv", "feed.xml", "schema/catalog.schema.json",
                "schema/credential-record.schema.json", "schema/credential.schema.json", "schema/stack.schema.json",
                "schema/organization.schema.json", "schema/catalog-csv.tableschema.json", "catalog.ctdl.jsonld"}
    renamed = {cid: c.previous_ids for cid, c in pipeline.run(ROOT).credentials.items() if c.previous_ids}
    assert renamed, "the catalog has a renamed credential"
    for cid in ids:
        names = ["achievement.json", "badge.svg", "credential.jsonld", "record.json"]
        if exports.ctdl.published(build.credentials[cid]):
            names.append("ctdl.jsonld")
        for name in names:
            expected.add(f"credentials/{cid}/{name}")
            for old in renamed.get(cid, ()):  # a copy at every old address
                expected.add(f"credentials/{old}/{name}")
                assert tree[f"credentials/{old}/{name}"] == tree[f"credentials/{cid}/{name}"]
    expected |= {"recognition.csv", "schema/recognition-csv.tableschema.json",
                 "schema/approved-list-csv.tableschema.json", "schema/approved-list-data.schema.json"}
    for lid in sorted(p.stem for p in (ROOT / "catalog" / "approved-lists").glob("*.yaml")):
        expected |= {f"approved-lists/{lid}/{name}" for name in ("list.json", "list.csv", "feed.xml")}
    assert set(tree) == expected
    assert ET.fromstring(tree["feed.xml"]).tag == "{http://www.w3.org/2005/Atom}feed"
    assert json.loads(tree["catalog.json"])["licence"]["name"] == "CC BY 4.0"  # extra.data_licence of mkdocs.yml
    # the site_url of mkdocs.yml is used, files are the documented serialisation, and they validate
    achievement = json.loads(tree[f"credentials/{ids[0]}/achievement.json"])
    assert achievement["id"] == f"{exports.base_url(mkdocs_site_url(ROOT))}credentials/{ids[0]}/achievement.json"
    assert tree["catalog.json"].decode("utf-8") == exports.dump_json(json.loads(tree["catalog.json"]), compact=True)
    assert tree["catalog.json"].endswith(b"}\n")
    assert [e.message for e in _catalog_validator(first / "schema").iter_errors(json.loads(tree["catalog.json"]))] == []
    for cid in ids:
        json.loads(tree[f"credentials/{cid}/credential.jsonld"])
        ET.fromstring(tree[f"credentials/{cid}/badge.svg"])


def test_export_one_format_and_a_given_site_url(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run("export", "--format", "csv", "--out", str(out), "--site-url", "https://recognizer.example.net/cat",
                "--root", str(ROOT)) == 0
    assert set(_tree(out)) == {"catalog.csv", "schema/catalog-csv.tableschema.json"}
    rows = list(csv.DictReader(io.StringIO((out / "catalog.csv").read_text(encoding="utf-8"), newline="")))
    assert all(r["url"].startswith("https://recognizer.example.net/cat/credentials/") for r in rows)


def test_export_needs_a_site_url(awkward_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert _run("export", "--out", str(out), "--root", str(awkward_root)) == 2  # no mkdocs.yml, no --site-url
    assert "--site-url" in capsys.readouterr().err
    assert _run("export", "--out", str(out), "--root", str(awkward_root), "--site-url", "example.org") == 2
    assert not out.exists()
    out.write_text("a file, not a folder")
    assert _run("export", "--out", str(out), "--root", str(awkward_root), "--site-url", SITE) == 2
    assert "cannot write" in capsys.readouterr().err


def test_export_reads_site_url_from_mkdocs_yml_with_env(awkward_root: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    (awkward_root / "mkdocs.yml").write_text(
        "site_name: x\nsite_url: !ENV [CREDCAT_TEST_SITE_URL, 'https://default.example.org/']\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8")
    out = tmp_path / "out"
    assert _run("export", "--format", "ob3", "--out", str(out), "--root", str(awkward_root)) == 0
    doc = json.loads((out / "credentials/awkward-values/achievement.json").read_text(encoding="utf-8"))
    assert doc["id"].startswith("https://default.example.org/credentials/")
    monkeypatch.setenv("CREDCAT_TEST_SITE_URL", "https://env.example.org/c/")
    assert _run("export", "--format", "ob3", "--out", str(out), "--root", str(awkward_root)) == 0
    doc = json.loads((out / "credentials/awkward-values/achievement.json").read_text(encoding="utf-8"))
    assert doc["id"].startswith("https://env.example.org/c/credentials/")


def test_export_refuses_an_invalid_catalog(awkward_root: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    broken = awkward_root / "catalog/credentials/awkward-values.yaml"
    broken.write_text(AWKWARD.replace("issuer: open-practice-lab", "issuer: nobody-at-all"), encoding="utf-8")
    out = tmp_path / "out"
    code = _run("export", "--out", str(out), "--root", str(awkward_root), "--site-url", SITE)
    assert code == 1
    err = capsys.readouterr().err
    assert "awkward-values.yaml:" in err and "nothing was written" in err
    assert not out.exists()


def test_export_writes_the_feed_titled_from_mkdocs_yml(awkward_root: Path, tmp_path: Path) -> None:
    (awkward_root / "mkdocs.yml").write_text("site_name: District Catalog\nsite_url: https://d.example.org/\n",
                                             encoding="utf-8")
    out = tmp_path / "out"
    assert _run("export", "--format", "feed", "--out", str(out), "--root", str(awkward_root)) == 0
    assert set(_tree(out)) == {"feed.xml"}
    feed = ET.fromstring((out / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.find("a:title", ns).text == "District Catalog: credentials added or changed"
    assert feed.find("a:id", ns).text == "https://d.example.org/feed.xml"
    assert all(e.find("a:id", ns).text.startswith("https://d.example.org/credentials/")
               for e in feed.findall("a:entry", ns))
    (awkward_root / "mkdocs.yml").write_text("site_url: https://d.example.org/\nextra:\n  data_licence: CC0\n",
                                             encoding="utf-8")
    assert _run("export", "--format", "feed", "--out", str(tmp_path / "other"), "--root", str(awkward_root)) == 2
    assert not (tmp_path / "other").exists()
