"""The reporter's pages: start, report form, my reports, correcting a report, nil returns.

Used from a phone between other tasks: one column, big targets, a report in under a minute.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.accounts.decorators import municipality_view
from trygg.accounts.permissions import can
from trygg.core.weeks import STOCKHOLM, IsoWeek
from trygg.places.models import Municipality
from trygg.places.selectors import areas_feature_collection, areas_of, places_of
from trygg.places.tenancy import MunicipalityRequest
from trygg.reports.forms.reporting import (
    TIME_EXACT,
    TIME_MODES,
    TIME_PART,
    TIME_WINDOW,
    ReportForm,
    initial_from_report,
    local_date,
)
from trygg.reports.inputs import organisation_from_input
from trygg.reports.selectors import (
    categories_of,
    completeness_for_week,
    due_week,
    recent_reports_of,
    report_get_for,
    reporting_deadline,
    reporting_organisations,
    reports_of_reporter,
    reports_visible_to,
)
from trygg.reports.services import (
    report_create as report_create_service,
)
from trygg.reports.services import (
    report_update as report_update_service,
)
from trygg.reports.services import (
    weekly_return_submit,
)

SESSION_AGAIN = "trygg.report_again"
SESSION_CREATED = "trygg.reports_created"
SESSION_LIMIT = 30
MY_REPORTS_PER_PAGE = 50

# Sweden, for a municipality without an outline
SWEDEN_BOUNDS = (55.0, 10.5, 69.2, 24.2)


# ---------------------------------------------------------------------------------------------
# helpers


def map_bounds(municipality: Municipality) -> tuple[float, float, float, float]:
    """(south, west, north, east) of the municipality for the map's first view."""
    outline = municipality.outline or {}
    if outline.get("coordinates"):
        from shapely.geometry import shape

        try:
            west, south, east, north = shape(outline).bounds
            return (south, west, north, east)
        except (ValueError, TypeError, AttributeError):
            pass
    areas = areas_of(municipality)
    if areas:
        return (
            min(a.min_lat for a in areas),
            min(a.min_lon for a in areas),
            max(a.max_lat for a in areas),
            max(a.max_lon for a in areas),
        )
    return SWEDEN_BOUNDS


def _session_key(key: str, municipality: Municipality) -> str:
    return f"{key}:{municipality.code}"


def _session_reports(request: HttpRequest, municipality: Municipality) -> list[Any]:
    ids = request.session.get(_session_key(SESSION_CREATED, municipality), [])
    if not ids:
        return []
    return list(
        reports_visible_to(request.user, municipality)
        .filter(public_id__in=ids)
        .select_related("category", "area", "place", "organisation")
        .order_by("-created_at")
    )


def _remember(
    request: HttpRequest, municipality: Municipality, report: Any, form: ReportForm
) -> None:
    """Keep what the next report of a batch will most likely share."""
    data = form.cleaned_data
    if report.lat is not None:
        location_mode = "point"
    elif data.get("place"):
        location_mode = "place"
    else:
        location_mode = "area"
    request.session[_session_key(SESSION_AGAIN, municipality)] = {
        "organisation": str(report.organisation.public_id),
        "date": data["date"].isoformat() if data.get("date") else "",
        "time_mode": data.get("time_mode") or TIME_EXACT,
        "location_mode": location_mode,
        "area": str(report.area.public_id) if location_mode == "area" and report.area else "",
        "lat": report.lat,
        "lon": report.lon,
    }
    key = _session_key(SESSION_CREATED, municipality)
    created = [str(report.public_id), *request.session.get(key, [])]
    request.session[key] = created[:SESSION_LIMIT]


def _form_kwargs(request: MunicipalityRequest, *, editing: Any = None) -> dict[str, Any]:
    municipality = request.municipality
    return {
        "organisations": reporting_organisations(request.user, municipality),
        "categories": categories_of(municipality),
        "places": places_of(municipality),
        "areas": areas_of(municipality),
        "editing": editing,
    }


