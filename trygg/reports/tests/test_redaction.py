"""A coordinator removes a report's description or photo; nothing of it lingers."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from trygg.accounts.services import audit_event_redact
from trygg.core.models import AuditEvent
from trygg.reports.models import Report
from trygg.reports.services import report_redact, report_review, report_update

pytestmark = pytest.mark.django_db

SECRET = "Pelle Svensson på Storgatan 5 kastade stenen"


def _photo() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buf, format="JPEG")
    return SimpleUploadedFile("p.jpg", buf.getvalue(), content_type="image/jpeg")


def _all_audit_text() -> str:
    return json.dumps(
        [list(e) for e in AuditEvent.objects.values_list("changes", "free_text", "target_repr")],
        ensure_ascii=False,
    )


def test_description_is_removed_from_report_and_every_audit_row(
    world: Any, make_report: Any
) -> None:
    flen = world.flen
    report = make_report(description=SECRET)
    report_update(actor=flen.reporter, report=report, description=f"{SECRET}, igen")
    report.refresh_from_db()
    report_review(actor=flen.coordinator, report=report, decision="reject", rejection_reason="Fel")
    assert SECRET in _all_audit_text()

    report_redact(
        actor=flen.coordinator, report=report, what="description", reason="Namn på en person"
    )

    report.refresh_from_db()
    assert report.description == ""
    assert report.description_redacted_at is not None
    assert report.description_redaction_reason == "Namn på en person"
    assert SECRET not in _all_audit_text()
    # the rest of the audit rows stay: the rejection reason is still there
    rejected = AuditEvent.objects.get(action="report.review.reject")
    assert rejected.free_text["rejection_reason"] == ["", "Fel"]
    # who removed what, when and why
    event = AuditEvent.objects.get(action="report.redact")
    assert event.actor == flen.coordinator
    assert event.changes["what"] == "description"
    assert event.changes["reason"] == "Namn på en person"
    assert event.changes["audit_rows"] == 2  # create and update held the text
    assert Report.objects.filter(pk=report.pk, status="rejected").exists()


def test_photo_file_is_deleted_from_storage(
    world: Any, make_report: Any, tmp_path: Any, settings: Any, client: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    flen = world.flen
    report = make_report(photo=_photo())
    path = Path(report.photo.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        report_redact(actor=flen.coordinator, report=report, what="photo", reason="Ansikte syns")
    report.refresh_from_db()
    assert not report.photo
    assert report.photo_redacted_at is not None
    assert not path.exists()
    client.force_login(flen.reporter)
    photo_url = reverse("reports:photo", args=[flen.municipality.code, report.public_id])
    assert client.get(photo_url).status_code == 404


def test_a_failed_removal_keeps_the_photo(
    world: Any, make_report: Any, tmp_path: Any, settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    report = make_report(photo=_photo())
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        report_redact(actor=world.flen.coordinator, report=report, what="photo", reason="")
    report.refresh_from_db()
    assert report.photo and Path(report.photo.path).exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_reason_is_required(world: Any, make_report: Any, reason: str) -> None:
    report = make_report(description=SECRET)
    with pytest.raises(ValidationError) as info:
        report_redact(
            actor=world.flen.coordinator, report=report, what="description", reason=reason
        )
    assert "reason" in info.value.message_dict
    report.refresh_from_db()
    assert report.description == SECRET
    assert not AuditEvent.objects.filter(action="report.redact").exists()


def test_only_the_municipalitys_coordinator_may_remove(world: Any, make_report: Any) -> None:
    report = make_report(description=SECRET)
    for actor in (world.flen.reporter, world.flen.partner, world.degerfors.coordinator):
        with pytest.raises(PermissionDenied):
            report_redact(actor=actor, report=report, what="description", reason="Namn")
    report.refresh_from_db()
    assert report.description == SECRET


def test_nothing_to_remove_is_an_error(world: Any, make_report: Any) -> None:
    report = make_report(description=SECRET)
    with pytest.raises(ValidationError) as info:
        report_redact(actor=world.flen.coordinator, report=report, what="photo", reason="Namn")
    assert "what" in info.value.message_dict


def test_reporter_sees_their_report_as_redacted(client: Any, world: Any, make_report: Any) -> None:
    flen = world.flen
    report = make_report(description=SECRET)
    report_redact(actor=flen.coordinator, report=report, what="description", reason="Ett namn")
    report.refresh_from_db()
    client.force_login(flen.reporter)
    body = client.get(
        reverse("reports:detail", args=[flen.municipality.code, report.public_id]),
        HTTP_ACCEPT_LANGUAGE="sv",
    ).content.decode()
    assert SECRET not in body
    assert "Texten har tagits bort av samordnaren" in body
    assert "Ett namn" in body
    assert "Ta bort text/foto" not in body  # the action is the coordinator's


def test_coordinator_removes_text_through_the_page(
    client: Any, world: Any, make_report: Any
) -> None:
    flen = world.flen
    code = flen.municipality.code
    report = make_report(description=SECRET)
    client.force_login(flen.coordinator)
    detail = reverse("reports:detail", args=[code, report.public_id])
    redact = reverse("reports:redact", args=[code, report.public_id])
    assert f'href="{redact}"' in client.get(detail).content.decode()
    assert (
        f'href="{redact}"'
        in client.get(
            reverse("reports:review_report", args=[code, report.public_id])
        ).content.decode()
    )
    page = client.get(redact).content.decode()
    assert SECRET in page and 'name="reason"' in page
    # without a reason: the form says so, nothing is removed
    response = client.post(redact, {"what": "description", "reason": ""})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    report.refresh_from_db()
    assert report.description == SECRET
    response = client.post(redact, {"what": "description", "reason": "Namn på en person"})
    assert response.status_code == 302 and response["Location"] == detail
    report.refresh_from_db()
    assert report.description == ""
    body = client.get(detail).content.decode()
    assert "Texten är borttagen ur rapporten." in body
    assert "Texten har tagits bort av samordnaren" in body


def test_partner_cannot_open_the_removal_page(client: Any, world: Any, make_report: Any) -> None:
    flen = world.flen
    report = make_report(description=SECRET)
    client.force_login(flen.partner)
    url = reverse("reports:redact", args=[flen.municipality.code, report.public_id])
    assert client.post(url, {"what": "description", "reason": "x"}).status_code == 403
    report.refresh_from_db()
    assert report.description == SECRET


def test_audit_page_removes_one_events_free_text(client: Any, world: Any, make_report: Any) -> None:
    flen = world.flen
    code = flen.municipality.code
    report = make_report(description=SECRET)
    event = AuditEvent.objects.get(action="report.create", target_id=str(report.public_id))
    client.force_login(flen.coordinator)
    url = reverse("settings:audit_redact", args=[code, event.pk])
    log = client.get(reverse("settings:audit", args=[code])).content.decode()
    assert f'href="{url}"' in log and "Ta bort fritext" in log
    response = client.post(url, {"reason": "Namn i beskrivningen"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.free_text == {} and event.redacted_at is not None
    done = AuditEvent.objects.get(action="audit.redact")
    assert done.actor == flen.coordinator and done.changes["reason"] == "Namn i beskrivningen"
    log = client.get(reverse("settings:audit", args=[code])).content.decode()
    assert SECRET not in log and "[borttaget]" in log
    # the report itself is untouched by a log redaction
    report.refresh_from_db()
    assert report.description == SECRET


def test_audit_redaction_of_another_municipalitys_event_is_404(
    client: Any, world: Any, make_report: Any
) -> None:
    report = make_report(world.degerfors, description=SECRET)
    event = AuditEvent.objects.get(action="report.create", target_id=str(report.public_id))
    client.force_login(world.flen.coordinator)
    url = reverse("settings:audit_redact", args=[world.flen.municipality.code, event.pk])
    assert client.post(url, {"reason": "x"}).status_code == 404
    event.refresh_from_db()
    assert event.free_text
    with pytest.raises(PermissionDenied):
        audit_event_redact(actor=world.flen.coordinator, event=event, reason="x")


def test_partial_removal_still_shows_the_other_text_in_the_log(
    client: Any, world: Any, make_report: Any
) -> None:
    flen = world.flen
    report = make_report(description=SECRET, police_contacted=True, police_reference="5000-K1-26")
    report_redact(actor=flen.coordinator, report=report, what="description", reason="Namn")
    client.force_login(flen.coordinator)
    log = client.get(reverse("settings:audit", args=[flen.municipality.code])).content.decode()
    assert SECRET not in log
    assert "5000-K1-26" in log


def test_the_api_says_what_was_removed_and_why(client: Any, world: Any, make_report: Any) -> None:
    flen = world.flen
    report = make_report(description=SECRET)
    report_redact(actor=flen.coordinator, report=report, what="description", reason="Ett namn")
    client.force_login(flen.reporter)
    data = client.get(f"/api/v1/reports/{report.public_id}/").json()
    assert data["description"] == ""
    assert data["description_redacted_at"] is not None
    assert data["description_redaction_reason"] == "Ett namn"
    assert data["photo_redacted_at"] is None and data["photo_redaction_reason"] == ""
    assert SECRET not in json.dumps(data, ensure_ascii=False)
