"""Inheritance as platforms use it: process facts published once, lists that add up, required fields that
an organization may give, and the platform named by name. Real YAML files, the real `credcat validate`,
and the typed model the pages read."""

from __future__ import annotations

import datetime as dt

from samples import CREDENTIAL_PATH, ORG_PATH, SAMPLE_ORG, VALID_CREDENTIAL
from test_validate import replaced

from site_plugins import pipeline
from site_plugins.model import State

PLATFORM_PATH = "catalog/organizations/sample-platform.yaml"
PLATFORM = """\
id: sample-platform
name: Sample Badging Platform
type: platform
url: https://badges.example.org
defaults:
  development:
    peer_review: Every credential is reviewed by two practising teachers before it is published.
  evaluation:
    levels: [Proficient, Not yet]
    pass_rule: Proficient on every criterion.
  access:
    supports:
      - type: help-desk
        mode: asynchronous
"""
SUPPORTS = "access:\n  cost:\n"
OWN_SUPPORT = "access:\n  supports:\n    - type: coaching\n      mode: synchronous\n  cost:\n"


def with_platform(text: str) -> str:
    return replaced(text, "  issuer: sample-org\n", "  issuer: sample-org\n  platform: sample-platform\n")


def build(make_catalog, credential: str, org: str = SAMPLE_ORG, extra: dict[str, str] | None = None):
    root = make_catalog({ORG_PATH: org, CREDENTIAL_PATH: credential, PLATFORM_PATH: PLATFORM, **(extra or {})})
    result = pipeline.run(root, as_of=dt.date(2026, 6, 1), workers=1)
    return result, result.credentials.get("sample-credential")


def test_process_texts_are_inherited_from_the_platform_and_attributed_to_it(make_catalog):
    result, credential = build(make_catalog, with_platform(VALID_CREDENTIAL))
    assert result.ok, [p.text() for p in result.problems]
    review = credential.development.peer_review
    assert review.value.startswith("Every credential is reviewed")
    assert review.origin.name == "Sample Badging Platform"
    assert credential.evaluation.pass_rule.origin.name == "Sample Badging Platform"
    assert credential.evaluation.levels.value == ("Proficient", "Not yet")


def test_the_platform_fills_recognition_platform_by_name(make_catalog):
    _, credential = build(make_catalog, with_platform(VALID_CREDENTIAL))
    platform = credential.recognition.platform
    assert (platform.name.value, platform.url.value) == ("Sample Badging Platform", "https://badges.example.org")
    assert platform.name.origin.id == "sample-platform"
    # The credential's own words win.
    own = replaced(with_platform(VALID_CREDENTIAL), "recognition:\n",
                   "recognition:\n  platform:\n    name: Badgr (the platform's own name for it)\n")
    _, credential = build(make_catalog, own)
    assert credential.recognition.platform.name.value == "Badgr (the platform's own name for it)"
    assert credential.recognition.platform.name.origin is None
    assert credential.recognition.platform.url.origin.id == "sample-platform"


def test_a_list_in_the_credential_adds_to_the_defaults_list(make_catalog):
    text = replaced(with_platform(VALID_CREDENTIAL), SUPPORTS, OWN_SUPPORT)
    result, credential = build(make_catalog, text)
    assert result.ok, [p.text() for p in result.problems]
    supports = credential.access.supports
    assert [(s.type, s.mode) for s in supports.items] == [("help-desk", "asynchronous"), ("coaching", "synchronous")]
    assert supports.origin is None  # mixed: each item says where it came from
    assert supports.items[0].description.origin.id == "sample-platform"
    assert supports.items[1].description.origin is None
    assert credential.access.supports.items[0].description.state is State.MISSING


def test_an_item_already_in_the_defaults_is_not_repeated(make_catalog):
    same = "access:\n  supports:\n    - type: help-desk\n      mode: asynchronous\n  cost:\n"
    _, credential = build(make_catalog, replaced(with_platform(VALID_CREDENTIAL), SUPPORTS, same))
    assert len(credential.access.supports.items) == 1
    assert credential.access.supports.origin.id == "sample-platform"


def test_replace_defaults_makes_the_credential_list_replace_it(make_catalog):
    text = replaced(with_platform(VALID_CREDENTIAL), SUPPORTS, OWN_SUPPORT)
    text = replaced(text, "organizations:\n", "replace_defaults: [access.supports]\norganizations:\n")
    result, credential = build(make_catalog, text)
    assert result.ok, [p.text() for p in result.problems]
    assert [s.type for s in credential.access.supports.items] == ["coaching"]


