"""Report list, map (+ GeoJSON), detail and photo: permissions, visibility, filters, queries."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from trygg.core.weeks import IsoWeek

pytestmark = pytest.mark.django_db

FLEN = "0482"


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """The world fixture creates nine users; PBKDF2 makes that take seconds per test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def url(name, *args, code=FLEN):
    return reverse(f"reports:{name}", args=[code, *args])


# ---------------------------------------------------------------------------------------------
# Permissions


@pytest.mark.parametrize("name", ["list", "map", "map_data"])
def test_anonymous_is_sent_to_login(client, world, name):
    response = client.get(url(name))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("name", ["list", "map", "map_data"])
def test_other_municipality_gets_404(client, world, name):
    client.force_login(world.degerfors.coordinator)
    assert client.get(url(name)).status_code == 404


@pytest.mark.parametrize("name", ["list", "map", "map_data"])
def test_reporter_is_forbidden(client, world, name):
    client.force_login(world.flen.reporter)
    assert client.get(url(name)).status_code == 403


@pytest.mark.parametrize("who", ["partner", "police", "coordinator"])
@pytest.mark.parametrize("name", ["list", "map", "map_data"])
def test_partners_and_coordinators_may_browse(client, world, who, name):
    client.force_login(getattr(world.flen, who))
    assert client.get(url(name)).status_code == 200


def test_detail_of_other_municipality_is_404(client, world, make_report):
    report = make_report(world.degerfors)
    client.force_login(world.flen.coordinator)
    assert client.get(url("detail", report.public_id)).status_code == 404
    # not even through the other municipality's code for a Flen user
    assert client.get(url("detail", report.public_id, code="1862")).status_code == 404


# ---------------------------------------------------------------------------------------------
# Visibility: coordinator-only reports of another organisation stay hidden from partners


@pytest.fixture
def restricted(world, make_report):
    """A coordinators-only report by the housing company (not the partner's organisation)."""
    return make_report(visibility="coordinators", description="Endast för samordnare.")


def test_partner_does_not_see_restricted_report_anywhere(client, world, make_report, restricted):
    shared = make_report(category=world.flen.categories["klotter"])
    client.force_login(world.flen.partner)

    listing = client.get(url("list"))
    assert listing.status_code == 200
    ids = {r.public_id for r in listing.context["reports"]}
    assert shared.public_id in ids
    assert restricted.public_id not in ids
    assert str(restricted.public_id) not in listing.content.decode()

    data = client.get(url("map_data")).json()
    feature_ids = {f["properties"]["id"] for f in data["features"]}
    assert str(shared.public_id) in feature_ids
    assert str(restricted.public_id) not in feature_ids

    assert client.get(url("detail", restricted.public_id)).status_code == 404
    assert client.get(url("detail", shared.public_id)).status_code == 200


def test_coordinator_sees_restricted_report(client, world, restricted):
    client.force_login(world.flen.coordinator)
    listing = client.get(url("list"))
    assert restricted.public_id in {r.public_id for r in listing.context["reports"]}
    response = client.get(url("detail", restricted.public_id))
    assert response.status_code == 200
    assert "Endast för samordnare." in response.content.decode()


def test_partner_does_not_see_rejected_reports_of_others(client, world, make_report):
    from trygg.reports.services import report_review

    report = make_report()
    report_review(
        actor=world.flen.coordinator,
        report=report,
        decision="reject",
        rejection_reason="Inte en trygghetshändelse.",
    )
    client.force_login(world.flen.police)
    assert client.get(url("detail", report.public_id)).status_code == 404


# ---------------------------------------------------------------------------------------------
# List: filters, columns, pagination, query count


