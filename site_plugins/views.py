"""Build step 6a: what each page says, from the typed model (model.py) and the scorecards.

Templates never see the contributor's YAML. They see these views: every fact already put into words by
``wording.say`` (stated, not published with the date it was checked, missing, or not applicable, and the
organization whose defaults set it), items ordered for reading (required resources first), names and
labels looked up (organization names, stack titles, the schema's titles of enum values). Keeping this
apart from rendering means the layout can change without touching what a page says.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from . import stack_graph
from .approved_lists import ApprovedList, Standing
from .labels import Labels
from .model import (
    UNLIMITED,
    Alignment,
    Credential,
    Criterion,
    Currency,
    EvidenceItem,
    Organization,
    OrgRef,
    OutsideMember,
    Reference,
    Resource,
    Source,
    Stack,
    State,
    Support,
    TeamMember,
    lookup,
)
from .pipeline import Build
from .quantities import hours, money
from .recognition import Grant, credential_grants
from .render import safe_url
from .scoring import ComponentResult, Scorecard, StandardResult
from .wording import Said, hours_short, say


@dataclass(frozen=True, slots=True)
class Row:
    """One fact of a section: its label and what is said about it."""

    label: str
    said: Said
    url: str = ""  # a stated web address, linked


@dataclass(frozen=True, slots=True)
class Link:
    """An item of a list: its text, and its web address when it has a safe one."""

    text: str
    url: str = ""


def link(text: str, url: str = "") -> Link:
    return Link(text, safe_url(url))


@dataclass(frozen=True, slots=True)
class Item:
    """A credential in a list (stack, organization): its title, its headline and whether it is a sample."""

    id: str
    title: str
    illustrative: bool
    headline: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class SourceView:
    title: str
    url: str
    accessed: str
    fields: tuple[str, ...]  # the titles of the fields it supports; none: the whole file
    of: OrgRef | None  # the organization whose file cites it (for its defaults); None: the entry's own


@dataclass(frozen=True, slots=True)
class StackPlace:
    id: str
    title: str
    position: int
    size: int
    previous: Item | None
    next: Item | None


@dataclass(frozen=True)
class CredentialView:
    """A credential page: the model's identity, its facts in words, section by section, and its scorecard."""

    c: Credential
    card: Scorecard
    enrol: str  # the issuer's page for it, where an educator enrols: a safe address, or ""
    level: str
    facts: tuple[Row, ...]  # the short facts under the summary: cost, time, recognition...
    stacks: tuple[StackPlace, ...]
    area: Said
    skills: Said
    method: tuple[Row, ...]
    evidence: Said
    evaluation: tuple[Row, ...]
    criteria: Said
    resources: Said
    exemplars: Said
    process: tuple[Row, ...]
    supports: Said
    access: tuple[Row, ...]
    team: Said
    development: tuple[Row, ...]
    references: Said
    research: tuple[Row, ...]
    record: tuple[Row, ...]
    maintenance: tuple[Row, ...]
    sources: tuple[SourceView, ...]
    standards: tuple[tuple[StandardResult, tuple[ComponentResult, ...]], ...]  # each with its components
    counts_for: tuple[Grant, ...] = ()  # where it counts: its own grants, then its approved lists'
    lists: tuple[ListPlace, ...] = ()  # the approved lists it is on, or has left


@dataclass(frozen=True, slots=True)
class ListPlace:
    """A credential's place on one approved list: on it since a day, or left it (when known, and why)."""

    list: ApprovedList
    standing: Standing


@dataclass(frozen=True, slots=True)
class EvidenceView:
    id: str
    title: str
    tags: tuple[str, ...]
    description: Said
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CriterionView:
    criterion: str
    proficient: Said
    evidence: tuple[tuple[str, str], ...]  # (evidence id, its title)


@dataclass(frozen=True, slots=True)
class ResourceView:
    title: str
    url: str
    required: str  # "Required", "Optional", or "" when not stated
    access: str  # its title ("Free", "Paid (purchase)"), "" when not stated
    free: bool
    type: str


@dataclass(frozen=True, slots=True)
class MemberView:
    name: str
    title: str
    org: OrgRef | None
    organization: str  # as written, when it names no catalog organization
    role: str
    practising: bool


