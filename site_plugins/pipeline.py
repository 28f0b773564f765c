"""The build as named steps, shared by the CLI and the MkDocs plugin.

load → validate (catalog.py) → resolve (resolve.py, once per credential) → model (model.py) → score
(scoring.py) → outputs. Each step adds its problems to one list; a front decides what to do with them.
The per-credential steps (resolve, model, score) run together in forked workers for a large catalog
(``parallel.fork_map``) and return typed results; nothing is kept in module globals or memos. Nothing
here writes files, so a failed check never touches the last good site.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .approved_lists import ApprovedList, Standing, build_approved_list, describe_fact, standings
from .catalog import Catalog, Progress, load_catalog
from .labels import field_titles
from .loading import Locator
from .model import Credential, Organization, OrgRef, Source, Stack, build_credential, build_organization, build_stack
from .parallel import fork_map
from .problems import Problem
from .resolve import resolve_entry
from .rubric import Rubric, RubricError, load_rubric
from .scoring import Scorecard, as_of_date, claim_conflicts, review_conflicts, score
from .site_config import Publication


@dataclass
class Build:
    """Everything the outputs read: the typed model of every file, and every credential's scorecard."""

    root: Path
    as_of: dt.date
    catalog: Catalog  # the validated files as their contributors wrote them: for validation only
    rubric: Rubric | None = None
    credentials: dict[str, Credential] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    stacks: dict[str, Stack] = field(default_factory=dict)
    scorecards: dict[str, Scorecard] = field(default_factory=dict)
    approved_lists: dict[str, ApprovedList] = field(default_factory=dict)
    summaries: dict[str, Any] = field(default_factory=dict)
    # Components a reviewer marked met against a record that shows them not met: (component, message).
    conflicts: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # Processes for the per-credential work (None: every core; 1: no fork, as under `mkdocs serve`, whose
    # watcher threads make fork() unsafe).
    workers: int | None = None
    # The site's name and data licence, for the exports that state them (the fronts set it from mkdocs.yml).
    publication: Publication = field(default_factory=Publication)
    _standings: dict[str, dict[str, Standing]] | None = field(default=None, repr=False)

    def score(self, credential_id: str) -> Scorecard:
        """The scorecard of one credential, scored now if the run did not score it."""
        if credential_id not in self.scorecards:
            assert self.rubric is not None
            self.scorecards[credential_id] = score(self.credentials[credential_id], self.rubric, self.as_of)
        return self.scorecards[credential_id]

    def standings(self) -> dict[str, dict[str, Standing]]:
        """Every approved list's credentials and leavers (approved_lists.py), worked out once per build
        (before the outputs fork their workers, which inherit it)."""
        if self._standings is None:
            for cid in self.credentials:
                self.score(cid)
            self._standings = standings(self.approved_lists, self.credentials, self.scorecards, self.as_of,
                                        describe=functools.partial(describe_fact, field_titles(self.root)))
        return self._standings

    @property
    def problems(self) -> list[Problem]:
        return self.catalog.problems

    @property
    def ok(self) -> bool:
        return self.catalog.ok


@dataclass(frozen=True)
class CredentialResult:
    """What the per-credential steps give back from a worker."""

    model: Credential | None  # None in plain validation, which needs only the conflicts
    scorecard: Scorecard | None
    summary: Any
    conflicts: list[tuple[str, str]]