def test_list_filters(client, world, make_report):
    flen = world.flen
    now = timezone.now()
    a = make_report(category=flen.categories["klotter"], occurred_start=now - dt.timedelta(hours=2))
    b = make_report(
        actor=flen.police,
        category=flen.categories["skadegorelse"],
        lat=59.088,
        lon=16.588,  # Norr
        occurred_start=now - dt.timedelta(days=15),
    )
    client.force_login(flen.coordinator)

    def ids(**params):
        response = client.get(url("list"), params)
        assert response.status_code == 200
        return {r.public_id for r in response.context["reports"]}

    assert ids() == {a.public_id, b.public_id}
    assert ids(category=str(flen.categories["klotter"].public_id)) == {a.public_id}
    assert ids(area=str(flen.norr.public_id)) == {b.public_id}
    assert ids(organisation=str(flen.org_police.public_id)) == {b.public_id}
    assert ids(status="submitted") == {a.public_id, b.public_id}
    assert ids(status="included") == set()
    week_a = IsoWeek.of(a.week_start)
    assert ids(week_from=str(week_a)) == {a.public_id}
    assert ids(week_to=str(week_a.shift(-1))) == {b.public_id}
    assert ids(week_from=str(IsoWeek.of(b.week_start)), week_to=str(week_a)) == {
        a.public_id,
        b.public_id,
    }


def test_list_bad_filter_shows_message_and_is_ignored(client, world, make_report):
    report = make_report()
    client.force_login(world.flen.coordinator)
    response = client.get(url("list"), {"week_from": "not-a-week"})
    assert response.status_code == 200
    assert response.context["form"].errors["week_from"]
    assert report.public_id in {r.public_id for r in response.context["reports"]}


def test_list_filter_with_other_municipality_area_is_refused(client, world, make_report):
    make_report()
    client.force_login(world.flen.coordinator)
    response = client.get(url("list"), {"area": str(world.degerfors.centrum.public_id)})
    assert "area" in response.context["form"].errors


def test_list_shows_columns_and_links(client, world, make_report):
    report = make_report(place=world.flen.place)
    client.force_login(world.flen.partner)
    body = client.get(url("list")).content.decode()
    assert url("detail", report.public_id) in body
    assert "badge--submitted" in body
    assert "Centrum" in body
    assert world.flen.org_housing.name in body


