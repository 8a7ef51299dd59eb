"""report_create / report_update / report_review / weekly_return_submit: behaviour + audit."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from trygg.core.models import AuditEvent
from trygg.core.weeks import IsoWeek
from trygg.reports.models import Report, WeeklyReturn
from trygg.reports.services import (
    report_create,
    report_review,
    report_update,
    weekly_return_submit,
)

pytestmark = pytest.mark.django_db


def test_create_derives_area_week_and_h3_and_audits(world, make_report):
    report = make_report()
    assert report.area == world.flen.centrum
    assert report.organisation == world.flen.org_housing
    assert report.week_start == IsoWeek.of(report.occurred_start).monday
    assert report.h3_r9 is not None and report.h3_r9 > 0
    event = AuditEvent.objects.get(action="report.create", target_id=str(report.public_id))
    assert event.actor == world.flen.reporter
    assert event.municipality == world.flen.municipality
    assert event.changes["category"] == [None, "Skadegörelse"]


def test_create_refuses_personal_data_and_saves_nothing(world, make_report):
    with pytest.raises(ValidationError) as info:
        make_report(description="Ring 070-123 45 67 om det händer igen")
    assert "description" in info.value.message_dict
    assert "070-123 45 67" in info.value.message_dict["description"][0]
    assert Report.objects.count() == 0
    assert not AuditEvent.objects.filter(action="report.create").exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"description": "nul\x00byte"}, "description"),
        ({"lat": 91.0}, "lat"),
        ({"lat": 59.3293, "lon": 18.0686}, "lat"),  # Stockholm: outside Flen
        ({"occurred_start": timezone.now() + dt.timedelta(days=3)}, "occurred_start"),
        ({"occurred_end": timezone.now() - dt.timedelta(days=2)}, "occurred_end"),
        ({"impact": 7}, "impact"),
        ({"people_min": 5, "people_max": 2}, "people_max"),
        ({"category": "no-such-category"}, "category"),
    ],
)
def test_create_validation(world, make_report, values, field):
    with pytest.raises(ValidationError) as info:
        make_report(**values)
    assert field in info.value.message_dict
    assert Report.objects.count() == 0


def test_other_tenant_category_is_refused(world, make_report):
    with pytest.raises(ValidationError):
        make_report(category=world.degerfors.categories["klotter"])


def test_reporter_of_other_municipality_cannot_create(world, make_report):
    with pytest.raises(PermissionDenied):
        make_report(actor=world.degerfors.reporter)


def test_photo_is_stripped_of_metadata(world, make_report, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    img = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"  # Make
    buf = io.BytesIO()
    img.save(buf, format="JPEG", exif=exif)
    upload = SimpleUploadedFile("p.jpg", buf.getvalue(), content_type="image/jpeg")
    report = make_report(photo=upload)
    with Image.open(report.photo.path) as stored:
        assert not stored.getexif()
    with open(report.photo.path, "rb") as stored_file:
        assert b"SecretCamera" not in stored_file.read()


def test_non_image_photo_refused(world, make_report, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("p.jpg", b"not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError) as info:
        make_report(photo=upload)
    assert "photo" in info.value.message_dict
    assert Report.objects.count() == 0


def test_place_only_and_area_only(world, make_report):
    r1 = make_report(lat=None, lon=None, place=world.flen.place)
    assert r1.location_precision == "place" and r1.area == world.flen.centrum
    r2 = make_report(lat=None, lon=None, area=world.flen.norr)
    assert r2.location_precision == "area" and r2.area == world.flen.norr and r2.h3_r9 is None


def test_owner_update_goes_back_to_review_and_audits(world, make_report):
    report = make_report()
    report_review(actor=world.flen.coordinator, report=report, decision="include")
    report.refresh_from_db()
    report_update(actor=world.flen.reporter, report=report, impact=3)
    report.refresh_from_db()
    assert report.impact == 3 and report.status == "submitted"
    event = AuditEvent.objects.filter(action="report.update").get()
    assert event.changes["impact"] == [2, 3]


def test_other_user_cannot_update(world, make_report):
    report = make_report()
    with pytest.raises(PermissionDenied):
        report_update(actor=world.flen.partner, report=report, impact=3)


def test_merge_and_reject(world, make_report):
    a = make_report()
    b = make_report(actor=world.flen.police)
    report_review(actor=world.flen.coordinator, report=b, decision="merge", duplicate_of=a)
    a.refresh_from_db()
    b.refresh_from_db()
    assert b.status == "merged" and b.duplicate_of == a and a.status == "included"
    assert set(Report.objects.counted()) == {a}
    with pytest.raises(ValidationError):
        report_review(actor=world.flen.coordinator, report=a, decision="merge", duplicate_of=b)
    with pytest.raises(ValidationError) as info:
        report_review(actor=world.flen.coordinator, report=a, decision="reject")
    assert "rejection_reason" in info.value.message_dict
    assert AuditEvent.objects.filter(action="report.review.merge").count() == 1


def test_reporter_cannot_review(world, make_report):
    report = make_report()
    with pytest.raises(PermissionDenied):
        report_review(actor=world.flen.reporter, report=report, decision="include")


def test_nothing_to_report_and_withdrawal(world, make_report):
    week = IsoWeek.current()
    nil = weekly_return_submit(
        actor=world.flen.reporter, municipality=world.flen.municipality, week=week
    )
    assert nil.organisation == world.flen.org_housing
    assert AuditEvent.objects.filter(action="weekly_return.create").count() == 1
    make_report(occurred_start=timezone.now() - dt.timedelta(minutes=5))
    assert not WeeklyReturn.objects.filter(pk=nil.pk).exists()
    with pytest.raises(ValidationError):
        weekly_return_submit(
            actor=world.flen.reporter, municipality=world.flen.municipality, week=week
        )
    with pytest.raises(ValidationError):
        weekly_return_submit(
            actor=world.flen.reporter, municipality=world.flen.municipality, week=week.next().next()
        )


def test_report_create_for_unlisted_organisation_refused(world):
    with pytest.raises(ValidationError) as info:
        report_create(
            actor=world.flen.reporter,
            municipality=world.flen.municipality,
            organisation=world.flen.org_police,
            category=world.flen.categories["klotter"],
            occurred_start=timezone.now(),
            area=world.flen.norr,
        )
    assert "organisation" in info.value.message_dict


def test_nothing_to_report_refuses_ancient_weeks(world):
    with pytest.raises(ValidationError) as info:
        weekly_return_submit(
            actor=world.flen.reporter, municipality=world.flen.municipality, week=IsoWeek(1999, 5)
        )
    assert "week" in info.value.message_dict
    assert not WeeklyReturn.objects.exists()


def test_iso_week_parsing_accepts_only_ascii_digits():
    assert IsoWeek.parse("2025-W07") == IsoWeek(2025, 7)
    with pytest.raises(ValueError):
        IsoWeek.parse("٢٠٢٥-W07")
