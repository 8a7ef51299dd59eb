"""The minutes: closing a meeting freezes them; the page and the PDF read the frozen version
(never the live meeting), full for the core group and without internal items for others."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from trygg.accounts.decorators import municipality_view
from trygg.accounts.permissions import can
from trygg.core import audit
from trygg.core.forms import add_service_errors
from trygg.core.pdf import render_pdf
from trygg.core.weeks import IsoWeek
from trygg.meetings import forms as meeting_forms
from trygg.meetings.models import Meeting, Minutes
from trygg.meetings.selectors import meetings as selectors
from trygg.meetings.services import decisions as services_decisions
from trygg.meetings.views.meetings import _detail, _meeting
from trygg.places.tenancy import MunicipalityRequest


def _version(request: MunicipalityRequest) -> int | None:
    raw = request.GET.get("version", "")
    return int(raw) if raw.isdigit() and len(raw) < 5 else None


def minutes_context(
    request: MunicipalityRequest, meeting: Meeting, minutes: Minutes, *, outside: bool
) -> dict[str, Any]:
    content = minutes.content
    if outside:
        content = selectors.outside_edition(content)
    return {
        "meeting": meeting,
        "minutes": minutes,
        "content": content,
        "starts_at": dt.datetime.fromisoformat(content["starts_at"]),
        "week": IsoWeek.parse(content["review_week"]),
        "outside": outside,
        "versions": selectors.minutes_versions(meeting),
    }


def _edition(request: MunicipalityRequest, meeting: Meeting) -> bool:
    """True: the edition for outside the core group (chosen, or the only one allowed)."""
    return request.GET.get("edition") == "outside" or not selectors.in_core_group(
        request.user, meeting
    )


@require_GET
@municipality_view("meeting.view")
def minutes_page(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    meeting = _meeting(request, public_id)
    minutes = selectors.minutes_get(meeting, _version(request))
    outside = _edition(request, meeting)
    context = minutes_context(request, meeting, minutes, outside=outside)
    context["core"] = selectors.in_core_group(request.user, meeting)
    context["may_send"] = can(request.user, "meeting.manage", meeting.municipality)
    context["deliveries"] = (
        list(minutes.deliveries.select_related("user").order_by("pk"))
        if context["may_send"]
        else []
    )
    return render(request, "meetings/minutes.html", context)


@require_GET
@municipality_view("meeting.view")
def minutes_pdf(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    meeting = _meeting(request, public_id)
    minutes = selectors.minutes_get(meeting, _version(request))
    outside = _edition(request, meeting)
    audit.record(
        actor=request.user,
        action="meetings.minutes_view",
        target=meeting,
        municipality=meeting.municipality,
        changes={"version": minutes.version, "edition": "outside" if outside else "full"},
    )
    day = dt.datetime.fromisoformat(minutes.content["starts_at"]).date().isoformat()
    suffix = "-extern" if outside else ""
    return render_pdf(
        request,
        "meetings/pdf/minutes.html",
        minutes_context(request, meeting, minutes, outside=outside),
        filename=f"protokoll-{meeting.municipality.code}-{day}-v{minutes.version}{suffix}.pdf",
    )


@require_POST
@municipality_view("meeting.manage")
def close(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    meeting = _meeting(request, public_id)
    try:
        minutes = services_decisions.meeting_close(actor=request.user, meeting=meeting)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("meetings:detail", meeting.municipality.code, meeting.public_id)
    messages.success(
        request,
        _("The meeting is closed and its minutes are frozen as version %(version)s.")
        % {"version": minutes.version},
    )
    return redirect("meetings:minutes", meeting.municipality.code, meeting.public_id)


@require_POST
@municipality_view("meeting.manage")
def reopen(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    meeting = _meeting(request, public_id)
    form = meeting_forms.ReopenForm(request.POST)
    if form.is_valid():
        try:
            services_decisions.meeting_reopen(
                actor=request.user,
                meeting=meeting,
                reason=form.cleaned_data["correction_reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The minutes are open for a correction. Close the meeting again to freeze the "
                    "corrected version; the earlier versions stay readable."
                ),
            )
            return redirect("meetings:detail", meeting.municipality.code, meeting.public_id)
    if not meeting.is_closed:
        raise Http404
    return _detail(request, meeting, status=400, reopen=form)


@require_POST
@municipality_view("meeting.manage")
def minutes_send_view(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    """E-mail the minutes version shown to the participants (the task queue sends them)."""
    from trygg.meetings.services.minutes_mail import minutes_send

    meeting = _meeting(request, public_id)
    minutes = selectors.minutes_get(meeting, _version(request))
    target = f"{reverse('meetings:minutes', args=[meeting.municipality.code, meeting.public_id])}"
    target += f"?version={minutes.version}"
    try:
        created = minutes_send(actor=request.user, minutes=minutes)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(target)
    if created:
        messages.success(
            request,
            ngettext(
                "The minutes are on their way to %(n)s participant.",
                "The minutes are on their way to %(n)s participants.",
                len(created),
            )
            % {"n": len(created)},
        )
    else:
        messages.info(request, _("Every participant has already been sent this version."))
    return redirect(target)
