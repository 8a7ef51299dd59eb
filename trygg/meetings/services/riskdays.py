"""Writes of the risk-day calendar: the settings of the defaults and the local risk days."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trygg.accounts.types import Actor
from trygg.core import audit
from trygg.core.validators import screened
from trygg.meetings import limits
from trygg.meetings.models import LocalRiskDay, RiskCalendar
from trygg.meetings.services._common import check_manage, clean_into
from trygg.places.models import Municipality

RISK_DAY_TEXT = screened("meetings.LocalRiskDay", "name", "note")
RISK_DAY_FIELDS = ["name", "first_day", "last_day", "note"]


@transaction.atomic
def risk_calendar_set(
    *, actor: Actor, municipality: Municipality, sportlov_week: int, school_end_week: int
) -> RiskCalendar:
    check_manage(actor, municipality)
    errors: dict[str, list[str]] = {}
    if not 1 <= sportlov_week <= 52:
        errors["sportlov_week"] = [_("Give a week between 1 and 52.")]
    if not 1 <= school_end_week <= 52:
        errors["school_end_week"] = [_("Give a week between 1 and 52.")]
    if errors:
        raise ValidationError(errors)
    calendar, _created = RiskCalendar.objects.get_or_create(municipality=municipality)
    fields = ["sportlov_week", "school_end_week"]
    before = audit.snapshot(calendar, fields)
    calendar.sportlov_week, calendar.school_end_week = sportlov_week, school_end_week
    calendar.save()
    changes = audit.diff(before, audit.snapshot(calendar, fields))
    if changes:
        audit.record(
            actor=actor,
            action="meetings.risk_calendar",
            target=calendar,
            municipality=municipality,
            changes=changes,
        )
    return calendar


@transaction.atomic
def local_risk_day_save(
    *,
    actor: Actor,
    municipality: Municipality,
    name: str,
    first_day: dt.date,
    last_day: dt.date | None = None,
    note: str = "",
    risk_day: LocalRiskDay | None = None,
) -> LocalRiskDay:
    """Create a local risk day, or change `risk_day`."""
    check_manage(actor, municipality)
    if risk_day is not None and risk_day.municipality_id != municipality.pk:
        raise ValidationError(_("Choose a risk day of the municipality."))
    errors: dict[str, list[str]] = {}
    name = clean_into(errors, RISK_DAY_TEXT, "name", name, limits.NAME_MAX)
    if not name and "name" not in errors:
        errors["name"] = [_("Name the risk day.")]
    note = clean_into(errors, RISK_DAY_TEXT, "note", note, limits.NOTE_MAX)
    last_day = last_day or first_day
    if last_day < first_day:
        errors["last_day"] = [_("The last day cannot be before the first day.")]
    elif (last_day - first_day).days >= limits.RISK_DAY_SPAN_MAX:
        errors["last_day"] = [
            _("A risk day covers at most %(days)s days.") % {"days": limits.RISK_DAY_SPAN_MAX}
        ]
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(risk_day, RISK_DAY_FIELDS) if risk_day else {}
    day = risk_day or LocalRiskDay(municipality=municipality)
    day.name, day.first_day, day.last_day, day.note = name, first_day, last_day, note
    day.save()
    audit.record(
        actor=actor,
        action="meetings.risk_day_save",
        target=day,
        municipality=municipality,
        changes=audit.diff(before, audit.snapshot(day, RISK_DAY_FIELDS)),
    )
    return day


@transaction.atomic
def local_risk_day_delete(*, actor: Actor, risk_day: LocalRiskDay) -> None:
    municipality = risk_day.municipality
    check_manage(actor, municipality)
    changes = audit.removed(risk_day, RISK_DAY_FIELDS)
    audit.record(
        actor=actor,
        action="meetings.risk_day_delete",
        target=risk_day,
        municipality=municipality,
        changes=changes,
    )
    risk_day.delete()
