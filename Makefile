# Entry points for a fresh Debian 12 machine (Python 3.11, as root):
#   make run    install what is missing, migrate, load the demo, serve on http://127.0.0.1:8000
#   make test   install what is missing, lint, run the whole test suite
# `make help` lists the other targets.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
# The prerequisites of run and test must happen in order (packages, then venv, then messages).
.NOTPARALLEL:

PYTHON ?= $(shell command -v python3.11 || command -v python3)
export PYTHON
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
PYTEST_ARGS ?=
IS_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo yes)

# compilemessages walks the whole tree looking for locale/ folders: keep it out of the
# virtualenv (Django's and allauth's own catalogues) and of generated folders.
LOCALE_IGNORE := --ignore=.venv --ignore=.git --ignore=var --ignore=test-artifacts \
	--ignore=node_modules

.PHONY: help venv run test lint messages clean lock system-packages system-runtime node

help:
	@echo "make run              serve the portal with demo data on http://127.0.0.1:8000"
	@echo "make test             system packages, venv, messages, ruff check, lint-imports, pytest"
	@echo "                      (pass options with PYTEST_ARGS='-k letters -x')"
	@echo "make lint             ruff check and ruff format --check"
	@echo "make messages         compile translation catalogues (.po -> .mo)"
	@echo "make venv             create .venv and install the locked dependencies"
	@echo "make lock             re-resolve pyproject.toml into requirements.lock"
	@echo "make clean            remove .venv, caches and test artifacts (keeps db.sqlite3, var/)"

# --- Debian packages -------------------------------------------------------------------------

system-packages:
	scripts/install-system-packages full

# `make run` also works for a user who is not root, as long as the packages are already there.
system-runtime:
ifeq ($(IS_ROOT),yes)
	scripts/install-system-packages runtime
else
	@scripts/install-system-packages runtime \
		|| echo "Note: not root, so missing Debian packages were not installed; continuing."
endif

# --- Python ----------------------------------------------------------------------------------

venv: $(STAMP)

# Re-installs only when the dependencies changed (or .venv was removed).
$(STAMP): pyproject.toml requirements.lock
	@if ! $(BIN)/python -c '' 2>/dev/null; then \
		if [ -z "$(PYTHON)" ]; then echo "python3.11 or python3 not found" >&2; exit 1; fi; \
		echo "Creating $(VENV) with $(PYTHON)"; \
		"$(PYTHON)" -m venv --clear $(VENV); \
	fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $@

# Resolve the newest versions pyproject.toml allows, in a throw-away venv, and pin them.
lock:
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	"$(PYTHON)" -m venv "$$tmp"; \
	"$$tmp/bin/python" -m pip install --quiet --upgrade pip; \
	"$$tmp/bin/python" -m pip install --quiet -e '.[dev]'; \
	{ \
		echo "# Pinned versions of every Python package the portal and its tests install (Python 3.11, Linux)."; \
		echo "# Used as a constraints file:  pip install -c requirements.lock -e '.[dev]'"; \
		echo "# Regenerate after changing dependencies in pyproject.toml:  make lock"; \
		"$$tmp/bin/python" -m pip freeze --exclude-editable; \
	} > requirements.lock
	@echo "requirements.lock updated"

# --- Node (axe-core for the accessibility tests) --------------------------------------------

NODE_STAMP := node_modules/.installed

node: $(NODE_STAMP)

# npm ci installs exactly package-lock.json; it runs again only when the lock or
# package.json changed, or node_modules was removed.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# --- Project ---------------------------------------------------------------------------------

messages: venv
	@if find . \( -path ./.venv -o -path ./.git \) -prune -o -type d -name locale -print \
		| grep -q .; then \
		$(MANAGE) compilemessages $(LOCALE_IGNORE); \
	else \
		echo "No locale directory yet: no messages to compile."; \
	fi

run: system-runtime venv messages
	scripts/run

test: system-packages venv messages node
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache test-artifacts build ./*.egg-info
	find . -path ./.git -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
