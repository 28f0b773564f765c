"""The rule language, one kind at a time, with exact outcomes and sentences; the substance words on the
sentences real issuers' pages use; how outcomes combine."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from scoring_support import AS_OF, COMPLETE, RUBRIC, drop, each, model, mutated, put

from site_plugins.model import Fact, OrgRef, State
from site_plugins.rules import (
    Context,
    Outcome,
    combine_all,
    combine_any,
    evaluate,
    rule_problems,
    unknown_sentence,
)
from site_plugins.sentences import fill, lower_first

CONTEXT = Context(AS_OF, RUBRIC.substance, RUBRIC.field_titles, RUBRIC.value_titles, RUBRIC.field_names)
SUBSTANCE = RUBRIC.substance


def judge(rule: dict[str, Any], data: dict[str, Any] = COMPLETE) -> tuple[str, str]:
    found = evaluate(rule, model(data), CONTEXT)
    return str(found.outcome), found.message


def text_rule(**tests: Any) -> dict[str, Any]:
    return {"field": "training.assessors", **tests, "met": "Met: {count} words.",
            "not_met": "Not met ({reason}).", "not_published": "Unknown ({reason})."}


def with_assessors(text: Any) -> dict[str, Any]:
    return mutated(put("training.assessors", text))


@pytest.mark.parametrize(("tests", "text", "expected"), [
    ({"min_words": 10}, "Assessors calibrate on anchor submissions every single term.",
     ("not_met", "Not met (`training.assessors` has 8 words, fewer than the 10 needed).")),
    ({"min_words": 5}, "Assessors calibrate on anchor submissions every single term.", ("met", "Met: 8 words.")),
    ({"max_words": 3}, "Assessors calibrate on anchors.", ("not_met", "Not met (`training.assessors` has 4 words, "
                                                                      "more than the 3 allowed).")),
    ({"mentions": ["calibrat"]}, "Assessors score together.", ("not_met", "Not met (`training.assessors` has no word "
                                                                          "beginning 'calibrat').")),
    ({"mentions": ["calibrat", "anchor"]}, "Calibration on anchors.", ("met", "Met: 3 words.")),
    ({"present": True}, "—", ("met", "Met: 0 words.")),
    ({"min_words": 3}, "Information about assessor training is available on request.",
     ("not_published", "Unknown (`training.assessors` only says 'Information about assessor training is available "
                       "on request.').")),
])
def test_text_tests(tests: dict[str, Any], text: str, expected: tuple[str, str]) -> None:
    assert judge(text_rule(**tests), with_assessors(text)) == expected


def test_a_field_not_published_or_missing_gets_a_sentence_saying_who_says_so() -> None:
    rule = text_rule(min_words=5)
    assert judge(rule, with_assessors("not published")) == (
        "not_published", "The issuer does not publish the assessor training, so this cannot be verified (field "
                         "`training.assessors`).")
    assert judge(rule, mutated(drop("training.assessors"))) == (
        "not_published", "The catalog entry says nothing about the assessor training, so this cannot be verified "
                         "(field `training.assessors`).")
    assert judge(rule, mutated(put("training", "not published"))) == (
        "not_published", "The issuer does not publish the assessor training, so this cannot be verified (field "
                         "`training.assessors`).")
    inherited = Fact(State.NOT_PUBLISHED, None, OrgRef("lantern", "Lantern Badges"))
    assert unknown_sentence(model(COMPLETE), "training.assessors", inherited, CONTEXT) == (
        "The defaults of Lantern Badges say it does not publish the assessor training, so this cannot be verified "
        "(field `training.assessors`).")


def test_not_applicable_is_a_statement_that_it_does_not_apply() -> None:
    rule = {"field": "access.cost_supports", "min_words": 5, "met": "Met."}
    assert judge(rule, mutated(put("access.cost_supports", "not applicable"))) == (
        "not_met", "The record marks the cost supports as not applicable (field `access.cost_supports`).")


@pytest.mark.parametrize(("tests", "value", "expected"), [
    ({"min": 1}, 0, "`submission.resubmission.attempts` is 0; at least 1 is needed"),
    ({"max": 1}, 3, "`submission.resubmission.attempts` is 3; at most 1 is allowed"),
    ({"equals": 2}, 1, "`submission.resubmission.attempts` is 1, not 2"),
    ({"one_of": [2, 3]}, 1, "`submission.resubmission.attempts` is 1, not one of 2 or 3"),
])
def test_number_tests(tests: dict[str, Any], value: int, expected: str) -> None:
    rule = {"field": "submission.resubmission.attempts", **tests, "met": "Met {value|time|times}.",
            "not_met": "Not met ({reason})."}
    assert judge(rule, mutated(put("submission.resubmission.attempts", value))) == ("not_met", f"Not met ({expected}).")


def test_value_slots_show_titles_links_and_plurals() -> None:
    assert judge({"field": "recognition.record", "present": True, "met": "Record: {value}."}) == (
        "met", "Record: Digital badge.")
    assert judge({"field": "feedback.includes", "contains": ["rationale"], "met": "It has {value}."}) == (
        "met", "It has a rationale against the criteria, which criteria are met and recommendations for what to do "
               "next.")
    assert judge({"field": "submission.resubmission.attempts", "min": 1, "met": "{value} {value|time|times}."}) == (
        "met", "1 time.")
    assert judge({"field": "transparency.url", "url": True, "met": "At {value}."}) == (
        "met", "At https://example.org/credentials/turn-and-talk.")
    assert judge({"field": "maintenance.last_reviewed", "within_months": 12, "met": "On {value}."}) == (
        "met", "On 2026-01-15.")


def test_url_test() -> None:
    rule = {"field": "transparency.url", "url": True, "not_met": "Not a link ({reason})."}
    assert judge(rule, mutated(put("transparency.url", "example.org/page"))) == (
        "not_met", "Not a link (`transparency.url` ('example.org/page') is not a web address).")


@pytest.mark.parametrize(("months", "cycle", "day", "expected"), [
    ("maintenance.review_cycle_months", 12, "2026-01-15", ("met", "Within.")),
    ("maintenance.review_cycle_months", 3, "2026-01-15", (
        "not_met", "Late (`maintenance.last_reviewed` is 2026-01-15; with a 3-month review cycle the next review was "
                   "due by 2026-04-15, before the scoring date 2026-06-01).")),
    ("maintenance.review_cycle_months", "not published", "2024-01-15", (
        "not_met", "Late (`maintenance.last_reviewed` is 2024-01-15; with the 12-month cycle the rubric asks for at "
                   "most the next review was due by 2025-01-15, before the scoring date 2026-06-01).")),
    (24, 12, "2024-07-01", ("met", "Within.")),
    (24, 12, "2026-07-01", ("not_met", "Late (`maintenance.last_reviewed` is 2026-07-01, after the scoring date "
                                       "2026-06-01).")),
])
def test_within_months(months: Any, cycle: Any, day: str, expected: tuple[str, str]) -> None:
    rule = {"field": "maintenance.last_reviewed", "within_months": months, "met": "Within.",
            "not_met": "Late ({reason})."}
    data = mutated(put("maintenance.review_cycle_months", cycle))
    put("maintenance.last_reviewed", day)(data)
    assert judge(rule, data) == expected


LIST_RULE = {"field": "resources", "min_items": 1, "items": {"url": {"url": True}, "access": {"equals": "free"}},
             "met": "{count} free {count|link|links}.", "not_met": "None ({reason}).",
             "not_published": "Unknown ({reason})."}


def test_items_count_only_those_that_qualify() -> None:
    two = [{"title": "Guide", "url": "https://example.org/a", "access": "free"},
           {"title": "Book", "url": "https://example.org/b", "access": "purchase"}]
    assert judge(LIST_RULE, mutated(put("resources", two))) == ("met", "1 free link.")
    paid = [{"title": "Book", "url": "https://example.org/b", "access": "purchase"}]
    assert judge(LIST_RULE, mutated(put("resources", paid))) == (
        "not_met", "None (no item of `resources` qualifies: `access` of `resources` item 1 is 'purchase', not "
                   "'free').")
    unknown = [{"title": "Book", "url": "https://example.org/b", "access": "not published"}]
    assert judge(LIST_RULE, mutated(put("resources", unknown))) == (
        "not_published", "Unknown (`access` of `resources` item 1 is not published).")
    assert judge({**LIST_RULE, "min_items": 2}, mutated(put("resources", two))) == (
        "not_met", "None (`resources` has 1 qualifying item of 2, fewer than the 2 needed).")


def test_every_item_must_pass_and_a_failure_outweighs_an_unknown() -> None:
    rule = {"field": "access.supports", "every": {"description": {"min_words": 5}}, "met": "All {count}.",
            "not_met": "Not all ({reason}).", "not_published": "Unknown ({reason})."}
    supports = [{"type": "community", "mode": "asynchronous", "description": "not published"},
                {"type": "coaching", "mode": "synchronous", "description": "A coach."},
                {"type": "cohort", "mode": "synchronous", "description": "Tiny."}]
    assert judge(rule, mutated(put("access.supports", supports))) == (
        "not_met", "Not all (`description` of `access.supports` item 2 has 2 words, fewer than the 5 needed, and 1 "
                   "more like it).")
    assert judge(rule, mutated(put("access.supports", supports[:1]))) == (
        "not_published", "Unknown (`description` of `access.supports` item 1 is not published).")
    assert judge(rule) == ("met", "All 2.")


@pytest.mark.parametrize(("tests", "value", "expected"), [
    ({"min_items": 2}, ["One skill"], ("not_met", "No (`competency.skills` lists 1 item, fewer than the 2 needed).")),
    ({"max_items": 1}, ["One", "Two"], ("not_met", "No (`competency.skills` lists 2 items, more than the 1 allowed).")),
    ({"min_items": 1}, ["See the program handbook for details"], (
        "not_published", "Unknown (`competency.skills` only says 'See the program handbook for details').")),
    ({"min_items": 2}, ["Plans the agenda", "Not published by the issuer"], (
        "not_published", "Unknown (`competency.skills` has 1 entry that only points elsewhere).")),
    ({"min_items": 1}, ["Plans the agenda", "Not published by the issuer"], ("met", "Yes: 1.")),
])
def test_list_length_counts_only_entries_that_say_something(tests: dict[str, Any], value: list[str],
                                                            expected: tuple[str, str]) -> None:
    rule = {"field": "competency.skills", **tests, "met": "Yes: {count}.", "not_met": "No ({reason}).",
            "not_published": "Unknown ({reason})."}
    assert judge(rule, mutated(put("competency.skills", value))) == expected


def test_contains() -> None:
    rule = {"field": "feedback.includes", "contains": ["rationale", "recommendations"], "met": "Both.",
            "not_met": "Missing ({reason})."}
    assert judge(rule, mutated(put("feedback.includes", ["criteria_status"]))) == (
        "not_met", "Missing (`feedback.includes` does not list `rationale` and `recommendations`).")


@pytest.mark.parametrize(("criterion", "outcome"), [
    ("The question invites reasoning about the objective", "met"),
    ("Partners respond to each other", "met"),
    ("Meets expectations", "not_met"),
    ("Criterion 1", "not_met"),
    ("Proficient overall", "not_met"),
    ("Quality of the submission", "not_met"),
    ("Not published by the issuer", "not_published"),
    ("See the rubric in the handbook", "not_published"),
])
def test_observable_criteria(criterion: str, outcome: str) -> None:
    rule = {"field": "evaluation.criteria", "every": {"criterion": {"observable": True}}, "met": "Observable."}
    assert judge(rule, mutated(each("evaluation.criteria", "criterion", criterion)))[0] == outcome


@pytest.mark.parametrize(("title", "outcome"), [
    ("Planning Turn-and-Talk Partners for Academic Discussion", "met"),
    ("Partner Talk", "met"),
    ("Micro-Credential 4", "not_met"),
    ("Badge Level 2: Module 3", "not_met"),
    ("Leadership Essentials", "not_met"),  # long enough, and about nothing the competency names
])
def test_a_title_is_judged_by_the_competency_it_names_not_its_length(title: str, outcome: str) -> None:
    rule = {"field": "title", "shares_words_with": ["competency.statement", "competency.skills", "competency.area"],
            "met": "Named.", "not_met": "Unnamed ({reason})."}
    assert judge(rule, mutated(put("title", title)))[0] == outcome


def test_evidence_alignment_check() -> None:
    rule = {"check": "evidence_aligned", "met": "Aligned.", "not_met": "Not aligned ({reason}).",
            "not_published": "Unknown ({reason})."}
    assert judge(rule) == ("met", "Aligned.")
    extra = mutated(lambda d: d["evidence"].append({"id": "notes", "title": "Notes", "description": "Any notes."}))
    assert judge(rule, extra) == ("not_met", "Not aligned (no criterion judges the evidence `notes`).")
    blind = mutated(lambda d: (extra_item(d), each("evaluation.criteria", "evidence", "not published")(d)))
    assert judge(rule, blind) == ("not_published", "Unknown (the criteria `question`, `routine` and `response` do not "
                                                   "say which evidence they judge).")
    assert judge(rule, mutated(put("evidence", "not published"))) == ("not_published",
                                                                     "Unknown (`evidence` is not published).")


def extra_item(data: dict[str, Any]) -> None:
    data["evidence"].append({"id": "notes", "title": "Notes", "description": "Any notes."})


PASS = {"field": "training.assessors", "min_words": 1, "met": "A passes."}
FAIL = {"field": "training.assessors", "min_words": 100, "not_met": "B fails."}
UNKNOWN = {"field": "exemplars", "min_items": 1, "met": "C."}


@pytest.mark.parametrize(("group", "expected"), [
    ({"all": [PASS, PASS]}, ("met", "A passes.")),
    ({"all": [PASS, UNKNOWN], "not_published": "Lead."}, (
        "not_published", "Lead. The catalog entry says nothing about the exemplar submissions, so this cannot be "
                         "verified (field `exemplars`).")),
    ({"all": [FAIL, UNKNOWN], "not_met": "Lead."}, ("not_met", "Lead. B fails.")),
    ({"any": [FAIL, PASS], "met": "Either."}, ("met", "Either.")),
    ({"any": [FAIL, UNKNOWN], "not_published": "Lead."}, (
        "not_published", "Lead. B fails. The catalog entry says nothing about the exemplar submissions, so this cannot "
                         "be verified (field "
                         "`exemplars`).")),
    ({"any": [FAIL, FAIL], "not_met": "Lead."}, ("not_met", "Lead. B fails.")),
])
def test_groups(group: dict[str, Any], expected: tuple[str, str]) -> None:
    assert judge(group, mutated(drop("exemplars"))) == expected


M, N, P = Outcome.MET, Outcome.NOT_MET, Outcome.NOT_PUBLISHED


@pytest.mark.parametrize(("parts", "every", "either"), [
    ([M, M], M, M), ([M, P], P, M), ([M, N], N, M), ([P, P], P, P), ([P, N], N, P), ([N, N], N, N), ([], M, N),
])
def test_combining_outcomes(parts: list[Outcome], every: Outcome, either: Outcome) -> None:
    assert (combine_all(parts), combine_any(parts)) == (every, either)


def test_outcome_labels() -> None:
    assert [o.label for o in Outcome] == ["Met", "Not met", "Not verifiable"]


def test_fill() -> None:
    assert fill("{count} {count|item|items} in {field}.", {"count": 1, "field": "`x`"}) == "1 item in `x`."
    assert fill("{count} {count|item|items}.", {"count": 0}) == "0 items."
    assert fill("{value} {value|day|days}.", {"value": "14"}) == "14 days."
    assert lower_first("WCAG level") == "WCAG level" and lower_first("Assessor training") == "assessor training"


def test_rule_sentences_may_only_name_known_slots() -> None:
    assert rule_problems({"field": "title", "present": True, "met": "{vale} is set."}, "rule 1") == [
        "rule 1: `met` names `{vale}`; a sentence can use {value}, {count}, {reason}, {field}, {about} and "
        "{count|one|many}"]


POINT_ELSEWHERE = [
    "Not published by the issuer",
    "Information about assessor training is available on request",
    "Available upon request.",
    "Details are available on request from the program office.",
    "See the program handbook for details",
    "See PDF",
    "Please refer to the participant guide.",
    "Refer to the candidate handbook for the scoring process.",
    "Visit our website for more information.",
    "Information can be found on the course page.",
    "Described in the program guide.",
    "Pending state approval",
    "To be determined",
    "Coming soon",
    "Currently under development",
    "Details will be provided upon enrollment",
    "Will be announced in spring 2026",
    "Contact the program office for details",
    "Contact your district coordinator for more information",
    "Email credentials@example.org for more information.",
    "Available to enrolled participants only",
    "Shared with participants at orientation",
    "Varies by district",
    "Determined by the local district",
    "Unknown",
    "Information is not currently available.",
    "Not yet published",
    "TBD",
    "The issuer has not published this information.",
    "Assessor training materials are available on request.",
    "Research base available on request from the program office.",
    "Please contact us.",
]
SUBSTANTIVE = [
    "Feedback is typically provided within 2-3 weeks",
    "Need-based fee waivers are available on request.",
    "Fee waivers available on request",
    "Assessors complete a two-day training and calibrate on anchor submissions each term; the anchor sets are "
    "available on request.",
    "Pursuers can contact their coach weekly for support.",
    "Contact your coach for support with the video.",
    "Pursuers may resubmit once; see the rubric notes in the feedback for what to change.",
    "Submit through the platform; see the handbook for file formats and deadlines and the exact order of the parts.",
    "Feedback is returned on the platform within 14 days.",
    "Resubmission is not available for the video; reflections may be resubmitted once with notes.",
    "Records are kept for the life of the platform and are available on request.",
    "Scholarships are available to current members of the union.",
    "Free for educators employed by a participating district.",
    "Reviewed annually by a panel of teachers and the state office",
]


@pytest.mark.parametrize("text", POINT_ELSEWHERE)
def test_text_that_only_points_elsewhere(text: str) -> None:
    assert SUBSTANCE.unavailable_in(text) is not None


@pytest.mark.parametrize("text", SUBSTANTIVE)
def test_text_that_says_something(text: str) -> None:
    assert SUBSTANCE.unavailable_in(text) is None


def test_the_date_checked_is_the_scoring_date() -> None:
    later = Context(dt.date(2027, 3, 1), RUBRIC.substance)
    rule = {"field": "maintenance.last_reviewed", "within_months": 12, "met": "Within.", "not_met": "Late."}
    assert str(evaluate(rule, model(COMPLETE), CONTEXT).outcome) == "met"
    assert str(evaluate(rule, model(COMPLETE), later).outcome) == "not_met"
