# Trygg: one image for the web server and the task worker (compose.yaml runs both).
# Build: docker build -t trygg .   Run: docs/operations.md "Docker".
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    PATH=/app/.venv/bin:$PATH

# WeasyPrint (the PDFs) needs pango and harfbuzz; fonts for Swedish text; gettext for messages
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext curl \
 && rm -rf /var/lib/apt/lists/* \
 && pip install --no-cache-dir uv==0.13.9 \
 && useradd --create-home --uid 10001 trygg

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
RUN python manage.py compilemessages --ignore=.venv -v0 \
 && TRYGG_SECRET_KEY=build-only-not-used-at-runtime TRYGG_STATIC_ROOT=/app/static-collected \
    python manage.py collectstatic --noinput -v0 \
 && mkdir -p /app/var && chown -R trygg:trygg /app/var

ENV TRYGG_STATIC_ROOT=/app/static-collected \
    TRYGG_MEDIA_ROOT=/app/var/media
USER trygg
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8000/healthz/ || exit 1
# the web server; the worker runs the same image with: python manage.py db_worker
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
