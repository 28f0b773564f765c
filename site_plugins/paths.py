"""Which files the catalog is read from, and which ones it refuses to read.

Everything under ``catalog/`` whose name ends in ``.yaml`` (or looks like it: ``.yml``, ``.YAML``, which
the checks then report) is a catalog file. A symbolic link is followed only while it stays inside the
repository, and a special file (a FIFO, a device, a socket) is never opened: opening a FIFO would wait
forever, and a file outside the repository is none of the catalog's business. Such entries are still
listed, so that they are reported as problems at their own path instead of being silently skipped.

``credcat validate PATH…`` checks only catalog files: ``select`` refuses (``PathRefused``, exit 2) any path
outside ``catalog/``, any file that is not a catalog file, and any link that leads out of the repository.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

CATALOG = "catalog"
SUFFIX = ".yaml"
_LOOKALIKE = (".yaml", ".yml")  # compared lower-cased: .YAML and .Yml are catalog files with a wrong name


class PathRefused(Exception):
    """A path ``credcat validate`` will not check; the message is one line, exit code 2."""


def is_catalog_name(name: str) -> bool:
    return not name.startswith(".") and os.path.splitext(name)[1].lower() in _LOOKALIKE


def inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def refusal(path: Path, root: Path) -> str | None:
    """Why the loader must not read ``path`` (a file found in the catalog), or None when it may.

    Nothing is opened: a link is judged by where it leads, a special file by its type."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        return f"cannot read the file: {exc.strerror or exc}."
    if stat.S_ISLNK(info.st_mode):
        real = Path(os.path.realpath(path))
        if not inside(real, Path(os.path.realpath(root))):
            return ("this is a symbolic link that leads out of the repository, so it is not read. Catalog files "
                    "must be files inside the repository: replace the link with the file itself.")
        try:
            info = os.stat(path)
        except OSError:
            return "this is a symbolic link to nothing (its target is missing); remove it or restore the target."
    if stat.S_ISDIR(info.st_mode):
        return "this is a folder whose name ends in .yaml; rename it, since catalog files are files."
    if not stat.S_ISREG(info.st_mode):
        link = "a symbolic link to " if os.path.islink(path) else ""
        return (f"this is {link}{_kind(info.st_mode)}, not a regular file, so it is not read. Catalog files are "
                "plain text files.")
    return None


def walk(folder: Path, root: Path) -> list[Path]:
    """Every catalog file under ``folder``, without following links out of the repository (those, and
    special files, are listed for ``refusal`` to report). A loop, not recursion; each real folder once."""
    real_root = Path(os.path.realpath(root))
    found: list[Path] = []
    seen: set[str] = set()
    pending = [folder]
    while pending:
        current = pending.pop()
        real = os.path.realpath(current)
        if real in seen:
            continue
        seen.add(real)
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue  # editors' swap files, our own temporary files, hidden folders
            path = Path(entry.path)
            if entry.is_symlink():
                target = Path(os.path.realpath(path))
                if not inside(target, real_root):
                    if is_catalog_name(entry.name) or target.is_dir():
                        found.append(path)  # reported by refusal, never read
                    continue
                if target.is_dir():
                    pending.append(path)
                    continue
            elif entry.is_dir(follow_symlinks=False):
                pending.append(path)
                continue
            if is_catalog_name(entry.name):
                found.append(path)
    return found


def select(root: Path, given: Iterable[Path]) -> list[Path]:
    """The catalog files that ``credcat validate PATH…`` checks; anything else raises ``PathRefused``."""
    real_root = Path(os.path.realpath(root))
    catalog = real_root / CATALOG
    found: list[Path] = []
    for path in given:
        shown = str(path)
        if not os.path.lexists(path):
            raise PathRefused(f"{shown}: no such file or folder.")
        real = Path(os.path.realpath(path))
        if not inside(real, real_root):
            if _has_link(Path(os.path.abspath(path))):
                raise PathRefused(f"{shown}: this is a symbolic link that leads out of the repository ({real_root}); "
                                  "credcat reads only files inside it.")
            raise PathRefused(f"{shown}: this is outside the catalog repository ({real_root}); give a file or "
                              f"folder under {catalog}/, or pass --root for another repository.")
        try:
            mode = os.stat(real).st_mode
        except OSError as exc:
            raise PathRefused(f"{shown}: cannot read it: {exc.strerror or exc}.") from None
        link = "a symbolic link to " if os.path.islink(path) else ""
        if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
            raise PathRefused(f"{shown}: this is {link}{_kind(mode)}, not a regular file; catalog files are plain "
                              "text files ending in .yaml.")
        if not inside(real, catalog):
            where = f"this is {link}{real}, which is " if link else "this is "
            raise PathRefused(f"{shown}: {where}not in the catalog folder; credcat validate checks catalog files "
                              f"only, which live under {catalog}/.")
        if stat.S_ISDIR(mode):
            found.extend(walk(real, real_root))
        elif not is_catalog_name(real.name):
            raise PathRefused(f"{shown}: this is not a catalog file; catalog files are YAML files whose names end "
                              "in .yaml.")
        else:
            found.append(real)
    return sorted(set(found))


def _has_link(path: Path) -> bool:
    return any(p.is_symlink() for p in (path, *path.parents))


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (a named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"
