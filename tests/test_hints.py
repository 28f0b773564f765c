"""Every "did you mean" hint, from a table of mistakes written the way issuers' pages word things.

Programmes publish "Price", "Duration", a "Scoring guide", "Supporting research", "Submission guidelines",
"PD hours" and "Open Badges"; contributors copy those words into field names and values. Each row edits the
valid sample credential as such a contributor would, runs the real `credcat validate`, and asserts the hint
(or that no hint is given, where any guess would claim more than the source says).
"""

from __future__ import annotations

import pytest
from samples import CREDENTIAL_PATH as CREDENTIAL
from test_validate import replaced

TEAM = ("development:\n  team:\n    - name: A. Writer\n      role: content-expert\n"
        "      {field}: true\n")

# (name, old text, new text, words the message must hold, words it must not hold)
ROWS = [
    # Field names: by meaning, wherever the field is.
    ("duration for hours", "  estimated_hours: 12", "  duration: 12",
     ["unknown field `duration` in `access`", "did you mean `estimated_hours`?"], []),
    ("price at the top", "status: active\n", "status: active\nprice: 0\n",
     ["unknown field `price`", "did you mean `access.cost`?"], []),
    ("scoring guide", "status: active\n", "status: active\nscoring_guide: See the rubric\n",
     ["did you mean `evaluation.criteria`?"], []),
    ("supporting research", "status: active\n", "status: active\nsupporting_research: Cited studies\n",
     ["did you mean `research`?"], []),
    ("submission guidelines", "status: active\n", "status: active\nsubmission guidelines: Upload a PDF\n",
     ["did you mean `submission`?"], ["comma"]),
    ("turnaround", "maintenance:\n", "feedback:\n  turnaround: 10\nmaintenance:\n",
     ["unknown field `turnaround` in `feedback`", "did you mean `timeline_days`?"], []),
    ("tags", "status: active\n", "status: active\ntags: [assessment]\n", ["did you mean `keywords`?"], []),
    ("grades", "  grade_bands:", "  grades:", ["in `audience`", "did you mean `grade_bands`?"], []),
    # A list of sources is not `resources`: the field of that name is at the top of the file.
    ("sources inside competency", "  area: Formative assessment\n",
     "  area: Formative assessment\n  sources: [a page]\n",
     ["unknown field `sources` in `competency`", "`sources` belongs at the top of the file"], ["resources"]),
    # "developers" names two different things here: both are offered, with what each is.
    ("developers", "status: active\n", "status: active\ndevelopers: [A. Writer]\n",
     ["`development.team`", "`training.developers`"], []),
    # A partner is not a practitioner: no guess, the allowed fields instead.
    ("partner in a team member", "organizations:\n", TEAM.format(field="partner") + "organizations:\n",
     ["unknown field `partner`", "The fields allowed here are:", "current_practitioner"], ["did you mean"]),
    # Typos: one slip from one name.
    ("typo", "status: active", "stauts: active", ["did you mean `status`?"], []),
    ("swapped letters", "  area: Formative", "  aera: Formative", ["did you mean `area`?"], []),
    # Nothing like any field: what the place holds, and its fields.
    ("no match", "  estimated_hours: 12", "  estimated_hours: 12\n  zzz: 1",
     ["unknown field `zzz` in `access`", "This part of the file holds:", "The fields allowed here are:"],
     ["did you mean"]),
    # Values: an allowed value's title, or its spelling.
    ("grade band as written", 'grade_bands: ["3-5", "6-8"]', 'grade_bands: ["K–2"]', ["Did you mean 'k-2'?"], []),
    ("PD hours", "      type: pd-hours", "      type: PD Hours", ["Did you mean 'pd-hours'?"], []),
    ("plural role", "roles: [teacher]", "roles: [teachers]", ["Did you mean 'teacher'?"], []),
    # Roles as programmes name them, onto the CEDS-based list by the values' other names.
    ("librarian", "roles: [teacher]", "roles: [librarian]", ["Did you mean 'librarian-media-specialist'?"], []),
    ("principals", "roles: [teacher]", "roles: [principals]", ["Did you mean 'school-leader'?"], []),
    ("aspiring educators", "roles: [teacher]", "roles: [aspiring educators]",
     ["Did you mean 'pre-service-teacher'?"], []),
    ("bus driver", "roles: [teacher]", "roles: [bus driver]", ["not an allowed value", "Use one of:"],
     ["Did you mean"]),
    ("educators is not narrowed to teachers", "roles: [teacher]", "roles: [educators]", ["Use one of:"],
     ["Did you mean"]),
    ("partner as a team role", "organizations:\n",
     "development:\n  team:\n    - name: A. Writer\n      role: partner\norganizations:\n",
     ["`role` of `development.team` item 1 is 'partner'", "Use one of:"], ["Did you mean"]),
    # "Open Badges" names no version: never guessed as 3.0.
    ("Open Badges without a version", "recognition:\n", "recognition:\n  standard: Open Badges\n",
     ["'Open Badges' matches open-badges-2.0, open-badges-3.0", "write the one your source states"],
     ["Did you mean"]),
    ("WCAG as written", "  estimated_hours: 12", "  estimated_hours: 12\n  wcag: WCAG 2.1 AA",
     ["Did you mean '2.1 AA'?"], []),
]


@pytest.mark.parametrize(("old", "new", "wanted", "unwanted"), [row[1:] for row in ROWS],
                         ids=[row[0] for row in ROWS])
def test_hint(check, valid_credential_text, old, new, wanted, unwanted):
    lines = check(replaced(valid_credential_text, old, new))
    assert lines, "the edit should be a problem"
    text = "\n".join(lines)
    assert all(line.startswith(CREDENTIAL + ":") for line in lines), text
    for word in wanted:
        assert word in text, f"{word!r} not in:\n{text}"
    for word in unwanted:
        assert word not in text, f"{word!r} in:\n{text}"


def test_a_missing_organization_is_only_guessed_for_a_slip(check, valid_credential_text):
    far = check(replaced(valid_credential_text, "issuer: sample-org", "issuer: sampling-office"))
    assert not any("Did you mean" in line for line in far), far
    assert any("Add catalog/organizations/sampling-office.yaml" in line for line in far), far


def test_hints_use_the_schema_not_a_list_in_code():
    """Other names are data in the schema, so contributors can extend them."""
    from pathlib import Path

    from site_plugins.hints import field_hint, schema_fields
    from site_plugins.schemas import load_schemas

    schema = load_schemas(Path(__file__).resolve().parents[1])["credential"]
    fields = schema_fields(schema)
    cost = next(f for f in fields if f.path == "access.cost")
    assert "price" in cost.aliases
    assert field_hint("price", "", ["status", "title"], fields) == "did you mean `access.cost`?"
    edited = [f if f.path != "access.cost" else type(f)(f.path, f.parent, f.name, f.title, (), ()) for f in fields]
    assert field_hint("price", "", ["status", "title"], edited) is None
