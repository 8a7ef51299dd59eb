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
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
