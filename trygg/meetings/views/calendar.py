"""The calendar feed: ``/calendar/<token>.ics`` (no login: the secret address is the key),
the user's own address on "Mitt konto" (create, replace, revoke), and cancelling a meeting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from trygg.accounts.decorators import municipality_view
from trygg.meetings import ical
from trygg.meetings.choices import MeetingStatus
from trygg.meetings.models import CalendarFeed, Meeting
from trygg.meetings.selectors.meetings import meeting_get, meetings_for_feed
from trygg.meetings.services.calendar import (
    calendar_feed_create,
    calendar_feed_revoke,
    meeting_cancel,
)
from trygg.places.tenancy import MunicipalityRequest


def feed_url(feed: CalendarFeed) -> str:
    return f"{settings.TRYGG_SITE_URL}{reverse('calendar_feed', args=[feed.token])}"


def live_feed(user: Any) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.filter(user=user, revoked_at__isnull=True)
        .order_by("-created_at")
        .first()
    )


def _event(meeting: Meeting) -> ical.Event:
    url = reverse("meetings:detail", args=[meeting.municipality.code, meeting.public_id])
    return ical.Event(
        uid=f"{meeting.public_id}@trygg",
        start=meeting.starts_at,
        end=meeting.starts_at + dt.timedelta(minutes=meeting.duration_minutes),
        summary=meeting.title
        if meeting.status != MeetingStatus.CANCELLED
        else _("Cancelled: %(title)s") % {"title": meeting.title},
        location=meeting.place,
        description=meeting.municipality.name,
        url=f"{settings.TRYGG_SITE_URL}{url}",
        stamp=meeting.updated_at,
        sequence=meeting.sequence,
        cancelled=meeting.status == MeetingStatus.CANCELLED,
    )


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The meetings of the feed's user, as iCalendar. A revoked or unknown token: 404."""
    entry = (
        CalendarFeed.objects.filter(token=token, revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if entry is None or not entry.user.is_active:
        raise Http404
    CalendarFeed.objects.filter(pk=entry.pk).update(last_fetched_at=timezone.now())
    with translation.override(settings.LANGUAGE_CODE):
        text = ical.calendar(
            [_event(m) for m in meetings_for_feed(entry.user)], name=_("Trygg meetings")
        )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = 'inline; filename="trygg.ics"'
    return response


@login_required
@require_POST
def feed_manage(request: HttpRequest) -> HttpResponse:
    """Create (or replace) the user's calendar address, or revoke it."""
    if request.POST.get("action") == "revoke":
        if calendar_feed_revoke(actor=request.user):
            messages.success(request, _("The calendar address was closed; it no longer works."))
    else:
        calendar_feed_create(actor=request.user)
        messages.success(
            request,
            _("Your calendar address is ready. Add it as a subscription in your calendar."),
        )
    return redirect(f"{reverse('profile')}#calendar-heading")


def profile_section(request: HttpRequest | None, **context: Any) -> SafeString:
    """The "Kalender" part of Mitt konto (contribution slot "accounts.profile")."""
    if request is None or not request.user.is_authenticated:
        return SafeString("")
    entry = live_feed(request.user)
    return SafeString(
        render_to_string(
            "meetings/_profile_calendar.html",
            {"feed": entry, "url": feed_url(entry) if entry else ""},
            request=request,
        )
    )


@require_POST
@municipality_view("meeting.manage")
def cancel(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    meeting = meeting_get(municipality=request.municipality, public_id=public_id)
    try:
        meeting_cancel(actor=request.user, meeting=meeting)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The meeting was cancelled; subscribed calendars show it as cancelled.")
        )
    return redirect("meetings:detail", request.municipality.code, meeting.public_id)
