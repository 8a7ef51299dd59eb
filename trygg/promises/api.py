"""REST API of the medborgarlöften and samverkansöverenskommelser (``/api/v1/agreements/``,
``/api/v1/promises/``; docs/promises-api.md).

Thin, as the other apps' APIs: the same selectors as the staff pages (``promise.view`` reads
every promise and agreement of the municipality, drafts included, as the pages do), the same
progress (``promises.progress``), and a party's report on an item goes through the same
service as the follow-up page (``services.item_report``), so the object rule
``promise.report`` (each party reports its own items), the personal-data screen and the rule
that a signed-off part or a published round cannot change apply unchanged."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from trygg.accounts.api import MUNICIPALITY_PARAMETER
from trygg.accounts.permissions import can
from trygg.core.api import ApiPagination
from trygg.interventions.selectors import interventions_visible_to
from trygg.places.tenancy import MunicipalityAPIView
from trygg.promises import services
from trygg.promises.api_shapes import (
    AgreementDetailSerializer,
    AgreementSerializer,
    ItemReportInputSerializer,
    ItemReportSerializer,
    PromiseDetailSerializer,
    PromiseFilterSerializer,
    PromiseSerializer,
    VersionQuerySerializer,
)
from trygg.promises.choices import Party, ReportingParty, RoundStatus
from trygg.promises.models import (
    Agreement,
    AgreementParty,
    AgreementVersion,
    ItemReport,
    Promise,
    PromiseActivity,
    PromiseItem,
    PromiseVersion,
)
from trygg.promises.progress import item_progress
from trygg.promises.selectors import (
    agreement_get,
    agreements_of,
    items_of,
    promise_get,
    promises_of,
    round_get,
    rounds_with_reports,
)
from trygg.promises.services.followup import current_items, part_of, signed


class Conflict(exceptions.APIException):
    """409: the request is well formed but the follow-up no longer accepts it."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("The follow-up can no longer be changed.")
    default_code = "conflict"


class PromiseConflictSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()


CONFLICT_RESPONSE = OpenApiResponse(
    PromiseConflictSerializer,
    description="The round is published, or your party has signed off its part: nothing "
    "changes any more.",
)


def _version_asked(request: Request) -> int | None:
    """``?version=N``: None when left out; 400 with a field error when it is not a number."""
    parser = VersionQuerySerializer(data=request.query_params)
    parser.is_valid(raise_exception=True)
    number: int | None = parser.validated_data.get("version")
    return number


def _no_such_version(number: int) -> exceptions.NotFound:
    return exceptions.NotFound(_("There is no version %(number)d.") % {"number": number})


PROMISE_ID = OpenApiParameter(
    "public_id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The promise's id."
)
AGREEMENT_ID = OpenApiParameter(
    "public_id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The agreement's id."
)
ROUND_ID = OpenApiParameter(
    "round_public_id",
    OpenApiTypes.UUID,
    OpenApiParameter.PATH,
    description="The follow-up round's id.",
)


# --- agreements ----------------------------------------------------------------------------


