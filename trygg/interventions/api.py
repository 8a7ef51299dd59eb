"""REST API for interventions (``/api/v1/interventions/``).

Thin: parse with a serializer, resolve ids through ``inputs``, call the same selectors and
services as the pages (which check the permissions). Scoped to one municipality."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from trygg.accounts.api import MUNICIPALITY_PARAMETER
from trygg.accounts.models import Organisation
from trygg.accounts.permissions import can
from trygg.analysis.evaluation import buffer_change_detectable
from trygg.core.api import ApiPagination
from trygg.interventions import services
from trygg.interventions.choices import (
    InterventionSource,
    InterventionStatus,
    InterventionType,
    InterventionVisibility,
    Technique,
    Term,
)
from trygg.interventions.evaluation import evaluation_of
from trygg.interventions.inputs import intervention_values_from_input
from trygg.interventions.limits import MAX_RESPONSIBLE, MAX_SARA_TEXT, MAX_TITLE
from trygg.interventions.models import EvaluationDesign, Intervention
from trygg.interventions.selectors import (
    InterventionFilters,
    intervention_get_for,
    interventions_filtered,
    interventions_visible_to,
    soonest_due_first,
)
from trygg.places.models import Area
from trygg.places.tenancy import MunicipalityAPIView

RELATED = ("municipality", "area", "owner")
PREFETCH = ("categories", "places", "participants")


class InterventionRefSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = serializers.CharField(read_only=True)


class InterventionSerializer(serializers.Serializer[Intervention]):
    """An intervention as the API returns it."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    municipality = serializers.CharField(source="municipality.code", read_only=True)
    title = serializers.CharField(read_only=True)
    type = serializers.ChoiceField(choices=InterventionType.choices, read_only=True)
    technique = serializers.ChoiceField(choices=[("", ""), *Technique.choices], read_only=True)
    term = serializers.ChoiceField(choices=Term.choices, read_only=True)
    area = InterventionRefSerializer(read_only=True, allow_null=True)
    places = InterventionRefSerializer(many=True, read_only=True)
    categories = serializers.SerializerMethodField()
    scanning = serializers.CharField(read_only=True, help_text="The problem (SARA: scanning).")
    analysis = serializers.CharField(read_only=True, help_text="Its causes (SARA: analysis).")
    response = serializers.CharField(read_only=True, help_text="What is done (SARA: response).")
    assessment = serializers.CharField(
        read_only=True, help_text="How it is followed up (SARA: assessment)."
    )
    owner = InterventionRefSerializer(read_only=True, allow_null=True)
    responsible = serializers.CharField(read_only=True, help_text="A name or a role.")
    participants = InterventionRefSerializer(many=True, read_only=True)
    start_date = serializers.DateField(read_only=True, allow_null=True)
    due_date = serializers.DateField(read_only=True, allow_null=True)
    overdue = serializers.SerializerMethodField(
        help_text="Open (proposed, decided or ongoing) and past its due date."
    )
    status = serializers.ChoiceField(choices=InterventionStatus.choices, read_only=True)
    hours_spent = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True)
    visibility = serializers.ChoiceField(choices=InterventionVisibility.choices, read_only=True)
    source = serializers.ChoiceField(choices=InterventionSource.choices, read_only=True)  # type: ignore[assignment]  # DRF pops declared fields
    missing_for_decision = serializers.SerializerMethodField(
        help_text="The fields still missing before it can be decided, with the message."
    )
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    @extend_schema_field(
        serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    )
    def get_categories(self, obj: Intervention) -> list[dict[str, str]]:
        return [
            {"id": str(c.public_id), "code": c.code, "name": c.label} for c in obj.categories.all()
        ]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, obj: Intervention) -> bool:
        return obj.is_overdue(timezone.localdate())

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_missing_for_decision(self, obj: Intervention) -> dict[str, str]:
        return services.missing_for_decision(obj)


