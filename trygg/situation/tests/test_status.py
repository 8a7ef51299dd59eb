"""Area statuses (form, service, history) and pins: permissions, audit, all-or-nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from trygg.core.models import AuditEvent
from trygg.core.weeks import IsoWeek
from trygg.situation.models import AreaStatus, PinnedReport
from trygg.situation.services.weekly import area_status_set

pytestmark = pytest.mark.django_db

WEEK = IsoWeek.current().previous()


def status_url(tenant: Any) -> str:
    return reverse("situation:status", args=[tenant.municipality.code])


def post_data(tenant: Any, **reasons: str) -> dict[str, str]:
    data = {"week": str(WEEK)}
    for area, status in ((tenant.centrum, "yellow"), (tenant.norr, "green")):
        prefix = str(area.public_id)
        data[f"{prefix}-status"] = status
        data[f"{prefix}-reason"] = reasons.get(area.name, f"Bedömning för {area.name}.")
    return data


def test_form_sets_every_area_with_audit(client: Any, world: Any, make_report: Any) -> None:
    flen = world.flen
    client.force_login(flen.coordinator)
    page = client.get(status_url(flen), {"week": str(WEEK)})
    assert page.status_code == 200
    assert "Centrum" in page.content.decode() and "Norr" in page.content.decode()
    response = client.post(status_url(flen), post_data(flen))
    assert response.status_code == 302
    centrum = AreaStatus.objects.get(area=flen.centrum, week_start=WEEK.monday)
    assert centrum.status == "yellow"
    assert centrum.reason == "Bedömning för Centrum."
    assert centrum.decided_by == flen.coordinator
    assert AreaStatus.objects.filter(municipality=flen.municipality).count() == 2
    events = AuditEvent.objects.filter(action="situation.area_status")
    assert events.count() == 2
    assert events.first().changes["status"][1] in ("yellow", "green")  # type: ignore[union-attr]
    # the weekly page shows the decision as text
    page = client.get(
        reverse("situation:weekly", args=[flen.municipality.code]), {"week": str(WEEK)}
    )
    assert "Yellow – heightened" in page.content.decode() or "Gul" in page.content.decode()


def test_reason_required_and_nothing_half_saved(client: Any, world: Any) -> None:
    flen = world.flen
    client.force_login(flen.coordinator)
    response = client.post(status_url(flen), post_data(flen, Norr=""))
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not AreaStatus.objects.exists()
    response = client.post(status_url(flen), post_data(flen, Norr="Ring 070-123 45 67"))
    assert response.status_code == 200
    assert "070-123 45 67" in response.content.decode()
    assert not AreaStatus.objects.exists()


def test_service_upserts_and_audits_before_after(world: Any) -> None:
    flen = world.flen
    area_status_set(
        actor=flen.coordinator, area=flen.centrum, week=WEEK, status="green", reason="Lugnt."
    )
    area_status_set(
        actor=flen.coordinator,
        area=flen.centrum,
        week=WEEK,
        status="kraftsamling",
        reason="Skjutning.",
    )
    status = AreaStatus.objects.get()
    assert status.status == "kraftsamling"
    last = AuditEvent.objects.filter(action="situation.area_status").order_by("-id").first()
    assert last is not None
    assert last.changes["status"] == ["green", "kraftsamling"]
    with pytest.raises(PermissionDenied):
        area_status_set(actor=flen.partner, area=flen.centrum, week=WEEK, status="red", reason="x")
    with pytest.raises(ValidationError) as info:
        area_status_set(
            actor=flen.coordinator, area=flen.centrum, week=WEEK, status="blue", reason=""
        )
    assert set(info.value.message_dict) == {"status", "reason"}


def test_partner_gets_403_on_the_status_form_and_pin(
    client: Any, world: Any, make_report: Any
) -> None:
    flen = world.flen
    report = make_report()
    for user in (flen.partner, flen.police, flen.reporter):
        client.force_login(user)
        assert client.get(status_url(flen)).status_code == 403
        assert client.post(status_url(flen), post_data(flen)).status_code == 403
        pin = client.post(
            reverse("situation:pin", args=[flen.municipality.code]),
            {"report": str(report.public_id), "week": str(WEEK), "action": "pin"},
        )
        assert pin.status_code == 403
    assert not AreaStatus.objects.exists() and not PinnedReport.objects.exists()


def test_other_tenant_gets_404_everywhere(client: Any, world: Any, make_report: Any) -> None:
    flen, other = world.flen, world.degerfors
    report = make_report()
    code = flen.municipality.code
    client.force_login(other.coordinator)
    for url in (
        reverse("situation:weekly", args=[code]),
        reverse("situation:status", args=[code]),
        reverse("situation:status_history", args=[code, flen.centrum.public_id]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("situation:pin", args=[code]),
            {"report": str(report.public_id), "week": str(WEEK)},
        ).status_code
        == 404
    )
    # their own municipality's URL with Flen's area or report: 404 too
    own = other.municipality.code
    assert (
        client.get(
            reverse("situation:status_history", args=[own, flen.centrum.public_id])
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("situation:pin", args=[own]),
            {"report": str(report.public_id), "week": str(WEEK), "action": "pin"},
        ).status_code
        == 404
    )
    assert not PinnedReport.objects.exists()


def test_pin_and_unpin(client: Any, world: Any, make_report: Any) -> None:
    flen = world.flen
    report = make_report(occurred_start=WEEK.start())
    client.force_login(flen.coordinator)
    url = reverse("situation:pin", args=[flen.municipality.code])
    response = client.post(
        url,
        {
            "report": str(report.public_id),
            "week": str(WEEK),
            "note": "Värt att ta upp.",
            "action": "pin",
        },
    )
    assert response.status_code == 302
    pin = PinnedReport.objects.get()
    assert pin.note == "Värt att ta upp." and pin.week_start == WEEK.monday
    assert AuditEvent.objects.filter(action="situation.pin").count() == 1
    page = client.get(
        reverse("situation:weekly", args=[flen.municipality.code]), {"week": str(WEEK)}
    )
    assert "Värt att ta upp." in page.content.decode()
    client.post(url, {"report": str(report.public_id), "week": str(WEEK), "action": "unpin"})
    assert not PinnedReport.objects.exists()
    assert AuditEvent.objects.filter(action="situation.unpin").count() == 1


def test_history_strip(client: Any, world: Any) -> None:
    flen = world.flen
    area_status_set(
        actor=flen.coordinator,
        area=flen.centrum,
        week=WEEK,
        status="red",
        reason="Bränder i källare.",
    )
    client.force_login(flen.partner)
    response = client.get(
        reverse("situation:status_history", args=[flen.municipality.code, flen.centrum.public_id])
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bränder i källare." in body
    assert "status-strip__week--red" in body
    assert len(response.context["history"]) == 26
