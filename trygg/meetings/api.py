"""REST API of the meetings (``/api/v1/meetings/``), read-only: the same selectors as the pages.
Partners, the police, analysts and coordinators may read; items and decisions marked internal
are left out for those outside the meeting's core group."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from trygg.accounts.api import MUNICIPALITY_PARAMETER
from trygg.core.api import ApiPagination
from trygg.core.weeks import IsoWeek
from trygg.meetings.choices import AgendaSource, MeetingKind, MeetingStatus
from trygg.meetings.models import AgendaItem, Meeting
from trygg.meetings.selectors import meetings as selectors
from trygg.places.tenancy import MunicipalityAPIView


class MeetingRefSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()


class MeetingSerializer(serializers.Serializer[Meeting]):
    id = serializers.UUIDField(source="public_id")
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    status = serializers.ChoiceField(choices=MeetingStatus.choices)
    starts_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField()
    place = serializers.CharField(help_text="Place or link.")
    review_week = serializers.SerializerMethodField(help_text="The ISO week the meeting reviews.")
    series = MeetingRefSerializer(allow_null=True)
    organisations = serializers.SerializerMethodField()
    minutes_versions = serializers.SerializerMethodField(
        help_text="How many frozen versions of the minutes exist (0: not closed yet)."
    )

    def get_review_week(self, meeting: Meeting) -> str:
        return str(IsoWeek.of(meeting.review_week))

    def get_organisations(self, meeting: Meeting) -> list[dict[str, Any]]:
        return [{"id": o.public_id, "name": o.name} for o in meeting.organisations.all()]

    def get_minutes_versions(self, meeting: Meeting) -> int:
        return meeting.minutes.count()


class AgendaItemSerializer(serializers.Serializer[AgendaItem]):
    id = serializers.UUIDField(source="public_id")
    order = serializers.IntegerField()
    origin = serializers.ChoiceField(
        source="source", choices=AgendaSource.choices, help_text="Where the item came from."
    )
    reference = serializers.CharField(help_text="What a generated item points at.")
    heading = serializers.CharField(source="label", help_text="The item in the request's language.")
    note = serializers.CharField()
    internal = serializers.BooleanField()
    done = serializers.BooleanField(help_text="Dealt with; otherwise carried to the next meeting.")
    carried_over = serializers.SerializerMethodField()

    def get_carried_over(self, item: AgendaItem) -> bool:
        return item.carried_from_id is not None


class AgendaSerializer(serializers.Serializer[dict[str, Any]]):
    meeting = MeetingSerializer()
    items = AgendaItemSerializer(many=True)


WHEN_PARAMETER = OpenApiParameter(
    "when",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=["upcoming", "past"],
    description="upcoming: not closed, from today on; past: before today or closed. "
    "Default: all, earliest first.",
)
MEETING_ID_PARAMETER = OpenApiParameter(
    "public_id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The meeting's id."
)


class MeetingListView(MunicipalityAPIView, generics.ListAPIView[Meeting]):
    """The municipality's meetings."""

    required_permission = "meeting.view"
    serializer_class = MeetingSerializer
    filter_backends: list[Any] = []
    pagination_class = ApiPagination

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Meeting.objects.none()
        when = self.request.query_params.get("when", "")
        if when == "upcoming":
            ids = [m.pk for m in selectors.upcoming_meetings(self.municipality, limit=500)]
        elif when == "past":
            ids = [m.pk for m in selectors.past_meetings(self.municipality, limit=500)]
        else:
            return (
                selectors.meetings_of(self.municipality)
                .prefetch_related("organisations")
                .order_by("starts_at", "id")
            )
        return (
            Meeting.objects.filter(pk__in=ids)
            .select_related("series")
            .prefetch_related("organisations")
            .order_by("starts_at" if when == "upcoming" else "-starts_at", "id")
        )

    @extend_schema(
        summary="List meetings",
        parameters=[MUNICIPALITY_PARAMETER, WHEN_PARAMETER],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class MeetingAgendaView(MunicipalityAPIView):
    """One meeting and its agenda in order."""

    required_permission = "meeting.view"

    @extend_schema(
        summary="A meeting's agenda",
        description="The agenda items in order, generated from the data or added by hand. "
        "Items marked internal are left out unless you are in the meeting's core group "
        "(coordinators and the participating organisations).",
        parameters=[MEETING_ID_PARAMETER, MUNICIPALITY_PARAMETER],
        responses=AgendaSerializer,
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        meeting = selectors.meeting_get(municipality=self.municipality, public_id=public_id)
        items = list(meeting.items.order_by("order", "id"))
        if not selectors.in_core_group(self.user, meeting):
            items = [i for i in items if not i.internal]
        return Response(AgendaSerializer({"meeting": meeting, "items": items}).data)


class CalendarAddressSerializer(serializers.Serializer[Any]):
    url = serializers.CharField(
        allow_null=True,
        help_text="The user's secret iCalendar address (/calendar/<token>.ics), or null when "
        "they have none. Create, replace or close it on the profile page (/accounts/profile/).",
    )
    created_at = serializers.DateTimeField(allow_null=True)
    last_fetched_at = serializers.DateTimeField(allow_null=True)


class MyCalendarView(APIView):
    """The calling user's calendar address (read-only)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(summary="My calendar address", responses=CalendarAddressSerializer)
    def get(self, request: Request) -> Response:
        from trygg.meetings.views.calendar import feed_url, live_feed

        feed = live_feed(request.user)
        data = {
            "url": feed_url(feed) if feed else None,
            "created_at": feed.created_at if feed else None,
            "last_fetched_at": feed.last_fetched_at if feed else None,
        }
        return Response(CalendarAddressSerializer(data).data)
