"""Freezing the weekly picture: a versioned snapshot that later edits of reports do not change.

The snapshot stores aggregates only — numbers per area × category, totals, trends, the
decided statuses with their reasons, the completeness summary (organisation name and state)
and pinned reports as category, area and date. No report text, no reporter, no place and no
coordinator-only detail is stored, so a snapshot can be shared with every participating
organisation.

`send_snapshot` e-mails a frozen picture to chosen participating organisations: one message
per organisation's contact address with a short summary (status per area), the link and the
PDF attached, sent after the transaction commits; each delivery is recorded as sent or failed.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trygg.accounts.models import Organisation
from trygg.accounts.permissions import can
from trygg.accounts.types import Actor, person_of
from trygg.core import audit
from trygg.core.validators import clean_text
from trygg.core.weeks import IsoWeek
from trygg.places.models import Municipality
from trygg.situation import render as render_snapshots
from trygg.situation.choices import DeliveryStatus
from trygg.situation.models import SnapshotDelivery, WeeklySnapshot
from trygg.situation.selectors import weekly as selectors

logger = logging.getLogger(__name__)

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
        note = clean_text(note or "")
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
    (queued) and one audit event are written here; the messages go out after commit, and each
    delivery is then marked sent or failed on its own (the returned objects stay as created:
    read them again for the outcome).
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
    transaction.on_commit(lambda: _deliver(ids, sender=sender, reply_to=reply_to))
    return deliveries


def _mark(delivery: SnapshotDelivery, status: str, error: str = "") -> None:
    delivery.status = status
    delivery.error = error[:300]
    delivery.sent_at = timezone.now() if status == DeliveryStatus.SENT else None
    delivery.save(update_fields=["status", "error", "sent_at", "updated_at"])


def _error_text(error: OSError) -> str:
    """A short, readable reason: the server's code and text where it gave one."""

    def reply(code: int, text: bytes | str) -> str:
        text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        return f"{code} {text}".strip()

    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        return "; ".join(reply(code, text) for code, text in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return reply(error.smtp_code, error.smtp_error)
    return str(error) or error.__class__.__name__


def _deliver(delivery_ids: list[int], *, sender: str, reply_to: list[str]) -> None:
    """Send the queued deliveries (after commit): one message each, failures kept apart."""
    deliveries = list(
        SnapshotDelivery.objects.filter(pk__in=delivery_ids, status=DeliveryStatus.QUEUED)
        .select_related("snapshot__municipality", "organisation")
        .order_by("organisation__name")
    )
    if not deliveries:
        return
    snapshot = deliveries[0].snapshot
    # the organisations get the site's language, not the sender's interface language
    with translation.override(settings.LANGUAGE_CODE):
        try:
            pdf = render_snapshots.snapshot_pdf(snapshot, base_url=f"{settings.TRYGG_SITE_URL}/")
        except Exception:  # WeasyPrint or its system libraries: nothing can be sent
            logger.exception("Could not render the PDF of snapshot %s", snapshot.public_id)
            for delivery in deliveries:
                _mark(delivery, DeliveryStatus.FAILED, _("The PDF could not be made."))
            return
        context = render_snapshots.snapshot_context(snapshot)
        context.update(
            municipality=snapshot.municipality, url=snapshot_url(snapshot), sender=sender
        )
        subject = render_snapshots.snapshot_subject(snapshot)
        body = render_to_string(MAIL_TEMPLATE, context)
        filename = render_snapshots.snapshot_pdf_filename(snapshot)
    for delivery in deliveries:
        message = EmailMessage(subject, body, to=[delivery.email], reply_to=reply_to)
        message.attach(filename, pdf, "application/pdf")
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as error:
            logger.warning("Snapshot delivery %s failed: %s", delivery.public_id, error)
            _mark(delivery, DeliveryStatus.FAILED, _error_text(error))
        else:
            _mark(delivery, DeliveryStatus.SENT)
