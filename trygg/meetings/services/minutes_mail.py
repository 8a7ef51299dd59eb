"""The closed minutes e-mailed to the meeting's participants, with the PDF, through the task
queue (`meetings.tasks.deliver_minutes`). One `MinutesDelivery` per (minutes version, user):
sending again adds only people who were not sent it yet. Each delivery is claimed (queued →
sending, one conditional UPDATE) before its message goes, so a retried task or a second worker
never mails twice; a failed one is retried up to MAX_ATTEMPTS times."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trygg.accounts.models import Membership, User
from trygg.accounts.permissions import can
from trygg.accounts.types import Actor
from trygg.core import audit, outbox
from trygg.core.pdf import pdf_bytes
from trygg.meetings.models import Minutes, MinutesDelivery
from trygg.meetings.selectors.meetings import participants
from trygg.meetings.services._common import check_manage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


def recipients(minutes: Minutes) -> list[User]:
    """The core group with an e-mail address: the municipality's coordinators and the active
    members of the participating organisations who may read meetings."""
    meeting = minutes.meeting
    municipality = meeting.municipality
    org_ids = [o.pk for o in participants(meeting)]
    user_ids = Membership.objects.filter(
        municipality=municipality, active=True, organisation_id__in=org_ids
    ).values_list("user_id", flat=True)
    coordinator_ids = Membership.objects.filter(
        municipality=municipality, active=True, role="coordinator"
    ).values_list("user_id", flat=True)
    users = User.objects.filter(pk__in={*user_ids, *coordinator_ids}, is_active=True).exclude(
        email=""
    )
    return [u for u in users.order_by("pk") if can(u, "meeting.view", municipality)]


@transaction.atomic
def minutes_send(*, actor: Actor, minutes: Minutes) -> list[MinutesDelivery]:
    """Queue the minutes for every participant not yet sent this version; returns the new
    deliveries (none: everyone has it)."""
    meeting = minutes.meeting
    check_manage(actor, meeting.municipality)
    if not settings.TRYGG_EMAIL_ENABLED:
        raise ValidationError(
            _("Outgoing e-mail is not configured on this server, so the minutes cannot be sent.")
        )
    people = recipients(minutes)
    if not people:
        raise ValidationError(_("Nobody in the meeting's organisations has an e-mail address."))
    existing = set(
        MinutesDelivery.objects.filter(minutes=minutes).values_list("user_id", flat=True)
    )
    new = [MinutesDelivery(minutes=minutes, user=u) for u in people if u.pk not in existing]
    MinutesDelivery.objects.bulk_create(new, ignore_conflicts=True)
    created = list(
        MinutesDelivery.objects.filter(
            minutes=minutes, user_id__in=[d.user_id for d in new], status="queued"
        )
    )
    if created:
        audit.record(
            actor=actor,
            action="meetings.minutes_send",
            target=meeting,
            municipality=meeting.municipality,
            changes={"version": minutes.version, "recipients": len(created)},
        )
        ids = [d.pk for d in created]
        transaction.on_commit(lambda: _enqueue(ids))
    return created


def _enqueue(ids: list[int]) -> None:
    from trygg.meetings.tasks import deliver_minutes

    deliver_minutes.enqueue(ids)


def _claim(delivery: MinutesDelivery) -> bool:
    return outbox.claim(MinutesDelivery, delivery.pk)


def _settle(delivery: MinutesDelivery, status: str, **values: object) -> None:
    outbox.settle(MinutesDelivery, delivery.pk, status, **values)


def _message(delivery: MinutesDelivery, pdf: bytes, filename: str) -> EmailMessage:
    minutes = delivery.minutes
    meeting = minutes.meeting
    code = meeting.municipality.code
    link = reverse("meetings:minutes", args=[code, meeting.public_id])
    with translation.override(settings.LANGUAGE_CODE):
        starts = dt.datetime.fromisoformat(minutes.content["starts_at"])
        context = {
            "meeting": meeting,
            "minutes": minutes,
            "starts_at": starts,
            "link": f"{settings.TRYGG_SITE_URL}{link}?version={minutes.version}",
            "profile_url": f"{settings.TRYGG_SITE_URL}{reverse('profile')}",
        }
        subject = render_to_string("meetings/email/minutes_subject.txt", context)
        body = render_to_string("meetings/email/minutes_body.txt", context)
    message = EmailMessage(
        " ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [delivery.user.email]
    )
    message.attach(filename, pdf, "application/pdf")
    return message


def _pdf(minutes: Minutes) -> tuple[bytes, str]:
    from trygg.meetings.views.minutes import minutes_context

    meeting = minutes.meeting
    with translation.override(settings.LANGUAGE_CODE):
        context = minutes_context(None, meeting, minutes, outside=False)  # type: ignore[arg-type]
        pdf = pdf_bytes("meetings/pdf/minutes.html", context, base_url=settings.TRYGG_SITE_URL)
    day = dt.datetime.fromisoformat(minutes.content["starts_at"]).date().isoformat()
    return pdf, f"protokoll-{meeting.municipality.code}-{day}-v{minutes.version}.pdf"


def deliver_minutes(ids: list[int]) -> dict[str, int]:
    """Send the queued deliveries among `ids` (the worker's task)."""
    done = {"sent": 0, "failed": 0, "queued_again": 0, "not_claimed": 0}
    pdfs: dict[int, tuple[bytes, str]] = {}
    rows = MinutesDelivery.objects.filter(pk__in=ids).select_related(
        "user", "minutes__meeting__municipality"
    )
    for delivery in rows:
        if not _claim(delivery):
            done["not_claimed"] += 1
            continue
        try:
            if delivery.minutes_id not in pdfs:
                pdfs[delivery.minutes_id] = _pdf(delivery.minutes)
            pdf, filename = pdfs[delivery.minutes_id]
            _message(delivery, pdf, filename).send()
        except Exception as error:  # recorded on the row; retried or failed
            logger.warning("minutes delivery %s not sent: %s", delivery.pk, error)
            again = outbox.failed_attempt(
                MinutesDelivery, delivery.pk, error, max_attempts=MAX_ATTEMPTS
            )
            done["queued_again" if again else "failed"] += 1
            continue
        _settle(delivery, "sent", sent_at=timezone.now())
        done["sent"] += 1
    return done


#: a delivery left "sending" this long was abandoned by a worker that died
STALE = dt.timedelta(minutes=15)
EVERY = dt.timedelta(minutes=15)


def retry_minutes(now: dt.datetime) -> str:
    """The scheduler's job: deliveries a dead worker left "sending", and deliveries queued
    again after a failed attempt, are handed to the worker again (a second hand-over of the
    same row is harmless: it is claimed before it is sent)."""
    requeued = outbox.requeue_stale(MinutesDelivery, now, stale=STALE, max_attempts=MAX_ATTEMPTS)
    waiting = list(
        MinutesDelivery.objects.filter(
            Q(updated_at__lte=now - dt.timedelta(minutes=5)) | Q(updated_at=now),  # or just now
            status=outbox.QUEUED,
        ).values_list("pk", flat=True)
    )
    if waiting:
        transaction.on_commit(lambda: _enqueue(waiting))
    return f"{requeued} queued again, {len(waiting)} handed to the worker"
