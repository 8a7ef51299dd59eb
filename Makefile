# Trygg — the two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

export UV_COMPILE_BYTECODE := 1
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
# Make targets are development and test tasks: never a production instance (which would
# demand TRYGG_SECRET_KEY), except `make serve`, which sets TRYGG_PRODUCTION=1 itself
# (scripts/serve.sh). Production runs manage.py/gunicorn directly (docs/operations.md).
export TRYGG_PRODUCTION ?= 0
UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# the address links in e-mail point to (TRYGG_SITE_URL): the one `make run` serves, unless
# TRYGG_SITE_URL is set in the environment (e.g. behind a proxy) or SITE_URL is given to make
SITE_URL ?= http://$(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST)):$(PORT)
PYTEST_ARGS ?=

.PHONY: help run serve serve-manage setup venv env migrate seed messages test check lint \
        typecheck pytest e2e fmt makemessages bench clean

help:
	@echo "make run    – set everything up (venv, migrations, demo data) and serve http://$(HOST):$(PORT)"
	@echo "             with runserver and one background worker (db_worker); Ctrl-C stops both"
	@echo "make serve  – production-like: collectstatic, migrate, gunicorn (2 workers) + db_worker,"
	@echo "             DEBUG and demo off, var/serve.sqlite3 or DATABASE_URL (docs/operations.md)"
	@echo "make test   – lint, type-check and run the whole test suite (SQLite)"
	@echo "make check  – ruff, mypy, manage.py check, makemigrations --check"
	@echo "make serve  – production-like: gunicorn (2 workers) + task worker, DEBUG off"

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

venv: $(if $(findstring .tools,$(UV)),.tools/bin/uv)
	$(UV) sync --frozen --quiet

# A local .env for development/demo (never used in production; see README "Configuration").
.env:
	printf 'TRYGG_DEBUG=1\nTRYGG_DEMO=1\n' > .env

env: .env
	@mkdir -p var

migrate: venv env
	$(PY) manage.py migrate --noinput

messages: venv
	$(PY) manage.py compilemessages --ignore=.venv --ignore=.tools -v0

seed: migrate
	$(PY) manage.py seed_demo

setup: venv env messages migrate seed

# runserver and one task worker (db_worker: sends the weekly-picture e-mails) together;
# Ctrl-C stops both (scripts/supervise.py).
run: setup
	@echo "Trygg: http://$(HOST):$(PORT)/  (demo accounts on the login page, password trygg-demo)"
	TRYGG_SITE_URL="$${TRYGG_SITE_URL:-$(SITE_URL)}" $(PY) scripts/supervise.py "web=$(PY) manage.py runserver $(HOST):$(PORT)" \
	  "worker=$(PY) manage.py db_worker" "scheduler=$(PY) manage.py run_schedule"

# Production-like on this machine (scripts/serve.sh): TRYGG_PRODUCTION=1, so .env is not read.
serve: venv messages
	HOST=$(HOST) PORT=$(PORT) TRYGG_SITE_URL="$${TRYGG_SITE_URL:-$(SITE_URL)}" bash scripts/serve.sh

# A manage.py command in make serve's environment, e.g. make serve-manage CMD=createsuperuser
serve-manage: venv
	bash scripts/serve.sh manage $(CMD)

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: venv
	$(PY) -m mypy --strict trygg config

check: lint typecheck messages
	@mkdir -p var
	TRYGG_DEBUG=1 $(PY) manage.py check
	TRYGG_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	TRYGG_SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	  TRYGG_DEBUG=0 TRYGG_DEMO=0 TRYGG_PRODUCTION=1 TRYGG_ALLOWED_HOSTS=trygg.example.se \
	  $(PY) manage.py check --deploy --fail-level WARNING

pytest: venv messages
	bash scripts/ensure-system-deps.sh
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

test: check pytest

fmt: venv
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

makemessages: venv
	$(PY) manage.py makemessages -l sv --ignore=.venv --ignore=.tools --ignore=static --ignore=tests --ignore=var --ignore=bench --ignore=scripts --no-obsolete
	$(PY) scripts/merge_sv_parts.py
	$(PY) manage.py compilemessages --ignore=.venv --ignore=.tools -v0

bench: venv
	$(PY) bench/run.py

clean:
	rm -rf .venv .tools var .mypy_cache .ruff_cache .pytest_cache
