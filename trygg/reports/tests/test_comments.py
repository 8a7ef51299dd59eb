"""Comments on reports: partners (the police among them) and coordinators add what they know
or did; the comment is screened, audited, seen by whoever may see the report, and removable
by its author or a coordinator (its text then leaves the audit log too)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from trygg.core.models import AuditEvent
from trygg.reports.models import ReportComment
from trygg.reports.services.comments import report_comment_add, report_comment_delete

pytestmark = pytest.mark.django_db


def detail(tenant: Any, report: Any) -> str:
    return reverse("reports:detail", args=[tenant.municipality.code, report.public_id])


def test_police_comment_through_the_page(client: Any, world: Any, make_report: Any) -> None:
    flen = world.flen
    report = make_report(description="Krossad ruta vid busskuren.")
    client.force_login(flen.police)
    url = reverse("reports:comment_add", args=["0482", report.public_id])
    response = client.post(url, {"text": "Patrull var på plats 22.10, ingen kvar."})
    assert response.status_code == 302 and response["Location"] == detail(flen, report)
    page = client.get(detail(flen, report), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Patrull var på plats 22.10, ingen kvar." in page
    assert "Polisen flen" in page
    event = AuditEvent.objects.get(action="report.comment.add")
    assert event.free_text == {"text": [None, "Patrull var på plats 22.10, ingen kvar."]}
    # the reporter sees the comment on their own report, but may not comment
    client.force_login(flen.reporter)
    page = client.get(detail(flen, report), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Patrull var på plats" in page and "Lägg till kommentar" not in page
    assert client.post(url, {"text": "Tack"}).status_code == 403


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Skriv en kommentar."),
        ("   ", "Skriv en kommentar."),
        ("Ring 070–123 45 67", "personuppgift"),
        ("x" * 1001, "1000"),
    ],
)
def test_bad_comments_are_refused_in_swedish(
    client: Any, world: Any, make_report: Any, text: str, message: str
) -> None:
    report = make_report()
    client.force_login(world.flen.partner)
    response = client.post(
        reverse("reports:comment_add", args=["0482", report.public_id]),
        {"text": text},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ReportComment.objects.exists()
    assert not AuditEvent.objects.filter(action="report.comment.add").exists()


def test_a_coordinators_only_report_cannot_be_commented_by_partners(
    world: Any, make_report: Any
) -> None:
    report = make_report(visibility="coordinators")
    with pytest.raises(PermissionDenied):
        report_comment_add(actor=world.flen.police, report=report, text="Vi vet.")
    with pytest.raises(PermissionDenied):  # another municipality's user
        report_comment_add(actor=world.degerfors.coordinator, report=report, text="Hej")


def test_removal_by_author_or_coordinator_strips_the_audit_text(
    world: Any, make_report: Any
) -> None:
    flen = world.flen
    report = make_report()
    comment = report_comment_add(actor=flen.police, report=report, text="Bil AB 123 stod där")
    with pytest.raises(PermissionDenied):
        report_comment_delete(actor=flen.partner, comment=comment)
    report_comment_delete(actor=flen.coordinator, comment=comment)
    assert not ReportComment.objects.exists()
    added = AuditEvent.objects.get(action="report.comment.add")
    assert added.free_text == {} and added.redacted_at is not None
    assert AuditEvent.objects.filter(action="report.comment.delete").exists()
    own = report_comment_add(actor=flen.police, report=report, text="Fel rapport, ignorera.")
    report_comment_delete(actor=flen.police, comment=own)
    assert not ReportComment.objects.exists()


def test_validation_error_names_the_field(world: Any, make_report: Any) -> None:
    with pytest.raises(ValidationError) as info:
        report_comment_add(actor=world.flen.coordinator, report=make_report(), text="")
    assert "text" in info.value.message_dict
