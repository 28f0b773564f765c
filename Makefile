# Two commands on a fresh Debian machine with Python 3.11: `make serve` and `make test`.
# Both create .venv and install what they need the first time.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: install serve build test lint validate score bench clean browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV) || { command -v apt-get >/dev/null && apt-get update -qq && \
		apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

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

bench: $(STAMP)
	$(BIN)/python benchmarks/validate.py
	$(BIN)/python benchmarks/score.py

clean:
	rm -rf site .pytest_cache
