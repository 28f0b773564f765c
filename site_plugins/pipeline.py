"""The build as named steps (load → validate → resolve → score), shared by the CLI and the MkDocs plugin.

Each step adds its problems to one list; a front decides what to do with them. Nothing here writes
files, so a failed check never touches the last good site.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalog import Catalog, Entry, Progress, load_catalog
from .loading import Locator
from .model import Resolved, resolve, resolve_entry
from .problems import Problem
from .rubric import Rubric, RubricError, load_rubric
from .scoring import Scorecard, as_of_date, claim_conflicts, review_conflicts, score


@dataclass
class Build:
    root: Path
    as_of: dt.date
    catalog: Catalog
    rubric: Rubric | None = None
    scorecards: dict[str, Scorecard] = field(default_factory=dict)
    # Processes for the per-credential work of pages and exports (None: every core; 1: no fork, as under
    # `mkdocs serve`, whose watcher threads make fork() unsafe).
    workers: int | None = None
    summaries: dict[str, Any] = field(default_factory=dict)
    _resolved: dict[str, Resolved] = field(default_factory=dict, repr=False)
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False)

    def memo(self, key: Any, make: Callable[[], Any]) -> Any:
        """``make()`` once per key for this build: pages, exports and feeds share views and documents."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def score(self, credential_id: str) -> Scorecard:
        """The scorecard of one credential, scored now if the run did not score it."""
        if credential_id not in self.scorecards:
            assert self.rubric is not None
            self.scorecards[credential_id] = score(self.resolved(credential_id), self.rubric, self.as_of)
        return self.scorecards[credential_id]

    def resolved(self, credential_id: str) -> Resolved:
        """The credential with inherited defaults merged in (computed on first use)."""
        if credential_id not in self._resolved:
            self._resolved[credential_id] = resolve(self.catalog, credential_id)
        return self._resolved[credential_id]

    @property
    def problems(self) -> list[Problem]:
        return self.catalog.problems

    @property
    def ok(self) -> bool:
        return self.catalog.ok


def run(
    root: Path,
    paths: Iterable[Path] | None = None,
    *,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    score_all: bool = True,
    summarize: Callable[[Scorecard], Any] | None = None,
) -> Build:
    """Load, validate, resolve and score; every problem ends up in ``build.problems``.

    With ``score_all`` false (plain validation) only credentials carrying a reviewer's judgements are
    scored, since checking those judgements needs the evidence check; the rest is left for ``score``.
    With ``summarize``, workers keep only ``summarize(card)`` (in ``build.summaries``) instead of sending
    whole scorecards back: ``credcat score --all`` needs one line per credential, not 28 rationales.
    """
    as_of = as_of or as_of_date()
    rubric_problems: list[Problem] = []
    try:
        rubric: Rubric | None = load_rubric(root.resolve())
    except RubricError as exc:
        rubric, rubric_problems = None, exc.problems

    def enrich(organizations: dict[str, Entry]) -> Callable[[Entry], Any]:
        # Runs in the loading workers: scoring shares their parallel pass instead of a second one.
        # Returns (scorecard or its summary or None, review conflicts).
        def per_credential(entry: Entry) -> tuple[Any, list[tuple[str, str]]]:
            if rubric is None:
                return None, []
            if score_all:
                card = score(resolve_entry(entry, organizations), rubric, as_of)
                return (summarize(card) if summarize else card), review_conflicts(card)
            if (entry.data.get("quality_review") or {}).get("components"):
                return None, claim_conflicts(resolve_entry(entry, organizations), rubric, as_of)
            return None, []

        return per_credential

    catalog = load_catalog(root, paths, progress=progress, workers=workers, enrich=enrich)
    build = Build(catalog.root, as_of, catalog, rubric, workers=workers)
    catalog.problems.extend(rubric_problems)
    if rubric is None:
        catalog.problems.sort()
        return build
    conflicts: dict[str, list[tuple[str, str]]] = {}
    for cid in sorted(catalog.credentials):
        payload, found = catalog.extras.get(cid, (None, []))
        if payload is not None:
            (build.summaries if summarize else build.scorecards)[cid] = payload
        conflicts[cid] = found
    catalog.problems.extend(_review_problems(build, conflicts, paths))
    catalog.problems.sort()
    return build


def _review_problems(build: Build, conflicts: dict[str, list[tuple[str, str]]],
                     paths: Iterable[Path] | None) -> list[Problem]:
    chosen = {Path(p).resolve() for p in paths} if paths else None
    problems = []
    for cid, found in conflicts.items():
        entry = build.catalog.credentials[cid]
        if not found or (chosen is not None and not _selected(entry.path, chosen)):
            continue
        locator = Locator(entry.path.read_bytes())
        for component_id, message in found:
            pos = locator.position(("quality_review", "components", component_id, "met"), key=True)
            problems.append(Problem(entry.display, pos.line, pos.column, message))
    return problems


def _selected(path: Path, chosen: set[Path]) -> bool:
    resolved = path.resolve()
    return any(resolved == c or c in resolved.parents for c in chosen)
