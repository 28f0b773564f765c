"""Build step 2c: the checks an approved list needs beyond its own schema.

A rule names a fact by the credential schema's dotted field names (or a scorecard measure), so a typo
(``access.cost.amout``) or a test that cannot apply (``at_least`` on a text) would silently keep every
credential off the list. These checks refuse them, with the file, line and column of the rule and the
field it probably meant; they also check that the recognizer and every named credential exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .hints import choices, typo, value_hint
from .list_terms import MEASURES, NUMERIC_MEASURES, TESTS
from .problems import Problem, to_problems
from .schemas import Schema, enum_values, is_marker
from .validation import Finding

if TYPE_CHECKING:
    from .catalog import Catalog

_LEAF_TYPES = {"string", "number", "integer", "boolean"}
_TIERS = ("reviewed", "self-assessed")


def check_lists(catalog: Catalog) -> list[Problem]:
    """The problems of valid approved lists that need the rest of the catalog: the recognizer and every
    named credential must exist, and a credential is named once."""
    problems = []
    for entry in catalog.approved_lists.values():
        findings = list(_reference_findings(catalog, entry.data))
        if findings:
            problems.extend(to_problems(entry.display, entry.path.read_bytes(), findings))
    return problems


def rule_findings(data: dict[str, Any], credential_schema: Schema) -> list[Finding]:
    """The problems of one list's rules that its own schema cannot see (run with the schema check, so a
    contributor sees them in the same run even when the file has other problems)."""
    fields, lists = leaf_fields(credential_schema)
    rules = data.get("rules")
    found: list[Finding] = []
    if "rules" not in data and "credentials" not in data:
        found.append(Finding((), "the list has no `rules` and no `credentials`: write rules over the catalog's "
                                 "facts, a list of credential ids with the credit each earns, or both.", True))
    for i, rule in enumerate(rules if isinstance(rules, list) else ()):
        if isinstance(rule, dict):
            found.extend(_rule_findings(i, rule, fields, lists))
    return found


def _reference_findings(catalog: Catalog, data: dict[str, Any]) -> Any:
    recognizer = data.get("recognizer")
    if isinstance(recognizer, str) and recognizer not in catalog.organizations \
            and ("organization", recognizer) not in catalog.broken:
        yield Finding(("recognizer",), f"`recognizer` names the organization `{recognizer}`, which is not in the "
                                       f"catalog.{_hint(recognizer, catalog.organizations, 'organizations')}", False)
    seen: set[str] = set()
    for i, named in enumerate(data.get("credentials") or ()):
        cid = named.get("id")
        if cid in seen:
            yield Finding(("credentials", i, "id"), f"the credential `{cid}` is named twice; name it once.", False)
        seen.add(cid)
        if cid not in catalog.credentials and ("credential", cid) not in catalog.broken:
            yield Finding(("credentials", i, "id"), f"the list names the credential `{cid}`, which is not in the "
                                                    f"catalog.{_hint(cid, catalog.credentials, 'credentials')}", False)


def _rule_findings(i: int, rule: dict[str, Any], fields: dict[str, dict[str, Any]], lists: list[str]) -> Any:
    fact = rule.get("fact")
    tests = [t for t in TESTS if t in rule]
    if len(tests) > 1:
        yield Finding(("rules", i), "a rule has one test: keep one of " + ", ".join(f"`{t}`" for t in tests)
                      + " and write the other as a rule of its own.", True)
    test = tests[0] if tests else None
    if not isinstance(fact, str) or test is None:
        return  # the schema already says what is missing
    value = rule[test]
    where = ("rules", i, "fact")
    at = ("rules", i, test)
    if fact in MEASURES:
        if fact in NUMERIC_MEASURES and test not in ("at_least", "at_most", "is"):
            yield Finding(at, f"`{fact}` is a number: test it with `at_least`, `at_most` or `is`.", True)
        elif fact == "review_current" and (test != "is" or not isinstance(value, bool)):
            yield Finding(at, "`review_current` is true or false: write `is: true` (reviewed within its cycle).", True)
        elif fact == "tier":
            wrong = [v for v in (value if isinstance(value, list) else [value]) if v not in _TIERS]
            if test in ("at_least", "at_most") or wrong:
                yield Finding(at, "`tier` is `reviewed` or `self-assessed`: test it with `is` or `in`.", True)
        return
    node = fields.get(fact)
    if node is None:
        known = [*MEASURES, *fields]
        close = typo(fact, known)  # a hint only for a likely slip (hints.py)
        hint = f" Did you mean `{close}`?" if close else (
            " Name a credential field such as access.cost.amount or competency.area (the field reference lists "
            "them), or one of " + ", ".join(f"`{m}`" for m in MEASURES) + ".")
        inside = next((f for f in lists if fact.startswith(f + ".")), None)
        if inside:
            hint = f" `{inside}` is a list, and rules cannot look inside list items."
        yield Finding(where, f"the rule's fact `{fact}` is not a field of the credential schema.{hint}", False)
        return
    kinds = _types(node)
    if test in ("at_least", "at_most") and not kinds & {"number", "integer"}:
        yield Finding(at, f"`{fact}` is not a number, so `{test}` cannot apply; use `is` or `in`.", True)
        return
    allowed = [str(v) for v, _ in enum_values(node) or enum_values(node.get("items") or {})]
    if allowed and test in ("is", "in"):
        for j, v in enumerate(value if test == "in" else [value]):
            if str(v) not in allowed:
                close = _meant(v, node)
                hint = f" Did you mean `{close}`?" if close else " Allowed: " + ", ".join(allowed) + "."
                yield Finding((*at, j) if test == "in" else at,
                              f"`{v}` is not a value `{fact}` can have.{hint}", False)
    if "boolean" in kinds and test == "is" and not isinstance(value, bool):
        yield Finding(at, f"`{fact}` is true or false; write `is: true` or `is: false`.", True)


def leaf_fields(schema: Schema) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The credential fields a rule may test, by dotted name: plain values and lists of plain values, not
    groups and not fields inside list items (the typed model reads neither by a dotted name); and the
    dotted names of the lists of items, for the message that says so."""
    found: dict[str, dict[str, Any]] = {}
    lists: list[str] = []

    def walk(node: dict[str, Any], parts: tuple[str, ...]) -> None:
        for name, child in (node.get("properties") or {}).items():
            real = _real(schema, child)
            path = (*parts, name)
            if real.get("properties"):
                walk(real, path)
                continue
            items = _real(schema, real.get("items") or {}) if real.get("type") == "array" else {}
            if items.get("properties"):
                lists.append(".".join(path))
                continue
            if path != ("quality_review", "components"):  # judgements by component id, not one value
                found[".".join(path)] = real

    walk(schema.document, ())
    return found, lists


