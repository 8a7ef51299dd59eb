"""The pages: upload -> preview -> confirm, bad uploads, Kolada, the series page, the API."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from trygg.core.models import AuditEvent
from trygg.plans import kolada, views_statistics
from trygg.plans.models import StatisticDraft, StatisticImport, StatisticValue
from trygg.plans.statistics_files import BRA_TEMPLATE
from trygg.plans.tests.helpers import ROUTES, FakeOpener

pytestmark = pytest.mark.django_db


def url(tenant, suffix=""):
    return f"/m/{tenant.municipality.code}/plans/statistics/{suffix}"


def upload(client, tenant, content: bytes, name="brott.csv"):
    return client.post(
        url(tenant, "import/"),
        {"action": "file", "source": "bra", "file": SimpleUploadedFile(name, content)},
        HTTP_ACCEPT_LANGUAGE="sv",
    )


def test_upload_preview_confirm(client, world) -> None:
    flen = world.flen
    client.force_login(flen.coordinator)
    response = upload(client, flen, BRA_TEMPLATE.encode())
    assert response.status_code == 302
    draft = StatisticDraft.objects.get()
    preview = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="sv")
    body = preview.content.decode()
    assert "3 nya, 0 uppdaterade, 0 oförändrade" in body and "Skadegörelsebrott" in body
    assert not StatisticValue.objects.exists()
    # another user cannot see or confirm the draft
    client.force_login(world.flen.partner)
    assert client.get(response["Location"]).status_code == 403
    client.force_login(flen.coordinator)
    done = client.post(response["Location"], {"action": "confirm", "note": "Brå 2024"})
    assert done.status_code == 302 and done["Location"] == url(flen)
    assert StatisticValue.objects.count() == 3 and not StatisticDraft.objects.exists()
    assert StatisticImport.objects.get().note == "Brå 2024"
    assert AuditEvent.objects.filter(action="statistics.import").count() == 1
    page = client.get(url(flen), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Källa: Brå" in page and "Södermanlands län" in page and "brott.csv" in page
    assert "1 880,5" in page or "1\xa0880,5" in page
    # the same file again: unchanged
    again = upload(client, flen, BRA_TEMPLATE.encode())
    assert "0 nya, 0 uppdaterade, 3 oförändrade" in client.get(again["Location"]).content.decode()
    assert draft.pk != StatisticDraft.objects.get().pk


def test_cancel_saves_nothing(client, world) -> None:
    client.force_login(world.flen.coordinator)
    response = upload(client, world.flen, BRA_TEMPLATE.encode())
    client.post(response["Location"], {"action": "cancel"})
    assert not StatisticDraft.objects.exists() and not StatisticValue.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "needle"),
    [
        (b"", "a.csv", "tom"),
        (b"\x00\x01\x02garbage", "a.csv", "NUL"),
        (b"PK\x03\x04broken", "a.xlsx", "Excel"),
        (b"Namn;Telefon\nA;B\n", "a.csv", "Kolumnerna kändes inte igen"),
    ],
)
def test_bad_files_are_explained_and_save_nothing(client, world, content, name, needle) -> None:
    client.force_login(world.flen.coordinator)
    response = upload(client, world.flen, content, name)
    assert response.status_code == 200
    assert needle in response.content.decode()
    assert not StatisticDraft.objects.exists()


def test_bad_rows_listed_with_row_and_column(client, world) -> None:
    client.force_login(world.flen.coordinator)
    content = "Kommun;Brott;År;Antal\nFlen;Stöld;2024;-3\nAtlantis;Stöld;2024;3\n".encode()
    response = upload(client, world.flen, content)
    body = response.content.decode()
    assert response.status_code == 200 and "2 fel – inget har importerats" in body
    assert "Okänd kommun eller region: ”Atlantis”" in body and "negativt" in body
    assert not StatisticDraft.objects.exists()


def test_tampered_or_foreign_draft_is_404(client, world) -> None:
    client.force_login(world.flen.coordinator)
    response = upload(client, world.flen, BRA_TEMPLATE.encode())
    draft = StatisticDraft.objects.get()
    other = world.degerfors.coordinator
    client.force_login(other)
    assert client.get(response["Location"]).status_code == 404
    assert client.get(url(world.degerfors, f"import/{draft.public_id}/")).status_code == 404


def test_kolada_fetch(client, world, monkeypatch) -> None:
    opener = FakeOpener(ROUTES)
    monkeypatch.setattr(
        views_statistics,
        "kolada_client",
        lambda: kolada.KoladaClient(site_url="http://test", opener=opener),
    )
    client.force_login(world.flen.coordinator)
    response = client.post(
        url(world.flen, "import/"),
        {"action": "kolada", "kpis": "n07403", "year_from": 2022, "year_to": 2023},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.post(response["Location"], {"action": "confirm"})
    assert StatisticValue.objects.filter(source="kolada").count() == 4
    assert StatisticImport.objects.get().file_name == "Kolada API"
    page = client.get(url(world.flen), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Källa: Kolada" in page and "Riket" in page


def test_kolada_error_is_shown(client, world, monkeypatch) -> None:
    opener = FakeOpener({**ROUTES, "https://api.kolada.se/v2/kpi/N07403": 500})
    monkeypatch.setattr(
        views_statistics,
        "kolada_client",
        lambda: kolada.KoladaClient(site_url="http://test", opener=opener),
    )
    client.force_login(world.flen.coordinator)
    response = client.post(
        url(world.flen, "import/"),
        {"action": "kolada", "kpis": "N07403", "year_from": 2022, "year_to": 2023},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 200 and "HTTP 500" in response.content.decode()


def test_templates_download(client, world) -> None:
    client.force_login(world.flen.coordinator)
    response = client.get(url(world.flen, "template/bra.csv"))
    assert response["Content-Type"].startswith("text/csv") and b"Brottskategori" in response.content
    assert client.get(url(world.flen, "template/nope.csv")).status_code == 404


def test_api_lists_and_filters(client, world) -> None:
    client.force_login(world.flen.coordinator)
    response = upload(client, world.flen, BRA_TEMPLATE.encode())
    client.post(response["Location"], {"action": "confirm"})
    client.force_login(world.flen.partner)
    base = f"/api/v1/statistics/?municipality={world.flen.municipality.code}"
    data = client.get(base).json()
    assert data["count"] == 3
    county = client.get(base + "&region_kind=county").json()["results"]
    assert [v["region_code"] for v in county] == ["0004"]
    assert client.get(base + "&source=kolada").json()["count"] == 0
    client.force_login(world.degerfors.coordinator)
    assert (
        client.get(f"/api/v1/statistics/?municipality={world.degerfors.municipality.code}").json()[
            "count"
        ]
        == 0
    )


def test_other_regions_are_left_out_and_said(client, world) -> None:
    client.force_login(world.flen.coordinator)
    content = "Kommun;Brott;År;Antal\nFlen;Stöld;2024;3\nKatrineholm;Stöld;2024;30\n".encode()
    response = upload(client, world.flen, content)
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "1 nya" in page and "1 rad om en annan kommun eller ett annat län togs inte med" in page
    only_other = "Kommun;Brott;År;Antal\nKatrineholm;Stöld;2024;30\n".encode()
    response = upload(client, world.flen, only_other)
    assert response.status_code == 200 and "inga siffror för kommunen" in response.content.decode()


def test_zip_bomb_is_refused_unread(client, world) -> None:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (101 * 1024 * 1024))
    client.force_login(world.flen.coordinator)
    response = upload(client, world.flen, out.getvalue(), "bomb.xlsx")
    assert response.status_code == 200 and "för stor" in response.content.decode()
