"""Writing files and folders so that a failure, a crash or a kill never leaves half of them.

A file is written to a temporary name in its own folder, then renamed over the target: rename is atomic,
so a reader (a web server, the next build) sees the old file or the new one, never a truncated one.

A folder (the site, an export) is built in a staging folder beside it and swapped in once everything
succeeded. On Linux the swap is one ``renameat2(RENAME_EXCHANGE)`` call; elsewhere it is two renames (the
old folder moved aside, the new one moved in). A kill between those two leaves the aside folder behind,
and the next run puts it back before doing anything else (``stage`` recovers), so the last good folder
always survives. A lock beside the target keeps two runs from staging into the same folder at once.
"""

from __future__ import annotations

import ctypes
import errno
import itertools
import os
import shutil
import stat
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock, the rest works
    fcntl = None  # type: ignore[assignment]

STAGING = ".credcat-new"
ASIDE = ".credcat-old"
LOCK = ".credcat-lock"
_TEMP = ".credcat-tmp-"
_COUNTER = itertools.count()


class AtomicError(Exception):
    """A folder that cannot be staged or swapped; the message is one line for the person running the build."""


# ---- files ------------------------------------------------------------------------------------------------


def write_bytes(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Write ``data`` to ``path`` whole: a temporary file beside it, then a rename over it.

    ``exclusive`` never replaces an existing file (a hard link from the temporary name, which fails when
    the target exists, even in a race), for files a person may already have written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f"{_TEMP}{os.getpid()}-{next(_COUNTER)}")
    try:
        _write_all(temp, data)
        if exclusive:
            _link_exclusive(temp, path)
        else:
            os.replace(temp, path)
    finally:
        if os.path.lexists(temp):
            os.unlink(temp)


def write_text(path: Path, text: str, *, exclusive: bool = False) -> None:
    """``write_bytes`` of UTF-8 text, line ends exactly as given."""
    write_bytes(path, text.encode("utf-8"), exclusive=exclusive)


def _write_all(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _link_exclusive(temp: Path, path: Path) -> None:
    try:
        os.link(temp, path)  # fails with FileExistsError when the target exists
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: create-exclusive, then fill it
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        os.close(fd)
        os.replace(temp, path)


# ---- folders ----------------------------------------------------------------------------------------------


@dataclass
class Staged:
    """A staging folder beside ``target``; ``commit`` swaps it in, ``abort`` throws it away."""

    target: Path
    staging: Path
    _lock: int | None = field(default=None, repr=False)

    @property
    def aside(self) -> Path:
        return _beside(self.target, ASIDE)

    def commit(self) -> None:
        """Put the staging folder in the target's place; the old target is deleted afterwards."""
        try:
            if not os.path.lexists(self.target):
                os.rename(self.staging, self.target)
            elif _exchange(self.staging, self.target):
                shutil.rmtree(self.staging)  # it holds the old folder now
            else:
                os.rename(self.target, self.aside)
                try:
                    os.rename(self.staging, self.target)
                except BaseException:
                    os.rename(self.aside, self.target)
                    raise
                shutil.rmtree(self.aside)
        finally:
            self._release()

    def abort(self) -> None:
        """Delete the staging folder; the target was never touched."""
        try:
            shutil.rmtree(self.staging, ignore_errors=True)
        finally:
            self._release()

    def _release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing the descriptor releases the lock
            self._lock = None


def stage(target: Path, *, keep: str = "hidden", protect: Mapping[str, Path] | None = None) -> Staged:
    """Lock ``target``, recover what an interrupted run left beside it, and make its staging folder.

    ``keep`` says what of the current target the staging folder starts with, as hard links (no data is
    copied, and every later write replaces a link instead of writing through it): ``"hidden"`` its
    top-level entries whose names start with a dot (MkDocs never deletes those from a site), ``"all"``
    everything (for an export, which adds and replaces files but deletes none). ``protect``: folders, by
    what they are ("the current folder"), that the target must not be or hold, since it is replaced whole.
    """
    target = Path(os.path.realpath(target))  # a symbolic link to the site stays a link to the new site
    for name, folder in (protect or {}).items():
        inner = Path(os.path.realpath(folder))
        if inner == target:
            raise AtomicError(f"cannot write into {target}: it is {name}, and it would be replaced whole; choose a "
                              "folder of its own.")
        if target in inner.parents:
            raise AtomicError(f"cannot write into {target}: it holds {name} ({inner}), and it is replaced whole; "
                              "choose a folder of its own.")
    if os.path.lexists(target) and not target.is_dir():
        raise AtomicError(f"cannot write into {target}: it is not a folder; remove it or choose another place.")
    if target.is_dir() and os.path.ismount(target):
        raise AtomicError(f"cannot write into {target}: it is a mount point, which cannot be replaced whole; "
                          "choose a folder inside it.")
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = _lock(target)
    staged = Staged(target, _beside(target, STAGING), lock)
    try:
        recover(target)
        os.mkdir(staged.staging)
        if target.is_dir():
            os.chmod(staged.staging, stat.S_IMODE(os.stat(target).st_mode))
            names = [n for n in os.listdir(target) if keep == "all" or n.startswith(".")]
            for name in names:
                _link_tree(target / name, staged.staging / name)
    except BaseException:
        staged.abort()
        raise
    return staged


def recover(target: Path) -> None:
    """Undo what a killed run left beside ``target``: a target moved aside but not replaced comes back;
    a finished swap's old folder and an unfinished staging folder are deleted."""
    aside, staging = _beside(target, ASIDE), _beside(target, STAGING)
    if os.path.lexists(aside):
        if os.path.lexists(target):
            shutil.rmtree(aside)
        else:
            os.rename(aside, target)
    if os.path.lexists(staging):
        shutil.rmtree(staging)


def write_tree(target: Path, files: Mapping[str, str], *, protect: Mapping[str, Path] | None = None) -> list[Path]:
    """Add ``files`` ({relative path: text}) to the folder ``target`` all at once: the folder as it was
    plus the new files is staged, then swapped in. Files already there and not in ``files`` stay."""
    staged = stage(target, keep="all", protect=protect)
    written = []
    try:
        for relative, text in files.items():
            write_text(staged.staging / relative, text)
            written.append(staged.target / relative)
    except BaseException:
        staged.abort()
        raise
    staged.commit()
    return written


def _beside(target: Path, suffix: str) -> Path:
    return target.with_name(f".{target.name}{suffix}")


def _lock(target: Path) -> int | None:
    if fcntl is None:  # pragma: no cover
        return None
    fd = os.open(_beside(target, LOCK), os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise AtomicError(f"cannot write into {target}: another build or export is writing it right now; wait "
                          "for it to finish, then try again.") from None
    return fd


def _link_tree(source: Path, destination: Path) -> None:
    """A copy of ``source`` made of hard links (symbolic links copied as links; a file system without hard
    links gets real copies). A loop, not recursion: any depth of folders works."""
    pending = [(source, destination)]
    while pending:
        src, dst = pending.pop()
        if src.is_symlink():
            os.symlink(os.readlink(src), dst)
        elif src.is_dir():
            os.mkdir(dst)
            shutil.copystat(src, dst)
            pending.extend((Path(entry.path), dst / entry.name) for entry in os.scandir(src))
        else:
            try:
                os.link(src, dst, follow_symlinks=False)
            except OSError:
                shutil.copy2(src, dst, follow_symlinks=False)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``); False when the system or the
    file system cannot, and the caller falls back to two renames."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # an older C library
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))
