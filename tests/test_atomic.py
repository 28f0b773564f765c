"""The build and the export are atomic: a failure, a crash or a kill leaves the last good folder byte for byte.

Unit tests drive ``site_plugins.atomic`` through every state an interrupted run can leave (staging folder
left over, old folder moved aside but not replaced, both swapped but the old not yet deleted); the kill
test starts real ``mkdocs build`` runs on a generated catalog and SIGKILLs them part way through.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from repo_copy import copy_site_sources
from samples import CREDENTIAL_PATH, ORG_PATH, SAMPLE_ORG, VALID_CREDENTIAL, snapshot

from site_plugins import atomic

ROOT = Path(__file__).parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1793491200"}


def make_site(folder: Path, text: str = "old") -> Path:
    (folder / "sub").mkdir(parents=True)
    (folder / "index.html").write_text(text)
    (folder / "sub" / "page.html").write_text(text * 2)
    return folder


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}.credcat-")
                  and not p.name.endswith(atomic.LOCK))


# ---- files ------------------------------------------------------------------------------------------------


def test_write_replaces_a_file_whole_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "catalog.json"
    atomic.write_text(target, "first\n")
    atomic.write_text(target, "second\r\n")
    assert target.read_bytes() == b"second\r\n"
    assert [p.name for p in target.parent.iterdir()] == ["catalog.json"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "catalog.json"
    target.write_text("the last good file")

    def full_disk(path: Path, data: bytes) -> None:
        path.write_bytes(data[:3])  # a partial write, then the disk is full
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(atomic, "_write_all", full_disk)
    with pytest.raises(OSError):
        atomic.write_text(target, "a much longer new file")
    assert target.read_text() == "the last good file"
    assert [p.name for p in tmp_path.iterdir()] == ["catalog.json"]


def test_exclusive_write_never_replaces(tmp_path: Path) -> None:
    target = tmp_path / "new.yaml"
    atomic.write_text(target, "mine", exclusive=True)
    with pytest.raises(FileExistsError):
        atomic.write_text(target, "theirs", exclusive=True)
    assert target.read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["new.yaml"]


# ---- folders ----------------------------------------------------------------------------------------------


def test_commit_swaps_the_staged_folder_in(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref")
    staged = atomic.stage(site)
    assert staged.staging.parent == site.parent and staged.target == site
    assert sorted(p.name for p in staged.staging.iterdir()) == [".git"], "only hidden entries are kept, as MkDocs"
    (staged.staging / "index.html").write_text("new")
    staged.commit()
    assert sorted(snapshot(site)) == [".git/HEAD", "index.html"]
    assert (site / "index.html").read_text() == "new" and (site / ".git" / "HEAD").read_text() == "ref"
    assert leftovers(site) == []


def test_commit_without_an_exchange_call_uses_two_renames(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path / "site")
    monkeypatch.setattr(atomic, "_exchange", lambda first, second: False)
    staged = atomic.stage(site)
    (staged.staging / "index.html").write_text("new")
    staged.commit()
    assert (site / "index.html").read_text() == "new" and leftovers(site) == []


def test_abort_leaves_the_target_byte_for_byte(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    before = snapshot(site)
    staged = atomic.stage(site)
    (staged.staging / "index.html").write_text("half")
    staged.abort()
    assert snapshot(site) == before and leftovers(site) == []


def test_a_kill_between_the_two_renames_is_recovered(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    before = snapshot(site)
    staged = atomic.stage(site)
    (staged.staging / "index.html").write_text("new")
    os.rename(site, staged.aside)  # the first of the two renames, then the process is killed
    assert not site.exists()
    atomic.recover(site)
    assert snapshot(site) == before and leftovers(site) == []


def test_a_kill_after_the_swap_is_cleaned_up(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", "new")
    aside = make_site(tmp_path / ".site.credcat-old", "old")
    staging = make_site(tmp_path / ".site.credcat-new", "half")
    atomic.recover(site)
    assert (site / "index.html").read_text() == "new"
    assert not aside.exists() and not staging.exists()


def test_the_next_stage_recovers_first(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    before = snapshot(site)
    os.rename(site, tmp_path / ".site.credcat-old")
    make_site(tmp_path / ".site.credcat-new", "half")
    staged = atomic.stage(site)
    assert snapshot(site) == before and list(staged.staging.iterdir()) == []
    staged.abort()


def test_a_first_build_has_no_target_yet(tmp_path: Path) -> None:
    site = tmp_path / "deeper" / "site"
    staged = atomic.stage(site)
    (staged.staging / "index.html").write_text("first")
    staged.commit()
    assert (site / "index.html").read_text() == "first"


def test_a_symbolic_link_to_the_site_stays_a_link(tmp_path: Path) -> None:
    real = make_site(tmp_path / "real-site")
    link = tmp_path / "site"
    link.symlink_to(real)
    staged = atomic.stage(link)
    (staged.staging / "index.html").write_text("new")
    staged.commit()
    assert link.is_symlink() and (real / "index.html").read_text() == "new"


def test_two_runs_cannot_stage_the_same_folder(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    first = atomic.stage(site)
    with pytest.raises(atomic.AtomicError, match="another build or export is writing it right now"):
        atomic.stage(site)
    first.abort()
    atomic.stage(site).abort()  # the lock is released


def test_a_folder_holding_the_catalog_is_never_replaced(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "catalog").mkdir(parents=True)
    with pytest.raises(atomic.AtomicError, match=r"it holds the catalog \(.*repo/catalog\), and it is replaced"):
        atomic.stage(repo, protect={"the catalog": repo / "catalog"})
    with pytest.raises(atomic.AtomicError, match=r"it is the current folder, and it would be replaced whole"):
        atomic.stage(repo, protect={"the current folder": repo})
    assert (repo / "catalog").is_dir()


def test_write_tree_keeps_what_was_there_and_never_writes_through_a_link(tmp_path: Path) -> None:
    out = make_site(tmp_path / "out")
    kept_inode = (out / "sub" / "page.html").stat().st_ino
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("not mine")
    (out / "link.txt").symlink_to(outside)
    atomic.write_tree(out, {"index.html": "new", "link.txt": "replaced", "a/b.json": "{}"})
    assert (out / "index.html").read_text() == "new" and (out / "a" / "b.json").read_text() == "{}"
    assert (out / "sub" / "page.html").read_text() == "oldold", "files not written again are kept"
    assert (out / "sub" / "page.html").stat().st_ino == kept_inode, "kept as hard links, not copies"
    assert outside.read_text() == "not mine" and not (out / "link.txt").is_symlink()


def test_write_tree_that_fails_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = make_site(tmp_path / "out")
    before = snapshot(out)
    calls = []

    def full_after_one(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) > 1:
            raise OSError(28, "No space left on device", str(path))
        path.write_bytes(data)

    monkeypatch.setattr(atomic, "_write_all", full_after_one)
    with pytest.raises(OSError):
        atomic.write_tree(out, {"index.html": "new", "sub/page.html": "new too"})
    assert snapshot(out) == before and leftovers(out) == []


# ---- SIGKILL during a real build --------------------------------------------------------------------------


def _build(repo: Path, site: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], cwd=repo,
                            env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def test_sigkill_during_a_build_leaves_the_last_good_site(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate_catalog

    repo = copy_site_sources(generate_catalog(tmp_path / "repo", 150, seed=3))
    site = tmp_path / "site"
    started = time.monotonic()
    first = _build(repo, site)
    assert first.wait(timeout=300) == 0, first.stderr.read().decode() if first.stderr else ""
    duration = time.monotonic() - started
    old = snapshot(site)
    assert len(old) > 500

    # A change that moves every page: each later build would write a different site.
    yaml = repo / "mkdocs.yml"
    yaml.write_text(yaml.read_text().replace("site_name: ", "site_name: Renamed "), encoding="utf-8")
    after_kill = []
    for fraction in (0.1, 0.4, 0.7):
        build = _build(repo, site)
        time.sleep(duration * fraction)
        finished = build.poll() is not None
        if not finished:
            os.killpg(build.pid, signal.SIGKILL)
        build.wait(timeout=60)
        after_kill.append((fraction, finished, snapshot(site)))

    last = _build(repo, site)  # the next build recovers what the killed ones left, and completes
    assert last.wait(timeout=300) == 0, last.stderr.read().decode() if last.stderr else ""
    new = snapshot(site)
    assert new != old and leftovers(site) == []
    for fraction, finished, seen in after_kill:
        assert seen in (old, new), f"killed at {fraction:.0%}: a site that is neither the old nor the new one"
        if fraction < 0.5 and not finished:
            assert seen == old, f"killed at {fraction:.0%} of a build, the last good site must stay"


# ---- the MkDocs plugin: what replaces site/, and when -----------------------------------------------------


@pytest.fixture
def small_repo(tmp_path: Path) -> Path:
    repo = copy_site_sources(tmp_path / "repo")
    shutil.copytree(ROOT / "schema", repo / "schema")
    for relative, text in {ORG_PATH: SAMPLE_ORG, CREDENTIAL_PATH: VALID_CREDENTIAL}.items():
        (repo / relative).parent.mkdir(parents=True, exist_ok=True)
        (repo / relative).write_text(text, encoding="utf-8")
    return repo


def _mkdocs(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=repo, env=ENV,
                          capture_output=True, text=True, check=False)


def test_a_strict_build_with_a_warning_keeps_the_last_good_site(small_repo: Path) -> None:
    assert _mkdocs(small_repo, "--strict").returncode == 0
    site = small_repo / "site"
    before = snapshot(site)
    (small_repo / "docs" / "index.md").write_text("# Home\n\n[a link to nothing](missing.md)\n", encoding="utf-8")
    done = _mkdocs(small_repo, "--strict")
    assert done.returncode == 1 and "missing.md" in done.stderr
    assert snapshot(site) == before and leftovers(site) == []
    relaxed = _mkdocs(small_repo, "--no-strict")  # the same warning without --strict: the new site goes in
    assert relaxed.returncode == 0 and snapshot(site) != before and leftovers(site) == []


def test_a_dirty_build_writes_in_place_as_mkdocs_does(small_repo: Path) -> None:
    assert _mkdocs(small_repo, "--strict").returncode == 0
    site = small_repo / "site"
    (site / "kept-by-dirty.txt").write_text("a file no build writes")
    assert _mkdocs(small_repo, "--dirty", "--no-strict").returncode == 0  # MkDocs warns about --dirty itself
    assert (site / "kept-by-dirty.txt").exists() and leftovers(site) == []
    assert _mkdocs(small_repo, "--strict").returncode == 0
    assert not (site / "kept-by-dirty.txt").exists(), "a clean build replaces the whole site"
