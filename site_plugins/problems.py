"""Problems found in catalog files, and the two ways we print them.

Every step collects problems instead of stopping at the first, so a contributor sees all of them in one
run. The text form is ``path:line:column: message``, which editors and compilers understand; the GitHub
form is a workflow command that annotates the pull request at that line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .loading import Locator
from .safe_text import terminal

if TYPE_CHECKING:
    from .validation import Finding


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    message: str
    severity: str = "error"

    def text(self) -> str:
        """One line, always: editors and CI read one problem per line. Control characters (from a file's
        name or a quoted value) are written as visible escapes, never sent to the terminal."""
        message = self.message.replace("\r", " ").replace("\n", " ")
        return f"{terminal(self.path)}:{self.line}:{self.column}: {terminal(message)}"

    def github(self) -> str:
        title = "Catalog error" if self.severity == "error" else "Catalog warning"
        props = (
            f"file={_escape_property(terminal(self.path))},line={self.line},col={self.column},"
            f"title={_escape_property(title)}"
        )
        level = "error" if self.severity == "error" else "warning"
        return f"::{level} {props}::{_escape_data(terminal(self.message, line_breaks=True))}"


def _escape_data(value: str) -> str:
    # GitHub's documented escaping for workflow command data.
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def display_path(path: Path, root: Path) -> str:
    """A path as the contributor knows it: relative to the catalog root, with forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class CatalogError(Exception):
    """Raised by fronts that must stop (the site build) when the catalog has problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        lines = "\n".join(p.text() for p in problems)
        super().__init__(f"The catalog has {count} problem{'s' if count != 1 else ''}:\n{lines}")


def to_problems(shown: str, raw: bytes, findings: list[Finding]) -> list[Problem]:
    """Attach line and column to findings; the file is parsed for positions only when there are any."""
    if not findings:
        return []
    locator = Locator(raw)
    problems = []
    for finding in findings:
        pos = locator.position(finding.path, key=finding.at_key)
        problems.append(Problem(shown, pos.line, pos.column, finding.message))
    return problems
