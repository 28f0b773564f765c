"""Build step 2b: the rules that need more than one file.

Ids are unique across credentials and their previous ids; every referenced organization and stack
exists; criteria use evidence the credential asks for; stacks and credentials agree on membership;
stacks do not include each other in a loop. A reference to a file that exists but failed its own checks
is not reported again: that file's own problem is the one to fix.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from . import stack_graph
from .hints import typo
from .problems import Problem, to_problems
from .resolve import INHERITING_ROLES, resolve_entry
from .schemas import PLURAL
from .sentences import join_words
from .validation import Finding, field_label

if TYPE_CHECKING:
    from .catalog import Catalog, Entry


def check_references(catalog: Catalog, after_defaults: Sequence[str] = ()) -> list[Problem]:
    """Rules that need more than one file: unique ids, existing references, stack membership, and the
    fields required once organization defaults are merged in (``after_defaults``, dotted paths: the
    credential schema's ``x-required-after-defaults``)."""
    by_file: dict[str, tuple[Entry, list[Finding]]] = {}

    def report(entry: Entry, path: tuple[str | int, ...], message: str, at_key: bool = False) -> None:
        by_file.setdefault(entry.display, (entry, []))[1].append(Finding(path, message, at_key))

    def exists(entry: Entry, path: tuple[str | int, ...], ref: Any, kind: str) -> None:
        known = catalog.entries(kind)
        if not isinstance(ref, str) or ref in known or (kind, ref) in catalog.broken:
            return
        close = typo(ref, list(known))  # ids are names: a hint only for a likely slip (hints.py)
        hint = f" Did you mean `{close}`?" if close else f" Add catalog/{PLURAL[kind]}/{ref}.yaml or fix the id."
        report(entry, path, f"{field_label(path)} names the {kind} `{ref}`, which is not in the catalog.{hint}")

    owners: dict[str, tuple[Entry, tuple[str | int, ...]]] = {}
    for entry in catalog.credentials.values():
        owners.setdefault(entry.id, (entry, ("id",)))
    for entry in catalog.credentials.values():
        for i, old in enumerate(entry.data.get("previous_ids", [])):
            if old == entry.id:
                report(entry, ("previous_ids", i), f"`previous_ids` lists the credential's own id `{old}`; remove it.")
            elif old in owners:
                other = owners[old][0]
                report(entry, ("previous_ids", i), f"the previous id `{old}` is already used by {other.display}; "
                                                   "an old id can lead to one credential only.")
            else:
                owners[old] = (entry, ("previous_ids", i))

    for entry in catalog.credentials.values():
        data = entry.data
        orgs = _group(data, "organizations")
        for role, value in orgs.items():
            refs = value if isinstance(value, list) else [value]
            for i, ref in enumerate(refs):
                exists(entry, ("organizations", role, i) if isinstance(value, list) else ("organizations", role),
                       ref, "organization")
        for i, item in enumerate(_list(data, "recognition", "currency")):
            if "recognizer" in item:
                exists(entry, ("recognition", "currency", i, "recognizer"), item["recognizer"], "organization")
        if "members_of" in _group(data, "access", "cost"):
            exists(entry, ("access", "cost", "members_of"), data["access"]["cost"]["members_of"], "organization")
        for i, stack_id in enumerate(_list(data, "stacks")):
            exists(entry, ("stacks", i), stack_id, "stack")
            stack = catalog.stacks.get(stack_id)
            if stack and entry.id not in stack.data.get("credentials", []):
                report(entry, ("stacks", i), f"this credential lists the stack `{stack_id}`, but "
                                             f"{stack.display} does not list it under `credentials`; add "
                                             f"`{entry.id}` there too.")
        evidence_ids = [e.get("id") for e in _list(data, "evidence")]
        seen: set[str] = set()
        for i, item in enumerate(_list(data, "evidence")):
            if item.get("id") in seen:
                report(entry, ("evidence", i, "id"), f"the evidence id `{item['id']}` is used twice; give each "
                                                     "piece of evidence its own id.")
            seen.add(item.get("id"))
        criteria_ids: set[str] = set()
        for i, criterion in enumerate(_list(data, "evaluation", "criteria")):
            if criterion.get("id") in criteria_ids:
                report(entry, ("evaluation", "criteria", i, "id"), f"the criterion id `{criterion['id']}` is "
                                                                  "used twice; give each criterion its own id.")
            criteria_ids.add(criterion.get("id"))
            for j, ref in enumerate(_list(criterion, "evidence")):
                if ref not in evidence_ids:
                    known = ", ".join(f"`{e}`" for e in evidence_ids)
                    report(entry, ("evaluation", "criteria", i, "evidence", j),
                           f"criterion `{criterion.get('id')}` uses the evidence `{ref}`, which is not among "
                           f"this credential's `evidence` ids ({known}).")

        if after_defaults:
            for path, message in missing_after_defaults(entry, catalog, after_defaults):
                report(entry, path, message, True)

    for entry in catalog.stacks.values():
        data = entry.data
        for i, ref in enumerate(data.get("credentials", [])):
            exists(entry, ("credentials", i), ref, "credential")
        for i, ref in enumerate(data.get("stacks", [])):
            exists(entry, ("stacks", i), ref, "stack")
        if "issuer" in data.get("organizations", {}):
            exists(entry, ("organizations", "issuer"), data["organizations"]["issuer"], "organization")
        if not data.get("credentials") and not data.get("stacks"):
            report(entry, ("credentials",), "the stack has no credentials and no included stacks; list at least one.")
        cycle = stack_graph.cycle_through(catalog.stacks, entry.id)
        if cycle:
            report(entry, ("stacks",), "stacks include each other in a loop: " + " → ".join(cycle) +
                   "; remove one of the inclusions.", True)

    problems = []
    for shown, (entry, findings) in sorted(by_file.items()):
        raw = entry.path.read_bytes()
        problems.extend(to_problems(shown, raw, findings))
    return problems


def _group(data: Any, *path: str) -> dict[str, Any]:
    """The mapping at ``path``, or an empty one where the file has none or marks it `not published`."""
    for part in path:
        data = data.get(part) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else {}


def _list(data: Any, *path: str) -> list[Any]:
    """The list at ``path``, or an empty one where the file has none or marks it `not published`."""
    for part in path:
        data = data.get(part) if isinstance(data, dict) else None
    return [item for item in data if isinstance(item, dict | str)] if isinstance(data, list) else []


def missing_after_defaults(entry: Entry, catalog: Catalog,
                           required: Sequence[str]) -> list[tuple[tuple[str | int, ...], str]]:
    """Each required field that neither the credential nor the defaults of an organization it names set,
    located at the nearest group the file has (``not published`` counts as set: it says something)."""
    names = entry.data.get("organizations")
    names = names if isinstance(names, dict) else {}
    found = []
    resolved = None
    for dotted in required:
        parts = tuple(dotted.split("."))
        if _present(entry.data, parts):  # the common case: the file says it (a marked group included)
            continue
        resolved = resolved or resolve_entry(entry, catalog.organizations)  # exactly as the model will see it
        if _present(resolved.data, parts):
            continue
        at: tuple[str | int, ...] = ()
        node: Any = entry.data
        for part in parts[:-1]:
            if not isinstance(node, dict) or not isinstance(node.get(part), dict):
                break
            node, at = node[part], (*at, part)
        named = list(dict.fromkeys(f"`{names[r]}`" for r in INHERITING_ROLES if isinstance(names.get(r), str)
                                   and names[r] in catalog.organizations))
        checked = f" (the defaults of {join_words(named)} do not set it)" if named else ""
        found.append((at, f"the required field `{dotted}` is missing{checked}. Write it in this file, or in the "
                          "`defaults` of the organization named as its issuer, developer or platform. If the "
                          "issuer publishes nothing about it, write `not published`."))
    return found


def _present(data: Any, parts: tuple[str, ...]) -> bool:
    for part in parts:
        if isinstance(data, str):
            return True  # a group marked `not published` (or not applicable) as a whole says it
        if not isinstance(data, dict) or data.get(part) is None:
            return False
        data = data[part]
    return True
