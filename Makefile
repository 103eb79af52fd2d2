# Proctor: developer entry points. `make help` lists them.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
STAMP := $(VENV)/.installed
# command:package pairs. The browser tests also need chromium, which only `make test`
# installs (Playwright drives Debian's chromium: no downloaded browser).
SYSTEM_COMMANDS := redis-server:redis-server bwrap:bubblewrap
TEST_COMMANDS := $(SYSTEM_COMMANDS) chromium:chromium

TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=
# Suites that touch no database (the sandbox, the escape suite, the engine and the
# exercises graded through it): the SQLite pass covers them.
PG_IGNORE := --ignore=tests/sandbox --ignore=tests/escape --ignore=tests/grader/test_exercises.py \
	--ignore=tests/grader/test_exploration.py --ignore=tests/grader/test_engine.py \
	--ignore=tests/grader/test_checks.py
WITH_REDIS := $(BIN)/python scripts/with_redis.py --
# Exits non-zero, printing the reason on one line, unless the database in argv[1] accepts a
# connection.
export PG_CHECK := import sys; sys.excepthook = lambda t, e, tb: print(str(e).strip().splitlines()[0] if str(e).strip() else t.__name__); import psycopg; psycopg.connect(sys.argv[1], connect_timeout=5).close()

.PHONY: help install system-deps run test lint format bench soak clean frontend

help: ## Show this help
	@echo "Usage: make TARGET [PYTEST_ARGS=...] [TEST_DATABASE_URL=...] [PYTHON=python3.11]"
	@echo
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

install: system-deps $(STAMP) ## System packages (redis-server, bubblewrap), .venv and dependencies

# The binaries the project runs: redis-server (make run, make test) and bwrap (the sandbox);
# `make system-deps COMMANDS="$(TEST_COMMANDS)"` adds what the tests need.
COMMANDS ?= $(SYSTEM_COMMANDS)
system-deps:
	@missing=""; \
	for pair in $(COMMANDS); do \
		command -v "$${pair%%:*}" >/dev/null 2>&1 || missing="$$missing $${pair##*:}"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "Missing system packages:$$missing. Install them with:" >&2; \
		echo "    sudo apt-get install -y$$missing" >&2; \
		exit 1; \
	fi; \
	export DEBIAN_FRONTEND=noninteractive; \
	for pkg in $$missing; do \
		if ! apt-cache show "$$pkg" >/dev/null 2>&1; then \
			echo "==> apt-get update"; apt-get update; break; \
		fi; \
	done; \
	echo "==> apt-get install$$missing"; \
	apt-get install -y --no-install-recommends $$missing || { \
		echo "==> apt-get update (install failed: the package lists may be stale)"; \
		apt-get update; apt-get install -y --no-install-recommends $$missing; }

$(STAMP): pyproject.toml uv.lock
	@if ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then \
		$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
			echo "Python >= 3.11 is needed; '$(PYTHON)' is: $$($(PYTHON) --version 2>&1 || true)" >&2; \
			echo "Use for example: make install PYTHON=python3.11" >&2; exit 1; }; \
		if [ -e $(VENV) ]; then echo "==> $(VENV) is unusable or older than Python 3.11: recreating it"; rm -rf $(VENV); fi; \
		echo "==> $(PYTHON) -m venv $(VENV)"; $(PYTHON) -m venv $(VENV); \
	fi
	@if ! $(BIN)/uv --version 2>/dev/null | grep -Eq '^uv $(subst .,\.,$(UV_VERSION))( |$$)'; then \
		echo "==> pip install uv==$(UV_VERSION)"; \
		$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION); \
	fi
	@echo "==> uv sync --frozen --inexact"
	@env -u UV_PROJECT_ENVIRONMENT UV_PYTHON_DOWNLOADS=never VIRTUAL_ENV="$(abspath $(VENV))" \
		$(BIN)/uv sync --frozen --inexact
	@touch $@

# A development server: DEBUG on (demo accounts are refused without it), unless set.
run: export DEBUG ?= true
run: install ## Migrate, import content/, create demo accounts, then run Redis + worker + web
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py import_course
	$(BIN)/python manage.py demo_accounts
	exec $(BIN)/python scripts/run_dev.py

test: install ## Lint, then the whole test suite on SQLite and on PostgreSQL
	@# Not fatal here: without chromium (not root) the browser tests skip, or fail in CI.
	-@$(MAKE) --no-print-directory system-deps COMMANDS="$(TEST_COMMANDS)"
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@mkdir -p var
	@echo "==> pytest on SQLite"
	env -u DATABASE_URL $(WITH_REDIS) $(BIN)/python -m pytest $(PYTEST_ARGS)
	@url='$(TEST_DATABASE_URL)'; \
	shown=$$(printf '%s' "$$url" | sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#'); \
	if reason=$$($(BIN)/python -c "$$PG_CHECK" "$$url" 2>&1); then \
		echo "==> pytest on PostgreSQL ($$shown)"; \
		DATABASE_URL="$$url" $(WITH_REDIS) $(BIN)/python -m pytest $(PG_IGNORE) $(PYTEST_ARGS); \
	else \
		case "$${CI:-}" in true|1) \
			echo "ERROR: PostgreSQL at $$shown is unreachable: $$reason" >&2; \
			echo "ERROR: CI=true needs the PostgreSQL pass: failing." >&2; \
			exit 1;; \
		esac; \
		echo "WARNING: PostgreSQL at $$shown is unreachable: $$reason" >&2; \
		echo "WARNING: SKIPPED the PostgreSQL pass, only SQLite was tested (set TEST_DATABASE_URL)." >&2; \
	fi

lint: install ## ruff check + ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## ruff format + ruff check --fix
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install ## Run the benchmarks with a private Redis (results: bench/results/)
	$(WITH_REDIS) $(BIN)/python bench/run_all.py

soak: install ## Grade every stored solution 10 times with one core busy (results: bench/results/soak.md)
	@mkdir -p bench/results
	$(BIN)/python bench/gradings.py --runs 10 --busy | tee bench/results/soak.md

# Needs Node and the npm registry; the files it writes in static/js/ are committed, so neither
# `make run` nor `make test` depends on it.
frontend: ## Rebuild static/js/ (CodeMirror editor, htmx) from frontend/: npm ci + build
	@command -v npm >/dev/null 2>&1 || { echo "npm is needed: sudo apt-get install -y nodejs npm" >&2; exit 1; }
	cd frontend && npm ci && npm run build

clean: ## Remove var/ (SQLite database, logs) and caches; keeps .venv
	rm -rf var .pytest_cache .ruff_cache staticfiles
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -print0 | xargs -0 rm -rf