def _list_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url("list"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_rows(
    client, world, make_report, django_assert_max_num_queries
):
    for _ in range(2):
        make_report(place=world.flen.place)
    client.force_login(world.flen.partner)
    few = _list_queries(client)
    for i in range(12):
        make_report(
            actor=world.flen.police if i % 2 else world.flen.reporter,
            category=world.flen.categories["klotter"],
            place=world.flen.place,
        )
    many = _list_queries(client)
    assert many == few
    with django_assert_max_num_queries(10):
        client.get(url("list"))


def test_list_paginates(client, world, make_report, monkeypatch):
    from trygg.reports.views import browse

    monkeypatch.setattr(browse, "PAGE_SIZE", 2)
    for _ in range(3):
        make_report()
    client.force_login(world.flen.coordinator)
    first = client.get(url("list"))
    assert len(first.context["reports"]) == 2
    second = client.get(url("list"), {"page": 2})
    assert len(second.context["reports"]) == 1


# ---------------------------------------------------------------------------------------------
# Map and GeoJSON


def test_map_data_is_geojson_without_free_text(client, world, make_report):
    report = make_report(description="Hemlig beskrivning", place=world.flen.place)
    area_only = make_report(lat=None, lon=None, area=world.flen.norr, location_precision="area")
    client.force_login(world.flen.partner)
    response = client.get(url("map_data"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["type"] == "FeatureCollection"
    body = response.content.decode()
    assert "Hemlig" not in body
    assert world.flen.reporter.username not in body
    features = {f["properties"]["id"]: f for f in data["features"]}
    feature = features[str(report.public_id)]
    assert feature["geometry"]["type"] == "Point"
    lon, lat = feature["geometry"]["coordinates"]
    assert lat == pytest.approx(report.lat) and lon == pytest.approx(report.lon)
    props = feature["properties"]
    assert set(props) == {
        "id",
        "category",
        "week",
        "impact",
        "area",
        "status",
        "status_label",
        "url",
    }
    assert props["area"] == "Centrum"
    assert props["url"] == url("detail", report.public_id)
    assert str(area_only.public_id) not in features
    assert area_only.lat is None
    assert data["without_point"] == 1


def test_map_data_uses_place_point_and_respects_filters(client, world, make_report):
    klotter = make_report(category=world.flen.categories["klotter"])
    make_report()
    client.force_login(world.flen.coordinator)
    data = client.get(
        url("map_data"), {"category": str(world.flen.categories["klotter"].public_id)}
    ).json()
    assert [f["properties"]["id"] for f in data["features"]] == [str(klotter.public_id)]


def test_map_data_is_capped(client, world, make_report, monkeypatch):
    from trygg.reports.views import browse

    monkeypatch.setattr(browse, "MAP_LIMIT", 2)
    for _ in range(3):
        make_report()
    client.force_login(world.flen.coordinator)
    data = client.get(url("map_data")).json()
    assert len(data["features"]) == 2
    assert data["truncated"] is True
    page = client.get(url("map"))
    assert page.context["truncated"] is True


def test_map_page_has_text_alternative_and_layers(client, world, make_report):
    make_report()
    make_report()
    make_report(lat=59.088, lon=16.588)  # Norr
    client.force_login(world.flen.partner)
    response = client.get(url("map"))
    body = response.content.decode()
    counts = {row["name"]: row["n"] for row in response.context["area_counts"]}
    assert counts == {"Centrum": 2, "Norr": 1}
    assert 'id="layer-heat"' in body and 'type="checkbox"' in body
    assert url("map_data") in body
    assert "<script>" not in body and "style=" not in body


# ---------------------------------------------------------------------------------------------
# Detail and photo


def test_detail_shows_fields_and_reporter_only_to_coordinator(client, world, make_report):
    world.flen.reporter.first_name = "Rut"
    world.flen.reporter.last_name = "Rapportör"
    world.flen.reporter.save()
    report = make_report(place=world.flen.place, people_min=2, people_max=4, police_contacted=True)
    client.force_login(world.flen.coordinator)
    body = client.get(url("detail", report.public_id)).content.decode()
    assert "Krossad ruta vid entrén." in body
    assert "Rut Rapportör" in body
    assert "2–4" in body
    assert url("review_report", report.public_id) in body

    client.force_login(world.flen.partner)
    body = client.get(url("detail", report.public_id)).content.decode()
    assert "Krossad ruta vid entrén." in body
    assert "Rut Rapportör" not in body
    assert url("review_report", report.public_id) not in body


def test_reporter_sees_own_report_with_edit_link(client, world, make_report):
    report = make_report()
    client.force_login(world.flen.reporter)
    response = client.get(url("detail", report.public_id))
    assert response.status_code == 200
    assert url("edit", report.public_id) in response.content.decode()
    other = make_report(actor=world.flen.police)
    assert client.get(url("detail", other.public_id)).status_code == 404


def _jpeg() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (32, 24), "blue").save(buf, format="JPEG")
    return SimpleUploadedFile("p.jpg", buf.getvalue(), content_type="image/jpeg")


def test_photo_streams_only_when_visible(client, world, make_report, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    shared = make_report(photo=_jpeg())
    restricted = make_report(photo=_jpeg(), visibility="coordinators")
    no_photo = make_report()

    client.force_login(world.flen.partner)
    response = client.get(url("photo", shared.public_id))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert client.get(url("photo", restricted.public_id)).status_code == 404
    assert client.get(url("photo", no_photo.public_id)).status_code == 404

    client.force_login(world.degerfors.coordinator)
    assert client.get(url("photo", shared.public_id)).status_code == 404

    client.force_login(world.flen.coordinator)
    assert client.get(url("photo", restricted.public_id)).status_code == 200
    client.logout()
    assert client.get(url("photo", shared.public_id)).status_code == 302


def test_list_and_map_default_to_the_last_twelve_weeks(client, world, make_report):
    """Without a chosen range the pages show recent weeks, so their cost does not grow with
    years of history; an explicit range still reaches old reports."""
    recent = make_report(description="Nyligen.")
    old = make_report(description="Gammal.", occurred_start=timezone.now() - dt.timedelta(weeks=20))
    client.force_login(world.flen.coordinator)
    body = client.get(url("list")).content.decode()
    assert str(recent.public_id) in body
    assert str(old.public_id) not in body
    assert str(IsoWeek.current().shift(-11)) in body  # the range is shown in the filter
    data = client.get(url("map_data")).json()
    ids = {f["properties"]["id"] for f in data["features"]}
    assert str(recent.public_id) in ids and str(old.public_id) not in ids
    first = IsoWeek.of(old.occurred_start)
    body = client.get(url("list"), {"week_from": str(first)}).content.decode()
    assert str(old.public_id) in body and str(recent.public_id) in body
