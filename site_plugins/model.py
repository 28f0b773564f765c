"""Build step 4: the typed model that scoring, pages, cards, search and every export read.

The contributor's YAML, with its organization defaults merged in (resolve.py), is converted here, once,
into small frozen dataclasses. Nothing downstream sees the YAML's shape: templates read attributes, rules
read facts by the schema's dotted names (``lookup``), exports serialise the model.

Every fact an educator or the rubric needs is a ``Fact``: its ``state`` says what is known about it
(stated, ``not published`` by the issuer, not applicable, or missing: the entry says nothing), its
``value`` is there only when stated, and its ``origin`` names the organization whose defaults set it
(None: the credential's own file). A group the contributor marked ``not published`` as a whole gives
that state to every fact inside it. Nothing unknown ever becomes a number: an unknown cost is not 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar

from . import grade_spans
from .resolve import OWN, Resolved

T = TypeVar("T")
NOT_PUBLISHED = "not published"
NOT_APPLICABLE = "not applicable"


class State(StrEnum):
    STATED = "stated"
    NOT_PUBLISHED = "not_published"
    NOT_APPLICABLE = "not_applicable"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class OrgRef:
    """An organization a credential names: its id, its name (the id when it is not in the catalog)."""

    id: str
    name: str
    in_catalog: bool = True
    url: str = ""  # its own web address, when its file gives one

    @property
    def page(self) -> str:
        """Its catalog page, relative to the site root ('' when it has none)."""
        return f"organizations/{self.id}/" if self.in_catalog else ""


@dataclass(frozen=True, slots=True)
class Fact(Generic[T]):
    """One fact and what is known about it."""

    state: State
    value: T | None = None
    origin: OrgRef | None = None  # the organization whose defaults set it; None: the credential's own file

    @property
    def stated(self) -> bool:
        return self.state is State.STATED

    @property
    def not_published(self) -> bool:
        return self.state is State.NOT_PUBLISHED

    @property
    def missing(self) -> bool:
        return self.state is State.MISSING

    @property
    def unknown(self) -> bool:
        """Not stated and not inapplicable: the catalog does not know it."""
        return self.state in (State.NOT_PUBLISHED, State.MISSING)

    def or_(self, default: Any) -> Any:
        """The value when stated, else ``default``."""
        return self.value if self.state is State.STATED else default

    @property
    def items(self) -> tuple[Any, ...]:
        """The items of a stated list; none otherwise (so templates can loop over any list fact)."""
        return self.value if self.state is State.STATED and isinstance(self.value, tuple) else ()


MISSING: Fact[Any] = Fact(State.MISSING)


# ---- the sections of a credential ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Alignment:
    framework: str
    code: str
    name: str
    url: str


@dataclass(frozen=True, slots=True)
class Competency:
    statement: str
    skills: Fact[tuple[str, ...]]
    key_method: Fact[str]
    method_components: Fact[tuple[str, ...]]
    area: Fact[str]
    alignments: Fact[tuple[Alignment, ...]]


@dataclass(frozen=True, slots=True)
class Audience:
    roles: Fact[tuple[str, ...]]
    grade_bands: Fact[tuple[str, ...]]  # as given, or read from ``grade_span`` (grade_spans.py)
    subjects: Fact[tuple[str, ...]]
    grade_span: Fact[str] = MISSING  # the issuer's own words for the grades


@dataclass(frozen=True, slots=True)
class Reference:
    citation: str
    url: str
    peer_reviewed: Fact[bool]


@dataclass(frozen=True, slots=True)
class Research:
    references: Fact[tuple[Reference, ...]]
    alignment: Fact[str]


@dataclass(frozen=True, slots=True)
class TeamMember:
    name: str
    role: str
    title: Fact[str]
    organization: Fact[str]  # as written: an organization id or a name
    org: OrgRef | None  # the catalog organization it names, if any
    current_practitioner: Fact[bool]


@dataclass(frozen=True, slots=True)
class Development:
    team: Fact[tuple[TeamMember, ...]]
    team_criteria: Fact[str]
    peer_review: Fact[str]


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    id: str
    title: str
    part: Fact[str]
    type: Fact[str]
    description: Fact[str]
    word_limit: Fact[int]  # the most words
    from_practice: Fact[bool]
    includes_student_work: bool
    includes_media: bool
    min_words: Fact[int] = MISSING
    video_minutes: Fact[float | int] = MISSING  # the longest a video may run
    artifacts: Fact[int] = MISSING  # how many artifacts the part asks for
    limits_note: Fact[str] = MISSING  # the issuer's words when its limits are a guide


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    criterion: str
    proficient: Fact[str]
    evidence: Fact[tuple[str, ...]]
    job_embedded: Fact[bool]


@dataclass(frozen=True, slots=True)
class Evaluation:
    levels: Fact[tuple[str, ...]]
    pass_rule: Fact[str]
    criteria: Fact[tuple[Criterion, ...]]


@dataclass(frozen=True, slots=True)
class Resource:
    title: str
    url: str
    type: str
    access: Fact[str]
    required: Fact[bool]


@dataclass(frozen=True, slots=True)
class Exemplar:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Training:
    developers: Fact[str]
    assessors: Fact[str]
    pursuer_orientation: Fact[str]


@dataclass(frozen=True, slots=True)
class Resubmission:
    attempts: Fact[int | str]  # a number (0: none), or UNLIMITED
    instructions: Fact[str]


@dataclass(frozen=True, slots=True)
class Submission:
    instructions: Fact[str]
    resubmission: Resubmission


@dataclass(frozen=True, slots=True)
class Feedback:
    process: Fact[str]
    timeline_days: Fact[int]
    includes: Fact[tuple[str, ...]]
    timeline_unit: Fact[str] = MISSING  # "business-days" when the issuer counts those; else calendar days


@dataclass(frozen=True, slots=True)
class Transparency:
    url: Fact[str]
    access: Fact[str]


@dataclass(frozen=True, slots=True)
class Platform:
    name: Fact[str]
    url: Fact[str]
    retention: Fact[str]


@dataclass(frozen=True, slots=True)
class Currency:
    """What one recognizer grants for the credential."""

    jurisdiction: str
    type: str
    recognizer: OrgRef | None
    amount: float | None  # None: the amount is not stated (never 0)
    unit: str
    note: str  # its conditions
    source: str = ""  # the recognizer's page that says so
    verified: dt.date | None = None  # when someone last checked that page


@dataclass(frozen=True, slots=True)
class Recognition:
    record: Fact[str]
    standard: Fact[str]
    metadata_url: Fact[str]
    platform: Platform
    currency: Fact[tuple[Currency, ...]]


@dataclass(frozen=True, slots=True)
class Maintenance:
    review_cycle_months: Fact[int]
    last_reviewed: Fact[dt.date]
    feedback_process: Fact[str]


@dataclass(frozen=True, slots=True)
class Cost:
    amount: Fact[float]
    currency: str
    member_amount: Fact[float]
    members_of: OrgRef | None
    note: Fact[str]

    @property
    def free(self) -> bool:
        """Known to be free (to everyone, or to the members the credential names)."""
        return self.amount.or_(None) == 0 or self.member_amount.or_(None) == 0


@dataclass(frozen=True, slots=True)
class Support:
    type: str
    mode: str
    description: Fact[str]


@dataclass(frozen=True, slots=True)
class Access:
    cost: Cost
    cost_supports: Fact[str]
    wcag: Fact[str]
    accessibility_statement: Fact[str]
    estimated_hours: Fact[float]
    completion_window: Fact[str]
    supports: Fact[tuple[Support, ...]]


@dataclass(frozen=True, slots=True)
class Organizations:
    issuer: OrgRef
    developer: OrgRef | None
    platform: OrgRef | None
    deliverers: tuple[OrgRef, ...]
    assessors: tuple[OrgRef, ...]
    partners: tuple[OrgRef, ...]


@dataclass(frozen=True, slots=True)
class Judgement:
    met: bool
    rationale: str


@dataclass(frozen=True, slots=True)
class QualityReview:
    reviewer: str
    organization: OrgRef | None  # an organization id resolves to its name; a name stays as written
    date: dt.date | None
    judgements: Mapping[str, Judgement]


@dataclass(frozen=True, slots=True)
class Source:
    """A public page facts were taken from, and the date it was read."""

    url: str
    title: str
    accessed: dt.date | None
    fields: tuple[str, ...]
    of: OrgRef | None = None  # an organization's source (for its defaults); None: the credential's own

    def covers(self, path: str) -> bool:
        """Whether it supports the field ``path`` (a source naming no fields supports the whole file)."""
        return not self.fields or any(path == f or path.startswith(f + ".") for f in self.fields)


@dataclass(frozen=True, slots=True)
class Credential:
    """A credential as every output sees it."""

    id: str
    file: str  # its catalog file, as the contributor knows it
    title: str
    summary: str
    description: str
    status: str
    illustrative: bool
    version: str
    language: str
    keywords: tuple[str, ...]
    previous_ids: tuple[str, ...]
    stacks: tuple[str, ...]
    url: Fact[str]  # its own page at the issuer, where an educator enrols
    competency: Competency
    audience: Audience
    research: Research
    development: Development
    evidence: Fact[tuple[EvidenceItem, ...]]
    evaluation: Evaluation
    resources: Fact[tuple[Resource, ...]]
    exemplars: Fact[tuple[Exemplar, ...]]
    training: Training
    submission: Submission
    feedback: Feedback
    transparency: Transparency
    recognition: Recognition
    maintenance: Maintenance
    access: Access
    organizations: Organizations
    quality_review: QualityReview | None
    sources: tuple[Source, ...]  # its own, then those of the organizations it inherits from
    inherited_from: tuple[OrgRef, ...] = field(default=())  # organizations whose defaults it inherits
    ctid: str = ""  # its permanent Credential Transparency Identifier; "" when the file has none

    def fact(self, path: str) -> Any:
        """The fact (or section) at a dotted schema path, such as ``training.assessors``."""
        return lookup(self, path)

    def sources_for(self, path: str) -> tuple[Source, ...]:
        """The sources that support the field ``path``, the credential's own before its organizations'."""
        return tuple(s for s in self.sources if s.covers(path))

    def read_on(self, path: str) -> dt.date | None:
        """When the sources that support ``path`` were last read: the date behind "not published"."""
        dates = [s.accessed for s in self.sources_for(path) if s.accessed]
        return max(dates) if dates else None


@dataclass(frozen=True, slots=True)
class Capstone:
    title: str
    description: str
    url: str


@dataclass(frozen=True, slots=True)
class OutsideMember:
    """A member of a stack that is not in the catalog."""

    title: str
    url: str
    position: int | None


@dataclass(frozen=True, slots=True)
class Stack:
    id: str
    file: str
    title: str
    summary: str
    description: str
    status: str
    illustrative: bool
    credentials: tuple[str, ...]
    stacks: tuple[str, ...]
    issuer: OrgRef | None
    capstone: Capstone | None
    sources: tuple[Source, ...]
    outside: tuple[OutsideMember, ...] = ()  # members not in the catalog, named
    size: int | None = None  # how many the issuer's stack has in all, where it says

    def sequence(self) -> tuple[str | OutsideMember, ...]:
        """Every member in the issuer's order: catalog ids and outside members, by their numbers where given
        (catalog members fill the places left, in the order the file lists them), else catalog ones first."""
        placed = {m.position: m for m in self.outside if m.position}
        rest = [m for m in self.outside if not m.position]
        own = list(self.credentials)
        order: list[str | OutsideMember] = []
        place = 1
        while own or placed:
            if place in placed:
                order.append(placed.pop(place))
            elif own:
                order.append(own.pop(0))
            else:  # numbers with gaps: the next numbered member
                order.append(placed.pop(min(placed)))
            place += 1
        return (*order, *rest)

    @property
    def total(self) -> int:
        """How many members the stack has in all: the issuer's count, or those named."""
        return max(self.size or 0, len(self.credentials) + len(self.outside))


