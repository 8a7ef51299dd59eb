"""Quarterly / tertial analysis: which areas need most, ability ratings, focus decisions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from trygg.accounts.decorators import municipality_view
from trygg.accounts.permissions import can
from trygg.places.selectors import areas_of
from trygg.places.tenancy import MunicipalityRequest
from trygg.situation.choices import PeriodKind
from trygg.situation.forms.quarterly import AreaRatingForm, DecisionForm
from trygg.situation.selectors import quarterly as sq
from trygg.situation.services import quarterly as services_quarterly

YEARS_BACK = 6
DEFAULT_FOCUS = 3


def _period_of(request: HttpRequest, source: Any = None) -> sq.Period:
    period, valid = sq.parse_period(source if source is not None else request.GET)
    if not valid:
        messages.warning(request, _("That period does not exist; the last complete one is shown."))
    return period


def _query(period: sq.Period) -> str:
    return f"?kind={period.kind}&year={period.year}&period={period.number}"


def _chooser(period: sq.Period) -> dict[str, Any]:
    this_year = timezone.localdate().year
    years = list(range(this_year, this_year - YEARS_BACK, -1))
    if period.year not in years:
        years.append(period.year)
        years.sort(reverse=True)
    current = sq.period_containing(timezone.localdate(), period.kind)
    return {
        "period": period,
        "kinds": PeriodKind.choices,
        "years": years,
        "numbers": list(range(1, 5)),
        "previous_period": period.previous(),
        "next_period": period.next() if period < current else None,
    }


@require_GET
@municipality_view("situation.view")
def quarterly_analysis(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    period = _period_of(request)
    analysis = sq.need_indicators(municipality, period.kind, period.year, period.number)
    return render(
        request,
        "situation/quarterly.html",
        {
            **_chooser(period),
            "analysis": sq.displayable(analysis),
            "query": _query(period),
            "decision": sq.latest_decision(municipality, period),
            "decision_count": sq.decisions_for(municipality, period).count(),
            "may_decide": can(request.user, "situation.decide", municipality),
        },
    )


def _quarterly_url(code: str, period: sq.Period) -> str:
    return reverse("situation:quarterly", args=[code]) + _query(period)


def _error_links(forms: list[Any]) -> list[tuple[str, str, str]]:
    links: list[tuple[str, str, str]] = []
    for form in forms:
        for name, errors in form.errors.items():
            target = f"id_{form.prefix}-{name}" if name != "__all__" else f"area-{form.prefix}"
            if name == "rating":
                target = f"id_{form.prefix}-rating_0"
            links.extend((target, form.area.name, e) for e in errors)
    return links


@require_http_methods(["GET", "POST"])
@municipality_view("situation.decide")
def rate_areas(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    period = _period_of(request, request.POST if request.method == "POST" else None)
    existing = sq.ratings_for(municipality, period)
    forms: list[AreaRatingForm] = []
    for area in areas_of(municipality):
        rating = existing.get(area.pk)
        initial = {"rating": str(rating.rating), "reason": rating.reason} if rating else {}
        forms.append(
            AreaRatingForm(
                request.POST if request.method == "POST" else None, area=area, initial=initial
            )
        )
    if request.method == "POST":
        valid = all([form.is_valid() for form in forms])  # noqa: C419 - validate every form
        if valid:
            try:
                services_quarterly.ratings_set(
                    actor=request.user,
                    municipality=municipality,
                    kind=period.kind,
                    year=period.year,
                    period=period.number,
                    ratings=[
                        {
                            "area": form.area,
                            "rating": form.cleaned_data["rating"],
                            "reason": form.cleaned_data["reason"],
                        }
                        for form in forms
                    ],
                )
            except ValidationError as error:
                by_area = {str(f.area.public_id): f for f in forms}
                for key, errors in error.message_dict.items():
                    for message in errors:
                        if key in by_area:
                            by_area[key].add_error(None, message)
                        else:
                            messages.error(request, message)
            else:
                messages.success(request, _("The ratings are saved."))
                return redirect(_quarterly_url(municipality.code, period))
    return render(
        request,
        "situation/quarterly_ratings.html",
        {
            **_chooser(period),
            "forms": forms,
            "error_links": _error_links(forms),
        },
    )


@require_http_methods(["GET", "POST"])
@municipality_view("situation.decide")
def decide_focus(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    period = _period_of(request, request.POST if request.method == "POST" else None)
    analysis = sq.need_indicators(municipality, period.kind, period.year, period.number)
    rows = analysis["rows"]
    choices = [(row["area"], row["area_name"]) for row in rows]
    try:
        wanted = int(request.GET.get("n", DEFAULT_FOCUS))
    except ValueError:
        wanted = DEFAULT_FOCUS
    wanted = max(1, min(wanted, max(len(rows), 1)))
    initial = {"focus_count": wanted, "focus_areas": [row["area"] for row in rows[:wanted]]}
    form = DecisionForm(
        request.POST if request.method == "POST" else None,
        area_choices=choices,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        chosen = [sq.area_of(municipality, pid) for pid in form.cleaned_data["focus_areas"]]
        try:
            decision = services_quarterly.priority_decide(
                actor=request.user,
                municipality=municipality,
                kind=period.kind,
                year=period.year,
                period=period.number,
                areas=[a for a in chosen if a is not None],
                note=form.cleaned_data["note"],
                focus_count=form.cleaned_data["focus_count"],
            )
        except ValidationError as error:
            for key, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(key if key in form.fields else None, message)
        else:
            messages.success(request, _("The focus areas are decided and stored."))
            return redirect("situation:decision", municipality.code, decision.public_id)
    return render(
        request,
        "situation/quarterly_decide.html",
        {
            **_chooser(period),
            "analysis": sq.displayable(analysis),
            "form": form,
            "wanted": wanted,
            "query": _query(period),
        },
    )


@require_GET
@municipality_view("situation.view")
def decision_detail(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    decision = sq.decision_get(municipality=municipality, public_id=public_id)
    period = sq.Period(decision.period_kind, decision.year, decision.period_number)
    snapshot = decision.snapshot
    focus_ids = {item["area"] for item in snapshot.get("focus_areas", [])}
    return render(
        request,
        "situation/decision_detail.html",
        {
            "decision": decision,
            "period": period,
            "analysis": sq.displayable(snapshot),
            "focus_ids": focus_ids,
            "query": _query(period),
        },
    )
