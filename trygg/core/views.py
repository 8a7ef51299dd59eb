"""Shared view helpers: week parsing, health check."""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse

from trygg.core.weeks import IsoWeek

logger = logging.getLogger(__name__)


def parse_week(value: str | None, default: IsoWeek) -> IsoWeek:
    if not value:
        return default
    try:
        return IsoWeek.parse(value)
    except ValueError:
        return default


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness and readiness in one: 200 after a round trip to the database that reads the
    migration table, 503 when the database cannot be reached (or has not been migrated).

    Served by HealthCheckMiddleware before host validation and the HTTPS redirect, so a
    container or load-balancer probe on http://127.0.0.1:8000/healthz/ works in production.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database is unavailable")
        response = JsonResponse({"status": "unavailable", "database": "error"}, status=503)
    else:
        response = JsonResponse({"status": "ok", "database": "ok"})
    response["Cache-Control"] = "no-store"
    return response