@dataclass(frozen=True, slots=True)
class Organization:
    id: str
    file: str
    name: str
    type: str
    url: str
    description: str
    jurisdiction: str
    illustrative: bool
    defaults: tuple[str, ...]  # the groups of facts it sets for the credentials that name it
    sources: tuple[Source, ...]
    ctid: str = ""  # its permanent Credential Transparency Identifier; "" when the file has none

    @property
    def ref(self) -> OrgRef:
        return OrgRef(self.id, self.name, True, self.url)


# ---- lookup by dotted path (the rubric's rules name fields so) -----------------------------------------


def lookup(node: Any, path: str) -> Any:
    """The attribute at ``path`` (``access.cost.amount``) of a model object: a Fact, a section or a value.

    Through a fact that holds a section (never the case today) or that is not stated, the fact itself is
    returned, so a rule on ``training.assessors`` of a training group marked not published sees that state.
    """
    for part in path.split(".") if path else ():
        if isinstance(node, Fact):
            if not node.stated:
                return node
            node = node.value
        if not hasattr(node, "__dataclass_fields__") or part not in node.__dataclass_fields__:
            return MISSING
        node = getattr(node, part)
    return node


# ---- building the model from a resolved record -------------------------------------------------------------

_MARKERS = {NOT_PUBLISHED: State.NOT_PUBLISHED, NOT_APPLICABLE: State.NOT_APPLICABLE}
Orgs = Mapping[str, OrgRef]


