"""The ``credcat`` command: a thin front over the engine, like the MkDocs plugin.

Exit codes: 0 all good, 1 the catalog has problems, 2 the command was used wrongly or cannot run where it
is (a read-only or full folder, an invalid ``SOURCE_DATE_EPOCH``): always one line, never a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from . import __version__, atomic, changes, ctids, environment, exports, paths, pipeline, site_config
from .safe_text import terminal
from .scaffold import ScaffoldError, write_scaffold
from .scorecard_format import as_json, as_json_line, as_line, as_markdown, as_text
from .scoring import as_of_date
from .site_config import mkdocs_site_url

USAGE_ERROR = 2


def _progress(done: int, total: int) -> None:
    print(f"\rchecked {done:,} of {total:,} files", end="", file=sys.stderr, flush=True)


def cmd_validate(args: argparse.Namespace) -> int:
    root = _root(args)
    given = [Path(p) for p in args.paths]
    paths.select(root, given)  # refuses what is not a catalog file before anything is read (exit 2)
    show_progress = sys.stderr.isatty() and not args.quiet
    try:
        build = pipeline.run(root, given or None, progress=_progress if show_progress else None, score_all=False,
                             models=False, since=args.since)
    except ctids.CtidBaseError as exc:
        return _usage(str(exc))
    catalog = build.catalog
    if show_progress:
        print("\r" + " " * 40 + "\r", end="", file=sys.stderr)
    for problem in catalog.problems:
        print(problem.github() if args.format == "github" else problem.text())
    errors = sum(1 for p in catalog.problems if p.severity == "error")
    if not args.quiet:
        files = f"{catalog.checked:,} file{'s' if catalog.checked != 1 else ''}"
        if errors:
            bad = len({p.path for p in catalog.problems if p.severity == "error"})
            print(f"{errors:,} problem{'s' if errors != 1 else ''} in {bad:,} file{'s' if bad != 1 else ''} "
                  f"({catalog.checked:,} checked).", file=sys.stderr)
        elif not catalog.checked:
            print("No catalog files were found to check.", file=sys.stderr)
        else:
            print(f"All {files} are valid." if catalog.checked != 1 else "The file is valid.", file=sys.stderr)
    return 1 if errors else 0


def cmd_score(args: argparse.Namespace) -> int:
    root = _root(args)
    if args.changed is not None:
        if args.all or args.target:
            return _usage("give --changed REF on its own, without a credential id or --all.")
        return _score_changed(root, args)
    if args.all == bool(args.target):
        return _usage("give one credential id or path, or --all.")
    target_path = Path(args.target) if args.target and args.target.endswith((".yaml", ".yml")) else None
    if target_path is not None and not target_path.exists():
        return _usage(f"{args.target}: no such file.")
    if args.all:
        line = {"json": as_json_line, "markdown": as_markdown}.get(args.format, as_line)
        build = pipeline.run(root, summarize=line)
        if build.rubric is None:
            return _print_problems(build)
        for cid in sorted(build.summaries):
            print(build.summaries[cid])
        _report_problems(build)
        return 1 if not build.ok else 0
    build = pipeline.run(root, score_all=False)  # score just the one asked for, below
    if build.rubric is None:
        return _print_problems(build)
    cid = target_path.stem if target_path else args.target
    card = build.score(cid) if cid in build.catalog.credentials else None
    if card is None:
        mine = [p for p in build.problems if Path(p.path).stem == cid]
        if mine:
            for problem in mine:
                print(problem.text(), file=sys.stderr)
            print(f"credcat score: fix the problems above in {terminal(cid)}, then score it again.", file=sys.stderr)
            return 1
        known = sorted(build.catalog.credentials)
        close = difflib.get_close_matches(cid, known, n=3, cutoff=0.4)
        close += [k for k in known if cid in k and k not in close][: 3 - len(close)]
        hint = f" Did you mean: {', '.join(close)}?" if close else " Run `credcat score --all` to list them."
        return _usage(f"there is no credential `{terminal(cid)}` in the catalog.{hint}")
    if args.format == "json":
        print(as_json(card), end="")
    elif args.format == "markdown":
        print(as_markdown(card), end="")
    else:
        print(as_text(card, color=_color(args)), end="")
    return 0


def _score_changed(root: Path, args: argparse.Namespace) -> int:
    """``score --changed REF``: what moved on the scorecard of each credential file changed since REF
    (commits since the merge base with REF, plus uncommitted and untracked changes in the working tree)."""
    try:
        top, prefix, base = changes.git_base(root, args.changed)
        changed = changes.changed_credentials(root, base)
    except changes.GitError as exc:
        return _usage(str(exc))
    results: list[changes.Compared] = []
    if changed:
        as_of = as_of_date()
        after = pipeline.run(root, as_of=as_of, score_all=False)
        if after.rubric is None:
            return _print_problems(after)
        with tempfile.TemporaryDirectory(prefix="credcat-base-") as folder:
            try:
                before = changes.build_at(top, prefix, base, Path(folder), as_of)
            except changes.GitError as exc:
                return _usage(str(exc))
            results = [changes.compare(change, after, before) for change in changed]
    unscored = [(change, problems) for change, _, _, problems in results if problems is not None]
    if args.format == "json":
        print(json.dumps([changes.change_json(*r[:3]) for r in results], indent=2, ensure_ascii=False))
    elif args.format == "markdown":
        print(changes.changes_markdown(results, args.changed, base), end="")
    else:
        if not results:
            print(f"No credential files changed since {args.changed}.")
        for change, card, previous, problems in results:
            print(terminal(changes.change_line(change, card, previous, problems)))
    for _, problems in unscored:
        for problem in problems:
            print(problem.text(), file=sys.stderr)
    if unscored:
        print(f"credcat score: fix the problems above, then run credcat score --changed {args.changed} again.",
              file=sys.stderr)
    return 1 if unscored else 0


def _color(args: argparse.Namespace) -> bool:
    if args.color != "auto":
        return args.color == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def _print_problems(build: pipeline.Build) -> int:
    for problem in build.problems:
        print(problem.text(), file=sys.stderr)
    return 1


def _report_problems(build: pipeline.Build) -> None:
    if build.problems:
        print(f"credcat score: {len(build.problems)} problem(s) in the catalog; run credcat validate.", file=sys.stderr)


def cmd_new(args: argparse.Namespace) -> int:
    root = _root(args)
    try:
        path = write_scaffold(root, args.id, title=args.title, issuer=args.issuer)
    except ScaffoldError as exc:
        print(f"credcat new: {exc}", file=sys.stderr)
        return exc.code
    shown = terminal(path.relative_to(root).as_posix())
    print(f"Wrote {shown}. Fill it in, then run: credcat validate {shown}")
    return 0


def cmd_ctid(args: argparse.Namespace) -> int:
    """Print new CTIDs, one a line, for an organization file or a credential written by hand."""
    if not 1 <= args.count <= 1000:
        return _usage("--count must be between 1 and 1000.")
    for _ in range(args.count):
        print(ctids.new_ctid())
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    root = _root(args)
    try:
        formats = exports.expand_formats(args.format or ["all"])
        site_url = exports.base_url(args.site_url or _site_url(root))
    except exports.ExportError as exc:
        return _usage(str(exc))
    try:
        publication = site_config.mkdocs_publication(root)
    except site_config.SettingProblem as exc:
        return _usage(f"{root / 'mkdocs.yml'}: {exc}")
    build = pipeline.run(root)
    build.publication = publication
    if build.rubric is None or not build.ok:
        for problem in build.problems:
            print(problem.text(), file=sys.stderr)
        print("credcat export: nothing was written; fix the problems above (credcat validate lists them).",
              file=sys.stderr)
        return 1
    try:
        keep = {"the catalog repository": root, "the current folder": Path.cwd()}  # never replaced by an export
        written = exports.export(build, Path(args.out), formats, site_url, protect=keep)
    except exports.ExportError as exc:
        print(f"credcat export: {exc}", file=sys.stderr)
        return 1
    except atomic.AtomicError as exc:
        return _usage(f"{exc} Nothing was written.")
    except OSError as exc:
        return _usage(f"nothing was written to {terminal(args.out)}: {environment.describe(exc)}. The files there "
                      "are as they were.")
    print(f"Wrote {len(written)} file{'s' if len(written) != 1 else ''} ({', '.join(formats)}) to {args.out} "
          f"for {site_url}")
    return 0


def _site_url(root: Path) -> str:
    site_url = mkdocs_site_url(root)
    if not site_url:
        raise SystemExit(_usage(f"give the published address with --site-url URL, or set site_url in "
                                f"{root / 'mkdocs.yml'}; every id in the exports must be an absolute URL."))
    return site_url


def _root(args: argparse.Namespace) -> Path:
    root = Path(args.root).resolve()
    if not (root / "catalog").is_dir():
        raise SystemExit(_usage(f"{root} is not a catalog: it needs a catalog/ folder. "
                                "Run credcat from the catalog repository or pass --root DIR."))
    return root


def _usage(message: str) -> int:
    print(f"credcat: {terminal(message)}", file=sys.stderr)
    return USAGE_ERROR


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="credcat",
        description="Validate, score, scaffold and export educator micro-credentials in a catalog repository.",
    )
    parser.add_argument("--version", action="version", version=f"credcat {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--root", default=".", help="the catalog repository (default: the current folder)")

    validate = sub.add_parser("validate", help="check catalog files; print every problem as path:line:column")
    validate.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to check (default: all)")
    validate.add_argument("--format", choices=["text", "github"], default="text",
                          help="text (path:line:column: message) or github (pull-request annotations)")
    validate.add_argument("-q", "--quiet", action="store_true", help="print problems only, no summary")
    validate.add_argument("--since", metavar="BASE_REF",
                          help="compare CTIDs with the merge base of HEAD and BASE_REF (like origin/main) instead "
                               "of HEAD, as a pull request is compared")
    common(validate)
    validate.set_defaults(func=cmd_validate)

    scorer = sub.add_parser("score", help="print a credential's MPOS scorecard")
    scorer.add_argument("target", nargs="?", metavar="ID_OR_PATH", help="a credential id or its YAML file")
    scorer.add_argument("--all", action="store_true", help="score every credential, one line each")
    scorer.add_argument("--changed", metavar="BASE_REF",
                        help="score the credential files changed since the git ref BASE_REF (like origin/main), "
                             "committed or not, and say what moved")
    scorer.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    scorer.add_argument("--color", choices=["auto", "always", "never"], default="auto",
                        help="colour in text output (default: when the terminal supports it)")
    common(scorer)
    scorer.set_defaults(func=cmd_score)

    new = sub.add_parser("new", help="write a commented scaffold for a new credential")
    new.add_argument("id", metavar="ID", help="the new credential's id, like exit-tickets-grade-5")
    new.add_argument("--title", help="the credential's title")
    new.add_argument("--issuer", help="the issuing organization's id (default: the first in the catalog)")
    common(new)
    new.set_defaults(func=cmd_new)

    ctid = sub.add_parser("ctid", help="print a new CTID (ce- and a UUID) for a catalog file")
    ctid.add_argument("--count", type=int, default=1, help="how many to print (default: 1)")
    common(ctid)
    ctid.set_defaults(func=cmd_ctid)

    exporter = sub.add_parser("export",
                              help="write the machine-readable files (OB 3.0, JSON-LD, CTDL, JSON, CSV, Atom)")
    exporter.add_argument("--format", action="append", choices=[*exports.FORMATS, "all"],
                          help=", ".join(m.HELP for m in exports.MODULES.values())
                          + "; repeat it for several, or all (the default)")
    exporter.add_argument("--out", required=True, metavar="DIR", help="the folder to write into (the site root)")
    exporter.add_argument("--site-url", metavar="URL",
                          help="the address the site is published at (default: site_url in mkdocs.yml)")
    common(exporter)
    exporter.set_defaults(func=cmd_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.func not in (cmd_new, cmd_ctid):  # every other command scores, or checks judgements, on a date
            environment.check_build_date()
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except (environment.EnvironmentProblem, paths.PathRefused) as exc:
        return _usage(str(exc))
    except OSError as exc:  # a read-only checkout, a full disk, a permission: what, where, and why
        return _usage(f"{environment.describe(exc)}.")
    except Exception as exc:  # a bug: one line (the traceback with CREDCAT_DEBUG=1), never a crash dump
        if os.environ.get("CREDCAT_DEBUG"):
            raise
        return _usage(f"internal error ({type(exc).__name__}: {exc}). This is a bug in credcat; please report "
                      "it with the command you ran (set CREDCAT_DEBUG=1 to see the details).")


if __name__ == "__main__":
    sys.exit(main())