def run(
    root: Path,
    paths: Iterable[Path] | None = None,
    *,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    score_all: bool = True,
    summarize: Callable[[Scorecard], Any] | None = None,
    models: bool = True,
    since: str | None = None,
) -> Build:
    """Load, validate, resolve, model and score; every problem ends up in ``build.problems``.

    With ``score_all`` false (plain validation) only credentials carrying a reviewer's judgements are
    scored, since checking those judgements needs the evidence check; the rest is left for ``score``.
    With ``summarize``, workers send back only ``summarize(card)`` (in ``build.summaries``), neither the
    scorecard nor the model: ``credcat score --all`` needs one line per credential, not 28 rationales, and
    pickling a thousand models back to the parent cost a third of its time.
    With ``models`` false (``credcat validate``) only the credentials a reviewer judged are modelled.
    ``since``: the git ref whose merge base CTIDs are compared with (default: HEAD).
    """
    as_of = as_of or as_of_date()
    rubric_problems: list[Problem] = []
    try:
        rubric: Rubric | None = load_rubric(root.resolve())
    except RubricError as exc:
        rubric, rubric_problems = None, exc.problems
    catalog = load_catalog(root, paths, progress=progress, workers=workers, since=since)
    catalog.problems.extend(rubric_problems)
    build = model(catalog, rubric, as_of, workers=workers, score_all=score_all, summarize=summarize,
                  only_reviewed=not models)
    catalog.problems.extend(_review_problems(build, build.conflicts, paths))
    catalog.problems.sort()
    return build


def model(catalog: Catalog, rubric: Rubric | None, as_of: dt.date, *, workers: int | None = None,
          score_all: bool = True, summarize: Callable[[Scorecard], Any] | None = None,
          only_reviewed: bool = False) -> Build:
    """The steps after validation: resolve, model and score every valid file of ``catalog``.

    ``only_reviewed`` (plain validation) models just the credentials a reviewer judged, whose judgements
    need checking against the record; the others are not needed to say whether the catalog is valid."""
    build = Build(catalog.root, as_of, catalog, rubric, workers=workers)
    build.organizations = {oid: build_organization(e) for oid, e in sorted(catalog.organizations.items())}
    refs = {oid: org.ref for oid, org in build.organizations.items()}
    build.stacks = {sid: build_stack(e, refs) for sid, e in sorted(catalog.stacks.items())}
    build.approved_lists = {lid: build_approved_list(e, refs) for lid, e in sorted(catalog.approved_lists.items())}
    if rubric is not None:
        rubric = build.rubric = replace(rubric, field_titles=field_titles(catalog.root))
    org_sources = {oid: org.sources for oid, org in build.organizations.items()}
    cids = sorted(cid for cid, entry in catalog.credentials.items()
                  if not only_reviewed or isinstance(entry.data.get("quality_review"), dict))
    step = functools.partial(_credential_step, catalog, refs, org_sources, rubric, as_of, score_all, summarize,
                             only_reviewed)
    for cid, result in zip(cids, fork_map(step, cids, workers=workers), strict=True):
        if result.model is not None:
            build.credentials[cid] = result.model
        if result.scorecard is not None:
            build.scorecards[cid] = result.scorecard
        if summarize is not None and result.summary is not None:
            build.summaries[cid] = result.summary
        build.conflicts[cid] = result.conflicts
    return build


def _credential_step(catalog: Catalog, refs: Mapping[str, OrgRef], org_sources: Mapping[str, tuple[Source, ...]],
                     rubric: Rubric | None, as_of: dt.date, score_all: bool,
                     summarize: Callable[[Scorecard], Any] | None, conflicts_only: bool, cid: str) -> CredentialResult:
    """Resolve, model and score one credential (in a worker for a large catalog); ``conflicts_only`` sends
    back only the reviewer conflicts (plain validation: the model is not needed, and pickling it costs)."""
    model = build_credential(resolve_entry(catalog.credentials[cid], catalog.organizations), refs, org_sources)
    if rubric is None:
        return CredentialResult(model, None, None, [])
    if not score_all:
        found = claim_conflicts(model, rubric, as_of) if model.quality_review else []
        return CredentialResult(None if conflicts_only else model, None, None, found)
    card = score(model, rubric, as_of)
    if summarize is not None:
        return CredentialResult(None, None, summarize(card), review_conflicts(card))
    return CredentialResult(model, card, None, review_conflicts(card))


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
