"""The build as named steps (load → validate → resolve → score), shared by the CLI and the MkDocs plugin.

Each step adds its problems to one list; a front decides what to do with them. Nothing here writes
files, so a failed check never touches the last good site.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .catalog import Catalog, Progress, load_catalog
from .loading import Locator
from .model import Resolved, resolve
from .problems import Problem
from .rubric import Rubric, RubricError, load_rubric
from .scoring import Scorecard, as_of_date, claim_conflicts, review_conflicts, score


@dataclass
class Build:
    root: Path
    as_of: dt.date
    catalog: Catalog
    rubric: Rubric | None = None
    resolved: dict[str, Resolved] = field(default_factory=dict)
    scorecards: dict[str, Scorecard] = field(default_factory=dict)

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
) -> Build:
    """Load, validate, resolve and score; every problem ends up in ``build.problems``.

    With ``score_all`` false (plain validation) only credentials carrying a reviewer's judgements are
    scored, since checking those judgements needs the evidence check; the rest is left for ``score``.
    """
    catalog = load_catalog(root, paths, progress=progress, workers=workers)
    build = Build(catalog.root, as_of or as_of_date(), catalog)
    try:
        build.rubric = load_rubric(catalog.root)
    except RubricError as exc:
        catalog.problems.extend(exc.problems)
        return build
    conflicts: dict[str, list[tuple[str, str]]] = {}
    for cid, entry in sorted(catalog.credentials.items()):
        if score_all:
            build.resolved[cid] = resolve(catalog, cid)
            build.scorecards[cid] = score(build.resolved[cid], build.rubric, build.as_of)
            conflicts[cid] = review_conflicts(build.scorecards[cid])
        elif (entry.data.get("quality_review") or {}).get("components"):
            conflicts[cid] = claim_conflicts(resolve(catalog, cid), build.rubric, build.as_of)
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
