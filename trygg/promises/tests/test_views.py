"""The promises pages as their users meet them: bad input answers in Swedish and saves
nothing; each party sees a form only for its own part."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from trygg.promises import services
from trygg.promises.models import AgreementVersion, ItemReport, Promise, PromiseItem
from trygg.promises.tests.helpers import make_promise, published_promise

pytestmark = pytest.mark.django_db


def _url(tenant: Any, suffix: str = "") -> str:
    return f"/m/{tenant.municipality.code}/promises/{suffix}"


def test_a_promise_of_three_years_is_refused_in_swedish(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    response = client.post(
        _url(world.flen, "new/"),
        {"first_year": "2025", "last_year": "2027", "title": "Tre år"},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 200
    assert "Ett medborgarlöfte gäller i ett eller två år." in response.content.decode()
    assert not Promise.objects.exists()


def test_a_year_in_letters_is_refused(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    response = client.post(
        _url(world.flen, "new/"),
        {"first_year": "tjugotjugofem", "last_year": "2025", "title": "X"},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 200 and not Promise.objects.exists()


def test_the_item_form_checks_the_target(client: Any, world: Any) -> None:
    flen = world.flen
    promise = make_promise(flen)
    client.force_login(flen.coordinator)
    response = client.post(
        _url(flen, f"{promise.public_id}/items/new/"),
        {
            "text": "Andelen trygga ska öka",
            "responsible": "both",
            "indicator_type": "share",
            "target_value": "150",
            "target_direction": "at_least",
        },
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 200
    assert not PromiseItem.objects.exists()
    response = client.post(
        _url(flen, f"{promise.public_id}/items/new/"),
        {
            "text": "Minst två vandringar",
            "responsible": "both",
            "indicator_type": "count",
            "target_value": "2,0",
            "target_direction": "at_least",
            "deadline": "2026-02-30",
        },
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert "Datumet finns inte" in response.content.decode()
    response = client.post(
        _url(flen, f"{promise.public_id}/items/new/"),
        {
            "text": "Minst två vandringar",
            "responsible": "both",
            "indicator_type": "count",
            "target_value": "2,0",
            "target_direction": "at_least",
            "deadline": "2026-10-31",
        },
    )
    assert response.status_code == 302
    assert PromiseItem.objects.get().target_value == 2


def test_the_police_may_only_choose_police_items(client: Any, world: Any) -> None:
    flen = world.flen
    promise = make_promise(flen)
    client.force_login(flen.police)
    page = client.get(_url(flen, f"{promise.public_id}/items/new/")).content.decode()
    assert 'value="police"' in page and 'value="municipality"' not in page
    response = client.post(
        _url(flen, f"{promise.public_id}/items/new/"),
        {"text": "Kommunens löfte", "responsible": "municipality", "indicator_type": "done"},
    )
    assert response.status_code == 200 and not PromiseItem.objects.exists()
    response = client.post(
        _url(flen, f"{promise.public_id}/items/new/"),
        {"text": "Fotpatrull vid stationen", "responsible": "police", "indicator_type": "done"},
    )
    assert response.status_code == 302 and PromiseItem.objects.get().responsible == "police"


def test_each_party_gets_a_form_for_its_own_part_only(client: Any, world: Any) -> None:
    flen = world.flen
    promise = published_promise(flen)
    follow_up = services.round_open(
        actor=flen.coordinator,
        promise=promise,
        title="Uppföljning 2025",
        as_of=dt.date(2025, 12, 31),
    )
    url = _url(flen, f"{promise.public_id}/rounds/{follow_up.public_id}/")
    client.force_login(flen.police)
    page = client.get(url).content.decode()
    # the police item and the joint item: two forms, each for the police
    assert page.count('name="party" value="police"') == 3  # two reports + the sign-off
    assert 'name="party" value="municipality"' not in page
    police_item = promise.versions.get().items.get(responsible="police")
    response = client.post(
        url + "report/",
        {
            "item": police_item.pk,
            "party": "police",
            f"i{police_item.pk}-police-done": "Fotpatrull de flesta fredagar.",
        },
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 400  # no rating chosen
    assert "Välj grön, gul eller röd." in response.content.decode()
    response = client.post(
        url + "report/",
        {
            "item": police_item.pk,
            "party": "police",
            f"i{police_item.pk}-police-done": "Fotpatrull de flesta fredagar.",
            f"i{police_item.pk}-police-rating": "green",
        },
    )
    assert response.status_code == 302
    assert ItemReport.objects.get().reported_by == flen.police
    # the coordinator cannot post the police's part
    client.force_login(flen.coordinator)
    response = client.post(
        url + "report/",
        {
            "item": police_item.pk,
            "party": "police",
            f"i{police_item.pk}-police-done": "Ändrat av kommunen.",
            f"i{police_item.pk}-police-rating": "red",
        },
    )
    assert response.status_code == 403
    assert ItemReport.objects.get().done == "Fotpatrull de flesta fredagar."


def test_the_agreement_form_keeps_what_was_typed_on_error(client: Any, world: Any) -> None:
    flen = world.flen
    client.force_login(flen.coordinator)
    data = {
        "title": "Samverkan 2025",
        "period_start": "2025-06-01",
        "period_end": "2024-06-01",
        "focus_areas": "Centrum",
        "party-TOTAL_FORMS": "2",
        "party-INITIAL_FORMS": "0",
        "party-0-name": "Flens kommun",
        "party-1-name": "Polisen",
        "signatory-TOTAL_FORMS": "1",
        "signatory-INITIAL_FORMS": "0",
        "signatory-0-name": "Anna Andersson",
        "signatory-0-title": "",
    }
    response = client.post(_url(flen, "agreements/new/"), data, HTTP_ACCEPT_LANGUAGE="sv")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Slutet måste ligga efter starten." in body
    assert "Anna Andersson" in body
    assert not AgreementVersion.objects.exists()
    data.update({"period_end": "2027-06-01", "signatory-0-title": "Kommunstyrelsens ordförande"})
    response = client.post(_url(flen, "agreements/new/"), data)
    assert response.status_code == 302
    version = AgreementVersion.objects.get()
    assert [p.name for p in version.parties.all()] == ["Flens kommun", "Polisen"]


def test_only_a_pdf_is_attached(client: Any, world: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    flen = world.flen
    agreement = services.agreement_create(
        actor=flen.coordinator,
        municipality=flen.municipality,
        values={
            "title": "Avtal",
            "period_start": dt.date(2025, 1, 1),
            "period_end": dt.date(2026, 1, 1),
            "focus_areas": "Centrum",
        },
        parties=[services.PartyInput("Kommunen"), services.PartyInput("Polisen")],
    )
    client.force_login(flen.coordinator)
    url = _url(flen, f"agreements/{agreement.public_id}/document/")
    fake = SimpleUploadedFile("avtal.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {"document": fake}, follow=True, HTTP_ACCEPT_LANGUAGE="sv")
    assert "Bifoga den undertecknade överenskommelsen som pdf-fil." in response.content.decode()
    assert not agreement.versions.get().document
    response = client.post(url, {"document": SimpleUploadedFile("avtal.pdf", b"%PDF-1.7\n%%EOF")})
    assert response.status_code == 302
    download = client.get(_url(flen, f"agreements/{agreement.public_id}/document/1/"))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store"


def test_a_fold_out_form_keeps_what_was_typed_and_shows_the_error_at_its_field(
    client: Any, world: Any
) -> None:
    flen = world.flen
    promise = make_promise(flen)
    client.force_login(flen.coordinator)
    note = "Underlag " + "x" * 5000
    response = client.post(
        _url(flen, f"{promise.public_id}/basis/"),
        {"kind": "walks", "note": note},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="form-basis" open' in page  # the fold-out stays open
    assert 'id="id_note_errors"' in page  # the error sits at the field
    assert note in page  # nothing typed is lost
    assert not promise.versions.get().basis.exists()


def test_publishing_a_follow_up_asks_first(client: Any, world: Any) -> None:
    flen = world.flen
    promise = published_promise(flen)
    follow_up = services.round_open(
        actor=flen.coordinator,
        promise=promise,
        title="Uppföljning 2025",
        as_of=dt.date(2025, 12, 31),
    )
    url = _url(flen, f"{promise.public_id}/rounds/{follow_up.public_id}/publish/")
    client.force_login(flen.coordinator)
    # not every party has signed off: no confirmation, back to the round with the reason
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 302
    for item in promise.versions.get().items.all():
        for party in item.reporting_parties():
            actor = flen.police if party == "police" else flen.coordinator
            services.item_report(
                actor=actor,
                follow_up=follow_up,
                item=item,
                party=party,
                done="Klart.",
                rating="green",
            )
    for party, actor in (("police", flen.police), ("municipality", flen.coordinator)):
        services.round_sign_off(
            actor=actor, follow_up=follow_up, party=party, name="Eva Ek", title="Chef"
        )
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "kan inte ändras" in page and "Eva Ek" in page
    follow_up.refresh_from_db()
    assert follow_up.status == "open"  # asking published nothing
    assert client.post(url).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.status == "published"
