"""Test helpers of the meetings app: a weekly series and its next meeting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from trygg.meetings.models import Meeting
from trygg.meetings.services.meetings import series_create, series_schedule


def next_weekly(tenant: Any, *, weeks_ahead: int = 0) -> Meeting:
    """A weekly series of `tenant` on Tuesdays at 09:00 and its next meeting."""
    today = timezone.localdate() + dt.timedelta(weeks=weeks_ahead)
    series = series_create(
        actor=tenant.coordinator,
        municipality=tenant.municipality,
        name="EST-möte",
        cadence="weekly",
        weekday=2,
        start_time=dt.time(9, 0),
        first_date=today,
        place="Stadshuset, rum 2",
        organisations=[tenant.org_municipal, tenant.org_housing, tenant.org_police],
    )
    return series_schedule(actor=tenant.coordinator, series=series, count=2, today=today)[0]


def last_weekly(tenant: Any) -> Meeting:
    """A weekly series of `tenant` on Tuesdays at 09:00 and its meeting in the last seven days
    (already held: it can have attendance and be closed)."""
    return next_weekly(tenant, weeks_ahead=-1)
