"""``credcat score --changed REF``: which credential files a change touched, and what moved on their
scorecards. Pull-request CI uses it to write the scorecards of the changed credentials to the job summary.

The base is the merge base of HEAD and REF, as a pull request is compared; committed, uncommitted and
untracked changes all count, and renames are followed. The base catalog is unpacked with ``git archive``
into a temporary folder and scored on the same date as the working tree, so only the change moves scores.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tarfile
from pathlib import Path
from typing import Any, NamedTuple

from . import pipeline
from .problems import Problem
from .rules import Outcome
from .safe_text import markdown_code
from .scorecard_format import as_markdown
from .scoring import Scorecard


class Change(NamedTuple):
    """A credential file added, modified, renamed or removed since the base of the comparison."""

    status: str  # added, modified, renamed or removed
    path: str  # relative to the catalog root; for removed files, the path it had
    old_path: str | None = None  # for renamed files

    @property
    def id(self) -> str:
        return Path(self.path).stem

    @property
    def old_id(self) -> str:
        return Path(self.old_path or self.path).stem


class GitError(Exception):
    pass


# (the change, its scorecard now, its scorecard at the base, its problems when it cannot be scored now)
Compared = tuple[Change, Scorecard | None, Scorecard | None, list[Problem] | None]


CREDENTIALS = "catalog/credentials/"
_STATUS = {"A": "added", "C": "added", "M": "modified", "T": "modified", "U": "modified", "D": "removed",
           "R": "renamed"}


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed; install it to compare with another version.") from None


def git_base(root: Path, ref: str) -> tuple[Path, str, str]:
    """(repository top, the catalog's folder inside it, the commit to compare with): the merge base of
    HEAD and ``ref``, as a pull request is compared, or ``ref`` itself when they share no history."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise GitError(f"{root} is not in a git repository, so there is nothing to compare with. "
                       "Run credcat score --changed in a clone of the catalog.")
    if ref.startswith("-") or not ref.strip():
        raise GitError(f"`{ref}` is not a git ref; give a branch, tag or commit, like origin/main.")
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if commit.returncode != 0:
        raise GitError(f"unknown git ref `{ref}`. Fetch it first (git fetch origin), or in CI check out with "
                       "fetch-depth: 0 so the base branch is there.")
    target = commit.stdout.decode().strip()
    merge_base = _git(root, "merge-base", "HEAD", target)
    base = merge_base.stdout.decode().strip() if merge_base.returncode == 0 else target
    prefix = _git(root, "rev-parse", "--show-prefix").stdout.decode().strip()
    return Path(top.stdout.decode().strip()), prefix, base


def changed_credentials(root: Path, base: str) -> list[Change]:
    """Credential files that differ between ``base`` and the working tree, renames followed."""
    diff = _git(root, "diff", "--name-status", "-M", "-z", "--relative", base, "--", "catalog/credentials")
    if diff.returncode != 0:
        raise GitError(f"git diff failed: {diff.stderr.decode(errors='replace').strip()}")
    tokens = diff.stdout.decode("utf-8", errors="surrogateescape").split("\0")
    changes: list[Change] = []
    i = 0
    while i < len(tokens) and tokens[i]:
        letter = tokens[i][0]
        if letter in "RC":
            old, new = tokens[i + 1], tokens[i + 2]
            i += 3
        else:
            old = new = tokens[i + 1]
            i += 2
        status = _STATUS.get(letter, "modified")
        was, now = _is_credential(old), _is_credential(new)
        if status == "renamed" and was and now:
            changes.append(Change("renamed", new, old))
        elif status == "removed" or (status == "renamed" and was):
            changes.append(Change("removed", old))
        elif now:
            changes.append(Change("added" if status == "renamed" else status, new))
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", "catalog/credentials")
    for path in untracked.stdout.decode("utf-8", errors="surrogateescape").split("\0"):
        if _is_credential(path):
            changes.append(Change("added", path))
    return sorted(changes, key=lambda c: (c.id, c.status))


def _is_credential(path: str) -> bool:
    return path.startswith(CREDENTIALS) and path.endswith((".yaml", ".yml"))


