"""Reads of meetings, scoped to the municipality."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from trygg.accounts.models import Organisation
from trygg.accounts.permissions import can
from trygg.core.weeks import IsoWeek
from trygg.meetings.choices import MeetingStatus
from trygg.meetings.models import Meeting, MeetingSeries, Minutes
from trygg.places.models import Municipality


def meetings_of(municipality: Municipality) -> QuerySet[Meeting]:
    return Meeting.objects.filter(municipality=municipality).select_related("series")


def upcoming_meetings(municipality: Municipality, *, limit: int = 20) -> list[Meeting]:
    """Meetings not closed whose start is today or later, and the held ones still open."""
    today = timezone.localdate()
    qs = meetings_of(municipality).exclude(status=MeetingStatus.CLOSED)
    return list(qs.filter(starts_at__date__gte=today).order_by("starts_at")[:limit])


def past_meetings(municipality: Municipality, *, limit: int = 50) -> list[Meeting]:
    today = timezone.localdate()
    qs = meetings_of(municipality).filter(starts_at__date__lt=today)
    closed = meetings_of(municipality).filter(status=MeetingStatus.CLOSED)
    return list((qs | closed).distinct().order_by("-starts_at")[:limit])


def next_meeting(municipality: Municipality) -> Meeting | None:
    """The meeting to prepare: the earliest one not closed or cancelled from today on."""
    today = timezone.localdate()
    return (
        meetings_of(municipality)
        .exclude(status__in=[MeetingStatus.CLOSED, MeetingStatus.CANCELLED])
        .filter(starts_at__date__gte=today)
        .order_by("starts_at")
        .first()
    )


def meeting_get(*, municipality: Municipality, public_id: Any) -> Meeting:
    meeting = meetings_of(municipality).filter(public_id=public_id).first()
    if meeting is None:
        raise Http404
    return meeting


def series_of(municipality: Municipality) -> list[MeetingSeries]:
    return list(MeetingSeries.objects.filter(municipality=municipality))


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The meeting before `meeting` (the same series for a series meeting)."""
    qs = Meeting.objects.filter(
        municipality=meeting.municipality, starts_at__lt=meeting.starts_at
    ).exclude(pk=meeting.pk)
    if meeting.series_id is not None:
        qs = qs.filter(series_id=meeting.series_id)
    return qs.order_by("-starts_at").first()


def participants(meeting: Meeting) -> list[Organisation]:
    """The participating organisations, or all active ones when none were chosen."""
    chosen = list(meeting.organisations.filter(active=True).order_by("name"))
    if chosen:
        return chosen
    return list(
        Organisation.objects.filter(municipality=meeting.municipality, active=True).order_by("name")
    )


def in_core_group(user: Any, meeting: Meeting) -> bool:
    """Coordinators and the members of the meeting's participating organisations read the
    full minutes; everyone else who may read meetings gets the version for outside."""
    if can(user, "meeting.manage", meeting.municipality):
        return True
    if not can(user, "meeting.view", meeting.municipality):
        return False
    org_ids = {o.pk for o in participants(meeting)}
    return bool(
        user.memberships.filter(
            municipality=meeting.municipality, active=True, organisation_id__in=org_ids
        ).exists()
    )


def minutes_versions(meeting: Meeting) -> list[Minutes]:
    return list(Minutes.objects.filter(meeting=meeting).select_related("closed_by"))


def minutes_get(meeting: Meeting, version: int | None = None) -> Minutes:
    qs = Minutes.objects.filter(meeting=meeting)
    found = qs.filter(version=version).first() if version else qs.order_by("-version").first()
    if found is None:
        raise Http404
    return found


def outside_edition(content: dict[str, Any]) -> dict[str, Any]:
    """The minutes without the items and decisions marked internal."""
    items = [i for i in content.get("items", []) if not i.get("internal")]
    decisions = [d for d in content.get("decisions", []) if not d.get("internal")]
    return {**content, "items": items, "decisions": decisions, "edition": "outside"}


#: the calendar feed shows meetings from this long ago ...
FEED_PAST = dt.timedelta(days=90)
#: ... to this far ahead
FEED_AHEAD = dt.timedelta(days=400)


def meetings_for_feed(user: Any, *, now: dt.datetime | None = None) -> list[Meeting]:
    """The meetings in a user's calendar feed: in every municipality where they may read
    meetings, those their organisation takes part in (all of them for a coordinator, and
    meetings without chosen organisations for everyone), cancelled ones included."""
    now = now or timezone.now()
    memberships = list(
        user.memberships.filter(active=True).values_list("municipality_id", "organisation_id")
    )
    meetings: list[Meeting] = []
    by_municipality: dict[int, set[int]] = {}
    for municipality_id, organisation_id in memberships:
        by_municipality.setdefault(municipality_id, set()).add(organisation_id)
    for municipality in Municipality.objects.filter(pk__in=by_municipality):
        if not can(user, "meeting.view", municipality):
            continue
        qs = meetings_of(municipality).filter(
            starts_at__gte=now - FEED_PAST, starts_at__lte=now + FEED_AHEAD
        )
        if not can(user, "meeting.manage", municipality):
            orgs = by_municipality[municipality.pk]
            qs = qs.filter(Q(organisations__in=orgs) | Q(organisations__isnull=True)).distinct()
        meetings += list(qs.select_related("municipality"))
    return sorted(meetings, key=lambda m: m.starts_at)


#: the hot spots offered for next week show the counted reports of this many weeks, ending
#: with the week the meeting reviews
HOT_SPOT_WEEKS = 4


def hot_spot_counts(meeting: Meeting) -> dict[int, int]:
    """Counted reports per place (id) in the HOT_SPOT_WEEKS weeks up to the reviewed week."""
    from trygg.reports.models import Report

    last = IsoWeek.of(meeting.review_week)
    first = last.shift(-(HOT_SPOT_WEEKS - 1))
    rows = (
        Report.objects.counted()
        .filter(
            municipality=meeting.municipality,
            week_start__gte=first.monday,
            week_start__lte=last.monday,
            place__isnull=False,
        )
        .values("place_id")
        .annotate(n=Count("pk"))
    )
    return {row["place_id"]: row["n"] for row in rows}
