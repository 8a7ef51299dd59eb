"""The settings overview and onboarding (trygg.setup)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import CENTRES
from trygg.core.models import AuditEvent
from trygg.places.models import Municipality
from trygg.reports.models import Category

pytestmark = pytest.mark.django_db

FLEN_LAT, FLEN_LON = CENTRES["0482"]
DEGERFORS_LAT, DEGERFORS_LON = CENTRES["1862"]


def test_index_shows_counts_and_links(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    response = client.get(reverse("settings:index", args=["0482"]))
    content = response.content.decode()
    assert response.context["counts"] == {
        "organisations": 3,
        "users": 4,
        "areas": 2,
        "places": 1,
        "categories": Category.objects.filter(municipality=world.flen.municipality).count(),
        "joint": 0,
        "joint_invitations": 0,
    }
    assert reverse("settings:organisations", args=["0482"]) in content
    assert reverse("settings:joint", args=["0482"]) in content
    assert reverse("reports:categories", args=["0482"]) in content


def test_onboard_refuses_non_staff(client: Any, world: Any) -> None:
    url = reverse("onboard")
    assert client.get(url).status_code == 302
    for user in (world.flen.coordinator, world.flen.reporter):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"code": "0480"}).status_code == 404
    assert not Municipality.objects.filter(code="0480").exists()


def test_onboard_creates_municipality_with_categories(client: Any, world: Any) -> None:
    client.force_login(world.admin)
    url = reverse("onboard")
    response = client.get(url)
    choices = dict(response.context["form"].fields["code"].choices)
    assert "0480" in choices and "0482" not in choices  # Flen is already set up
    assert choices["0480"].startswith("0480 – ")
    response = client.post(url, {"code": "0480"})
    municipality = Municipality.objects.get(code="0480")
    assert response.status_code == 302
    assert response["Location"] == reverse("settings:index", args=["0480"])
    assert municipality.outline
    assert Category.objects.filter(municipality=municipality).count() > 5
    assert AuditEvent.objects.filter(
        action="municipality.onboard", municipality=municipality
    ).exists()
    assert client.get(response["Location"]).status_code == 200


def test_onboard_unknown_or_existing_code(client: Any, world: Any) -> None:
    client.force_login(world.admin)
    before = Municipality.objects.count()
    for code in ("0482", "9999", ""):
        response = client.post(reverse("onboard"), {"code": code})
        assert response.status_code == 200
        assert response.context["form"].errors
    assert Municipality.objects.count() == before
