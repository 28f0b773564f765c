"""Generate a realistic, valid catalog repository of any size, for benchmarks.

    python benchmarks/generate.py DIR COUNT [--seed N]

or, from another benchmark::

    from generate import generate_catalog          # benchmarks/ is on sys.path when a script there runs
    root = generate_catalog(Path(tmp), 10_000, seed=0)

``generate_catalog`` writes a complete catalog repository into ``root``:

- ``schema/``: a copy of this repository's ``schema/`` folder (JSON Schemas and the MPOS rubric), so
  ``credcat --root DIR`` and ``check-jsonschema`` see exactly the schemas of the checkout;
- ``catalog/organizations/``: 20 organizations (universities, districts, state agencies, nonprofits,
  associations, platforms). About half set process ``defaults`` (training, submission, feedback,
  transparency, recognition, maintenance, access) that the credentials naming them inherit;
- ``catalog/stacks/``: about ``count / 20`` stacks, some including smaller stacks (never in a loop), each
  listing member credentials that list the stack back;
- ``catalog/credentials/``: ``count`` credentials of 3 to 6 KB each, written like a contributor would
  (block style, folded long text, short flow lists), using every field of
  ``schema/credential.schema.json``. About 70% are complete (or complete once inherited defaults are
  merged in); about 30% leave out one to five optional sections, so scores vary.

Every value comes from the word lists below through ``random.Random``, seeded from ``seed`` (and, per
credential, from ``seed`` and its index), so the same arguments always give byte-identical files. Every
file validates: ``credcat validate --root DIR`` exits 0, with no cross-file or reviewer-judgement problem.

Nothing here imports the engine (``site_plugins``): the generator describes the public file format,
not the implementation, so it can also feed other tools.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # LibYAML's emitter is ~10x faster; the output is the same.
    from yaml import CSafeDumper as _BaseDumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]

SCHEMA_SOURCE = Path(__file__).resolve().parent.parent / "schema"
ORGANIZATION_COUNT = 20
CREDENTIALS_PER_STACK = 20
PARTIAL_SHARE = 0.30
COMPACT_SHARE = 0.5  # share of credentials whose list items are written as inline {…} mappings

__all__ = ["SCHEMA_SOURCE", "GeneratedCatalog", "generate", "generate_catalog"]

# --------------------------------------------------------------------------------------------------
# Word lists
# --------------------------------------------------------------------------------------------------

AREAS: dict[str, dict[str, Any]] = {
    "Formative assessment": {
        "practices": ["exit tickets", "hinge-point questions", "mini-whiteboard checks", "success criteria",
                      "self-assessment checklists", "peer feedback protocols", "feedback for revision"],
        "subjects": ["all", "mathematics", "science", "english-language-arts"],
        "framework": ("InTASC Model Core Teaching Standards", "6", "Assessment"),
    },
    "Literacy instruction": {
        "practices": ["phonemic awareness routines", "decodable text lessons", "close reading",
                      "writing conferences", "vocabulary routines", "text-dependent questions",
                      "guided reading groups", "interactive read-alouds"],
        "subjects": ["english-language-arts", "early-childhood", "english-learners"],
        "framework": ("International Literacy Association Standards", "2", "Curriculum and Instruction"),
    },
    "Mathematics discourse": {
        "practices": ["number talks", "talk moves", "worked examples", "math journals",
                      "visual models for fractions", "error analysis tasks", "three-act tasks"],
        "subjects": ["mathematics"],
        "framework": ("NCTM Effective Mathematics Teaching Practices", "4", "Facilitate meaningful discourse"),
    },
    "Science inquiry": {
        "practices": ["phenomenon-based lessons", "claim-evidence-reasoning writing", "modeling cycles",
                      "science notebooks", "investigation planning", "argument-driven inquiry"],
        "subjects": ["science"],
        "framework": ("NGSS Science and Engineering Practices", "SEP-7", "Engaging in argument from evidence"),
    },
    "Classroom culture and management": {
        "practices": ["classroom routines", "restorative conversations", "morning meetings",
                      "behavior-specific praise", "smooth transitions", "student jobs and roles"],
        "subjects": ["all"],
        "framework": ("InTASC Model Core Teaching Standards", "3", "Learning Environments"),
    },
    "Social-emotional learning": {
        "practices": ["class meetings", "emotion check-ins", "conflict resolution circles",
                      "goal-setting conferences", "relationship mapping"],
        "subjects": ["social-emotional-learning", "all", "health"],
        "framework": ("CASEL SEL Framework", "RS", "Relationship skills"),
    },
    "English learner support": {
        "practices": ["language objectives", "sentence frames", "structured academic conversations",
                      "visual vocabulary supports", "bilingual glossaries"],
        "subjects": ["english-learners", "all", "world-languages"],
        "framework": ("WIDA English Language Development Standards", "ELD-2", "Language for Language Arts"),
    },
    "Special education and inclusion": {
        "practices": ["co-teaching models", "prompting and fading", "IEP goal progress monitoring",
                      "universal design for learning", "accommodation planning", "task analysis"],
        "subjects": ["special-education", "all"],
        "framework": ("CEC High-Leverage Practices", "HLP-12", "Systematically design instruction"),
    },
    "Instructional leadership": {
        "practices": ["instructional walkthroughs", "data team meetings", "coaching cycles",
                      "professional learning communities", "observation feedback conversations"],
        "subjects": ["all"],
        "framework": ("Professional Standards for Educational Leaders", "6",
                      "Professional capacity of school personnel"),
    },
    "Family and community engagement": {
        "practices": ["family learning conversations", "home visits", "two-way communication plans",
                      "student-led conferences", "family math nights"],
        "subjects": ["all", "early-childhood"],
        "framework": ("Dual Capacity-Building Framework", "3", "Family-school partnership goals"),
    },
    "Digital learning": {
        "practices": ["retrieval practice quizzes", "screencast feedback", "collaborative documents",
                      "adaptive practice software", "online discussion boards"],
        "subjects": ["all", "computer-science"],
        "framework": ("ISTE Standards for Educators", "2.5", "Designer"),
    },
    "Culturally responsive teaching": {
        "practices": ["culturally responsive text selection", "asset-based student interviews",
                      "community-connected projects", "student voice surveys"],
        "subjects": ["all", "social-studies", "english-language-arts"],
        "framework": ("Culturally Responsive-Sustaining Education Framework", "CR-2", "High expectations"),
    },
    "Career and technical education": {
        "practices": ["industry-aligned projects", "work-based learning reflections", "skills demonstrations"],
        "subjects": ["career-technical"],
        "framework": ("ACTE Quality CTE Program of Study Framework", "5", "Work-based learning"),
    },
}

SUMMARIES = [
    "Plan, use and refine {p} with your own students, then show how the evidence changed what you taught next.",
    "Show that you can use {p} to see what every student understands and respond the next day.",
    "A classroom-based credential for the {role} who wants {p} to drive day-to-day decisions.",
    "Collect students' {ev} through {p}, analyse them with a simple protocol and act on what they show.",
    "Build a routine around {p} that students understand, and use it to adjust instruction within a week.",
]
TITLE_VERBS = ["Using", "Designing", "Leading", "Planning", "Facilitating", "Implementing", "Teaching with",
               "Building", "Strengthening", "Refining"]
TITLE_ENDINGS = ["to Adjust Instruction", "for Deeper Understanding", "in Grades K-2", "in Grades 3-5",
                 "in Middle School", "in High School", "Across Content Areas", "for Student Independence",
                 "in Inclusive Classrooms", "with Multilingual Learners", "in Small Groups", "School-Wide",
                 "for New Teachers", "in Blended Classrooms", "That Build Student Ownership"]
STATEMENT_VERBS = ["designs and uses", "plans and leads", "selects and implements", "plans, teaches and refines",
                   "facilitates", "adapts and uses"]
STATEMENT_PURPOSES = ["aligned to one lesson objective", "matched to students' current needs",
                      "tied to a clear learning goal", "that give every student a way to respond",
                      "built around grade-level content"]
STATEMENT_OUTCOMES = ["plan the next lesson", "regroup students for targeted support", "adjust pacing and tasks",
                      "give each student a specific next step", "decide what to reteach and to whom",
                      "improve outcomes for the students who need it most"]
STUDENT_EVIDENCE = ["responses", "work samples", "discussion contributions", "progress data", "reflections"]
SKILLS = [
    "Sets one observable goal for the {p}",
    "Anticipates likely misconceptions",
    "Collects evidence from every student",
    "Groups students by what the evidence shows",
    "Gives feedback naming one next step",
    "Adjusts pacing or grouping from evidence",
    "Keeps brief records of change over time",
    "Explains the purpose of the {p} to students",
    "Plans supports for multilingual learners",
    "Models the {p} before independent use",
    "Judges the effect of the {p} from student work",
]
METHOD_STEPS = [
    "Plan the {p} around one goal",
    "Teach the routine explicitly",
    "Gather evidence from every student",
    "Group students by need",
    "Act on the evidence within two lessons",
    "Reflect and adjust the plan",
]
DESCRIPTION_SENTENCES = [
    "Educators who use {p} well see student thinking early enough to act on it, not after the unit test.",
    "You plan, teach and refine {p} with your own students and show what you changed because of it.",
    "The practice belongs to {area_l}: everyday classroom moments become evidence for the next decision.",
    "You collect artifacts from real lessons, including {ev}, and explain your choices in a short reflection.",
    "Research on {area_l} links this routine to gains for underserved students when it is used regularly.",
    "It is written for {role_l} working with {grades}, and fits a normal teaching schedule.",
    "Assessors look for a clear goal, evidence from every student and a response specific to that evidence.",
]
CRITERIA = [
    ("The {p} align to the stated goal", "Each prompt measures the stated goal and the plan explains why it fits."),
    ("Evidence is gathered from every student", "Artifacts show responses from all students, not only volunteers."),
    ("The response is specific to the evidence",
     "Each group of students gets a distinct next step tied to its responses."),
    ("The reflection is honest and specific",
     "The reflection compares expected and actual responses with two examples."),
    ("Supports are planned for all learners", "The plan shows a support for multilingual learners and one for students "
     "with disabilities."),
    ("The routine is taught explicitly", "Students practise the routine with feedback and can explain its purpose."),
    ("Student learning improves over the cycle", "First and last lessons show a measurable change for most students."),
]
EVIDENCE_ITEMS = [
    ("context", "overview", "Context and goal", "written-response",
     "Describe your students, the setting and the goal of the {p}."),
    ("lesson-plan", "artifact", "Annotated lesson plan", "lesson-plan",
     "The lesson plan with the {p} marked and your reasons noted."),
    ("student-work", "artifact", "Student work samples", "student-work",
     "Anonymised work from at least six students showing the full range."),
    ("video-clip", "artifact", "Video of the practice", "video",
     "An unedited clip of ten to fifteen minutes showing the {p}."),
    ("data-summary", "artifact", "Summary of student data", "data",
     "A one-page table of the evidence you gathered and your groups."),
    ("observation-notes", "artifact", "Colleague observation notes", "observation",
     "Notes from a colleague who observed one lesson, on the provided form."),
    ("planning-sheet", "artifact", "Planning sheet", "document",
     "The completed planning sheet with anticipated responses and next steps."),
    ("reflection", "reflection", "Reflection", "written-response",
     "What the evidence showed, what you changed and what you would do differently."),
    ("audio-recording", "artifact", "Audio of a discussion", "audio",
     "An audio recording of eight minutes or more with a short transcript."),
    ("presentation", "artifact", "Team presentation", "presentation",
     "The slides you used to share results with your team, with their questions."),
]
LEVEL_SETS = [["Proficient", "Not yet"], ["Exemplary", "Proficient", "Developing"],
              ["Meets", "Partially meets", "Does not meet"]]
FIRST_NAMES = ["Aisha", "Ben", "Carmen", "Dmitri", "Elena", "Farid", "Grace", "Hiroshi", "Imani", "Jonah", "Keiko",
               "Luis", "Maya", "Nadia", "Owen", "Priya", "Quinn", "Rosa", "Samuel", "Tanya", "Umar", "Vera",
               "Wen", "Xavier", "Yara", "Zoe"]
LAST_NAMES = ["Abara", "Bennett", "Castillo", "Dubois", "Eriksen", "Fujita", "Garcia", "Haddad", "Iyer", "Jensen",
              "Kowalski", "Lindqvist", "Mbeki", "Nakamura", "Okafor", "Petrov", "Quintero", "Rahman", "Silva",
              "Thompson", "Umarov", "Varga", "Whitfield", "Xu", "Yilmaz", "Zimmerman"]
JOB_TITLES = {
    "content-expert": ["Assessment specialist", "Literacy coordinator", "Mathematics education professor",
                       "Curriculum director"],
    "practitioner": ["Grade 2 teacher", "Grade 5 teacher", "Middle school science teacher", "High school English "
                     "teacher", "Instructional coach", "Special education teacher", "Assistant principal"],
    "designer": ["Learning designer", "Instructional designer"],
    "researcher": ["Research scientist", "Associate professor of education"],
    "reviewer": ["External reviewer", "Quality reviewer"],
    "other": ["Program manager", "Family engagement liaison"],
}
JOURNALS = ["Assessment in Education", "Journal of Educational Psychology", "Review of Educational Research",
            "Elementary School Journal", "American Educational Research Journal", "Teaching and Teacher Education",
            "Reading Research Quarterly", "Journal for Research in Mathematics Education", "Exceptional Children",
            "Educational Researcher"]
PAPER_OPENINGS = ["Effects of", "A meta-analysis of", "Teacher learning through", "Classroom use of",
                  "Scaling up", "What students gain from", "A randomized trial of"]
PAPER_ENDINGS = ["on student achievement", "in elementary classrooms", "in secondary schools",
                 "for students with disabilities", "and teacher practice", "across subject areas"]
RESOURCE_TYPES = ["article", "book", "video", "course", "tool", "template", "website", "podcast", "research", "other"]
RESOURCE_NAMES = ["Quick guide to {p}", "{P} planning template", "Video library: {p} in real classrooms",
                  "Research brief on {p}", "Podcast episode: getting started with {p}", "Online course: {p} basics",
                  "Book chapter on {p}", "Checklist for {p}"]
SUPPORT_TEXT = {
    "community": "A moderated online community where pursuers share drafts and questions.",
    "office-hours": "Monthly live office hours with an assessor to ask about evidence and criteria.",
    "coaching": "Up to three one-to-one coaching conversations with an experienced earner.",
    "mentoring": "A mentor from your district checks in every two weeks during the cycle.",
    "cohort": "A small cohort meets online every month to share evidence in progress.",
    "peer-review": "Post a draft artifact and get comments from two other pursuers before submitting.",
    "help-desk": "A help desk answers questions about the platform and uploads within one working day.",
    "webinar": "A recorded webinar walks through a proficient submission step by step.",
    "other": "A printable workbook guides pursuers through each part of the submission.",
}
JURISDICTIONS = ["US-AR", "US-CO", "US-DE", "US-GA", "US-ID", "US-KY", "US-NC", "US-NM", "US-OK", "US-SC", "US-TN",
                 "US-UT", "US-WY", "US"]
PLACES = ["Ridgeline", "Harbor County", "Cedar Valley", "Northfield", "Silver Lake", "Prairie View", "Bayside",
          "Granite Falls", "Maple Grove", "Riverbend", "Summit", "Willow Creek", "Eastport", "Pine Ridge",
          "Clearwater", "Stonebridge", "Lakeshore", "Highland", "Oak Hollow", "Fairhaven"]
# (type, name pattern, how many): 20 organizations in all.
ORG_PLAN = [
    ("platform", "{place} Badges", 3),
    ("university", "{place} State University College of Education", 4),
    ("district", "{place} Public Schools", 4),
    ("state-agency", "{place} Educator Standards Board", 3),
    ("nonprofit", "{place} Teaching Lab", 3),
    ("association", "{place} Teachers Association", 2),
    ("company", "{place} Learning, Inc.", 1),
]
ISSUER_TYPES = ("university", "district", "nonprofit", "association", "company")
OPTIONAL_SECTIONS = ["research", "development", "resources", "exemplars", "training", "submission", "feedback",
                     "transparency", "recognition", "maintenance", "quality_review", "keywords", "audience"]


# --------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _title_case(text: str) -> str:
    small = {"and", "for", "of", "to", "in", "with", "on"}
    return " ".join(w if w in small or not w[0].islower() else w[0].upper() + w[1:] for w in text.split())


def _plural(role: str) -> str:
    words = role.replace("-", " ")
    return words + ("es" if words.endswith("coach") else "s")


def _date(rng: random.Random, start: dt.date, end: dt.date) -> str:
    day = start + dt.timedelta(days=rng.randrange((end - start).days + 1))
    return day.isoformat()


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _text(rng: random.Random, sentences: list[str], n: int, **fill: str) -> str:
    return " ".join(s.format(**fill) for s in rng.sample(sentences, n))


class _Dumper(_BaseDumper):  # type: ignore[misc, valid-type]
    """Block style like a hand-written file: long text folded, short scalar lists inline."""


def _represent_str(dumper: yaml.BaseDumper, value: str) -> yaml.Node:
    style = ">" if len(value) > 90 and " " in value and "\n" not in value and value == value.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.BaseDumper, value: list[Any]) -> yaml.Node:
    short = all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in value)
    flow = short and sum(len(str(v)) + 2 for v in value) < 70
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


class _Flow(dict):  # type: ignore[type-arg]
    """A mapping written inline, ``{id: overview, title: ...}``, as in design/example-credential.yaml."""


def _represent_flow(dumper: yaml.BaseDumper, value: _Flow) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", dict(value), flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(_Flow, _represent_flow)


def _inline_items(doc: dict[str, Any]) -> None:
    """Write the items of every list of mappings inline (the compact style many contributors use)."""
    for key, value in doc.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            doc[key] = [_Flow(v) for v in value]
        elif isinstance(value, dict) and not isinstance(value, _Flow):
            _inline_items(value)


def dump(data: dict[str, Any], schema_name: str) -> str:
    """YAML text for one catalog file, with the editor schema hint contributors get from ``credcat new``."""
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return f"# yaml-language-server: $schema=../../schema/{schema_name}.schema.json\n{body}"


# --------------------------------------------------------------------------------------------------
# Organizations
# --------------------------------------------------------------------------------------------------


@dataclass
class Org:
    id: str
    type: str
    name: str
    jurisdiction: str
    url: str
    defaults: dict[str, Any] = field(default_factory=dict)


def _training(rng: random.Random, who: str, *, short: bool = False) -> dict[str, str]:
    hours = rng.choice([6, 8, 10, 12])
    if short:  # what a credential that sets its own process usually writes
        return {
            "developers": f"Developers complete a {rng.choice(['two', 'three'])}-day design course and co-review "
                          "one credential first.",
            "assessors": f"Assessors train for {hours} hours, then calibrate on anchor submissions every term.",
            "pursuer_orientation": "A short orientation explains the value, the submission, scoring and feedback.",
        }
    return {
        "developers": f"Every development team at {who} completes a {rng.choice(['four', 'six', 'eight'])}-session "
                      "design course on competency writing, criteria and evidence design and bias review, and "
                      "co-develops one credential with an experienced lead before leading a team.",
        "assessors": f"New assessors complete {hours} hours of initial training, then score anchor submissions and "
                     "must agree with the master scores before scoring live work. Every term all assessors "
                     "recalibrate on fresh anchors; inter-rater agreement is tracked and reported.",
        "pursuer_orientation": f"A {rng.choice([15, 20, 25, 30])}-minute orientation explains what the credential "
                               "is worth, how to gather classroom evidence ethically, how each criterion is scored "
                               "and how feedback and resubmission work.",
    }


def _submission(rng: random.Random, platform: str, *, short: bool = False) -> dict[str, Any]:
    days = rng.choice([30, 45, 60, 90])
    if short:
        return {
            "instructions": f"Submit all parts at once through the {platform} form; instructions are public.",
            "resubmission": {"attempts": rng.choice([0, 1, 2]),
                             "instructions": f"Revise the parts marked Not yet and resubmit within {days} days."},
        }
    return {
        "instructions": f"Everything you will submit is listed on the credential page before you enrol. Upload all "
                        f"parts together through the {platform} form, with student names and faces removed; "
                        "submissions are accepted at any time within your completion window.",
        "resubmission": {
            "attempts": rng.choice([1, 2, 2, 3]),
            "instructions": f"Revise only the parts marked Not yet, add a short note on what you changed and why, "
                            f"and resubmit within {days} days of receiving feedback.",
        },
    }


def _feedback(rng: random.Random, *, short: bool = False) -> dict[str, Any]:
    if short:
        return {"process": "An assessor scores each criterion and writes feedback on the platform.",
                "timeline_days": rng.choice([7, 14, 21, 45, 90]),
                "includes": rng.choice([["rationale", "criteria_status", "recommendations"], ["rationale"],
                                        ["criteria_status", "recommendations"]])}
    return {
        "process": "A trained assessor scores each criterion, writes a rationale tied to the evidence and posts "
                   "feedback to the pursuer's account; a second assessor checks every Not yet decision.",
        "timeline_days": rng.choice([7, 10, 14, 21, 30]),
        "includes": ["rationale", "criteria_status", "recommendations"],
    }


def _maintenance(rng: random.Random, *, short: bool = False) -> dict[str, Any]:
    if short:
        return {"review_cycle_months": rng.choice([6, 12, 12, 24, 36]),
                "feedback_process": "Earners and assessors are surveyed each term; results feed the annual review."}
    return {
        "review_cycle_months": rng.choice([6, 12, 12, 12, 18, 24]),
        "feedback_process": "Every earner and assessor is surveyed after each cycle; pass rates and resubmission "
                            "reasons are tracked by criterion and reviewed each year with the developers.",
    }


def _supports(rng: random.Random) -> list[dict[str, str]]:
    kinds = rng.sample(sorted(SUPPORT_TEXT), rng.choice([1, 1, 2, 2, 3]))
    return [{"type": k, "mode": "synchronous" if k in ("office-hours", "coaching", "cohort", "webinar")
             else "asynchronous", "description": SUPPORT_TEXT[k]} for k in kinds]


def _make_orgs(rng: random.Random) -> list[Org]:
    places = rng.sample(PLACES, len(PLACES))
    orgs: list[Org] = []
    for kind, pattern, how_many in ORG_PLAN:
        for _ in range(how_many):
            place = places[len(orgs) % len(places)]
            name = pattern.format(place=place)
            org_id = _slug(name.replace(", Inc.", "").replace("College of Education", ""))
            host = _slug(place).replace("-", "")
            tld = "edu" if kind == "university" else "gov" if kind == "state-agency" else "org"
            orgs.append(Org(org_id, kind, name, rng.choice(JURISDICTIONS), f"https://www.{host}.example.{tld}"))
    platforms = [o for o in orgs if o.type == "platform"]
    for org in orgs:
        if org.type == "platform":
            org.defaults["recognition"] = {
                "record": "digital-badge",
                "standard": rng.choice(["open-badges-2.0", "open-badges-3.0"]),
                "platform": {
                    "name": org.name,
                    "url": org.url,
                    "retention": f"Earned badges stay verifiable for at least {rng.choice([10, 20, 25])} years and "
                                 "earners can export them to any Open Badges wallet.",
                },
            }
        elif org.type in ("university", "nonprofit") or (org.type == "district" and rng.random() < 0.5):
            platform = rng.choice(platforms).name
            org.defaults["training"] = _training(rng, org.name)
            org.defaults["submission"] = _submission(rng, platform)
            org.defaults["feedback"] = _feedback(rng)
            org.defaults["transparency"] = {"access": "All materials are public; no login is needed to read the "
                                                      "criteria, resources or exemplars."}
            org.defaults["maintenance"] = _maintenance(rng)
            if rng.random() < 0.6:
                org.defaults["access"] = {
                    "wcag": rng.choice(["2.1 AA", "2.2 AA"]),
                    "completion_window": f"{rng.choice([8, 10, 12, 16])} weeks",
                    "accessibility_statement": "Materials are tested against WCAG each year; transcripts are provided "
                                               "for every video and alternative formats are available on request.",
                    "supports": _supports(rng),
                }
    return orgs


def _ctid(kind: str, entry_id: str) -> str:
    """A CTID of its own for each generated file, from its id (the shared generator's sequence is untouched)."""
    return f"ce-{uuid.UUID(int=random.Random(f'ctid:{kind}:{entry_id}').getrandbits(128), version=4)}"


def _org_document(org: Org, rng: random.Random) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": org.id,
        "ctid": _ctid("organization", org.id),
        "name": org.name,
        "type": org.type,
        "url": org.url,
        "jurisdiction": org.jurisdiction,
        "illustrative": True,
        "description": f"A fictional {org.type.replace('-', ' ')} generated for benchmarks. It "
                       f"{rng.choice(['develops and issues', 'hosts', 'recognises', 'delivers'])} micro-credentials "
                       "for teachers, coaches and school leaders.",
    }
    if org.defaults:
        doc["defaults"] = org.defaults
    return doc


