"""Build step 2c: permanent CTIDs (Credential Transparency Identifiers), checked across files and against git.

A CTID is how Credential Engine's Registry knows a credential or an organization for good: published once,
it must never change, and no two files may share one. The schema checks each one's form (``ce-`` and a
lower-case UUID); this module checks that every CTID is used once in the catalog, and that a file keeps the
CTID it had in git: at HEAD by default, or at the merge base with ``since`` (a pull request's base branch).

The comparison is limited to the files git sees as changed since that commit (one ``git diff``, one
``git ls-files`` and one ``git cat-file --batch``), so a large unchanged catalog costs three small commands.
A renamed file is compared with its old path (git's rename detection), and a new credential file with the
files of its ``previous_ids``. Outside a git repository, or without git, only the form and the duplicates
are checked.
"""

from __future__ import annotations

import re
import subprocess
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .loading import Locator
from .problems import Problem

if TYPE_CHECKING:
    from .catalog import Catalog, Entry

PATTERN = re.compile(r"^ce-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# The top-level `ctid:` line of a committed file: read without parsing the YAML (it is one plain scalar).
_COMMITTED = re.compile(r"^ctid:[ \t]*['\"]?([^'\"\s#]+)['\"]?[ \t]*(?:#.*)?$", re.MULTILINE)
NEW_CTID_HINT = "`credcat ctid` prints a new one"


def new_ctid() -> str:
    """A new CTID: ``ce-`` and a random (version 4) UUID, as Credential Engine makes them."""
    return f"ce-{uuid.uuid4()}"


def check_ctids(catalog: Catalog, since: str | None = None) -> list[Problem]:
    """Duplicated CTIDs (each file names the others), and CTIDs changed or removed since the commit."""
    entries = [*catalog.credentials.values(), *catalog.organizations.values()]
    problems = _duplicates(entries)
    problems += _changed(catalog.root, entries, since)
    return sorted(problems)


def _where(entry: Entry) -> tuple[int, int]:
    path = ("ctid",) if isinstance(entry.data.get("ctid"), str) else ("id",)
    pos = Locator(entry.path.read_bytes()).position(path, key=False)
    return pos.line, pos.column


def _duplicates(entries: list[Entry]) -> list[Problem]:
    by_ctid: dict[str, list[Entry]] = {}
    for entry in entries:
        ctid = entry.data.get("ctid")
        if isinstance(ctid, str):
            by_ctid.setdefault(ctid, []).append(entry)
    problems = []
    for ctid, same in by_ctid.items():
        if len(same) < 2:
            continue
        places = {entry.display: _where(entry) for entry in same}
        for entry in same:
            others = ", ".join(f"{shown}:{line}:{column}" for shown, (line, column) in sorted(places.items())
                               if shown != entry.display)
            line, column = places[entry.display]
            problems.append(Problem(entry.display, line, column, (
                f"the ctid `{ctid}` is also the ctid of {others}; every credential and organization needs its own. "
                f"Keep it in the file it was first published with and give the other a new one ({NEW_CTID_HINT}).")))
    return problems


def _changed(root: Path, entries: list[Entry], since: str | None) -> list[Problem]:
    repo = _repository(root, since)
    if repo is None:
        return []
    top, base, label = repo
    by_path = {_relative(entry.path, top): entry for entry in entries}
    if not by_path:
        return []
    renamed_from, changed = _changes(top, base, list(by_path))
    wanted: dict[str, list[str]] = {}  # a changed file: the committed paths whose CTID it must keep
    for path in changed:
        entry = by_path.get(path)
        if entry is None:
            continue
        olds = [renamed_from.get(path, path)]
        if entry.kind == "credential":
            folder = path.rsplit("/", 1)[0]
            olds += [f"{folder}/{old}.yaml" for old in entry.data.get("previous_ids") or () if isinstance(old, str)]
        wanted[path] = olds
    committed = _committed_ctids(top, base, sorted({p for olds in wanted.values() for p in olds}))
    problems = []
    for path, olds in sorted(wanted.items()):
        entry = by_path[path]
        now = entry.data.get("ctid")
        for old_path in olds:
            before = committed.get(old_path)
            if before is None or before == now:
                continue
            shown_old = old_path if old_path == path else f"{old_path}, its earlier file,"
            line, column = _where(entry)
            if now is None:
                message = (f"this file had the ctid `{before}` ({shown_old} at {label}) and now has none; a CTID is "
                           f"permanent, so put back the line `ctid: {before}`.")
            else:
                message = (f"the ctid `{now}` differs from `{before}`, the one {shown_old} had at {label}; a CTID is "
                           f"permanent (the Registry would see a different credential), so put back `{before}`.")
            problems.append(Problem(entry.display, line, column, message))
            break
    return problems


def _git(cwd: Path, *args: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes] | None:
    try:
        return subprocess.run(["git", *args], cwd=cwd, input=data, capture_output=True, check=False)
    except (FileNotFoundError, NotADirectoryError, PermissionError):
        return None  # no git here: only the form and the duplicates are checked


def _repository(root: Path, since: str | None) -> tuple[Path, str, str] | None:
    """(repository top, the commit to compare with, how to name it), or None outside a repository."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None or top.returncode != 0:
        return None
    top_path = Path(top.stdout.decode().strip())
    head = _git(top_path, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    if head is None or head.returncode != 0:
        return None  # a repository with no commit yet: nothing was published from it
    if since is None:
        return top_path, head.stdout.decode().strip(), "the last commit (HEAD)"
    ref = _git(top_path, "rev-parse", "--verify", "--quiet", f"{since}^{{commit}}") if not since.startswith("-") \
        else None
    if ref is None or ref.returncode != 0:
        raise CtidBaseError(f"unknown git ref `{since}` for --since; fetch it first (git fetch origin), or in CI "
                            "check out with fetch-depth: 0 so the base branch is there.")
    target = ref.stdout.decode().strip()
    merge_base = _git(top_path, "merge-base", "HEAD", target)
    base = merge_base.stdout.decode().strip() if merge_base is not None and merge_base.returncode == 0 else target
    return top_path, base, f"the merge base with {since}"


class CtidBaseError(Exception):
    """The commit to compare CTIDs with cannot be found (a ``--since`` ref that is not there)."""


def _relative(path: Path, top: Path) -> str:
    try:
        return path.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _changes(top: Path, base: str, paths: Iterable[str]) -> tuple[dict[str, str], set[str]]:
    """({new path: old path} for renames, every catalog file changed since ``base``, committed or not)."""
    folders = sorted({p.rsplit("/", 1)[0] for p in paths})
    diff = _git(top, "diff", "--name-status", "-M", "-z", base, "--", *folders)
    renamed: dict[str, str] = {}
    changed: set[str] = set()
    if diff is not None and diff.returncode == 0:
        fields = diff.stdout.decode("utf-8", "surrogateescape").split("\0")
        i = 0
        while i < len(fields) and fields[i]:
            status = fields[i]
            if status.startswith(("R", "C")):
                old, new = fields[i + 1], fields[i + 2]
                if status.startswith("R"):
                    renamed[new] = old
                changed.add(new)
                i += 3
            else:
                changed.add(fields[i + 1])
                i += 2
    untracked = _git(top, "ls-files", "--others", "--exclude-standard", "-z", "--", *folders)
    if untracked is not None and untracked.returncode == 0:
        changed.update(p for p in untracked.stdout.decode("utf-8", "surrogateescape").split("\0") if p)
    return renamed, changed


def _committed_ctids(top: Path, base: str, paths: list[str]) -> dict[str, str]:
    """The top-level ``ctid`` each path had at ``base`` (paths that did not exist, or had none, are left out)."""
    if not paths:
        return {}
    request = "".join(f"{base}:{path}\n" for path in paths).encode("utf-8", "surrogateescape")
    batch = _git(top, "cat-file", "--batch", data=request)
    if batch is None or batch.returncode != 0:
        return {}
    out = batch.stdout
    found: dict[str, str] = {}
    at = 0
    for path in paths:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue  # "<object> missing": the file did not exist at that commit
        size = int(header[2])
        text = out[at: at + size].decode("utf-8", "replace")
        at += size + 1
        match = _COMMITTED.search(text)
        if match:
            found[path] = match.group(1)
    return found
