"""reports_import: the batch form of report_create (all or nothing, per-row errors, one audit
row), and the id -> object resolution of trygg.reports.inputs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import CENTRES
from trygg.core.models import AuditEvent
from trygg.core.weeks import IsoWeek
from trygg.reports import inputs
from trygg.reports.models import Report, WeeklyReturn
from trygg.reports.services import (
    ImportRejected,
    report_create,
    reports_import,
    weekly_return_submit,
)

pytestmark = pytest.mark.django_db


def _rows(tenant: Any, n: int, **overrides: Any) -> list[dict[str, Any]]:
    lat, lon = CENTRES[tenant.municipality.code]
    start = timezone.now() - dt.timedelta(days=2)
    rows = []
    for i in range(n):
        row: dict[str, Any] = {
            "category": tenant.categories["skadegorelse"],
            "occurred_start": start - dt.timedelta(hours=i),
            "lat": lat + 0.0001 * i,
            "lon": lon,
            "description": f"Klotter på vägg {i}.",
        }
        row.update(overrides)
        rows.append(row)
    return rows


def _import(tenant: Any, rows: list[dict[str, Any]], **kwargs: Any) -> Any:
    return reports_import(
        actor=kwargs.pop("actor", tenant.reporter),
        municipality=tenant.municipality,
        organisation=kwargs.pop("organisation", tenant.org_housing),
        rows=rows,
        source=kwargs.pop("source", "husets-logg.csv"),
        **kwargs,
    )


def test_import_creates_every_row_like_report_create_and_audits_once(world):
    flen = world.flen
    result = _import(flen, _rows(flen, 25))
    assert result.ok and result.rows == 25 and len(result.created) == 25
    saved = Report.objects.filter(municipality=flen.municipality).order_by("id")
    assert saved.count() == 25
    first = saved.first()
    assert first is not None
    single = report_create(
        actor=flen.reporter,
        municipality=flen.municipality,
        category=first.category,
        occurred_start=first.occurred_start,
        lat=first.lat,
        lon=first.lon,
        description="Klotter på vägg 0.",
    )
    # the same derived fields as a single report: week, area from the point, H3, precision
    for name in ("week_start", "area", "h3_r7", "h3_r9", "h3_r11", "location_precision"):
        assert getattr(first, name) == getattr(single, name), name
    assert first.area == flen.centrum
    assert first.channel == "import" and first.reporter == flen.reporter
    assert first.organisation == flen.org_housing
    events = AuditEvent.objects.filter(action="report.import")
    assert events.count() == 1
    event = events.get()
    assert event.changes["count"] == 25
    assert event.free_text["source"] == "husets-logg.csv"  # free text: redactable
    assert event.organisation == flen.org_housing
    # pks are set on the returned objects
    assert {r.pk for r in result.created} == set(
        saved.exclude(pk=single.pk).values_list("pk", flat=True)
    )


def test_one_bad_row_saves_nothing_and_names_every_bad_row(world):
    flen = world.flen
    rows = _rows(flen, 6)
    rows[1]["description"] = "Ring Anna på 070-123 45 67"
    rows[4]["lat"], rows[4]["lon"] = 59.3293, 18.0686  # Stockholm
    rows[5]["people_min"] = 5000
    with pytest.raises(ImportRejected) as info:
        _import(flen, rows)
    result = info.value.result
    assert {(e.row, e.field) for e in result.errors} == {
        (1, "description"),
        (4, "lat"),
        (5, "people_min"),
    }
    assert info.value.messages[0].startswith("3 av 6 rader har fel")
    assert Report.objects.count() == 0
    assert not AuditEvent.objects.filter(action="report.import").exists()


def test_dry_run_validates_and_writes_nothing(world):
    flen = world.flen
    result = _import(flen, _rows(flen, 4), dry_run=True)
    assert result.ok and result.dry_run and len(result.created) == 4
    assert all(r.pk is None for r in result.created)
    assert Report.objects.count() == 0
    assert not AuditEvent.objects.filter(action="report.import").exists()


def test_permission_and_organisation_checked_once_for_the_batch(world):
    flen = world.flen
    with pytest.raises(PermissionDenied):
        _import(flen, _rows(flen, 2), actor=world.degerfors.reporter)
    with pytest.raises(ValidationError) as info:
        _import(flen, _rows(flen, 2), organisation=flen.org_police)
    assert "organisation" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        _import(flen, _rows(flen, 2), source="  ")
    assert "source" in info.value.message_dict
    # the source name is screened like every text: a phone number in it is refused
    with pytest.raises(ValidationError) as info:
        _import(flen, _rows(flen, 2), source="export från 070\u2013123 45 67.csv")
    assert "070" in info.value.message_dict["source"][0]
    assert Report.objects.count() == 0


def test_references_from_another_municipality_are_refused_per_row(world):
    flen = world.flen
    rows = _rows(flen, 3)
    rows[2]["category"] = world.degerfors.categories["skadegorelse"]
    del rows[0]["lat"], rows[0]["lon"]
    rows[0]["area"] = world.degerfors.centrum
    with pytest.raises(ImportRejected) as info:
        _import(flen, rows)
    assert {(e.row, e.field) for e in info.value.result.errors} == {(0, "area"), (2, "category")}


def test_unknown_fields_and_photos_are_refused(world):
    flen = world.flen
    rows = _rows(flen, 2)
    rows[0]["photo"] = b"..."
    rows[1]["status"] = "included"
    with pytest.raises(ImportRejected) as info:
        _import(flen, rows)
    assert {(e.row, e.field) for e in info.value.result.errors} == {(0, "photo"), (1, "status")}


def test_reported_at_is_kept_and_checked(world):
    flen = world.flen
    rows = _rows(flen, 2)
    rows[0]["reported_at"] = rows[0]["occurred_start"] + dt.timedelta(hours=5)
    rows[1]["reported_at"] = rows[1]["occurred_start"] - dt.timedelta(hours=1)
    with pytest.raises(ImportRejected) as info:
        _import(flen, rows)
    assert [(e.row, e.field) for e in info.value.result.errors] == [(1, "reported_at")]
    del rows[1]["reported_at"]
    result = _import(flen, rows)
    first = Report.objects.get(pk=result.created[0].pk)
    assert first.created_at == rows[0]["reported_at"]


def test_import_withdraws_nothing_to_report_for_its_weeks(world):
    flen = world.flen
    week = IsoWeek.current().previous()
    weekly_return_submit(
        actor=flen.reporter, municipality=flen.municipality, week=week, organisation=None
    )
    monday = dt.datetime.combine(week.monday, dt.time(12), tzinfo=dt.UTC)
    rows = _rows(flen, 2, occurred_start=monday)
    result = _import(flen, rows)
    assert result.withdrawn_returns == 1
    assert not WeeklyReturn.objects.filter(organisation=flen.org_housing).exists()
    assert AuditEvent.objects.filter(
        action="weekly_return.withdraw", changes__reason="report.import"
    ).exists()


# ---------------------------------------------------------------------------------------------
# inputs: ids -> objects, scoped to the municipality


def test_inputs_resolve_ids_and_codes_within_the_municipality(world):
    flen, deg = world.flen, world.degerfors
    category = flen.categories["skadegorelse"]
    assert inputs.category_from_input(flen.municipality, str(category.public_id)) == category
    assert inputs.category_from_input(flen.municipality, "skadegorelse") == category
    assert inputs.area_from_input(flen.municipality, str(flen.centrum.public_id)) == flen.centrum
    assert inputs.place_from_input(flen.municipality, "") is None
    for resolve, value, field in (
        (inputs.category_from_input, str(deg.categories["skadegorelse"].public_id), "category"),
        (inputs.area_from_input, str(deg.centrum.public_id), "area"),
        (inputs.place_from_input, "not-a-uuid", "place"),
    ):
        with pytest.raises(ValidationError) as info:
            resolve(flen.municipality, value)
        assert field in info.value.message_dict


def test_report_values_from_input_collects_all_reference_errors(world):
    flen = world.flen
    with pytest.raises(ValidationError) as info:
        inputs.report_values_from_input(
            flen.municipality, {"category": "nope", "area": "nope", "impact": 2}
        )
    assert set(info.value.message_dict) == {"category", "area"}


def test_organisation_from_input_only_the_actors_own(world):
    flen = world.flen
    own = inputs.organisation_from_input(
        flen.reporter, flen.municipality, str(flen.org_housing.public_id)
    )
    assert own == flen.org_housing
    with pytest.raises(ValidationError):
        inputs.organisation_from_input(
            flen.reporter, flen.municipality, str(flen.org_police.public_id)
        )