class _Reader:
    """Reads facts out of a resolved record (or one item of a list in it), with their state and origin."""

    def __init__(self, data: Any, orgs: Orgs, inherited: Mapping[tuple[str, ...], str],
                 prefix: tuple[str, ...] | None = (), origin: OrgRef | None = None, state: State | None = None) -> None:
        self.data = data
        self.orgs = orgs
        self.inherited = inherited
        self.prefix = prefix  # where ``data`` is in the record, for origins; None inside a list's items
        self.origin = origin
        self.state = state  # set when an enclosing group was marked as a whole

    def at(self, *path: str) -> _Reader:
        """The reader of a group inside this one."""
        value, state, origin = self._find(path)
        prefix = None if self.prefix is None else (*self.prefix, *path)
        if state is not State.STATED:
            return _Reader(None, self.orgs, self.inherited, prefix, origin, state)
        return _Reader(value if isinstance(value, dict) else {}, self.orgs, self.inherited, prefix, origin, None)

    def fact(self, *path: str, convert: Callable[[Any], Any] | None = None) -> Fact[Any]:
        value, state, origin = self._find(path)
        if state is not State.STATED:
            return Fact(state, None, origin)
        return Fact(State.STATED, convert(value) if convert else value, origin)

    def text(self, *path: str) -> Fact[str]:
        return self.fact(*path, convert=str)

    def strings(self, *path: str) -> Fact[tuple[str, ...]]:
        return self.fact(*path, convert=lambda v: tuple(str(x) for x in v))

    def plain(self, *path: str, default: Any = "") -> Any:
        """A value that is never marked (identity, names, codes): as written, or ``default``."""
        value, state, _ = self._find(path)
        return value if state is State.STATED else default

    def items(self, *path: str, make: Callable[[_Reader], Any]) -> Fact[tuple[Any, ...]]:
        value, state, origin = self._find(path)
        if state is not State.STATED:
            return Fact(state, None, origin)
        where = None if self.prefix is None or not self.inherited else (*self.prefix, *path)
        items = tuple(make(_Reader(item if isinstance(item, dict) else {}, self.orgs, self.inherited, None,
                                   self._item_origin(where, i, origin)))
                      for i, item in enumerate(value))
        return Fact(State.STATED, items, origin)

    def _item_origin(self, where: tuple[str, ...] | None, index: int, origin: OrgRef | None) -> OrgRef | None:
        """An item of a list combined from defaults and the file (resolve.py) keeps its own origin."""
        oid = self.inherited.get((*where, index)) if where is not None else None
        return org_ref(self.orgs, oid) if oid else origin

    def org(self, *path: str) -> OrgRef | None:
        oid = self.plain(*path, default=None)
        return org_ref(self.orgs, oid) if isinstance(oid, str) and oid else None

    def _find(self, path: tuple[str, ...]) -> tuple[Any, State, OrgRef | None]:
        # The hot path of modelling (about 150 look-ups per credential): origins are only walked for when
        # the record inherited something, and a missing step returns at once.
        if self.state is not None:
            return None, self.state, self.origin
        node = self.data
        origin = self.origin
        inherited = self.inherited
        walked = self.prefix if inherited else None
        for part in path:
            if walked is not None:  # the whole list's origin holds inside its items
                walked = (*walked, part)
                oid = inherited.get(walked)
                if oid:
                    origin = org_ref(self.orgs, oid)
            if type(node) is not dict:
                if isinstance(node, str) and node in _MARKERS:
                    return None, _MARKERS[node], origin
                if not isinstance(node, dict):
                    return None, State.MISSING, origin
            node = node.get(part)
            if node is None:
                return None, State.MISSING, origin
        if type(node) is str:
            marker = _MARKERS.get(node)
            if marker is not None:
                return None, marker, origin
            if node == "":
                return None, State.MISSING, origin
        elif node == [] or node == {}:
            return None, State.MISSING, origin
        return node, State.STATED, origin


