"""Meeting pages: the list, scheduling, the preparation page and the page used during the
meeting (attendance, notes per agenda item, decisions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trygg.accounts.decorators import municipality_view
from trygg.accounts.permissions import can
from trygg.core.forms import add_service_errors
from trygg.core.weeks import STOCKHOLM, IsoWeek, local_date
from trygg.meetings import forms as meeting_forms
from trygg.meetings.choices import MeetingStatus, Presence
from trygg.meetings.models import AgendaItem, Meeting, MeetingSeries
from trygg.meetings.selectors import meetings as selectors
from trygg.meetings.selectors.agenda import preparation
from trygg.meetings.services import decisions as services_decisions
from trygg.meetings.services import meetings as services
from trygg.places.tenancy import MunicipalityRequest


@require_GET
@municipality_view("meeting.view")
def meeting_list(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    return render(
        request,
        "meetings/list.html",
        {
            "upcoming": selectors.upcoming_meetings(municipality),
            "past": selectors.past_meetings(municipality),
            "series": selectors.series_of(municipality),
            "may_manage": can(request.user, "meeting.manage", municipality),
        },
    )


@require_http_methods(["GET", "POST"])
@municipality_view("meeting.manage")
def series_new(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    form = meeting_forms.SeriesForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            series = services.series_create(
                actor=request.user,
                municipality=municipality,
                name=data["name"],
                cadence=data["cadence"],
                weekday=data["weekday"],
                start_time=data["start_time"],
                first_date=data["first_date"],
                place=data["place"],
                duration_minutes=data["duration_minutes"],
                organisations=data["organisations"],
            )
            made = services.series_schedule(actor=request.user, series=series, count=data["count"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "The series was created with %(count)s meeting.",
                    "The series was created with %(count)s meetings.",
                    len(made),
                )
                % {"count": len(made)},
            )
            return redirect("meetings:list", municipality.code)
    return render(request, "meetings/series_form.html", {"form": form})


@require_POST
@municipality_view("meeting.manage")
def series_schedule(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    series = get_object_or_404(MeetingSeries, municipality=municipality, public_id=public_id)
    made = services.series_schedule(actor=request.user, series=series, count=8)
    if not made:
        messages.info(
            request, _("No new meeting to schedule: the next meetings are already planned.")
        )
        return redirect("meetings:list", municipality.code)
    messages.success(
        request,
        ngettext(
            "%(count)s new meeting was scheduled.",
            "%(count)s new meetings were scheduled.",
            len(made),
        )
        % {"count": len(made)},
    )
    return redirect("meetings:list", municipality.code)


@require_http_methods(["GET", "POST"])
@municipality_view("meeting.manage")
def meeting_new(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    form = meeting_forms.MeetingForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                actor=request.user,
                municipality=municipality,
                kind=data["kind"],
                title=data["title"],
                starts_at=dt.datetime.combine(data["day"], data["start_time"], STOCKHOLM),
                place=data["place"],
                duration_minutes=data["duration_minutes"],
                organisations=data["organisations"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting was created."))
            return redirect("meetings:detail", municipality.code, meeting.public_id)
    return render(request, "meetings/meeting_form.html", {"form": form})


@require_GET
@municipality_view("meeting.manage")
def prepare(request: MunicipalityRequest) -> HttpResponse:
    """“Förbered mötet”: the picture for the next meeting, before it starts."""
    municipality = request.municipality
    meeting = None
    if request.GET.get("meeting"):
        try:
            meeting = selectors.meeting_get(
                municipality=municipality, public_id=request.GET["meeting"]
            )
        except ValidationError:
            meeting = None
    meeting = meeting or selectors.next_meeting(municipality)
    prep = preparation(meeting, user=request.user) if meeting else None
    return render(
        request,
        "meetings/prepare.html",
        {
            "meeting": meeting,
            "prep": prep,
            "week": prep.week if prep else None,
            "today": local_date(meeting.starts_at) if meeting else None,
        },
    )


def _meeting(request: MunicipalityRequest, public_id: Any) -> Meeting:
    return selectors.meeting_get(municipality=request.municipality, public_id=public_id)


def detail_context(
    request: MunicipalityRequest, meeting: Meeting, **bound: forms.Form
) -> dict[str, Any]:
    """The meeting page's context; `bound` replaces a form with the one that failed."""
    may_manage = can(request.user, "meeting.manage", request.municipality)
    core = selectors.in_core_group(request.user, meeting)
    items = list(meeting.items.order_by("order", "id"))
    if not core:
        items = [i for i in items if not i.internal]
    item_forms = {
        item.pk: bound.get(f"item-{item.pk}") or meeting_forms.ItemForm(item=item) for item in items
    }
    organisations = selectors.participants(meeting)
    current = {a.organisation_id: a.presence for a in meeting.attendance.all()}
    decisions = list(
        meeting.decisions.select_related("organisation", "area", "item").prefetch_related(
            "focus_areas", "hot_spots"
        )
    )
    decision_form = bound.get("decision") or meeting_forms.DecisionForm(meeting=meeting)
    if not core:
        decisions = [d for d in decisions if not d.internal]
    return {
        "meeting": meeting,
        "week": IsoWeek.of(meeting.review_week),
        "status_week": services_decisions.status_week(meeting),
        "may_manage": may_manage,
        "editable": may_manage and not meeting.is_closed and not meeting.is_cancelled,
        "may_cancel": may_manage and meeting.status == MeetingStatus.PLANNED,
        # the day has not come: no attendance and no closing yet (services refuse them too)
        "ahead": local_date(meeting.starts_at) > timezone.localdate(),
        "items": [(item, item_forms[item.pk]) for item in items],
        "attendance": [(o, current.get(o.pk)) for o in organisations],
        "presence_labels": dict(Presence.choices),
        "attendance_form": bound.get("attendance")
        or meeting_forms.AttendanceForm(organisations=organisations, current=current),
        "item_add_form": bound.get("item_add") or meeting_forms.ItemAddForm(),
        "decision_form": decision_form,
        "hot_spot_groups": _hot_spot_groups(meeting, decision_form) if may_manage else [],
        "reopen_form": bound.get("reopen") or meeting_forms.ReopenForm(),
        "decisions": decisions,
        "versions": selectors.minutes_versions(meeting),
    }