def _render_form(
    request: MunicipalityRequest,
    form: ReportForm,
    *,
    report: Any = None,
    map_centre: tuple[float, float] | None = None,
    status: int = 200,
    session_reports: list[Any] | None = None,
) -> HttpResponse:
    municipality = request.municipality
    form.describe()
    south, west, north, east = map_bounds(municipality)
    photo_lost = bool(form.is_bound and form.errors and request.FILES.get("photo"))
    context = {
        "form": form,
        "report": report,
        "time_modes": TIME_MODES,
        "TIME_EXACT": TIME_EXACT,
        "TIME_PART": TIME_PART,
        "TIME_WINDOW": TIME_WINDOW,
        "areas_geojson": areas_feature_collection(municipality),
        "bounds": {"south": south, "west": west, "north": north, "east": east},
        "map_centre": map_centre,
        "photo_lost": photo_lost,
        "session_reports": session_reports or [],
    }
    return render(request, "reports/report_form.html", context, status=status)


# ---------------------------------------------------------------------------------------------
# start page


@municipality_view("municipality.view")
def start(request: MunicipalityRequest) -> HttpResponse:
    """The municipality's start page for a reporter: report, say "nothing to report", follow up."""
    municipality = request.municipality
    user = request.user
    organisations = reporting_organisations(user, municipality)
    this_week = IsoWeek.current()
    last_week = this_week.previous()
    weeks = []
    may_nil = can(user, "weekly_return.create", municipality)
    for week, is_current in ((this_week, True), (last_week, False)):
        completeness = completeness_for_week(municipality, week)
        states = {row.organisation.pk: row for row in completeness.rows}
        rows = []
        for organisation in organisations:
            row = states.get(organisation.pk)
            rows.append(
                {
                    "organisation": organisation,
                    "state": row.state if row else "not_expected",
                    "count": row.report_count if row else 0,
                    "may_nil": may_nil and row is not None and row.state == "missing",
                }
            )
        weeks.append(
            {
                "week": week,
                "is_current": is_current,
                "rows": rows,
                "deadline": reporting_deadline(municipality, week),
            }
        )
    due = due_week(municipality)
    context = {
        "organisations": organisations,
        "single_organisation": len(organisations) == 1,
        "weeks": weeks,
        "due_week": due,
        "due_deadline": reporting_deadline(municipality, due),
        "recent": recent_reports_of(user, municipality, limit=5),
    }
    return render(request, "reports/start.html", context)


# ---------------------------------------------------------------------------------------------
# the report form


