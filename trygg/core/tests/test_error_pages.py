"""403, 404 and 500 pages in Trygg's layout and in Swedish, with DEBUG off."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import path

pytestmark = pytest.mark.django_db


def _boom(request: Any) -> Any:
    raise RuntimeError("test failure")


urlpatterns = [
    path("boom/", _boom),
]


@override_settings(DEBUG=False)
def test_404_in_trygg_layout_in_swedish(client: Any, world: Any) -> None:
    client.force_login(world.flen.reporter)
    response = client.get("/m/0482/reports/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    body = response.content.decode()
    assert '<html lang="sv">' in body and 'class="site-header"' in body
    assert "Sidan finns inte" in body and 'href="/"' in body
    anonymous = Client().get("/no-such-page/")
    assert anonymous.status_code == 404 and "Sidan finns inte" in anonymous.content.decode()


@override_settings(DEBUG=False)
def test_403_in_trygg_layout_in_swedish(client: Any, world: Any) -> None:
    client.force_login(world.flen.reporter)
    response = client.get("/m/0482/settings/users/")
    assert response.status_code == 403
    body = response.content.decode()
    assert 'class="site-header"' in body and "Ingen behörighet" in body
    assert "Din roll ger inte tillgång" in body
    assert "Mina rapporter" in body  # the navigation stays, so the user can go on


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_500_is_a_static_page_in_swedish(world: Any) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert '<html lang="sv">' in body and "Något gick fel" in body
    assert "trygg.css" in body and 'class="site-header"' in body