class AgreementListView(MunicipalityAPIView, generics.ListAPIView[Agreement]):
    """The municipality's samverkansöverenskommelser, each with its latest version in brief."""

    required_permission = "promise.view"
    serializer_class = AgreementSerializer
    filter_backends: list[Any] = []
    pagination_class = ApiPagination

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Agreement.objects.none()
        found = agreements_of(self.municipality)
        for agreement in found:
            agreement.municipality = self.municipality
        return found

    @extend_schema(
        summary="List agreements",
        description="Every samverkansöverenskommelse of the municipality, drafts included "
        "(promise.view: partners, the police, analysts, coordinators). Newest first.",
        parameters=[MUNICIPALITY_PARAMETER],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class AgreementDetailView(MunicipalityAPIView, generics.GenericAPIView[Agreement]):
    """One agreement with its versions; the chosen version in full."""

    required_permission = "promise.view"
    serializer_class = AgreementDetailSerializer
    filter_backends: list[Any] = []
    pagination_class = None

    @extend_schema(
        summary="Get an agreement",
        description="The agreement's versions and one version in full (the latest, or "
        "?version=N): period, focus areas, summary, parties with the resources each "
        "guarantees, signatories. The signed PDF is never returned, only has_document. "
        "?version=N of a version that does not exist answers 404; a malformed N 400.",
        parameters=[AGREEMENT_ID, MUNICIPALITY_PARAMETER, VersionQuerySerializer],
        responses=AgreementDetailSerializer,
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        number = _version_asked(request)
        agreement = agreement_get(municipality=self.municipality, public_id=public_id)
        prefetch_related_objects(
            [agreement],
            Prefetch(
                "versions",
                queryset=AgreementVersion.objects.prefetch_related(
                    Prefetch("parties", queryset=_parties()), "signatories"
                ).order_by("-number"),
            ),
        )
        versions = list(agreement.versions.all())
        version = versions[0]
        if number is not None:
            found = next((v for v in versions if v.number == number), None)
            if found is None:
                raise _no_such_version(number)
            version = found
        agreement.municipality = self.municipality
        serializer = AgreementDetailSerializer(agreement, context={"version": version})
        return Response(serializer.data)


def _parties() -> Any:
    return AgreementParty.objects.select_related("organisation").order_by("position", "id")


# --- promises ------------------------------------------------------------------------------


class PromiseListView(MunicipalityAPIView, generics.ListAPIView[Promise]):
    """The municipality's medborgarlöften, each with its lifecycle and latest version."""

    required_permission = "promise.view"
    serializer_class = PromiseSerializer
    filter_backends: list[Any] = []
    pagination_class = ApiPagination

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Promise.objects.none()
        parser = PromiseFilterSerializer(data=self.request.query_params)
        parser.is_valid(raise_exception=True)
        wanted = parser.validated_data.get("status")
        found = promises_of(self.municipality)
        for promise in found:
            promise.municipality = self.municipality
        return [p for p in found if not wanted or p.status == wanted]

    @extend_schema(
        summary="List promises",
        description="Every medborgarlöfte of the municipality, drafts included (promise.view: "
        "partners, the police, analysts, coordinators), newest period first.",
        parameters=[MUNICIPALITY_PARAMETER, PromiseFilterSerializer],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class PromiseDetailView(MunicipalityAPIView, generics.GenericAPIView[Promise]):
    """One promise: a version with its basis, items (with progress) and handlingsplan; every
    version; the follow-up rounds with each party's reports and sign-offs."""

    required_permission = "promise.view"
    serializer_class = PromiseDetailSerializer
    filter_backends: list[Any] = []
    pagination_class = None

    @extend_schema(
        summary="Get a promise",
        description="The latest version (a draft included), or ?version=N: title, scope, "
        "areas, situational picture, goals, basis, items (responsible party, indicator, "
        "baseline, target, deadline, the interventions that deliver it and, where the item "
        "points at Trygg's data, its progress computed as on the page), handlingsplan. Then "
        "every version and the follow-up rounds, open ones included. ?version=N of a version "
        "that does not exist answers 404; a malformed N 400.",
        parameters=[PROMISE_ID, MUNICIPALITY_PARAMETER, VersionQuerySerializer],
        responses=PromiseDetailSerializer,
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        number = _version_asked(request)
        municipality = self.municipality
        promise = promise_get(municipality=municipality, public_id=public_id)
        prefetch_related_objects(
            [promise], Prefetch("versions", queryset=PromiseVersion.objects.order_by("-number"))
        )
        versions = list(promise.versions.all())
        version = versions[0]
        if number is not None:
            found = next((v for v in versions if v.number == number), None)
            if found is None:
                raise _no_such_version(number)
            version = found
        prefetch_related_objects(
            [version],
            "areas",
            "basis",
            Prefetch("activities", queryset=PromiseActivity.objects.select_related("partner")),
        )
        items = items_of(version)
        today = timezone.localdate()
        linked = {i.pk for item in items for i in item.interventions.all()}
        linked |= {item.programme_id for item in items if item.programme_id is not None}
        visible = set(
            interventions_visible_to(request.user, municipality)
            .filter(pk__in=linked)
            .values_list("pk", flat=True)
        )
        context = {
            "version": version,
            "items": items,
            "progress": {item.pk: item_progress(item, today) for item in items},
            "visible_interventions": visible,
            "rounds": rounds_with_reports(promise),
        }
        return Response(PromiseDetailSerializer(promise, context=context).data)


# --- a party reports an item in a follow-up round -----------------------------------------


def _party_for(request: Request, item: PromiseItem, asked: str | None) -> str:
    """The party the user reports for: the one asked for (it must be one of the item's), or
    the only one of the item's parties the user speaks for."""
    parties = item.reporting_parties()
    if asked:
        if asked not in parties:
            raise exceptions.ValidationError(
                {
                    "party": [
                        _("This item is reported by: %(parties)s.")
                        % {"parties": ", ".join(str(ReportingParty(p).label) for p in parties)}
                    ]
                }
            )
        return asked
    mine = [party for party in parties if can(request.user, "promise.report", part_of(item, party))]
    if len(mine) == 1:
        return mine[0]
    if not mine:
        raise exceptions.PermissionDenied(
            _("Each party reports its own items: you do not speak for a party of this item.")
        )
    raise exceptions.ValidationError(
        {"party": [_("You speak for more than one party of this item: say which one.")]}
    )


class RoundReportCreateView(MunicipalityAPIView, generics.GenericAPIView[ItemReport]):
    """A party reports one of its items in an open follow-up round (or corrects its report)."""

    # reading the promise is promise.view (as the follow-up page); which party may report
    # which item is the object rule promise.report, checked in the handler and the service
    required_permission = {"POST": "promise.view"}
    serializer_class = ItemReportSerializer
    filter_backends: list[Any] = []
    pagination_class = None

    @extend_schema(
        summary="Report an item in a follow-up round",
        description="Each party reports its own items: the municipality's coordinators for "
        "the municipality, members of its police organisations for the police, a named "
        "partner's members for that partner (others get 403). 201 for a new report, 200 when "
        "your party's earlier report in this round is corrected. Free text with personal "
        "data is refused with 400 and a message per field, in the language of "
        "Accept-Language; a published round or a signed-off part answers 409. One report, "
        "all or nothing.",
        parameters=[PROMISE_ID, ROUND_ID, MUNICIPALITY_PARAMETER],
        request=ItemReportInputSerializer,
        responses={201: ItemReportSerializer, 200: ItemReportSerializer, 409: CONFLICT_RESPONSE},
    )
    def post(self, request: Request, public_id: uuid.UUID, round_public_id: uuid.UUID) -> Response:
        promise = promise_get(municipality=self.municipality, public_id=public_id)
        follow_up = round_get(promise, round_public_id)
        parser = ItemReportInputSerializer(data=request.data)
        parser.is_valid(raise_exception=True)
        data = parser.validated_data
        item = next((i for i in current_items(promise) if i.key == data["item"]), None)
        if item is None:
            raise exceptions.ValidationError(
                {"item": [_("Choose an item of the promise's published version (its key).")]}
            )
        party = _party_for(request, item, data.get("party"))
        if not can(request.user, "promise.report", part_of(item, party)):
            raise exceptions.PermissionDenied(
                _("Each party reports its own items: you do not speak for that party.")
            )
        if follow_up.status != RoundStatus.OPEN:
            raise Conflict(_("The follow-up is published and cannot be changed."))
        if signed(follow_up, party, item.partner if party == Party.PARTNER else None):
            raise Conflict(_("Your part is signed off; it can no longer be changed."))
        existed = follow_up.reports.filter(item_key=item.key, party=party).exists()
        try:
            report = services.item_report(
                actor=self.user,
                follow_up=follow_up,
                item=item,
                party=party,
                done=data["done"],
                outcome=data.get("outcome", ""),
                value=data.get("value"),
                rating=data["rating"],
            )
        except DjangoPermissionDenied as error:
            raise exceptions.PermissionDenied(
                _("Each party reports its own items: you do not speak for that party.")
            ) from error
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(ItemReportSerializer(report).data, status=code)
