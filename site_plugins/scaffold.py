"""``credcat new``: a commented scaffold that validates as written, so a contributor starts from green."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from . import atomic, environment
from .ctids import new_ctid

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class ScaffoldError(Exception):
    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def write_scaffold(root: Path, credential_id: str, *, title: str | None = None, issuer: str | None = None) -> Path:
    if not ID_PATTERN.match(credential_id) or len(credential_id) > 80:
        raise ScaffoldError(
            f"'{credential_id}' is not a valid id: use lower-case letters, digits and single hyphens, "
            "at most 80 characters, like exit-tickets-grade-5.",
            2,
        )
    folder = root / "catalog" / "credentials"
    path = folder / f"{credential_id}.yaml"
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root).as_posix()} already exists; choose another id or edit that file.")
    orgs = sorted(p.stem for p in (root / "catalog" / "organizations").glob("*.yaml"))
    if issuer is None:
        if not orgs:
            raise ScaffoldError("the catalog has no organizations yet; add one under catalog/organizations/ first, "
                                "or pass --issuer ID.")
        issuer = orgs[0]
    elif issuer not in orgs:
        raise ScaffoldError(f"there is no organization `{issuer}` in catalog/organizations/; "
                            f"known ones: {', '.join(orgs) or 'none'}.", 2)
    if title is not None and (len(title) < 5 or "\n" in title):
        raise ScaffoldError("the title must be one line of at least 5 characters.", 2)
    text = _render(credential_id, title or "Replace this with the credential's title", issuer, path, root)
    shown = path.relative_to(root).as_posix()
    try:
        atomic.write_text(path, text, exclusive=True)  # whole or not at all; never overwrite, even in a race
    except FileExistsError:
        raise ScaffoldError(f"{shown} already exists; choose another id or edit that file.") from None
    except OSError as exc:
        raise ScaffoldError(f"could not write {shown}: {environment.reason(exc)}. Nothing was written.", 2) from None
    return path


def _render(credential_id: str, title: str, issuer: str, path: Path, root: Path) -> str:
    env = Environment(loader=PackageLoader("site_plugins", "templates"), undefined=StrictUndefined,
                      keep_trailing_newline=True, autoescape=False)
    quoted_title = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return env.get_template("scaffold.yaml.j2").render(
        id=credential_id, ctid=new_ctid(), title=quoted_title, issuer=issuer, path=path.relative_to(root).as_posix()
    )
