"""The closed minutes e-mailed to the participants with the PDF: once per person and version,
however often it is sent or the task runs; only the coordinator sends."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from trygg.core.models import AuditEvent
from trygg.meetings.models import MinutesDelivery
from trygg.meetings.services.decisions import meeting_close
from trygg.meetings.services.meetings import attendance_set
from trygg.meetings.services.minutes_mail import deliver_minutes, minutes_send
from trygg.meetings.tests.helpers import last_weekly

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(world: Any) -> Any:
    flen = world.flen
    for user, address in (
        (flen.coordinator, "samordnare@kommun.example"),
        (flen.police, "polis@polisen.example"),
        (flen.reporter, "rapportor@bostader.example"),
    ):
        user.email = address
        user.save()
    meeting = last_weekly(flen)
    attendance_set(actor=flen.coordinator, meeting=meeting, presence={flen.org_police: "present"})
    return meeting_close(actor=flen.coordinator, meeting=meeting)


def test_sent_once_to_each_participant_with_the_pdf(
    client: Any, world: Any, closed: Any, django_capture_on_commit_callbacks: Any
) -> None:
    flen = world.flen
    client.force_login(flen.coordinator)
    url = reverse("meetings:minutes_send", args=["0482", closed.meeting.public_id])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{url}?version=1", HTTP_ACCEPT_LANGUAGE="sv", follow=True)
    assert "Protokollet är på väg till 2 deltagare." in response.content.decode()
    # the coordinator and the police (a participating organisation that may read meetings);
    # the housing company's reporter may not read meetings
    ids = list(MinutesDelivery.objects.values_list("pk", flat=True))
    assert deliver_minutes(ids)["sent"] == 2
    assert deliver_minutes(ids)["not_claimed"] == 2  # a retried task sends nothing again
    assert sorted(m.to[0] for m in mail.outbox) == [
        "polis@polisen.example",
        "samordnare@kommun.example",
    ]
    message = mail.outbox[0]
    assert message.subject.startswith("Protokoll: ")
    [(name, pdf, kind)] = message.attachments
    assert kind == "application/pdf" and pdf[:4] == b"%PDF" and name.endswith("-v1.pdf")
    # sending again reaches nobody new
    page = client.post(f"{url}?version=1", HTTP_ACCEPT_LANGUAGE="sv", follow=True)
    assert "Alla deltagare har redan fått den här versionen." in page.content.decode()
    assert MinutesDelivery.objects.count() == 2
    assert AuditEvent.objects.filter(action="meetings.minutes_send").count() == 1
    assert "skickat" in page.content.decode()


def test_only_the_coordinator_sends(world: Any, closed: Any) -> None:
    with pytest.raises(PermissionDenied):
        minutes_send(actor=world.flen.partner, minutes=closed)
    assert not MinutesDelivery.objects.exists()


def test_a_failed_or_abandoned_delivery_is_sent_on_a_later_run(
    world: Any, closed: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    import datetime as dt

    from django.utils import timezone

    from trygg.meetings.services.minutes_mail import STALE, retry_minutes

    minutes_send(actor=world.flen.coordinator, minutes=closed)
    first, second = MinutesDelivery.objects.order_by("pk")

    def refuse(self: Any, *args: Any, **kwargs: Any) -> int:
        raise ConnectionRefusedError("no mail server")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.message.EmailMessage.send", refuse)
        assert deliver_minutes([first.pk])["queued_again"] == 1
    # the second: a worker claimed it and died
    MinutesDelivery.objects.filter(pk=second.pk).update(status="sending", attempts=1)
    later = timezone.now() + STALE + dt.timedelta(minutes=1)
    MinutesDelivery.objects.update(updated_at=timezone.now() - dt.timedelta(minutes=10))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert retry_minutes(later) == "1 queued again, 2 handed to the worker"
    assert len(callbacks) == 1
    assert deliver_minutes([first.pk, second.pk])["sent"] == 2
    assert len(mail.outbox) == 2
