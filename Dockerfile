# Trygg: one image for the web server and the task worker (compose.yaml runs both).
#   docker build -t trygg .
#   web:    python manage.py migrate --noinput && gunicorn -c config/gunicorn.conf.py config.wsgi
#   worker: python manage.py db_worker
#   scheduler: python manage.py run_schedule
# The same commands as `make serve` and docs/operations.md. Configuration comes from the
# environment only (README "Configuration"); a .env is never read here (TRYGG_PRODUCTION unset).
FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_LINK_MODE=copy \
    PATH=/app/.venv/bin:$PATH

# WeasyPrint (the PDF downloads and the PDF attached to the weekly-picture e-mail) and a font
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# uv from PyPI, the version the Makefile pins
RUN pip install --no-cache-dir uv==0.13.9

WORKDIR /app
# dependencies first (cached while only the code changes), exactly as locked
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
# the app's own bytecode too: at run time the code is read-only for the app's user
RUN uv sync --frozen --no-dev \
    && python -m compileall -q config trygg

# static files collected at build time in production mode (manifest + compressed copies);
# the key is only for this command and is not kept in the image
RUN TRYGG_SECRET_KEY=collectstatic-at-build-time-only-not-a-runtime-secret \
    python manage.py collectstatic --noinput -v0

# run as an unprivileged user; the code stays root-owned (read-only for the app)
RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home trygg \
    && mkdir -p /app/var /data/media \
    && chown -R trygg:trygg /app/var /data/media
USER trygg

ENV TRYGG_BIND=0.0.0.0:8000 \
    TRYGG_MEDIA_ROOT=/data/media
VOLUME ["/data/media"]
EXPOSE 8000

# /healthz/ answers on the container's own address (no host check, no HTTPS redirect)
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz/', timeout=4)"]

CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn -c config/gunicorn.conf.py config.wsgi"]
