"""Reading the site's address from mkdocs.yml without MkDocs: the CLI's exports need absolute ids too."""

from __future__ import annotations

import os
import sys
from pathlib import Path
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


def mkdocs_site_url(root: Path) -> str | None:
    """``site_url`` from the catalog's mkdocs.yml, or None when it has none."""
    path = root / "mkdocs.yml"
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_MkDocsLoader)  # a SafeLoader subclass
    except (OSError, yaml.YAMLError):
        config = None
    site_url = config.get("site_url") if isinstance(config, dict) else None
    return str(site_url) if site_url else None


def serve_url(root: Path, dev_addr: str) -> str:
    """Where ``mkdocs serve --dev-addr ADDR`` shows the catalog: the address plus the path of ``site_url``
    (MkDocs serves the site under that path, such as /credcat/), as ``make serve`` prints it."""
    path = urlsplit(mkdocs_site_url(root) or "/").path or "/"
    return f"http://{dev_addr}{path if path.endswith('/') else path + '/'}"


if __name__ == "__main__":  # `python -m site_plugins.site_config serve-url 127.0.0.1:8000` (make serve)
    if len(sys.argv) != 3 or sys.argv[1] != "serve-url":
        sys.exit("usage: python -m site_plugins.site_config serve-url HOST:PORT")
    print(serve_url(Path.cwd(), sys.argv[2]))
