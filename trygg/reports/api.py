"""REST API for reports, categories and weekly nil returns (``/api/v1/``).

Thin: parse with a serializer, call the same selectors and services as the HTML views.
Every endpoint is scoped to one municipality (see ``trygg.accounts.api``).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from trygg.accounts.api import MUNICIPALITY_PARAMETER
from trygg.accounts.models import Organisation
from trygg.accounts.permissions import can
from trygg.core.api import ApiPagination, BoundedDateTimeField, parse_week_param
from trygg.core.weeks import IsoWeek
from trygg.places.models import Municipality
from trygg.places.tenancy import MunicipalityAPIView
from trygg.reports.choices import (
    Certainty,
    Channel,
    Impact,
    LocationPrecision,
    ReportStatus,
    TimePrecision,
    Visibility,
)
from trygg.reports.inputs import organisation_from_input, report_values_from_input
from trygg.reports.limits import MAX_DESCRIPTION, MAX_PEOPLE, MAX_POLICE_REFERENCE
from trygg.reports.models import Category, Report, WeeklyReturn
from trygg.reports.selectors import (
    ReportFilters,
    categories_of,
    category_get,
    report_get_for,
    reports_filtered,
    reports_visible_to,
)
from trygg.reports.services import report_create, report_update, weekly_return_record

WEEK_PATTERN = r"^\d{4}-?W\d{1,2}$"
REPORT_RELATED = (
    "municipality",
    "organisation",
    "category",
    "area",
    "place",
    "reporter",
    "duplicate_of",
)


# ---------------------------------------------------------------------------------------------
# Serializers


class OrganisationRefSerializer(serializers.Serializer[Organisation]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = serializers.CharField(read_only=True)


class ReportSerializer(serializers.Serializer[Report]):
    """A report as the API returns it. Never names the people involved."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    municipality = serializers.CharField(
        source="municipality.code", read_only=True, help_text="Municipality code (kommunkod)."
    )
    organisation = OrganisationRefSerializer(read_only=True)
    week = serializers.SerializerMethodField(help_text="ISO week of the event, e.g. 2025-W07.")
    occurred_start = serializers.DateTimeField(read_only=True)
    occurred_end = serializers.DateTimeField(read_only=True, allow_null=True)
    time_precision = serializers.ChoiceField(choices=TimePrecision.choices, read_only=True)
    location_precision = serializers.ChoiceField(choices=LocationPrecision.choices, read_only=True)
    lat = serializers.FloatField(read_only=True, allow_null=True)
    lon = serializers.FloatField(read_only=True, allow_null=True)
    place = serializers.UUIDField(source="place.public_id", read_only=True, allow_null=True)
    area = serializers.UUIDField(source="area.public_id", read_only=True, allow_null=True)
    area_name = serializers.CharField(source="area.name", read_only=True, allow_null=True)
    category = serializers.UUIDField(source="category.public_id", read_only=True)
    category_code = serializers.CharField(source="category.code", read_only=True)
    category_name = serializers.SerializerMethodField(
        help_text="The category's name in the request's language."
    )
    impact = serializers.ChoiceField(choices=Impact.choices, read_only=True)
    certainty = serializers.ChoiceField(choices=Certainty.choices, read_only=True)
    people_min = serializers.IntegerField(read_only=True, allow_null=True)
    people_max = serializers.IntegerField(read_only=True, allow_null=True)
    police_contacted = serializers.BooleanField(read_only=True)
    police_report_filed = serializers.BooleanField(read_only=True)
    police_reference = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    has_photo = serializers.SerializerMethodField()
    description_redacted_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="When a coordinator removed the description (it then reads as empty); null "
        "if it was never removed.",
    )
    description_redaction_reason = serializers.CharField(
        read_only=True, help_text="Why the description was removed ('' if it was not)."
    )
    photo_redacted_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="When a coordinator removed the photo; null if it was never removed.",
    )
    photo_redaction_reason = serializers.CharField(
        read_only=True, help_text="Why the photo was removed ('' if it was not)."
    )
    channel = serializers.ChoiceField(choices=Channel.choices, read_only=True)
    status = serializers.ChoiceField(choices=ReportStatus.choices, read_only=True)
    visibility = serializers.ChoiceField(choices=Visibility.choices, read_only=True)
    duplicate_of = serializers.UUIDField(
        source="duplicate_of.public_id", read_only=True, allow_null=True
    )
    reporter = serializers.SerializerMethodField(
        help_text="Username of the reporter; only shown to coordinators and analysts, "
        "null for everyone else."
    )
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    @extend_schema_field(OpenApiTypes.STR)
    def get_week(self, obj: Report) -> str:
        return str(IsoWeek.of(obj.week_start))

    @extend_schema_field(OpenApiTypes.STR)
    def get_category_name(self, obj: Report) -> str:
        return obj.category.label

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_has_photo(self, obj: Report) -> bool:
        return bool(obj.photo)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_reporter(self, obj: Report) -> str | None:
        if not self.context.get("show_reporter") or obj.reporter is None:
            return None
        return str(obj.reporter.get_username())


