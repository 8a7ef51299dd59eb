"""The annual view: the year per area and category against the previous year; PDFs of the
year and of a stored focus decision (rendered from its snapshot, never recomputed)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from trygg.accounts.decorators import municipality_view
from trygg.core.pdf import render_pdf
from trygg.places.tenancy import MunicipalityRequest
from trygg.situation.selectors import annual as sa
from trygg.situation.selectors import quarterly as sq

YEARS_BACK = 6


def _year_of(request: HttpRequest) -> int:
    year, valid = sa.parse_year(request.GET.get("year"))
    if not valid:
        messages.warning(request, _("That year cannot be shown; the last complete year is shown."))
    return year


def _context(request: MunicipalityRequest, year: int) -> dict[str, Any]:
    municipality = request.municipality
    current = timezone.localdate().year
    years = list(range(current, current - YEARS_BACK - 1, -1))
    if year not in years:
        years.append(year)
    return {
        "municipality": municipality,
        "overview": sa.annual_overview(municipality, year),
        "year": year,
        "years": years,
    }


@require_GET
@municipality_view("situation.view")
def annual_view(request: MunicipalityRequest) -> HttpResponse:
    return render(request, "situation/annual.html", _context(request, _year_of(request)))


@require_GET
@municipality_view("situation.view")
def annual_pdf(request: MunicipalityRequest) -> HttpResponse:
    year = _year_of(request)
    context = _context(request, year)
    code = context["municipality"].code
    return render_pdf(
        request, "situation/pdf/annual.html", context, filename=f"trygg-{code}-{year}.pdf"
    )


@require_GET
@municipality_view("situation.view")
def decision_pdf(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    decision = sq.decision_get(municipality=municipality, public_id=public_id)
    period = sq.Period(decision.period_kind, decision.year, decision.period_number)
    snapshot = decision.snapshot
    return render_pdf(
        request,
        "situation/pdf/decision.html",
        {
            "municipality": municipality,
            "decision": decision,
            "period": period,
            "analysis": sq.displayable(snapshot),
            "focus_ids": {item["area"] for item in snapshot.get("focus_areas", [])},
        },
        filename=f"trygg-{municipality.code}-{period}-decision.pdf",
    )
