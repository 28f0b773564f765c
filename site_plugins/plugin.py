"""The MkDocs front: wires MkDocs events to the engine, and nothing more.

Everything that can fail (loading, validation, scoring) runs in ``on_pre_build``, before MkDocs cleans
``site/``: a bad catalog stops the build with the same ``path:line:column`` messages as ``credcat
validate`` and leaves the last good site in place. Pages are added in memory in ``on_files``; nothing
generated is written into ``docs/``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from . import pipeline
from .pages import all_pages, asset_files

log = logging.getLogger("mkdocs.plugins.credcat")


class CatalogConfig(Config):
    # The catalog repository (with catalog/ and schema/), relative to mkdocs.yml.
    catalog_root = c.Type(str, default=".")


class CatalogPlugin(BasePlugin[CatalogConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.build: pipeline.Build | None = None
        self.root = Path(".")

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = (Path(config.config_file_path).parent / self.config.catalog_root).resolve()
        config.extra_css.append("assets/catalog/catalog.css")
        config.extra_css.append("assets/catalog/pages.css")
        config.extra_javascript.append("assets/catalog/browse.js")
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        build = pipeline.run(self.root)
        errors = [p for p in build.problems if p.severity == "error"]
        for problem in build.problems:
            if problem.severity != "error":
                log.warning(problem.text())
        if errors or build.rubric is None:
            count = len(errors)
            lines = "\n".join(p.text() for p in errors)
            raise PluginError(f"The catalog has {count} problem{'s' if count != 1 else ''}; the site was not "
                              f"rebuilt and the last good one is kept:\n{lines}")
        self.build = build

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.build is not None
        for page in [*all_pages(self.build), *asset_files()]:
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                files.remove(existing)  # a hand-written page of the same path loses to the catalog
                log.warning(f"docs/{page.src_uri} is replaced by the generated catalog page")
            files.append(File.generated(config, page.src_uri, content=page.content,
                                        inclusion=InclusionLevel.NOT_IN_NAV))
        return files

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        for folder in ("catalog", "schema"):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        return server
