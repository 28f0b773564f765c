"""Build step 5a: the view models that page templates read.

Templates never see contributor YAML: they see these plain structures, already resolved (inherited
defaults merged), cross-referenced (organization names, stack titles) and ordered for reading (required
resources first). Keeping this apart from rendering means the page layout can change without touching
the rules that decide what a page says.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from . import stack_graph
from .catalog import Catalog
from .resolve import OWN, Resolved
from .rules import get_path
from .scoring import Scorecard

ROLE_LABELS = {
    "teacher": "Teacher", "pre-service-teacher": "Pre-service teacher", "paraprofessional": "Paraprofessional",
    "instructional-coach": "Instructional coach", "school-leader": "School leader",
    "district-leader": "District leader", "school-counselor": "School counselor", "specialist": "Specialist",
    "support-staff": "Support staff",
}
GRADE_LABELS = {"pre-k": "Pre-K", "k-2": "K–2", "3-5": "3–5", "6-8": "6–8", "9-12": "9–12", "all": "All grades"}
CURRENCY_LABELS = {
    "pd-hours": "PD hours", "ceu": "CEUs", "relicensure-credit": "Relicensure credit",
    "recertification-credit": "Recertification credit", "graduate-credit": "Graduate credit",
    "compensation": "Compensation", "endorsement": "Endorsement", "career-advancement": "Career advancement",
    "other": "Other",
}
ACCESS_LABELS = {"free": "Free", "purchase": "Paid (purchase)", "subscription": "Paid (subscription)"}


def label(value: str, table: dict[str, str] | None = None) -> str:
    if table and value in table:
        return table[value]
    return value.replace("-", " ").capitalize()


def money(amount: float | int, currency: str = "USD") -> str:
    if amount == 0:
        return "Free"
    symbol = "$" if currency == "USD" else f"{currency} "
    text = f"{amount:,.2f}".removesuffix(".00")
    return f"{symbol}{text}"


def hours(value: float | int | None) -> str:
    if value is None:
        return ""
    number = f"{value:g}"
    return f"{number} hour{'s' if value != 1 else ''}"


def badge_level(standards_met: int, total: int) -> str:
    if standards_met >= total:
        return "high"
    return "mid" if standards_met >= total - 3 else "low"


@dataclass
class OrgRef:
    id: str
    name: str
    exists: bool

    @property
    def url(self) -> str:
        return f"organizations/{self.id}/" if self.exists else ""


@dataclass
class CredentialView:
    id: str
    data: dict[str, Any]
    card: Scorecard
    issuer: OrgRef
    developer: OrgRef | None
    platform: OrgRef | None
    deliverers: list[OrgRef]
    assessors: list[OrgRef]
    partners: list[OrgRef]
    cost: str
    cost_note: str
    is_free: bool
    currency: list[dict[str, str]]
    stacks: list[dict[str, Any]]
    resources: list[dict[str, Any]]
    inherited: dict[str, str]
    badge_level: str
    roles: list[str] = field(default_factory=list)
    grades: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)

    def get(self, path: str, default: Any = None) -> Any:
        value = get_path(self.data, path)
        return default if value is None else value


def org_ref(catalog: Catalog, org_id: str | None) -> OrgRef | None:
    if not org_id:
        return None
    entry = catalog.organizations.get(org_id)
    return OrgRef(org_id, entry.data.get("name", org_id) if entry else org_id, entry is not None)


def credential_view(catalog: Catalog, resolved: Resolved, card: Scorecard) -> CredentialView:
    data = resolved.data
    orgs = data.get("organizations", {})
    cost = data.get("access", {}).get("cost", {})
    amount = cost.get("amount", 0)
    currency_code = cost.get("currency", "USD")
    cost_text = money(amount, currency_code)
    if "member_amount" in cost:
        members = org_ref(catalog, cost.get("members_of"))
        who = members.name if members else "members"
        cost_text += f"; {money(cost['member_amount'], currency_code).lower()} for members of {who}"
    currency = []
    for item in data.get("recognition", {}).get("currency", []):
        recognizer = org_ref(catalog, item.get("recognizer"))
        amount_text = f"{item['amount']:g} {item.get('unit', '')}".strip() if "amount" in item else ""
        currency.append({
            "type": label(item["type"], CURRENCY_LABELS),
            "amount": amount_text,
            "jurisdiction": item["jurisdiction"],
            "recognizer": recognizer.name if recognizer else "",
            "recognizer_url": recognizer.url if recognizer else "",
            "note": item.get("note", ""),
        })
    stacks = []
    for stack_id in data.get("stacks", []):
        stack = catalog.stacks.get(stack_id)
        if stack is None:
            continue
        members = stack.data.get("credentials", [])
        position = members.index(resolved.id) if resolved.id in members else -1
        stacks.append({
            "id": stack_id,
            "title": stack.data.get("title", stack_id),
            "position": position + 1,
            "size": len(members),
            "previous": _neighbour(catalog, members, position - 1),
            "next": _neighbour(catalog, members, position + 1),
        })
    resources = sorted(data.get("resources", []), key=lambda r: (not r.get("required", False), r.get("title", "")))
    inherited = {}
    for section in ("training", "submission", "feedback", "transparency", "recognition", "maintenance", "access"):
        source = resolved.origin(section)
        if source not in (OWN, "mixed"):
            inherited[section] = org_ref(catalog, source).name  # type: ignore[union-attr]
        elif source == "mixed":
            inherited[section] = "partly " + ", ".join(
                sorted(org_ref(catalog, s).name for s in resolved.sources((section,)) if s != OWN)  # type: ignore[union-attr]
            )
    audience = data.get("audience", {})
    issuer = org_ref(catalog, orgs.get("issuer"))
    assert issuer is not None
    return CredentialView(
        id=resolved.id,
        data=data,
        card=card,
        issuer=issuer,
        developer=org_ref(catalog, orgs.get("developer")),
        platform=org_ref(catalog, orgs.get("platform")),
        deliverers=[r for r in (org_ref(catalog, o) for o in orgs.get("deliverers", [])) if r],
        assessors=[r for r in (org_ref(catalog, o) for o in orgs.get("assessors", [])) if r],
        partners=[r for r in (org_ref(catalog, o) for o in orgs.get("partners", [])) if r],
        cost=cost_text,
        cost_note=cost.get("note", ""),
        is_free=amount == 0 or cost.get("member_amount") == 0,
        currency=currency,
        stacks=stacks,
        resources=resources,
        inherited=inherited,
        badge_level=badge_level(card.standards_met, card.standards_total),
        roles=[label(r, ROLE_LABELS) for r in audience.get("roles", [])],
        grades=[label(g, GRADE_LABELS) for g in audience.get("grade_bands", [])],
        subjects=[label(s, {"all": "All subjects"}) for s in audience.get("subjects", [])],
    )


def _neighbour(catalog: Catalog, members: list[str], index: int) -> dict[str, str] | None:
    if index < 0 or index >= len(members) or members[index] not in catalog.credentials:
        return None
    cid = members[index]
    return {"id": cid, "title": catalog.credentials[cid].data.get("title", cid)}


def stack_members(catalog: Catalog, stack_id: str) -> list[str]:
    """Every credential of a stack in earning order: included stacks first, then its own credentials."""
    return stack_graph.members(catalog.stacks, catalog.credentials, stack_id)


def stack_view(catalog: Catalog, stack_id: str, cards: dict[str, Scorecard]) -> dict[str, Any]:
    entry = catalog.stacks[stack_id]
    members = stack_members(catalog, stack_id)
    credentials = []
    total_hours = 0.0
    combined: Counter[tuple[str, str, str]] = Counter()
    for cid in members:
        data = catalog.credentials[cid].data
        estimated = data.get("access", {}).get("estimated_hours", 0)
        total_hours += estimated
        credentials.append({"id": cid, "title": data.get("title", cid), "summary": data.get("summary", ""),
                            "hours": hours(estimated), "card": cards.get(cid)})
        for item in data.get("recognition", {}).get("currency", []):
            if "amount" in item:
                combined[(label(item["type"], CURRENCY_LABELS), item.get("unit", ""), item["jurisdiction"])] += (
                    item["amount"]
                )
    included = [{"id": s, "title": catalog.stacks[s].data.get("title", s)}
                for s in entry.data.get("stacks", []) if s in catalog.stacks]
    parents = [{"id": s.id, "title": s.data.get("title", s.id)}
               for s in catalog.stacks.values() if stack_id in s.data.get("stacks", [])]
    return {
        "id": stack_id,
        "data": entry.data,
        "credentials": credentials,
        "included": included,
        "parents": parents,
        "total_hours": hours(total_hours),
        "combined_currency": [
            {"type": t, "amount": f"{amount:g} {unit}".strip(), "jurisdiction": j}
            for (t, unit, j), amount in sorted(combined.items())
        ],
        "issuer": org_ref(catalog, entry.data.get("organizations", {}).get("issuer")),
    }


ROLE_NAMES = {
    "developer": "Develops", "issuer": "Issues", "platform": "Hosts on its platform",
    "deliverers": "Delivers", "assessors": "Assesses", "partners": "Partners on", "recognizer": "Recognises",
}


def organization_view(catalog: Catalog, org_id: str, cards: dict[str, Scorecard]) -> dict[str, Any]:
    entry = catalog.organizations[org_id]
    roles: dict[str, list[dict[str, Any]]] = {key: [] for key in ROLE_NAMES}
    for cid in sorted(catalog.credentials):
        data = catalog.credentials[cid].data
        orgs = data.get("organizations", {})
        item = {"id": cid, "title": data.get("title", cid), "card": cards.get(cid)}
        for role in ("developer", "issuer", "platform"):
            if orgs.get(role) == org_id:
                roles[role].append(item)
        for role in ("deliverers", "assessors", "partners"):
            if org_id in orgs.get(role, []):
                roles[role].append(item)
        granted = [c for c in data.get("recognition", {}).get("currency", []) if c.get("recognizer") == org_id]
        if granted:
            roles["recognizer"].append({**item, "grants": [
                f"{label(c['type'], CURRENCY_LABELS)} {c.get('amount', '')} {c.get('unit', '')} ({c['jurisdiction']})"
                .replace("  ", " ") for c in granted]})
    stacks = [{"id": s.id, "title": s.data.get("title", s.id)} for s in catalog.stacks.values()
              if s.data.get("organizations", {}).get("issuer") == org_id]
    return {
        "id": org_id,
        "data": entry.data,
        "roles": [(ROLE_NAMES[k], v) for k, v in roles.items() if v],
        "stacks": stacks,
        "defaults": sorted((entry.data.get("defaults") or {}).keys()),
    }