def test_replace_defaults_names_only_lists_defaults_can_set(check):
    text = replaced(VALID_CREDENTIAL, "organizations:\n", "replace_defaults: [access.cost]\norganizations:\n")
    lines = check(text)
    assert lines == [f"{CREDENTIAL_PATH}:48:20: `replace_defaults` item 1 is 'access.cost', which is not an allowed "
                     "value. Use one of: evaluation.levels, feedback.includes, recognition.currency, "
                     "access.supports."], lines


def test_cost_and_hours_may_come_from_the_issuers_defaults(check, make_catalog):
    no_access = replaced(VALID_CREDENTIAL, "access:\n  cost:\n    amount: 0\n    currency: USD\n"
                                           "  estimated_hours: 12\n", "")
    issuer = SAMPLE_ORG + "defaults:\n  access:\n    cost:\n      amount: 0\n    estimated_hours: 12\n"
    result, credential = build(make_catalog, no_access, issuer)
    assert result.ok, [p.text() for p in result.problems]
    assert credential.access.estimated_hours.value == 12
    assert credential.access.estimated_hours.origin.id == "sample-org"
    # Without such a default, the file is told what is missing and where it may come from.
    lines = check(no_access)
    message = ("the required field `access.{}` is missing (the defaults of `sample-org` do not set it). Write it "
               "in this file, or in the `defaults` of the organization named as its issuer, developer or "
               "platform. If the issuer publishes nothing about it, write `not published`.")
    assert lines == [f"{CREDENTIAL_PATH}:2:1: " + message.format("cost"),
                     f"{CREDENTIAL_PATH}:2:1: " + message.format("estimated_hours")], lines


def test_a_required_field_located_at_its_group(check):
    text = replaced(VALID_CREDENTIAL, "  estimated_hours: 12\n", "")
    lines = check(text)
    assert len(lines) == 1 and lines[0].startswith(f"{CREDENTIAL_PATH}:43:1: the required field "
                                                   "`access.estimated_hours` is missing"), lines


def test_not_published_satisfies_a_required_field_after_defaults(check):
    text = replaced(VALID_CREDENTIAL, "  estimated_hours: 12\n", "  estimated_hours: not published\n")
    assert check(text) == []
    whole = replaced(VALID_CREDENTIAL, "access:\n  cost:\n    amount: 0\n    currency: USD\n  estimated_hours: 12\n",
                     "access: not published\n")
    assert check(whole) == []


def test_organization_types_real_issuers_are(check):
    """Unions, regional service agencies, federal agencies and research organizations issue and recognize
    educator micro-credentials; each type validates and is shown by its title."""
    from samples import REPO_ROOT

    from site_plugins.labels import labels

    titles = labels(REPO_ROOT, "organization")
    for kind, title in (("union", "Union"), ("education-service-agency", "Education service agency (regional)"),
                        ("federal-agency", "Federal agency"), ("research-organization", "Research organization"),
                        ("association", "Professional association")):
        org = SAMPLE_ORG.replace("type: university", f"type: {kind}")
        assert check(VALID_CREDENTIAL, {ORG_PATH: org}) == [], kind
        assert titles.value("type", kind) == title
    refused = check(VALID_CREDENTIAL, {ORG_PATH: SAMPLE_ORG.replace("type: university", "type: labor union")})
    assert len(refused) == 1 and "'labor union', which is not an allowed value" in refused[0], refused


def test_unlimited_resubmission_is_stated_shown_and_scored(check, make_catalog):
    """Issuers that let a pursuer resubmit until proficient say so; it is a value, not a number made up."""
    from scoring_support import card_for, mutated, put, result

    text = replaced(VALID_CREDENTIAL, "organizations:\n",
                    "submission:\n  resubmission:\n    attempts: unlimited\n"
                    "    instructions: Revise the parts marked Not yet and submit them again, as often as needed.\n"
                    "organizations:\n")
    assert check(text) == []
    _, credential = build(make_catalog, text)
    assert credential.submission.resubmission.attempts.value == "unlimited"
    card = card_for(mutated(put("submission.resubmission.attempts", "unlimited")))
    assert str(result(card, "9.2").outcome) == "met"
    assert "Pursuers may resubmit unlimited times" in result(card, "9.2").rationale
    lines = check(replaced(text, "attempts: unlimited", "attempts: as many as needed"))
    assert lines == [f"{CREDENTIAL_PATH}:50:15: `submission.resubmission.attempts` must be a whole number, not the "
                     "text 'as many as needed'. It may also be `unlimited`."], lines


