"""The lägesbild pages end to end: create, edit, sources, figures, findings, decide, publish,
new version, the PDF, the public page (drafts never, small counts suppressed) and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from trygg.core.weeks import STOCKHOLM
from trygg.plans.models import CrimePicture
from trygg.plans.services import picture as services
from trygg.plans.tests.picture_helpers import decide, decided_picture, make_picture, ready_picture

pytestmark = pytest.mark.django_db

SV = {"HTTP_ACCEPT_LANGUAGE": "sv"}


def url(tenant: Any, suffix: str = "") -> str:
    return f"/m/{tenant.municipality.code}/plans/crime-pictures/{suffix}"


def purl(tenant: Any, picture: CrimePicture, suffix: str = "") -> str:
    return url(tenant, f"{picture.public_id}/{suffix}")


def test_create_edit_and_the_whole_flow(client: Any, world: Any) -> None:
    flen = world.flen
    client.force_login(flen.coordinator)
    response = client.post(
        url(flen, "new/"),
        {"title": "Lägesbild 2024", "period_start": "2024-01-01", "period_end": "2024-12-31"},
        **SV,
    )
    assert response.status_code == 302
    picture = CrimePicture.objects.get()
    detail = client.get(response["Location"], **SV).content.decode()
    assert "Lägesbild 2024" in detail and "Utkast" in detail
    response = client.post(
        purl(flen, picture, "edit/"),
        {
            "title": "Lägesbild 2024",
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
            "part_mapping": "Kartläggning.",
            "part_other": "Annat.",
            "part_analysis": "Analys.",
            "position_on_measures": "Åtgärder behövs.",
        },
        **SV,
    )
    assert response.status_code == 302
    assert (
        client.post(
            purl(flen, picture, "sources/"), {"kind": "est", "name": "EST i Trygg"}, **SV
        ).status_code
        == 302
    )
    assert (
        client.post(
            purl(flen, picture, "figures/"), {"kind": "annual_areas", "part": "1"}, **SV
        ).status_code
        == 302
    )
    assert (
        client.post(
            purl(flen, picture, "findings/"), {"text": "Klotter i centrum"}, **SV
        ).status_code
        == 302
    )
    page = client.get(purl(flen, picture), **SV).content.decode()
    assert "Källa: EST-rapporter" not in page  # the figure has no source row: its default
    assert "Källa: Trygg" in page and "Klotter i centrum" in page
    confirm = client.get(purl(flen, picture, "decide/"), **SV)
    assert confirm.status_code == 200 and "Anteckna beslutet" in confirm.content.decode()
    response = client.post(
        purl(flen, picture, "decide/"),
        {
            "deciding_body": "Kommunfullmäktige",
            "decision_date": "2025-03-24",
            "diary_number": "KS 2025/41",
            "paragraph": "§ 28",
        },
        **SV,
    )
    assert response.status_code == 302
    version = picture.versions.get()
    assert version.state == "decided" and version.figures.get().data is not None
    # decided: the edit pages send back to the picture
    assert client.get(purl(flen, picture, "edit/")).status_code == 302
    response = client.post(purl(flen, picture, "publish/"), {"version": "1", "public": "1"})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.is_public
    response = client.post(purl(flen, picture, "new-version/"), {"change_note": "Höstens siffror"})
    assert response.status_code == 302 and picture.versions.count() == 2


def test_forms_show_errors_next_to_the_fields(client: Any, world: Any) -> None:
    flen = world.flen
    client.force_login(flen.coordinator)
    response = client.post(
        url(flen, "new/"),
        {"title": "", "period_start": "2024-02-30", "period_end": "x"},
        **SV,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ge lägesbilden en rubrik." in body and "Datumet finns inte" in body
    picture = make_picture(flen)
    response = client.post(purl(flen, picture, "figures/"), {"kind": "nope", "part": "9"}, **SV)
    assert response.status_code == 200 and "Välj i listan." in response.content.decode()
    response = client.post(purl(flen, picture, "figures/"), {"kind": "hot_spots", "year": "x"})
    assert response.status_code == 200
    response = client.post(
        purl(flen, picture, "decide/"),
        {
            "deciding_body": "KF",
            "decision_date": "2025-01-01",
            "diary_number": "KS 1",
            "paragraph": "§ 1",
        },
        **SV,
    )
    body = response.content.decode()
    assert response.status_code == 200 and "inte redo att beslutas" in body
    assert "Skriv del 1" in body
    assert client.post(purl(flen, picture, "sources/99999/remove/")).status_code == 404
    assert client.post(purl(flen, picture, "publish/"), {"version": "x"}).status_code == 404


def test_pii_in_a_form_is_refused_in_swedish(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    picture = make_picture(world.flen)
    response = client.post(
        purl(world.flen, picture, "findings/"), {"text": "Ring 19121212–1212"}, **SV
    )
    assert response.status_code == 200 and "personnummer" in response.content.decode()
    assert not picture.versions.get().findings.exists()


def test_other_municipality_gets_404(client: Any, world: Any) -> None:
    picture = make_picture(world.flen)
    client.force_login(world.degerfors.coordinator)
    other = f"/m/{world.degerfors.municipality.code}/plans/crime-pictures/{picture.public_id}/"
    assert client.get(other).status_code == 404
    assert client.get(purl(world.flen, picture)).status_code in (403, 404)


def test_pdf_renders(client: Any, world: Any) -> None:
    picture = decided_picture(world.flen)
    client.force_login(world.flen.partner)
    response = client.get(purl(world.flen, picture, "pdf/"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")


# --- the public page --------------------------------------------------------------------------


def test_drafts_and_unpublished_versions_never_appear(client: Any, world: Any) -> None:
    flen = world.flen
    public = f"/k/{flen.municipality.code}/lagesbild/"
    ready_picture(flen)
    assert client.get(public).status_code == 404
    picture = decided_picture(flen)
    assert client.get(public).status_code == 404  # decided but not published
    version = picture.versions.get()
    services.picture_publish(actor=flen.coordinator, version=version)
    page = client.get(public, **SV)
    assert page.status_code == 200 and "KS 2025/41" in page.content.decode()
    # a new draft of it does not show, nor does its change note
    services.picture_new_version(actor=flen.coordinator, picture=picture, change_note="Hemligt")
    services.picture_update(
        actor=flen.coordinator,
        version=picture.versions.get(number=2),
        values={"part_analysis": "Utkasttext"},
    )
    body = client.get(public + "?x=1", **SV).content.decode()
    assert "Utkasttext" not in body and "Hemligt" not in body
    assert client.get(public + f"?id={picture.public_id}&version=2").status_code == 404
    start = client.get(f"/k/{flen.municipality.code}/", **SV).content.decode()
    assert "/lagesbild/" in start
    assert client.get(f"/k/{world.degerfors.municipality.code}/lagesbild/").status_code == 404
    pdf = client.get(public + "pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")


def test_public_page_suppresses_small_counts(client: Any, world: Any, make_report: Any) -> None:
    flen = world.flen
    for day in (3, 4):
        make_report(occurred_start=dt.datetime(2024, 5, day, 12, tzinfo=STOCKHOLM))
    picture = decided_picture(flen, public=True)
    client.force_login(flen.coordinator)
    staff = client.get(purl(flen, picture), **SV).content.decode()
    client.logout()
    public = client.get(f"/k/{flen.municipality.code}/lagesbild/", **SV).content.decode()
    assert '<td class="num">2</td>' in staff
    assert '<td class="num">2</td>' not in public and "&lt; 5" in public


# --- API -------------------------------------------------------------------------------------


def test_api_list_and_detail(client: Any, world: Any) -> None:
    flen = world.flen
    picture = decided_picture(flen)
    services.picture_new_version(actor=flen.coordinator, picture=picture, change_note="Ny")
    client.force_login(flen.partner)
    code = flen.municipality.code
    listing = client.get(f"/api/v1/crime-pictures/?municipality={code}").json()
    assert listing["count"] == 1
    row = listing["results"][0]
    assert row["in_force"]["number"] == 1 and row["working"]["number"] == 2
    detail = client.get(f"/api/v1/crime-pictures/{picture.public_id}/?municipality={code}").json()
    version = detail["version"]
    assert version["number"] == 1 and version["state"] == "decided"
    assert version["figures"][0]["frozen"] is True
    assert version["figures"][0]["table"]["kind"] == "annual_categories"
    assert version["figures"][0]["source_text"] == "EST-rapporter i Trygg, 2024"
    assert [f["text"] for f in version["findings"]] == [
        "Narkotika vid stationen",
        "Klotter i centrum",
    ]
    keys = [f["key"] for f in version["findings"]]
    draft = client.get(
        f"/api/v1/crime-pictures/{picture.public_id}/?municipality={code}&version=2"
    ).json()["version"]
    assert draft["state"] == "draft" and [f["key"] for f in draft["findings"]] == keys
    assert (
        client.get(
            f"/api/v1/crime-pictures/{picture.public_id}/?municipality={code}&version=9"
        ).status_code
        == 404
    )
    client.force_login(world.degerfors.coordinator)
    other = world.degerfors.municipality.code
    assert (
        client.get(f"/api/v1/crime-pictures/{picture.public_id}/?municipality={other}").status_code
        == 404
    )
    client.force_login(flen.reporter)
    assert client.get(f"/api/v1/crime-pictures/?municipality={code}").status_code == 403


def test_superseded_version_after_second_decision(world: Any) -> None:
    flen = world.flen
    picture = decided_picture(flen, public=True)
    second = services.picture_new_version(actor=flen.coordinator, picture=picture, change_note="Ny")
    decide(flen, second, decision_date=dt.date(2025, 6, 1))
    first = picture.versions.get(number=1)
    assert first.state == "superseded" and first.is_public


def test_second_version_edit_shows_the_change_note_error_by_its_field(
    client: Any, world: Any
) -> None:
    flen = world.flen
    picture = decided_picture(flen)
    services.picture_new_version(actor=flen.coordinator, picture=picture, change_note="Ny")
    client.force_login(flen.coordinator)
    response = client.post(
        purl(flen, picture, "edit/"),
        {
            "title": "Lägesbild 2024",
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
            "change_note": "Ring 19121212–1212",
        },
        **SV,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_change_note_errors"' in body and "personnummer" in body
    assert picture.versions.get(number=2).change_note == "Ny"
