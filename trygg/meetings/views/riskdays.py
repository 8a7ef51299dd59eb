"""The risk-day calendar: the computed defaults for the year, the municipality's settings and
its own risk days (the coordinator edits them)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trygg.accounts.decorators import municipality_view
from trygg.core.forms import add_service_errors
from trygg.core.riskdays import swedish_risk_days
from trygg.meetings import forms as meeting_forms
from trygg.meetings.models import LocalRiskDay
from trygg.meetings.selectors import riskdays as selectors
from trygg.meetings.services import riskdays as services
from trygg.places.tenancy import MunicipalityRequest


def _page(
    request: MunicipalityRequest,
    *,
    form: meeting_forms.RiskDayForm | None = None,
    settings_form: meeting_forms.RiskCalendarForm | None = None,
    editing: LocalRiskDay | None = None,
    status: int = 200,
) -> HttpResponse:
    municipality = request.municipality
    calendar = selectors.calendar_of(municipality)
    year = timezone.localdate().year
    raw_year = request.GET.get("year", "")
    if raw_year.isdigit() and 2000 <= int(raw_year) <= 2100:
        year = int(raw_year)
    return render(
        request,
        "meetings/risk_days.html",
        {
            "year": year,
            "years": [year - 1, year, year + 1],
            "defaults": swedish_risk_days(
                year,
                sportlov_week=calendar.sportlov_week,
                school_end_week=calendar.school_end_week,
            ),
            "local_days": selectors.local_risk_days(municipality),
            "form": form or meeting_forms.RiskDayForm(),
            "settings_form": settings_form
            or meeting_forms.RiskCalendarForm(
                initial={
                    "sportlov_week": calendar.sportlov_week,
                    "school_end_week": calendar.school_end_week,
                }
            ),
            "editing": editing,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@municipality_view("meeting.manage")
def risk_days(request: MunicipalityRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request)
    form = meeting_forms.RiskDayForm(request.POST)
    if form.is_valid():
        try:
            services.local_risk_day_save(
                actor=request.user, municipality=request.municipality, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The risk day is saved."))
            return redirect("meetings:risk_days", request.municipality.code)
    return _page(request, form=form, status=400)


@require_http_methods(["GET", "POST"])
@municipality_view("meeting.manage")
def risk_day_edit(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    day = selectors.local_risk_day_get(municipality=request.municipality, public_id=public_id)
    if request.method == "GET":
        form = meeting_forms.RiskDayForm(
            initial={
                "name": day.name,
                "first_day": day.first_day,
                "last_day": day.last_day,
                "note": day.note,
            }
        )
        return _page(request, form=form, editing=day)
    form = meeting_forms.RiskDayForm(request.POST)
    if form.is_valid():
        try:
            services.local_risk_day_save(
                actor=request.user,
                municipality=request.municipality,
                risk_day=day,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The risk day is saved."))
            return redirect("meetings:risk_days", request.municipality.code)
    return _page(request, form=form, editing=day, status=400)


@require_POST
@municipality_view("meeting.manage")
def risk_day_delete(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    day = selectors.local_risk_day_get(municipality=request.municipality, public_id=public_id)
    services.local_risk_day_delete(actor=request.user, risk_day=day)
    messages.success(request, _("The risk day was removed."))
    return redirect("meetings:risk_days", request.municipality.code)


@require_POST
@municipality_view("meeting.manage")
def risk_settings(request: MunicipalityRequest) -> HttpResponse:
    form = meeting_forms.RiskCalendarForm(request.POST)
    if form.is_valid():
        try:
            services.risk_calendar_set(
                actor=request.user, municipality=request.municipality, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The risk-day settings are saved."))
            return redirect("meetings:risk_days", request.municipality.code)
    return _page(request, settings_form=form, status=400)
