"""Writes of the weekly picture: area statuses and pinned reports (atomic, audited)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trygg.accounts.permissions import can
from trygg.accounts.types import Actor, person_of
from trygg.core import audit
from trygg.core.validators import screened
from trygg.core.weeks import IsoWeek
from trygg.places.models import Area
from trygg.reports.models import Report
from trygg.situation.choices import StatusLevel
from trygg.situation.models import AreaStatus, PinnedReport

STATUS_TEXT = screened("situation.AreaStatus", "reason")
PIN_TEXT = screened("situation.PinnedReport", "note")
STATUS_AUDIT_FIELDS = ["status", "reason", "proposed_status", "proposal_basis"]


def _check_decide(actor: Actor, municipality: Any) -> None:
    if not can(actor, "situation.decide", municipality):
        raise PermissionDenied


@transaction.atomic
def area_status_set(
    *,
    actor: Actor,
    area: Area,
    week: IsoWeek,
    status: str,
    reason: str,
    proposed_status: str = "",
    proposal_basis: dict[str, Any] | None = None,
) -> AreaStatus:
    """Set (or change) the area's status for the week, with the reason and the proposal."""
    municipality = area.municipality
    _check_decide(actor, municipality)
    errors: dict[str, list[str]] = {}
    if status not in StatusLevel.values:
        errors["status"] = [_("Choose a status.")]
    try:
        reason = STATUS_TEXT.clean("reason", reason)
    except ValidationError as error:
        errors["reason"] = error.messages
    else:
        if not reason:
            errors["reason"] = [_("Write the reason for the status.")]
        elif len(reason) > 2000:
            errors["reason"] = [_("Write at most 2000 characters.")]
    if proposed_status and proposed_status not in StatusLevel.values:
        proposed_status = ""
    if errors:
        raise ValidationError(errors)
    current = (
        AreaStatus.objects.select_for_update().filter(area=area, week_start=week.monday).first()
    )
    before = audit.snapshot(current, STATUS_AUDIT_FIELDS) if current else {}
    if current is None:
        current = AreaStatus(municipality=municipality, area=area, week_start=week.monday)
    current.status = status
    current.reason = reason
    current.proposed_status = proposed_status
    current.proposal_basis = proposal_basis or {}
    current.decided_by = person_of(actor)
    current.full_clean(exclude=["decided_by"])
    current.save()
    after = audit.snapshot(current, STATUS_AUDIT_FIELDS)
    audit.record(
        actor=actor,
        action="situation.area_status",
        target=current,
        municipality=municipality,
        changes={"week": str(week), **audit.diff(before, after)},
    )
    return current


@transaction.atomic
def area_statuses_set(
    *, actor: Actor, week: IsoWeek, decisions: list[dict[str, Any]]
) -> list[AreaStatus]:
    """Set several areas' statuses at once: all or nothing.

    `decisions`: dicts with area, status, reason, proposed_status, proposal_basis. A
    ValidationError carries the errors per area as {"<area public_id>": [messages]}.
    """
    saved: list[AreaStatus] = []
    errors: dict[str, list[str]] = {}
    for decision in decisions:
        area = decision["area"]
        try:
            with transaction.atomic():
                saved.append(area_status_set(actor=actor, week=week, **decision))
        except ValidationError as error:
            messages: list[str] = []
            for field_errors in error.message_dict.values():
                messages.extend(field_errors)
            errors[str(area.public_id)] = messages
    if errors:
        raise ValidationError(errors)
    return saved


@transaction.atomic
def report_pin(*, actor: Actor, report: Report, week: IsoWeek, note: str = "") -> PinnedReport:
    """Pin a report as notable in the week's picture (pinning again updates the note)."""
    municipality = report.municipality
    _check_decide(actor, municipality)
    try:
        note = PIN_TEXT.clean("note", note)
    except ValidationError as error:
        raise ValidationError({"note": error.messages}) from error
    if len(note) > 300:
        raise ValidationError({"note": [_("Write at most 300 characters.")]})
    pin, created = PinnedReport.objects.get_or_create(
        report=report,
        week_start=week.monday,
        defaults={
            "municipality": municipality,
            "note": note,
            "pinned_by": person_of(actor),
        },
    )
    if not created and pin.note != note:
        pin.note = note
        pin.save(update_fields=["note", "updated_at"])
    audit.record(
        actor=actor,
        action="situation.pin",
        target=report,
        municipality=municipality,
        changes={"week": str(week), "note": note},
    )
    return pin


@transaction.atomic
def report_unpin(*, actor: Actor, report: Report, week: IsoWeek) -> None:
    municipality = report.municipality
    _check_decide(actor, municipality)
    deleted, _rows = PinnedReport.objects.filter(report=report, week_start=week.monday).delete()
    if deleted:
        audit.record(
            actor=actor,
            action="situation.unpin",
            target=report,
            municipality=municipality,
            changes={"week": str(week)},
        )
