"""Calendar feeds (one secret address per user) and cancelling a meeting, which the feeds
carry to the participants' calendars."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.models import User
from trygg.accounts.types import Actor
from trygg.core import audit
from trygg.meetings.choices import MeetingStatus
from trygg.meetings.models import CalendarFeed, Meeting
from trygg.meetings.services._common import check_manage


def _user(actor: Any) -> User:
    """Only a logged-in person has a calendar address of their own."""
    if not isinstance(actor, User) or not actor.pk or not actor.is_active:
        raise PermissionDenied
    return actor


@transaction.atomic
def calendar_feed_create(*, actor: Any) -> CalendarFeed:
    """A new secret calendar address for the actor; the previous one stops working."""
    user = _user(actor)
    now = timezone.now()
    replaced = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=now
    )
    feed = CalendarFeed.objects.create(user=user, token=secrets.token_urlsafe(32))
    audit.record(
        actor=user,
        action="meetings.calendar_feed_create",
        target=feed,
        target_repr=user.get_username(),
        changes={"replaced": bool(replaced)},
    )
    return feed


@transaction.atomic
def calendar_feed_revoke(*, actor: Any) -> bool:
    """End the actor's calendar address. False when there was none."""
    user = _user(actor)
    ended = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if ended:
        audit.record(
            actor=user,
            action="meetings.calendar_feed_revoke",
            target=user,
            target_repr=user.get_username(),
        )
    return bool(ended)


@transaction.atomic
def meeting_cancel(*, actor: Actor, meeting: Meeting) -> Meeting:
    """Cancel a planned meeting: it stays in the list as cancelled, and the calendar feeds
    carry the cancellation (STATUS:CANCELLED, a new SEQUENCE)."""
    check_manage(actor, meeting.municipality)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Only a planned meeting can be cancelled."))
    Meeting.objects.filter(pk=meeting.pk).update(
        status=MeetingStatus.CANCELLED, sequence=F("sequence") + 1, updated_at=timezone.now()
    )
    meeting.refresh_from_db()
    audit.record(
        actor=actor,
        action="meetings.meeting_cancel",
        target=meeting,
        municipality=meeting.municipality,
        changes={"status": [MeetingStatus.PLANNED, MeetingStatus.CANCELLED]},
    )
    return meeting
