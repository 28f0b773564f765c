# Two commands on a fresh Debian machine with Python 3.11: `make serve` and `make test`.
# Both create .venv and install what they need the first time, at the exact versions in requirements.lock
# (what was tested); pyproject.toml keeps the compatible ranges for people who install the package
# themselves. `make lock` refreshes the lock; `make test-latest` tries the newest versions the ranges allow.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
LATEST := .venv-latest
DEV_ADDR ?= 127.0.0.1:8000
UV_VERSION := 0.13.9
PIP := $(BIN)/pip --quiet --disable-pip-version-check
export NO_MKDOCS_2_WARNING := 1

.PHONY: install serve build test test-latest lock lint validate score bench clean browser

# The exact versions first (hashes checked), then the project itself from this checkout: no build
# isolation, so setuptools too comes from the lock, and no dependency is resolved again.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV) || { command -v apt-get >/dev/null && apt-get update -qq && \
		apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(PIP) install --require-hashes --no-deps -r $(LOCK)
	$(PIP) install --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

serve: $(STAMP)
	@echo "Serving the catalog at $$($(BIN)/python -m site_plugins.site_config serve-url $(DEV_ADDR)) (Ctrl+C stops)"
	$(BIN)/mkdocs serve --no-strict --dev-addr $(DEV_ADDR)

build: $(STAMP)
	$(BIN)/mkdocs build --strict

validate: $(STAMP)
	$(BIN)/credcat validate

score: $(STAMP)
	$(BIN)/credcat score --all

lint: $(STAMP)
	$(BIN)/ruff check site_plugins tests benchmarks

# Browser tests use Debian's chromium (Playwright cannot download a browser here).
browser:
	@command -v chromium >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
		echo "chromium could not be installed: browser tests will be skipped"; }

test: $(STAMP) lint browser
	$(BIN)/credcat validate
	$(BIN)/python -m pytest -q

# The whole suite against the newest releases that pyproject.toml's ranges allow, in a venv of its own:
# what a person who runs `pip install credcat` today would get. A failure here means the lock is holding
# back a release that breaks us: fix the code (or narrow the range), then `make lock`.
test-latest: browser
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/pip install --quiet --disable-pip-version-check --upgrade -e '.[test]'
	$(LATEST)/bin/pip list --format=freeze --disable-pip-version-check
	$(LATEST)/bin/ruff check site_plugins tests benchmarks
	$(LATEST)/bin/credcat validate
	$(LATEST)/bin/python -m pytest -q

# Refresh the lock: the newest versions within pyproject.toml's ranges, with hashes, for every platform.
lock: $(STAMP)
	$(PIP) install uv==$(UV_VERSION)
	$(BIN)/uv pip compile pyproject.toml build-requirements.in --extra test --universal --python-version 3.11 \
		--generate-hashes --upgrade --custom-compile-command "make lock" --quiet -o $(LOCK)

bench: $(STAMP)
	$(BIN)/python benchmarks/validate.py
	$(BIN)/python benchmarks/score.py

clean:
	rm -rf site .pytest_cache $(LATEST)
