"""The pages of programmes on a schedule: the schedule, the list of sessions with held
against planned, recording a session on a phone, a session's page with its observations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from trygg.accounts.decorators import municipality_view
from trygg.accounts.permissions import can
from trygg.interventions.choices import OPEN_STATUSES
from trygg.interventions.forms_programmes import (
    ObservationForm,
    SessionEditForm,
    SessionForm,
    SlotForm,
)
from trygg.interventions.models import Intervention, ProgrammeSlot
from trygg.interventions.selectors import intervention_get_for
from trygg.interventions.selectors_programmes import (
    programme_tally,
    quarter_of,
    session_get_for,
    sessions_of,
    unrecorded,
    upcoming,
)
from trygg.interventions.services import programmes as services
from trygg.places.models import Place
from trygg.places.tenancy import MunicipalityRequest
from trygg.reports.models import Category

SESSION_PAGE = 100


def _errors_to_form(form: Form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        if field.startswith("observation-"):
            _, number, name = field.split("-", 2)
            field = f"obs{number}_{name}"
        target = field if field in form.fields else None
        for message in messages_:
            form.add_error(target, message)


def _to_session(
    request: MunicipalityRequest, intervention: Intervention, session: Any
) -> HttpResponse:
    return redirect(
        "interventions:session",
        request.municipality.code,
        intervention.public_id,
        session.public_id,
    )


def _intervention(request: MunicipalityRequest, public_id: Any) -> Intervention:
    return intervention_get_for(
        user=request.user, municipality=request.municipality, public_id=public_id
    )


def _places_for(intervention: Intervention) -> QuerySet[Place]:
    """Places to offer: those in the programme's areas, or the kommun's when it has none."""
    area_ids = {intervention.area_id} | set(intervention.slots.values_list("area_id", flat=True))
    area_ids.discard(None)
    places = Place.objects.filter(municipality_id=intervention.municipality_id, active=True)
    if area_ids:
        places = places.filter(Q(area_id__in=area_ids) | Q(interventions=intervention))
    return places.distinct().order_by("name")


def _categories(intervention: Intervention) -> QuerySet[Category]:
    return Category.objects.filter(
        municipality_id=intervention.municipality_id, active=True
    ).order_by("sort_order", "name")


def programme_context(user: Any, intervention: Intervention) -> dict[str, Any] | None:
    """The programme section of the intervention's page, or None when it has no schedule
    and the user could not add one."""
    slots = list(intervention.slots.select_related("area", "place"))
    may_change = can(user, "intervention.change", intervention)
    if not slots and not (may_change and intervention.status in OPEN_STATUSES):
        return None
    today = timezone.localdate()
    start, end = quarter_of(today)
    return {
        "slots": slots,
        "may_schedule": may_change and intervention.status in OPEN_STATUSES,
        "may_record": bool(slots) and can(user, "intervention.record_session", intervention),
        "upcoming": upcoming(intervention, today) if slots else [],
        "unrecorded": unrecorded(intervention, today)[:5] if slots else [],
        "recent": list(sessions_of(intervention)[:5]),
        "quarter": programme_tally(intervention, start, end, today) if slots else None,
        "year": programme_tally(
            intervention, dt.date(today.year, 1, 1), dt.date(today.year, 12, 31), today
        )
        if slots
        else None,
    }


@require_http_methods(["GET", "POST"])
@municipality_view("intervention.view")
def programme_schedule(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    intervention = _intervention(request, public_id)
    if not can(request.user, "intervention.change", intervention):
        raise PermissionDenied
    places = _places_for(intervention)
    form = SlotForm(request.POST if request.method == "POST" else None, places=places)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.slot_add(
                actor=request.user,
                intervention=intervention,
                weekday=data["weekday"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The time is added to the schedule."))
            return redirect(
                "interventions:schedule", request.municipality.code, intervention.public_id
            )
    slots = list(
        intervention.slots.select_related("area", "place").annotate(recorded=Count("sessions"))
    )
    today = timezone.localdate()
    return render(
        request,
        "interventions/programme_schedule.html",
        {"i": intervention, "form": form, "slots": slots, "today": today},
    )


@require_POST
@municipality_view("intervention.view")
def programme_slot_end(request: MunicipalityRequest, public_id: Any, slot_id: Any) -> HttpResponse:
    intervention = _intervention(request, public_id)
    slot = ProgrammeSlot.objects.filter(intervention=intervention, public_id=slot_id).first()
    if slot is None:
        raise Http404
    if not can(request.user, "intervention.change", intervention):
        raise PermissionDenied
    last_day = _date(request.POST.get("last_day")) if request.POST.get("last_day") else None
    if request.POST.get("last_day") and last_day is None:
        messages.error(request, _("Give the last day as YYYY-MM-DD."))
        return redirect("interventions:schedule", request.municipality.code, intervention.public_id)
    try:
        services.slot_end(actor=request.user, slot=slot, last_day=last_day)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The time is ended; sessions already planned still count."))
    return redirect("interventions:schedule", request.municipality.code, intervention.public_id)


@require_POST
@municipality_view("intervention.view")
def programme_slot_remove(
    request: MunicipalityRequest, public_id: Any, slot_id: Any
) -> HttpResponse:
    intervention = _intervention(request, public_id)
    slot = ProgrammeSlot.objects.filter(intervention=intervention, public_id=slot_id).first()
    if slot is None:
        raise Http404
    if not can(request.user, "intervention.change", intervention):
        raise PermissionDenied
    try:
        services.slot_remove(actor=request.user, slot=slot)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The time is removed from the schedule."))
    return redirect("interventions:schedule", request.municipality.code, intervention.public_id)


@require_http_methods(["GET"])
@municipality_view("intervention.view")
def session_list(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    intervention = _intervention(request, public_id)
    today = timezone.localdate()
    context = programme_context(request.user, intervention) or {}
    sessions = list(sessions_of(intervention)[:SESSION_PAGE])
    return render(
        request,
        "interventions/session_list.html",
        {
            "i": intervention,
            "p": context,
            "sessions": sessions,
            "more": intervention.sessions.count() > SESSION_PAGE,
            # this year's (at least the last four weeks'), newest first
            "unrecorded_all": unrecorded(
                intervention, today, max(28, (today - dt.date(today.year, 1, 1)).days)
            )
            if context.get("slots")
            else [],
            "today": today,
        },
    )


def _session_form_kwargs(intervention: Intervention) -> dict[str, Any]:
    return {
        "slots": intervention.slots.select_related("area").order_by("weekday", "starts_at"),
        "places": _places_for(intervention),
        "categories": _categories(intervention),
    }


@require_http_methods(["GET", "POST"])
@municipality_view("intervention.view")
def session_create(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    intervention = _intervention(request, public_id)
    if not can(request.user, "intervention.record_session", intervention):
        raise PermissionDenied
    kwargs = _session_form_kwargs(intervention)
    if not kwargs["slots"].exists():
        messages.warning(request, _("Add a time to the schedule before recording sessions."))
        return redirect("interventions:detail", request.municipality.code, intervention.public_id)
    today = timezone.localdate()
    initial: dict[str, Any] = {"date": today}
    if request.method == "GET":
        slot = kwargs["slots"].filter(public_id=_uuid(request.GET.get("slot"))).first()
        day = _date(request.GET.get("date"))
        if slot is not None:
            day = day or _last_run(slot, today)
            done = intervention.sessions.filter(slot=slot, date=day).first()
            if done is not None:  # a second phone, or the link of an old list
                messages.info(request, _("This session is already recorded; here it is."))
                return redirect(
                    "interventions:session",
                    request.municipality.code,
                    intervention.public_id,
                    done.public_id,
                )
            initial.update(slot=slot, date=day)
        else:
            # this evening's session if still to enter, else the newest planned one not yet
            # recorded; none: an extra session today
            missing = upcoming_today(intervention, today) or unrecorded(intervention, today)
            if missing:
                initial.update(slot=missing[0].slot, date=missing[0].date)
    form = SessionForm(
        request.POST if request.method == "POST" else None, initial=initial, **kwargs
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_record(
                actor=request.user,
                intervention=intervention,
                slot=data["slot"],
                date=data["date"],
                status=data["status"],
                participants=data["participants"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                places=list(data["places"]),
                note=data["note"],
                observations=form.observations(),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            made = session.reports.count()
            if made:
                text = ngettext(
                    "The session is recorded; %(n)d observation is an EST report for review.",
                    "The session is recorded; %(n)d observations are EST reports for review.",
                    made,
                )
                messages.success(request, text % {"n": made})
            else:
                messages.success(request, _("The session is recorded."))
            return _to_session(request, intervention, session)
    return render(
        request,
        "interventions/session_form.html",
        {"i": intervention, "form": form, "editing": False},
    )


def upcoming_today(intervention: Intervention, today: dt.date) -> list[Any]:
    """This evening's planned session, if not yet recorded."""
    return [p for p in upcoming(intervention, today, 2) if p.date == today and p.session is None]


