"""REST API /api/v1/: reports, categories, weekly returns, tokens, schema and docs."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from conftest import CENTRES
from trygg.core.models import AuditEvent
from trygg.core.weeks import IsoWeek
from trygg.reports.models import Report, WeeklyReturn

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/reports/"
FLEN, DEGERFORS = "0482", "1862"


def api(user=None, *, language: str = "en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user)
    return client


def detail(report, code: str = FLEN) -> str:
    return f"{REPORTS}{report.public_id}/?municipality={code}"


def valid_payload(world, **overrides):
    lat, lon = CENTRES[FLEN]
    payload = {
        "category": "skadegorelse",
        "occurred_start": (timezone.now() - dt.timedelta(hours=2)).isoformat(),
        "lat": lat,
        "lon": lon,
        "impact": 2,
        "certainty": "observed",
        "people_min": 2,
        "people_max": 4,
        "description": "Krossad ruta vid busshållplatsen.",
    }
    payload.update(overrides)
    return payload


# ---------------------------------------------------------------------------------------------
# Authentication and municipality scoping


@pytest.mark.parametrize(
    "url", [REPORTS, "/api/v1/categories/", "/api/v1/weekly-returns/", "/api/v1/areas/"]
)
def test_anonymous_gets_401_with_token_challenge(world, url):
    response = APIClient().get(url + "?municipality=0482")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_token_auth_works_and_command_is_idempotent(world):
    out1, out2 = io.StringIO(), io.StringIO()
    call_command("create_api_token", world.flen.reporter.username, stdout=out1)
    call_command("create_api_token", world.flen.reporter.username, stdout=out2)
    token = out1.getvalue().strip()
    assert token and token == out2.getvalue().strip()
    assert AuditEvent.objects.filter(action="api_token.create").count() == 1

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(REPORTS).status_code == 200
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get(REPORTS).status_code == 401


def test_session_auth_enforces_csrf_on_writes(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.flen.reporter)
    response = client.post(REPORTS, valid_payload(world), format="json")
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_municipality_defaults_to_the_only_membership(world, make_report):
    make_report()
    response = api(world.flen.reporter).get(REPORTS)
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert response.json()["results"][0]["municipality"] == FLEN


def test_several_municipalities_need_an_explicit_code(world):
    response = api(world.admin).get(REPORTS)
    assert response.status_code == 400
    assert "municipality" in response.json()
    assert api(world.admin).get(REPORTS + "?municipality=0482").status_code == 200


@pytest.mark.parametrize("code", [DEGERFORS, "9999"])
def test_other_or_unknown_municipality_is_404(world, make_report, code):
    make_report(world.degerfors)
    response = api(world.flen.coordinator).get(f"{REPORTS}?municipality={code}")
    assert response.status_code == 404


def test_malformed_municipality_code_is_400(world):
    response = api(world.flen.reporter).get(REPORTS + "?municipality=04%0082")
    assert response.status_code == 400


# ---------------------------------------------------------------------------------------------
# Listing and visibility


def ids(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_reporter_lists_only_own_reports(world, make_report):
    own = make_report()
    other = make_report(actor=world.flen.coordinator)
    assert ids(api(world.flen.reporter).get(REPORTS)) == {str(own.public_id)}
    assert ids(api(world.flen.coordinator).get(REPORTS)) == {
        str(own.public_id),
        str(other.public_id),
    }


def test_partner_does_not_see_coordinator_only_reports_of_other_orgs(world, make_report):
    shared = make_report()
    hidden = make_report(visibility="coordinators")
    seen = ids(api(world.flen.police).get(REPORTS))
    assert str(shared.public_id) in seen
    assert str(hidden.public_id) not in seen
    assert api(world.flen.police).get(detail(hidden)).status_code == 404
    assert api(world.flen.coordinator).get(detail(hidden)).status_code == 200


def test_reporter_identity_only_for_coordinators(world, make_report):
    report = make_report()
    as_partner = api(world.flen.police).get(detail(report)).json()
    as_coordinator = api(world.flen.coordinator).get(detail(report)).json()
    assert as_partner["reporter"] is None
    assert as_coordinator["reporter"] == world.flen.reporter.username


def test_report_fields(world, make_report):
    report = make_report(people_min=1, people_max=3)
    data = api(world.flen.reporter).get(detail(report)).json()
    assert data["id"] == str(report.public_id)
    assert data["municipality"] == FLEN
    assert data["organisation"] == {
        "id": str(world.flen.org_housing.public_id),
        "name": world.flen.org_housing.name,
    }
    assert data["week"] == str(IsoWeek.of(report.occurred_start))
    assert data["area"] == str(world.flen.centrum.public_id)
    assert data["area_name"] == "Centrum"
    assert data["category"] == str(world.flen.categories["skadegorelse"].public_id)
    assert data["category_code"] == "skadegorelse"
    assert data["place"] is None and data["duplicate_of"] is None
    assert data["people_min"] == 1 and data["people_max"] == 3
    assert data["has_photo"] is False
    assert data["status"] == "submitted"
    assert data["location_precision"] == "point"


def test_list_filters(world, make_report):
    skadegorelse = make_report()
    klotter = make_report(
        category=world.flen.categories["klotter"],
        occurred_start=timezone.now() - dt.timedelta(days=21),
    )
    client = api(world.flen.coordinator)
    assert ids(client.get(REPORTS + "?category=klotter")) == {str(klotter.public_id)}
    cat_id = world.flen.categories["skadegorelse"].public_id
    assert ids(client.get(f"{REPORTS}?category={cat_id}")) == {str(skadegorelse.public_id)}
    this_week = IsoWeek.of(skadegorelse.occurred_start)
    assert ids(client.get(f"{REPORTS}?week_from={this_week}")) == {str(skadegorelse.public_id)}
    assert ids(client.get(f"{REPORTS}?week_to={this_week.previous()}")) == {str(klotter.public_id)}
    assert ids(client.get(f"{REPORTS}?area={world.flen.centrum.public_id}")) == {
        str(skadegorelse.public_id),
        str(klotter.public_id),
    }
    assert ids(client.get(f"{REPORTS}?area={world.flen.norr.public_id}")) == set()
    org = world.flen.org_housing.public_id
    assert len(ids(client.get(f"{REPORTS}?organisation={org}"))) == 2
    assert ids(client.get(f"{REPORTS}?status=rejected")) == set()
    # bad filter values are 400, and another tenant's area is unknown here
    assert client.get(REPORTS + "?week_from=2025-W99").status_code == 400
    assert client.get(REPORTS + "?status=bogus").status_code == 400
    assert client.get(REPORTS + "?category=nope").status_code == 400
    assert client.get(f"{REPORTS}?area={world.degerfors.centrum.public_id}").status_code == 400


# ---------------------------------------------------------------------------------------------
# Create


def test_create_valid_report(world):
    response = api(world.flen.reporter).post(REPORTS, valid_payload(world), format="json")
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    data = response.json()
    assert data["id"] == str(report.public_id)
    assert data["channel"] == "api" and report.channel == "api"
    assert report.reporter == world.flen.reporter
    assert report.organisation == world.flen.org_housing
    assert report.area == world.flen.centrum
    event = AuditEvent.objects.get(action="report.create")
    assert event.target_id == str(report.public_id)
    assert event.actor == world.flen.reporter


def test_create_with_category_uuid_and_area_only(world):
    category = world.flen.categories["klotter"]
    payload = valid_payload(
        world,
        category=str(category.public_id),
        lat=None,
        lon=None,
        area=str(world.flen.norr.public_id),
    )
    response = api(world.flen.reporter).post(REPORTS, payload, format="json")
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    assert report.category == category
    assert report.area == world.flen.norr
    assert report.location_precision == "area"


def test_create_with_place(world):
    payload = valid_payload(world, lat=None, lon=None, place=str(world.flen.place.public_id))
    response = api(world.flen.reporter).post(REPORTS, payload, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["place"] == str(world.flen.place.public_id)


def test_create_with_personal_data_is_refused_in_users_language(world):
    payload = valid_payload(world, description="Ring mig på 070-123 45 67 om detta.")
    response = api(world.flen.reporter, language="en").post(REPORTS, payload, format="json")
    assert response.status_code == 400
    messages = response.json()["description"]
    assert any("phone number" in m for m in messages)
    response_sv = api(world.flen.reporter, language="sv").post(REPORTS, payload, format="json")
    assert response_sv.status_code == 400
    assert "description" in response_sv.json()
    assert not Report.objects.exists()
    assert not AuditEvent.objects.filter(action="report.create").exists()


@pytest.mark.parametrize("field", ["description", "category", "police_reference"])
def test_create_with_nul_bytes_is_400(world, field):
    payload = valid_payload(world, **{field: "abc\x00def"})
    response = api(world.flen.reporter).post(REPORTS, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Report.objects.exists()


def test_create_outside_municipality_is_400(world):
    lat, lon = CENTRES[DEGERFORS]
    payload = valid_payload(world, lat=lat, lon=lon)
    response = api(world.flen.reporter).post(REPORTS, payload, format="json")
    assert response.status_code == 400
    assert "lat" in response.json()
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"category": "finns-inte"}, "category"),
        ({"lat": 91, "lon": 16.5}, "lat"),
        ({"impact": 7}, "impact"),
        ({"occurred_start": "not a date"}, "occurred_start"),
        ({"people_min": 5, "people_max": 2}, "people_max"),
        ({"organisation": "00000000-0000-0000-0000-000000000000"}, "organisation"),
    ],
)
def test_create_invalid_values_are_400(world, overrides, field):
    payload = valid_payload(world, **overrides)
    response = api(world.flen.reporter).post(REPORTS, payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Report.objects.exists()


def test_create_in_other_municipality_is_404(world):
    response = api(world.flen.reporter).post(
        f"{REPORTS}?municipality={DEGERFORS}", valid_payload(world), format="json"
    )
    assert response.status_code == 404
    assert not Report.objects.exists()


# ---------------------------------------------------------------------------------------------
# Update


def test_patch_by_owner(world, make_report):
    report = make_report()
    response = api(world.flen.reporter).patch(
        detail(report), {"description": "Rättad beskrivning.", "impact": 3}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["description"] == "Rättad beskrivning."
    report.refresh_from_db()
    assert report.impact == 3
    assert report.lat is not None  # untouched fields stay
    assert AuditEvent.objects.filter(
        action="report.update", target_id=str(report.public_id)
    ).exists()


def test_put_by_owner(world, make_report):
    report = make_report()
    payload = valid_payload(world, category="klotter", description="Ny text.")
    response = api(world.flen.reporter).put(detail(report), payload, format="json")
    assert response.status_code == 200, response.content
    report.refresh_from_db()
    assert report.category.code == "klotter"


def test_patch_with_personal_data_changes_nothing(world, make_report):
    report = make_report()
    response = api(world.flen.reporter).patch(
        detail(report), {"description": "Mejla a.b@example.se"}, format="json"
    )
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.description == "Krossad ruta vid entrén."


def test_patch_by_partner_is_403(world, make_report):
    report = make_report()
    response = api(world.flen.police).patch(detail(report), {"description": "x"}, format="json")
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.description == "Krossad ruta vid entrén."


def test_patch_by_other_tenant_is_404(world, make_report):
    report = make_report()
    other = api(world.degerfors.reporter)
    assert (
        other.patch(detail(report, DEGERFORS), {"description": "x"}, format="json").status_code
        == 404
    )
    assert other.patch(detail(report, FLEN), {"description": "x"}, format="json").status_code == 404
    assert other.get(detail(report, DEGERFORS)).status_code == 404


def test_patch_cannot_change_organisation(world, make_report):
    report = make_report()
    response = api(world.flen.reporter).patch(
        detail(report), {"organisation": str(world.flen.org_municipal.public_id)}, format="json"
    )
    # unknown fields are ignored by the update serializer; nothing changes
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.organisation == world.flen.org_housing


# ---------------------------------------------------------------------------------------------
# Categories


def test_categories(world):
    response = api(world.flen.reporter).get("/api/v1/categories/")
    assert response.status_code == 200
    rows = response.json()
    by_code = {row["code"]: row for row in rows}
    assert "skadegorelse" in by_code
    row = by_code["skadegorelse"]
    category = world.flen.categories["skadegorelse"]
    assert row["id"] == str(category.public_id)
    assert row["name"] == category.name
    assert isinstance(row["harm_weight"], int | float)
    assert set(row) == {
        "id",
        "code",
        "name",
        "name_en",
        "harm_weight",
        "publishable",
        "active",
        "sort_order",
    }
    degerfors_ids = {str(c.public_id) for c in world.degerfors.categories.values()}
    assert not degerfors_ids & {r["id"] for r in rows}


# ---------------------------------------------------------------------------------------------
# Weekly returns


WEEKLY = "/api/v1/weekly-returns/"


def test_weekly_return_create_and_duplicate(world):
    week = IsoWeek.current().previous()
    client = api(world.flen.reporter)
    first = client.post(WEEKLY, {"week": str(week), "comment": "Lugn vecka."}, format="json")
    assert first.status_code == 201, first.content
    data = first.json()
    assert data["week"] == str(week)
    assert data["organisation"]["id"] == str(world.flen.org_housing.public_id)
    assert data["nothing_to_report"] is True
    again = client.post(WEEKLY, {"week": str(week)}, format="json")
    assert again.status_code == 200
    assert again.json()["id"] == data["id"]
    assert WeeklyReturn.objects.count() == 1
    assert AuditEvent.objects.filter(action="weekly_return.create").count() == 1


def test_weekly_return_refused_when_reports_exist(world, make_report):
    report = make_report()
    week = IsoWeek.of(report.occurred_start)
    response = api(world.flen.reporter).post(WEEKLY, {"week": str(week)}, format="json")
    assert response.status_code == 400
    assert "week" in response.json()
    assert not WeeklyReturn.objects.exists()


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"week": "2025-W99"}, "week"),
        ({"week": "next week"}, "week"),
        ({"week": str(IsoWeek.current().shift(2))}, "week"),
        ({"week": str(IsoWeek.current().previous()), "comment": "Ring 070-123 45 67"}, "comment"),
        ({"week": str(IsoWeek.current().previous()), "comment": "a\x00b"}, "comment"),
    ],
)
def test_weekly_return_invalid(world, payload, field):
    response = api(world.flen.reporter).post(WEEKLY, payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not WeeklyReturn.objects.exists()


def test_weekly_return_for_an_organisation_of_someone_else_is_refused(world):
    week = IsoWeek.current().previous()
    response = api(world.flen.reporter).post(
        WEEKLY,
        {"week": str(week), "organisation": str(world.flen.org_police.public_id)},
        format="json",
    )
    assert response.status_code == 400
    assert "organisation" in response.json()


def test_weekly_return_list_scoping(world):
    from trygg.reports.services import weekly_return_submit

    week = IsoWeek.current().previous()
    own = weekly_return_submit(
        actor=world.flen.reporter, municipality=world.flen.municipality, week=week
    )
    police = weekly_return_submit(
        actor=world.flen.police, municipality=world.flen.municipality, week=week
    )
    weekly_return_submit(
        actor=world.degerfors.reporter, municipality=world.degerfors.municipality, week=week
    )
    assert ids(api(world.flen.reporter).get(WEEKLY)) == {str(own.public_id)}
    assert ids(api(world.flen.coordinator).get(f"{WEEKLY}?week={week}")) == {
        str(own.public_id),
        str(police.public_id),
    }
    assert ids(api(world.flen.coordinator).get(f"{WEEKLY}?week={week.previous()}")) == set()
    assert api(world.flen.coordinator).get(WEEKLY + "?week=garbage").status_code == 400
    assert api(world.flen.coordinator).get(f"{WEEKLY}?municipality={DEGERFORS}").status_code == 404


# ---------------------------------------------------------------------------------------------
# Schema and docs


def test_schema_endpoint_and_validation(world, tmp_path):
    response = api(world.flen.reporter).get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    for path in (
        "/api/v1/reports/",
        "/api/v1/reports/{public_id}/",
        "/api/v1/areas/",
        "/api/v1/categories/",
        "/api/v1/weekly-returns/",
    ):
        assert path in schema["paths"]
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    assert (tmp_path / "schema.yml").read_text().startswith("openapi:")


def test_docs_page_lists_endpoints_without_inline_script(world):
    client = api(world.flen.reporter)
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/reports/{public_id}/" in html
    assert "/api/v1/schema/?format=json" in html
    assert "<script>" not in html and "style=" not in html
    assert 'src="http' not in html and 'href="http' not in html  # no CDN assets
