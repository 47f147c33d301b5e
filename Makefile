# Pacer — `make demo` serves the demo company, `make test` runs every test.
# Both work on a fresh machine: they create .venv, pip install and npm install first.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_PY := $(VENV)/.installed
STAMP_JS := node_modules/.installed
PYTEST_ARGS ?=

.PHONY: install demo test test-fast lint format browser-deps messages bench clean core-coverage

install: $(STAMP_PY) $(STAMP_JS)

$(STAMP_PY): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

$(STAMP_JS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

demo: install
	$(BIN)/pacer demo $(DEMO_ARGS)

# Debian's chromium and CJK fonts for the browser tests (never a downloaded browser build).
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				chromium fonts-noto-cjk >/dev/null; \
		else \
			echo "browser tests need: sudo apt-get install chromium fonts-noto-cjk"; \
		fi; \
	fi

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

test: install browser-deps lint core-coverage
	$(BIN)/pytest $(PYTEST_ARGS)

# The pure core keeps full branch coverage from its own unit tests.
core-coverage: install
	$(BIN)/pytest -q -p no:cacheprovider tests/planning tests/tracking \
		--cov=pacer.planning --cov=pacer.tracking --cov-branch --cov-fail-under=100 \
		--cov-report=term-missing:skip-covered

# The suite without lint and without the browser, for quick local runs.
test-fast: install
	$(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

messages: install
	scripts/messages.sh

# Benchmarks: BENCH_SCALE=small|full (default full); PACER_BENCH_DATABASE_URL=an existing
# PostgreSQL database to use instead of a throwaway cluster on port 54331 (needs root).
BENCH_SCALE ?= full
bench: install
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	BENCH_SCALE=$(BENCH_SCALE) PACER_BENCH_DATABASE_URL=$(PACER_BENCH_DATABASE_URL) $(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .mypy_cache .ruff_cache
