"""A typed record back in the schema's shape, for catalog.json: what recognizers' programs read.

Stated facts are written as the schema has them; a fact the issuer does not publish is the text
``not published`` (``not applicable`` likewise), exactly as the credential schema allows it, so the
record validates against credential.schema.json and a reader can tell "not published" from "not
recorded" (a fact missing from the entry is left out). Organizations are their ids; dates YYYY-MM-DD.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields, is_dataclass
from typing import Any

from ..model import NOT_APPLICABLE, NOT_PUBLISHED, Fact, OrgRef, QualityReview, Source, State

# Model fields that are not part of the file's record: where it lives, and what the model works out.
_SKIP = {("Credential", "file"), ("Credential", "inherited_from"), ("TeamMember", "org"), ("Source", "of"),
         ("Stack", "file"), ("Organization", "file")}
_MARKERS = {State.NOT_PUBLISHED: NOT_PUBLISHED, State.NOT_APPLICABLE: NOT_APPLICABLE}
_MARKER_TEXTS = (NOT_PUBLISHED, NOT_APPLICABLE)
# The groups a contributor may mark as a whole (the schema's anyOf on the group itself).
_GROUPS = {"Audience", "Research", "Development", "Training", "Submission", "Resubmission", "Feedback",
           "Transparency", "Recognition", "Platform", "Maintenance", "Access", "Cost"}
_ABSENT = object()


def record(node: Any) -> Any:
    """A model object (a Credential, Stack or Organization, or any part of one) as JSON types."""
    if isinstance(node, Fact):
        if node.state is State.STATED:
            return record(node.value)
        return _MARKERS.get(node.state, _ABSENT)
    if isinstance(node, OrgRef):
        return node.id
    if isinstance(node, QualityReview):
        found: dict[str, Any] = {"reviewer": node.reviewer}
        if node.organization is not None:
            found["organization"] = node.organization.id
        if node.date is not None:
            found["date"] = node.date.isoformat()
        if node.judgements:
            found["components"] = {cid: {"met": j.met, "rationale": j.rationale}
                                   for cid, j in sorted(node.judgements.items())}
        return found
    if isinstance(node, Source):
        found = {"url": node.url, "title": node.title}
        if node.accessed:
            found["accessed"] = node.accessed.isoformat()
        if node.fields:
            found["fields"] = list(node.fields)
        return found
    if is_dataclass(node) and not isinstance(node, type):
        kind = type(node).__name__
        out = {}
        for f in fields(node):
            if (kind, f.name) in _SKIP:
                continue
            raw = getattr(node, f.name)
            value = record(raw)
            if raw is False or value is _ABSENT or value in ("", None, [], {}):
                continue  # a plain False (illustrative, includes_media) is the absence of a claim
            out[f.name] = value
        # A group whose every fact carries the same marker was marked as a whole (`training: not published`).
        values = list(out.values())
        whole = kind in _GROUPS and len(values) > 1 and values[0] in _MARKER_TEXTS
        if whole and values.count(values[0]) == len(values):
            return values[0]
        return out
    if isinstance(node, tuple | list):
        return [v for v in (record(item) for item in node) if v is not _ABSENT]
    if isinstance(node, dict):
        return {str(k): record(v) for k, v in node.items()}
    if isinstance(node, dt.date):
        return node.isoformat()
    return node


def credential_record(credential: Any) -> dict[str, Any]:
    """The credential's record (with inherited defaults merged in), its own sources only."""
    found = record(credential)
    own = [record(s) for s in credential.sources if s.of is None]
    if own:
        found["sources"] = own
    else:
        found.pop("sources", None)
    return found


def inherited(credential: Any) -> dict[str, str]:
    """Where each inherited fact came from: {dotted field: organization id}, for the facts that name one."""
    found: dict[str, str] = {}

    def walk(node: Any, path: str) -> None:
        if isinstance(node, Fact):
            if node.origin is not None:
                found[path] = node.origin.id
                return
            node = node.value if node.stated else None
        if is_dataclass(node) and not isinstance(node, type) and not isinstance(node, OrgRef | Source):
            for f in fields(node):
                walk(getattr(node, f.name), f"{path}.{f.name}" if path else f.name)

    walk(credential, "")
    return dict(sorted(found.items()))


def stack_record(stack: Any) -> dict[str, Any]:
    """A stack in the stack schema's shape."""
    found = record(stack)
    issuer = found.pop("issuer", None)
    if issuer:
        found["organizations"] = {"issuer": issuer}
    return found


def organization_record(organization: Any) -> dict[str, Any]:
    """An organization: its own fields, and which groups of facts it sets for the credentials that name it
    (each credential's record has those facts merged in, with ``inherited`` naming this organization)."""
    found = record(organization)
    groups = found.pop("defaults", None)
    if groups:
        found["sets_defaults_for"] = groups
    return found
