"""Shared view helpers: week parsing, health check."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse

from trygg.core.weeks import IsoWeek


def parse_week(value: str | None, default: IsoWeek) -> IsoWeek:
    if not value:
        return default
    try:
        return IsoWeek.parse(value)
    except ValueError:
        return default


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and container health checks: 200 when the database answers (a
    query against the migrated schema), 503 otherwise. Never cached, no login."""
    from django.db import DatabaseError, connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM django_migrations")
            cursor.fetchone()
    except DatabaseError:
        response = JsonResponse({"status": "unavailable", "database": "error"}, status=503)
    else:
        response = JsonResponse({"status": "ok", "database": "ok"})
    response["Cache-Control"] = "no-store"
    return response
