"""Build step 1 and 2: find, load and validate every catalog file, then check them against each other.

The result is a ``Catalog`` of valid entries plus every problem found, each with its file, line and
column. Loading and schema validation of a large catalog run on all cores; cross-file rules run once,
afterwards, on the whole set.
"""

from __future__ import annotations

import difflib
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .loading import LoadError, Locator, load_bytes, read_text
from .problems import Problem, display_path
from .schemas import KINDS, PLURAL, Schema, SchemaError, load_schemas
from .validation import Finding, check_document, field_label

PARALLEL_THRESHOLD = 400
Progress = Callable[[int, int], None]
Enricher = Callable[[dict[str, "Entry"]], Callable[["Entry"], Any]]
Result = tuple[dict[str, Any] | None, list["Problem"], Any]


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
    problems: list[Problem] = field(default_factory=list)
    checked: int = 0
    # Files that exist but failed their own checks: references to them are not reported a second time.
    broken: set[tuple[str, str]] = field(default_factory=set)
    # What an ``enrich`` function computed for each valid credential during loading (see load_catalog).
    extras: dict[str, Any] = field(default_factory=dict)

    def entries(self, kind: str) -> dict[str, Entry]:
        return {"credential": self.credentials, "stack": self.stacks, "organization": self.organizations}[kind]

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
    """Every YAML file under ``root/catalog`` (or under the given paths), in a stable order."""
    found: list[Path] = []
    for start in [p.resolve() for p in paths] if paths else [root.resolve() / "catalog"]:
        if start.is_dir():
            found.extend(p for p in start.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        else:
            found.append(start)
    return sorted(set(found))


def load_catalog(
    root: Path,
    paths: Iterable[Path] | None = None,
    *,
    progress: Progress | None = None,
    workers: int | None = None,
    enrich: Enricher | None = None,
) -> Catalog:
    """Load and validate the catalog under ``root``; with ``paths``, check only those files in full.

    Cross-file rules always see the whole catalog, so checking one file still catches a reference to an
    organization that does not exist. ``enrich``, given the valid organizations (loaded first), returns a
    function applied to each valid credential in the same parallel pass (scoring uses it); its results
    land in ``catalog.extras``.
    """
    root = root.resolve()
    catalog = Catalog(root)
    try:
        # Checked once here; forked workers reuse the compiled schemas instead of compiling their own.
        _SCHEMAS[str(root)] = load_schemas(root)
    except SchemaError as exc:
        catalog.problems.append(Problem(str(exc).split(":")[0], 1, 1, str(exc)))
        return catalog
    selected = catalog_files(root, [Path(p) for p in paths] if paths else None)
    everything = catalog_files(root) if paths else selected
    chosen = set(selected)  # absolute files: folders were expanded by catalog_files
    # Organizations first: credentials inherit their defaults, and there are few of them.
    organizations = [p for p in everything if kind_of(p, root) == "organization"]
    rest = [p for p in everything if kind_of(p, root) != "organization"]
    _collect(catalog, organizations, _check_files(root, organizations, progress=None, workers=1), chosen)
    global _ENRICH
    _ENRICH = enrich(dict(catalog.organizations)) if enrich else None
    try:
        _collect(catalog, rest, _check_files(root, rest, progress=progress, workers=workers), chosen)
    finally:
        _ENRICH = None
    catalog.checked = len(selected)
    cross = check_references(catalog)
    catalog.problems.extend(p for p in cross if not paths or root / p.path in chosen)
    catalog.problems.sort()
    return catalog


def _collect(catalog: Catalog, paths: list[Path], results: list[Result], chosen: set[Path]) -> None:
    root = catalog.root
    for path, (data, problems, extra) in zip(paths, results, strict=True):
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
        if extra is not None:
            catalog.extras[entry.id] = extra


def _check_files(root: Path, paths: list[Path], *, progress: Progress | None, workers: int | None) -> list[Result]:
    jobs = [(str(root), str(p)) for p in paths]
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count <= 1 or len(paths) < PARALLEL_THRESHOLD:
        results = []
        for done, job in enumerate(jobs, 1):
            results.append(_check_one(job))
            if progress and done % 200 == 0:
                progress(done, len(jobs))
        return results
    chunk = max(50, len(jobs) // (count * 8))
    results = []
    # fork: workers start at once and share the compiled schemas and the enrich function with us.
    context = multiprocessing.get_context("fork")
    # Unpickling tens of thousands of acyclic results would trigger cycle collections that find nothing
    # (measured: 1.3 s of 6.9 s at 10,000 credentials); collection resumes once they are all in.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=_worker_start) as pool:
            for done, result in enumerate(pool.map(_check_one, jobs, chunksize=chunk), 1):
                results.append(result)
                if progress and done % 200 == 0:
                    progress(done, len(jobs))
    finally:
        if collecting:
            gc.enable()
    return results


_SCHEMAS: dict[str, dict[str, Schema]] = {}
_ENRICH: Callable[[Entry], Any] | None = None


def _worker_start() -> None:
    # Workers only build acyclic data and exit when the pool closes: the cycle collector would scan
    # every new dict for nothing (about a tenth of the loading time).
    gc.disable()


def _schemas_for(root: str) -> dict[str, Schema]:
    if root not in _SCHEMAS:
        _SCHEMAS[root] = load_schemas(Path(root), check=False)  # load_catalog checked them already
    return _SCHEMAS[root]


def _check_one(job: tuple[str, str]) -> Result:
    """Load and schema-check one file; runs in a worker process for large catalogs."""
    root_s, path_s = job
    root, path = Path(root_s), Path(path_s)
    shown = display_path(path, root)
    kind = kind_of(path, root)
    if kind is None:
        folders = ", ".join(f"catalog/{PLURAL[k]}/" for k in KINDS)
        message = f"this file is not in a catalog folder; move it into one of {folders}."
        return None, [Problem(shown, 1, 1, message)], None
    if path.suffix == ".yml":
        return None, [Problem(shown, 1, 1, "catalog files end in .yaml; rename this file from .yml to .yaml.")], None
    try:
        raw = read_text(path)
        data = load_bytes(raw)
    except LoadError as exc:
        return None, [Problem(shown, exc.line, exc.column, exc.message)], None
    findings = check_document(data, _schemas_for(root_s)[kind])
    if isinstance(data, dict) and isinstance(data.get("id"), str) and data["id"] != path.stem:
        findings.append(Finding(("id",), f"the id `{data['id']}` must equal the file name; rename the file "
                                          f"to {data['id']}.yaml or change the id to `{path.stem}`.", False))
    problems = to_problems(shown, raw, findings)
    extra = None
    if _ENRICH is not None and kind == "credential" and not problems:
        extra = _ENRICH(Entry(kind, data["id"], path, shown, data))
    return data, problems, extra


def to_problems(shown: str, raw: bytes, findings: list[Finding]) -> list[Problem]:
    if not findings:
        return []
    locator = Locator(raw)
    problems = []
    for finding in findings:
        pos = locator.position(finding.path, key=finding.at_key)
        problems.append(Problem(shown, pos.line, pos.column, finding.message))
    return problems


def check_references(catalog: Catalog) -> list[Problem]:
    """Rules that need more than one file: unique ids, existing references, stack membership."""
    by_file: dict[str, tuple[Entry, list[Finding]]] = {}

    def report(entry: Entry, path: tuple[str | int, ...], message: str, at_key: bool = False) -> None:
        by_file.setdefault(entry.display, (entry, []))[1].append(Finding(path, message, at_key))

    def exists(entry: Entry, path: tuple[str | int, ...], ref: Any, kind: str) -> None:
        known = catalog.entries(kind)
        if not isinstance(ref, str) or ref in known or (kind, ref) in catalog.broken:
            return
        close = difflib.get_close_matches(ref, list(known), n=1, cutoff=0.6)
        hint = f" Did you mean `{close[0]}`?" if close else f" Add catalog/{PLURAL[kind]}/{ref}.yaml or fix the id."
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
        orgs = data.get("organizations", {})
        for role, value in orgs.items():
            refs = value if isinstance(value, list) else [value]
            for i, ref in enumerate(refs):
                exists(entry, ("organizations", role, i) if isinstance(value, list) else ("organizations", role),
                       ref, "organization")
        for i, item in enumerate(data.get("recognition", {}).get("currency", [])):
            if "recognizer" in item:
                exists(entry, ("recognition", "currency", i, "recognizer"), item["recognizer"], "organization")
        if "members_of" in data.get("access", {}).get("cost", {}):
            exists(entry, ("access", "cost", "members_of"), data["access"]["cost"]["members_of"], "organization")
        for i, stack_id in enumerate(data.get("stacks", [])):
            exists(entry, ("stacks", i), stack_id, "stack")
            stack = catalog.stacks.get(stack_id)
            if stack and entry.id not in stack.data.get("credentials", []):
                report(entry, ("stacks", i), f"this credential lists the stack `{stack_id}`, but "
                                             f"{stack.display} does not list it under `credentials`; add "
                                             f"`{entry.id}` there too.")
        evidence_ids = [e.get("id") for e in data.get("evidence", [])]
        seen: set[str] = set()
        for i, item in enumerate(data.get("evidence", [])):
            if item.get("id") in seen:
                report(entry, ("evidence", i, "id"), f"the evidence id `{item['id']}` is used twice; give each "
                                                     "piece of evidence its own id.")
            seen.add(item.get("id"))
        criteria_ids: set[str] = set()
        for i, criterion in enumerate(data.get("evaluation", {}).get("criteria", [])):
            if criterion.get("id") in criteria_ids:
                report(entry, ("evaluation", "criteria", i, "id"), f"the criterion id `{criterion['id']}` is "
                                                                  "used twice; give each criterion its own id.")
            criteria_ids.add(criterion.get("id"))
            for j, ref in enumerate(criterion.get("evidence", [])):
                if ref not in evidence_ids:
                    known = ", ".join(f"`{e}`" for e in evidence_ids)
                    report(entry, ("evaluation", "criteria", i, "evidence", j),
                           f"criterion `{criterion.get('id')}` uses the evidence `{ref}`, which is not among "
                           f"this credential's `evidence` ids ({known}).")

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
        cycle = _stack_cycle(catalog, entry.id)
        if cycle:
            report(entry, ("stacks",), "stacks include each other in a loop: " + " → ".join(cycle) +
                   "; remove one of the inclusions.", True)

    problems = []
    for shown, (entry, findings) in sorted(by_file.items()):
        raw = entry.path.read_bytes()
        problems.extend(to_problems(shown, raw, findings))
    return problems


def _stack_cycle(catalog: Catalog, start: str) -> list[str] | None:
    """The loop of included stacks that leads back to ``start``, if there is one."""
    trail = [start]
    explored: set[str] = set()  # stacks already searched without finding the loop: never search twice

    def visit(stack_id: str) -> list[str] | None:
        entry = catalog.stacks.get(stack_id)
        for child in entry.data.get("stacks", []) if entry else []:
            if child == start:
                return [*trail, child]
            if child in trail or child in explored:
                continue
            trail.append(child)
            found = visit(child)
            if found:
                return found
            trail.pop()
            explored.add(child)
        return None

    return visit(start)