def org_ref(orgs: Orgs, oid: str) -> OrgRef:
    return orgs.get(oid) or OrgRef(oid, oid, False)


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


UNLIMITED = "unlimited"  # resubmission with no limit, as some issuers publish it


def _attempts(value: Any) -> int | str:
    return UNLIMITED if value == UNLIMITED else int(value)


def _number(value: Any) -> float | int:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else float(value)


def _sources(raw: Any, of: OrgRef | None) -> tuple[Source, ...]:
    if not isinstance(raw, list):
        return ()
    return tuple(Source(str(s.get("url", "")), str(s.get("title", "")), _date(s.get("accessed")),
                        tuple(str(f) for f in s.get("fields") or ()), of) for s in raw if isinstance(s, dict))


def build_credential(resolved: Resolved, orgs: Orgs, org_sources: Mapping[str, tuple[Source, ...]] | None = None
                     ) -> Credential:
    """The typed credential of a resolved record; ``orgs`` names every catalog organization."""
    data = resolved.data
    r = _Reader(data, orgs, resolved.inherited)
    c = r.at("competency")
    research = r.at("research")
    development = r.at("development")
    evaluation = r.at("evaluation")
    training = r.at("training")
    submission = r.at("submission")
    resubmission = submission.at("resubmission")
    feedback = r.at("feedback")
    transparency = r.at("transparency")
    recognition = r.at("recognition")
    platform = recognition.at("platform")
    maintenance = r.at("maintenance")
    access = r.at("access")
    cost = access.at("cost")
    organizations = data.get("organizations") or {}
    issuer = org_ref(orgs, str(organizations.get("issuer", "")))
    inherited_from = tuple(dict.fromkeys(org_ref(orgs, oid) for oid in resolved.inherited.values()))
    sources = _sources(data.get("sources"), None)  # `sources` is never a default: always the file's own
    for org in inherited_from:
        sources += (org_sources or {}).get(org.id, ())
    return Credential(
        id=resolved.id,
        file=resolved.entry.display,
        title=str(data["title"]),
        summary=str(data["summary"]),
        description=str(data["description"]),
        status=str(data.get("status") or "active"),
        illustrative=data.get("illustrative") is True,
        version=str(data.get("version") or ""),
        language=str(data.get("language") or "en"),
        keywords=tuple(str(k) for k in data.get("keywords") or ()),
        previous_ids=tuple(str(k) for k in data.get("previous_ids") or ()),
        stacks=tuple(str(k) for k in data.get("stacks") or ()),
        url=r.text("url"),
        competency=Competency(
            statement=str(c.plain("statement")),
            skills=c.strings("skills"),
            key_method=c.text("key_method"),
            method_components=c.strings("method_components"),
            area=c.text("area"),
            alignments=c.items("alignments", make=lambda i: Alignment(
                str(i.plain("framework")), str(i.plain("code")), str(i.plain("name")), str(i.plain("url")))),
        ),
        audience=_audience(r.at("audience")),
        research=Research(
            references=research.items("references", make=lambda i: Reference(
                str(i.plain("citation")), str(i.plain("url")), i.fact("peer_reviewed", convert=bool))),
            alignment=research.text("alignment"),
        ),
        development=Development(
            team=development.items("team", make=lambda i: TeamMember(
                str(i.plain("name")), str(i.plain("role")), i.text("title"), i.text("organization"),
                orgs.get(str(i.plain("organization"))), i.fact("current_practitioner", convert=bool))),
            team_criteria=development.text("team_criteria"),
            peer_review=development.text("peer_review"),
        ),
        evidence=r.items("evidence", make=lambda i: EvidenceItem(
            str(i.plain("id")), str(i.plain("title")), i.text("part"), i.text("type"), i.text("description"),
            i.fact("word_limit", convert=int), i.fact("from_practice", convert=bool),
            i.plain("includes_student_work", default=False) is True, i.plain("includes_media", default=False) is True,
            i.fact("min_words", convert=int), i.fact("video_minutes", convert=_number),
            i.fact("artifacts", convert=int), i.text("limits_note"))),
        evaluation=Evaluation(
            levels=evaluation.strings("levels"),
            pass_rule=evaluation.text("pass_rule"),
            criteria=evaluation.items("criteria", make=lambda i: Criterion(
                str(i.plain("id")), str(i.plain("criterion")), i.text("proficient"), i.strings("evidence"),
                i.fact("job_embedded", convert=bool))),
        ),
        resources=r.items("resources", make=lambda i: Resource(
            str(i.plain("title")), str(i.plain("url")), str(i.plain("type")), i.text("access"),
            i.fact("required", convert=bool))),
        exemplars=r.items("exemplars", make=lambda i: Exemplar(str(i.plain("title")), str(i.plain("url")))),
        training=Training(*(training.text(name) for name in ("developers", "assessors", "pursuer_orientation"))),
        submission=Submission(
            instructions=submission.text("instructions"),
            resubmission=Resubmission(resubmission.fact("attempts", convert=_attempts),
                                      resubmission.text("instructions")),
        ),
        feedback=Feedback(feedback.text("process"), feedback.fact("timeline_days", convert=int),
                          feedback.strings("includes"), feedback.text("timeline_unit")),
        transparency=Transparency(transparency.text("url"), transparency.text("access")),
        recognition=Recognition(
            record=recognition.text("record"),
            standard=recognition.text("standard"),
            metadata_url=recognition.text("metadata_url"),
            platform=Platform(platform.text("name"), platform.text("url"), platform.text("retention")),
            currency=recognition.items("currency", make=lambda i: Currency(
                str(i.plain("jurisdiction")), str(i.plain("type")), i.org("recognizer"),
                _number(i.plain("amount")) if i.plain("amount", default=None) is not None else None,
                str(i.plain("unit")), str(i.plain("note")), str(i.plain("source")),
                _date(i.plain("verified", default=None)) if i.plain("verified", default=None) else None)),
        ),
        maintenance=Maintenance(maintenance.fact("review_cycle_months", convert=int),
                                maintenance.fact("last_reviewed", convert=_date),
                                maintenance.text("feedback_process")),
        access=Access(
            cost=Cost(cost.fact("amount", convert=_number),
                      str(cost.plain("currency", default="USD" if cost.fact("amount").stated else "")),
                      cost.fact("member_amount", convert=_number), cost.org("members_of"), cost.text("note")),
            cost_supports=access.text("cost_supports"),
            wcag=access.text("wcag"),
            accessibility_statement=access.text("accessibility_statement"),
            estimated_hours=access.fact("estimated_hours", convert=_number),
            completion_window=access.text("completion_window"),
            supports=access.items("supports", make=lambda i: Support(
                str(i.plain("type")), str(i.plain("mode")), i.text("description"))),
        ),
        organizations=Organizations(
            issuer=issuer,
            developer=r.org("organizations", "developer"),
            platform=r.org("organizations", "platform"),
            deliverers=tuple(org_ref(orgs, o) for o in organizations.get("deliverers") or ()),
            assessors=tuple(org_ref(orgs, o) for o in organizations.get("assessors") or ()),
            partners=tuple(org_ref(orgs, o) for o in organizations.get("partners") or ()),
        ),
        quality_review=_quality_review(data.get("quality_review"), orgs),
        sources=sources,
        inherited_from=inherited_from,
        ctid=str(data.get("ctid") or ""),
    )