def test_roles_beyond_teachers_follow_ceds(check):
    """Librarians, psychologists, early-childhood and after-school staff, substitutes and "all educators"
    are roles; each value names the CEDS staff classifications it covers where one exists."""
    import json

    from samples import REPO_ROOT

    schema = json.loads((REPO_ROOT / "schema" / "credential.schema.json").read_text(encoding="utf-8"))
    branches = schema["properties"]["audience"]["anyOf"][0]["properties"]["roles"]["anyOf"][0]["items"]["oneOf"]
    by_value = {b["const"]: b for b in branches}
    assert by_value["librarian-media-specialist"]["x-ceds"] == ["Librarian/Media Specialist"]
    assert by_value["school-leader"]["x-ceds"] == ["School Administrator"]
    roles = "[librarian-media-specialist, school-psychologist, early-childhood-educator, after-school-staff, " \
            "substitute-teacher, all-educators]"
    assert check(replaced(VALID_CREDENTIAL, "roles: [teacher]", f"roles: {roles}")) == []


def test_turnaround_in_business_days_is_said_as_written_and_scored_as_calendar_days(check):
    """Digital Promise publishes feedback within 14 business days; 50 business days can take 70 days."""
    from scoring_support import card_for, mutated, put, result

    def business(days: int):
        def change(data):
            put("feedback.timeline_days", days)(data)
            put("feedback.timeline_unit", "business-days")(data)
        return change

    fast = result(card_for(mutated(business(14))), "9.3")
    assert "Feedback is due within 14 business days of a submission" in fast.rationale
    assert next(i for i in fast.checklist if i.id == "9.3.b").outcome == "met"
    slow = result(card_for(mutated(business(50))), "9.3")
    assert str(slow.outcome) == "not_met"
    assert ("Feedback may take up to 50 business days, longer than the 60 days the catalog's rule accepts as timely "
            "(50 business days can take up to 70 days)") in slow.rationale
    calendar = result(card_for(mutated(put("feedback.timeline_days", 50))), "9.3")
    assert next(i for i in calendar.checklist if i.id == "9.3.b").outcome == "met"
    feedback = "feedback:\n  timeline_days: 14\n  timeline_unit: working days\n"
    text = replaced(VALID_CREDENTIAL, "maintenance:\n", feedback + "maintenance:\n")
    lines = check(text)
    assert len(lines) == 1 and "Did you mean 'business-days'?" in lines[0], lines


def test_recognition_not_tied_to_a_jurisdiction(check, make_catalog):
    """CEUs from the provider, graduate credit from a university: real programmes grant credit that counts
    nowhere in particular; the entry names no place, and no jurisdiction's list claims it."""
    from repo_copy import built, copy_site_sources

    grant = "    - jurisdiction: US-SC\n      type: pd-hours\n      amount: 10\n      unit: hours\n"
    text = replaced(VALID_CREDENTIAL, grant, grant + "    - type: ceu\n      amount: 1.5\n      unit: CEUs\n"
                    "      recognizer: sample-org\n      note: For a fee, from the provider.\n")
    assert check(text) == []
    root = copy_site_sources(make_catalog({ORG_PATH: SAMPLE_ORG, CREDENTIAL_PATH: text}))
    site = built(root, root / "site", epoch="1780000000")
    page = (site / "credentials" / "sample-credential" / "index.html").read_text(encoding="utf-8")
    assert "Not tied to a jurisdiction" in page and "CEUs: 1.5 CEUs, not tied to a jurisdiction" in page
    assert sorted(p.name for p in (site / "recognition").iterdir() if p.is_dir()) == ["us-sc"]
    import csv

    rows = list(csv.DictReader((site / "recognition.csv").read_text(encoding="utf-8").splitlines()))
    assert [(r["jurisdiction"], r["credit_type"], r["amount"], r["conditions"]) for r in rows
            if r["credit_type"] == "ceu"] == [("", "ceu", "1.5", "For a fee, from the provider.")]
