"""REST API: hot spots (Gi* on H3 cells) for a period — ``/api/v1/situation/hotspots/``.

Aggregates only: cell ids, counts and statistics; never a report's id, text or position.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from trygg.accounts.api import MUNICIPALITY_PARAMETER
from trygg.core.weeks import IsoWeek
from trygg.places.tenancy import MunicipalityAPIView
from trygg.reports.models import Category
from trygg.situation.forms.hotspots import weeks_in
from trygg.situation.selectors.hotspots import (
    DEFAULT_RESOLUTION,
    MAX_WEEKS,
    RESOLUTIONS,
    cell_properties,
    concentration_dict,
    default_period,
    hotspot_analysis,
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
    z = serializers.FloatField(help_text="Getis–Ord Gi* z-score.")
    p = serializers.FloatField(help_text="Two-sided p-value.")
    q = serializers.FloatField(help_text="Benjamini–Hochberg adjusted p-value.")
    class_ = serializers.ChoiceField(choices=["hot", "cold", "none"])


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


class HotspotResponseSerializer(serializers.Serializer[dict[str, Any]]):
    municipality = serializers.CharField()
    period = PeriodSerializer()
    resolution = serializers.IntegerField()
    categories = serializers.ListField(child=serializers.CharField())
    study_cells = serializers.IntegerField(help_text="Cells of the study area, zeros included.")
    total = serializers.IntegerField(help_text="Counted events of the period.")
    located = serializers.IntegerField(help_text="Of which with a position (in a cell).")
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
    raw_resolution = params.get("resolution") or str(DEFAULT_RESOLUTION)
    try:
        resolution = int(raw_resolution)
    except ValueError:
        resolution = -1
    if resolution not in RESOLUTIONS:
        raise exceptions.ValidationError(
            {"resolution": [_("The resolution must be 7 (municipality) or 9 (town).")]}
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
    }


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
        "resolution",
        OpenApiTypes.INT,
        OpenApiParameter.QUERY,
        enum=[7, 9],
        description="H3 resolution: 9 (town, default) or 7 (whole municipality).",
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
        description="Gi* per H3 cell over the municipality (cells without events included in "
        "the computation), with Benjamini–Hochberg corrected classes hot / cold / none. "
        "Only cells with events or a class other than none are returned. Counts include every "
        "counted report (rejected ones excluded, merged duplicates once); no report details.",
        parameters=HOTSPOT_PARAMETERS,
        responses={200: HotspotResponseSerializer},
    )
    def get(self, request: Request) -> Response:
        municipality = self.municipality
        params = _parameters(request, municipality)
        analysis = hotspot_analysis(
            municipality, user=request.user, with_profile=False, with_kde=False, **params
        )
        cells = []
        for cell in analysis.cells:
            if cell.count <= 0 and cell.klass == "none":
                continue
            props = cell_properties(cell)
            props["h3"] = props.pop("cell")
            props["z"] = cell.z
            cells.append(props)
        return Response(
            {
                "municipality": municipality.code,
                "period": {
                    "from": str(analysis.first_week),
                    "to": str(analysis.last_week),
                    "weeks": analysis.weeks,
                },
                "resolution": analysis.resolution,
                "categories": [c.code for c in analysis.categories],
                "study_cells": len(analysis.cells),
                "total": analysis.total,
                "located": analysis.located,
                "cells": cells,
                "concentration": {
                    "cells": concentration_dict(analysis.cell_concentration),
                    "places": concentration_dict(analysis.place_concentration),
                },
            }
        )