def _real(schema: Schema, node: dict[str, Any]) -> dict[str, Any]:
    """A field's definition: references followed, the `not published` alternative and `allOf` set aside."""
    for _ in range(20):
        if "$ref" in node:
            node = {**schema.pointer(node["$ref"]), **{k: v for k, v in node.items() if k != "$ref"}}
        elif "anyOf" in node and "properties" not in node:
            real = [b for b in node["anyOf"] if not is_marker(b)]
            node = {**(real[0] if real else {}), **{k: v for k, v in node.items() if k != "anyOf"}}
        elif "allOf" in node and "properties" not in node:
            merged: dict[str, Any] = {}
            for part in node["allOf"]:
                merged.update(_real(schema, part))
            node = {**merged, **{k: v for k, v in node.items() if k != "allOf"}}
        else:
            return node
    return node


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("type")
    if isinstance(kind, list):
        return set(kind)
    if isinstance(kind, str):
        return {kind}
    return {"string"} if enum_values(node) else set()


def _hint(ref: str, known: dict[str, Any], folder: str) -> str:
    close = typo(ref, list(known))
    return f" Did you mean `{close}`?" if close else f" Add catalog/{folder}/{ref}.yaml or fix the id."


def _meant(value: Any, node: dict[str, Any]) -> str | None:
    """The allowed value ``value`` likely means: by its title or other names, or a slip (hints.py)."""
    pairs, aliases = choices(node.get("oneOf") or (node.get("items") or {}).get("oneOf") or [])
    return value_hint(str(value), pairs, aliases=aliases) if pairs else None