def _audience(audience: _Reader) -> Audience:
    roles, bands, subjects = (audience.strings(name) for name in ("roles", "grade_bands", "subjects"))
    span = audience.text("grade_span")
    if not bands.stated and span.stated:
        read = grade_spans.bands(span.value)
        if read:  # an unreadable span without bands is a validation problem
            bands = Fact(State.STATED, read, span.origin)
    return Audience(roles, bands, subjects, span)


def _quality_review(raw: Any, orgs: Orgs) -> QualityReview | None:
    if not isinstance(raw, dict) or not raw.get("reviewer"):
        return None
    organization = raw.get("organization")
    org = None
    if isinstance(organization, str) and organization.strip():
        org = orgs.get(organization) or OrgRef(organization, organization, False)
    judgements = {str(cid): Judgement(j.get("met") is True, str(j.get("rationale") or "").strip())
                  for cid, j in (raw.get("components") or {}).items() if isinstance(j, dict)}
    return QualityReview(str(raw["reviewer"]), org, _date(raw.get("date")), judgements)


def build_organization(entry: Any) -> Organization:
    data = entry.data
    name = str(data.get("name") or entry.id)
    ref = OrgRef(entry.id, name, True, str(data.get("url") or ""))
    return Organization(
        id=entry.id, file=entry.display, name=name, type=str(data.get("type") or "other"),
        url=str(data.get("url") or ""), description=str(data.get("description") or ""),
        jurisdiction=str(data.get("jurisdiction") or ""), illustrative=data.get("illustrative") is True,
        defaults=tuple(sorted((data.get("defaults") or {}).keys())), sources=_sources(data.get("sources"), ref),
        ctid=str(data.get("ctid") or ""),
    )


