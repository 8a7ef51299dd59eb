"""The weekly picture (lägesbild), the area status form, pins and the status history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trygg.accounts.decorators import municipality_view
from trygg.accounts.permissions import can
from trygg.core.views import parse_week
from trygg.core.weeks import IsoWeek
from trygg.places.selectors import area_get, areas_feature_collection, outline_bounds
from trygg.places.tenancy import MunicipalityRequest
from trygg.reports.selectors import report_get_for
from trygg.situation.charts import sparkline
from trygg.situation.choices import StatusLevel
from trygg.situation.forms.weekly import AreaStatusForm, PinForm
from trygg.situation.models import AreaStatus
from trygg.situation.render import areas_context
from trygg.situation.selectors import weekly as selectors
from trygg.situation.selectors.snapshots import week_state
from trygg.situation.selectors.status import statuses_of_week
from trygg.situation.services import weekly as services

WEEK_CHOICES = 26


def default_week() -> IsoWeek:
    """The last complete ISO week."""
    return IsoWeek.current().previous()


def _week_of(request: HttpRequest, source: Any = None) -> IsoWeek:
    data = source if source is not None else request.GET
    week = parse_week(data.get("week"), default_week())
    if not selectors.MIN_YEAR <= week.year <= selectors.MAX_YEAR:
        return default_week()
    return week


def _week_choices(week: IsoWeek) -> list[IsoWeek]:
    latest = IsoWeek.current()
    choices = [latest.shift(-i) for i in range(WEEK_CHOICES)]
    if week not in choices:
        choices.append(week)
        choices.sort(reverse=True)
    return choices


def _weekly_url(code: str, week: IsoWeek) -> str:
    return f"{reverse('situation:weekly', args=[code])}?week={week}"


@require_GET
@municipality_view("situation.view")
def weekly_picture(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    week = _week_of(request)
    picture = selectors.weekly_picture(municipality, week, user=request.user)
    # the numbers as the API and a frozen snapshot show them; the Area itself for its slots
    areas = areas_context(selectors.picture_data(picture), chart_prefix="spark")
    for shown, area in zip(areas, picture.areas, strict=True):
        shown["area"] = area.area
    may_decide = can(request.user, "situation.decide", municipality)
    map_url = reverse("reports:map_data", args=[municipality.code])
    return render(
        request,
        "situation/weekly.html",
        {
            "picture": picture,
            "areas": areas,
            "week": week,
            "previous_week": week.previous(),
            "next_week": week.next() if week < IsoWeek.current() else None,
            "week_choices": _week_choices(week),
            "may_decide": may_decide,
            # how final the numbers are: templates/situation/_week_notices.html
            "week_state": week_state(municipality, week),
            "may_review": can(request.user, "report.review", municipality),
            "pin_candidates": selectors.pin_candidates(request.user, municipality, week)
            if may_decide
            else [],
            "map_data_url": f"{map_url}?week_from={week}&week_to={week}",
            # hot spots over the 12 weeks ending with this week: one week is too few events
            "hotspots_data_url": reverse("situation:hotspots_data", args=[municipality.code])
            + f"?week_from={week.shift(-11)}&week_to={week}",
            "hotspots_first_week": week.shift(-11),
            "areas_geojson": areas_feature_collection(municipality),
            "bounds": outline_bounds(municipality),
        },
    )


def nothing_flagged(area: Any) -> bool:
    """The numbers raise nothing for the area this week (no yellow or red proposal)."""
    return area.proposal in ("", StatusLevel.GREEN)


def status_initial(area: Any, previous: AreaStatus | None) -> tuple[dict[str, Any], bool]:
    """What an area's status form starts with, and whether last week's status was carried
    forward: the decided status if there is one; else, when nothing was flagged, last week's
    status with "Unchanged" as the reason (a pre-fill: the coordinator confirms by saving);
    else the proposal from the numbers."""
    if area.status is not None:
        return {"status": area.status.status, "reason": area.status.reason}, False
    if previous is not None and nothing_flagged(area):
        return {"status": previous.status, "reason": _("Unchanged")}, True
    if area.proposal:
        return {"status": area.proposal}, False
    return {}, False


def _decision(form: AreaStatusForm) -> dict[str, Any]:
    return {
        "area": form.area,
        "status": form.cleaned_data["status"],
        "reason": form.cleaned_data["reason"],
        "proposed_status": form.picture.proposal,
        "proposal_basis": form.picture.proposal_basis,
    }


def _service_errors(
    request: HttpRequest, forms: list[AreaStatusForm], error: ValidationError
) -> None:
    by_area = {str(f.area.public_id): f for f in forms}
    for key, errors in error.message_dict.items():
        target = by_area.get(key)
        for message in errors:
            if target is not None:
                target.add_error(None, message)
            else:
                messages.error(request, message)


@require_http_methods(["GET", "POST"])
@municipality_view("situation.decide")
def area_status_form(request: MunicipalityRequest) -> HttpResponse:
    """Every area's status for the week: saved one area at a time ("save" = the area's public
    id; the other areas keep what was typed) or all together (all or nothing)."""
    municipality = request.municipality
    posted = request.method == "POST"
    week = _week_of(request, request.POST if posted else None)
    picture = selectors.weekly_picture(municipality, week, user=request.user)
    previous = statuses_of_week(municipality, week.previous())
    save_one = request.POST.get("save", "") if posted else ""

    def make_forms(data: Any) -> list[AreaStatusForm]:
        made = []
        for area in picture.areas:
            initial, carried = status_initial(area, previous.get(area.area.pk))
            form = AreaStatusForm(data, area=area.area, picture=area, initial=initial)
            form.previous = previous.get(area.area.pk)
            form.carried = carried
            made.append(form)
        return made

    forms = make_forms(request.POST if posted else None)
    if posted and save_one:
        chosen = next((form for form in forms if form.prefix == save_one), None)
        done = ""
        if chosen is None:
            messages.error(request, _("Choose an area to save."))
        elif chosen.is_valid():
            try:
                saved = services.area_status_set(actor=request.user, week=week, **_decision(chosen))
            except ValidationError as error:
                for errors in error.message_dict.values():
                    for message in errors:
                        chosen.add_error(None, message)
            else:
                chosen.picture.status = saved
                chosen = make_forms(None)[forms.index(chosen)]
                done = save_one
        data = request.POST
        # the other areas keep what was typed, unvalidated (only this area was saved)
        forms = [
            chosen if chosen is not None and form.prefix == save_one else _unbound_copy(form, data)
            for form in forms
        ]
        return _render_status_form(request, week, picture, forms, done)
    elif posted:
        valid = all([form.is_valid() for form in forms])  # noqa: C419 - validate every form
        if valid:
            try:
                services.area_statuses_set(
                    actor=request.user, week=week, decisions=[_decision(f) for f in forms]
                )
            except ValidationError as error:
                _service_errors(request, forms, error)
            else:
                messages.success(
                    request, _("The statuses for week %(week)s are saved.") % {"week": week}
                )
                return redirect(_weekly_url(municipality.code, week))
    return _render_status_form(request, week, picture, forms, "")


def _unbound_copy(form: AreaStatusForm, data: Any) -> AreaStatusForm:
    """The form unbound, showing what was typed (not validated: another area was saved)."""
    copy = AreaStatusForm(
        area=form.area,
        picture=form.picture,
        initial={
            "status": data.get(f"{form.prefix}-status", ""),
            "reason": data.get(f"{form.prefix}-reason", ""),
        },
    )
    copy.previous = form.previous
    copy.carried = form.carried
    return copy


def _render_status_form(
    request: MunicipalityRequest,
    week: IsoWeek,
    picture: Any,
    forms: list[AreaStatusForm],
    saved: str,
) -> HttpResponse:
    error_links = [
        (
            f"id_{form.prefix}-{name}" if name != "__all__" else f"area-{form.prefix}",
            form.area.name,
            e,
        )
        for form in forms
        if form.is_bound
        for name, errors in form.errors.items()
        for e in errors
    ]
    return render(
        request,
        "situation/status_form.html",
        {
            "week": week,
            "previous_week": week.previous(),
            "picture": picture,
            "forms": forms,
            "saved": saved,
            "error_links": error_links,
            "week_choices": _week_choices(week),
        },
    )


@require_POST
@municipality_view("situation.decide")
def pin_report(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    form = PinForm(request.POST)
    week = _week_of(request, request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a report to pin."))
        return redirect(_weekly_url(municipality.code, week))
    report = report_get_for(
        user=request.user, municipality=municipality, public_id=form.cleaned_data["report"]
    )
    try:
        if form.cleaned_data["action"] == "unpin":
            services.report_unpin(actor=request.user, report=report, week=week)
            messages.success(request, _("The report is no longer pinned."))
        else:
            services.report_pin(
                actor=request.user, report=report, week=week, note=form.cleaned_data["note"]
            )
            messages.success(request, _("The report is pinned to week %(week)s.") % {"week": week})
    except ValidationError as error:
        for errors in error.message_dict.values():
            for message in errors:
                messages.error(request, message)
    return redirect(_weekly_url(municipality.code, week) + "#pinned-heading")


@require_GET
@municipality_view("situation.view")
def area_status_history(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    area = area_get(municipality=municipality, public_id=public_id)
    history = selectors.area_status_history(area, until=IsoWeek.current())
    trend = selectors.area_trend(area, until=default_week())
    chart = sparkline(
        trend.points,
        ident=f"area-trend-{area.public_id}",
        title=_("%(area)s: reports per week, last %(n)s weeks")
        % {"area": area.name, "n": len(trend.points)},
    )
    return render(
        request,
        "situation/status_history.html",
        {
            "area": area,
            "history": history,
            "week": default_week(),
            "trend": trend,
            "chart": chart,
            "low_weeks": [p.week for p in trend.points if not p.covered],
        },
    )
