"""The interventions pages: Swedish errors and nothing saved on bad input, the "missing
before it can be decided" message, overdue in words, the progress and review forms, and the
weekly picture and area page showing the area's open interventions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from trygg.core.models import AuditEvent
from trygg.interventions.models import Intervention, InterventionReview, InterventionUpdate
from trygg.interventions.tests.helpers import make_intervention

pytestmark = pytest.mark.django_db

SV = {"HTTP_ACCEPT_LANGUAGE": "sv"}


def url(tenant: Any, name: str, intervention: Any = None) -> str:
    args = [tenant.municipality.code]
    if intervention is not None:
        args.append(intervention.public_id)
    return reverse(f"interventions:{name}", args=args)


def form_data(tenant: Any, **overrides: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Klottersanering vid skolan",
        "type": "graffiti_removal",
        "technique": "reduce_rewards",
        "term": "short",
        "area": str(tenant.centrum.public_id),
        "categories": [str(tenant.categories["klotter"].public_id)],
        "scanning": "Återkommande klotter på skolans gavel.",
        "owner": str(tenant.org_municipal.public_id),
        "responsible": "Gatuchef",
        "due_date": (timezone.localdate() + dt.timedelta(days=14)).isoformat(),
        "visibility": "partners",
    }
    data.update(overrides)
    return data


def test_a_coordinator_creates_an_intervention_from_the_form(client: Any, world: Any) -> None:
    flen = world.flen
    client.force_login(flen.coordinator)
    response = client.post(url(flen, "create"), form_data(flen), **SV)
    intervention = Intervention.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(flen, "detail", intervention)
    assert intervention.owner == flen.org_municipal
    assert intervention.status == "proposed"
    page = client.get(url(flen, "detail", intervention), **SV).content.decode()
    assert "Klottersanering vid skolan" in page
    assert "Föreslagen" in page
    assert "Skapad med status Föreslagen" in page  # the history
    assert "Det här saknas innan insatsen kan beslutas" not in page  # nothing missing


@pytest.mark.parametrize(
    ("field", "value", "swedish"),
    [
        ("title", "", "Ge insatsen en rubrik."),
        ("type", "rocket", "Välj i listan."),
        ("due_date", "31/12", "Ange datumet som ÅÅÅÅ-MM-DD."),
        ("area", "00000000-0000-0000-0000-000000000000", "Välj i listan."),
        ("scanning", "Ring 811218-9876", "personnummer"),
    ],
)
def test_bad_input_gives_a_swedish_error_and_nothing_is_saved(
    client: Any, world: Any, field: str, value: str, swedish: str
) -> None:
    flen = world.flen
    client.force_login(flen.coordinator)
    response = client.post(url(flen, "create"), form_data(flen, **{field: value}), **SV)
    assert response.status_code == 200
    body = response.content.decode()
    assert "error-summary" in body
    assert swedish in body
    assert not Intervention.objects.exists()
    assert not AuditEvent.objects.filter(action="intervention.create").exists()


def test_the_due_date_cannot_be_before_the_start(client: Any, world: Any) -> None:
    flen = world.flen
    client.force_login(flen.coordinator)
    response = client.post(
        url(flen, "create"),
        form_data(flen, start_date="2026-05-01", due_date="2026-04-01"),
        **SV,
    )
    assert "Slutdatumet kan inte vara före startdatumet." in response.content.decode()
    assert not Intervention.objects.exists()


def test_the_page_says_what_is_missing_and_deciding_names_it(client: Any, world: Any) -> None:
    flen = world.flen
    client.force_login(flen.coordinator)
    client.post(url(flen, "create"), form_data(flen, responsible="", due_date=""), **SV)
    intervention = Intervention.objects.get()
    page = client.get(url(flen, "detail", intervention), **SV).content.decode()
    assert "Det här saknas innan insatsen kan beslutas" in page
    assert "Ange ansvarig person innan insatsen kan beslutas." in page
    assert "Ange ett slutdatum innan insatsen kan beslutas." in page
    assert "Välj område innan" not in page
    response = client.post(
        url(flen, "status", intervention), {"status": "decided"}, follow=True, **SV
    )
    body = response.content.decode()
    assert "Ange ansvarig person innan insatsen kan beslutas." in body
    intervention.refresh_from_db()
    assert intervention.status == "proposed"
    edit = client.get(url(flen, "edit", intervention), **SV).content.decode()
    assert "Ange ett slutdatum innan insatsen kan beslutas." in edit


def test_overdue_is_said_in_words_in_the_list(client: Any, world: Any) -> None:
    flen = world.flen
    make_intervention(flen, title="Sen insats", due_date=timezone.localdate() - dt.timedelta(1))
    make_intervention(flen, title="I tid", due_date=timezone.localdate() + dt.timedelta(1))
    client.force_login(flen.partner)
    body = client.get(url(flen, "list"), **SV).content.decode()
    assert body.count("Försenad</strong>") == 1
    only = client.get(url(flen, "list") + "?overdue=on", **SV).content.decode()
    assert "Sen insats" in only and "I tid" not in only
    bad = client.get(url(flen, "list") + "?due_before=igår", **SV)
    assert bad.status_code == 200
    assert "Ange datumet som ÅÅÅÅ-MM-DD." in bad.content.decode()


def test_our_organisations_list(client: Any, world: Any) -> None:
    flen = world.flen
    make_intervention(flen, title="Bostäders", owner=flen.org_housing)
    make_intervention(flen, title="Polisens", owner=flen.org_police)
    client.force_login(flen.reporter)
    body = client.get(url(flen, "mine"), **SV).content.decode()
    assert "Vår organisations insatser" in body
    assert "Bostäders" in body and "Polisens" not in body


def test_the_owner_reports_progress_on_a_phone_form(client: Any, world: Any) -> None:
    flen = world.flen
    intervention = make_intervention(flen, status="decided")
    client.force_login(flen.reporter)
    page = client.get(url(flen, "progress", intervention), **SV).content.decode()
    assert 'inputmode="decimal"' in page
    bad = client.post(
        url(flen, "progress", intervention),
        {"note": "Bytt lampor.", "hours": "-2", "occurred_on": timezone.localdate().isoformat()},
        **SV,
    )
    assert "Timmarna kan inte vara negativa." in bad.content.decode()
    assert not InterventionUpdate.objects.exists()
    response = client.post(
        url(flen, "progress", intervention),
        {"note": "Bytt lampor.", "hours": "1,5", "occurred_on": timezone.localdate().isoformat()},
        **SV,
    )
    assert response.status_code == 302
    intervention.refresh_from_db()
    assert intervention.hours_spent == Decimal("1.5")
    detail = client.get(url(flen, "detail", intervention), **SV).content.decode()
    assert "Bytt lampor." in detail and "1,5\u00a0h" in detail


def test_the_coordinator_follows_up_and_others_may_not(client: Any, world: Any) -> None:
    flen = world.flen
    intervention = make_intervention(flen, status="decided")
    client.force_login(flen.reporter)
    assert client.get(url(flen, "review", intervention)).status_code == 403
    client.force_login(flen.coordinator)
    bad = client.post(
        url(flen, "review", intervention),
        {"outcome": "replace", "note": "", "reviewed_on": timezone.localdate().isoformat()},
        **SV,
    )
    assert "Skriv hur den utökas eller vad som ersätter den." in bad.content.decode()
    assert not InterventionReview.objects.exists()
    client.post(
        url(flen, "review", intervention),
        {"outcome": "end", "note": "Problemet borta.", "reviewed_on": "2026-01-05"},
        **SV,
    )
    intervention.refresh_from_db()
    assert intervention.status == "done"
    detail = client.get(url(flen, "detail", intervention), **SV).content.decode()
    assert "Uppföljd 2026-01-05: Avsluta" in detail
    assert "Problemet borta." in detail


def test_a_partner_of_another_organisation_reads_but_cannot_edit(client: Any, world: Any) -> None:
    flen = world.flen
    intervention = make_intervention(flen)
    client.force_login(flen.partner)
    page = client.get(url(flen, "detail", intervention), **SV).content.decode()
    assert "Belysning vid gångtunneln" in page
    assert url(flen, "edit", intervention) not in page
    assert client.get(url(flen, "edit", intervention)).status_code == 403
    assert (
        client.post(url(flen, "status", intervention), {"status": "cancelled"}).status_code == 403
    )


def test_police_create_for_their_own_organisation_only(client: Any, world: Any) -> None:
    flen = world.flen
    client.force_login(flen.police)
    page = client.get(url(flen, "create"), **SV).content.decode()
    owner_select = page[page.index('name="owner"') :]
    owner_select = owner_select[: owner_select.index("</select>")]
    assert flen.org_police.name in owner_select and flen.org_housing.name not in owner_select
    client.post(url(flen, "create"), form_data(flen, owner=str(flen.org_housing.public_id)), **SV)
    assert not Intervention.objects.exists()
    client.post(url(flen, "create"), form_data(flen, owner=str(flen.org_police.public_id)), **SV)
    assert Intervention.objects.get().owner == flen.org_police


def test_the_weekly_picture_and_the_area_page_show_open_interventions(
    client: Any, world: Any
) -> None:
    flen = world.flen
    make_intervention(flen, title="Belysning <b>tunneln</b>")
    closed = make_intervention(flen, title="Gammal insats")
    from trygg.interventions.services import intervention_set_status

    intervention_set_status(actor=flen.coordinator, intervention=closed, status="cancelled")
    client.force_login(flen.coordinator)
    code = flen.municipality.code
    weekly = client.get(reverse("situation:weekly", args=[code]), **SV).content.decode()
    assert "Pågående och planerade insatser i Centrum" in weekly
    assert "Belysning &lt;b&gt;tunneln&lt;/b&gt;" in weekly  # escaped
    assert "Gammal insats" not in weekly
    area = client.get(
        reverse("situation:status_history", args=[code, flen.centrum.public_id]), **SV
    ).content.decode()
    assert "Pågående och planerade insatser i Centrum" in area
    assert "Belysning &lt;b&gt;tunneln&lt;/b&gt;" in area
    norr = client.get(
        reverse("situation:status_history", args=[code, flen.norr.public_id]), **SV
    ).content.decode()
    assert "Inga pågående eller planerade insatser i området." in norr


def test_english_is_complete_on_the_pages(client: Any, world: Any) -> None:
    flen = world.flen
    intervention = make_intervention(flen, status="decided")
    client.force_login(flen.coordinator)
    page = client.get(url(flen, "detail", intervention), HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert "Owner organisation" in body and "Decided" in body
    assert "Ansvarig organisation" not in body