@municipality_view("report.create")
def report_create(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    kwargs = _form_kwargs(request)
    if not kwargs["organisations"]:
        messages.error(request, _("You are not a member of an organisation that reports here."))
        return redirect("reports:start", municipality.code)

    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, **kwargs)
        if form.is_valid():
            try:
                report = report_create_service(
                    actor=request.user,
                    municipality=municipality,
                    organisation=form.chosen_organisation(),
                    **form.service_values(),
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                _remember(request, municipality, report, form)
                return redirect(f"{reverse('reports:create', args=[municipality.code])}?saved=1")
        else:
            form.add_remaining_errors(municipality=municipality)
        centre = None
        if form.is_bound and form.data.get("lat") and form.data.get("lon"):
            centre = _float_pair(form.data.get("lat"), form.data.get("lon"))
        return _render_form(
            request,
            form,
            map_centre=centre,
            status=200,
            session_reports=_session_reports(request, municipality),
        )

    session_reports = _session_reports(request, municipality)
    if request.GET.get("saved") and session_reports:
        return render(
            request,
            "reports/report_form.html",
            {
                "saved": session_reports[0],
                "session_reports": session_reports,
            },
        )

    now_local = timezone.localtime(timezone.now(), STOCKHOLM)
    initial: dict[str, Any] = {
        "date": now_local.date(),
        "time_mode": TIME_EXACT,
        "time": now_local.time().replace(second=0, microsecond=0),
    }
    if len(kwargs["organisations"]) > 1:
        initial["organisation"] = str(kwargs["organisations"][0].public_id)
    centre = None
    again = request.session.get(_session_key(SESSION_AGAIN, municipality))
    if request.GET.get("again") and again:
        initial.update(_again_initial(again, kwargs))
        if again.get("lat") is not None and again.get("lon") is not None:
            centre = (again["lat"], again["lon"])
    else:
        session_reports = []
    form = ReportForm(initial=initial, **kwargs)
    return _render_form(request, form, map_centre=centre, session_reports=session_reports)


def _again_initial(again: dict[str, Any], kwargs: dict[str, Any]) -> dict[str, Any]:
    """Prefill for "report another one": organisation, date, time mode, location mode."""
    out: dict[str, Any] = {}
    if any(str(o.public_id) == again.get("organisation") for o in kwargs["organisations"]):
        out["organisation"] = again["organisation"]
    with contextlib.suppress(ValueError):
        out["date"] = dt.date.fromisoformat(again.get("date") or "")
    mode = again.get("time_mode")
    if mode in (TIME_EXACT, TIME_PART, TIME_WINDOW):
        out["time_mode"] = mode
        if mode != TIME_EXACT:
            out["time"] = None
    area = again.get("area") if again.get("location_mode") == "area" else None
    if area and any(str(a.public_id) == area for a in kwargs["areas"]):
        out["area"] = area
    return out


def _float_pair(lat: Any, lon: Any) -> tuple[float, float] | None:
    try:
        return (float(str(lat).replace(",", ".")), float(str(lon).replace(",", ".")))
    except (TypeError, ValueError):
        return None


@municipality_view("report.create")
def report_edit(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    """The reporter corrects their own recent report (same form, prefilled)."""
    municipality = request.municipality
    report = report_get_for(user=request.user, municipality=municipality, public_id=public_id)
    if not can(request.user, "report.change_own", report):
        raise PermissionDenied
    kwargs = _form_kwargs(request, editing=report)
    # a retired category stays selectable for the report that already uses it
    if all(c.pk != report.category_id for c in kwargs["categories"]):
        kwargs["categories"] = [report.category, *kwargs["categories"]]
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, **kwargs)
        if form.is_valid():
            try:
                report_update_service(actor=request.user, report=report, **form.service_values())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The report is corrected."))
                return redirect("reports:mine", municipality.code)
        else:
            form.add_remaining_errors(municipality=municipality, current=report)
        centre = _float_pair(form.data.get("lat"), form.data.get("lon"))
        return _render_form(request, form, report=report, map_centre=centre)
    form = ReportForm(initial=initial_from_report(report), **kwargs)
    centre = None
    if report.lat is not None and report.lon is not None:
        centre = (report.lat, report.lon)
    elif report.place is not None:
        centre = (report.place.lat, report.place.lon)
    return _render_form(request, form, report=report, map_centre=centre)


# ---------------------------------------------------------------------------------------------
# my reports


@municipality_view("report.view_own")
def my_reports(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    page = Paginator(reports_of_reporter(request.user, municipality), MY_REPORTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "report": r,
            "may_edit": can(request.user, "report.change_own", r),
            "day": local_date(r.occurred_start),
        }
        for r in page.object_list
    ]
    return render(
        request,
        "reports/mine.html",
        {"rows": rows, "page": page, "edit_days": settings.TRYGG_REPORT_EDIT_DAYS},
    )


# ---------------------------------------------------------------------------------------------
# nothing to report


@require_POST
@municipality_view("weekly_return.create")
def nothing_to_report(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    back = redirect("reports:start", municipality.code)
    try:
        week = IsoWeek.parse(request.POST.get("week", ""))
    except ValueError:
        messages.error(request, _("Choose a valid week."))
        return back
    try:
        organisation = organisation_from_input(
            request.user, municipality, request.POST.get("organisation")
        )
        nil = weekly_return_submit(
            actor=request.user, municipality=municipality, week=week, organisation=organisation
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return back
    messages.success(
        request,
        _("Noted: nothing to report for week %(week)s (%(organisation)s).")
        % {"week": week.week, "organisation": nil.organisation.name},
    )
    return back