class _Teller:
    """Says the facts of one credential, with the date its sources were read behind each unknown."""

    def __init__(self, credential: Credential, labels: Labels) -> None:
        self.c = credential
        self.labels = labels

    def __call__(self, path: str, show: Any = None, each: Any = None) -> Said:
        fact = lookup(self.c, path)
        return say(fact, self.c.read_on(path), show, each)

    def row(self, label: str, path: str, show: Any = None) -> Row:
        return Row(label, self(path, show))

    def url_row(self, label: str, path: str) -> Row:
        said = self(path)
        return Row(label, said, safe_url(said.text) if said.stated else "")

    def title(self, path: str) -> Any:
        """A ``show`` that writes an enum value as its title (the schema's)."""
        return lambda value: self.labels.value(path, value)

    def titles(self, path: str) -> Any:
        """A ``show`` that writes a list of enum values with their titles."""
        return lambda values: ", ".join(self.labels.value(path, v) for v in values)


def credential_view(build: Build, cid: str, labels: Labels) -> CredentialView:
    """The view of one credential: ``build`` gives the model, the scorecard, the stacks and the titles."""
    c: Credential = build.credentials[cid]
    card: Scorecard = build.scorecards[cid]
    tell = _Teller(c, labels)
    evidence_titles = {e.id: e.title for e in c.evidence.items}
    return CredentialView(
        c=c,
        card=card,
        enrol=safe_url(c.url.or_("")),
        level=card.level,
        facts=(
            Row("Cost", _cost(c, tell)),
            tell.row("Estimated time", "access.estimated_hours", hours),
            tell.row("Completion window", "access.completion_window"),
            Row("Recognised for", tell("recognition.currency", each=lambda i: link(_currency(i, labels)))),
            tell.row("Roles", "audience.roles", tell.titles("audience.roles")),
            tell.row("Grade bands", "audience.grade_bands", _grades(c, tell.titles("audience.grade_bands"))),
            tell.row("Subjects", "audience.subjects", tell.titles("audience.subjects")),
        ),
        stacks=tuple(_places(build, c)),
        area=tell("competency.area"),
        skills=tell("competency.skills", each=link),
        method=(
            tell.row("The method", "competency.key_method"),
            Row("Its components", tell("competency.method_components", each=link)),
            Row("Aligned to", tell("competency.alignments", each=_alignment)),
        ),
        evidence=tell("evidence", each=lambda e: _evidence(e, labels)),
        evaluation=(
            tell.row("Levels", "evaluation.levels", ", ".join),
            tell.row("To earn it", "evaluation.pass_rule"),
        ),
        criteria=tell("evaluation.criteria", each=lambda cr: _criterion(c, cr, evidence_titles)),
        resources=_required_first(tell("resources", each=lambda r: _resource(r, labels))),
        exemplars=tell("exemplars", each=lambda x: link(x.title, x.url)),
        process=(
            tell.row("Submitting", "submission.instructions"),
            Row("Resubmitting", _resubmission(c, tell)),
            tell.row("Feedback", "feedback.process"),
            tell.row("Feedback within", "feedback.timeline_days", _days(c)),
            tell.row("Feedback includes", "feedback.includes", tell.titles("feedback.includes")),
            tell.row("Orientation", "training.pursuer_orientation"),
        ),
        supports=tell("access.supports", each=lambda s: _support(s, labels)),
        access=(
            tell.row("Accessibility", "access.wcag", tell.title("access.wcag")),
            tell.row("Accessibility statement", "access.accessibility_statement"),
            tell.row("Help with cost", "access.cost_supports"),
        ),
        team=tell("development.team", each=lambda m: _member(m, labels)),
        development=(
            tell.row("How the team was chosen", "development.team_criteria"),
            tell.row("Peer review", "development.peer_review"),
            tell.row("Developer training", "training.developers"),
            tell.row("Assessor training", "training.assessors"),
        ),
        references=tell("research.references", each=_reference),
        research=(tell.row("How it aligns", "research.alignment"),),
        record=(
            tell.row("Record earners receive", "recognition.record", tell.title("recognition.record")),
            tell.row("Record standard", "recognition.standard", tell.title("recognition.standard")),
            tell.url_row("Verified metadata", "recognition.metadata_url"),
            tell.row("Platform", "recognition.platform.name"),
            tell.url_row("Platform's address", "recognition.platform.url"),
            tell.row("Record retention", "recognition.platform.retention"),
            tell.url_row("Where every part can be read", "transparency.url"),
            tell.row("Who can read the materials", "transparency.access"),
        ),
        maintenance=(
            tell.row("Last reviewed", "maintenance.last_reviewed", lambda d: d.isoformat()),
            tell.row("Review cycle", "maintenance.review_cycle_months",
                     lambda m: f"every {m} month{'s' if m != 1 else ''}"),
            tell.row("How feedback improves it", "maintenance.feedback_process"),
        ),
        sources=sources_view(c.sources, labels),
        standards=tuple((s, tuple(r for r in card.components if r.standard == s.id)) for s in card.standards),
        counts_for=tuple(credential_grants(build, cid, labels)),
        lists=tuple(ListPlace(build.approved_lists[lid], rows[cid]) for lid, rows in build.standings().items()
                    if cid in rows),
    )


