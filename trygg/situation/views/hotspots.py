"""Hot spots page: Gi* cells on a map, heat layer, concentration, weekday × hour profile."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from trygg.accounts.decorators import municipality_view
from trygg.places.selectors import areas_feature_collection, outline_bounds
from trygg.places.tenancy import MunicipalityRequest
from trygg.situation.forms.hotspots import HotspotForm
from trygg.situation.selectors.hotspots import (
    cell_label,
    cells_feature_collection,
    heat_points,
    hotspot_analysis,
    profile_rows,
    study_area_text,
    too_few_text,
)

#: hot / cold cells listed in the text table (the map shows all of them)
TABLE_LIMIT = 50


def _weekdays() -> list[str]:
    return [
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    ]


def _resolution_text(resolution: int) -> str:
    widths = {7: _("about 2.5 km"), 8: _("about 1 km"), 9: _("about 350 m")}
    return _("H3 resolution %(res)s, cells %(width)s across") % {
        "res": resolution,
        "width": widths.get(resolution, "?"),
    }


def _pct(share: float | None) -> float | None:
    return None if share is None else round(100 * share, 1)


def _concentration_text(value: Any) -> dict[str, Any]:
    return {
        "n_units": value.n_units,
        "total": int(value.total),
        "top5_units": value.top5_units,
        "top10_units": value.top10_units,
        "top5_pct": _pct(value.top5_share),
        "top10_pct": _pct(value.top10_share),
        "gini": None if value.gini is None else round(value.gini, 2),
    }


@require_GET
@municipality_view("situation.view")
def hotspot_page(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    form = HotspotForm(request.GET or None, municipality=municipality)
    params = form.parameters()
    analysis = hotspot_analysis(
        municipality, user=request.user, with_profile=True, with_kde=True, **params
    )
    query = request.GET.urlencode() if form.is_bound and form.is_valid() else ""
    if not analysis.computed:
        # no hot or cold cells: the map shows the cells with events (grey, with counts)
        query = f"{query}&all=1" if query else "all=1"
    data_url = reverse("situation:hotspots_data", args=[municipality.code])
    weekdays = _weekdays()
    profile = [
        {"day": day, "cells": row}
        for day, row in zip(weekdays, profile_rows(analysis.profile), strict=False)
    ]
    hot = analysis.hot
    cold = analysis.cold
    area = analysis.area
    bounds = (
        [[area.min_lat, area.min_lon], [area.max_lat, area.max_lon]]
        if area is not None and area.max_lat > area.min_lat
        else outline_bounds(municipality)
    )
    return render(
        request,
        "situation/hotspots.html",
        {
            "form": form,
            "analysis": analysis,
            "hot": [
                {"cell": c, "name": cell_label(analysis.name_of(c.cell))} for c in hot[:TABLE_LIMIT]
            ],
            "study_area_text": study_area_text(analysis),
            "too_few_text": "" if analysis.computed else too_few_text(analysis),
            "resolution_text": _resolution_text(analysis.resolution),
            "hot_total": len(hot),
            "cold_total": len(cold),
            "table_limit": TABLE_LIMIT,
            "cells_c": _concentration_text(analysis.cell_concentration),
            "places_c": _concentration_text(analysis.place_concentration),
            "profile": profile,
            "hours": range(24),
            "data_url": f"{data_url}?{query}" if query else data_url,
            "heat": heat_points(analysis.kde),
            "areas_geojson": areas_feature_collection(municipality),
            "bounds": bounds,
            "bandwidth": int(analysis.bandwidth_m),
            "decimal_separator": get_format("DECIMAL_SEPARATOR"),
        },
    )


@require_GET
@municipality_view("situation.view")
def hotspot_data(request: MunicipalityRequest) -> JsonResponse:
    """GeoJSON of the hot and cold H3 cells (``?all=1``: every cell with events too).

    Aggregates only: cell id, count, z, p, q, class, neighbourhood count and the cell's name
    (area and nearest place) — never a report's id or text. The weekly picture's map reads it
    too (hot and cold cells of the 12 weeks ending with the week shown).
    """
    municipality = request.municipality
    form = HotspotForm(request.GET or None, municipality=municipality)
    if form.is_bound and not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    analysis = hotspot_analysis(
        municipality, user=request.user, with_profile=False, **form.parameters()
    )
    include_all = request.GET.get("all") in ("1", "true", "yes")
    return JsonResponse(cells_feature_collection(analysis, include_all=include_all))
