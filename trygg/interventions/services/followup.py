"""Writes of an intervention's follow-up: progress updates with hours, and the group's reviews.

Keyword-only, permission checked here, free text screened, one transaction, audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.permissions import can
from trygg.accounts.types import Actor, person_of
from trygg.core import audit
from trygg.core.validators import screened
from trygg.interventions.choices import InterventionStatus, ReviewOutcome
from trygg.interventions.limits import HOURS_DECIMALS, MAX_HOURS_PER_UPDATE, MAX_NOTE
from trygg.interventions.models import Intervention, InterventionReview, InterventionUpdate
from trygg.interventions.services.interventions import EARLIEST, _status_change

UPDATE_TEXT = screened("interventions.InterventionUpdate", "note")
REVIEW_TEXT = screened("interventions.InterventionReview", "note")


# ---------------------------------------------------------------------------------------------
# progress and reviews


def parse_hours(value: Any) -> Decimal:
    """Hours as a Decimal with at most two decimals (given with a decimal comma or point),
    0 ≤ hours ≤ MAX_HOURS_PER_UPDATE, or a ValidationError (Swedish) for the field ``hours``."""
    try:
        hours = Decimal(str(value).replace(",", ".").strip() or "0")
    except (InvalidOperation, ValueError):
        raise ValidationError({"hours": [_("Give the hours as a number, e.g. 2.5.")]}) from None
    if not hours.is_finite():
        raise ValidationError({"hours": [_("Give the hours as a number, e.g. 2.5.")]})
    if hours < 0:
        raise ValidationError({"hours": [_("The hours cannot be negative.")]})
    if hours > MAX_HOURS_PER_UPDATE:
        raise ValidationError(
            {
                "hours": [
                    _("Give at most %(max)s hours in one update.") % {"max": MAX_HOURS_PER_UPDATE}
                ]
            }
        )
    if hours != hours.quantize(Decimal(1).scaleb(-HOURS_DECIMALS)):
        raise ValidationError({"hours": [_("Give the hours with at most two decimals.")]})
    return hours


def hours_str(value: Decimal) -> str:
    """Hours without trailing zeros, for the audit log: 2.50 -> "2.5", 10.00 -> "10"."""
    return format(Decimal(value).normalize(), "f")


def earliest_progress_day(intervention: Intervention) -> dt.date:
    """The first day a progress update may be dated: the day the intervention was created in
    Trygg, or its start date when it started before it was recorded."""
    created = timezone.localdate(intervention.created_at)
    if intervention.start_date is not None and intervention.start_date < created:
        return intervention.start_date
    return created


@transaction.atomic
def intervention_add_progress(
    *,
    actor: Actor,
    intervention: Intervention,
    note: str,
    hours: Any = 0,
    occurred_on: dt.date | None = None,
) -> InterventionUpdate:
    """A progress note with the hours spent, by the owner's members or a coordinator."""
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if not can(actor, "intervention.change", intervention):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if intervention.status == InterventionStatus.CANCELLED:
        errors.setdefault("note", []).append(
            _("The intervention is cancelled; progress can no longer be recorded.")
        )
    try:
        note = UPDATE_TEXT.clean("note", note or "")
    except ValidationError as error:
        errors.setdefault("note", []).extend(error.messages)
    else:
        if not note:
            errors.setdefault("note", []).append(_("Write what has been done."))
        elif len(note) > MAX_NOTE:
            errors.setdefault("note", []).append(
                _("Write at most %(limit)d characters.") % {"limit": MAX_NOTE}
            )
    parsed = Decimal(0)
    try:
        parsed = parse_hours(hours)
    except ValidationError as error:
        errors.update(error.message_dict)
    today = timezone.localdate()
    day = occurred_on or today
    earliest = max(earliest_progress_day(intervention), EARLIEST)
    if day > today:
        errors.setdefault("occurred_on", []).append(_("The date cannot be in the future."))
    elif day < earliest:
        started = intervention.start_date is not None and intervention.start_date == earliest
        message = (
            _("The date cannot be before the intervention’s start date (%(d)s).")
            if started
            else _("The date cannot be before the day the intervention was recorded (%(d)s).")
        )
        errors.setdefault("occurred_on", []).append(message % {"d": earliest.isoformat()})
    if errors:
        raise ValidationError(errors)
    user = person_of(actor)
    organisation = (
        intervention.owner
        if (
            user is not None
            and intervention.owner is not None
            and user.memberships.filter(organisation=intervention.owner, active=True).exists()
        )
        else None
    )
    update = InterventionUpdate.objects.create(
        intervention=intervention,
        note=note,
        hours=parsed,
        occurred_on=day,
        author=user,
        organisation=organisation,
    )
    if parsed:
        Intervention.objects.filter(pk=intervention.pk).update(
            hours_spent=F("hours_spent") + parsed, updated_at=timezone.now()
        )
    audit.record(
        actor=actor,
        action="intervention.progress",
        target=intervention,
        municipality=intervention.municipality,
        organisation=intervention.owner,
        changes={
            "note": note,
            "hours": hours_str(parsed),
            "date": day.isoformat(),
            "hours_spent": [
                hours_str(intervention.hours_spent),
                hours_str(intervention.hours_spent + parsed),
            ],
        },
    )
    return update


CLOSING_OUTCOMES = frozenset({ReviewOutcome.END, ReviewOutcome.REPLACE})


@transaction.atomic
def intervention_review(
    *,
    actor: Actor,
    intervention: Intervention,
    outcome: str,
    note: str = "",
    reviewed_on: dt.date | None = None,
    meeting_ref: UUID | None = None,
) -> InterventionReview:
    """The group's follow-up (a coordinator records it): continue, expand, replace or end.
    "End" and "replace" close the intervention as done (a replacement is a new one)."""
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if not can(actor, "intervention.manage", intervention.municipality):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if outcome not in ReviewOutcome.values:
        errors["outcome"] = [_("Choose what the group decided.")]
    if intervention.status not in (InterventionStatus.DECIDED, InterventionStatus.ONGOING):
        errors.setdefault("outcome", []).append(
            _("Only a decided or ongoing intervention can be followed up.")
        )
    try:
        note = REVIEW_TEXT.clean("note", note or "")
    except ValidationError as error:
        errors["note"] = error.messages
    else:
        if len(note) > MAX_NOTE:
            errors["note"] = [_("Write at most %(limit)d characters.") % {"limit": MAX_NOTE}]
        elif outcome in (ReviewOutcome.EXPAND, ReviewOutcome.REPLACE) and not note:
            errors["note"] = [_("Write how it is expanded or what replaces it.")]
    today = timezone.localdate()
    day = reviewed_on or today
    if not EARLIEST <= day <= today:
        errors["reviewed_on"] = [_("The date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    review = InterventionReview.objects.create(
        intervention=intervention,
        outcome=outcome,
        note=note,
        reviewed_on=day,
        meeting_ref=meeting_ref,
        reviewed_by=person_of(actor),
    )
    changes: dict[str, Any] = {"outcome": outcome, "note": note, "date": day.isoformat()}
    if outcome in CLOSING_OUTCOMES:
        before = intervention.status
        intervention.status = InterventionStatus.DONE
        intervention.save(update_fields=["status", "updated_at"])
        _status_change(actor, intervention, before, InterventionStatus.DONE)
        changes["status"] = [before, InterventionStatus.DONE]
    audit.record(
        actor=actor,
        action="intervention.review",
        target=intervention,
        municipality=intervention.municipality,
        organisation=intervention.owner,
        changes=changes,
    )
    return review
