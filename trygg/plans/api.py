"""REST API for the imported crime statistics (``/api/v1/statistics/``): read only."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from trygg.accounts.api import MUNICIPALITY_PARAMETER
from trygg.core.api import ApiPagination
from trygg.places.tenancy import MunicipalityAPIView
from trygg.plans.choices import Gender, RegionKind, StatisticSource
from trygg.plans.models import StatisticValue
from trygg.plans.selectors.statistics import statistic_values_of


class StatisticValueSerializer(serializers.Serializer[StatisticValue]):
    """One imported figure. Official statistics, never mixed with the EST reports."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    source = serializers.ChoiceField(choices=StatisticSource.choices, read_only=True)  # type: ignore[assignment]  # DRF pops declared fields
    measure_code = serializers.CharField(
        read_only=True, help_text="Kolada's KPI id, or a code made from Brå's crime type."
    )
    measure_name = serializers.CharField(read_only=True)
    region_kind = serializers.ChoiceField(choices=RegionKind.choices, read_only=True)
    region_code = serializers.CharField(
        read_only=True,
        help_text="Kolada's ids: the kommunkod, '00' + the county code, '0000' for Sweden.",
    )
    region_name = serializers.CharField(read_only=True)
    period = serializers.IntegerField(read_only=True, help_text="The year.")
    gender = serializers.ChoiceField(choices=Gender.choices, read_only=True)
    count = serializers.IntegerField(read_only=True, allow_null=True)
    rate = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text="Per 100,000 inhabitants.",
    )
    imported_at = serializers.DateTimeField(read_only=True)
    import_id = serializers.UUIDField(source="batch.public_id", read_only=True)


FILTERS = [
    OpenApiParameter("source", str, enum=StatisticSource.values, description="bra, kolada, other"),
    OpenApiParameter("measure", str, description="A measure code, e.g. N07403."),
    OpenApiParameter(
        "region_kind", str, enum=RegionKind.values, description="municipality, county, national"
    ),
]


class StatisticValueListView(MunicipalityAPIView, generics.ListAPIView[StatisticValue]):
    """The crime statistics the municipality has imported (Brå, Kolada)."""

    required_permission = "statistics.view"
    serializer_class = StatisticValueSerializer
    filter_backends: list[Any] = []
    pagination_class = ApiPagination

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return StatisticValue.objects.none()
        values = statistic_values_of(self.municipality).select_related("batch")
        params = self.request.query_params
        if params.get("source"):
            values = values.filter(source=params["source"])
        if params.get("measure"):
            values = values.filter(measure_code=params["measure"][:60])
        if params.get("region_kind"):
            values = values.filter(region_kind=params["region_kind"])
        return values.order_by(
            "source", "measure_code", "region_kind", "region_code", "period", "gender", "id"
        )

    @extend_schema(
        summary="List imported crime statistics", parameters=[MUNICIPALITY_PARAMETER, *FILTERS]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
