"""REST API for the municipality's areas (``/api/v1/areas/``) as GeoJSON."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from trygg.accounts.api import MUNICIPALITY_PARAMETER
from trygg.places.selectors import areas_feature_collection
from trygg.places.tenancy import MunicipalityAPIView


class GeoJSONRenderer(JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


class AreaPropertiesSerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)
    code = serializers.CharField(read_only=True)


class AreaFeatureSerializer(serializers.Serializer[dict[str, Any]]):
    type = serializers.ChoiceField(choices=["Feature"], read_only=True)
    id = serializers.UUIDField(read_only=True, help_text="The area's id.")
    properties = AreaPropertiesSerializer(read_only=True)
    geometry = serializers.JSONField(
        read_only=True,
        help_text="GeoJSON Polygon or MultiPolygon, WGS84, [lon, lat] order.",
    )


class AreaFeatureCollectionSerializer(serializers.Serializer[dict[str, Any]]):
    type = serializers.ChoiceField(choices=["FeatureCollection"], read_only=True)
    features = AreaFeatureSerializer(many=True, read_only=True)


class AreaCollectionView(MunicipalityAPIView):
    """The municipality's active areas as a GeoJSON FeatureCollection."""

    required_permission = "municipality.view"

    renderer_classes = [GeoJSONRenderer, JSONRenderer]

    @extend_schema(
        operation_id="areas_geojson",
        summary="Areas as GeoJSON",
        description="The municipality's active areas as a GeoJSON FeatureCollection "
        "(application/geo+json; ask for application/json to get plain JSON).",
        parameters=[MUNICIPALITY_PARAMETER],
        responses=AreaFeatureCollectionSerializer,
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(areas_feature_collection(self.municipality))