def _uuid(value: Any) -> Any:
    import uuid

    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def _last_run(slot: ProgrammeSlot, today: dt.date) -> dt.date:
    """Today if the slot runs today, else the last day it ran (the session just past)."""
    back = (today.isoweekday() - slot.weekday) % 7
    return today - dt.timedelta(days=back)


@require_http_methods(["GET"])
@municipality_view("intervention.view")
def session_detail(request: MunicipalityRequest, public_id: Any, session_id: Any) -> HttpResponse:
    intervention = _intervention(request, public_id)
    session = session_get_for(
        user=request.user,
        municipality=request.municipality,
        intervention=intervention,
        public_id=session_id,
    )
    may_record = can(request.user, "intervention.record_session", intervention)
    form = (
        ObservationForm(places=_places_for(intervention), categories=_categories(intervention))
        if may_record and session.status == "held"
        else None
    )
    return _session_page(request, intervention, session, may_record, form)


def _session_page(
    request: MunicipalityRequest,
    intervention: Intervention,
    session: Any,
    may_record: bool,
    form: ObservationForm | None,
    status: int = 200,
) -> HttpResponse:
    from trygg.reports.selectors import reports_visible_to

    reports = list(
        reports_visible_to(request.user, request.municipality)
        .filter(programme_sessions=session)
        .select_related("category", "place", "area")
    )
    hidden = session.reports.count() - len(reports)
    return render(
        request,
        "interventions/session_detail.html",
        {
            "i": intervention,
            "s": session,
            "places": list(session.places.all()),
            "reports": reports,
            "hidden_reports": hidden,
            "may_record": may_record,
            "form": form,
        },
        status=status,
    )


