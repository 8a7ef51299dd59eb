"""Reminders to organisations that have not reported for the week before its deadline.

The scheduler (trygg.core.schedule, `manage.py run_schedule`) calls `queue_missing_reminders`
every few minutes. For each municipality with reminders on (`Municipality.reminder_hours`), in
the hours before a week's deadline, every organisation expected that week that has neither
reported nor said it has nothing to report gets ONE `ReportingReminder` row — unique per
(organisation, week, kind), so any number of runs, schedulers or workers create it once — and
the queued rows are handed to the task worker (`reports.tasks.deliver_reminders`).

Delivery claims each row (queued → sending, one conditional UPDATE) before it sends, so a
retried task or a second worker never mails twice. A worker killed after the claim leaves the
row "sending": after STALE the next scheduler run queues it again (at most MAX_ATTEMPTS
attempts). Mail that the server accepted just before a worker died is the one case that can be
sent twice; nothing is lost. When the organisation answers meanwhile, the row is closed as
skipped without mail.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trygg.accounts.choices import Role
from trygg.accounts.models import Membership, Organisation, User
from trygg.accounts.permissions import can
from trygg.accounts.types import Actor
from trygg.core import audit, outbox
from trygg.core.weeks import STOCKHOLM, IsoWeek
from trygg.places.models import Municipality
from trygg.reports.models import ReminderStatus, ReportingReminder
from trygg.reports.selectors import completeness_for_week, reporting_deadline

logger = logging.getLogger(__name__)

#: how often the scheduler looks (trygg.reports.apps)
EVERY = dt.timedelta(minutes=5)
#: a row left "sending" this long was abandoned by a worker that died
STALE = dt.timedelta(minutes=15)
MAX_ATTEMPTS = 3
#: roles that report for their organisation (and so are reminded)
REPORTING_ROLES = (Role.REPORTER, Role.PARTNER, Role.COORDINATOR, Role.ANALYST)


def reminder_week(municipality: Municipality, now: dt.datetime) -> IsoWeek | None:
    """The week whose deadline is at most `reminder_hours` ahead of `now`, or None (also when
    reminders are off)."""
    hours = municipality.reminder_hours
    if not hours:
        return None
    today = IsoWeek.of(now.astimezone(STOCKHOLM).date())
    for week in (today.previous(), today):
        deadline = reporting_deadline(municipality, week)
        if deadline - dt.timedelta(hours=hours) <= now < deadline:
            return week
    return None


def queue_missing_reminders(now: dt.datetime) -> str:
    """The scheduler's job: queue the reminders that are due in every municipality and hand
    the queued ones to the worker. Returns a line for the log."""
    created = 0
    queued: list[int] = []
    requeued = outbox.requeue_stale(ReportingReminder, now, stale=STALE, max_attempts=MAX_ATTEMPTS)
    for municipality in Municipality.objects.filter(reminder_hours__gt=0).order_by("pk"):
        week = reminder_week(municipality, now)
        if week is None:
            continue
        missing = [
            row.organisation
            for row in completeness_for_week(municipality, week).rows
            if row.state == "missing"
        ]
        before = ReportingReminder.objects.filter(
            municipality=municipality, week_start=week.monday
        ).count()
        ReportingReminder.objects.bulk_create(
            [
                ReportingReminder(
                    municipality=municipality, organisation=org, week_start=week.monday
                )
                for org in missing
            ],
            ignore_conflicts=True,
        )
        created += (
            ReportingReminder.objects.filter(
                municipality=municipality, week_start=week.monday
            ).count()
            - before
        )
    queued = list(
        ReportingReminder.objects.filter(status=ReminderStatus.QUEUED).values_list("pk", flat=True)
    )
    if queued:
        transaction.on_commit(lambda: _enqueue(queued))
    return f"{created} new, {requeued} queued again, {len(queued)} handed to the worker"


def _enqueue(ids: list[int]) -> None:
    from trygg.reports.tasks import deliver_reminders

    deliver_reminders.enqueue(ids)


def recipients(reminder: ReportingReminder) -> list[User]:
    """Who reports for the organisation: active members in a reporting role with an e-mail
    address who have not turned reminders off."""
    user_ids = Membership.objects.filter(
        organisation=reminder.organisation, active=True, role__in=REPORTING_ROLES
    ).values("user_id")
    return list(
        User.objects.filter(pk__in=user_ids, is_active=True, mail_notices=True)
        .exclude(email="")
        .order_by("pk")
    )


def _claim(reminder: ReportingReminder) -> bool:
    return outbox.claim(ReportingReminder, reminder.pk)


def _settle(reminder: ReportingReminder, status: str, **values: object) -> None:
    outbox.settle(ReportingReminder, reminder.pk, status, **values)


def _answered(reminder: ReportingReminder) -> bool:
    week = IsoWeek.of(reminder.week_start)
    for row in completeness_for_week(reminder.municipality, week).rows:
        if row.organisation.pk == reminder.organisation_id:
            return row.state != "missing"
    return True  # no longer expected that week


def _message(reminder: ReportingReminder, user: User) -> EmailMessage:
    municipality = reminder.municipality
    week = IsoWeek.of(reminder.week_start)
    code = municipality.code
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "organisation": reminder.organisation,
            "municipality": municipality,
            "week": week,
            "deadline": reporting_deadline(municipality, week),
            "report_url": f"{settings.TRYGG_SITE_URL}{reverse('reports:create', args=[code])}",
            "start_url": f"{settings.TRYGG_SITE_URL}{reverse('reports:start', args=[code])}",
            "profile_url": f"{settings.TRYGG_SITE_URL}{reverse('profile')}",
        }
        subject = render_to_string("reports/email/reminder_subject.txt", context)
        body = render_to_string("reports/email/reminder_body.txt", context)
    return EmailMessage(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [user.email])


def deliver_reminders(ids: list[int]) -> dict[str, int]:
    """Send the queued reminders among `ids` (the worker's task). Each is claimed first."""
    done = {"sent": 0, "skipped": 0, "failed": 0, "queued_again": 0, "not_claimed": 0}
    rows = ReportingReminder.objects.filter(pk__in=ids).select_related(
        "municipality", "organisation"
    )
    for reminder in rows:
        if not _claim(reminder):
            done["not_claimed"] += 1
            continue
        if _answered(reminder):
            _settle(reminder, ReminderStatus.SKIPPED, error="answered before the reminder")
            done["skipped"] += 1
            continue
        if not settings.TRYGG_EMAIL_ENABLED:
            _settle(reminder, ReminderStatus.SKIPPED, error="e-mail is not configured")
            done["skipped"] += 1
            continue
        people = recipients(reminder)
        if not people:
            _settle(reminder, ReminderStatus.SKIPPED, error="nobody to send to")
            done["skipped"] += 1
            continue
        try:
            get_connection().send_messages([_message(reminder, user) for user in people])
        except Exception as error:  # recorded on the row; retried or failed
            logger.warning("reminder %s not sent: %s", reminder.pk, error)
            again = outbox.failed_attempt(
                ReportingReminder, reminder.pk, error, max_attempts=MAX_ATTEMPTS
            )
            done["queued_again" if again else "failed"] += 1
            continue
        _settle(reminder, ReminderStatus.SENT, sent_at=timezone.now(), recipients=len(people))
        done["sent"] += 1
    return done


@transaction.atomic
def reminder_send_now(
    *, actor: Actor, organisation: Organisation, week: IsoWeek
) -> tuple[ReportingReminder, bool]:
    """The coordinator reminds one organisation that has not reported for `week` (the
    preparation page's "Skicka påminnelse"). Once per organisation and week: a second click
    returns the first reminder and False. Audited; the worker sends it."""
    municipality = organisation.municipality
    if not can(actor, "report.review", municipality):
        raise PermissionDenied
    missing = {
        row.organisation.pk
        for row in completeness_for_week(municipality, week).rows
        if row.state == "missing"
    }
    if organisation.pk not in missing:
        raise ValidationError(
            _("%(org)s has already answered for week %(w)s, %(y)s, or is not expected to.")
            % {"org": organisation.name, "w": week.week, "y": week.year}
        )
    reminder, created = ReportingReminder.objects.get_or_create(
        organisation=organisation,
        week_start=week.monday,
        kind=ReportingReminder.KIND_COORDINATOR,
        defaults={"municipality": municipality},
    )
    if created:
        audit.record(
            actor=actor,
            action="report.reminder",
            target=organisation,
            municipality=municipality,
            organisation=organisation,
            changes={"week": str(week)},
        )
        ids = [reminder.pk]
        transaction.on_commit(lambda: _enqueue(ids))
    return reminder, created