def _cost(c: Credential, tell: _Teller) -> Said:
    """The cost in words: the fee (or what is known of it), the members' fee, and the note."""
    cost = c.access.cost
    said = tell("access.cost.amount", lambda a: money(a, cost.currency))
    text = said.text
    if cost.member_amount.stated and cost.member_amount.value is not None:
        who = cost.members_of.name if cost.members_of else "members"
        text += f"; {money(cost.member_amount.value, cost.currency).lower()} for members of {who}"
    if cost.note.stated:
        text += f" ({cost.note.value})"
    return Said(said.state, text, said.origin)


def _days(c: Credential) -> Any:
    """A turnaround as the issuer counts it: "14 business days", "30 days"."""
    business = "business " if c.feedback.timeline_unit.or_("") == "business-days" else ""
    return lambda d: f"{d} {business}day{'s' if d != 1 else ''}"


def _grades(c: Credential, titles: Any) -> Any:
    """The bands, and the issuer's own words for the grades when the file keeps them (grade_spans.py)."""
    span = c.audience.grade_span

    def show(value: Any) -> str:
        shown = titles(value)
        return f"{shown} (the issuer's words: {span.value})" if span.stated else shown

    return show


def _resubmission(c: Credential, tell: _Teller) -> Said:
    attempts = c.submission.resubmission.attempts
    instructions = c.submission.resubmission.instructions
    if not attempts.stated and not instructions.stated:
        return tell("submission.resubmission.attempts")
    parts = []
    if attempts.stated:
        n = attempts.value
        parts.append("Resubmission is unlimited." if n == UNLIMITED else "No resubmission is offered." if n == 0
                     else f"Up to {n} resubmission{'s' if n != 1 else ''}.")
    if instructions.stated:
        parts.append(str(instructions.value))
    return Said(State.STATED, " ".join(parts), attempts.origin or instructions.origin)


def _currency(item: Currency, labels: Labels) -> str:
    text = labels.value("recognition.currency.type", item.type)
    if item.amount is not None:
        text += f": {item.amount:g} {item.unit}".rstrip()
    text += f" in {item.jurisdiction}" if item.jurisdiction else ", not tied to a jurisdiction"
    if item.recognizer is not None:
        text += f" ({item.recognizer.name})"
    return text + (f". {item.note}" if item.note else "")


def _alignment(a: Alignment) -> Link:
    text = a.framework + (f" {a.code}" if a.code else "") + (f": {a.name}" if a.name else "")
    return link(text, a.url)


def _limits(e: EvidenceItem) -> list[str]:
    """The issuer's limits on a part, as it states them ("250–300 words, as a guide")."""
    least, most = e.min_words.or_(None), e.word_limit.or_(None)
    notes = []
    if least and most:
        notes.append(f"{least:,}–{most:,} words.")
    elif least:
        notes.append(f"At least {least:,} words.")
    elif most:
        notes.append(f"At most {most:,} words.")
    if e.artifacts.stated:
        n = e.artifacts.value
        notes.append(f"{n} artifact{'s' if n != 1 else ''}.")
    if e.video_minutes.stated:
        notes.append(f"Video of at most {e.video_minutes.value:g} minutes.")
    if e.limits_note.stated:
        notes.append(f"({e.limits_note.value})" if notes else e.limits_note.value)
    return notes


def _evidence(e: EvidenceItem, labels: Labels) -> EvidenceView:
    tags = tuple(t for t in (e.part.or_(""), labels.value("evidence.type", e.type.value) if e.type.stated else "") if t)
    notes = []
    notes.extend(_limits(e))
    if e.from_practice.or_(False):
        extra = (", including anonymised student work" if e.includes_student_work else "") + (
            ", including media" if e.includes_media else "")
        notes.append(f"From your own practice{extra}.")
    description = say(e.description) if not e.description.missing else Said(State.MISSING, "")
    return EvidenceView(e.id, e.title, tags, description, tuple(notes))


