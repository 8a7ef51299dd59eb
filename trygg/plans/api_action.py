"""REST API of the åtgärdsplan (``/api/v1/action-plans/``): read only. Each plan with its
versions; one plan with a version's rows (Brå's columns, stable row keys, the keys of the
lägesbild findings it answers, the interventions that carry it out) and the statuses of the
latest completed follow-up. Open follow-ups are not shown."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from trygg.accounts.api import MUNICIPALITY_PARAMETER
from trygg.core.api import ApiPagination
from trygg.places.tenancy import MunicipalityAPIView
from trygg.plans.choices import DocumentState
from trygg.plans.models import ActionPlan, ActionPlanRow, ActionPlanVersion
from trygg.plans.selectors.action_plan import (
    latest_round,
    plan_get,
    rows_of,
    statuses_by_key,
    version_get,
    working_version,
)
from trygg.promises.choices import Rating


class ActionPlanVersionSerializer(serializers.Serializer[ActionPlanVersion]):
    number = serializers.IntegerField(read_only=True)
    state = serializers.ChoiceField(choices=DocumentState.choices, read_only=True)
    title = serializers.CharField(read_only=True)
    period_start = serializers.DateField(read_only=True)
    period_end = serializers.DateField(read_only=True)
    summary = serializers.CharField(read_only=True)
    change_note = serializers.CharField(read_only=True)
    deciding_body = serializers.CharField(read_only=True)
    decision_date = serializers.DateField(read_only=True, allow_null=True)
    diary_number = serializers.CharField(read_only=True)
    paragraph = serializers.CharField(read_only=True)
    is_public = serializers.BooleanField(read_only=True)


class ActionPlanSerializer(serializers.Serializer[ActionPlan]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    crime_picture = serializers.UUIDField(
        source="crime_picture.public_id", read_only=True, allow_null=True
    )
    renewal_years = serializers.IntegerField(read_only=True)
    renewal_due = serializers.DateField(read_only=True, allow_null=True)
    versions = ActionPlanVersionSerializer(many=True, read_only=True)


class RowStatusSerializer(serializers.Serializer[Any]):
    rating = serializers.ChoiceField(choices=Rating.choices, read_only=True)
    note = serializers.CharField(read_only=True)
    reported_at = serializers.DateTimeField(read_only=True)


class ActionPlanRowSerializer(serializers.Serializer[ActionPlanRow]):
    key = serializers.UUIDField(
        read_only=True, help_text="Stable across versions: the same row in a later version."
    )
    position = serializers.IntegerField(read_only=True)
    cause = serializers.CharField(read_only=True)
    measure = serializers.CharField(read_only=True)
    operational_goal = serializers.CharField(read_only=True)
    when_text = serializers.CharField(read_only=True)
    due_date = serializers.DateField(read_only=True, allow_null=True)
    who_text = serializers.CharField(read_only=True)
    organisation = serializers.UUIDField(
        source="organisation.public_id", read_only=True, allow_null=True
    )
    follow_up = serializers.CharField(read_only=True)
    findings = serializers.SerializerMethodField(
        help_text="The keys of the lägesbild findings the row answers."
    )
    interventions = serializers.SerializerMethodField(
        help_text="The ids of the interventions that carry it out."
    )
    status = serializers.SerializerMethodField(
        help_text="The row's status in the latest completed follow-up, or null."
    )

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_findings(self, row: ActionPlanRow) -> list[uuid.UUID]:
        return [f.key for f in row.findings.all()]

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_interventions(self, row: ActionPlanRow) -> list[uuid.UUID]:
        return [i.public_id for i in row.interventions.all()]

    @extend_schema_field(RowStatusSerializer(allow_null=True))
    def get_status(self, row: ActionPlanRow) -> dict[str, Any] | None:
        status = self.context.get("statuses", {}).get(row.key)
        return RowStatusSerializer(status).data if status is not None else None


class FollowUpSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    title = serializers.CharField(read_only=True)
    as_of = serializers.DateField(read_only=True)
    completed_at = serializers.DateTimeField(read_only=True)
    summary = serializers.CharField(read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)


class ActionPlanDetailSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    crime_picture = serializers.UUIDField(
        source="crime_picture.public_id", read_only=True, allow_null=True
    )
    renewal_years = serializers.IntegerField(read_only=True)
    renewal_due = serializers.DateField(read_only=True, allow_null=True)
    version = ActionPlanVersionSerializer(read_only=True)
    rows = ActionPlanRowSerializer(many=True, read_only=True)
    latest_follow_up = FollowUpSerializer(read_only=True, allow_null=True)


class ActionPlanListView(MunicipalityAPIView, generics.ListAPIView[ActionPlan]):
    """The municipality's action plans with their versions (drafts included)."""

    required_permission = "action_plan.view"
    serializer_class = ActionPlanSerializer
    filter_backends: list[Any] = []
    pagination_class = ApiPagination

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return ActionPlan.objects.none()
        return (
            ActionPlan.objects.filter(municipality=self.municipality)
            .select_related("crime_picture")
            .prefetch_related("versions")
            .order_by("-created_at", "-id")
        )

    @extend_schema(summary="List action plans", parameters=[MUNICIPALITY_PARAMETER])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


VERSION_PARAMETER = OpenApiParameter(
    "version",
    int,
    description="A version number; default the working version (the draft, else the latest).",
)
ID_PARAMETER = OpenApiParameter(
    "public_id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The action plan's id."
)


class ActionPlanDetailView(MunicipalityAPIView, generics.GenericAPIView[ActionPlan]):
    """One action plan: a version's rows and the latest completed follow-up's statuses."""

    required_permission = "action_plan.view"
    serializer_class = ActionPlanDetailSerializer
    filter_backends: list[Any] = []
    pagination_class = None

    @extend_schema(
        summary="Get an action plan",
        parameters=[ID_PARAMETER, MUNICIPALITY_PARAMETER, VERSION_PARAMETER],
        responses=ActionPlanDetailSerializer,
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        plan = plan_get(municipality=self.municipality, public_id=public_id)
        wanted = request.query_params.get("version")
        version = version_get(plan, wanted) if wanted else working_version(plan)
        follow_up = latest_round(plan, completed_only=True)
        data = {
            "public_id": plan.public_id,
            "crime_picture": plan.crime_picture,
            "renewal_years": plan.renewal_years,
            "renewal_due": plan.renewal_due,
            "version": version,
            "rows": rows_of(version),
            "latest_follow_up": follow_up,
        }
        serializer = ActionPlanDetailSerializer(
            data, context={"request": request, "statuses": statuses_by_key(follow_up)}
        )
        return Response(serializer.data)
