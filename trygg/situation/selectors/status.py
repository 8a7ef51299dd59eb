"""Reads of decided area statuses (the status form's carry-forward from the week before)."""

from __future__ import annotations

from trygg.core.weeks import IsoWeek
from trygg.places.models import Municipality
from trygg.situation.models import AreaStatus


def statuses_of_week(municipality: Municipality, week: IsoWeek) -> dict[int, AreaStatus]:
    """The statuses decided for `week`, by area id."""
    return {
        status.area_id: status
        for status in AreaStatus.objects.filter(
            municipality=municipality, week_start=week.monday
        ).select_related("decided_by")
    }
