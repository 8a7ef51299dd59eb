"""Reminders to the owners of interventions: when one is due within DUE_SOON_DAYS, and when it
is overdue. The scheduler (trygg.core.schedule) runs `queue_intervention_reminders`; each
(intervention, due date, kind) gets ONE `InterventionReminder` row however often it runs, and
the worker (`interventions.tasks.deliver_intervention_reminders`) e-mails the owner
organisation's members who have not turned reminders off. A row is claimed (queued → sending)
before it is sent; one left "sending" by a killed worker is queued again after STALE."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from trygg.accounts.models import Membership, User
from trygg.core import outbox
from trygg.core.weeks import STOCKHOLM
from trygg.interventions.choices import InterventionStatus
from trygg.interventions.models import Intervention, InterventionReminder

logger = logging.getLogger(__name__)

EVERY = dt.timedelta(minutes=30)
#: "due soon": this many days before the due date
DUE_SOON_DAYS = 3
STALE = dt.timedelta(minutes=15)
MAX_ATTEMPTS = 3
OPEN = (InterventionStatus.DECIDED, InterventionStatus.ONGOING)


def queue_intervention_reminders(now: dt.datetime) -> str:
    """The scheduler's job: one reminder per open intervention, due date and kind."""
    today = now.astimezone(STOCKHOLM).date()
    requeued = outbox.requeue_stale(
        InterventionReminder, now, stale=STALE, max_attempts=MAX_ATTEMPTS
    )
    candidates = Intervention.objects.filter(
        status__in=OPEN,
        due_date__isnull=False,
        due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS),
        owner__isnull=False,
    ).only("pk", "due_date")
    rows = [
        InterventionReminder(
            intervention_id=i.pk,
            due_date=i.due_date,
            kind=InterventionReminder.KIND_OVERDUE
            if i.due_date < today
            else InterventionReminder.KIND_DUE_SOON,
        )
        for i in candidates
        if i.due_date is not None
    ]
    before = InterventionReminder.objects.count()
    InterventionReminder.objects.bulk_create(rows, ignore_conflicts=True)
    created = InterventionReminder.objects.count() - before
    queued = list(InterventionReminder.objects.filter(status="queued").values_list("pk", flat=True))
    if queued:
        transaction.on_commit(lambda: _enqueue(queued))
    return f"{created} new, {requeued} queued again, {len(queued)} handed to the worker"


def _enqueue(ids: list[int]) -> None:
    from trygg.interventions.tasks import deliver_intervention_reminders

    deliver_intervention_reminders.enqueue(ids)


def recipients(intervention: Intervention) -> list[User]:
    if intervention.owner_id is None:
        return []
    user_ids = Membership.objects.filter(organisation_id=intervention.owner_id, active=True).values(
        "user_id"
    )
    return list(
        User.objects.filter(pk__in=user_ids, is_active=True, mail_notices=True)
        .exclude(email="")
        .order_by("pk")
    )


def _claim(reminder: InterventionReminder) -> bool:
    return outbox.claim(InterventionReminder, reminder.pk)


def _settle(reminder: InterventionReminder, status: str, **values: object) -> None:
    outbox.settle(InterventionReminder, reminder.pk, status, **values)


def _message(reminder: InterventionReminder, user: User) -> EmailMessage:
    intervention = reminder.intervention
    code = intervention.municipality.code
    link = reverse("interventions:detail", args=[code, intervention.public_id])
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "intervention": intervention,
            "overdue": reminder.kind == InterventionReminder.KIND_OVERDUE,
            "due": reminder.due_date,
            "link": f"{settings.TRYGG_SITE_URL}{link}",
            "profile_url": f"{settings.TRYGG_SITE_URL}{reverse('profile')}",
        }
        subject = render_to_string("interventions/email/reminder_subject.txt", context)
        body = render_to_string("interventions/email/reminder_body.txt", context)
    return EmailMessage(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [user.email])


def deliver_intervention_reminders(ids: list[int]) -> dict[str, int]:
    done = {"sent": 0, "skipped": 0, "failed": 0, "queued_again": 0, "not_claimed": 0}
    rows = InterventionReminder.objects.filter(pk__in=ids).select_related(
        "intervention__municipality", "intervention__owner"
    )
    for reminder in rows:
        if not _claim(reminder):
            done["not_claimed"] += 1
            continue
        intervention = reminder.intervention
        if intervention.status not in OPEN or intervention.due_date != reminder.due_date:
            _settle(reminder, "skipped", error="no longer open or due then")
            done["skipped"] += 1
            continue
        people = recipients(intervention)
        if not settings.TRYGG_EMAIL_ENABLED or not people:
            reason = "e-mail is not configured" if people else "nobody to send to"
            _settle(reminder, "skipped", error=reason)
            done["skipped"] += 1
            continue
        try:
            get_connection().send_messages([_message(reminder, user) for user in people])
        except Exception as error:  # recorded on the row; retried or failed
            logger.warning("intervention reminder %s not sent: %s", reminder.pk, error)
            again = outbox.failed_attempt(
                InterventionReminder, reminder.pk, error, max_attempts=MAX_ATTEMPTS
            )
            done["queued_again" if again else "failed"] += 1
            continue
        _settle(reminder, "sent", sent_at=timezone.now(), recipients=len(people))
        done["sent"] += 1
    return done