# --------------------------------------------------------------------------------------------------
# Credentials
# --------------------------------------------------------------------------------------------------


@dataclass
class _Context:
    orgs: list[Org]
    by_type: dict[str, list[Org]]
    stacks_of: dict[int, list[str]]
    today: dt.date


def _credential(index: int, seed: int, ctx: _Context) -> tuple[str, dict[str, Any]]:
    rng = random.Random(f"credential-{seed}-{index}")
    area = rng.choice(sorted(AREAS))
    info = AREAS[area]
    practice = rng.choice(info["practices"])
    title = f"{rng.choice(TITLE_VERBS)} {_title_case(practice)} {rng.choice(TITLE_ENDINGS)}"
    cid = f"{_slug(practice)}-{_slug(title.split()[0])}-{index + 1}"
    partial = rng.random() < PARTIAL_SHARE
    dropped = set(rng.sample(OPTIONAL_SECTIONS, rng.randint(1, 5))) if partial else set()

    issuer = rng.choice([o for t in ISSUER_TYPES for o in ctx.by_type[t]])
    developer = issuer if rng.random() < 0.7 else rng.choice(ctx.by_type["university"] + ctx.by_type["nonprofit"])
    platform = rng.choice(ctx.by_type["platform"]) if rng.random() < 0.8 else None
    inherited = {k for o in (issuer, developer, platform) if o for k in o.defaults}

    roles = rng.sample(["teacher", "instructional-coach", "paraprofessional", "specialist", "school-leader",
                        "pre-service-teacher", "school-counselor"], rng.randint(1, 3))
    if "teacher" not in roles and rng.random() < 0.7:
        roles.insert(0, "teacher")
    bands = sorted(rng.sample(["pre-k", "k-2", "3-5", "6-8", "9-12"], rng.randint(1, 3)),
                   key=["pre-k", "k-2", "3-5", "6-8", "9-12"].index)
    fill = {"p": practice, "P": practice.capitalize(), "area_l": area.lower(), "ev": rng.choice(STUDENT_EVIDENCE),
            "role_l": " and ".join(_plural(r) for r in roles[:2]), "grades": "grades " + ", ".join(bands)}

    status = rng.choices(["active", "draft", "retired"], weights=[88, 8, 4])[0]
    doc: dict[str, Any] = {
        "id": cid,
        "ctid": _ctid("credential", cid),
        "title": title,
        "summary": rng.choice(SUMMARIES).format(p=practice, ev=fill["ev"], role=roles[0].replace("-", " ")),
        "description": _text(rng, DESCRIPTION_SENTENCES, 2, **fill),
        "status": status,
        "illustrative": True,
    }
    if rng.random() < 0.05:
        doc["previous_ids"] = [f"legacy-{cid}"]
    if index in ctx.stacks_of:
        doc["stacks"] = ctx.stacks_of[index]
    if rng.random() < 0.6:
        doc["version"] = rng.choice(["1.0", "1.1", "2.0", "2025", "2026.1"])
    doc["language"] = rng.choice(["en", "en", "en", "en-US", "es"])
    if "keywords" not in dropped:
        doc["keywords"] = rng.sample([practice, area.lower(), "formative", "feedback", "differentiation",
                                      "student evidence", "reflection", "collaboration"], rng.randint(2, 4))

    skills = [s.format(p=practice) for s in rng.sample(SKILLS, rng.randint(1 if partial else 2, 4))]
    competency: dict[str, Any] = {
        "statement": f"The educator {rng.choice(STATEMENT_VERBS)} {practice} {rng.choice(STATEMENT_PURPOSES)} and "
                     f"uses students' {rng.choice(STUDENT_EVIDENCE)} to {rng.choice(STATEMENT_OUTCOMES)}.",
        "skills": skills,
        "key_method": f"Use {practice} to gather evidence from every student and act on it within two lessons.",
        "method_components": [s.format(p=practice) for s in rng.sample(METHOD_STEPS, rng.randint(2, 3))],
        "area": area,
    }
    framework, code, name = info["framework"]
    competency["alignments"] = [{"framework": framework, "code": code, "name": name,
                                 "url": f"https://standards.example.org/{_slug(code)}"}]
    if rng.random() < 0.15:
        competency["alignments"].append({"framework": "InTASC Model Core Teaching Standards",
                                         "code": rng.choice(["7", "8", "9"]), "name": "Planning for Instruction"})
    if partial and rng.random() < 0.3:
        del competency["key_method"]
    doc["competency"] = competency

    if "audience" not in dropped:
        subjects = rng.sample(info["subjects"], rng.randint(1, min(2, len(info["subjects"]))))
        doc["audience"] = {"roles": roles, "grade_bands": bands, "subjects": subjects}

    if "research" not in dropped:
        refs = []
        for _ in range(1 if rng.random() < 0.8 else 2):
            authors = rng.sample(LAST_NAMES, rng.randint(1, 2))
            cited = ", ".join(f"{a}, {rng.choice('ABCDEFGHJKLMNPRST')}." for a in authors[:-1])
            cited = f"{cited}, & {authors[-1]}, {rng.choice('ABCDEFGHJKLMNPRST')}." if cited else \
                f"{authors[0]}, {rng.choice('ABCDEFGHJKLMNPRST')}."
            year = rng.randint(1995, 2024)
            ref: dict[str, Any] = {"citation": f"{cited} ({year}). {rng.choice(PAPER_OPENINGS)} {practice} "
                                               f"{rng.choice(PAPER_ENDINGS)}. {rng.choice(JOURNALS)}, "
                                               f"{rng.randint(5, 60)}({rng.randint(1, 4)}), {rng.randint(1, 300)}-"
                                               f"{rng.randint(301, 420)}."}
            if rng.random() < 0.8:
                ref["url"] = f"https://doi.org/10.{rng.randint(1000, 9999)}/{rng.randint(100000, 999999)}"
            ref["peer_reviewed"] = rng.random() < 0.75
            refs.append(ref)
        doc["research"] = {
            "references": refs,
            "alignment": f"These studies show {practice} working as a cycle of evidence and action, as here.",
        }

    if "development" not in dropped:
        dev: dict[str, Any] = {}
        if rng.random() < 0.85:
            team = []
            extra = rng.sample(["designer", "researcher", "practitioner", "reviewer", "other"], rng.random() < 0.2)
            for role in ["content-expert", "practitioner", *extra]:
                member: dict[str, Any] = {"name": _person(rng), "title": rng.choice(JOB_TITLES[role]),
                                          "organization": rng.choice([developer.id, issuer.id,
                                                                      f"{rng.choice(PLACES)} Elementary School"]),
                                          "role": role}
                if role == "practitioner":
                    member["current_practitioner"] = rng.random() < 0.9
                elif rng.random() < 0.5:
                    member["current_practitioner"] = False
                team.append(member)
            dev["team"] = team
        else:
            dev["team_criteria"] = ("Teams always include at least one content expert and two practitioner members "
                                    "who were teaching in the intended role during development.")
        dev["peer_review"] = ("Two external content experts and three practising educators reviewed the draft "
                              "and pilot submissions.")
        doc["development"] = dev

    ev_items = rng.sample(EVIDENCE_ITEMS, rng.choice([2, 2, 3, 3]))
    evidence = []
    for eid, part, etitle, etype, edesc in ev_items:
        item: dict[str, Any] = {"id": eid, "part": part, "title": etitle, "type": etype,
                                "description": edesc.format(p=practice)}
        if etype == "written-response":
            item["word_limit"] = rng.choice([250, 300, 400, 500])
        item["from_practice"] = part != "overview" or rng.random() < 0.5
        if etype == "student-work":
            item["includes_student_work"] = True
        if etype in ("video", "audio"):
            item["includes_media"] = True
        evidence.append(item)
    doc["evidence"] = evidence

    ev_ids = [e["id"] for e in evidence]
    criteria = []
    for n, (crit, prof) in enumerate(rng.sample(CRITERIA, rng.choice([2, 2, 3]))):
        used = [ev_ids[n % len(ev_ids)]] + ([rng.choice(ev_ids)] if rng.random() < 0.5 else [])
        words = [w for w in _slug(crit.format(p="practice")).split("-") if w != "the"]
        criteria.append({"id": "-".join(words[:3]), "criterion": crit.format(p=practice), "proficient": prof,
                         "evidence": list(dict.fromkeys(used)), "job_embedded": rng.random() < 0.9})
    for left in ev_ids[len(criteria):]:  # every piece of evidence is judged by some criterion
        if left not in criteria[-1]["evidence"]:
            criteria[-1]["evidence"].append(left)
    doc["evaluation"] = {"levels": rng.choice(LEVEL_SETS), "pass_rule": "Proficient (or better) on every criterion.",
                         "criteria": criteria}

    if "resources" not in dropped:
        resources = []
        for rname in rng.sample(RESOURCE_NAMES, rng.randint(1, 2)):
            res: dict[str, Any] = {"title": rname.format(p=practice, P=practice.capitalize()),
                                   "type": rng.choice(RESOURCE_TYPES)}
            if res["type"] != "book" or rng.random() < 0.3:
                res["url"] = f"{developer.url}/r/{_slug(rname.format(p=practice, P=practice))[:32].strip('-')}"
            res["access"] = "purchase" if res["type"] == "book" else rng.choice(["free", "free", "subscription"])
            res["required"] = rng.random() < 0.4
            resources.append(res)
        doc["resources"] = resources
    if "exemplars" not in dropped:
        where = ["grade 2", "grade 4", "grade 7", "grade 10", "a resource room", "a coaching caseload"]
        doc["exemplars"] = [{"title": f"Proficient submission, {rng.choice(where)}",
                             "url": f"{issuer.url}/exemplars/{index + 1}-{k + 1}"}
                            for k in range(rng.randint(1, 2))]

    # Process sections: inherit from an organization's defaults most of the time, else set them here.
    host = platform.name if platform else issuer.name
    for section, build in (("training", lambda: _training(rng, issuer.name, short=True)),
                           ("submission", lambda: _submission(rng, host, short=True)),
                           ("feedback", lambda: _feedback(rng, short=True))):
        if section in dropped or (section in inherited and rng.random() < 0.85):
            continue
        doc[section] = build()
    if "transparency" not in dropped:
        doc["transparency"] = {"url": f"{issuer.url}/mc/{index + 1}"}
        if "transparency" not in inherited or rng.random() < 0.3:
            doc["transparency"]["access"] = "Every component is public and can be read without an account."
    if "recognition" not in dropped:
        rec: dict[str, Any] = {}
        if "recognition" not in inherited:
            rec["record"] = rng.choice(["digital-badge", "certificate", "micro-credential", "transcript",
                                        "license-endorsement"])
            rec["standard"] = rng.choice(["open-badges-3.0", "clr-2.0", "other"])
        rec["metadata_url"] = f"{(platform or issuer).url}/badges/{index + 1}.json"
        if "recognition" not in inherited:
            rec["platform"] = {"name": f"{issuer.name} records", "url": issuer.url,
                               "retention": "Records are kept for the life of the programme and can be exported."}
        currency = []
        recognizers = ctx.by_type["state-agency"] + ctx.by_type["district"]
        for recognizer in rng.sample(recognizers, 1 if rng.random() < 0.7 else 2):
            kind = rng.choice(["pd-hours", "ceu", "relicensure-credit", "graduate-credit", "career-advancement",
                               "other"])
            item = {"recognizer": recognizer.id, "jurisdiction": recognizer.jurisdiction, "type": kind}
            if kind in ("pd-hours", "ceu", "relicensure-credit", "graduate-credit"):
                item["amount"] = rng.choice([1, 1.5, 3, 10, 15, 20, 30])
                item["unit"] = {"pd-hours": "hours", "ceu": "CEUs", "graduate-credit": "credits"}.get(kind, "hours")
            if kind == "other" or rng.random() < 0.15:
                item["note"] = "Counts toward the teacher leader pathway once two related credentials are earned."
            if rng.random() < 0.1:
                del item["recognizer"]
            currency.append(item)
        rec["currency"] = currency
        doc["recognition"] = rec
    if "maintenance" not in dropped:
        maint = {} if "maintenance" in inherited and rng.random() < 0.7 else _maintenance(rng, short=True)
        oldest = 330 if rng.random() < 0.75 else 900  # most were reviewed within the last year
        maint["last_reviewed"] = _date(rng, ctx.today - dt.timedelta(days=oldest), ctx.today - dt.timedelta(days=5))
        doc["maintenance"] = maint

    paid = rng.random() < 0.45
    cost: dict[str, Any] = {"amount": rng.choice([25, 49, 75, 95, 150, 250, 400]) if paid else 0, "currency": "USD"}
    if paid and rng.random() < 0.4:
        assoc = rng.choice(ctx.by_type["association"])
        cost["member_amount"] = round(cost["amount"] * 0.6)
        cost["members_of"] = assoc.id
    if rng.random() < 0.3:
        cost["note"] = "Districts in the partnership pay the fee for their staff." if paid else \
            "Free; development and assessment are funded by a state grant."
    access: dict[str, Any] = {"cost": cost}
    if paid and rng.random() < 0.7:
        access["cost_supports"] = "Fee waivers are available to educators in high-need schools and to pre-service " \
                                  "teachers on request."
    access["estimated_hours"] = rng.choice([4, 6, 8, 10, 12, 15, 18, 20, 25, 30, 40])
    if "access" not in inherited or rng.random() < 0.3:
        access["completion_window"] = f"{rng.choice([4, 6, 8, 10, 12])} {rng.choice(['weeks', 'weeks', 'months'])}"
        access["wcag"] = rng.choice(["2.0 AA", "2.1 A", "2.1 AA", "2.1 AA", "2.2 AA"])
        if rng.random() < 0.5:
            access["accessibility_statement"] = "The submission form is keyboard accessible and screen-reader tested."
        access["supports"] = _supports(rng)
    doc["access"] = access

    orgs_doc: dict[str, Any] = {"developer": developer.id, "issuer": issuer.id}
    if platform:
        orgs_doc["platform"] = platform.id
    if rng.random() < 0.5:
        orgs_doc["deliverers"] = [o.id for o in rng.sample(ctx.by_type["district"], rng.randint(1, 2))]
    orgs_doc["assessors"] = [issuer.id]
    if rng.random() < 0.25:
        orgs_doc["partners"] = [o.id for o in rng.sample(ctx.orgs, 2) if o.id != issuer.id]
    doc["organizations"] = orgs_doc

    if "quality_review" not in dropped and rng.random() < 0.5:
        # 1.1, 2.1 and 5.2 are met by construction, so a reviewer may confirm them; any component may be
        # judged not met. (Marking met a component whose evidence is missing would be a validation error.)
        components: dict[str, Any] = {}
        for comp in rng.sample(["1.1", "2.1", "5.2"], rng.randint(1, 3)):
            components[comp] = {"met": True, "rationale": "Confirmed against the published materials and criteria."}
        if rng.random() < 0.3:
            components[rng.choice(["3.1", "7.2", "8.2", "12.2"])] = {
                "met": False, "rationale": "The evidence listed is too thin to meet the standard as written."}
        reviewed = _date(rng, ctx.today - dt.timedelta(days=700), ctx.today - dt.timedelta(days=1))
        doc["quality_review"] = {"reviewer": _person(rng), "organization": rng.choice(ctx.by_type["state-agency"]).id,
                                 "date": reviewed,
                                 "components": dict(sorted(components.items()))}
    if rng.random() < COMPACT_SHARE:
        _inline_items(doc)
    if rng.random() < 0.1:
        doc["x-source-system"] = f"imported from the {issuer.name} course catalog, record {rng.randint(1000, 99999)}"
    return cid, doc