def build_at(top: Path, prefix: str, base: str, folder: Path, as_of: dt.date) -> pipeline.Build | None:
    """The catalog as it was at ``base``, copied into ``folder`` and loaded; None when it had no schema."""
    tree = f"{base}:{prefix}" if prefix else base
    listing = _git(top, "ls-tree", "--name-only", "-z", tree)
    names = set(listing.stdout.decode("utf-8", errors="surrogateescape").split("\0"))
    folders = [n for n in ("catalog", "schema") if n in names]
    if listing.returncode != 0 or "catalog" not in folders:
        return None
    archive = _git(top, "archive", "--format=tar", tree, *folders)
    if archive.returncode != 0:
        raise GitError(f"git archive failed: {archive.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later: refuse links and paths leaving folder
            tar.extractall(folder, filter="data")
        else:  # pragma: no cover
            tar.extractall(folder)  # an archive git made of a commit of this repository
    (folder / "catalog").mkdir(exist_ok=True)
    build = pipeline.run(folder, as_of=as_of, score_all=False)
    return build if build.rubric is not None else None


def compare(change: Change, after: pipeline.Build, before: pipeline.Build | None) -> Compared:
    previous = None
    if change.status != "added" and before is not None and change.old_id in before.catalog.credentials:
        previous = before.score(change.old_id)
    if change.status == "removed":
        return change, None, previous, None
    if change.id not in after.catalog.credentials:
        mine = [p for p in after.problems if p.path == change.path] or [
            p for p in after.problems if Path(p.path).stem == change.id]
        return change, None, previous, mine
    return change, after.score(change.id), previous, None


def moved(card: Scorecard, previous: Scorecard | None) -> list[tuple[str, Outcome, Outcome]]:
    """(component, outcome before, outcome now) for each component whose outcome changed since ``previous``."""
    if previous is None:
        return []
    was = {c.id: c.outcome for c in previous.components}
    return [(c.id, was[c.id], c.outcome) for c in card.components if c.id in was and was[c.id] is not c.outcome]


def standing(card: Scorecard, components: bool = False) -> str:
    """"3/13 standards met, 7 not verifiable", and with ``components`` ", 10/28 components met, 12 not verifiable"."""
    counts = [(card.standards_met, card.standards_total, "standards", card.standards_not_verifiable)]
    if components:
        counts.append((card.components_met, card.components_total, "components", card.components_not_published))
    return ", ".join(f"{met}/{total} {what} met" + (f", {unknown} not verifiable" if unknown else "")
                     for met, total, what, unknown in counts)


def change_line(change: Change, card: Scorecard | None, previous: Scorecard | None,
                problems: list[Problem] | None, quote: Any = str) -> str:
    """One line saying what moved, like ``id: 10/13 → 12/13 standards met (+2), 2 → 0 not verifiable;
    7.2 not verifiable → met``."""
    name = f"{quote(change.old_id)} → {quote(change.id)}" if change.status == "renamed" else quote(change.id)
    if change.status == "removed":
        return f"{name}: removed (was {standing(previous)})" if previous else f"{name}: removed"
    if card is None:
        return f"{name}: cannot be scored until its {len(problems or [])} problem(s) are fixed; run credcat validate"
    if previous is None:
        now = f"{standing(card, components=True)}, {card.tier}"
        if change.status == "added":
            return f"{name}: new, {now}"
        return f"{name}: {now} (it could not be scored at the base, so there is nothing to compare with)"
    delta = card.standards_met - previous.standards_met
    line = (f"{name}: {previous.standards_met}/{previous.standards_total} → {card.standards_met}/"
            f"{card.standards_total} standards met {f'({delta:+d})' if delta else '(no change)'}")
    if card.standards_not_verifiable != previous.standards_not_verifiable:
        line += f", {previous.standards_not_verifiable} → {card.standards_not_verifiable} not verifiable"
    if change.status == "renamed":
        line += ", renamed"
    moves = moved(card, previous)
    if moves:
        line += "; " + ", ".join(f"{cid} {_said(was)} → {_said(now)}" for cid, was, now in moves)
    else:
        line += "; no component changed"
    if card.tier != previous.tier:
        line += f"; {previous.tier} → {card.tier}"
    return line


def _said(outcome: Outcome) -> str:
    return outcome.label.lower()


def changes_markdown(results: list[Compared], ref: str, base: str) -> str:
    """A pull-request comment: one line per changed credential, then each one's scorecard."""
    lines = ["## MPOS scorecards of the changed credentials", ""]
    if not results:
        return "\n".join([*lines, f"No credential files changed since {_code(ref)}.", ""])
    lines += [f"Compared with {_code(ref)} (commit {_code(base[:12])}).", ""]
    lines += [f"- {change_line(*r, quote=_code)}" for r in results]
    for change, card, previous, _ in results:
        lines.append("")
        if card is not None:
            if change.status == "renamed":
                lines += [f"Renamed from {_code(change.old_id)}.", ""]
            lines.append(as_markdown(card, previous).rstrip("\n"))
        elif change.status == "removed":
            lines.append(f"### {_code(change.old_id)} (removed)")
        else:
            lines.append(f"### {_code(change.id)}: not scored until its problems are fixed (see the validation step)")
    return "\n".join(lines) + "\n"


def _code(text: str) -> str:
    """Text from a file name or a ref as a Markdown code span, where nothing in it is markup."""
    return markdown_code(text)


def change_json(change: Change, card: Scorecard | None, previous: Scorecard | None) -> dict[str, object]:
    def summary(c: Scorecard | None) -> dict[str, object] | None:
        return None if c is None else {
            "standards_met": c.standards_met, "standards_not_verifiable": c.standards_not_verifiable,
            "standards_total": c.standards_total, "components_met": c.components_met,
            "components_not_published": c.components_not_published, "components_total": c.components_total,
            "tier": c.tier}

    moves = moved(card, previous) if card else []
    return {"id": change.id, "change": change.status, "previous_id": change.old_id if change.old_path else None,
            "path": change.path, "before": summary(previous), "after": summary(card),
            "components_moved": [{"id": cid, "before": str(was), "after": str(now)} for cid, was, now in moves]}
