"""Problems with where and how a command runs, not with the catalog: each told in one line, exit code 2.

A read-only checkout, a full disk, a permission, an invalid ``SOURCE_DATE_EPOCH``: the person running the
build can fix these, and a traceback would only hide the one line that says how.
"""

from __future__ import annotations

import errno

from .safe_text import terminal
from .scoring import as_of_date
from .value_checks import FIRST_YEAR, LAST_YEAR

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission is denied",
    errno.EPERM: "the operation is not permitted",
    errno.EFBIG: "the file is larger than the system allows",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EMFILE: "too many files are open",
    errno.ENOENT: "it does not exist",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "it is a folder",
}


class EnvironmentProblem(Exception):
    """Something about the environment stops the command; the message is one line."""


def reason(exc: OSError) -> str:
    """Why an operating-system call failed, in plain words (``the disk is full``)."""
    return _REASONS.get(exc.errno or -1) or (exc.strerror or str(exc)).rstrip(".").lower()


def describe(exc: OSError) -> str:
    """An operating-system error in plain words: what it concerns and why (``cannot write or read
    site/x: the disk is full``)."""
    where = terminal(str(exc.filename)) if exc.filename is not None else ""
    return f"cannot write or read {where}: {reason(exc)}" if where else reason(exc)


def check_build_date() -> None:
    """Raise ``EnvironmentProblem`` when ``SOURCE_DATE_EPOCH`` is set to something that is not a date."""
    try:
        day = as_of_date()
    except ValueError as exc:
        raise EnvironmentProblem(f"{exc} Unset it, or set it to a Unix time such as 1767225600.") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise EnvironmentProblem(f"SOURCE_DATE_EPOCH gives the scoring date {day.isoformat()}; it must lie between "
                                 f"{FIRST_YEAR} and {LAST_YEAR}. Set it to a Unix time such as 1767225600.")
