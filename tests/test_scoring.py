"""Scoring: each component's three outcomes with their exact rationales, the rule kinds, reviewer
judgements, tiers, overdue reviews, inherited facts and the JSON shape (scorecard version 2)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from scoring_support import (
    AS_OF,
    COMPLETE,
    FILES,
    RUBRIC,
    card_for,
    drop,
    each,
    make_catalog,
    mutated,
    outcomes,
    put,
    result,
)

from site_plugins import pipeline
from site_plugins.rules import Outcome
from site_plugins.scorecard_format import as_json
from site_plugins.scoring import SCORECARD_VERSION, as_of_date, review_conflicts

GOLDEN = FILES / "golden"


def no_practitioners(data: dict[str, Any]) -> None:
    data["development"]["team"] = [m for m in data["development"]["team"] if not m.get("current_practitioner")]
    data["development"]["team_criteria"] = "Content experts write the credential."


def unused_evidence(data: dict[str, Any]) -> None:
    data["evidence"].append({"id": "extra", "title": "Extra notes", "description": "Any other notes you want "
                             "the assessor to read alongside your submission.", "from_practice": True})


def no_free_resource(data: dict[str, Any]) -> None:
    for item in data["resources"]:
        item["access"] = "purchase"


def fee_without_support(data: dict[str, Any]) -> None:
    data["access"]["cost"] = {"amount": 150, "currency": "USD"}
    data["access"]["cost_supports"] = "not applicable"


def fee_with_thin_support(data: dict[str, Any]) -> None:
    data["access"]["cost"] = {"amount": 150, "currency": "USD"}
    data["access"]["cost_supports"] = "Ask the office."


# (component, a change to the complete credential, its outcome then, every component not met then, its rationale).
# Not met: a stated value fails the rubric. Not published: it cannot be verified from what is published.

NOT_MET_CASES = [
    ('1.1', put("competency.statement", "Teaches well."), 'not_met', {'1.1'},
     'The competency statement is outside the 8 to 45 words that keep one competency specific '
     '(`competency.statement` has 2 words, fewer than the 8 needed).'),
    ('1.1', put("competency.skills", [f"Skill number {i}" for i in range(12)]), 'not_met', {'1.1'},
     'The competency lists 12 requisite skills, more than the 8 one discrete competency holds (field '
     '`competency.skills`).'),
    ('1.2', put("competency.key_method", "Partner talk."), 'not_met', {'1.2'},
     'The key method is stated in 2 words, too few to define it (at least 8; field `competency.key_method`).'),
    ('1.2', put("competency.method_components", ["Only one component"]), 'not_met', {'1.2'},
     'Only one method component is listed; at least two break the method down (field `competency.method_components`).'),
    ('2.1', put("title", "Micro-Credential 4"), 'not_met', {'2.1'},
     "The title does not name the competency it certifies (`title` ('Micro-Credential 4') shares no word with the "
     'competency it names).'),
    ('2.1', put("description", "Too short to frame anything at all."), 'not_met', {'2.1'},
     'The description has 7 words, too few to relate the competency to practice (at least 30; field `description`).'),
    ('3.1', put("research.alignment", "It follows the research."), 'not_met', {'3.1'},
     'How the competency aligns with the research is explained in only 4 words (at least 12; field '
     '`research.alignment`).'),
    ('3.1', each("research.references", "peer_reviewed", False), 'not_met', {'3.1'},
     'The research base is neither peer reviewed nor documented best practice. No reference is marked peer '
     'reviewed (no item of `research.references` qualifies: `peer_reviewed` of `research.references` item 1 is '
     'false, not true). Fewer than two references link to a source that documents best practice '
     '(`research.references` has 1 qualifying item of 1, fewer than the 2 needed).'),
    ('4.1', no_practitioners, 'not_met', {'4.1'},
     'Neither the development team nor the team selection criteria show content experts and a current '
     'practitioner. The development team lists no practitioner working in the intended role at the time (no item '
     'of `development.team` qualifies: `current_practitioner` of `development.team` item 1 is false, not true). '
     'The team selection criteria do not name both content experts and practitioners in 15 words or more '
     '(`development.team_criteria` has 5 words, fewer than the 15 needed).'),
    ('4.2', put("development.peer_review", "Peers reviewed it."), 'not_met', {'4.2'},
     'The peer-review process is described in only 3 words, too few to define it (at least 12; field '
     '`development.peer_review`).'),
    ('5.1', each("evaluation.criteria", "proficient", "Good work."), 'not_met', {'1.1', '5.1'},
     'Not every criterion describes proficient work in 8 words or more and names its evidence (`proficient` of '
     '`evaluation.criteria` item 1 has 2 words, fewer than the 8 needed, and 2 more like it).'),
    ('5.2', each("evaluation.criteria", "criterion", "Meets expectations"), 'not_met', {'5.2'},
     "The criteria are not specific to the competency (`criterion` of `evaluation.criteria` item 1 ('Meets "
     "expectations') names nothing that could be observed in a submission, and 2 more like it)."),
    ('5.3', each("evaluation.criteria", "job_embedded", False), 'not_met', {'5.3'},
     'Not every criterion is job-embedded (`job_embedded` of `evaluation.criteria` item 1 is false, not true, and '
     '2 more like it).'),
    ('6.1', each("evidence", "description", "Submit it."), 'not_met', {'6.1'},
     'Not every evidence item says what to submit in 8 words or more (`description` of `evidence` item 1 has 2 '
     'words, fewer than the 8 needed, and 2 more like it).'),
    ('6.1', unused_evidence, 'not_met', {'6.1'},
     'The evidence is not aligned to the evaluation criteria (no criterion judges the evidence `extra`).'),
    ('6.2', each("evidence", "part", "overview"), 'not_met', {'6.2'},
     "No evidence item is an artifact from the pursuer's own practice (no item of `evidence` qualifies: `part` of "
     "`evidence` item 1 is 'overview', not 'artifact')."),
    ('7.1', no_free_resource, 'not_met', {'7.1'},
     'No linked resource is free to access, so none is publicly accessible (no item of `resources` qualifies: '
     "`access` of `resources` item 1 is 'purchase', not 'free')."),
    ('8.1', put("training.developers", "Developers are trained."), 'not_met', {'8.1'},
     'The developer training is described in only 3 words, too few to document a structured process (at least 10; '
     'field `training.developers`).'),
    ('8.2', put("training.assessors", "Assessors are experienced teachers who know the subject and score fairly."),
     'not_met', {'8.2'},
     'The assessor training described does not document calibration for inter-rater reliability in 10 words or '
     "more (`training.assessors` has no word beginning 'calibrat')."),
    ('8.3', put("training.pursuer_orientation", "There is an orientation."), 'not_met', {'8.3'},
     'The pursuer orientation is described in only 4 words, too few to document it (at least 10; field '
     '`training.pursuer_orientation`).'),
    ('9.1', put("submission.instructions", "Submit online."), 'not_met', {'9.1'},
     'The submission instructions have only 2 words, too few to say what is submitted, how and when (at least 10; '
     'field `submission.instructions`).'),
    ('9.2', put("submission.resubmission.attempts", 0), 'not_met', {'9.2'},
     'No resubmission is offered (field `submission.resubmission.attempts` is 0).'),
    ('9.3', put("feedback.timeline_days", 90), 'not_met', {'9.3'},
     "Feedback may take up to 90 days, longer than the 60 days the catalog's rule accepts as timely (field "
     '`feedback.timeline_days`).'),
    ('9.3', put("feedback.process", "Assessors write feedback."), 'not_met', {'9.3'},
     'The feedback process is described in only 3 words, too few to say how feedback reaches pursuers (at least 8; '
     'field `feedback.process`).'),
    ('9.4', put("feedback.includes", ["rationale", "criteria_status"]), 'not_met', {'9.4'},
     'Feedback includes a rationale against the criteria and which criteria are met, but no recommendations for '
     'what to do next (field `feedback.includes`).'),
    ('9.4', put("feedback.includes", ["recommendations"]), 'not_met', {'9.4'},
     'Feedback includes recommendations for what to do next, but no rationale against the criteria (field '
     '`feedback.includes`). Feedback includes recommendations for what to do next, but does not say which criteria '
     'are met (field `feedback.includes`).'),
    ('10.1', put("transparency.access", "Public."), 'not_met', {'10.1'},
     'How to access the materials is described in only 1 word (at least 5; field `transparency.access`).'),
    ('11.3', put("recognition.platform.retention", "Kept."), 'not_met', {'11.3'},
     'How long records stay available is described in only 1 word (at least 5; field '
     '`recognition.platform.retention`).'),
    ('12.1', put("maintenance.last_reviewed", "2023-06-01"), 'not_met', {'12.1'},
     'The last review is not within the review cycle (`maintenance.last_reviewed` is 2023-06-01; with a 12-month '
     'review cycle the next review was due by 2024-06-01, before the scoring date 2026-06-01).'),
    ('12.1', put("maintenance.review_cycle_months", 24), 'not_met', {'12.1'},
     'The review cycle is 24 months, longer than the 12 the rubric allows (field `maintenance.review_cycle_months`).'),
    ('12.1', put("maintenance.last_reviewed", "2026-12-01"), 'not_met', {'12.1'},
     'The last review is not within the review cycle (`maintenance.last_reviewed` is 2026-12-01, after the scoring '
     'date 2026-06-01).'),
    ('12.2', put("maintenance.feedback_process", "We ask for feedback."), 'not_met', {'12.2'},
     'The process for gathering feedback is described in only 4 words, too few to show how it informs changes (at '
     'least 10; field `maintenance.feedback_process`).'),
    ('13.1', fee_without_support, 'not_met', {'13.1'},
     'Neither free access nor a described cost support limits the financial burden. A fee of 150 is charged (field '
     '`access.cost.amount`). The record marks the cost supports as not applicable (field `access.cost_supports`).'),
    ('13.1', fee_with_thin_support, 'not_met', {'13.1'},
     'Neither free access nor a described cost support limits the financial burden. A fee of 150 is charged (field '
     '`access.cost.amount`). The cost supports are described in only 3 words, too few to say how they reduce the '
     'fee (at least 5; field `access.cost_supports`).'),
    ('13.1', put("access.wcag", "2.1 A"), 'not_met', {'13.1'},
     'The conformance stated, WCAG 2.1 A, is below level AA (field `access.wcag`).'),
    ('13.2', put("access.supports", [{"type": "community", "mode": "asynchronous", "description": "A forum."}]),
     'not_met', {'13.2'},
     'Not every support is described in 5 words or more (`description` of `access.supports` item 1 has 2 words, '
     'fewer than the 5 needed).'),
]

NOT_PUBLISHED_CASES = [
    ('1.1', drop("competency.skills"), 'not_published', {'1.1', '1.2'},
     'The catalog entry says nothing about the requisite skills, so this cannot be verified (field '
     '`competency.skills`).'),
    ('1.2', put("competency.key_method", "not published"), 'not_published', {'1.2'},
     'The issuer does not publish the key method, so this cannot be verified (field `competency.key_method`).'),
    ('2.1', drop("competency.area"), 'not_published', {'2.1'},
     'The catalog entry says nothing about the competency area, so this cannot be verified (field `competency.area`).'),
    ('3.1', put("research", "not published"), 'not_published', {'3.1'},
     'The issuer does not publish the research references, so this cannot be verified (field '
     '`research.references`). Whether the research base is peer reviewed or documented best practice cannot be '
     'verified. The issuer does not publish how the competency aligns with the research, so this cannot be '
     'verified (field `research.alignment`).'),
    ('3.1', each("research.references", "peer_reviewed", "not published"), 'not_published', {'3.1'},
     'Whether the research base is peer reviewed or documented best practice cannot be verified. Whether any '
     'reference is peer reviewed cannot be verified (`peer_reviewed` of `research.references` item 1 is not '
     'published). Fewer than two references link to a source that documents best practice (`research.references` '
     'has 1 qualifying item of 1, fewer than the 2 needed).'),
    ('4.1', put("development.team", "not published"), 'not_published', {'4.1'},
     'Whether the development team includes content experts and a current practitioner cannot be verified. The '
     'issuer does not publish the development team, so this cannot be verified (field `development.team`). The '
     'catalog entry says nothing about the team selection criteria, so this cannot be verified (field '
     '`development.team_criteria`).'),
    ('4.2', put("development.peer_review", "See the program handbook for details."), 'not_published', {'4.2'},
     "The peer-review process cannot be verified from what is published (`development.peer_review` only says 'See "
     "the program handbook for details.')."),
    ('5.1', each("evaluation.criteria", "evidence", "not published"), 'not_published', {'5.1', '6.1'},
     'Whether every criterion describes proficient work and names its evidence cannot be verified (`evidence` of '
     '`evaluation.criteria` item 1 is not published, and 2 more like it).'),
    ('5.2', each("evaluation.criteria", "criterion", "Not published by the issuer"), 'not_published', {'5.2'},
     'Whether every criterion names something observable cannot be verified (`criterion` of `evaluation.criteria` '
     "item 1 only says 'Not published by the issuer', and 2 more like it)."),
    ('5.3', each("evaluation.criteria", "job_embedded", None), 'not_published', {'5.3'},
     'Whether every criterion is job-embedded cannot be verified (`job_embedded` of `evaluation.criteria` item 1 '
     'is not stated, and 2 more like it).'),
    ('6.1', drop("access.completion_window"), 'not_published', {'13.1', '6.1'},
     'The catalog entry says nothing about the completion window, so this cannot be verified (field '
     '`access.completion_window`).'),
    ('6.2', each("evidence", "part", "not published"), 'not_published', {'6.2'},
     "Whether an artifact from the pursuer's own practice is required cannot be verified (`part` of `evidence` "
     'item 1 is not published).'),
    ('7.1', drop("resources"), 'not_published', {'7.1'},
     'The catalog entry says nothing about the skill-building resources, so this cannot be verified (field '
     '`resources`).'),
    ('7.2', put("exemplars", [{"title": "A proficient grade 4 submission"}]), 'not_published', {'7.2'},
     'Whether the exemplar submissions are linked cannot be verified (`url` of `exemplars` item 1 is not stated).'),
    ('8.1', put("training.developers", "not published"), 'not_published', {'8.1'},
     'The issuer does not publish the developer training, so this cannot be verified (field `training.developers`).'),
    ('8.2', put("training.assessors", "Information about assessor training is available on request"),
     'not_published', {'8.2'},
     "The assessor training cannot be verified from what is published (`training.assessors` only says 'Information "
     "about assessor training is available on request')."),
    ('8.3', put("training", "not published"), 'not_published', {'8.1', '8.2', '8.3'},
     'The issuer does not publish the pursuer orientation, so this cannot be verified (field '
     '`training.pursuer_orientation`).'),
    ('9.1', put("submission.instructions", "Pending state approval"), 'not_published', {'9.1'},
     'The submission instructions cannot be verified from what is published (`submission.instructions` only says '
     "'Pending state approval')."),
    ('9.2', put("submission.resubmission", "not published"), 'not_published', {'9.2'},
     'The issuer does not publish how many resubmissions are allowed, so this cannot be verified (field '
     '`submission.resubmission.attempts`). The issuer does not publish the resubmission instructions, so this '
     'cannot be verified (field `submission.resubmission.instructions`).'),
    ('9.3', put("feedback.timeline_days", "not published"), 'not_published', {'9.3'},
     'The issuer does not publish the feedback turnaround, so this cannot be verified (field '
     '`feedback.timeline_days`).'),
    ('9.4', drop("feedback.includes"), 'not_published', {'9.4'},
     'The catalog entry says nothing about what feedback includes, so this cannot be verified (field '
     '`feedback.includes`).'),
    ('10.1', put("transparency", "not published"), 'not_published', {'10.1'},
     'The issuer does not publish the public page of the materials, so this cannot be verified (field '
     '`transparency.url`). The issuer does not publish how to access the materials, so this cannot be verified '
     '(field `transparency.access`).'),
    ('11.1', put("recognition.record", "not published"), 'not_published', {'11.1'},
     'The issuer does not publish the record of completion, so this cannot be verified (field `recognition.record`).'),
    ('11.2', drop("recognition.metadata_url"), 'not_published', {'11.2'},
     'The catalog entry says nothing about the metadata web address, so this cannot be verified (field '
     '`recognition.metadata_url`).'),
    ('11.3', put("recognition.platform.retention", "Contact the program office for details."),
     'not_published', {'11.3'},
     'How long records are kept cannot be verified from what is published (`recognition.platform.retention` only '
     "says 'Contact the program office for details.')."),
    ('12.1', put("maintenance.review_cycle_months", "not published"), 'not_published', {'12.1'},
     'The issuer does not publish the review cycle, so this cannot be verified (field '
     '`maintenance.review_cycle_months`).'),
    ('12.2', put("maintenance.feedback_process", "To be determined by the steering committee."),
     'not_published', {'12.2'},
     'How feedback is gathered to improve it cannot be verified from what is published '
     "(`maintenance.feedback_process` only says 'To be determined by the steering committee.')."),
    ('13.1', put("access.wcag", "not published"), 'not_published', {'13.1'},
     'The issuer does not publish the WCAG conformance, so this cannot be verified (field `access.wcag`).'),
    ('13.1', put("access.cost", {"amount": "not published"}), 'not_published', {'13.1'},
     'Whether the financial burden is limited cannot be verified. The issuer does not publish the cost, so this '
     'cannot be verified (field `access.cost.amount`). The catalog entry says nothing about the cost supports, so '
     'this cannot be verified (field `access.cost_supports`).'),
    ('13.2', put("access.supports", [{"type": "community", "mode": "asynchronous", "description": "not published"}]),
     'not_published', {'13.2'},
     'Whether the supports are described cannot be verified (`description` of `access.supports` item 1 is not '
     'published).'),
]

# Components whose only tests are met by any schema-valid stated value (a record type, an http(s) link):
# stated, they are met; otherwise they cannot be verified.
NEVER_NOT_MET = {"7.2", "11.1", "11.2"}


def test_complete_credential_meets_everything() -> None:
    card = card_for(COMPLETE)
    assert set(outcomes(card).values()) == {"met"}
    assert (card.components_met, card.components_not_published, card.components_total) == (28, 0, 28)
    assert (card.standards_met, card.standards_not_verifiable, card.standards_total) == (13, 0, 13)
    assert card.headline == "Meets 13 of 13 MPOS standards"
    assert card.badge_text == "Meets 13 of 13 MPOS standards · self-assessed"
    assert card.review_overdue is False


def test_every_component_has_a_case_of_each_outcome() -> None:
    ids = {c.id for c in RUBRIC.components}
    assert {cid for cid, *_ in NOT_PUBLISHED_CASES} == ids
    assert {cid for cid, *_ in NOT_MET_CASES} == ids - NEVER_NOT_MET


CASES = NOT_MET_CASES + NOT_PUBLISHED_CASES


@pytest.mark.parametrize(("component", "change", "outcome", "affected", "rationale"), CASES,
                         ids=[f"{c[0]}-{c[2]}-{i}" for i, c in enumerate(CASES)])
def test_a_change_moves_its_component_with_a_rationale_from_the_record(
        component: str, change: Callable[..., None], outcome: str, affected: set[str], rationale: str) -> None:
    card = card_for(mutated(change))
    comp = result(card, component)
    assert (str(comp.outcome), comp.rationale) == (outcome, rationale)
    assert {c.id for c in card.components if not c.met} == affected
    standard = next(s for s in card.standards if s.id == comp.standard)
    assert standard.outcome is comp.outcome  # its standard's other components are all met


def test_a_standard_is_not_met_before_it_is_not_verifiable() -> None:
    both = mutated(lambda d: (put("training.developers", "Trained.")(d), drop("training.assessors")(d)))
    card = card_for(both)
    assert [str(result(card, c).outcome) for c in ("8.1", "8.2", "8.3")] == ["not_met", "not_published", "met"]
    standard = next(s for s in card.standards if s.id == 8)
    assert (standard.outcome, standard.components_met, standard.components_not_published) == (Outcome.NOT_MET, 1, 1)
    assert [(c.id, str(c.outcome)) for c in standard.components] == [
        ("8.1", "not_met"), ("8.2", "not_published"), ("8.3", "met")]
    assert (card.standards_met, card.standards_not_verifiable, card.standards_not_met) == (12, 0, 1)
    assert (card.components_met, card.components_not_published, card.components_not_met) == (26, 1, 1)


def test_headline_counts_the_standards_that_cannot_be_verified() -> None:
    card = card_for(mutated(lambda d: (drop("exemplars")(d), put("training", "not published")(d))))
    assert card.headline == "Meets 11 of 13 MPOS standards · 2 not verifiable from published information"
    assert card.badge_text == card.headline + " · self-assessed"


def test_review_three_years_old_is_not_met_and_overdue() -> None:
    card = card_for(mutated(put("maintenance.last_reviewed", "2023-05-20")))
    assert result(card, "12.1").outcome is Outcome.NOT_MET
    assert card.review_overdue is True
    assert card.review_status == "Review overdue since 2024-05-20 (last reviewed 2023-05-20, cycle 12 months)."


def test_an_unknown_last_review_is_not_called_overdue() -> None:
    card = card_for(mutated(put("maintenance.last_reviewed", "not published")))
    assert (card.review_overdue, card.review_status) == (
        False, "The issuer does not publish when the credential was last reviewed.")
    card = card_for(mutated(drop("maintenance.last_reviewed")))
    assert (card.review_overdue, card.review_status) == (
        False, "The catalog entry does not record when the credential was last reviewed.")


def test_checklist_items_have_their_own_outcomes() -> None:
    card = card_for(mutated(put("feedback.includes", ["rationale"])))
    items = {item.id: str(item.outcome) for item in result(card, "9.4").checklist}
    assert items == {"9.4.a": "met", "9.4.b": "not_met", "9.4.c": "not_met"}
    card = card_for(mutated(drop("access.completion_window")))
    assert [(i.id, str(i.outcome)) for i in result(card, "6.1").checklist] == [
        ("6.1.a", "met"), ("6.1.b", "met"), ("6.1.c", "met"), ("6.1.d", "not_published")]
    assert [len(result(card, c).checklist) for c in ("6.1", "9.3", "9.4")] == [4, 2, 3]


def test_a_fee_with_described_supports_limits_the_burden() -> None:
    data = mutated(put("access.cost", {"amount": 120, "currency": "USD"}))
    data["access"]["cost_supports"] = "Need-based fee waivers are available on request."
    comp = result(card_for(data), "13.1")
    assert comp.outcome is Outcome.MET
    assert "Cost supports reduce the fee (field `access.cost_supports`)." in comp.rationale


def test_team_criteria_can_replace_a_named_team() -> None:
    data = mutated(drop("development.team"))
    data["development"]["team_criteria"] = ("Each team pairs at least one content expert with two practitioners "
                                            "currently teaching the grade band the credential is written for.")
    assert result(card_for(data), "4.1").outcome is Outcome.MET


def reviewed(components: dict[str, Any] | None = None, date: str = "2026-03-01",
             base: dict[str, Any] = COMPLETE) -> dict[str, Any]:
    data = mutated(lambda d: None, base)
    data["quality_review"] = {"reviewer": "J. Reviewer", "organization": "State Board", "date": date}
    if components is not None:
        data["quality_review"]["components"] = components
    return data


def test_tier_reviewed_within_cycle_and_self_assessed_after() -> None:
    assert card_for(reviewed()).tier == "reviewed"
    assert card_for(reviewed(date="2024-01-10")).tier == "self-assessed"
    assert card_for(reviewed(date="2026-07-01")).tier == "self-assessed", "a review dated after as_of is not counted"


WITHOUT_EXEMPLARS = mutated(drop("exemplars"))
PERSUASIVE = {"7.2": {"met": True, "rationale": "exemplars are shared at orientation"}}
DOUBTFUL = {"7.2": {"met": False, "rationale": "The exemplar links lead to a sign-in page."}}


def test_reviewer_confirms_what_the_record_shows() -> None:
    comp = result(card_for(reviewed(PERSUASIVE)), "7.2")
    assert (comp.outcome, comp.evidence_outcome, comp.reviewer_judgement, comp.reviewed) == (
        Outcome.MET, Outcome.MET, Outcome.MET, True)
    assert comp.rationale == ("The pursuer has 1 linked exemplar submission (field `exemplars`). Reviewer J. Reviewer "
                              "(2026-03-01) confirmed it: Exemplars are shared at orientation.")


def test_reviewer_settles_what_the_record_cannot_verify() -> None:
    card = card_for(reviewed(PERSUASIVE, base=WITHOUT_EXEMPLARS))
    comp = result(card, "7.2")
    assert (comp.outcome, comp.evidence_outcome, comp.reviewer_judgement) == (
        Outcome.MET, Outcome.NOT_PUBLISHED, Outcome.MET)
    assert comp.rationale == ("Reviewer J. Reviewer (2026-03-01), who saw the materials, judged this met: Exemplars "
                              "are shared at orientation. From published information alone: The catalog entry says "
                              "nothing about the exemplar submissions, so this cannot be verified (field `exemplars`).")
    assert card.standards_met == 13 and review_conflicts(card) == []


@pytest.mark.parametrize("base", [COMPLETE, WITHOUT_EXEMPLARS], ids=["record-met", "record-not-verifiable"])
def test_reviewer_judges_not_met_whatever_the_record_shows(base: dict[str, Any]) -> None:
    card = card_for(reviewed(DOUBTFUL, base=base))
    comp = result(card, "7.2")
    assert (comp.outcome, comp.reviewer_judgement) == (Outcome.NOT_MET, Outcome.NOT_MET)
    assert comp.rationale.startswith("Reviewer J. Reviewer (2026-03-01) judged this not met: The exemplar links lead "
                                     "to a sign-in page. What the record shows: ")
    assert (card.standards_met, review_conflicts(card)) == (12, [])


def test_reviewer_marking_met_what_the_record_shows_not_met_is_a_conflict() -> None:
    card = card_for(reviewed({"9.2": {"met": True, "rationale": "Resubmission is allowed in practice."}},
                             base=mutated(put("submission.resubmission.attempts", 0))))
    comp = result(card, "9.2")
    assert (comp.outcome, comp.evidence_outcome, comp.reviewer_judgement) == (
        Outcome.NOT_MET, Outcome.NOT_MET, Outcome.MET)
    assert comp.rationale == ("No resubmission is offered (field `submission.resubmission.attempts` is 0). Reviewer "
                              "J. Reviewer (2026-03-01) judged this met, which the record contradicts: Resubmission "
                              "is allowed in practice.")
    assert review_conflicts(card) == [("9.2", (
        "J. Reviewer marked MPOS component 9.2 (Resubmission) as met, but the record shows it not met: No "
        "resubmission is offered (field `submission.resubmission.attempts` is 0). Correct the record, or change the "
        "judgement to met: false."))]


def test_facts_inherited_as_not_published_name_the_organization(tmp_path: Path) -> None:
    text = (FILES / "complete.yaml").read_text(encoding="utf-8")
    text = text.split("training:")[0] + "access:" + text.split("\naccess:")[1]  # no training of its own
    root = make_catalog(tmp_path, {"complete-credential": text}, {"sample-org": (
        "id: sample-org\nname: Sample Org\ntype: university\ndefaults:\n  training:\n"
        "    assessors: Assessors are trained before scoring and calibrate every term on anchors.\n"
        "    developers: not published\n")})
    build = pipeline.run(root, as_of=AS_OF)
    assert build.ok, build.problems
    card = build.scorecards["complete-credential"]
    assert result(card, "8.2").outcome is Outcome.MET
    assert (str(result(card, "8.1").outcome), result(card, "8.1").rationale) == (
        "not_published", "The defaults of Sample Org say it does not publish the developer training, so this cannot be "
                         "verified (field "
                         "`training.developers`).")
    assert result(card, "8.3").rationale == ("The catalog entry says nothing about the pursuer orientation, so this "
                                             "cannot be verified (field "
                                             "`training.pursuer_orientation`).")


def test_not_published_names_the_date_its_sources_were_read(tmp_path: Path) -> None:
    text = (FILES / "complete.yaml").read_text(encoding="utf-8").replace(
        "  developers: Developers complete a design course and co-write one credential with a mentor before "
        "writing their own.", "  developers: not published")
    text += ("sources:\n  - {url: 'https://example.org/turn-and-talk', title: Credential page, accessed: 2026-04-02}\n"
             "  - {url: 'https://example.org/handbook', title: Handbook, accessed: 2026-05-20, fields: [training]}\n")
    build = pipeline.run(make_catalog(tmp_path, {"complete-credential": text}), as_of=AS_OF)
    assert build.ok, build.problems
    assert result(build.scorecards["complete-credential"], "8.1").rationale == (
        "The issuer does not publish the developer training, so this cannot be verified (field `training.developers`, "
        "sources read 2026-05-20).")


def test_scorecard_json_is_version_2() -> None:
    data = json.loads(as_json(card_for(mutated(drop("exemplars")))))
    assert list(data) == [
        "scorecard_version", "id", "title", "as_of", "edition", "components_met", "components_not_published",
        "components_total", "standards_met", "standards_not_verifiable", "standards_total", "tier", "review_overdue",
        "review_status", "reviewer", "standards", "components"]
    assert data["scorecard_version"] == SCORECARD_VERSION == 2
    assert (data["components_met"], data["components_not_published"], data["standards_not_verifiable"]) == (27, 1, 1)
    assert list(data["standards"][6]) == ["id", "name", "outcome", "components_met", "components_not_published",
                                          "components_total", "components"]
    assert data["standards"][6]["outcome"] == "not_published"
    assert data["standards"][6]["components"][1] == {"id": "7.2", "name": "Exemplar Submissions",
                                                     "outcome": "not_published"}
    assert list(data["components"][0]) == ["id", "standard", "name", "outcome", "rationale", "checklist", "reviewed",
                                           "evidence_outcome", "reviewer_judgement"]
    assert data["components"][9]["checklist"][0] == {"id": "6.1.a", "text": "clearly stated", "outcome": "met",
                                                     "rationale": "Each evidence item says what to submit (field "
                                                                  "`evidence[].description`)."}
    assert not any("met" in c for c in data["components"]), "the v1 booleans are gone"


def test_golden_scorecard_json() -> None:
    """One scorecard byte for byte. After a deliberate change, regenerate it and review the diff:

        UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_scoring.py -k golden
    """
    root = FILES / "golden-catalog"
    build = pipeline.run(root, as_of=AS_OF)
    assert build.ok, build.problems
    text = as_json(build.scorecards["golden-credential"])
    path = GOLDEN / "golden-credential.scorecard.json"
    if __import__("os").environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_as_of_comes_from_source_date_epoch() -> None:
    assert as_of_date({"SOURCE_DATE_EPOCH": "1780000000"}) == dt.date(2026, 5, 28)
    assert as_of_date({}) == dt.date.today()
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        as_of_date({"SOURCE_DATE_EPOCH": "yesterday"})
