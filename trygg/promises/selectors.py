"""Reads of the promises app, scoped to the municipality. Staff pages see drafts; the public
pages use `public_*` reads, which see only what is published."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from trygg.accounts.models import Organisation
from trygg.places.models import Municipality
from trygg.promises.choices import PUBLIC_STATUSES, Party, RoundStatus, VersionState
from trygg.promises.models import (
    Agreement,
    AgreementVersion,
    FollowUpRound,
    ItemReport,
    Promise,
    PromiseItem,
    PromiseVersion,
    SignOff,
)

ITEM_RELATED = ("partner", "category", "area", "programme", "version__promise__municipality")


def _uuid(value: Any) -> UUID:
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError as error:
        raise Http404 from error


# --- staff reads ---------------------------------------------------------------------------


def promises_of(municipality: Municipality) -> list[Promise]:
    """Every promise of the municipality, newest period first, each with its versions."""
    return list(
        Promise.objects.filter(municipality=municipality)
        .select_related("agreement", "predecessor")
        .prefetch_related(Prefetch("versions", queryset=PromiseVersion.objects.order_by("-number")))
        .order_by("-first_year", "-created_at")
    )


def promise_get(*, municipality: Municipality, public_id: Any) -> Promise:
    promise = (
        Promise.objects.filter(municipality=municipality, public_id=_uuid(public_id))
        .select_related("agreement", "predecessor", "municipality")
        .first()
    )
    if promise is None:
        raise Http404
    return promise


def working_version(promise: Promise) -> PromiseVersion:
    """The version staff work on: the draft if there is one, else the latest."""
    version = promise.versions.order_by("-number").first()
    assert version is not None  # a promise is created with its first version
    return version


def latest_published(promise: Promise) -> PromiseVersion | None:
    return promise.versions.filter(state=VersionState.PUBLISHED).order_by("-number").first()


def version_get(promise: Promise, number: Any) -> PromiseVersion:
    try:
        value = int(number)
    except (TypeError, ValueError) as error:
        raise Http404 from error
    version = promise.versions.filter(number=value).first()
    if version is None:
        raise Http404
    return version


def items_of(version: PromiseVersion) -> list[PromiseItem]:
    return list(
        version.items.select_related(*ITEM_RELATED)
        .prefetch_related("interventions")
        .order_by("position", "id")
    )


def item_get(version: PromiseVersion, item_id: Any) -> PromiseItem:
    try:
        pk = int(item_id)
    except (TypeError, ValueError) as error:
        raise Http404 from error
    item = version.items.select_related(*ITEM_RELATED).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def rounds_of(promise: Promise, *, published_only: bool = False) -> list[FollowUpRound]:
    qs = promise.rounds.all()
    if published_only:
        qs = qs.filter(status=RoundStatus.PUBLISHED)
    return list(qs.order_by("-as_of", "-created_at"))


def rounds_with_reports(promise: Promise) -> list[FollowUpRound]:
    """Every round of the promise, newest first, each with its reports (item order) and
    sign-offs (the API's promise)."""
    reports = ItemReport.objects.select_related("item__partner").order_by(
        "item__position", "item_id", "party"
    )
    signoffs = SignOff.objects.select_related("partner").order_by("party", "signed_at")
    return list(
        promise.rounds.prefetch_related(
            Prefetch("reports", queryset=reports), Prefetch("signoffs", queryset=signoffs)
        ).order_by("-as_of", "-created_at")
    )


def round_get(promise: Promise, public_id: Any) -> FollowUpRound:
    follow_up = promise.rounds.filter(public_id=_uuid(public_id)).first()
    if follow_up is None:
        raise Http404
    return follow_up


@dataclass
class ItemFollowUp:
    """An item with the latest report of each of its parties."""

    item: PromiseItem
    reports: dict[str, ItemReport] = field(default_factory=dict)
    #: the item's interventions the reader may see (set by the staff page)
    visible_interventions: list[Any] = field(default_factory=list)

    @property
    def parties(self) -> list[str]:
        return self.item.reporting_parties()

    def rows(self) -> list[tuple[str, ItemReport | None]]:
        return [(party, self.reports.get(party)) for party in self.parties]


def latest_reports(
    promise: Promise, items: Iterable[PromiseItem], *, published_only: bool
) -> list[ItemFollowUp]:
    """Each item with its parties' latest reports (of published rounds only, for the public),
    across versions (by the item's key). One query."""
    result = [ItemFollowUp(item) for item in items]
    by_key = {row.item.key: row for row in result}
    qs = ItemReport.objects.filter(
        round__promise=promise, item_key__in=list(by_key)
    ).select_related("round")
    if published_only:
        qs = qs.filter(round__status=RoundStatus.PUBLISHED)
    for report in qs.order_by("round__as_of", "round__created_at"):
        by_key[report.item_key].reports[report.party] = report
    return result


def round_reports(follow_up: FollowUpRound, items: Iterable[PromiseItem]) -> list[ItemFollowUp]:
    """The reports of one round per item."""
    result = [ItemFollowUp(item) for item in items]
    by_key = {row.item.key: row for row in result}
    for report in follow_up.reports.filter(item_key__in=list(by_key)):
        by_key[report.item_key].reports[report.party] = report
    return result


def signoffs_of(follow_up: FollowUpRound) -> list[SignOff]:
    return list(follow_up.signoffs.select_related("partner").order_by("party", "signed_at"))


def partner_choices(municipality: Municipality) -> QuerySet[Organisation]:
    return Organisation.objects.filter(municipality=municipality, active=True).order_by("name")


def parts_of(items: Iterable[PromiseItem]) -> list[tuple[str, Organisation | None]]:
    """The parties (police, kommun, each named partner) that report on these items."""
    parts: list[tuple[str, Organisation | None]] = []
    seen: set[tuple[str, int | None]] = set()
    for item in items:
        for party in item.reporting_parties():
            partner = item.partner if party == Party.PARTNER else None
            key = (party, partner.pk if partner else None)
            if key not in seen:
                seen.add(key)
                parts.append((party, partner))
    order = {"municipality": 0, "police": 1, "partner": 2}
    parts.sort(key=lambda part: (order[part[0]], part[1].name if part[1] else ""))
    return parts


# --- agreements ----------------------------------------------------------------------------


def agreements_of(municipality: Municipality) -> list[Agreement]:
    return list(
        Agreement.objects.filter(municipality=municipality)
        .prefetch_related(
            Prefetch("versions", queryset=AgreementVersion.objects.order_by("-number"))
        )
        .order_by("-created_at")
    )


def agreement_get(*, municipality: Municipality, public_id: Any) -> Agreement:
    agreement = Agreement.objects.filter(
        municipality=municipality, public_id=_uuid(public_id)
    ).first()
    if agreement is None:
        raise Http404
    return agreement


def agreement_working_version(agreement: Agreement) -> AgreementVersion:
    version = agreement.versions.order_by("-number").first()
    assert version is not None
    return version


def agreement_latest_signed(agreement: Agreement) -> AgreementVersion | None:
    return agreement.versions.filter(state=VersionState.PUBLISHED).order_by("-number").first()


# --- public reads -------------------------------------------------------------------------


def public_promises(municipality: Municipality) -> list[tuple[Promise, PromiseVersion]]:
    """Published promises with their latest published version, newest period first."""
    result = []
    promises = Promise.objects.filter(municipality=municipality, status__in=PUBLIC_STATUSES)
    for promise in promises.order_by("-first_year", "-created_at"):
        version = latest_published(promise)
        if version is not None:
            result.append((promise, version))
    return result


def public_promise_get(municipality: Municipality, public_id: Any) -> Promise:
    promise = Promise.objects.filter(
        municipality=municipality, status__in=PUBLIC_STATUSES, public_id=_uuid(public_id)
    ).first()
    if promise is None or latest_published(promise) is None:
        raise Http404
    return promise


def public_versions(promise: Promise) -> list[PromiseVersion]:
    return list(promise.versions.filter(state=VersionState.PUBLISHED).order_by("-number"))


def public_agreement(
    municipality: Municipality, today: dt.date | None = None
) -> AgreementVersion | None:
    """The agreement to show the public: of each agreement its latest signed version; of
    those the one in force today (the latest to start), else the one that ended last, else the
    first to come. A signed agreement that starts next year does not hide the one in force."""
    today = today or timezone.localdate()
    latest: dict[int, AgreementVersion] = {}
    for version in AgreementVersion.objects.filter(
        agreement__municipality=municipality, state=VersionState.PUBLISHED
    ).order_by("agreement_id", "-number"):
        latest.setdefault(version.agreement_id, version)
    versions = list(latest.values())
    in_force = [v for v in versions if v.period_start <= today <= v.period_end]
    if in_force:
        return max(in_force, key=lambda v: v.period_start)
    ended = [v for v in versions if v.period_end < today]
    if ended:
        return max(ended, key=lambda v: v.period_end)
    return min(versions, key=lambda v: v.period_start, default=None)


def public_agreement_coming(
    municipality: Municipality, shown: AgreementVersion | None, today: dt.date | None = None
) -> AgreementVersion | None:
    """A signed agreement that has not started yet and is not the one shown: residents are told
    it is coming ("gäller från …")."""
    today = today or timezone.localdate()
    latest: dict[int, AgreementVersion] = {}
    for version in AgreementVersion.objects.filter(
        agreement__municipality=municipality,
        state=VersionState.PUBLISHED,
    ).order_by("agreement_id", "-number"):
        latest.setdefault(version.agreement_id, version)
    coming = [
        v for v in latest.values() if v.period_start > today and (shown is None or v.pk != shown.pk)
    ]
    return min(coming, key=lambda v: v.period_start, default=None)


def public_rounds(municipality: Municipality, limit: int = 50) -> list[FollowUpRound]:
    """Published follow-ups, newest first (the feed)."""
    return list(
        FollowUpRound.objects.filter(
            promise__municipality=municipality,
            promise__status__in=PUBLIC_STATUSES,
            status=RoundStatus.PUBLISHED,
        )
        .select_related("promise")
        .order_by("-published_at")[:limit]
    )
