#!/usr/bin/env bash
# `make serve`: a production-like Trygg on this machine — DEBUG and demo mode off, the
# production settings (TRYGG_PRODUCTION=1, so .env is not read), collectstatic into var/static,
# migrate, then gunicorn (2 sync workers) and one db_worker together; Ctrl-C stops both.
#
#   TRYGG_SECRET_KEY  taken from the environment; otherwise generated once into
#                     var/secret_key (mode 600) and reused — for this machine only.
#   DATABASE_URL      default sqlite:///var/serve.sqlite3: not make run's database, whose demo
#                     accounts share a published password.
#   TRYGG_SSL_REDIRECT default 0 here: plain HTTP on 127.0.0.1 (put a TLS proxy in front for
#                     anything else, and set TRYGG_ALLOWED_HOSTS).
#
# `scripts/serve.sh manage <command> …` runs a manage.py command in the same environment, e.g.
# `make serve-manage CMD=createsuperuser`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

export TRYGG_PRODUCTION=1 TRYGG_DEBUG=0 TRYGG_DEMO=0
mkdir -p var
if [ -z "${TRYGG_SECRET_KEY:-}" ]; then
  if [ ! -s var/secret_key ]; then
    (umask 077 && "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key.new)
    mv var/secret_key.new var/secret_key
    echo "make serve: generated a secret key in var/secret_key (kept for the next start)" >&2
  fi
  TRYGG_SECRET_KEY=$(cat var/secret_key)
  export TRYGG_SECRET_KEY
fi
database="DATABASE_URL"
if [ -z "${DATABASE_URL:-}" ]; then
  DATABASE_URL="sqlite:///$PWD/var/serve.sqlite3"
  database="var/serve.sqlite3"
fi
export DATABASE_URL
export TRYGG_SSL_REDIRECT="${TRYGG_SSL_REDIRECT:-0}"
export TRYGG_BIND="${TRYGG_BIND:-${HOST:-127.0.0.1}:${PORT:-8000}}"
export PYTHONUNBUFFERED=1

if [ "${1:-}" = "manage" ]; then
  shift
  exec "$PY" manage.py "$@"
fi

"$PY" manage.py collectstatic --noinput -v0
"$PY" manage.py migrate --noinput
echo "Trygg (production-like): http://$TRYGG_BIND/  database: $database" >&2
exec "$PY" scripts/supervise.py \
  "web=$PY -m gunicorn -c config/gunicorn.conf.py config.wsgi" \
  "worker=$PY manage.py db_worker" \
  "scheduler=$PY manage.py run_schedule"
