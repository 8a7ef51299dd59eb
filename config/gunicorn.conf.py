"""gunicorn settings for Trygg: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

The one command that `make serve`, the Dockerfile and docs/operations.md use. Sync workers
behind a reverse proxy that terminates TLS (DESIGN.md); static files come from WhiteNoise.
"""

from __future__ import annotations

import os

#: address to listen on; the container uses 0.0.0.0:8000, `make serve` 127.0.0.1:8000
bind = os.environ.get("TRYGG_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("TRYGG_WEB_WORKERS", "2"))
worker_class = "sync"
#: seconds per request: the PDF downloads (WeasyPrint) are the slowest pages
timeout = int(os.environ.get("TRYGG_WEB_TIMEOUT", "60"))
#: on SIGTERM, finish the requests in flight for at most this long
graceful_timeout = 10
#: restart each worker now and then, so a slow leak cannot grow
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("TRYGG_LOG_LEVEL", "info").lower()
# The proxy's X-Forwarded-Proto is read by Django (SECURE_PROXY_SSL_HEADER) only with
# TRYGG_TRUST_PROXY=1. gunicorn itself would turn it into wsgi.url_scheme for requests from
# FORWARDED_ALLOW_IPS (default 127.0.0.1,::1): without TRYGG_TRUST_PROXY it reads no such header.
if os.environ.get("TRYGG_TRUST_PROXY", "").strip().lower() not in {"1", "true", "yes", "on"}:
    secure_scheme_headers: dict[str, str] = {}
#: no control socket (gunicorn ≥ 24 opens ~/.gunicorn/gunicorn.ctl by default): nothing uses
#: it, and two servers on one machine (tests, make serve) would share the path
control_socket_disable = True