class ReportUpdateSerializer(serializers.Serializer[dict[str, Any]]):
    """The fields a reporter may correct. Everything is re-validated by the service."""

    category = serializers.CharField(
        max_length=64, help_text="The category's id (uuid) or code, e.g. skadegorelse."
    )
    occurred_start = BoundedDateTimeField(
        help_text="When it happened (or the start of the time window)."
    )
    occurred_end = BoundedDateTimeField(
        required=False,
        allow_null=True,
        help_text="End of the time window (at most 14 days); null for an exact time.",
    )
    lat = serializers.FloatField(
        required=False,
        allow_null=True,
        min_value=-90,
        max_value=90,
        help_text="WGS84 latitude; give together with lon.",
    )
    lon = serializers.FloatField(
        required=False, allow_null=True, min_value=-180, max_value=180, help_text="WGS84 longitude."
    )
    place = serializers.UUIDField(
        required=False, allow_null=True, help_text="A named place's id, instead of coordinates."
    )
    area = serializers.UUIDField(
        required=False, allow_null=True, help_text="An area's id, when only the area is known."
    )
    impact = serializers.ChoiceField(choices=Impact.choices, required=False)
    certainty = serializers.ChoiceField(choices=Certainty.choices, required=False)
    people_min = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=MAX_PEOPLE
    )
    people_max = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=MAX_PEOPLE
    )
    police_contacted = serializers.BooleanField(required=False)
    police_report_filed = serializers.BooleanField(required=False)
    police_reference = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_POLICE_REFERENCE
    )
    description = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_DESCRIPTION,
        help_text="What happened – never names, phone numbers, e-mail addresses, personal "
        "identity numbers or registration plates (refused with 400).",
    )
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)


class ReportCreateSerializer(ReportUpdateSerializer):
    organisation = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="The organisation you report for; may be left out when you report for one "
        "organisation only.",
    )


def _service_values(municipality: Municipality, validated: dict[str, Any]) -> dict[str, Any]:
    """Serializer output -> service keyword arguments, with ids resolved to objects."""
    return report_values_from_input(municipality, dict(validated))


class ReportFilterSerializer(serializers.Serializer[dict[str, Any]]):
    week_from = serializers.RegexField(
        WEEK_PATTERN, required=False, help_text="First ISO week, e.g. 2025-W01."
    )
    week_to = serializers.RegexField(
        WEEK_PATTERN, required=False, help_text="Last ISO week (inclusive), e.g. 2025-W07."
    )
    area = serializers.UUIDField(required=False, help_text="An area's id.")
    category = serializers.CharField(
        required=False, max_length=64, help_text="A category's id (uuid) or code."
    )
    organisation = serializers.UUIDField(required=False, help_text="An organisation's id.")
    status = serializers.ChoiceField(choices=ReportStatus.choices, required=False)


class CategorySerializer(serializers.Serializer[Category]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True, help_text="Swedish name.")
    name_en = serializers.CharField(read_only=True, help_text="English name (may be empty).")
    harm_weight = serializers.DecimalField(
        max_digits=5, decimal_places=2, coerce_to_string=False, read_only=True
    )
    publishable = serializers.BooleanField(read_only=True)
    active = serializers.BooleanField(read_only=True)
    sort_order = serializers.IntegerField(read_only=True)


class WeeklyReturnSerializer(serializers.Serializer[WeeklyReturn]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    municipality = serializers.CharField(source="municipality.code", read_only=True)
    organisation = OrganisationRefSerializer(read_only=True)
    week = serializers.SerializerMethodField()
    nothing_to_report = serializers.BooleanField(read_only=True)
    comment = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    @extend_schema_field(OpenApiTypes.STR)
    def get_week(self, obj: WeeklyReturn) -> str:
        return str(IsoWeek.of(obj.week_start))


class WeeklyReturnCreateSerializer(serializers.Serializer[dict[str, Any]]):
    week = serializers.RegexField(WEEK_PATTERN, help_text="ISO week, e.g. 2025-W07.")
    organisation = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="The organisation that has nothing to report; may be left out when you "
        "report for one organisation only.",
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=300)


