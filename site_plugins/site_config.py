"""Reading the site's settings from mkdocs.yml without MkDocs: the CLI's exports need absolute ids too, and
the site's name (the feed's title) and the licence its data is published under (``extra.data_licence``)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml


class _MkDocsLoader(yaml.SafeLoader):
    """Safe loading of mkdocs.yml: ``!ENV`` gives the variable's value; other tags (such as the
    ``!!python/name`` of some extensions) give None instead of constructing anything."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> str | None:
    """MkDocs' ``!ENV NAME`` and ``!ENV [NAME, OTHER, default]``: the first variable set, else the default."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    for name in names:
        if os.environ.get(str(name)):
            return os.environ[str(name)]
    return None if default is None else str(default)


_MkDocsLoader.add_constructor("!ENV", _env_tag)
_MkDocsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _mkdocs_config(root: Path) -> dict[str, Any]:
    path = root / "mkdocs.yml"
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_MkDocsLoader)  # a SafeLoader subclass
    except (OSError, yaml.YAMLError):
        config = None
    return config if isinstance(config, dict) else {}


def mkdocs_site_url(root: Path) -> str | None:
    """``site_url`` from the catalog's mkdocs.yml, or None when it has none."""
    site_url = _mkdocs_config(root).get("site_url")
    return str(site_url) if site_url else None


class SettingProblem(ValueError):
    """A setting in mkdocs.yml that the exports cannot use; the message says what to write."""


@dataclass(frozen=True)
class Licence:
    """The open licence the catalog's data is published under: a name and the address of its text."""

    name: str = "CC BY 4.0"
    url: str = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class Publication:
    """What the exports say about the site that publishes them, besides its address."""

    site_name: str = "Educator Micro-Credential Catalog"
    licence: Licence = field(default_factory=Licence)


def publication(site_name: Any, extra: Mapping[str, Any] | None) -> Publication:
    """The site's name and ``extra.data_licence`` (``{name: …, url: …}``; default CC BY 4.0), checked."""
    found = (extra or {}).get("data_licence")
    licence = Licence()
    if found is not None:
        if not isinstance(found, Mapping) or not {"name", "url"} <= set(found) or set(found) - {"name", "url"}:
            raise SettingProblem("extra.data_licence must have a name and a url, such as "
                                 "{name: CC BY 4.0, url: https://creativecommons.org/licenses/by/4.0/}.")
        name, url = found["name"], found["url"]
        if not isinstance(name, str) or not name.strip():
            raise SettingProblem("extra.data_licence.name must be the licence's name, such as CC BY 4.0.")
        if not isinstance(url, str) or not url.startswith(("https://", "http://")) or url != url.strip():
            raise SettingProblem("extra.data_licence.url must be the web address of the licence's text, starting "
                                 "with https://.")
        licence = Licence(name.strip(), url)
    name = str(site_name).strip() if site_name else ""
    return Publication(name or Publication.site_name, licence)


def mkdocs_publication(root: Path) -> Publication:
    """``publication`` as the catalog's mkdocs.yml sets it (defaults when it has none)."""
    config = _mkdocs_config(root)
    extra = config.get("extra")
    return publication(config.get("site_name"), extra if isinstance(extra, Mapping) else None)


def serve_url(root: Path, dev_addr: str) -> str:
    """Where ``mkdocs serve --dev-addr ADDR`` shows the catalog: the address plus the path of ``site_url``
    (MkDocs serves the site under that path, such as /credcat/), as ``make serve`` prints it."""
    path = urlsplit(mkdocs_site_url(root) or "/").path or "/"
    return f"http://{dev_addr}{path if path.endswith('/') else path + '/'}"


if __name__ == "__main__":  # `python -m site_plugins.site_config serve-url 127.0.0.1:8000` (make serve)
    if len(sys.argv) != 3 or sys.argv[1] != "serve-url":
        sys.exit("usage: python -m site_plugins.site_config serve-url HOST:PORT")
    print(serve_url(Path.cwd(), sys.argv[2]))
