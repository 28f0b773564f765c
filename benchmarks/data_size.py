"""Benchmark: bytes per credential of each machine-readable file, on generated catalogs.

    .venv/bin/python benchmarks/data_size.py [--sizes 1000] [--seed N] [--keep DIR]

For each size N it generates a catalog of N credentials (benchmarks/generate.py), runs ``credcat export
--format all`` on it as a new process (the same files the site publishes), and prints, per published
file (or kind of per-credential file): its total size and bytes per credential. Target reported against:
catalog.json stays under 4 KB (4,096 bytes) per credential; the full records are in record.json and
catalog.jsonl, whose size per credential is what catalog.json held per credential before catalog_version 3.
The export's wall time is printed too. The counts of per-credential files include the copies at renamed
credentials' old addresses (the generator renames some). Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from generate import generate
from measure import print_machine, run, table, venv_bin

TARGET = 4096
SOURCE_DATE_EPOCH = "1794700800"  # 2026-11-15 00:00 UTC, as the other benchmarks
SITE_URL = "https://example.org/credcat/"


def kind(path: str) -> str:
    """``credentials/<id>/achievement.json`` → ``credentials/<id>/achievement.json`` with the id generic."""
    return re.sub(r"^credentials/[^/]+/", "credentials/<id>/", path)


def measure_size(count: int, seed: int, keep: Path | None) -> None:
    work = Path(tempfile.mkdtemp(prefix=f"credcat-data-{count}-", dir=keep))
    root = work / "catalog-repo"
    generate(root, count, seed)
    out = work / "out"
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    done = run([str(venv_bin("credcat")), "export", "--format", "all", "--out", str(out), "--root", str(root),
                "--site-url", SITE_URL], env=env)
    if done.returncode != 0:
        sys.exit(f"credcat export failed:\n{done.stderr_tail}")
    sizes: dict[str, list[int]] = {}
    for path in sorted(out.rglob("*")):
        if path.is_file():
            sizes.setdefault(kind(path.relative_to(out).as_posix()), []).append(path.stat().st_size)
    rows = []
    for name, found in sorted(sizes.items()):
        total = sum(found)
        rows.append([name, str(len(found)), f"{total:,}", f"{total / count:,.0f}"])
    print(f"{count:,} credentials: credcat export --format all in {done.wall:.1f} s (CPU {done.cpu:.1f} s)")
    print(table(["file", "files", "bytes", "bytes per credential"], rows))
    per = sum(sizes["catalog.json"]) / count
    verdict = "meets" if per < TARGET else "MISSES"
    print(f"catalog.json: {per:,.0f} bytes per credential, {verdict} the target of under {TARGET:,}.")
    print(f"catalog.jsonl (the full records, what catalog.json held in catalog_version 2): "
          f"{sum(sizes['catalog.jsonl']) / count:,.0f} bytes per credential.\n")
    if keep is None:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000", help="comma-separated catalog sizes (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="keep the generated catalogs and exports under this folder")
    args = parser.parse_args(argv)
    print_machine("Bytes per credential of the published data files")
    for count in (int(x) for x in args.sizes.split(",")):
        measure_size(count, args.seed, args.keep)


if __name__ == "__main__":
    main()
