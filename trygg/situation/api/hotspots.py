"""REST API: hot spots (Gi* on H3 cells) for a period — ``/api/v1/situation/hotspots/``.

Aggregates only: cell ids, counts, statistics and the names of areas and places (the cell's
name for people); never a report's id, text or position.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from trygg.accounts.api import MUNICIPALITY_PARAMETER
from trygg.core.weeks import IsoWeek
from trygg.places.models import Area
from trygg.places.tenancy import MunicipalityAPIView
from trygg.reports.models import Category
from trygg.situation.forms.hotspots import weeks_in
from trygg.situation.selectors.hotspots import (
    MAX_WEEKS,
    RESOLUTIONS,
    HotspotAnalysis,
    cell_properties,
    concentration_dict,
    default_period,
    hotspot_analysis,
    study_area_text,
    too_few_text,
)

# ---------------------------------------------------------------------------------------------
# Response shape (for the schema)


class PeriodSerializer(serializers.Serializer[dict[str, Any]]):
    # "from" is a Python keyword: declared below
    to = serializers.CharField(help_text="Last ISO week (inclusive).")
    weeks = serializers.IntegerField()


PeriodSerializer._declared_fields["from"] = serializers.CharField(help_text="First ISO week.")


class HotspotCellSerializer(serializers.Serializer[dict[str, Any]]):
    h3 = serializers.CharField(help_text="H3 cell id (hexadecimal).")
    count = serializers.IntegerField(help_text="Counted events in the cell.")
    z = serializers.FloatField(
        allow_null=True, help_text="Getis–Ord Gi* z-score; null when `gi_star` is false."
    )
    p = serializers.FloatField(allow_null=True, help_text="Two-sided p-value; null likewise.")
    q = serializers.FloatField(
        allow_null=True, help_text="Benjamini–Hochberg adjusted p-value; null likewise."
    )
    class_ = serializers.ChoiceField(choices=["hot", "cold", "none"])
    neighbourhood = serializers.IntegerField(
        help_text="Events in the cell and its ring-1 neighbours; a cell is hot only with ≥ 3."
    )
    name = serializers.CharField(
        help_text="The cell's name for people: area and nearest named place, in the request's "
        "language."
    )
    area = serializers.CharField(
        allow_null=True,
        help_text="Area holding the cell's centre (else the area of most of its events).",
    )
    place = serializers.CharField(allow_null=True, help_text="Nearest active named place.")
    place_distance_m = serializers.IntegerField(
        allow_null=True, help_text="Metres from the cell's centre to that place."
    )


HotspotCellSerializer._declared_fields["class"] = HotspotCellSerializer._declared_fields.pop(
    "class_"
)


class ConcentrationSerializer(serializers.Serializer[dict[str, Any]]):
    n_units = serializers.IntegerField(help_text="Units (cells or places), zeros included.")
    total = serializers.FloatField()
    top5_units = serializers.IntegerField()
    top5_share = serializers.FloatField(allow_null=True)
    top10_units = serializers.IntegerField()
    top10_share = serializers.FloatField(allow_null=True)
    gini = serializers.FloatField(allow_null=True)


class ConcentrationPairSerializer(serializers.Serializer[dict[str, Any]]):
    cells = ConcentrationSerializer(help_text="Over all cells of the study area.")
    places = ConcentrationSerializer(help_text="Over the municipality's named places.")


class AreaRefSerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.UUIDField()
    name = serializers.CharField()


class StudyAreaSerializer(serializers.Serializer[dict[str, Any]]):
    cells = serializers.IntegerField(help_text="All cells of the study area (= study_cells).")
    area_cells = serializers.IntegerField(
        help_text="Cells whose centre lies inside the active areas (or the chosen area)."
    )
    event_cells = serializers.IntegerField(
        help_text="Cells added because they hold an event, their centre outside those areas."
    )
    areas = serializers.IntegerField(help_text="Active areas the study area is built from.")
    description = serializers.CharField(help_text="The study area in words.")


class HotspotResponseSerializer(serializers.Serializer[dict[str, Any]]):
    municipality = serializers.CharField()
    period = PeriodSerializer()
    resolution = serializers.IntegerField()
    categories = serializers.ListField(child=serializers.CharField())
    area = AreaRefSerializer(
        allow_null=True, help_text="The chosen area; null: whole municipality."
    )
    study_cells = serializers.IntegerField(help_text="Cells of the study area, zeros included.")
    study_area = StudyAreaSerializer()
    total = serializers.IntegerField(help_text="Counted events of the period.")
    located = serializers.IntegerField(
        help_text="Of which with a position (in a cell): the events of the study area."
    )
    gi_star = serializers.BooleanField(
        help_text="False: fewer than `min_events` events in the study area, no Gi* computed; "
        "no cell is hot or cold and z, p, q are null."
    )
    min_events = serializers.IntegerField(help_text="Events needed for a Gi* analysis (30).")
    min_neighbourhood_events = serializers.IntegerField(
        help_text="Events a hot cell's neighbourhood (cell and ring 1) must hold (3)."
    )
    message = serializers.CharField(
        allow_null=True, help_text="Why there is no analysis, in words; null when there is one."
    )
    cells = HotspotCellSerializer(many=True)
    concentration = ConcentrationPairSerializer()


# ---------------------------------------------------------------------------------------------
# Parameters


def _week(value: str | None, field: str) -> IsoWeek | None:
    if value is None or not value.strip():
        return None
    try:
        return IsoWeek.parse(value)
    except ValueError as error:
        raise exceptions.ValidationError(
            {field: [_("Give the week as year and week number, e.g. 2025-W07.")]}
        ) from error


def _parameters(request: Request, municipality: Any) -> dict[str, Any]:
    params = request.query_params
    default_first, default_last = default_period()
    first = _week(params.get("from"), "from") or default_first
    last = _week(params.get("to"), "to") or default_last
    if first > last:
        raise exceptions.ValidationError(
            {"to": [_("The last week must not be before the first week.")]}
        )
    if weeks_in(first, last) > MAX_WEEKS:
        raise exceptions.ValidationError(
            {"from": [_("Choose at most %(weeks)s weeks (five years).") % {"weeks": MAX_WEEKS}]}
        )
    area = _area(params.get("area"), municipality)
    raw_resolution = params.get("resolution")
    resolution: int | None = None
    if raw_resolution is not None and raw_resolution.strip():
        try:
            resolution = int(raw_resolution)
        except ValueError:
            resolution = -1
        if resolution not in RESOLUTIONS:
            raise exceptions.ValidationError(
                {"resolution": [_("The resolution must be 7, 8 or 9.")]}
            )
    codes = [c.strip() for c in params.getlist("category") if c.strip()]
    categories: list[Category] = []
    if codes:
        known = {c.code: c for c in Category.objects.filter(municipality=municipality)}
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise exceptions.ValidationError(
                {"category": [_("Unknown category: %(codes)s.") % {"codes": ", ".join(unknown)}]}
            )
        categories = [known[c] for c in dict.fromkeys(codes)]
    return {
        "first_week": first,
        "last_week": last,
        "resolution": resolution,
        "categories": categories,
        "area": area,
    }


def _area(value: str | None, municipality: Any) -> Area | None:
    if value is None or not value.strip():
        return None
    try:
        public_id = uuid.UUID(value.strip())
    except ValueError:
        public_id = None
    area = (
        Area.objects.filter(municipality=municipality, active=True, public_id=public_id).first()
        if public_id is not None
        else None
    )
    if area is None:
        raise exceptions.ValidationError(
            {"area": [_("Unknown area: give the id of an active area of the municipality.")]}
        )
    return area


HOTSPOT_PARAMETERS = [
    MUNICIPALITY_PARAMETER,
    OpenApiParameter(
        "from",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        pattern=r"^\d{4}-?W\d{1,2}$",
        description="First ISO week, e.g. 2025-W01. Default: 12 weeks before the last "
        "complete week.",
    ),
    OpenApiParameter(
        "to",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        pattern=r"^\d{4}-?W\d{1,2}$",
        description="Last ISO week (inclusive), at most 260 weeks after `from`. Default: the "
        "last complete week.",
    ),
    OpenApiParameter(
        "area",
        OpenApiTypes.UUID,
        OpenApiParameter.QUERY,
        description="One active area (its id): only its events, study area its cells. "
        "Default: the whole municipality.",
    ),
    OpenApiParameter(
        "resolution",
        OpenApiTypes.INT,
        OpenApiParameter.QUERY,
        enum=[7, 8, 9],
        description="H3 resolution: 7 (cells about 2.5 km across), 8 (about 1 km) or 9 "
        "(about 350 m). Default: 8 for the whole municipality, 9 with `area`.",
    ),
    OpenApiParameter(
        "category",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        many=True,
        explode=True,
        description="Category code, repeatable (e.g. category=klotter&category=skadegorelse). "
        "Default: all categories.",
    ),
]


class HotspotView(MunicipalityAPIView):
    """Getis–Ord Gi* hot and cold H3 cells and concentration figures for a period."""

    required_permission = "situation.view"

    @extend_schema(
        summary="Hot spots",
        description="Gi* per H3 cell over the study area: the cells whose centres lie inside "
        "the municipality's active areas (or the chosen area) plus every cell holding an event "
        "(cells without events included in the computation), with Benjamini–Hochberg "
        "corrected classes hot / cold / none. Minimum evidence: with fewer than 30 located "
        "events no Gi* is computed (`gi_star` false); a cell is hot only when it and its "
        "ring-1 neighbours hold at least 3 events. Only cells with events or a class other "
        "than none are returned, each named by its area and nearest place. Counts include "
        "every counted report (rejected ones excluded, merged duplicates once); no report "
        "details.",
        parameters=HOTSPOT_PARAMETERS,
        responses={200: HotspotResponseSerializer},
    )
    def get(self, request: Request) -> Response:
        municipality = self.municipality
        params = _parameters(request, municipality)
        analysis = hotspot_analysis(
            municipality, user=request.user, with_profile=False, with_kde=False, **params
        )
        return Response(hotspot_response(municipality.code, analysis))


def hotspot_response(code: str, analysis: HotspotAnalysis) -> dict[str, Any]:
    """The API's shape of a hot-spot analysis."""
    cells = []
    for cell in analysis.cells:
        if cell.count <= 0 and cell.klass == "none":
            continue
        props = cell_properties(cell, computed=analysis.computed, name=analysis.name_of(cell.cell))
        props["h3"] = props.pop("cell")
        if analysis.computed:
            props["z"] = cell.z
        cells.append(props)
    area = analysis.area
    return {
        "municipality": code,
        "period": {
            "from": str(analysis.first_week),
            "to": str(analysis.last_week),
            "weeks": analysis.weeks,
        },
        "resolution": analysis.resolution,
        "categories": [c.code for c in analysis.categories],
        "area": None if area is None else {"id": str(area.public_id), "name": area.name},
        "study_cells": len(analysis.cells),
        "study_area": {
            "cells": len(analysis.cells),
            "area_cells": analysis.area_cells,
            "event_cells": analysis.event_cells,
            "areas": analysis.areas_used,
            "description": study_area_text(analysis),
        },
        "total": analysis.total,
        "located": analysis.located,
        "gi_star": analysis.computed,
        "min_events": int(analysis.min_events),
        "min_neighbourhood_events": int(analysis.min_neighbourhood),
        "message": None if analysis.computed else too_few_text(analysis),
        "cells": cells,
        "concentration": {
            "cells": concentration_dict(analysis.cell_concentration),
            "places": concentration_dict(analysis.place_concentration),
        },
    }