# ---------------------------------------------------------------------------------------------
# Lookups of filter arguments (always inside the municipality; unknown -> 400)


def _category_by_id_or_code(municipality: Any, value: str, field: str) -> Category:
    try:
        return category_get(municipality=municipality, public_id=uuid.UUID(value))
    except (ValueError, Http404):
        pass
    for category in categories_of(municipality, active_only=False):
        if category.code == value:
            return category
    raise exceptions.ValidationError({field: [_("Choose a category from the list.")]})


def _organisation_in(municipality: Any, public_id: Any, field: str) -> Organisation:
    organisation = Organisation.objects.filter(
        municipality=municipality, public_id=public_id
    ).first()
    if organisation is None:
        raise exceptions.ValidationError({field: [_("Unknown organisation.")]})
    return organisation


def _report_filters(request: Request, municipality: Any) -> ReportFilters:
    from trygg.places.selectors import area_get

    parser = ReportFilterSerializer(data=request.query_params)
    parser.is_valid(raise_exception=True)
    data = parser.validated_data
    filters = ReportFilters(
        week_from=parse_week_param(data.get("week_from"), "week_from"),
        week_to=parse_week_param(data.get("week_to"), "week_to"),
        status=data.get("status") or None,
    )
    if data.get("area"):
        try:
            filters.area = area_get(municipality=municipality, public_id=data["area"])
        except Http404 as error:
            raise exceptions.ValidationError(
                {"area": [_("Choose an area from the list.")]}
            ) from error
    if data.get("category"):
        filters.category = _category_by_id_or_code(municipality, data["category"], "category")
    if data.get("organisation"):
        filters.organisation = _organisation_in(municipality, data["organisation"], "organisation")
    return filters


# ---------------------------------------------------------------------------------------------
# Views


