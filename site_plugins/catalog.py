"""Build step 1 and 2: find, load and validate every catalog file, then check them against each other.

The result is a ``Catalog`` of valid entries plus every problem found, each with its file, line and
column. Loading and schema validation of a large catalog run on all cores; cross-file rules run once,
afterwards, on the whole set.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import consistency
from .ctids import check_ctids
from .list_checks import check_lists, rule_findings
from .loading import LoadError, load_bytes, read_text
from .parallel import fork_imap
from .paths import SUFFIX, refusal, select, walk
from .problems import Problem, display_path, to_problems
from .references import check_references
from .schemas import KINDS, PLURAL, Schema, SchemaError, load_schemas
from .validation import Finding, check_document
from .value_checks import check_values

PARALLEL_THRESHOLD = 400
Progress = Callable[[int, int], None]
Result = tuple[dict[str, Any] | None, list["Problem"]]


@dataclass
class Entry:
    """One valid catalog file, as its contributor wrote it."""

    kind: str
    id: str
    path: Path
    display: str
    data: dict[str, Any]


@dataclass
class Catalog:
    root: Path
    credentials: dict[str, Entry] = field(default_factory=dict)
    stacks: dict[str, Entry] = field(default_factory=dict)
    organizations: dict[str, Entry] = field(default_factory=dict)
    approved_lists: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    checked: int = 0
    # Files that exist but failed their own checks: references to them are not reported a second time.
    broken: set[tuple[str, str]] = field(default_factory=set)

    def entries(self, kind: str) -> dict[str, Entry]:
        return {"credential": self.credentials, "stack": self.stacks, "organization": self.organizations,
                "approved-list": self.approved_lists}[kind]

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def kind_of(path: Path, root: Path) -> str | None:
    """Which schema a file follows, from the folder it lives in."""
    try:  # paths from catalog_files are already absolute under the resolved root: no file-system calls
        parts = path.relative_to(root / "catalog").parts
    except ValueError:
        parts = path.parts[-2:]
    folder = parts[0] if len(parts) > 1 else (path.parent.name if path.parent.name else "")
    for kind in KINDS:
        if folder == PLURAL[kind]:
            return kind
    return None


def catalog_files(root: Path, paths: Iterable[Path] | None = None) -> list[Path]:
    """Every catalog file under ``root/catalog`` (or the given paths, which must be catalog files or
    folders of them: ``paths.PathRefused`` otherwise), in a stable order."""
    if paths:
        return select(root, paths)
    return sorted(walk(root.resolve() / "catalog", root))


def load_catalog(
    root: Path,
    paths: Iterable[Path] | None = None,
    *,
    progress: Progress | None = None,
    workers: int | None = None,
    since: str | None = None,
) -> Catalog:
    """Load and validate the catalog under ``root``; with ``paths``, check only those files in full.

    Cross-file rules always see the whole catalog, so checking one file still catches a reference to an
    organization that does not exist. CTIDs are compared with git at HEAD, or at the merge base with the
    ref ``since`` (ctids.py).
    """
    root = root.resolve()
    catalog = Catalog(root)
    try:
        # Checked once here; forked workers inherit the compiled schemas instead of compiling their own.
        schemas = load_schemas(root)
    except SchemaError as exc:
        catalog.problems.append(Problem(str(exc).split(":")[0], 1, 1, str(exc)))
        return catalog
    selected = catalog_files(root, [Path(p) for p in paths] if paths else None)
    everything = sorted(set(catalog_files(root)) | set(selected)) if paths else selected
    chosen = set(selected)  # absolute files: folders were expanded by catalog_files
    # Organizations first: credentials inherit their defaults, and there are few of them.
    organizations = [p for p in everything if kind_of(p, root) == "organization"]
    rest = [p for p in everything if kind_of(p, root) != "organization"]
    _collect(catalog, organizations, _check_files(root, schemas, organizations, progress=None, workers=1), chosen)
    _collect(catalog, rest, _check_files(root, schemas, rest, progress=progress, workers=workers), chosen)
    catalog.checked = len(selected)
    cross = check_references(catalog, schemas["credential"].document.get("x-required-after-defaults") or ())
    cross += check_ctids(catalog, since) + check_lists(catalog)
    catalog.problems.extend(p for p in cross if not paths or root / p.path in chosen)
    catalog.problems.sort()
    return catalog


def _collect(catalog: Catalog, paths: list[Path], results: list[Result], chosen: set[Path]) -> None:
    root = catalog.root
    for path, (data, problems) in zip(paths, results, strict=True):
        if path in chosen:
            catalog.problems.extend(problems)
        kind = kind_of(path, root)
        if data is None or problems or kind is None:
            if kind is not None:
                catalog.broken.add((kind, path.stem))
            continue
        entry = Entry(kind, data["id"], path, display_path(path, root), data)
        same = catalog.entries(kind).get(entry.id)
        if same is not None:
            catalog.problems.append(Problem(entry.display, 1, 1, f"the {kind} id `{entry.id}` is already used by "
                                                                 f"{same.display}; ids must be unique."))
            continue
        catalog.entries(kind)[entry.id] = entry


def _check_files(root: Path, schemas: dict[str, Schema], paths: list[Path], *, progress: Progress | None,
                 workers: int | None) -> list[Result]:
    # Forked workers (parallel.fork_imap) inherit the compiled schemas with the task.
    jobs = [str(p) for p in paths]
    task = functools.partial(_check_one, root, schemas)
    results = []
    for done, result in enumerate(fork_imap(task, jobs, workers=workers, threshold=PARALLEL_THRESHOLD,
                                            min_chunk=50), 1):
        results.append(result)
        if progress and done % 200 == 0:
            progress(done, len(jobs))
    return results


def _check_one(root: Path, schemas: dict[str, Schema], path_s: str) -> Result:
    """Load and schema-check one file; runs in a worker process for large catalogs."""
    path = Path(path_s)
    shown = display_path(path, root)
    refused = refusal(path, root)
    if refused:
        return None, [Problem(shown, 1, 1, refused)]  # never read, so never quoted
    kind = kind_of(path, root)
    if kind is None:
        folders = ", ".join(f"catalog/{PLURAL[k]}/" for k in KINDS)
        message = f"this file is not in a catalog folder; move it into one of {folders}."
        return None, [Problem(shown, 1, 1, message)]
    if path.suffix != SUFFIX:
        message = f"catalog files end in .yaml; rename this file from {path.suffix} to .yaml."
        return None, [Problem(shown, 1, 1, message)]
    try:
        raw = read_text(path)
        data = load_bytes(raw)
    except LoadError as exc:
        return None, [Problem(shown, exc.line, exc.column, exc.message)]
    schema = schemas[kind]
    if isinstance(data, dict):
        # The extra checks first: their walk also collects the texts that may be placeholders.
        texts: list[tuple[tuple[str | int, ...], str]] = []
        extra = check_values(data, schema, escapes=b"\\" in raw, texts=texts)
        if kind == "approved-list":  # rules name credential fields: checked against the credential schema
            extra += rule_findings(data, schemas["credential"])
        findings = check_document(data, schema, texts)
        # A value the extra checks refuse gets their words, not the schema's, at the same place (and an
        # alternative the schema could not match above one of them, such as `not published` or a list, is
        # explained by the deeper finding).
        covered = {finding.path for finding in extra}
        findings = [f for f in findings
                    if f.path not in covered and not any(c[: len(f.path)] == f.path for c in covered)] + extra
    else:
        findings = check_document(data, schema)
    if not findings:
        findings = consistency.check(kind, data)
    if isinstance(data, dict) and isinstance(data.get("id"), str) and data["id"] != path.stem:
        findings.append(Finding(("id",), f"the id `{data['id']}` must equal the file name; rename the file "
                                          f"to {data['id']}.yaml or change the id to `{path.stem}`.", False))
    return data, to_problems(shown, raw, findings)
