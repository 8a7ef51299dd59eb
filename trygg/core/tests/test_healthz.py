"""/healthz/: a database round trip; 503 when the database cannot be reached. Answered before
host validation and the HTTPS redirect, so probes work in production (tests/test_production.py
checks that against gunicorn, including an unreachable PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_ok_after_a_database_round_trip(client: Any, django_assert_num_queries: Any) -> None:
    assert reverse("healthz") == "/healthz/"
    with django_assert_num_queries(1):
        response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_503_when_the_database_is_unreachable(client: Any, monkeypatch: Any) -> None:
    def unreachable(self: Any, *args: Any, **kwargs: Any) -> Any:
        raise OperationalError('connection to server at "db" (10.0.0.9), port 5432 failed')

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", unreachable)
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "error"}


def test_503_when_the_database_has_no_tables(client: Any) -> None:
    """An empty (unmigrated) database is not ready either: e.g. a fresh SQLite file."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE django_migrations")  # rolled back after the test
    assert client.get("/healthz/").status_code == 503


def test_any_host_and_plain_http_in_production_mode(client: Any, settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["trygg.kommun.example.se"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz/", HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200
    # everything else still gets the host check and the redirect
    assert client.get("/", HTTP_HOST="10.0.0.5:8000").status_code == 400
    assert client.get("/", HTTP_HOST="trygg.kommun.example.se").status_code == 301
    assert client.post("/healthz/", HTTP_HOST="10.0.0.5:8000").status_code == 400
