"""What the meetings app shows on lower apps' pages (trygg.core.contributions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from trygg.accounts.permissions import can
from trygg.meetings.choices import DecisionKind, MeetingStatus
from trygg.meetings.models import Decision


def focus_for_week(request: HttpRequest | None, **context: Any) -> SafeString | str:
    """On the weekly picture: the focus areas and hot spots the EST meeting decided for this
    week (the meeting that reviewed the week before), so the picture and the decision are
    read together. Internal decisions are left out; only readers of meetings see it."""
    week, municipality = context.get("week"), context.get("municipality")
    if request is None or week is None or municipality is None:
        return ""
    if not can(request.user, "meeting.view", municipality):
        return ""
    reviewed = week.monday - dt.timedelta(days=7)
    decisions = list(
        Decision.objects.filter(
            meeting__municipality=municipality,
            meeting__review_week=reviewed,
            kind=DecisionKind.FOCUS,
            internal=False,
        )
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("meeting")
        .prefetch_related("focus_areas", "hot_spots")
        .order_by("meeting__starts_at", "created_at")
    )
    if not decisions:
        return ""
    html = render_to_string(
        "meetings/_weekly_focus.html",
        {"decisions": decisions, "code": municipality.code},
        request=request,
    )
    return mark_safe(html)  # rendered by the template engine, escaped there
