# Trygg — the two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

export UV_COMPILE_BYTECODE := 1
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
# Make targets are development and test tasks: never a production instance (which would
# demand TRYGG_SECRET_KEY). Production runs manage.py/gunicorn directly (docs/operations.md).
export TRYGG_PRODUCTION ?= 0
UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: help run serve setup venv env migrate seed messages test check lint typecheck pytest e2e \
        fmt makemessages bench clean

help:
	@echo "make run    – set everything up (venv, migrations, demo data) and serve http://$(HOST):$(PORT)"
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

run: setup
	@echo "Trygg: http://$(HOST):$(PORT)/  (demo accounts on the login page, password trygg-demo)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production-like, locally (docs/operations.md "make serve"): DEBUG and demo off whatever .env
# says, gunicorn with 2 workers plus one task worker, on the SQLite default or DATABASE_URL.
# Plain HTTP on 127.0.0.1, so no HTTPS redirect; a secret key is generated once into var/.
SERVE_ENV = TRYGG_PRODUCTION=1 TRYGG_DEBUG=0 TRYGG_DEMO=0 TRYGG_SSL_REDIRECT=0 \
	TRYGG_SECRET_KEY="$${TRYGG_SECRET_KEY:-$$(cat var/serve-secret-key)}"
serve: venv messages
	@mkdir -p var
	@[ -n "$$TRYGG_SECRET_KEY" ] || [ -s var/serve-secret-key ] || \
	  (umask 077; head -c 48 /dev/urandom | od -An -tx1 | tr -d ' \n' > var/serve-secret-key)
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	@echo "Trygg (production mode): http://$(HOST):$(PORT)/  – Ctrl-C stops web and worker"
	$(SERVE_ENV) $(PY) scripts/supervise.py \
	  "web: .venv/bin/gunicorn config.wsgi:application --bind $(HOST):$(PORT) --workers 2 --access-logfile -" \
	  "worker: $(PY) manage.py db_worker"

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
