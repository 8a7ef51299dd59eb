"""Reads of the risk-day calendar: the computed Swedish defaults with the municipality's
settings, plus its own risk days."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404

from trygg.core.riskdays import RiskDay, risk_days_between
from trygg.meetings.models import LocalRiskDay, RiskCalendar
from trygg.places.models import Municipality


def calendar_of(municipality: Municipality) -> RiskCalendar:
    """The municipality's settings (unsaved defaults when none are stored)."""
    found = RiskCalendar.objects.filter(municipality=municipality).first()
    return found or RiskCalendar(municipality=municipality)


def local_risk_days(municipality: Municipality) -> list[LocalRiskDay]:
    return list(LocalRiskDay.objects.filter(municipality=municipality))


def local_risk_day_get(*, municipality: Municipality, public_id: Any) -> LocalRiskDay:
    found = LocalRiskDay.objects.filter(municipality=municipality, public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def risk_days_ahead(municipality: Municipality, start: dt.date, days: int) -> list[RiskDay]:
    """The default and local risk days that touch `start` .. `start` + `days` - 1."""
    end = start + dt.timedelta(days=days - 1)
    settings = calendar_of(municipality)
    local = [
        RiskDay("local", d.name, d.first_day, d.last_day, note=d.note, local=True)
        for d in LocalRiskDay.objects.filter(
            municipality=municipality, first_day__lte=end, last_day__gte=start
        )
    ]
    return risk_days_between(
        start,
        end,
        sportlov_week=settings.sportlov_week,
        school_end_week=settings.school_end_week,
        local=local,
    )