class ReportListCreateView(MunicipalityAPIView, generics.ListCreateAPIView[Report]):
    """Reports of the municipality that the user may see; report a new event."""

    # every member may list (the selector narrows to what they may see)
    required_permission = {"GET": "municipality.view", "POST": "report.create"}

    serializer_class = ReportSerializer
    filter_backends: list[Any] = []
    pagination_class = ApiPagination

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Report.objects.none()
        filters = _report_filters(self.request, self.municipality)
        qs = reports_visible_to(self.request.user, self.municipality)
        return reports_filtered(qs, filters).select_related(*REPORT_RELATED)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["show_reporter"] = can(
            self.request.user, "report.view_restricted", self.municipality
        )
        return context

    @extend_schema(
        summary="List reports",
        description="Reports of the municipality visible to you: coordinators and analysts see "
        "all, partners the shared ones and their organisation's, reporters their "
        "own. Newest event first.",
        parameters=[MUNICIPALITY_PARAMETER, ReportFilterSerializer],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Create a report",
        description='Report an event (channel "api"). Give a point (lat+lon), a place or an '
        "area. Free text with personal data is refused with 400 and a message in "
        "the language of Accept-Language.",
        parameters=[MUNICIPALITY_PARAMETER],
        request=ReportCreateSerializer,
        responses={201: ReportSerializer},
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        municipality = self.municipality
        parser = ReportCreateSerializer(data=request.data)
        parser.is_valid(raise_exception=True)
        values = dict(parser.validated_data)
        organisation = organisation_from_input(
            self.user, municipality, values.pop("organisation", None)
        )
        values = _service_values(municipality, values)
        report = report_create(
            actor=self.user,
            municipality=municipality,
            organisation=organisation,
            channel=Channel.API,
            **values,
        )
        output = ReportSerializer(report, context=self.get_serializer_context())
        return Response(output.data, status=status.HTTP_201_CREATED)


REPORT_ID_PARAMETER = OpenApiParameter(
    "public_id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The report's id."
)


class ReportDetailView(MunicipalityAPIView, generics.GenericAPIView[Report]):
    """One report; its reporter may correct it for a while after submitting."""

    # Any member may ask (a report outside what they may see is 404); a correction is the
    # object rule report.change_own, checked on the report itself in _update().
    required_permission = "municipality.view"

    serializer_class = ReportSerializer
    filter_backends: list[Any] = []
    pagination_class = None

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["show_reporter"] = can(
            self.request.user, "report.view_restricted", self.municipality
        )
        return context

    def get_object(self) -> Report:
        return report_get_for(
            user=self.request.user,
            municipality=self.municipality,
            public_id=self.kwargs["public_id"],
        )

    @extend_schema(
        summary="Get a report",
        parameters=[REPORT_ID_PARAMETER, MUNICIPALITY_PARAMETER],
        responses=ReportSerializer,
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def _update(self, request: Request, *, partial: bool) -> Response:
        report = self.get_object()
        if not can(request.user, "report.change_own", report):
            raise exceptions.PermissionDenied(
                _(
                    "Only the reporter can correct a report, and only for a while after "
                    "submitting it."
                )
            )
        parser = ReportUpdateSerializer(data=request.data, partial=partial)
        parser.is_valid(raise_exception=True)
        values = _service_values(self.municipality, parser.validated_data)
        report = report_update(actor=self.user, report=report, **values)
        report = report_get_for(
            user=request.user, municipality=self.municipality, public_id=report.public_id
        )
        return Response(self.get_serializer(report).data)

    @extend_schema(
        summary="Replace a report's fields (owner only)",
        parameters=[REPORT_ID_PARAMETER, MUNICIPALITY_PARAMETER],
        request=ReportUpdateSerializer,
        responses=ReportSerializer,
    )
    def put(self, request: Request, public_id: uuid.UUID) -> Response:
        return self._update(request, partial=False)

    @extend_schema(
        summary="Correct a report (owner only)",
        description="Only the given fields change. A reviewed report goes back to "
        "review. Other users who can see the report get 403.",
        parameters=[REPORT_ID_PARAMETER, MUNICIPALITY_PARAMETER],
        request=ReportUpdateSerializer,
        responses=ReportSerializer,
    )
    def patch(self, request: Request, public_id: uuid.UUID) -> Response:
        return self._update(request, partial=True)


class CategoryListView(MunicipalityAPIView, generics.ListAPIView[Category]):
    """The municipality's category checklist, retired categories included (active=false)."""

    required_permission = "municipality.view"

    serializer_class = CategorySerializer
    filter_backends: list[Any] = []
    pagination_class = None

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Category.objects.none()
        return categories_of(self.municipality, active_only=False)

    @extend_schema(summary="List categories", parameters=[MUNICIPALITY_PARAMETER])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class WeeklyReturnListCreateView(MunicipalityAPIView, generics.ListCreateAPIView[WeeklyReturn]):
    """Weekly "nothing to report" returns (inget att rapportera)."""

    # the list: all of them with completeness.view, else the user's own organisations'
    required_permission = {
        "GET": ("completeness.view", "weekly_return.create"),
        "POST": "weekly_return.create",
    }

    serializer_class = WeeklyReturnSerializer
    filter_backends: list[Any] = []
    pagination_class = ApiPagination

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return WeeklyReturn.objects.none()
        user, municipality = self.request.user, self.municipality
        qs = WeeklyReturn.objects.filter(municipality=municipality)
        if not can(user, "completeness.view", municipality):
            qs = qs.filter(
                organisation__memberships__user_id=int(user.pk or 0),
                organisation__memberships__active=True,
            ).distinct()
        week = parse_week_param(self.request.query_params.get("week"), "week")
        if week is not None:
            qs = qs.filter(week_start=week.monday)
        return qs.select_related("municipality", "organisation").order_by(
            "-week_start", "organisation__name"
        )

    @extend_schema(
        summary="List nil returns",
        description="Coordinators, analysts and partners see all of the municipality's; "
        "reporters only their own organisations'.",
        parameters=[
            MUNICIPALITY_PARAMETER,
            OpenApiParameter(
                "week",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                pattern=WEEK_PATTERN,
                description="ISO week, e.g. 2025-W07.",
            ),
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary='Say "nothing to report" for a week',
        description="201 when created, 200 when the organisation had already said so for that "
        "week (no duplicate is made). 400 when the organisation has reported "
        "events that week.",
        parameters=[MUNICIPALITY_PARAMETER],
        request=WeeklyReturnCreateSerializer,
        responses={201: WeeklyReturnSerializer, 200: WeeklyReturnSerializer},
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        municipality = self.municipality
        parser = WeeklyReturnCreateSerializer(data=request.data)
        parser.is_valid(raise_exception=True)
        data = parser.validated_data
        week = parse_week_param(data["week"], "week")
        assert week is not None
        organisation = organisation_from_input(self.user, municipality, data.get("organisation"))
        try:
            nil, created = weekly_return_record(
                actor=self.user,
                municipality=municipality,
                week=week,
                organisation=organisation,
                comment=data.get("comment", ""),
            )
        except DjangoValidationError as error:
            if hasattr(error, "error_dict"):
                raise
            # the comment check raises without a field name
            raise exceptions.ValidationError({"comment": error.messages}) from error
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(WeeklyReturnSerializer(nil).data, status=code)