class InterventionWriteSerializer(serializers.Serializer[dict[str, Any]]):
    """The fields of an intervention that can be written. The service re-validates all."""

    title = serializers.CharField(max_length=MAX_TITLE)
    type = serializers.ChoiceField(choices=InterventionType.choices)
    technique = serializers.ChoiceField(
        choices=[("", ""), *Technique.choices], required=False, allow_blank=True
    )
    term = serializers.ChoiceField(choices=Term.choices, required=False)
    area = serializers.UUIDField(required=False, allow_null=True, help_text="An area's id.")
    places = serializers.ListField(child=serializers.UUIDField(), required=False)
    categories = serializers.ListField(
        child=serializers.UUIDField(), required=False, help_text="Category ids."
    )
    scanning = serializers.CharField(required=False, allow_blank=True, max_length=MAX_SARA_TEXT)
    analysis = serializers.CharField(required=False, allow_blank=True, max_length=MAX_SARA_TEXT)
    response = serializers.CharField(required=False, allow_blank=True, max_length=MAX_SARA_TEXT)
    assessment = serializers.CharField(required=False, allow_blank=True, max_length=MAX_SARA_TEXT)
    owner = serializers.UUIDField(
        required=False, allow_null=True, help_text="The owner organisation's id."
    )
    responsible = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_RESPONSIBLE
    )
    participants = serializers.ListField(
        child=serializers.UUIDField(), required=False, help_text="Organisation ids."
    )
    start_date = serializers.DateField(required=False, allow_null=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    visibility = serializers.ChoiceField(choices=InterventionVisibility.choices, required=False)


class InterventionCreateSerializer(InterventionWriteSerializer):
    status = serializers.ChoiceField(
        choices=[
            (InterventionStatus.PROPOSED, "proposed"),
            (InterventionStatus.DECIDED, "decided"),
        ],
        required=False,
        help_text="proposed (default) or decided (coordinators; needs owner, responsible, "
        "due date, area and the problem).",
    )


class InterventionPatchSerializer(InterventionWriteSerializer):
    status = serializers.ChoiceField(
        choices=InterventionStatus.choices,
        required=False,
        help_text="Move the intervention along its lifecycle (after the other fields).",
    )


class InterventionFilterSerializer(serializers.Serializer[dict[str, Any]]):
    status = serializers.ChoiceField(
        choices=[("open", "open"), *InterventionStatus.choices],
        required=False,
        help_text="A status, or open (proposed, decided or ongoing).",
    )
    owner = serializers.UUIDField(required=False, help_text="The owner organisation's id.")
    area = serializers.UUIDField(required=False, help_text="An area's id.")
    due_before = serializers.DateField(
        required=False, help_text="Due on or before this date (YYYY-MM-DD)."
    )
    overdue = serializers.BooleanField(
        required=False, default=False, help_text="Only open interventions past their due date."
    )


def _filters(request: Request, municipality: Any) -> InterventionFilters:
    parser = InterventionFilterSerializer(data=request.query_params)
    parser.is_valid(raise_exception=True)
    data = parser.validated_data
    filters = InterventionFilters(due_before=data.get("due_before"), overdue=data["overdue"])
    status_value = data.get("status")
    if status_value == "open":
        filters.open_only = True
    elif status_value:
        filters.status = status_value
    if data.get("owner"):
        filters.owner = Organisation.objects.filter(
            municipality=municipality, public_id=data["owner"]
        ).first()
        if filters.owner is None:
            raise exceptions.ValidationError(
                {"owner": [_("Choose an organisation from the list.")]}
            )
    if data.get("area"):
        filters.area = Area.objects.filter(
            municipality=municipality, public_id=data["area"]
        ).first()
        if filters.area is None:
            raise exceptions.ValidationError({"area": [_("Choose an area from the list.")]})
    return filters


class InterventionListCreateView(MunicipalityAPIView, generics.ListCreateAPIView[Intervention]):
    """Interventions of the municipality that the user may see; create one."""

    # every member may list (the selector narrows); creating is checked by the service
    # (coordinators, and police members for their own organisation)
    required_permission = {"GET": "intervention.view", "POST": "intervention.view"}

    serializer_class = InterventionSerializer
    filter_backends: list[Any] = []
    pagination_class = ApiPagination

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Intervention.objects.none()
        filters = _filters(self.request, self.municipality)
        qs = interventions_visible_to(self.request.user, self.municipality)
        return (
            interventions_filtered(qs, filters, timezone.localdate())
            .select_related(*RELATED)
            .prefetch_related(*PREFETCH)
            .order_by(*soonest_due_first())
        )

    @extend_schema(
        summary="List interventions",
        description="Coordinators and analysts see all; partners the shared ones and their "
        "organisations'; reporters their organisations'. Soonest due first, those without a "
        "due date last.",
        parameters=[MUNICIPALITY_PARAMETER, InterventionFilterSerializer],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Create an intervention",
        description="Coordinators create any; police members one owned by their own "
        "organisation (proposed). Free text with personal data is refused with 400.",
        parameters=[MUNICIPALITY_PARAMETER],
        request=InterventionCreateSerializer,
        responses={201: InterventionSerializer},
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        parser = InterventionCreateSerializer(data=request.data)
        parser.is_valid(raise_exception=True)
        values = intervention_values_from_input(self.municipality, dict(parser.validated_data))
        try:
            intervention = services.intervention_create(
                actor=self.user, municipality=self.municipality, **values
            )
        except DjangoPermissionDenied as error:
            raise exceptions.PermissionDenied(
                _("You may not create an intervention for that organisation.")
            ) from error
        return Response(InterventionSerializer(intervention).data, status=status.HTTP_201_CREATED)


ID_PARAMETER = OpenApiParameter(
    "public_id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The intervention's id."
)


class InterventionDetailView(MunicipalityAPIView, generics.GenericAPIView[Intervention]):
    """One intervention; coordinators and the owner organisation's members may change it."""

    # any member may ask (outside what they may see is 404); a change is the object rule
    # intervention.change, checked by the service on the intervention itself
    required_permission = "intervention.view"

    serializer_class = InterventionSerializer
    filter_backends: list[Any] = []
    pagination_class = None

    def get_object(self) -> Intervention:
        return intervention_get_for(
            user=self.request.user,
            municipality=self.municipality,
            public_id=self.kwargs["public_id"],
        )

    @extend_schema(
        summary="Get an intervention",
        parameters=[ID_PARAMETER, MUNICIPALITY_PARAMETER],
        responses=InterventionSerializer,
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Change an intervention (coordinators, owner organisation)",
        description="Only the given fields change, then the status if given; all or nothing. "
        "Others who can see it get 403.",
        parameters=[ID_PARAMETER, MUNICIPALITY_PARAMETER],
        request=InterventionPatchSerializer,
        responses=InterventionSerializer,
    )
    def patch(self, request: Request, public_id: uuid.UUID) -> Response:
        intervention = self.get_object()
        if not can(request.user, "intervention.change", intervention):
            raise exceptions.PermissionDenied(
                _("Only a coordinator or the owner organisation can change the intervention.")
            )
        parser = InterventionPatchSerializer(data=request.data, partial=True)
        parser.is_valid(raise_exception=True)
        values = dict(parser.validated_data)
        new_status = values.pop("status", None)
        values = intervention_values_from_input(self.municipality, values)
        with transaction.atomic():
            if values:
                intervention = services.intervention_update(
                    actor=self.user, intervention=intervention, **values
                )
            if new_status:
                intervention = services.intervention_set_status(
                    actor=self.user, intervention=intervention, status=new_status
                )
        try:
            fresh = intervention_get_for(
                user=request.user, municipality=self.municipality, public_id=public_id
            )
        except Http404:  # e.g. no longer visible after a change of owner
            fresh = intervention
        return Response(self.get_serializer(fresh).data)


class EvaluationSerializer(serializers.Serializer[Any]):
    """The evaluation design and, once the after window has passed, its figures."""

    target_area = InterventionRefSerializer(source="design.target_area", read_only=True)
    comparison_area = InterventionRefSerializer(source="design.comparison_area", read_only=True)
    buffer_area = InterventionRefSerializer(
        source="design.buffer_area", read_only=True, allow_null=True
    )
    comparison_buffer_area = InterventionRefSerializer(
        source="design.comparison_buffer_area", read_only=True, allow_null=True
    )
    categories = serializers.SerializerMethodField()
    before_start = serializers.DateField(source="design.before_start", read_only=True)
    before_end = serializers.DateField(
        source="design.before_last_day", read_only=True, help_text="Last day, inclusive."
    )
    after_start = serializers.DateField(source="design.after_start", read_only=True)
    after_end = serializers.DateField(
        source="design.after_last_day", read_only=True, help_text="Last day, inclusive."
    )
    weeks = serializers.IntegerField(source="design.weeks", read_only=True)
    ready = serializers.BooleanField(
        read_only=True, help_text="False until the after window has passed (figures null)."
    )
    counts = serializers.SerializerMethodField(
        help_text="T0 T1 C0 C1 D0 D1 Cd0 Cd1 (buffers null when not assessed), counted "
        "reports by the events' occurrence date."
    )
    did = serializers.SerializerMethodField()
    relative_effect = serializers.SerializerMethodField()
    ci_low = serializers.SerializerMethodField()
    ci_high = serializers.SerializerMethodField()
    wdd = serializers.SerializerMethodField()
    z = serializers.SerializerMethodField()
    wdq = serializers.SerializerMethodField()
    buffer_change_detectable = serializers.SerializerMethodField(
        help_text="Whether the buffer changed against the comparison area beyond chance (the CI "
        "of its relative change excludes 1); WDQ's sign is only meaningful when true. Null "
        "without a buffer."
    )
    verdict = serializers.SerializerMethodField(help_text="The verdict in words.")
    low_coverage_weeks = serializers.SerializerMethodField(
        help_text="ISO weeks in the windows with reporting coverage under the threshold."
    )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_low_coverage_weeks(self, obj: Any) -> list[str]:
        return [str(week) for week in obj.low_coverage_weeks]

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_categories(self, obj: Any) -> list[str]:
        return [str(c.public_id) for c in obj.design.categories.all()]

    @extend_schema_field(
        serializers.DictField(child=serializers.IntegerField(allow_null=True), allow_null=True)
    )
    def get_counts(self, obj: Any) -> dict[str, int | None] | None:
        r = obj.result
        if r is None:
            return None
        return {
            "T0": r.T0, "T1": r.T1, "C0": r.C0, "C1": r.C1,
            "D0": r.D0, "D1": r.D1, "Cd0": r.Cd0, "Cd1": r.Cd1,
        }  # fmt: skip

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_did(self, obj: Any) -> int | None:
        return obj.result.difference_in_differences if obj.result else None

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_relative_effect(self, obj: Any) -> float | None:
        return obj.result.relative_effect.re if obj.result else None

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_ci_low(self, obj: Any) -> float | None:
        return obj.result.relative_effect.lower if obj.result else None

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_ci_high(self, obj: Any) -> float | None:
        return obj.result.relative_effect.upper if obj.result else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_wdd(self, obj: Any) -> int | None:
        return obj.result.wdd.wdd if obj.result else None

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_z(self, obj: Any) -> float | None:
        return obj.result.wdd.z if obj.result else None

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_buffer_change_detectable(self, obj: Any) -> bool | None:
        result = obj.result
        return buffer_change_detectable(result) if result is not None else None

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_wdq(self, obj: Any) -> float | None:
        result = obj.result
        return result.wdq.wdq if result is not None and result.wdq is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_verdict(self, obj: Any) -> str | None:
        return obj.verdict_text or None


class InterventionEvaluationView(MunicipalityAPIView, generics.GenericAPIView[Intervention]):
    """The evaluation of one intervention (ANALYTICS.md, "Did it work?")."""

    required_permission = "intervention.view"  # the intervention itself must be visible

    serializer_class = EvaluationSerializer
    filter_backends: list[Any] = []
    pagination_class = None

    @extend_schema(
        summary="Get an intervention's evaluation",
        description="The design, and once the after window has passed the eight counts, the "
        "difference in differences, the relative effect with its 95 % interval, WDD with z, "
        "WDQ and the verdict in words. 404 when no design has been recorded.",
        parameters=[ID_PARAMETER, MUNICIPALITY_PARAMETER],
        responses=EvaluationSerializer,
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        intervention = intervention_get_for(
            user=request.user, municipality=self.municipality, public_id=public_id
        )
        design = EvaluationDesign.objects.filter(intervention=intervention).first()
        if design is None:
            raise Http404
        return Response(EvaluationSerializer(evaluation_of(design, timezone.localdate())).data)