def build_stack(entry: Any, orgs: Orgs) -> Stack:
    data = entry.data
    capstone = data.get("capstone")
    issuer = (data.get("organizations") or {}).get("issuer")
    return Stack(
        id=entry.id, file=entry.display, title=str(data.get("title") or entry.id),
        summary=str(data.get("summary") or ""),
        description=str(data.get("description") or ""), status=str(data.get("status") or "active"),
        illustrative=data.get("illustrative") is True,
        credentials=tuple(str(c) for c in data.get("credentials") or ()),
        stacks=tuple(str(s) for s in data.get("stacks") or ()),
        issuer=org_ref(orgs, issuer) if isinstance(issuer, str) else None,
        capstone=Capstone(str(capstone.get("title", "")), str(capstone.get("description") or ""),
                          str(capstone.get("url") or "")) if isinstance(capstone, dict) else None,
        sources=_sources(data.get("sources"), None),
        outside=tuple(OutsideMember(str(m.get("title", "")), str(m.get("url") or ""),
                                    m["position"] if isinstance(m.get("position"), int) else None)
                      for m in data.get("outside_members") or () if isinstance(m, dict)),
        size=data["size"] if isinstance(data.get("size"), int) else None,
    )


__all__ = ["MISSING", "NOT_APPLICABLE", "NOT_PUBLISHED", "OWN", "Fact", "OrgRef", "State"]
