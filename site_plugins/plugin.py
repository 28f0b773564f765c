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

from . import exports, pipeline
from .pages import all_pages, asset_files, feed, redirect_pages
from .theme_script import load_theme_script_after_list

log = logging.getLogger("mkdocs.plugins.credcat")


class CatalogConfig(Config):
    # The catalog repository (with catalog/ and schema/), relative to mkdocs.yml.
    catalog_root = c.Type(str, default=".")


class CatalogPlugin(BasePlugin[CatalogConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.build: pipeline.Build | None = None
        self.root = Path(".")
        self.site_url = ""

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
        try:
            self.site_url = exports.base_url(config.site_url)
        except exports.ExportError as exc:
            raise PluginError(f"mkdocs.yml: {exc} Recognizers' files need absolute ids.") from None

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.build is not None
        for page in [*all_pages(self.build, self.site_url), *asset_files()]:
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                files.remove(existing)  # a hand-written page of the same path loses to the catalog
                log.warning(f"docs/{page.src_uri} is replaced by the generated catalog page")
            files.append(File.generated(config, page.src_uri, content=page.content,
                                        inclusion=InclusionLevel.NOT_IN_NAV))
        for path, text in exports.export_files(self.build, ["all"], self.site_url).items():
            files.append(File.generated(config, path, content=text))
        for page in [*redirect_pages(self.build, self.site_url), feed(self.build, self.site_url, config.site_name)]:
            files.append(File.generated(config, page.src_uri, content=page.content))
        return files

    def on_post_page(self, output: str, page: Any, config: MkDocsConfig) -> str:
        """schema.org JSON-LD goes in the head of each credential page, outside the searchable body; the
        browse page runs the theme's script after its list (theme_script.py)."""
        assert self.build is not None
        if page.meta.get("theme_script") == "after-list":
            return load_theme_script_after_list(output)
        parts = page.file.src_uri.split("/")
        is_credential = len(parts) == 3 and parts[0] == "credentials" and parts[2] == "index.md"
        if is_credential and parts[1] in self.build.scorecards:
            script = exports.json_ld_script(self.build, parts[1], self.site_url)
            output = output.replace("</head>", f"{script}\n</head>", 1)
        return output

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        for folder in ("catalog", "schema"):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        return server
