"""The promises API (/api/v1/agreements/, /api/v1/promises/): the same reads as the staff
pages, scoped to the municipality; a party reports its own items through the follow-up
service (docs/promises-api.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from trygg.accounts.models import Membership, User
from trygg.core.models import AuditEvent
from trygg.promises import services
from trygg.promises.models import FollowUpRound, ItemReport, Promise
from trygg.promises.tests.helpers import item_values, make_promise, published_promise

pytestmark = pytest.mark.django_db

PNR = "19811218–9876"  # a personnummer written with an en dash


def api(user: Any, language: str = "sv") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language, raise_request_exception=False)
    client.force_authenticate(user)
    return client


def _q(tenant: Any, extra: str = "") -> str:
    return f"?municipality={tenant.municipality.code}{extra}"


def _open_round(tenant: Any, promise: Promise) -> FollowUpRound:
    return services.round_open(
        actor=tenant.coordinator,
        promise=promise,
        title="Uppföljning 2026",
        as_of=min(dt.date(promise.last_year, 12, 31), timezone.localdate()),
    )


def _reports_url(tenant: Any, promise: Promise, follow_up: FollowUpRound) -> str:
    return f"/api/v1/promises/{promise.public_id}/rounds/{follow_up.public_id}/reports/{_q(tenant)}"


def _item(promise: Promise, responsible: str) -> Any:
    return promise.versions.get(state="published").items.get(responsible=responsible)


def _signed_agreement(tenant: Any) -> Any:
    agreement = services.agreement_create(
        actor=tenant.coordinator,
        municipality=tenant.municipality,
        values={
            "title": "Samverkansöverenskommelse 2025–2027",
            "period_start": dt.date(2025, 1, 1),
            "period_end": dt.date(2027, 12, 31),
            "focus_areas": "Stationsområdet\nSveaparken",
            "summary": "Kommunen och polisen samverkar.",
        },
        parties=[
            services.PartyInput("Kommunen", "Två fältassistenter", tenant.org_municipal),
            services.PartyInput("Polisen", "Kommunpolis på halvtid", tenant.org_police),
        ],
        signatories=[
            services.SignatoryInput("Anna Andersson", "Kommunstyrelsens ordförande", "Kommunen")
        ],
    )
    version = agreement.versions.get()
    services.agreement_attach_document(
        actor=tenant.coordinator,
        version=version,
        upload=SimpleUploadedFile("avtal.pdf", b"%PDF-1.4 hemligt innehall\n%%EOF"),
    )
    services.agreement_sign(actor=tenant.coordinator, version=version)
    return agreement


# --- agreements ----------------------------------------------------------------------------


def test_agreements_list_and_detail_never_hold_the_pdf(world: Any, settings: Any, tmp_path: Any):
    settings.MEDIA_ROOT = tmp_path
    flen = world.flen
    agreement = _signed_agreement(flen)
    services.agreement_new_version(
        actor=flen.coordinator, agreement=agreement, change_note="Ny period för polisen."
    )
    client = api(flen.partner)
    listed = client.get(f"/api/v1/agreements/{_q(flen)}")
    assert listed.status_code == 200, listed.content
    row = listed.json()["results"][0]
    assert row["id"] == str(agreement.public_id)
    assert row["current"]["number"] == 2 and row["current"]["state"] == "draft"
    assert row["signed_version"] == 1

    detail = client.get(f"/api/v1/agreements/{agreement.public_id}/{_q(flen, '&version=1')}")
    assert detail.status_code == 200, detail.content
    body = detail.json()
    version = body["version"]
    assert version["number"] == 1 and version["state"] == "published"
    assert version["focus_areas"] == ["Stationsområdet", "Sveaparken"]
    assert version["parties"][0] == {
        "name": "Kommunen",
        "organisation": {"id": str(flen.org_municipal.public_id), "name": flen.org_municipal.name},
        "resources": "Två fältassistenter",
    }
    assert version["signatories"][0]["name"] == "Anna Andersson"
    assert version["has_document"] is True
    assert [v["number"] for v in body["versions"]] == [2, 1]
    text = detail.content.decode()
    assert "%PDF" not in text and "agreements/" not in text  # neither bytes nor file path

    latest = client.get(f"/api/v1/agreements/{agreement.public_id}/{_q(flen)}").json()
    assert latest["version"]["number"] == 2
    assert latest["version"]["change_note"] == "Ny period för polisen."


def test_an_agreement_version_that_does_not_exist(world: Any, settings: Any, tmp_path: Any):
    settings.MEDIA_ROOT = tmp_path
    flen = world.flen
    agreement = _signed_agreement(flen)
    client = api(flen.coordinator)
    url = f"/api/v1/agreements/{agreement.public_id}/"
    missing = client.get(url + _q(flen, "&version=7"))
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Det finns ingen version 7."}
    bad = client.get(url + _q(flen, "&version=sju"))
    assert bad.status_code == 400 and "version" in bad.json()


# --- promises: reads -----------------------------------------------------------------------


def test_the_list_shows_drafts_to_promise_view_and_filters_by_status(world: Any):
    flen = world.flen
    draft = make_promise(flen, first_year=2027, last_year=2027, title="Utkast 2027")
    published = published_promise(flen)
    for user in (flen.partner, flen.police, flen.coordinator):
        response = api(user).get(f"/api/v1/promises/{_q(flen)}")
        assert response.status_code == 200, response.content
        ids = [row["id"] for row in response.json()["results"]]
        assert ids == [str(draft.public_id), str(published.public_id)]
    rows = api(flen.partner).get(f"/api/v1/promises/{_q(flen, '&status=published')}").json()
    assert [row["id"] for row in rows["results"]] == [str(published.public_id)]
    assert rows["results"][0]["published_version"] == 1
    assert rows["results"][0]["period"] == "2025–2026"
    bad = api(flen.partner, "sv").get(f"/api/v1/promises/{_q(flen, '&status=hemlig')}")
    assert bad.status_code == 400 and "status" in bad.json()


def test_reporters_may_not_read_promises(world: Any):
    flen = world.flen
    promise = published_promise(flen)
    client = api(flen.reporter)
    assert client.get(f"/api/v1/promises/{_q(flen)}").status_code == 403
    assert client.get(f"/api/v1/promises/{promise.public_id}/{_q(flen)}").status_code == 403
    assert client.get(f"/api/v1/agreements/{_q(flen)}").status_code == 403


def test_another_municipalitys_promise_is_404(world: Any):
    flen, degerfors = world.flen, world.degerfors
    theirs = published_promise(degerfors)
    client = api(flen.coordinator)
    # asked in Flen: not found there
    assert client.get(f"/api/v1/promises/{theirs.public_id}/{_q(flen)}").status_code == 404
    # asked in Degerfors: Flen's coordinator is no member there
    assert client.get(f"/api/v1/promises/{theirs.public_id}/{_q(degerfors)}").status_code == 404
    assert client.get(f"/api/v1/promises/{_q(degerfors)}").status_code == 404
    follow_up = _open_round(degerfors, theirs)
    post = client.post(
        _reports_url(flen, theirs, follow_up),
        {"item": str(_item(theirs, "municipality").key), "done": "Klart.", "rating": "green"},
        format="json",
    )
    assert post.status_code == 404
    assert not ItemReport.objects.exists()


def test_one_promise_with_items_progress_activities_and_rounds(world: Any):
    flen = world.flen
    promise = published_promise(flen)
    version = promise.versions.get()
    follow_up = _open_round(flen, promise)
    kommun = _item(promise, "municipality")
    services.item_report(
        actor=flen.coordinator,
        follow_up=follow_up,
        item=kommun,
        party="municipality",
        done="Tolv nya lampor.",
        outcome="Klart i oktober.",
        value="12",
        rating="green",
    )
    client = api(flen.police)
    response = client.get(f"/api/v1/promises/{promise.public_id}/{_q(flen)}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "published" and body["published_version"] == 1
    assert body["version"]["number"] == version.number
    items = body["version"]["items"]
    assert [i["responsible"] for i in items] == ["municipality", "police", "both"]
    assert items[2]["reporting_parties"] == ["municipality", "police"]
    assert items[0]["target_value"] == 2 and items[0]["target_direction"] == "at_least"
    assert items[0]["progress"] is None  # reported by hand
    (round_,) = body["rounds"]
    assert round_["status"] == "open" and round_["title"] == "Uppföljning 2026"
    (report,) = round_["reports"]
    assert report["item_key"] == str(kommun.key)
    assert report["party"] == "municipality" and report["value"] == 12
    assert "reported_by" not in report  # users are never named
    assert round_["signoffs"] == []


def test_progress_is_computed_where_the_item_points_at_data(world: Any, make_report: Any):
    flen = world.flen
    today = timezone.localdate()
    promise = make_promise(flen, first_year=today.year, last_year=today.year)
    services.item_save(
        actor=flen.coordinator,
        version=promise.versions.get(),
        values=item_values(
            text="Färre skadegörelser i centrum",
            responsible="both",
            measure="category_count",
            category=flen.categories["skadegorelse"],
            area=flen.centrum,
            target_direction="at_most",
            target_value=100,
            deadline=None,
        ),
    )
    response = api(flen.partner).get(f"/api/v1/promises/{promise.public_id}/{_q(flen)}")
    assert response.status_code == 200, response.content
    (item,) = response.json()["version"]["items"]
    progress = item["progress"]
    assert progress["measure"] == "category_count"
    assert progress["target"] in ("on_track", "open", "met", "not_met")
    assert item["category"]["code"] == "skadegorelse"
    assert item["area"]["name"] == "Centrum"


def test_a_version_of_the_promise(world: Any):
    flen = world.flen
    promise = published_promise(flen)
    services.promise_new_version(
        actor=flen.coordinator, promise=promise, change_note="Ny fotpatrull."
    )
    client = api(flen.partner, "sv")
    url = f"/api/v1/promises/{promise.public_id}/"
    latest = client.get(url + _q(flen)).json()
    assert latest["version"]["number"] == 2 and latest["version"]["state"] == "draft"
    assert [v["number"] for v in latest["versions"]] == [2, 1]
    first = client.get(url + _q(flen, "&version=1")).json()
    assert first["version"]["state"] == "published"
    missing = client.get(url + _q(flen, "&version=9"))
    assert missing.status_code == 404 and missing.json()["detail"] == "Det finns ingen version 9."
    for bad in ("x", "0", "-1", "1.5", "99999999999999999999"):
        response = client.get(url + _q(flen, f"&version={bad}"))
        assert response.status_code == 400, (bad, response.content)
        assert "version" in response.json()


# --- a party reports -----------------------------------------------------------------------


def test_each_party_reports_its_own_items(world: Any):
    flen = world.flen
    promise = published_promise(flen)
    follow_up = _open_round(flen, promise)
    url = _reports_url(flen, promise, follow_up)
    joint = _item(promise, "both")
    body = {"item": str(joint.key), "done": "En vandring i maj.", "rating": "yellow"}

    kommun = api(flen.coordinator).post(url, body, format="json")
    assert kommun.status_code == 201, kommun.content
    assert kommun.json()["party"] == "municipality"
    police = api(flen.police).post(url, {**body, "value": "1"}, format="json")
    assert police.status_code == 201, police.content
    assert police.json()["party"] == "police" and police.json()["value"] == 1
    # the partner speaks for neither party of the item
    partner = api(flen.partner).post(url, body, format="json")
    assert partner.status_code == 403
    # a coordinator does not report the police's part
    for_police = api(flen.coordinator).post(url, {**body, "party": "police"}, format="json")
    assert for_police.status_code == 403
    police_item = {"item": str(_item(promise, "police").key), "done": "x", "rating": "red"}
    assert api(flen.coordinator).post(url, police_item, format="json").status_code == 403
    # a correction answers 200 and keeps one report per party
    again = api(flen.coordinator).post(url, {**body, "rating": "green"}, format="json")
    assert again.status_code == 200 and again.json()["rating"] == "green"
    assert ItemReport.objects.filter(round=follow_up).count() == 2
    assert AuditEvent.objects.filter(action="promise.report").count() == 3


def test_a_named_partner_reports_its_item(world: Any):
    flen = world.flen
    member = User.objects.create_user(username="bovard.flen", password="pw-trygg-test-1")
    Membership.objects.create(
        user=member, organisation=flen.org_housing, municipality=flen.municipality, role="partner"
    )
    promise = make_promise(flen)
    version = promise.versions.get()
    partner_item = services.item_save(
        actor=flen.coordinator,
        version=version,
        values=item_values(
            text="Bostadsbolaget tar bort klotter inom ett dygn.",
            responsible="partner",
            partner=flen.org_housing,
        ),
    )
    services.promise_set_status(actor=flen.coordinator, promise=promise, status="agreed")
    services.promise_publish(actor=flen.coordinator, promise=promise)
    promise.refresh_from_db()
    follow_up = _open_round(flen, promise)
    url = _reports_url(flen, promise, follow_up)
    body = {"item": str(partner_item.key), "done": "Klottret togs bort.", "rating": "green"}
    assert api(flen.coordinator).post(url, body, format="json").status_code == 403
    assert api(flen.partner).post(url, body, format="json").status_code == 403
    response = api(member).post(url, body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["partner"] == {
        "id": str(flen.org_housing.public_id),
        "name": flen.org_housing.name,
    }
    detail = api(member).get(f"/api/v1/promises/{promise.public_id}/{_q(flen)}").json()
    assert detail["rounds"][0]["reports"][0]["partner"]["name"] == flen.org_housing.name


def test_a_personnummer_in_the_outcome_is_refused_per_field_in_swedish(world: Any):
    flen = world.flen
    promise = published_promise(flen)
    follow_up = _open_round(flen, promise)
    body = {
        "item": str(_item(promise, "municipality").key),
        "done": "Belysningen är bytt.",
        "outcome": f"Kontakt: {PNR}",
        "rating": "green",
    }
    response = api(flen.coordinator, "sv").post(
        _reports_url(flen, promise, follow_up), body, format="json"
    )
    assert response.status_code == 400, response.content
    errors = response.json()
    assert list(errors) == ["outcome"]
    assert "personnummer" in " ".join(errors["outcome"]).lower()
    assert not ItemReport.objects.exists()
    assert not AuditEvent.objects.filter(action="promise.report").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"item": "inte-ett-id"}, "item"),
        ({"item": "00000000-0000-0000-0000-000000000000"}, "item"),
        ({"rating": "blå"}, "rating"),
        ({"rating": None}, "rating"),
        ({"done": ""}, "done"),
        ({"done": "a\x00b"}, "done"),
        ({"done": "x" * 2001}, "done"),
        ({"value": "många"}, "value"),
        ({"value": "-3"}, "value"),
        ({"value": "1e400"}, "value"),
        ({"party": "polisen"}, "party"),
        ({"party": "police"}, "party"),  # the kommun item is not reported by the police
        *[({name: "a\x00b"}, name) for name in ("item", "party", "outcome", "value", "rating")],
    ],
)
def test_bad_input_answers_400_per_field(world: Any, change: dict[str, Any], field: str):
    flen = world.flen
    promise = published_promise(flen)
    follow_up = _open_round(flen, promise)
    body = {
        "item": str(_item(promise, "municipality").key),
        "done": "Belysningen är bytt.",
        "rating": "green",
        **change,
    }
    response = api(flen.coordinator, "sv").post(
        _reports_url(flen, promise, follow_up), body, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert not ItemReport.objects.exists()


@pytest.mark.parametrize("body", [[1, 2], "text", {"item": {"a": 1}}, None])
def test_a_body_that_is_no_report_answers_400(world: Any, body: Any):
    flen = world.flen
    promise = published_promise(flen)
    follow_up = _open_round(flen, promise)
    response = api(flen.coordinator).post(
        _reports_url(flen, promise, follow_up), body, format="json"
    )
    assert response.status_code == 400, response.content


def test_a_signed_off_part_and_a_published_round_answer_409(world: Any):
    flen = world.flen
    promise = published_promise(flen)
    follow_up = _open_round(flen, promise)
    url = _reports_url(flen, promise, follow_up)
    for responsible, user, party in (
        ("municipality", flen.coordinator, "municipality"),
        ("both", flen.coordinator, "municipality"),
        ("police", flen.police, "police"),
        ("both", flen.police, "police"),
    ):
        services.item_report(
            actor=user,
            follow_up=follow_up,
            item=_item(promise, responsible),
            party=party,
            done="Klart.",
            rating="green",
        )
    services.round_sign_off(
        actor=flen.coordinator,
        follow_up=follow_up,
        party="municipality",
        name="Anna Andersson",
        title="Trygghetssamordnare",
    )
    body = {"item": str(_item(promise, "municipality").key), "done": "Ändrat.", "rating": "red"}
    signed = api(flen.coordinator, "sv").post(url, body, format="json")
    assert signed.status_code == 409
    assert signed.json()["detail"] == "Er del är godkänd och kan inte längre ändras."
    # the police's part is still open
    police_body = {**body, "item": str(_item(promise, "police").key)}
    assert api(flen.police).post(url, police_body, format="json").status_code == 200
    services.round_sign_off(
        actor=flen.police,
        follow_up=follow_up,
        party="police",
        name="Per Persson",
        title="Kommunpolis",
    )
    services.round_publish(actor=flen.coordinator, follow_up=follow_up)
    published = api(flen.police, "sv").post(url, police_body, format="json")
    assert published.status_code == 409
    assert published.json()["detail"] == "Uppföljningen är publicerad och kan inte ändras."
    report = ItemReport.objects.get(round=follow_up, party="municipality", item_key=body["item"])
    assert report.done == "Klart."  # nothing changed


def test_a_draft_promise_has_no_items_to_report(world: Any):
    flen = world.flen
    promise = published_promise(flen)
    follow_up = _open_round(flen, promise)
    draft_item = services.item_save(
        actor=flen.coordinator,
        version=services.promise_new_version(
            actor=flen.coordinator, promise=promise, change_note="Ett löfte till."
        ),
        values=item_values(text="Ett nytt löfte i utkastet.", responsible="municipality"),
    )
    response = api(flen.coordinator).post(
        _reports_url(flen, promise, follow_up),
        {"item": str(draft_item.key), "done": "x", "rating": "green"},
        format="json",
    )
    assert response.status_code == 400 and "item" in response.json()


def test_an_unknown_round_is_404(world: Any):
    flen = world.flen
    promise = published_promise(flen)
    other = published_promise(flen, first_year=2024, last_year=2024)
    follow_up = _open_round(flen, other)
    response = api(flen.coordinator).post(
        _reports_url(flen, promise, follow_up),
        {"item": str(_item(promise, "municipality").key), "done": "x", "rating": "green"},
        format="json",
    )
    assert response.status_code == 404


def test_anonymous_requests_answer_401(world: Any):
    flen = world.flen
    client = APIClient()
    assert client.get(f"/api/v1/promises/{_q(flen)}").status_code == 401
    assert client.get(f"/api/v1/agreements/{_q(flen)}").status_code == 401


def test_the_lists_take_the_same_number_of_queries_for_more_rows(
    world: Any, settings: Any, tmp_path: Any
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.MEDIA_ROOT = tmp_path
    flen = world.flen
    client = api(flen.partner)

    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    published_promise(flen)
    _signed_agreement(flen)
    queries(f"/api/v1/promises/{_q(flen)}")  # warm up what is looked up once per process
    few = {p: queries(f"/api/v1/{p}/{_q(flen)}") for p in ("promises", "agreements")}
    for year in (2027, 2029):
        make_promise(flen, first_year=year, last_year=year)
        _signed_agreement(flen)
    many = {p: queries(f"/api/v1/{p}/{_q(flen)}") for p in ("promises", "agreements")}
    assert many == few


def test_interventions_the_reader_may_not_see_are_left_out(world: Any):
    from trygg.interventions.services import intervention_create

    flen = world.flen

    def intervention(title: str, visibility: str) -> Any:
        return intervention_create(
            actor=flen.coordinator,
            municipality=flen.municipality,
            title=title,
            type="lighting",
            owner=flen.org_municipal,
            visibility=visibility,
        )

    shared = intervention("Ny belysning i Sveaparken", "partners")
    restricted = intervention("Kameraövervakning vid stationen", "coordinators")
    promise = make_promise(flen)
    services.item_save(
        actor=flen.coordinator,
        version=promise.versions.get(),
        values=item_values(interventions=[shared, restricted]),
    )
    url = f"/api/v1/promises/{promise.public_id}/{_q(flen)}"

    def titles(user: Any) -> list[str]:
        (item,) = api(user).get(url).json()["version"]["items"]
        return sorted(i["title"] for i in item["interventions"])

    assert titles(flen.coordinator) == sorted([shared.title, restricted.title])
    assert titles(flen.police) == [shared.title]
