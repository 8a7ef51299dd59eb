"""The coordinator's pages for the category checklist."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from trygg.core.models import AuditEvent
from trygg.reports.models import Category

pytestmark = pytest.mark.django_db

CAT_DATA = {
    "name": "Olovlig eldning",
    "name_en": "Illegal fires",
    "description": "Eldning i parker",
    "harm_weight": "0.5",
    "publishable": "on",
    "active": "on",
    "sort_order": "500",
}


def urls_for(world: Any) -> list[str]:
    category = world.flen.categories["klotter"]
    return [
        reverse("reports:categories", args=["0482"]),
        reverse("reports:category_create", args=["0482"]),
        reverse("reports:category_edit", args=["0482", category.public_id]),
    ]


def test_permission_matrix(client: Any, world: Any) -> None:
    for url in urls_for(world):
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        client.force_login(world.degerfors.coordinator)
        assert client.get(url).status_code == 404, url
        for user in (world.flen.partner, world.flen.reporter):
            client.force_login(user)
            assert client.get(url).status_code == 403, (url, user)
            assert client.post(url, CAT_DATA).status_code == 403, (url, user)
        client.force_login(world.flen.coordinator)
        assert client.get(url).status_code == 200, url
    assert not Category.objects.filter(name="Olovlig eldning").exists()


def test_category_of_other_municipality_is_404(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    other = world.degerfors.categories["klotter"]
    url = reverse("reports:category_edit", args=["0482", other.public_id])
    assert client.get(url).status_code == 404
    assert client.post(url, CAT_DATA).status_code == 404
    other.refresh_from_db()
    assert other.name != "Olovlig eldning"


def test_category_list_counts_reports(client: Any, world: Any, make_report: Any) -> None:
    make_report(world.flen)
    make_report(world.flen)
    client.force_login(world.flen.coordinator)
    response = client.get(reverse("reports:categories", args=["0482"]))
    counts = {c.code: c.report_count for c in response.context["categories"]}
    assert counts["skadegorelse"] == 2 and counts["klotter"] == 0
    assert len(counts) == Category.objects.filter(municipality=world.flen.municipality).count()


def test_category_create(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    response = client.post(reverse("reports:category_create", args=["0482"]), CAT_DATA)
    assert response.status_code == 302
    category = Category.objects.get(municipality=world.flen.municipality, name="Olovlig eldning")
    assert category.harm_weight == Decimal("0.5") and category.publishable
    assert category.name_en == "Illegal fires" and category.sort_order == 500
    assert AuditEvent.objects.filter(
        action="category.create", target_id=str(category.public_id)
    ).exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": "Klotter"}, "name"),  # duplicate of a default category
        ({"name": ""}, "name"),
        ({"name": "Ned\x00skräp"}, "name"),
        ({"harm_weight": "101"}, "harm_weight"),
        ({"harm_weight": "-1"}, "harm_weight"),
        ({"harm_weight": "abc"}, "harm_weight"),
        ({"sort_order": "-5"}, "sort_order"),
    ],
)
def test_category_create_refused(
    client: Any, world: Any, values: dict[str, str], field: str
) -> None:
    client.force_login(world.flen.coordinator)
    existing = {c.name for c in Category.objects.filter(municipality=world.flen.municipality)}
    before = Category.objects.count()
    response = client.post(
        reverse("reports:category_create", args=["0482"]), dict(CAT_DATA, **values)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    assert Category.objects.count() == before
    assert "Klotter" in existing


def test_category_rename_and_retire_keeps_history(
    client: Any, world: Any, make_report: Any
) -> None:
    category = world.flen.categories["skadegorelse"]
    report = make_report(world.flen, category=category)
    client.force_login(world.flen.coordinator)
    url = reverse("reports:category_edit", args=["0482", category.public_id])
    response = client.get(url)
    assert response.context["form"]["active"].value() is True
    data = {
        "name": "Skadegörelse (ny)",
        "name_en": "Vandalism",
        "description": "",
        "harm_weight": "2.5",
        "sort_order": "7",
    }  # "active" unticked: retire
    response = client.post(url, data)
    assert response.status_code == 302
    category.refresh_from_db()
    assert (category.name, category.active, category.harm_weight, category.publishable) == (
        "Skadegörelse (ny)",
        False,
        Decimal("2.5"),
        False,
    )
    report.refresh_from_db()
    assert report.category_id == category.pk
    event = AuditEvent.objects.filter(action="category.retire").latest("id")
    assert event.changes["active"] == [True, False]
    # restore
    response = client.post(url, dict(data, active="on"))
    assert response.status_code == 302
    category.refresh_from_db()
    assert category.active
    assert AuditEvent.objects.filter(
        action="category.restore", target_id=str(category.public_id)
    ).exists()
    # the list still shows it with its report
    response = client.get(reverse("reports:categories", args=["0482"]))
    counts = {c.pk: c.report_count for c in response.context["categories"]}
    assert counts[category.pk] == 1


def test_category_rename_to_duplicate_refused(client: Any, world: Any) -> None:
    category = world.flen.categories["skadegorelse"]
    other = world.flen.categories["klotter"]
    client.force_login(world.flen.coordinator)
    url = reverse("reports:category_edit", args=["0482", category.public_id])
    response = client.post(url, dict(CAT_DATA, name=other.name))
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    category.refresh_from_db()
    assert category.name != other.name
