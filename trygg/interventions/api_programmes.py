"""REST API for a programme's sessions (``/api/v1/interventions/<id>/sessions/``): the
schedule, sessions held against planned this quarter and year, the recorded sessions, and
recording one (with observations that become EST reports). Same services as the pages."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from trygg.accounts.api import MUNICIPALITY_PARAMETER
from trygg.core.api import ApiPagination
from trygg.interventions.choices import SessionStatus
from trygg.interventions.limits import (
    MAX_NOTE,
    MAX_OBSERVATION_TEXT,
    MAX_SESSION_OBSERVATIONS,
    MAX_SESSION_PARTICIPANTS,
)
from trygg.interventions.models import Intervention, ProgrammeSession
from trygg.interventions.selectors import intervention_get_for
from trygg.interventions.selectors_programmes import programme_tally, quarter_of, sessions_of
from trygg.interventions.services import programmes as services
from trygg.places.models import Place
from trygg.places.tenancy import MunicipalityAPIView
from trygg.reports.models import Category


class SessionSlotSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    weekday = serializers.IntegerField(read_only=True, help_text="ISO weekday: 1 Monday … 7 Sunday")
    starts_at = serializers.TimeField(read_only=True, format="%H:%M")
    ends_at = serializers.TimeField(
        read_only=True, format="%H:%M", help_text="At or before starts_at: past midnight."
    )
    area = serializers.CharField(source="area.name", read_only=True, default=None)
    valid_from = serializers.DateField(read_only=True)
    valid_until = serializers.DateField(read_only=True, allow_null=True)


class ProgrammeSessionSerializer(serializers.Serializer[ProgrammeSession]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    slot = serializers.UUIDField(source="slot.public_id", read_only=True, default=None)
    date = serializers.DateField(read_only=True)
    starts_at = serializers.TimeField(read_only=True, format="%H:%M", allow_null=True)
    ends_at = serializers.TimeField(read_only=True, format="%H:%M", allow_null=True)
    status = serializers.ChoiceField(choices=SessionStatus.choices, read_only=True)
    participants = serializers.IntegerField(read_only=True, allow_null=True)
    area = serializers.UUIDField(source="area.public_id", read_only=True, default=None)
    places = serializers.SerializerMethodField()
    note = serializers.CharField(read_only=True)
    reports = serializers.SerializerMethodField()
    organisation = serializers.CharField(source="organisation.name", read_only=True, default=None)
    created_at = serializers.DateTimeField(read_only=True)

    def get_places(self, obj: ProgrammeSession) -> list[str]:
        return [str(p.public_id) for p in obj.places.all()]

    def get_reports(self, obj: ProgrammeSession) -> list[str]:
        return [str(r.public_id) for r in obj.reports.all()]


class TallySerializer(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField()
    counted_until = serializers.DateField(
        help_text="Planned sessions count up to this day (the period may still be running)."
    )
    complete = serializers.BooleanField()
    planned = serializers.IntegerField()
    held = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    not_recorded = serializers.IntegerField()
    extra = serializers.IntegerField(help_text="Held outside the schedule; not in `planned`.")
    participants = serializers.IntegerField()


class ObservationInputSerializer(serializers.Serializer[dict[str, Any]]):
    category = serializers.UUIDField()
    place = serializers.UUIDField(required=False, allow_null=True)
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_OBSERVATION_TEXT
    )


class SessionCreateSerializer(serializers.Serializer[dict[str, Any]]):
    slot = serializers.UUIDField(
        required=False, allow_null=True, help_text="Empty: an extra session outside the schedule."
    )
    date = serializers.DateField()
    status = serializers.ChoiceField(choices=SessionStatus.choices)
    participants = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=MAX_SESSION_PARTICIPANTS
    )
    starts_at = serializers.TimeField(required=False, allow_null=True)
    ends_at = serializers.TimeField(required=False, allow_null=True)
    places = serializers.ListField(child=serializers.UUIDField(), required=False, max_length=50)
    note = serializers.CharField(required=False, allow_blank=True, max_length=MAX_NOTE)
    observations = serializers.ListField(
        child=ObservationInputSerializer(), required=False, max_length=MAX_SESSION_OBSERVATIONS * 10
    )


class ProgrammeSessionsSerializer(serializers.Serializer[Any]):
    slots = SessionSlotSerializer(many=True)
    quarter = TallySerializer()
    year = TallySerializer()
    results = ProgrammeSessionSerializer(many=True)


ID_PARAMETER = OpenApiParameter(
    "public_id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The intervention's id."
)


class ProgrammeSessionsView(MunicipalityAPIView, generics.GenericAPIView[Intervention]):
    """A programme's sessions; record one (its owner's and participants' members,
    coordinators)."""

    required_permission = "intervention.view"
    serializer_class = ProgrammeSessionsSerializer
    filter_backends: list[Any] = []
    pagination_class = ApiPagination

    def _intervention(self) -> Intervention:
        return intervention_get_for(
            user=self.request.user,
            municipality=self.municipality,
            public_id=self.kwargs["public_id"],
        )

    @extend_schema(
        summary="A programme's sessions",
        description="The schedule, sessions held against planned this quarter and this year "
        "(planned sessions count up to yesterday while the period runs; `not_recorded` is "
        "neither held nor cancelled), and the recorded sessions, newest first (latest 500).",
        parameters=[ID_PARAMETER, MUNICIPALITY_PARAMETER],
        responses=ProgrammeSessionsSerializer,
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        intervention = self._intervention()
        today = timezone.localdate()
        q_start, q_end = quarter_of(today)
        sessions = sessions_of(intervention).prefetch_related("reports")[:500]
        return Response(
            {
                "slots": SessionSlotSerializer(
                    intervention.slots.select_related("area"), many=True
                ).data,
                "quarter": TallySerializer(programme_tally(intervention, q_start, q_end)).data,
                "year": TallySerializer(
                    programme_tally(
                        intervention, dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
                    )
                ).data,
                "results": ProgrammeSessionSerializer(list(sessions), many=True).data,  # type: ignore[arg-type]
            }
        )

    @extend_schema(
        summary="Record a session",
        description="Held (with the number taking part, no names) or cancelled. Each "
        "observation becomes an EST report from the recorder's organisation, unreviewed. "
        "All or nothing; personal data in any text is refused with 400; a planned session "
        "already recorded is refused with 400.",
        parameters=[ID_PARAMETER, MUNICIPALITY_PARAMETER],
        request=SessionCreateSerializer,
        responses={201: ProgrammeSessionSerializer},
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        intervention = self._intervention()
        parser = SessionCreateSerializer(data=request.data)
        parser.is_valid(raise_exception=True)
        data = dict(parser.validated_data)
        errors: dict[str, list[str]] = {}
        slot = None
        if data.get("slot"):
            slot = intervention.slots.filter(public_id=data["slot"]).first()
            if slot is None:
                errors["slot"] = [_("Choose a time from the programme's schedule.")]
        municipality = self.municipality
        places = list(
            Place.objects.filter(municipality=municipality, public_id__in=data.get("places", []))
        )
        if len(places) != len(set(data.get("places", []))):
            errors["places"] = [_("Choose places from the list.")]
        observations = []
        for number, raw in enumerate(data.get("observations", []), start=1):
            category = Category.objects.filter(
                municipality=municipality, public_id=raw["category"], active=True
            ).first()
            place = (
                Place.objects.filter(municipality=municipality, public_id=raw["place"]).first()
                if raw.get("place")
                else None
            )
            if category is None:
                errors[f"observations.{number}.category"] = [_("Choose a category from the list.")]
            if raw.get("place") and place is None:
                errors[f"observations.{number}.place"] = [_("Choose a place from the list.")]
            observations.append(
                {"category": category, "place": place, "description": raw.get("description", "")}
            )
        if errors:
            raise exceptions.ValidationError(errors)
        try:
            session = services.session_record(
                actor=self.user,
                intervention=intervention,
                slot=slot,
                date=data["date"],
                status=data["status"],
                participants=data.get("participants"),
                starts_at=data.get("starts_at"),
                ends_at=data.get("ends_at"),
                places=places,
                note=data.get("note", ""),
                observations=observations,
            )
        except DjangoPermissionDenied as error:
            raise exceptions.PermissionDenied(
                _("Only the programme's organisations and the coordinators record sessions.")
            ) from error
        return Response(ProgrammeSessionSerializer(session).data, status=status.HTTP_201_CREATED)
