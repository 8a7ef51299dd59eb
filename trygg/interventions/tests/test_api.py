"""/api/v1/interventions/: list with filters, create, retrieve, partial update within the
permissions; errors in the request's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from trygg.core.models import AuditEvent
from trygg.interventions.models import Intervention
from trygg.interventions.tests.helpers import make_intervention

pytestmark = pytest.mark.django_db


def api(tenant: Any, suffix: str = "", query: str = "") -> str:
    path = f"/api/v1/interventions/{suffix}?municipality={tenant.municipality.code}"
    return f"{path}&{query}" if query else path


def test_list_with_filters(client: Any, world: Any) -> None:
    flen = world.flen
    today = timezone.localdate()
    make_intervention(flen, title="Sen", due_date=today - dt.timedelta(days=2), status="decided")
    make_intervention(flen, title="Norr", area=flen.norr, owner=flen.org_police)
    client.force_login(flen.coordinator)
    everything = client.get(api(flen)).json()
    assert everything["count"] == 2
    first = everything["results"][0]
    assert first["title"] == "Sen" and first["overdue"] is True
    assert first["owner"]["name"] == flen.org_housing.name
    assert first["categories"][0]["code"] == "skadegorelse"

    def titles(query: str) -> list[str]:
        response = client.get(api(flen, query=query))
        assert response.status_code == 200, response.content
        return [row["title"] for row in response.json()["results"]]

    assert titles("overdue=true") == ["Sen"]
    assert titles(f"area={flen.norr.public_id}") == ["Norr"]
    assert titles(f"owner={flen.org_police.public_id}") == ["Norr"]
    assert titles("status=decided") == ["Sen"]
    assert titles("status=open") == ["Sen", "Norr"]
    assert titles(f"due_before={today.isoformat()}") == ["Sen"]
    other_area = client.get(api(flen, query=f"area={world.degerfors.centrum.public_id}"))
    assert other_area.status_code == 400


def test_a_reporter_lists_only_their_organisations(client: Any, world: Any) -> None:
    flen = world.flen
    make_intervention(flen, title="Bostäders", owner=flen.org_housing)
    make_intervention(flen, title="Kommunens", owner=flen.org_municipal)
    client.force_login(flen.reporter)
    rows = client.get(api(flen)).json()["results"]
    assert [row["title"] for row in rows] == ["Bostäders"]


def test_create_and_the_decided_requirements(client: Any, world: Any) -> None:
    flen = world.flen
    client.force_login(flen.coordinator)
    response = client.post(
        api(flen),
        {"title": "Nattvandring", "type": "night_walking", "status": "decided"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"owner", "responsible", "due_date", "area", "scanning"}
    assert body["area"] == ["Välj område innan insatsen kan beslutas."]
    assert not Intervention.objects.exists()
    response = client.post(
        api(flen),
        {
            "title": "Nattvandring",
            "type": "night_walking",
            "status": "decided",
            "area": str(flen.centrum.public_id),
            "owner": str(flen.org_municipal.public_id),
            "responsible": "Fritidsledare",
            "due_date": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
            "scanning": "Ungdomar samlas vid torget fredagskvällar.",
            "categories": [str(flen.categories["ungdomar"].public_id)]
            if "ungdomar" in flen.categories
            else [],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "decided" and data["missing_for_decision"] == {}
    assert AuditEvent.objects.filter(action="intervention.create").count() == 1


def test_unknown_ids_and_personal_data_are_refused(client: Any, world: Any) -> None:
    flen = world.flen
    client.force_login(flen.coordinator)
    response = client.post(
        api(flen),
        {"title": "X", "type": "other", "owner": str(world.degerfors.org_police.public_id)},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 400
    assert response.json() == {"owner": ["Välj i listan."]}
    response = client.post(
        api(flen),
        {"title": "X", "type": "other", "scanning": "Ring 811218-9876"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 400
    assert "personnummer" in response.json()["scanning"][0]
    assert not Intervention.objects.exists()


def test_police_create_their_own_and_partners_may_not(client: Any, world: Any) -> None:
    flen = world.flen
    client.force_login(flen.police)
    own = {"title": "Närvaro", "type": "presence", "owner": str(flen.org_police.public_id)}
    assert client.post(api(flen), own, content_type="application/json").status_code == 201
    foreign = {**own, "owner": str(flen.org_housing.public_id)}
    assert client.post(api(flen), foreign, content_type="application/json").status_code == 403
    client.force_login(flen.partner)
    mine = {**own, "owner": str(flen.org_municipal.public_id)}
    assert client.post(api(flen), mine, content_type="application/json").status_code == 403
    assert Intervention.objects.count() == 1


def test_retrieve_and_patch_within_permissions(client: Any, world: Any) -> None:
    flen = world.flen
    intervention = make_intervention(flen, status="decided")
    detail = api(flen, f"{intervention.public_id}/")
    client.force_login(flen.partner)
    assert client.get(detail).json()["id"] == str(intervention.public_id)
    patch = client.patch(detail, {"responsible": "X"}, content_type="application/json")
    assert patch.status_code == 403
    client.force_login(flen.reporter)  # the owner organisation
    response = client.patch(
        detail, {"responsible": "Bovärd", "status": "ongoing"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["responsible"] == "Bovärd"
    assert response.json()["status"] == "ongoing"
    # all or nothing: a bad status keeps the other change out
    response = client.patch(
        detail,
        {"responsible": "Någon annan", "status": "proposed"},
        content_type="application/json",
    )
    assert response.status_code == 400
    intervention.refresh_from_db()
    assert intervention.responsible == "Bovärd"
    # the owner cannot give it away
    response = client.patch(
        detail, {"owner": str(flen.org_police.public_id)}, content_type="application/json"
    )
    assert response.status_code == 400
    client.force_login(world.degerfors.coordinator)
    assert client.get(detail).status_code == 404
    assert (
        client.get(
            f"/api/v1/interventions/{intervention.public_id}/"
            f"?municipality={world.degerfors.municipality.code}"
        ).status_code
        == 404
    )