def _hot_spot_groups(meeting: Meeting, form: forms.Form) -> list[dict[str, Any]]:
    """The hot-spot checkboxes of the decision form grouped by area, each with the counted
    reports of the last weeks at the place (the JavaScript shows only the chosen areas')."""
    counts = selectors.hot_spot_counts(meeting)
    field = form.fields["hot_spots"]
    assert isinstance(field, forms.ModelMultipleChoiceField)
    places = {p.pk: p for p in (field.queryset if field.queryset is not None else [])}
    groups: dict[int | None, dict[str, Any]] = {}
    for box in form["hot_spots"]:
        place = places[int(str(box.data["value"]))]
        group = groups.setdefault(
            place.area_id, {"area": place.area, "area_id": place.area_id or "", "boxes": []}
        )
        group["boxes"].append((box, counts.get(place.pk, 0)))
    return list(groups.values())


def _detail(
    request: MunicipalityRequest, meeting: Meeting, status: int = 200, **bound: forms.Form
) -> HttpResponse:
    return render(
        request, "meetings/detail.html", detail_context(request, meeting, **bound), status=status
    )


@require_GET
@municipality_view("meeting.view")
def meeting_detail(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    return _detail(request, _meeting(request, public_id))


def _back(meeting: Meeting, anchor: str = "") -> HttpResponse:
    response = redirect("meetings:detail", meeting.municipality.code, meeting.public_id)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _closed_message(request: MunicipalityRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
@municipality_view("meeting.manage")
def agenda_generate(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    meeting = _meeting(request, public_id)
    try:
        made = services.agenda_generate(actor=request.user, meeting=meeting)
    except ValidationError as error:
        _closed_message(request, error)
        return _back(meeting)
    if not made:
        messages.info(request, _("Nothing new to add to the agenda from the data."))
        return _back(meeting, "agenda")
    messages.success(
        request,
        ngettext(
            "%(count)s item was added to the agenda from the data.",
            "%(count)s items were added to the agenda from the data.",
            len(made),
        )
        % {"count": len(made)},
    )
    return _back(meeting, "agenda")


@require_POST
@municipality_view("meeting.manage")
def attendance(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    meeting = _meeting(request, public_id)
    organisations = selectors.participants(meeting)
    form = meeting_forms.AttendanceForm(request.POST, organisations=organisations, current={})
    if form.is_valid():
        try:
            services.attendance_set(actor=request.user, meeting=meeting, presence=form.presence())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The attendance is saved."))
            return _back(meeting, "attendance")
    return _detail(request, meeting, status=400, attendance=form)


@require_POST
@municipality_view("meeting.manage")
def item_add(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    meeting = _meeting(request, public_id)
    form = meeting_forms.ItemAddForm(request.POST)
    if form.is_valid():
        try:
            services.item_add(
                actor=request.user,
                meeting=meeting,
                title=form.cleaned_data["title"],
                internal=form.cleaned_data["internal"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The item was added to the agenda."))
            return _back(meeting, "agenda")
    return _detail(request, meeting, status=400, item_add=form)


@require_POST
@municipality_view("meeting.manage")
def item_update(request: MunicipalityRequest, public_id: Any, item_id: Any) -> HttpResponse:
    meeting = _meeting(request, public_id)
    item = get_object_or_404(AgendaItem, meeting=meeting, public_id=item_id)
    form = meeting_forms.ItemForm(request.POST, item=item)
    if form.is_valid():
        try:
            services.item_update(
                actor=request.user,
                item=item,
                note=form.cleaned_data["note"],
                internal=form.cleaned_data["internal"],
                done=form.cleaned_data["done"],
            )
        except ValidationError as error:
            add_service_errors(form, error, default_field="note")
        else:
            messages.success(request, _("The note is saved."))
            return _back(meeting, f"item-{item.public_id}")
    return _detail(request, meeting, status=400, **{f"item-{item.pk}": form})


@require_POST
@municipality_view("meeting.manage")
def decision(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    meeting = _meeting(request, public_id)
    form = meeting_forms.DecisionForm(request.POST, meeting=meeting)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services_decisions.decision_record(
                actor=request.user,
                meeting=meeting,
                kind=data["kind"],
                text=data["text"],
                item=data["item"],
                organisation=data["organisation"],
                due_date=data["due_date"],
                internal=data["internal"],
                intervention_title=data["intervention_title"],
                area=data["area"],
                status=data["status"],
                focus_areas=data["focus_areas"],
                hot_spots=data["hot_spots"],
                tell_whom=data["tell_whom"],
                tell_what=data["tell_what"],
            )
        except ValidationError as error:
            add_service_errors(form, error, default_field="text")
        else:
            messages.success(request, _("The decision is recorded."))
            return _back(meeting, "decisions")
    return _detail(request, meeting, status=400, decision=form)