# --------------------------------------------------------------------------------------------------
# Stacks and the whole catalog
# --------------------------------------------------------------------------------------------------


@dataclass
class GeneratedCatalog:
    """What ``generate_catalog`` wrote (also returned by ``generate``, for benchmarks that need ids)."""

    root: Path
    credential_ids: list[str]
    stack_ids: list[str]
    organization_ids: list[str]
    bytes_written: int
    seconds: float

    @property
    def credential_files(self) -> list[Path]:
        folder = self.root / "catalog" / "credentials"
        return [folder / f"{cid}.yaml" for cid in self.credential_ids]


def generate(root: Path, count: int, seed: int = 0, *, today: dt.date | None = None) -> GeneratedCatalog:
    """Write the catalog and return what was written; see ``generate_catalog``."""
    if count < 1:
        raise ValueError("count must be at least 1")
    started = time.perf_counter()
    root = Path(root)
    catalog = root / "catalog"
    if catalog.exists() and any(catalog.rglob("*.yaml")):
        raise FileExistsError(f"{catalog} already holds YAML files; generate into an empty folder.")
    if (root / "schema").exists():
        shutil.rmtree(root / "schema")
    shutil.copytree(SCHEMA_SOURCE, root / "schema")
    folders = {k: catalog / k for k in ("credentials", "stacks", "organizations")}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    # The dates in the files are relative to this day, so review dates stay plausible; pass ``today`` (or
    # keep the default 2026-11-01) to get the same bytes on any day.
    today = today or dt.date(2026, 11, 1)
    rng = random.Random(f"catalog-{seed}")
    written = 0

    orgs = _make_orgs(rng)
    by_type: dict[str, list[Org]] = {}
    for org in orgs:
        by_type.setdefault(org.type, []).append(org)
    for org in orgs:
        text = dump(_org_document(org, rng), "organization")
        (folders["organizations"] / f"{org.id}.yaml").write_text(text, encoding="utf-8")
        written += len(text.encode())

    # Stacks: the first n_stacks credentials seed one stack each, then about half of the rest join one.
    n_stacks = max(1, round(count / CREDENTIALS_PER_STACK))
    members: list[list[int]] = [[] for _ in range(n_stacks)]
    for index in range(count):
        if index < n_stacks:
            members[index].append(index)
        elif rng.random() < 0.5:
            members[rng.randrange(n_stacks)].append(index)
    stacks_of: dict[int, list[str]] = {}
    stack_ids = [f"pathway-{k + 1}" for k in range(n_stacks)]
    for k, indexes in enumerate(members):
        for index in indexes:
            stacks_of.setdefault(index, []).append(stack_ids[k])

    ctx = _Context(orgs, by_type, stacks_of, today)
    credential_ids: list[str] = []
    for index in range(count):
        cid, doc = _credential(index, seed, ctx)
        credential_ids.append(cid)
        text = dump(doc, "credential")
        (folders["credentials"] / f"{cid}.yaml").write_text(text, encoding="utf-8")
        written += len(text.encode())

    issuers = [o for t in ISSUER_TYPES for o in by_type[t]]
    for k, indexes in enumerate(members):
        area = rng.choice(sorted(AREAS))
        stack: dict[str, Any] = {
            "id": stack_ids[k],
            "title": f"{area} Pathway {k + 1}",
            "summary": f"A sequence of micro-credentials in {area.lower()}, best earned in the order listed.",
            "description": f"This pathway builds a broader competency in {area.lower()} from discrete classroom "
                           "practices. Each member credential can be earned on its own; together they show "
                           "sustained, evidence-based practice across a school year.",
            "status": "active",
            "illustrative": True,
        }
        if k > 0 and rng.random() < 0.1:  # include earlier stacks only, so stacks never loop
            stack["stacks"] = sorted(rng.sample(stack_ids[:k], min(k, rng.randint(1, 2))))
        stack["credentials"] = [credential_ids[i] for i in indexes]
        stack["organizations"] = {"issuer": rng.choice(issuers).id}
        if rng.random() < 0.4:
            stack["capstone"] = {"title": f"{area} Certificate",
                                 "description": "Awarded after all member credentials and a capstone project "
                                                "presented to school leadership.",
                                 "url": f"https://pathways.example.org/{stack_ids[k]}/capstone"}
        text = dump(stack, "stack")
        (folders["stacks"] / f"{stack_ids[k]}.yaml").write_text(text, encoding="utf-8")
        written += len(text.encode())

    return GeneratedCatalog(root, credential_ids, stack_ids, [o.id for o in orgs], written,
                            time.perf_counter() - started)


def generate_catalog(root: Path, count: int, seed: int = 0) -> Path:
    """Create a full catalog repository with ``count`` credentials in ``root``; return ``root``.

    ``root`` is created if needed; its ``catalog/`` folder must not hold YAML files yet (so the real
    catalog can never be overwritten). Deterministic: the same ``count`` and ``seed`` give the same bytes.
    """
    return generate(root, count, seed).root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a generated catalog repository for benchmarks.")
    parser.add_argument("root", type=Path, help="folder to write (created; its catalog/ must be empty)")
    parser.add_argument("count", type=int, help="how many credentials")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    try:
        result = generate(args.root, args.count, args.seed)
    except (FileExistsError, ValueError) as exc:
        print(f"generate.py: {exc}", file=sys.stderr)
        return 2
    print(f"Wrote {len(result.credential_ids):,} credentials, {len(result.stack_ids):,} stacks and "
          f"{len(result.organization_ids)} organizations ({result.bytes_written / 1e6:.1f} MB) to {result.root} "
          f"in {result.seconds:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
