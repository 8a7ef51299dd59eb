"""The åtgärdsplan's pages, public page and API: forms answer next to their fields, no input
gives a 500, tenant isolation, the six columns with colour AND word, drafts and open rounds
never public, the renewal banner."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from trygg.plans.models import ActionPlan
from trygg.plans.services import action_plan as s
from trygg.plans.tests.action_helpers import (
    ROW,
    add_row,
    decided_picture,
    decided_plan,
    findings_of,
    make_plan,
)

pytestmark = pytest.mark.django_db


def _base(tenant: Any) -> str:
    return f"/m/{tenant.municipality.code}/plans/action-plans/"


def test_create_through_the_form(client: Any, world: Any) -> None:
    flen = world.flen
    picture = decided_picture(flen)
    client.force_login(flen.coordinator)
    response = client.post(
        _base(flen) + "new/",
        {
            "title": "Åtgärdsplan 2025–2026",
            "period_start": "2025-01-01",
            "period_end": "2026-12-31",
            "summary": "",
            "renewal_years": "2",
            "crime_picture": str(picture.pk),
        },
    )
    assert response.status_code == 302
    plan = ActionPlan.objects.get(municipality=flen.municipality)
    assert plan.crime_picture == picture


def test_bad_input_is_answered_next_to_the_fields(client: Any, world: Any) -> None:
    flen = world.flen
    client.force_login(flen.coordinator)
    response = client.post(
        _base(flen) + "new/",
        {
            "title": "",
            "period_start": "2025-02-30",
            "period_end": "x",
            "renewal_years": "99",
            "crime_picture": "nonsense",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {
        "title",
        "period_start",
        "period_end",
        "renewal_years",
        "crime_picture",
    }
    plan = make_plan(flen)
    response = client.post(
        _base(flen) + f"{plan.public_id}/decide/",
        {
            "decision_date": "2025-04-14",
            "deciding_body": "KS",
            "diary_number": "KS 1",
            "paragraph": "§ 1",
        },
    )
    assert response.status_code == 200  # no row yet
    assert (
        "minst en rad" in response.content.decode() or response.context["form"].non_field_errors()
    )
    response = client.post(
        _base(flen) + f"{plan.public_id}/rows/new/", {"cause": "", "organisation": "999999"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"cause", "measure", "organisation"}
    # a personnummer in a row is refused under its field
    response = client.post(
        _base(flen) + f"{plan.public_id}/rows/new/",
        {**ROW, "measure": "Ring 811218\u20139876"},
    )
    assert response.status_code == 200
    assert "measure" in response.context["form"].errors


def test_rows_with_findings_and_the_table(client: Any, world: Any) -> None:
    flen = world.flen
    picture = decided_picture(flen)
    plan = make_plan(flen, picture=picture)
    findings = findings_of(picture)
    client.force_login(flen.coordinator)
    response = client.post(
        _base(flen) + f"{plan.public_id}/rows/new/",
        {**ROW, "organisation": str(flen.org_municipal.pk), "findings": [str(findings[1].pk)]},
    )
    assert response.status_code == 302
    row = plan.versions.get().rows.get()
    assert list(row.findings.all()) == [findings[1]]
    body = client.get(_base(flen) + f"{plan.public_id}/").content.decode()
    for column in ("Orsak", "Åtgärd", "Operativt mål", "När", "Vem", "Uppföljning"):
        assert column in body, column


def test_the_follow_up_column_shows_colour_and_word(client: Any, world: Any) -> None:
    flen = world.flen
    plan = decided_plan(flen)
    follow_up = s.round_open(
        actor=flen.coordinator, plan=plan, title="Hösten", as_of=dt.date(2025, 9, 1)
    )
    first, second = follow_up.version.rows.order_by("position")
    s.row_report(actor=flen.coordinator, follow_up=follow_up, row=first, rating="green")
    s.row_report(
        actor=flen.coordinator, follow_up=follow_up, row=second, rating="red", note="Ej gjort"
    )
    client.force_login(flen.partner)
    # an open round does not show in the table
    body = client.get(_base(flen) + f"{plan.public_id}/").content.decode()
    assert "badge--status-red" not in body
    s.round_complete(actor=flen.coordinator, follow_up=follow_up)
    body = client.get(_base(flen) + f"{plan.public_id}/").content.decode()
    assert 'badge--status-green">● Grön' in body
    assert 'badge--status-red">○ Röd' in body


def test_report_a_row_through_the_form(client: Any, world: Any) -> None:
    flen = world.flen
    plan = decided_plan(flen)
    follow_up = s.round_open(
        actor=flen.coordinator, plan=plan, title="R", as_of=dt.date(2025, 9, 1)
    )
    row = follow_up.version.rows.order_by("position").first()
    assert row is not None
    url = _base(flen) + f"{plan.public_id}/rounds/{follow_up.public_id}/rows/{row.pk}/"
    client.force_login(flen.partner)  # a member of org_municipal, the row's organisation
    response = client.post(url, {f"r{row.pk}-rating": "yellow", f"r{row.pk}-note": ""})
    assert response.status_code == 400
    assert "note" in str(response.context["entries"][0]["form"].errors)
    response = client.post(url, {f"r{row.pk}-rating": "yellow", f"r{row.pk}-note": "Försenad"})
    assert response.status_code == 302
    assert follow_up.statuses.get(row=row).rating == "yellow"
    client.force_login(flen.police)
    assert client.post(url, {f"r{row.pk}-rating": "green"}).status_code == 403


def test_other_municipality_gets_404(client: Any, world: Any) -> None:
    plan = decided_plan(world.flen)
    client.force_login(world.degerfors.coordinator)
    for suffix in ("", "edit/", "pdf/", "rounds/"):
        assert client.get(f"{_base(world.flen)}{plan.public_id}/{suffix}").status_code == 404
    # and through the other municipality's own prefix, the plan is not found either
    assert client.get(f"{_base(world.degerfors)}{plan.public_id}/").status_code == 404


def test_renewal_banner(client: Any, world: Any) -> None:
    flen = world.flen
    plan = decided_plan(flen)
    client.force_login(flen.coordinator)
    url = _base(flen) + f"{plan.public_id}/"
    assert "ska förnyas senast" not in client.get(url).content.decode()
    ActionPlan.objects.filter(pk=plan.pk).update(
        renewal_due=timezone.localdate() + dt.timedelta(days=30)
    )
    body = client.get(url).content.decode()
    assert "Åtgärdsplanen ska förnyas senast" in body


def test_public_page_shows_only_the_decided_published_plan(client: Any, world: Any) -> None:
    flen = world.flen
    url = f"/k/{flen.municipality.code}/atgardsplan/"
    draft = make_plan(flen, title="Hemligt utkast")
    add_row(flen, draft.versions.get(), measure="Utkastrad")
    assert client.get(url).status_code == 404
    unpublished = decided_plan(flen, public=False, title="Opublicerad plan")
    assert client.get(url).status_code == 404
    s.action_plan_publish(actor=flen.coordinator, version=unpublished.versions.get(), public=True)
    follow_up = s.round_open(
        actor=flen.coordinator, plan=unpublished, title="Öppen runda", as_of=dt.date(2025, 9, 1)
    )
    row = follow_up.version.rows.first()
    s.row_report(
        actor=flen.coordinator, follow_up=follow_up, row=row, rating="red", note="Intern anteckning"
    )
    body = client.get(url).content.decode()
    assert "Opublicerad plan" in body
    assert "Hemligt utkast" not in body and "Utkastrad" not in body
    assert "Intern anteckning" not in body and "Öppen runda" not in body
    assert "badge--status-red" not in body
    assert "Opublicerad plan" in client.get(f"/k/{flen.municipality.code}/").content.decode()
    # another municipality's public page does not show it
    assert client.get(f"/k/{world.degerfors.municipality.code}/atgardsplan/").status_code == 404


def test_pdf_renders(client: Any, world: Any) -> None:
    plan = decided_plan(world.flen)
    client.force_login(world.flen.partner)
    response = client.get(_base(world.flen) + f"{plan.public_id}/pdf/")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"%PDF-")


def test_api_list_and_detail(client: Any, world: Any) -> None:
    from trygg.interventions.tests.helpers import make_intervention

    flen = world.flen
    picture = decided_picture(flen)
    plan = make_plan(flen, picture=picture)
    version = plan.versions.get()
    finding = findings_of(picture)[0]
    intervention = make_intervention(flen)
    row = add_row(flen, version, findings=[finding], interventions=[intervention])
    s.action_plan_decide(
        actor=flen.coordinator,
        version=version,
        deciding_body="KS",
        decision_date=dt.date(2025, 4, 14),
        diary_number="KS 1",
        paragraph="§ 2",
    )
    follow_up = s.round_open(
        actor=flen.coordinator, plan=plan, title="R", as_of=dt.date(2025, 9, 1)
    )
    s.row_report(actor=flen.coordinator, follow_up=follow_up, row=row, rating="green")
    client.force_login(flen.partner)
    code = flen.municipality.code
    data = client.get(f"/api/v1/action-plans/?municipality={code}").json()
    assert data["results"][0]["id"] == str(plan.public_id)
    detail = client.get(f"/api/v1/action-plans/{plan.public_id}/?municipality={code}").json()
    assert detail["rows"][0]["key"] == str(row.key)
    assert detail["rows"][0]["findings"] == [str(finding.key)]
    assert detail["rows"][0]["interventions"] == [str(intervention.public_id)]
    assert detail["rows"][0]["status"] is None  # the round is still open
    assert detail["latest_follow_up"] is None
    s.round_complete(actor=flen.coordinator, follow_up=follow_up)
    detail = client.get(
        f"/api/v1/action-plans/{plan.public_id}/?municipality={code}&version=1"
    ).json()
    assert detail["rows"][0]["status"]["rating"] == "green"
    assert (
        client.get(
            f"/api/v1/action-plans/{plan.public_id}/?municipality={code}&version=x"
        ).status_code
        == 404
    )
    client.force_login(world.degerfors.coordinator)
    other = world.degerfors.municipality.code
    assert (
        client.get(f"/api/v1/action-plans/{plan.public_id}/?municipality={other}").status_code
        == 404
    )


def test_hostile_numbers_are_404(client: Any, world: Any) -> None:
    flen = world.flen
    plan = decided_plan(flen)
    client.force_login(flen.coordinator)
    huge = "99999999999999999999"
    base = _base(flen) + f"{plan.public_id}/"
    assert client.get(base + f"?version={huge}").status_code == 404
    assert client.get(base + "?version=-1").status_code == 404
    assert client.get(base + f"rows/{huge}/edit/").status_code in (302, 404)
    code = flen.municipality.code
    api = f"/api/v1/action-plans/{plan.public_id}/?municipality={code}&version={huge}"
    assert client.get(api).status_code == 404
    draft = make_plan(flen)
    assert client.get(_base(flen) + f"{draft.public_id}/rows/{huge}/edit/").status_code == 404
