"""Freezing the weekly picture: a versioned snapshot that later edits of reports do not change.

The snapshot stores aggregates only — numbers per area × category, totals, trends, the
decided statuses with their reasons, the completeness summary (organisation name and state)
and pinned reports as category, area and date. No report text, no reporter, no place and no
coordinator-only detail is stored, so a snapshot can be shared with every participating
organisation.

`send_snapshot` e-mails a frozen picture to chosen participating organisations: one message
per organisation's contact address with a short summary (status per area), the link and the
PDF attached. It records the deliveries as queued and, after the transaction commits, hands
them to the background worker (`trygg.situation.tasks.deliver_snapshot`), which sends each
message at most once and records it as sent or failed, retrying temporary failures.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import smtplib
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Max, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trygg.accounts.models import Organisation
from trygg.accounts.permissions import can
from trygg.accounts.types import Actor, person_of
from trygg.core import audit
from trygg.core.validators import screened
from trygg.core.weeks import IsoWeek
from trygg.places.models import Municipality
from trygg.reports.models import Report
from trygg.reports.selectors import SHARED_WITH_PARTNERS
from trygg.situation import render as render_snapshots
from trygg.situation.choices import DeliveryStatus
from trygg.situation.models import SnapshotDelivery, WeeklySnapshot
from trygg.situation.selectors import weekly as selectors

logger = logging.getLogger(__name__)

SNAPSHOT_TEXT = screened("situation.WeeklySnapshot", "note")
MAIL_TEMPLATE = "situation/email/snapshot.txt"


@transaction.atomic
def freeze_week(
    *, actor: Actor, municipality: Municipality, week: IsoWeek, note: str = ""
) -> WeeklySnapshot:
    """Freeze the week's picture as the next version for (municipality, week)."""
    if not can(actor, "situation.decide", municipality):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if not selectors.MIN_YEAR <= week.year <= selectors.MAX_YEAR or week > IsoWeek.current():
        errors["week"] = [_("Choose a week that has started.")]
    try:
        note = SNAPSHOT_TEXT.clean("note", note or "")
    except ValidationError as error:
        errors["note"] = error.messages
    else:
        if len(note) > 300:
            errors["note"] = [_("Write at most 300 characters.")]
    if errors:
        raise ValidationError(errors)
    # Serialise concurrent freezes of the municipality: the version is max + 1.
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
    previous = WeeklySnapshot.objects.filter(
        municipality=municipality, week_start=week.monday
    ).aggregate(v=Max("version"))["v"]
    picture = selectors.weekly_picture(municipality, week, user=actor)
    # a snapshot is shared with every partner (page, PDF, e-mail): its pins are the reports
    # every partner may see, never a coordinators-only or rejected one the coordinator pinned
    pinned_ids = [pin.report_id for pin in picture.pinned]
    shared = set(
        Report.objects.filter(SHARED_WITH_PARTNERS, pk__in=pinned_ids).values_list("pk", flat=True)
    )
    picture = dataclasses.replace(
        picture, pinned=[pin for pin in picture.pinned if pin.report_id in shared]
    )
    snapshot = WeeklySnapshot.objects.create(
        municipality=municipality,
        week_start=week.monday,
        version=(previous or 0) + 1,
        data=selectors.picture_data(picture),
        frozen_by=person_of(actor),
        note=note,
    )
    audit.record(
        actor=actor,
        action="situation.freeze",
        target=snapshot,
        municipality=municipality,
        changes={"week": str(week), "version": snapshot.version},
    )
    return snapshot


def snapshot_url(snapshot: WeeklySnapshot) -> str:
    """The absolute link to the snapshot page (TRYGG_SITE_URL; no request needed)."""
    path = reverse("situation:snapshot", args=[snapshot.municipality.code, snapshot.public_id])
    return f"{settings.TRYGG_SITE_URL}{path}"


def _sender_name(actor: Actor) -> str:
    if isinstance(actor, str):
        return actor or "Trygg"
    return str(actor.get_full_name() or actor.get_username())


