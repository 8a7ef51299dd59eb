"""REST API of the lägesbild över brottsligheten (``/api/v1/crime-pictures/``): read only.

A picture's detail is its version in force (the decided one) by default, else its draft;
``?version=N`` asks for another. Figures carry their table: frozen at the decision, computed
from today's data while the version is a draft (``frozen`` says which)."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from trygg.accounts.api import MUNICIPALITY_PARAMETER
from trygg.core.api import ApiPagination
from trygg.places.tenancy import MunicipalityAPIView
from trygg.plans.choices import DocumentState, FigureKind, PicturePart, SourceKind
from trygg.plans.figures import figure_data, source_line
from trygg.plans.models import (
    CrimePicture,
    CrimePictureFigure,
    CrimePictureFinding,
    CrimePictureSource,
    CrimePictureVersion,
)
from trygg.plans.selectors.picture import (
    current_decided,
    figures_of,
    findings_of,
    sources_of,
    versions_of,
    working_version,
)


class SourceSerializer(serializers.Serializer[CrimePictureSource]):
    position = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=SourceKind.choices, read_only=True)
    name = serializers.CharField(read_only=True)
    period = serializers.CharField(read_only=True)
    why_chosen = serializers.CharField(read_only=True)
    limitations = serializers.CharField(read_only=True)


class FigureSerializer(serializers.Serializer[CrimePictureFigure]):
    """A figure with its table (see trygg/plans/figures.py for the shape)."""

    position = serializers.IntegerField(read_only=True)
    part = serializers.ChoiceField(choices=PicturePart.choices, read_only=True)
    kind = serializers.ChoiceField(choices=FigureKind.choices, read_only=True)
    year = serializers.IntegerField(read_only=True, allow_null=True)
    measure_code = serializers.CharField(read_only=True)
    caption = serializers.CharField(read_only=True)
    source_text = serializers.SerializerMethodField(help_text="The text after “Källa:”.")
    frozen = serializers.SerializerMethodField(help_text="True once the version is decided.")
    table = serializers.SerializerMethodField(
        help_text="The table: title, columns (label, type), rows, total, notes, source_text."
    )

    def _table_of(self, obj: CrimePictureFigure) -> dict[str, Any]:
        cache: dict[int, dict[str, Any]] = self.context.setdefault("figure_data", {})
        if obj.pk not in cache:
            cache[obj.pk] = figure_data(obj)
        return cache[obj.pk]

    def get_source_text(self, obj: CrimePictureFigure) -> str:
        return source_line(obj, self._table_of(obj))

    def get_frozen(self, obj: CrimePictureFigure) -> bool:
        return bool(obj.data)

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_table(self, obj: CrimePictureFigure) -> dict[str, Any]:
        return self._table_of(obj)


class FindingSerializer(serializers.Serializer[CrimePictureFinding]):
    key = serializers.UUIDField(
        read_only=True, help_text="Stable across versions: the action plan's rows refer to it."
    )
    position = serializers.IntegerField(read_only=True)
    text = serializers.CharField(read_only=True)
    area = serializers.UUIDField(source="area.public_id", read_only=True, allow_null=True)


class VersionSummarySerializer(serializers.Serializer[CrimePictureVersion]):
    number = serializers.IntegerField(read_only=True)
    state = serializers.ChoiceField(choices=DocumentState.choices, read_only=True)
    title = serializers.CharField(read_only=True)
    period_start = serializers.DateField(read_only=True)
    period_end = serializers.DateField(read_only=True)
    deciding_body = serializers.CharField(read_only=True)
    decision_date = serializers.DateField(read_only=True, allow_null=True)
    diary_number = serializers.CharField(read_only=True)
    paragraph = serializers.CharField(read_only=True)
    is_public = serializers.BooleanField(read_only=True)
    change_note = serializers.CharField(read_only=True)


class VersionSerializer(VersionSummarySerializer):
    summary = serializers.CharField(read_only=True)
    part_mapping = serializers.CharField(read_only=True)
    part_other = serializers.CharField(read_only=True)
    part_analysis = serializers.CharField(read_only=True)
    position_on_measures = serializers.CharField(read_only=True)
    sources = serializers.SerializerMethodField()
    figures = serializers.SerializerMethodField()
    findings = serializers.SerializerMethodField()

    @extend_schema_field(SourceSerializer(many=True))
    def get_sources(self, obj: CrimePictureVersion) -> Any:
        return [SourceSerializer(s).data for s in sources_of(obj)]

    @extend_schema_field(FigureSerializer(many=True))
    def get_figures(self, obj: CrimePictureVersion) -> Any:
        return [FigureSerializer(f, context=self.context).data for f in figures_of(obj)]

    @extend_schema_field(FindingSerializer(many=True))
    def get_findings(self, obj: CrimePictureVersion) -> Any:
        return [FindingSerializer(f).data for f in findings_of(obj)]


class PictureSerializer(serializers.Serializer[CrimePicture]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    in_force = serializers.SerializerMethodField(help_text="The decided version, if any.")
    working = serializers.SerializerMethodField(help_text="The newest version (a draft or not).")
    versions = serializers.SerializerMethodField()

    @extend_schema_field(VersionSummarySerializer(allow_null=True))
    def get_in_force(self, obj: CrimePicture) -> Any:
        version = current_decided(obj)
        return VersionSummarySerializer(version).data if version else None

    @extend_schema_field(VersionSummarySerializer)
    def get_working(self, obj: CrimePicture) -> Any:
        return VersionSummarySerializer(working_version(obj)).data

    @extend_schema_field(VersionSummarySerializer(many=True))
    def get_versions(self, obj: CrimePicture) -> Any:
        return [VersionSummarySerializer(v).data for v in versions_of(obj)]


class PictureDetailSerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.UUIDField(read_only=True)
    municipality = serializers.CharField(read_only=True, help_text="The kommunkod.")
    versions = VersionSummarySerializer(many=True, read_only=True)
    version = VersionSerializer(read_only=True)


ID_PARAMETER = OpenApiParameter(
    "public_id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The crime picture's id."
)
VERSION_PARAMETER = OpenApiParameter(
    "version",
    OpenApiTypes.INT,
    OpenApiParameter.QUERY,
    required=False,
    description="A version number; default the decided version, else the newest.",
)


class CrimePictureListView(MunicipalityAPIView, generics.ListAPIView[CrimePicture]):
    """The municipality's crime pictures (lag 2023:196 §4), drafts included."""

    required_permission = "crime_picture.view"
    serializer_class = PictureSerializer
    filter_backends: list[Any] = []
    pagination_class = ApiPagination

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return CrimePicture.objects.none()
        return (
            CrimePicture.objects.filter(municipality=self.municipality)
            .prefetch_related("versions")
            .order_by("-created_at", "-id")
        )

    @extend_schema(summary="List crime pictures", parameters=[MUNICIPALITY_PARAMETER])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class CrimePictureDetailView(MunicipalityAPIView):
    """One crime picture: a version's text, sources, figures with their tables, findings."""

    required_permission = "crime_picture.view"

    @extend_schema(
        summary="Get a crime picture",
        parameters=[ID_PARAMETER, MUNICIPALITY_PARAMETER, VERSION_PARAMETER],
        responses=PictureDetailSerializer,
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        picture = (
            CrimePicture.objects.filter(municipality=self.municipality, public_id=public_id)
            .prefetch_related("versions")
            .first()
        )
        if picture is None:
            raise NotFound
        versions = versions_of(picture)
        wanted = request.query_params.get("version")
        if wanted is not None:
            version = next((v for v in versions if str(v.number) == wanted), None)
            if version is None:
                raise NotFound
        else:
            version = current_decided(picture) or versions[0]
        payload = {
            "id": picture.public_id,
            "municipality": self.municipality.code,
            "versions": versions,
            "version": version,
        }
        return Response(PictureDetailSerializer(payload, context={}).data)
