"""What the scoring tests share: the complete credential, a model built from a dict as the pipeline builds
it, its scorecard, catalogs in a temporary folder, and the checks every rationale must pass."""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from site_plugins.catalog import Entry
from site_plugins.loading import load_file
from site_plugins.model import Credential, build_credential
from site_plugins.resolve import resolve_entry
from site_plugins.rubric import load_rubric
from site_plugins.scoring import ComponentResult, Scorecard, score

ROOT = Path(__file__).parent.parent
FILES = Path(__file__).parent / "example-files" / "scoring"
AS_OF = dt.date(2026, 6, 1)
COMPLETE = load_file(FILES / "complete.yaml")
RUBRIC = load_rubric(ROOT)
SAMPLE_ORG = "id: sample-org\nname: Sample Org\ntype: university\n"


def model(data: dict[str, Any]) -> Credential:
    """The typed credential of a record (no organization defaults), as the pipeline builds it."""
    entry = Entry("credential", data["id"], Path(f"{data['id']}.yaml"), f"catalog/credentials/{data['id']}.yaml",
                  data)
    return build_credential(resolve_entry(entry, {}), {})


def card_for(data: dict[str, Any], as_of: dt.date = AS_OF) -> Scorecard:
    return score(model(data), RUBRIC, as_of)


def result(card: Scorecard, component: str) -> ComponentResult:
    return next(c for c in card.components if c.id == component)


def outcomes(card: Scorecard) -> dict[str, str]:
    return {c.id: str(c.outcome) for c in card.components}


def mutated(change: Callable[[dict[str, Any]], None], base: dict[str, Any] = COMPLETE) -> dict[str, Any]:
    data = copy.deepcopy(base)
    change(data)
    return data


def _parent(data: dict[str, Any], path: str) -> tuple[Any, str]:
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[part]
    return node, last


def drop(path: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node, last = _parent(data, path)
        del node[last]

    return change


def put(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node, last = _parent(data, path)
        node[last] = copy.deepcopy(value)

    return change


def each(path: str, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """Set (or, with None, remove) ``key`` in every item of the list at ``path``."""
    def change(data: dict[str, Any]) -> None:
        node, last = _parent(data, path)
        for item in node[last]:
            if value is None:
                item.pop(key, None)
            else:
                item[key] = value

    return change


def make_catalog(tmp: Path, credentials: dict[str, str], organizations: dict[str, str] | None = None) -> Path:
    """A catalog repository with the real schemas and rubric, the sample organization and these files."""
    root = tmp / "repo"
    shutil.copytree(ROOT / "schema", root / "schema")
    for folder in ("credentials", "stacks", "organizations"):
        (root / "catalog" / folder).mkdir(parents=True)
    for oid, text in {"sample-org": SAMPLE_ORG, **(organizations or {})}.items():
        (root / "catalog" / "organizations" / f"{oid}.yaml").write_text(text, encoding="utf-8")
    for cid, text in credentials.items():
        (root / "catalog" / "credentials" / f"{cid}.yaml").write_text(text, encoding="utf-8")
    return root


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_QUOTED = re.compile(r"(?<!\w)'[^']*'(?!\w)|`[^`]*`|https?://\S+")
_ABBREVIATION = re.compile(r"\b(?:[A-Z]|Dr|Mr|Mrs|Ms|Prof|St|e\.g|i\.e)\.$")


def sentence_problems(text: str) -> list[str]:
    """Why ``text`` is not a run of well-formed sentences ([] when it is).

    Quoted values (in '...' or `...`) and links are set aside first: they are the record's own words."""
    problems = []
    if not text.strip():
        return ["it is empty"]
    bare = _QUOTED.sub("Q", text)
    if not re.match(r"[A-Z]", bare):
        problems.append("it does not start with a capital letter")
    if not bare.rstrip().endswith("."):
        problems.append("it does not end with a full stop")
    if re.search(r"\.\s*\.|\.\)|\s[.,;:]", bare):
        problems.append("a doubled full stop or a stray space before punctuation")
    doubled = re.search(r"\b(\w+) \1\b", bare, re.IGNORECASE)
    if doubled and not doubled.group(1).isdigit():
        problems.append(f"the word '{doubled.group(1)}' twice in a row")
    if re.search(r"\bNot [A-Z]", bare):
        problems.append("'Not' before a capitalised clause")
    if re.search(r"[{}]", bare):
        problems.append("an unfilled {placeholder}")
    if bare.count("(") != bare.count(")"):
        problems.append("unbalanced brackets")
    sentences: list[str] = []
    for piece in _SENTENCE_END.split(bare):
        if sentences and _ABBREVIATION.search(sentences[-1]):  # "Reviewer Dr. Natarajan" goes on
            sentences[-1] += " " + piece
        else:
            sentences.append(piece)
    problems += [f"a fragment: {s!r}" for s in sentences if len(s.split()) < 3]
    return problems