@transaction.atomic
def send_snapshot(
    *, actor: Actor, snapshot: WeeklySnapshot, organisations: Iterable[Organisation]
) -> list[SnapshotDelivery]:
    """E-mail the frozen picture to each organisation's contact address.

    All or nothing for the choice: every organisation must take part in the snapshot's
    municipality, be active and have a contact e-mail, or nothing is saved. The deliveries
    (queued) and one audit event are written here; after commit one background task is queued
    for them, and the worker marks each delivery sent or failed on its own (the returned
    objects stay as created: read them again for the outcome).
    """
    municipality = snapshot.municipality
    if not can(actor, "situation.decide", municipality):
        raise PermissionDenied
    if not settings.TRYGG_EMAIL_ENABLED:
        raise ValidationError(
            _(
                "Outgoing e-mail is not configured on this server (TRYGG_EMAIL_HOST), so Trygg "
                "cannot send the picture. Use the e-mail links instead."
            )
        )
    chosen = sorted({org.pk: org for org in organisations}.values(), key=lambda o: o.name)
    if not chosen:
        raise ValidationError(
            {"organisations": [_("Choose at least one organisation to send the picture to.")]}
        )
    problems: list[str] = []
    for org in chosen:
        if org.municipality_id != municipality.pk:
            problems.append(
                _("An organisation that does not take part in %(municipality)s was chosen.")
                % {"municipality": municipality.name}
            )
        elif not org.active:
            problems.append(_("%(name)s is not active.") % {"name": org.name})
        elif not org.contact_email:
            problems.append(
                _("%(name)s has no contact e-mail. Add one under Administration → Organisations.")
                % {"name": org.name}
            )
    if problems:
        raise ValidationError({"organisations": list(dict.fromkeys(problems))})
    sent_by = person_of(actor)
    deliveries = [
        SnapshotDelivery.objects.create(
            municipality=municipality,
            snapshot=snapshot,
            organisation=org,
            email=org.contact_email,
            sent_by=sent_by,
        )
        for org in chosen
    ]
    week = IsoWeek.of(snapshot.week_start)
    audit.record(
        actor=actor,
        action="situation.snapshot_send",
        target=snapshot,
        municipality=municipality,
        changes={
            "week": str(week),
            "version": snapshot.version,
            "organisations": [org.name for org in chosen],
        },
    )
    ids = [delivery.pk for delivery in deliveries]
    sender = _sender_name(actor)
    # replies go to the coordinator who sent it, not to the site's sender address
    reply_to = [str(sent_by.email)] if sent_by is not None and sent_by.email else []
    transaction.on_commit(lambda: _enqueue(ids, sender=sender, reply_to=reply_to))
    return deliveries


def _enqueue(delivery_ids: list[int], *, sender: str, reply_to: list[str]) -> None:
    # tasks.py calls this module's deliver_queued; imported here to keep the import one-way
    from trygg.situation.tasks import deliver_snapshot

    deliver_snapshot.enqueue(delivery_ids, sender, reply_to)


# ---------------------------------------------------------------------------------------------
# Delivery (run by the background worker: trygg.situation.tasks.deliver_snapshot)

#: a delivery is tried at most this many times ...
DELIVERY_MAX_ATTEMPTS = 3
#: ... waiting this long after the first and the second temporary failure
DELIVERY_RETRY_DELAYS = (dt.timedelta(minutes=1), dt.timedelta(minutes=5))


@dataclass
class DeliveryRun:
    """What one run of the delivery task did, by delivery id."""

    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    #: deliveries queued again after a temporary failure, by the time they are due
    retry: dict[dt.datetime, list[int]] = field(default_factory=dict)
    #: deliveries another run had already claimed (or that were not due yet)
    skipped: list[int] = field(default_factory=list)


def _due(delivery_ids: Iterable[int], now: dt.datetime) -> QuerySet[SnapshotDelivery]:
    return SnapshotDelivery.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        pk__in=list(delivery_ids),
        status=DeliveryStatus.QUEUED,
    )


def _claim(delivery: SnapshotDelivery) -> bool:
    """Take the delivery for this run: one UPDATE that only a queued, due row passes, so two
    workers (or the same task run twice) can never both send it."""
    now = timezone.now()
    claimed = _due([delivery.pk], now).update(
        status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, updated_at=now
    )
    if claimed != 1:
        return False
    delivery.refresh_from_db(fields=["status", "attempts", "updated_at"])
    return True


def _settle(delivery: SnapshotDelivery, **values: Any) -> None:
    """Record the outcome of the claimed attempt (only while this run holds the claim)."""
    values["updated_at"] = timezone.now()
    SnapshotDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(**values)
    for name, value in values.items():
        setattr(delivery, name, value)


