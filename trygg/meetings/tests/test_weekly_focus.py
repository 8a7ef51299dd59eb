"""The weekly picture shows the focus areas and hot spots the EST meeting decided for that
week (contributed by the meetings app to situation.weekly.aside), never an internal one, and
only to readers of meetings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from trygg.core.weeks import IsoWeek
from trygg.meetings.services.decisions import decision_record
from trygg.meetings.tests.helpers import last_weekly

pytestmark = pytest.mark.django_db

SV = {"HTTP_ACCEPT_LANGUAGE": "sv"}


def test_the_weekly_picture_shows_the_meetings_focus_for_the_week(client: Any, world: Any) -> None:
    flen = world.flen
    meeting = last_weekly(flen)
    decision_record(
        actor=flen.coordinator,
        meeting=meeting,
        kind="focus",
        text="Närvaro kvällstid vid torget.",
        focus_areas=[flen.centrum],
        hot_spots=[flen.place],
    )
    decision_record(
        actor=flen.coordinator,
        meeting=meeting,
        kind="focus",
        text="Hemligt fokus.",
        focus_areas=[flen.norr],
        internal=True,
    )
    week = IsoWeek.of(meeting.review_week + dt.timedelta(days=7))
    url = reverse("situation:weekly", args=[flen.municipality.code]) + f"?week={week}"
    client.force_login(flen.coordinator)
    body = client.get(url, **SV).content.decode()
    assert "EST-mötets fokus för veckan" in body
    assert "Närvaro kvällstid vid torget." in body and flen.place.name in body
    assert "Hemligt fokus." not in body
    # the week the meeting reviewed is not the week the focus is for
    reviewed = reverse("situation:weekly", args=[flen.municipality.code])
    other = client.get(f"{reviewed}?week={IsoWeek.of(meeting.review_week)}", **SV)
    assert "EST-mötets fokus för veckan" not in other.content.decode()
    client.force_login(flen.reporter)  # reporters do not read meetings
    page = client.get(url, **SV)
    assert "EST-mötets fokus för veckan" not in page.content.decode()
