"""The loader's guarantees hold, in the project's own words, on the oldest PyYAML the range allows.

The suite itself runs on the locked PyYAML (the newest release when the lock was made); this runs the
loader's tests again on PyYAML 6.0.1, the bottom of pyproject.toml's range. 6.0.4 changed how deep
nesting is refused (LibYAML stops it first, in its own words); both must give the same problem.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
FLOOR = "6.0.1"


def test_the_floor_is_the_bottom_of_the_range():
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pyyaml = next(d for d in dependencies if d.lower().startswith("pyyaml"))
    assert re.search(r">=\s*" + re.escape(FLOOR) + r"\b", pyyaml), pyyaml


@pytest.fixture(scope="module")
def floor_pyyaml() -> Path:
    """PyYAML 6.0.1 installed into a folder of its own (kept in .venv between runs)."""
    target = Path(sys.prefix) / f"credcat-test-pyyaml-{FLOOR}"
    if not (target / "yaml" / "__init__.py").is_file():
        done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                               "--no-deps", "--only-binary", ":all:", "--target", str(target), f"pyyaml=={FLOOR}"],
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
    return target


def test_loader_tests_pass_on_the_oldest_pyyaml(floor_pyyaml: Path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(floor_pyyaml), str(ROOT)])}
    version = subprocess.run([sys.executable, "-c", "import yaml; print(yaml.__version__, yaml.__with_libyaml__)"],
                             env=env, capture_output=True, text=True, check=True).stdout.split()
    assert version == [FLOOR, "True"], version  # the C parser, as in the wheels contributors get
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_loading.py"],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert re.search(r"\b\d+ passed\b", done.stdout)


def test_the_suite_runs_on_a_pyyaml_that_refuses_deep_nesting_itself():
    """The locked PyYAML is one whose LibYAML has a nesting limit of its own, so the translation of its
    refusal is exercised by tests/test_loading.py in every run (this fails if the lock moves below it)."""
    import yaml
    from yaml.cyaml import CParser

    parser = CParser(b"x: " + b"[" * 2000 + b"]" * 2000)
    try:
        with pytest.raises(yaml.YAMLError, match="maximum nesting depth"):
            while not isinstance(parser.get_event(), yaml.StreamEndEvent):
                pass
    finally:
        parser.dispose()