def _error_text(error: BaseException) -> str:
    """A short, readable reason: the server's code and text where it gave one."""

    def reply(code: int, text: bytes | str) -> str:
        text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        return f"{code} {text}".strip()

    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        return "; ".join(reply(code, text) for code, text in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return reply(error.smtp_code, error.smtp_error)
    return str(error) or error.__class__.__name__


def _may_retry(error: BaseException, *, connected: bool) -> bool:
    """True when the message certainly did not reach the mail server and the cause may pass:
    no connection at all, or a temporary (4xx) refusal. A permanent (5xx) refusal is final,
    and so is a connection lost mid-message, which the server may already have accepted."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return any(400 <= code < 500 for code, _text in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return not connected or isinstance(error, ConnectionRefusedError | socket.gaierror)


def _send(message: EmailMessage) -> tuple[str, bool] | None:
    """Hand one message to the mail server on its own connection. None when it was accepted,
    otherwise (reason, may it be retried)."""
    connection = get_connection()
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as error:
        return _error_text(error), _may_retry(error, connected=False)
    try:
        connection.send_messages([message])
    except (
        smtplib.SMTPRecipientsRefused,
        smtplib.SMTPResponseException,
        ConnectionRefusedError,
        socket.gaierror,
    ) as error:
        # a refusal by the server (or no connection at all): it did not accept the message
        return _error_text(error), _may_retry(error, connected=True)
    except (smtplib.SMTPException, OSError) as error:
        # the conversation broke off: the server may already have accepted the message
        return (
            _(
                "The mail server did not confirm the message (%(error)s). It may have arrived, "
                "so Trygg does not send it again."
            )
            % {"error": _error_text(error)},
            False,
        )
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.close()  # the outcome is known; a failing QUIT does not change it
    return None


def deliver_queued(delivery_ids: list[int], *, sender: str, reply_to: list[str]) -> DeliveryRun:
    """Send the due, queued deliveries: one message and one SMTP connection each, so that one
    refused address does not stop the others.

    Each delivery is claimed (queued → sending, attempts + 1) before its message is handed
    over and marked sent or failed after; a temporary failure queues it again with back-off
    (DELIVERY_RETRY_DELAYS) until DELIVERY_MAX_ATTEMPTS. The caller schedules `run.retry`.
    """
    run = DeliveryRun()
    started = timezone.now()  # retries are counted from here, so one run needs few tasks
    deliveries = list(
        _due(delivery_ids, started)
        .select_related("snapshot__municipality", "organisation")
        .order_by("organisation__name")
    )
    run.skipped = sorted(set(delivery_ids) - {delivery.pk for delivery in deliveries})
    if not deliveries:
        return run
    snapshot = deliveries[0].snapshot
    # the organisations get the site's language, not the sender's interface language
    with translation.override(settings.LANGUAGE_CODE):
        try:
            pdf = render_snapshots.snapshot_pdf(snapshot, base_url=f"{settings.TRYGG_SITE_URL}/")
        except Exception:  # WeasyPrint or its system libraries: nothing can be sent
            logger.exception("Could not render the PDF of snapshot %s", snapshot.public_id)
            for delivery in deliveries:
                if _claim(delivery):
                    _settle(
                        delivery,
                        status=DeliveryStatus.FAILED,
                        error=_("The PDF could not be made."),
                        next_attempt_at=None,
                    )
                    run.failed.append(delivery.pk)
                else:
                    run.skipped.append(delivery.pk)
            return run
        context = render_snapshots.snapshot_context(snapshot)
        context.update(
            municipality=snapshot.municipality, url=snapshot_url(snapshot), sender=sender
        )
        subject = render_snapshots.snapshot_subject(snapshot)
        body = render_to_string(MAIL_TEMPLATE, context)
        filename = render_snapshots.snapshot_pdf_filename(snapshot)
        for delivery in deliveries:
            if not _claim(delivery):
                run.skipped.append(delivery.pk)
                continue
            message = EmailMessage(subject, body, to=[delivery.email], reply_to=reply_to)
            message.attach(filename, pdf, "application/pdf")
            failure = _send(message)
            if failure is None:
                _settle(
                    delivery,
                    status=DeliveryStatus.SENT,
                    sent_at=timezone.now(),
                    error="",
                    next_attempt_at=None,
                )
                run.sent.append(delivery.pk)
                continue
            reason, may_retry = failure
            logger.warning(
                "Snapshot delivery %s failed (attempt %s): %s",
                delivery.public_id,
                delivery.attempts,
                reason,
            )
            if may_retry and delivery.attempts < DELIVERY_MAX_ATTEMPTS:
                due = started + DELIVERY_RETRY_DELAYS[delivery.attempts - 1]
                _settle(
                    delivery, status=DeliveryStatus.QUEUED, error=reason[:300], next_attempt_at=due
                )
                run.retry.setdefault(due, []).append(delivery.pk)
            else:
                _settle(
                    delivery, status=DeliveryStatus.FAILED, error=reason[:300], next_attempt_at=None
                )
                run.failed.append(delivery.pk)
    return run