def _criterion(c: Credential, cr: Criterion, titles: Mapping[str, str]) -> CriterionView:
    proficient = say(cr.proficient, c.read_on("evaluation.criteria"))
    return CriterionView(cr.criterion, proficient, tuple((ref, titles.get(ref, ref)) for ref in cr.evidence.items))


def _resource(r: Resource, labels: Labels) -> ResourceView:
    required = {True: "Required", False: "Optional"}.get(r.required.value, "") if r.required.stated else ""
    access = labels.value("resources.access", r.access.value) if r.access.stated else ""
    return ResourceView(r.title, safe_url(r.url), required, access, r.access.or_("") == "free",
                        labels.value("resources.type", r.type) if r.type else "")


def _required_first(said: Said) -> Said:
    ordered = sorted(said.items, key=lambda r: (r.required != "Required", r.title.casefold()))
    return replace(said, items=tuple(ordered))


def _support(s: Support, labels: Labels) -> Row:
    text = labels.value("access.supports.type", s.type)
    if s.description.stated:
        text += f": {s.description.value}"
    return Row(labels.value("access.supports.mode", s.mode), Said(State.STATED, text))


def _member(m: TeamMember, labels: Labels) -> MemberView:
    written = m.organization.or_("") if m.org is None else ""
    return MemberView(m.name, m.title.or_(""), m.org, written, labels.value("development.team.role", m.role),
                      m.current_practitioner.or_(False) is True)


def _reference(ref: Reference) -> tuple[str, str, bool]:
    return ref.citation, safe_url(ref.url), ref.peer_reviewed.or_(False) is True


def sources_view(sources: tuple[Source, ...], labels: Labels, own: bool = False) -> tuple[SourceView, ...]:
    """The sources as a page lists them; ``own``: all are the page's own (an organization's page)."""
    return tuple(SourceView(s.title, safe_url(s.url), s.accessed.isoformat() if s.accessed else "",
                            tuple(labels.field(f) for f in s.fields), None if own else s.of) for s in sources)


def _places(build: Build, c: Credential) -> list[StackPlace]:
    """Where the credential sits in each stack, counting the members outside the catalog ("part 3 of 15")."""
    places = []
    for sid in c.stacks:
        stack: Stack | None = build.stacks.get(sid)
        if stack is None:
            continue
        sequence = stack.sequence()
        members = list(stack.credentials)
        at = members.index(c.id) if c.id in members else -1
        position = sequence.index(c.id) + 1 if c.id in sequence else 0
        places.append(StackPlace(sid, stack.title, position, stack.total, _item(build, members, at - 1),
                                 _item(build, members, at + 1)))
    return places


def _item(build: Build, members: list[str], index: int) -> Item | None:
    if index < 0 or index >= len(members) or members[index] not in build.credentials:
        return None
    return item(build, members[index])


def item(build: Build, cid: str, note: str = "") -> Item:
    c: Credential = build.credentials[cid]
    card = build.scorecards.get(cid)
    return Item(cid, c.title, c.illustrative, card.badge_text if card else "", note)


# ---- stacks -----------------------------------------------------------------------------------------------


def stack_members(build: Build, sid: str) -> list[str]:
    """Every credential of a stack in earning order: included stacks first, then its own credentials (walked
    without recursion, stack_graph.py: any depth of inclusion works)."""
    return stack_graph.members(build.stacks, build.credentials, sid)


@dataclass(frozen=True)
class PathStep:
    """One place of a stack's pathway: a catalog credential, or a member the catalog does not hold."""

    item: Item | None
    outside: OutsideMember | None


@dataclass(frozen=True)
class StackView:
    s: Stack
    members: tuple[Item, ...]
    steps: tuple[PathStep, ...]  # every member in the issuer's order, outside ones included
    total_time: str
    combined: tuple[str, ...]
    included: tuple[tuple[str, str], ...]
    parents: tuple[tuple[str, str], ...]
    sources: tuple[SourceView, ...]


