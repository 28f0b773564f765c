"""The MkDocs front: wires MkDocs events to the engine, and nothing more.

Everything that can fail (loading, validation, scoring) runs in ``on_pre_build``: a bad catalog stops the
build with the same ``path:line:column`` messages as ``credcat validate``. Pages are added in memory in
``on_files``; nothing generated is written into ``docs/``.

The build is atomic (atomic.py): ``on_config`` points MkDocs at an empty staging folder beside
``site_dir``, ``on_post_build`` swaps it in once everything succeeded (and strict mode found no warning),
and ``on_build_error`` deletes it. Whatever fails, a template, a full disk, a kill, leaves the last good
site as it was, byte for byte. ``mkdocs serve`` and ``--dirty`` builds write in place, as MkDocs does.

Under ``mkdocs serve`` a failed build would leave the browser waiting for a site that never comes (the
server answers only once a build succeeds). So there the build never fails on the catalog: it keeps the
last good catalog (or, before there is one, pages that explain the problem) and every page shows the
problems as ``file:line:column: message`` until they are fixed; live reload then brings the site back.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import CountHandler

from . import atomic, environment, exports, output_budget, pipeline, site_config
from .data_page import data_page
from .pages import NAV_PAGES, all_pages, asset_files, problem_banner, problem_page
from .problems import Problem
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
        self.publication = site_config.Publication()  # the site's name and data licence, for the exports
        self.serving = False
        self.last_good: pipeline.Build | None = None  # under serve: the catalog shown while it has problems
        self.shown_problems: list[Problem] = []  # under serve: what every page lists until it is fixed
        self.dirty = False
        self.staged: atomic.Staged | None = None  # the staging folder the build writes into
        self.site_dir = ""  # site_dir as mkdocs.yml or the command line gave it

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = (Path(config.config_file_path).parent / self.config.catalog_root).resolve()
        config.extra_css.append("assets/catalog/catalog.css")
        config.extra_css.append("assets/catalog/pages.css")
        config.extra_javascript.append("assets/catalog/browse.js")
        try:
            self.site_url = exports.base_url(config.site_url)
            self.publication = site_config.publication(config.site_name, config.extra)
            environment.check_build_date()
        except exports.ExportError as exc:
            raise PluginError(f"mkdocs.yml: {exc} Recognizers' files need absolute ids.") from None
        except site_config.SettingProblem as exc:
            raise PluginError(f"mkdocs.yml: {exc}") from None
        except environment.EnvironmentProblem as exc:
            raise PluginError(str(exc)) from None
        if not self.serving and not self.dirty:
            self.site_dir = config.site_dir
            try:
                self.staged = atomic.stage(Path(config.site_dir),
                                           protect={"the folder of mkdocs.yml": Path(config.config_file_path).parent})
            except atomic.AtomicError as exc:
                raise PluginError(f"The site was not built: {exc}") from None
            except OSError as exc:
                raise PluginError(f"The site was not built: {environment.describe(exc)}.") from None
            config.site_dir = str(self.staged.staging)
        return config

    @event_priority(-100)  # last: every other plugin has written its files into the staging folder
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        staged, self.staged = self.staged, None
        if staged is None:
            return
        config.site_dir = self.site_dir
        if config.strict and _warnings_counted():
            self.staged = staged  # MkDocs aborts the strict build right after this; on_build_error cleans up
            return
        try:
            staged.commit()
        except OSError as exc:
            staged.abort()
            raise Abort(f"The site could not be put in place ({environment.describe(exc)}); the last good "
                        f"site in {staged.target} is kept.") from None

    @event_priority(-100)
    def on_build_error(self, *, error: Exception) -> None:
        staged, self.staged = self.staged, None
        if staged is None:
            return
        staged.abort()
        if isinstance(error, OSError):  # a full disk, a read-only folder: one line, not a traceback
            raise Abort(f"The site could not be written ({environment.describe(error)}); the last good site in "
                        f"{staged.target} is kept.") from None

    def on_pre_build(self, config: MkDocsConfig) -> None:
        # Under serve, no fork(): the server's watcher threads make it unsafe (one process is fast enough
        # for a preview; see docs/contributing.md).
        build = pipeline.run(self.root, workers=1 if self.serving else None)
        build.publication = self.publication
        errors = [p for p in build.problems if p.severity == "error"]
        warnings = [p for p in build.problems if p.severity != "error"]
        if not self.serving:
            for problem in warnings:
                log.warning(problem.text())
            if errors or build.rubric is None:
                count = len(errors)
                lines = "\n".join(p.text() for p in errors)
                raise PluginError(f"The catalog has {count} problem{'s' if count != 1 else ''}; the site was not "
                                  f"rebuilt and the last good one is kept:\n{lines}")
            self.build = build
            return
        self.shown_problems = build.problems
        if errors or build.rubric is None:
            self.build = self.last_good
            kept = "the last good catalog is shown" if self.last_good else "no catalog could be built yet"
            _tell(f"The catalog has {len(errors)} problem{'s' if len(errors) != 1 else ''}; {kept}, and every "
                  "page of the preview lists them until they are fixed:", errors)
        else:
            self.build = self.last_good = build
            if warnings:
                _tell("The catalog has warnings, listed on every page of the preview:", warnings)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.build is None:  # only under serve, before the catalog was ever valid
            for src_uri in NAV_PAGES:
                self._add(files, config, src_uri, problem_page(self.shown_problems), in_nav=True)
            return files
        generated: dict[str, str] = {}
        data = exports.export_files(self.build, ["all"], self.site_url)
        for path, text in data.items():
            files.append(File.generated(config, path, content=text))
            generated[path] = text
        pages = [*all_pages(self.build, self.site_url), *asset_files(), data_page(self.build, self.site_url, data)]
        for page in pages:
            self._add(files, config, page.src_uri, page.content, in_nav=False)
            generated[page.src_uri] = page.content
        too_big = output_budget.problems(self.build, generated)
        if too_big and not self.serving:
            lines = "\n".join(p.text() for p in too_big)
            raise PluginError(f"The catalog would make too large a site; the site was not rebuilt and the last good "
                              f"one is kept:\n{lines}")
        return files

    def on_post_page(self, output: str, page: Any, config: MkDocsConfig) -> str:
        """schema.org JSON-LD goes in the head of each credential page, outside the searchable body; the
        browse page runs the theme's script after its list (theme_script.py); under serve, the catalog's
        problems are listed at the top of every page."""
        if self.serving and self.shown_problems:
            output = problem_banner(output, self.shown_problems, kept=self.build is not None)
        if self.build is None:
            return output
        if page.meta.get("theme_script") == "after-list":
            return load_theme_script_after_list(output)
        parts = page.file.src_uri.split("/")
        is_credential = len(parts) == 3 and parts[0] == "credentials" and parts[2] == "index.md"
        if is_credential and parts[1] in self.build.credentials:
            script = exports.json_ld_script(self.build, parts[1], self.site_url)
            output = output.replace("</head>", f"{script}\n</head>", 1)
        return output

    def _add(self, files: Files, config: MkDocsConfig, src_uri: str, content: str, *, in_nav: bool) -> None:
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)  # a hand-written page of the same path loses to the catalog
            message = f"docs/{src_uri} is replaced by the generated catalog page"
            _tell(message, []) if self.serving else log.warning(message)
        inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        for folder in ("catalog", "schema"):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        return server


def _warnings_counted() -> bool:
    """Whether MkDocs' strict-mode counter saw a warning: then it aborts the build after ``on_post_build``,
    so the staged site must not be swapped in first."""
    handlers = logging.getLogger("mkdocs").handlers
    return any(isinstance(h, CountHandler) and h.get_counts() for h in handlers)


def _tell(heading: str, problems: list[Problem]) -> None:
    """Under serve, problems go to the terminal as text, not as MkDocs warnings (which would count)."""
    print(heading, *(f"  {p.text()}" for p in problems), sep="\n", file=sys.stderr, flush=True)
