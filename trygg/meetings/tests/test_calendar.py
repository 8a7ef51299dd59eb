"""Each user's calendar feed of meetings: a secret, revocable address; stable UIDs across
fetches; a cancellation carried with a new SEQUENCE; only the user's own meetings."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from trygg.core.models import AuditEvent
from trygg.meetings import ical
from trygg.meetings.models import CalendarFeed
from trygg.meetings.services.calendar import calendar_feed_create, meeting_cancel
from trygg.meetings.services.meetings import meeting_create
from trygg.meetings.tests.helpers import next_weekly

pytestmark = pytest.mark.django_db


def fetch(client: Any, feed: CalendarFeed) -> str:
    response = client.get(reverse("calendar_feed", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content.decode()


def events(text: str) -> dict[str, str]:
    """UID -> the VEVENT's unfolded text."""
    unfolded = text.replace("\r\n ", "")
    return {
        re.search(r"UID:(.+)", block).group(1).strip(): block  # type: ignore[union-attr]
        for block in unfolded.split("BEGIN:VEVENT")[1:]
    }


def test_the_feed_carries_the_users_meetings_with_stable_ids(client: Any, world: Any) -> None:
    flen = world.flen
    meeting = next_weekly(flen)
    feed = calendar_feed_create(actor=flen.police)
    first = fetch(client, feed)  # no login: the address is the key
    assert first.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    uid = f"{meeting.public_id}@trygg"
    assert uid in events(first)
    block = events(first)[uid]
    assert "STATUS:CONFIRMED" in block and "SEQUENCE:0" in block
    assert "LOCATION:Stadshuset\\, rum 2" in block
    start = meeting.starts_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}" in block
    assert set(events(fetch(client, feed))) == set(events(first))  # the same UIDs next time
    assert all(len(line.encode()) <= 75 for line in first.split("\r\n"))
    # cancelled: the same UID, a new SEQUENCE, STATUS:CANCELLED
    meeting_cancel(actor=flen.coordinator, meeting=meeting)
    block = events(fetch(client, feed))[uid]
    assert "STATUS:CANCELLED" in block and "SEQUENCE:1" in block
    assert AuditEvent.objects.filter(action="meetings.meeting_cancel").exists()


def test_only_meetings_the_user_takes_part_in(client: Any, world: Any) -> None:
    flen = world.flen
    with_police = next_weekly(flen)
    without = meeting_create(
        actor=flen.coordinator,
        municipality=flen.municipality,
        kind="strategic",
        title="LokBrå",
        starts_at=with_police.starts_at + dt.timedelta(days=3),
        organisations=[flen.org_municipal],
    )
    other = next_weekly(world.degerfors)
    police = events(fetch(client, calendar_feed_create(actor=flen.police)))
    assert f"{with_police.public_id}@trygg" in police
    assert f"{without.public_id}@trygg" not in police  # the police do not take part
    assert f"{other.public_id}@trygg" not in police  # another municipality
    coordinator = events(fetch(client, calendar_feed_create(actor=flen.coordinator)))
    assert f"{without.public_id}@trygg" in coordinator
    # a reporter may not read meetings: an empty calendar
    assert events(fetch(client, calendar_feed_create(actor=flen.reporter))) == {}


def test_a_new_address_replaces_the_old_and_revoking_ends_it(client: Any, world: Any) -> None:
    user = world.flen.partner
    client.force_login(user)
    manage = reverse("calendar_feed_manage")
    client.post(manage, {"action": "create"})
    old = CalendarFeed.objects.get(user=user, revoked_at__isnull=True)
    page = client.get(reverse("profile"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Möten i din kalender" in page and old.token in page
    client.post(manage, {"action": "create"})
    new = CalendarFeed.objects.get(user=user, revoked_at__isnull=True)
    assert new.token != old.token
    assert client.get(reverse("calendar_feed", args=[old.token])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[new.token])).status_code == 200
    api = client.get("/api/v1/me/calendar/").json()
    assert api["url"].endswith(f"/calendar/{new.token}.ics")
    client.post(manage, {"action": "revoke"})
    assert client.get(reverse("calendar_feed", args=[new.token])).status_code == 404
    assert client.get("/api/v1/me/calendar/").json()["url"] is None
    assert client.get(reverse("calendar_feed", args=["nonsense"])).status_code == 404
    client.logout()
    assert client.post(manage, {"action": "create"}).status_code == 302  # to the login page
    assert client.get("/api/v1/me/calendar/").status_code in (401, 403)


def test_cancel_rules(client: Any, world: Any) -> None:
    flen = world.flen
    meeting = next_weekly(flen)
    with pytest.raises(PermissionDenied):
        meeting_cancel(actor=flen.partner, meeting=meeting)
    meeting_cancel(actor=flen.coordinator, meeting=meeting)
    with pytest.raises(ValidationError):
        meeting_cancel(actor=flen.coordinator, meeting=meeting)
    client.force_login(flen.coordinator)
    page = client.get(
        reverse("meetings:detail", args=["0482", meeting.public_id]), HTTP_ACCEPT_LANGUAGE="sv"
    ).content.decode()
    assert "Inställt" in page and "Ställ in mötet" not in page


def test_ical_escapes_and_folds() -> None:
    assert ical.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "SUMMARY:" + "å" * 60
    folded = ical.fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
