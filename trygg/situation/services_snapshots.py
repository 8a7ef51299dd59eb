"""Freezing the weekly picture: a versioned snapshot that later edits of reports do not change.

The snapshot stores aggregates only — numbers per area × category, totals, trends, the
decided statuses with their reasons, the completeness summary (organisation name and state)
and pinned reports as category, area and date. No report text, no reporter, no place and no
coordinator-only detail is stored, so a snapshot can be shared with every participating
organisation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from trygg.accounts.permissions import can
from trygg.core import audit
from trygg.core.validators import clean_text
from trygg.core.weeks import IsoWeek
from trygg.places.models import Municipality
from trygg.situation import selectors
from trygg.situation.models import WeeklySnapshot

SCHEMA = 1


def _num(value: Any, digits: int = 4) -> Any:
    if value is None:
        return None
    return round(float(value), digits)


def _cell(cell: selectors.Cell) -> dict[str, Any]:
    return {
        "observed": int(cell.observed),
        "expected": _num(cell.expected),
        "lower": None if cell.lower is None else int(cell.lower),
        "upper": None if cell.upper is None else int(cell.upper),
        "p": _num(cell.p, 6),
        "q": _num(cell.q, 6),
        "flagged": bool(cell.flagged),
        "above_band": bool(cell.above_band),
        "harm": _num(cell.harm, 2),
    }


def picture_data(picture: selectors.WeeklyPicture) -> dict[str, Any]:
    """The JSON-ready, aggregate-only content of a weekly picture."""
    areas: list[dict[str, Any]] = []
    for area in picture.areas:
        status = None
        if area.status is not None:
            status = {"level": area.status.status, "reason": area.status.reason}
        areas.append(
            {
                "id": str(area.area.public_id),
                "name": area.area.name,
                "status": status,
                "proposal": area.proposal,
                "total": _cell(area.total),
                "harm_expected": _num(area.harm_expected, 2),
                "harm_upper": _num(area.harm_upper, 2),
                "flagged_categories": sum(1 for row in area.rows if row.cell.flagged),
                "rows": [
                    {"code": row.category.code, "label": row.category.label, **_cell(row.cell)}
                    for row in area.rows
                ],
                "trend": [
                    {
                        "week": str(point.week),
                        "observed": int(point.observed),
                        "expected": _num(point.expected),
                        "lower": point.lower,
                        "upper": point.upper,
                    }
                    for point in area.trend
                ],
            }
        )
    completeness = picture.completeness
    pinned = [
        {
            "category": pin.report.category.label,
            "area": pin.report.area.name if pin.report.area else "",
            "date": pin.report.occurred_start.date().isoformat()
            if isinstance(pin.report.occurred_start, dt.datetime)
            else str(pin.report.week_start),
        }
        for pin in picture.pinned
    ]
    return {
        "schema": SCHEMA,
        "week": str(picture.week),
        "week_start": picture.week.monday.isoformat(),
        "week_end": picture.week.sunday.isoformat(),
        "k": picture.k,
        "has_baseline": picture.has_baseline,
        "last_year_used": picture.last_year_used,
        "areas": areas,
        "completeness": {
            "expected": completeness.expected,
            "reported": completeness.reported,
            "nothing": completeness.nothing,
            "missing": completeness.missing,
            "complete": completeness.complete,
            "rows": [
                {
                    "organisation": row.organisation.name,
                    "state": row.state,
                    "report_count": int(row.report_count),
                }
                for row in completeness.rows
            ],
        },
        "pinned": pinned,
    }


@transaction.atomic
def freeze_week(
    *, actor: Any, municipality: Municipality, week: IsoWeek, note: str = ""
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
        data=picture_data(picture),
        frozen_by=actor if getattr(actor, "pk", None) else None,
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