@require_POST
@municipality_view("intervention.view")
def session_observation(
    request: MunicipalityRequest, public_id: Any, session_id: Any
) -> HttpResponse:
    intervention = _intervention(request, public_id)
    session = session_get_for(
        user=request.user,
        municipality=request.municipality,
        intervention=intervention,
        public_id=session_id,
    )
    if not can(request.user, "intervention.record_session", intervention):
        raise PermissionDenied
    form = ObservationForm(
        request.POST, places=_places_for(intervention), categories=_categories(intervention)
    )
    if form.is_valid():
        try:
            services.session_add_observation(
                actor=request.user,
                session=session,
                category=form.cleaned_data["category"],
                place=form.cleaned_data["place"],
                impact=form.cleaned_data["impact"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request, _("The observation is an EST report now, waiting for review.")
            )
            return _to_session(request, intervention, session)
    return _session_page(request, intervention, session, True, form, status=200)


@require_http_methods(["GET", "POST"])
@municipality_view("intervention.view")
def session_edit(request: MunicipalityRequest, public_id: Any, session_id: Any) -> HttpResponse:
    intervention = _intervention(request, public_id)
    session = session_get_for(
        user=request.user,
        municipality=request.municipality,
        intervention=intervention,
        public_id=session_id,
    )
    if not can(request.user, "intervention.record_session", intervention):
        raise PermissionDenied
    kwargs = _session_form_kwargs(intervention)
    initial = {
        "status": session.status,
        "participants": session.participants,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "places": list(session.places.all()),
        "note": session.note,
    }
    form = SessionEditForm(
        request.POST if request.method == "POST" else None, initial=initial, **kwargs
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.session_update(
                actor=request.user,
                session=session,
                status=data["status"],
                participants=data["participants"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                places=list(data["places"]),
                note=data["note"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The session is saved."))
            return _to_session(request, intervention, session)
    return render(
        request,
        "interventions/session_form.html",
        {"i": intervention, "form": form, "editing": True, "s": session},
    )