def stack_view(build: Build, sid: str, labels: Labels) -> StackView:
    stack: Stack = build.stacks[sid]
    members = stack_members(build, sid)
    total = 0.0
    unknown = 0
    combined: Counter[tuple[str, str, str]] = Counter()
    items = []
    for cid in members:
        c: Credential = build.credentials[cid]
        time = c.access.estimated_hours
        if time.stated and time.value is not None:
            total += time.value
        else:
            unknown += 1
        items.append(item(build, cid, hours_short(time)))
        for grant in c.recognition.currency.items:
            if grant.amount is not None:
                combined[(labels.value("recognition.currency.type", grant.type), grant.unit, grant.jurisdiction)] += (
                    grant.amount)
    by_id = {i.id: i for i in items}
    included = [i.id for i in items if i.id not in stack.credentials]  # from included stacks, first
    path = [*included, *(m for m in stack.sequence() if not isinstance(m, str) or m in by_id)]
    steps = tuple(PathStep(by_id[m], None) if isinstance(m, str) else PathStep(None, m) for m in path)
    return StackView(
        s=stack,
        members=tuple(items),
        steps=steps,
        total_time=_total_time(total, unknown + len(stack.outside), len(members) + len(stack.outside)),
        combined=tuple(f"{kind}: {amount:g} {unit}".rstrip() + (f" in {where}" if where else "")
                       for (kind, unit, where), amount in sorted(combined.items())),
        included=tuple((s, build.stacks[s].title) for s in stack.stacks if s in build.stacks),
        parents=tuple((s.id, s.title) for s in build.stacks.values() if sid in s.stacks),
        sources=sources_view(stack.sources, labels),
    )


def _total_time(total: float, unknown: int, count: int) -> str:
    if count and unknown == count:
        return "Time not published for any of its credentials"
    text = hours(total)
    if unknown:
        text += f", plus {unknown} credential{'s' if unknown != 1 else ''} whose time is not published"
    return text


# ---- organizations --------------------------------------------------------------------------------------------

ROLE_NAMES = {
    "developer": "Develops", "issuer": "Issues", "platform": "Hosts on its platform",
    "deliverers": "Delivers", "assessors": "Assesses", "partners": "Partners on", "recognizer": "Recognises",
}


@dataclass(frozen=True)
class OrganizationView:
    o: Organization
    type: str
    roles: tuple[tuple[str, tuple[Item, ...]], ...]
    stacks: tuple[tuple[str, str, bool], ...]  # (id, title, illustrative)
    defaults: tuple[str, ...]  # the titles of the groups of facts it sets for its credentials
    sources: tuple[SourceView, ...]
    lists: tuple[ApprovedList, ...] = ()  # the approved lists it keeps


Roles = dict[str, dict[str, list[Item]]]  # organization id -> role -> the credentials it has that role in


def organization_roles(build: Build, labels: Labels) -> Roles:
    """What each organization does for which credentials, in one pass over the catalog (not one per page)."""
    found: Roles = {}
    for cid in sorted(build.credentials):
        c: Credential = build.credentials[cid]
        named = c.organizations
        listed = item(build, cid)
        for role, refs in (("developer", (named.developer,)), ("issuer", (named.issuer,)),
                           ("platform", (named.platform,)), ("deliverers", named.deliverers),
                           ("assessors", named.assessors), ("partners", named.partners)):
            for oid in dict.fromkeys(ref.id for ref in refs if ref is not None):
                found.setdefault(oid, {}).setdefault(role, []).append(listed)
        granted: dict[str, list[str]] = {}
        for grant in c.recognition.currency.items:
            if grant.recognizer is not None:
                granted.setdefault(grant.recognizer.id, []).append(_currency(grant, labels))
        for oid, grants in granted.items():
            found.setdefault(oid, {}).setdefault("recognizer", []).append(item(build, cid, "; ".join(grants)))
    return found


def organization_view(build: Build, oid: str, roles: Roles, labels: Labels, org_labels: Labels) -> OrganizationView:
    """The view of one organization; ``roles``: ``organization_roles`` of the whole catalog."""
    org: Organization = build.organizations[oid]
    mine = roles.get(oid, {})
    return OrganizationView(
        o=org,
        type=org_labels.value("type", org.type),
        roles=tuple((ROLE_NAMES[k], tuple(mine[k])) for k in ROLE_NAMES if mine.get(k)),
        stacks=tuple((s.id, s.title, s.illustrative) for s in build.stacks.values()
                     if s.issuer is not None and s.issuer.id == oid),
        defaults=tuple(labels.field(group) for group in org.defaults),
        sources=sources_view(org.sources, org_labels, own=True),
        lists=tuple(a for a in build.approved_lists.values() if a.recognizer.id == oid),
    )
