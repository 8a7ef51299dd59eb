"""Writes of the follow-up (resultatredovisning): a coordinator opens a round; each party
reports its own items and signs off its part; the coordinator publishes the round.

Who speaks for which party (``promise.report``, DOMAIN.md: each party reports its own items):
the kommun's coordinators for the kommun, members of the municipality's police organisations
for the police, a named partner's members for that partner. A coordinator does not report
for the police; that is the point of the follow-up per party."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.models import Organisation
from trygg.accounts.permissions import can
from trygg.accounts.types import Actor, person_of
from trygg.core import audit
from trygg.core.pii import contains_pnr_shaped
from trygg.core.validators import screened
from trygg.places.models import Municipality
from trygg.promises.choices import (
    PUBLIC_STATUSES,
    Party,
    PromiseStatus,
    Rating,
    ReportingParty,
    RoundStatus,
    VersionState,
)
from trygg.promises.limits import MAX_NAME, MAX_NOTE, MAX_TITLE
from trygg.promises.models import FollowUpRound, ItemReport, Promise, PromiseItem, SignOff
from trygg.promises.services.common import (
    NO_ID_NUMBER,
    Errors,
    check,
    check_date,
    clean_texts,
    public_changed,
    raise_if,
    require,
)
from trygg.promises.services.promises import _decimal

ROUND_TEXT = screened("promises.FollowUpRound", "title")
REPORT_TEXT = screened("promises.ItemReport", "done", "outcome")
SIGNOFF_TEXT = screened("promises.SignOff", "name", "title")


@dataclass(frozen=True)
class PartyPart:
    """One party's part of a promise: the object of ``promise.report``."""

    municipality: Municipality
    party: str
    partner: Organisation | None = None


def part_of(item: PromiseItem, party: str) -> PartyPart:
    return PartyPart(
        item.version.promise.municipality, party, item.partner if party == Party.PARTNER else None
    )


def current_items(promise: Promise) -> list[PromiseItem]:
    """The items of the latest published version: what a round follows up."""
    version = promise.versions.filter(state=VersionState.PUBLISHED).order_by("-number").first()
    if version is None:
        return []
    return list(version.items.select_related("partner", "version__promise").order_by("position"))


def round_open(*, actor: Actor, promise: Promise, title: str, as_of: dt.date) -> FollowUpRound:
    municipality = promise.municipality
    check(actor, "promise.manage", municipality)
    errors: Errors = {}
    cleaned = clean_texts(ROUND_TEXT, {"title": title}, {"title": MAX_TITLE}, errors)
    require(errors, cleaned, "title", _("Give the follow-up a title, e.g. “Uppföljning 2024”."))
    check_date(as_of, "as_of", errors, required=True)
    if isinstance(as_of, dt.date) and "as_of" not in errors:
        if as_of.year < promise.first_year:
            errors.setdefault("as_of", []).append(
                _("A follow-up cannot be as of a day before the promise's period (%(period)s).")
                % {"period": promise.period_label}
            )
        elif as_of.year > promise.last_year:
            errors.setdefault("as_of", []).append(
                _("A follow-up cannot be as of a day after the promise's period (%(period)s).")
                % {"period": promise.period_label}
            )
        elif as_of > timezone.localdate():
            # what is reported is what was done: a follow-up of days to come would judge them
            errors.setdefault("as_of", []).append(
                _("A follow-up is as of today or an earlier day, not a day to come.")
            )
    if promise.status not in PUBLIC_STATUSES:
        errors.setdefault("__all__", []).append(_("Publish the promise before following it up."))
    if promise.rounds.filter(status=RoundStatus.OPEN).exists():
        errors.setdefault("__all__", []).append(
            _("A follow-up is already open; publish it before opening the next.")
        )
    raise_if(errors)
    with transaction.atomic():
        follow_up = FollowUpRound.objects.create(
            promise=promise, title=cleaned["title"], as_of=as_of
        )
        audit.record(
            actor=actor,
            action="promise.round",
            target=promise,
            municipality=municipality,
            changes=audit.created(follow_up, ["title", "as_of"]),
            target_repr=follow_up.title,
        )
    return follow_up


def _open(follow_up: FollowUpRound) -> None:
    if follow_up.status != RoundStatus.OPEN:
        raise ValidationError(_("The follow-up is published and cannot be changed."))


def item_report(
    *,
    actor: Actor,
    follow_up: FollowUpRound,
    item: PromiseItem,
    party: str,
    done: str,
    outcome: str = "",
    value: Any = None,
    rating: str,
) -> ItemReport:
    """Record (or correct, while the round is open) one party's report on one item."""
    if item.version.promise_id != follow_up.promise_id or party not in item.reporting_parties():
        raise PermissionDenied
    if not can(actor, "promise.report", part_of(item, party)):
        raise PermissionDenied
    _open(follow_up)
    errors: Errors = {}
    cleaned = clean_texts(
        REPORT_TEXT,
        {"done": done, "outcome": outcome},
        {"done": MAX_NOTE, "outcome": MAX_NOTE},
        errors,
    )
    require(errors, cleaned, "done", _("Say what was done."))
    if rating not in Rating.values:
        errors.setdefault("rating", []).append(_("Choose green, yellow or red."))
    number: Decimal | None = _decimal(value, "value", errors, share=item.indicator_type == "share")
    if signed(follow_up, party, item.partner):
        errors.setdefault("__all__", []).append(
            _("Your part is signed off; it can no longer be changed.")
        )
    raise_if(errors)
    with transaction.atomic():
        report = ItemReport.objects.filter(round=follow_up, item_key=item.key, party=party).first()
        before = audit.snapshot(report, ["done", "outcome", "value", "rating"]) if report else {}
        if report is None:
            report = ItemReport(round=follow_up, item=item, item_key=item.key, party=party)
        report.item = item
        report.done = cleaned["done"]
        report.outcome = cleaned["outcome"]
        report.value = number
        report.rating = rating
        report.reported_by = person_of(actor)
        report.reported_at = timezone.now()
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError as error:  # another device reported the same part just now
            raise ValidationError(_("Someone reported this just now; reload the page.")) from error
        audit.record(
            actor=actor,
            action="promise.report",
            target=follow_up.promise,
            municipality=follow_up.promise.municipality,
            changes={
                **audit.diff(
                    before, audit.snapshot(report, ["done", "outcome", "value", "rating"])
                ),
                "party": party,
                "item": item.text[:80],
            },
            target_repr=follow_up.title,
        )
    return report


def signed(follow_up: FollowUpRound, party: str, partner: Organisation | None) -> bool:
    return SignOff.objects.filter(
        round=follow_up, party=party, partner=partner if party == Party.PARTNER else None
    ).exists()


def items_of_part(
    follow_up: FollowUpRound, party: str, partner: Organisation | None
) -> list[PromiseItem]:
    return [
        item
        for item in current_items(follow_up.promise)
        if party in item.reporting_parties()
        and (party != Party.PARTNER or item.partner_id == getattr(partner, "pk", None))
    ]


def round_sign_off(
    *,
    actor: Actor,
    follow_up: FollowUpRound,
    party: str,
    name: str,
    title: str,
    partner: Organisation | None = None,
) -> SignOff:
    """A party signs off its part: every one of its items is reported."""
    municipality = follow_up.promise.municipality
    if party not in ReportingParty.values:
        raise PermissionDenied
    if party != Party.PARTNER:
        partner = None
    if not can(actor, "promise.report", PartyPart(municipality, party, partner)):
        raise PermissionDenied
    _open(follow_up)
    errors: Errors = {}
    cleaned = clean_texts(
        SIGNOFF_TEXT, {"name": name, "title": title}, {"name": MAX_NAME, "title": MAX_NAME}, errors
    )
    require(errors, cleaned, "name", _("Give the name of the person signing off."))
    require(errors, cleaned, "title", _("Give the title of the person signing off."))
    for field in ("name", "title"):
        if field not in errors and contains_pnr_shaped(cleaned.get(field, "")):
            errors.setdefault(field, []).append(NO_ID_NUMBER())
    items = items_of_part(follow_up, party, partner)
    reported = set(follow_up.reports.filter(party=party).values_list("item_key", flat=True))
    missing = [item for item in items if item.key not in reported]
    if not items:
        errors.setdefault("__all__", []).append(_("This party has no items in the promise."))
    elif missing:
        errors.setdefault("__all__", []).append(
            _("Report every item of yours before signing off: %(n)d left.") % {"n": len(missing)}
        )
    if signed(follow_up, party, partner):
        errors.setdefault("__all__", []).append(_("Your part is already signed off."))
    raise_if(errors)
    with transaction.atomic():
        try:
            with transaction.atomic():
                sign_off = SignOff.objects.create(
                    round=follow_up,
                    party=party,
                    partner=partner,
                    name=cleaned["name"],
                    title=cleaned["title"],
                    signed_by=person_of(actor),
                    signed_at=timezone.now(),
                )
        except IntegrityError as error:
            raise ValidationError(_("Your part is already signed off.")) from error
        audit.record(
            actor=actor,
            action="promise.signoff",
            target=follow_up.promise,
            municipality=municipality,
            changes={
                "party": party,
                "name": [None, sign_off.name],
                "title": [None, sign_off.title],
            },
            target_repr=follow_up.title,
        )
    return sign_off


def round_publish(*, actor: Actor, follow_up: FollowUpRound) -> FollowUpRound:
    """Publish the round on the public pages (coordinators). Every party with items must have
    signed off its part: what is published is what each party stands behind."""
    promise = follow_up.promise
    check(actor, "promise.manage", promise.municipality)
    _open(follow_up)
    items = current_items(promise)
    parts = {
        (party, item.partner_id if party == Party.PARTNER else None)
        for item in items
        for party in item.reporting_parties()
    }
    signed_parts = set(follow_up.signoffs.values_list("party", "partner_id"))
    if not parts or not parts <= signed_parts:
        raise ValidationError(
            _("Every party must sign off its part before the follow-up is published.")
        )
    with transaction.atomic():
        follow_up = FollowUpRound.objects.select_for_update().get(pk=follow_up.pk)
        _open(follow_up)
        follow_up.status = RoundStatus.PUBLISHED
        follow_up.published_at = timezone.now()
        follow_up.save(update_fields=["status", "published_at", "updated_at"])
        public_changed(promise.municipality)
        audit.record(
            actor=actor,
            action="promise.round_publish",
            target=promise,
            municipality=promise.municipality,
            changes={"status": [RoundStatus.OPEN, RoundStatus.PUBLISHED]},
            target_repr=follow_up.title,
        )
        locked = Promise.objects.select_for_update().get(pk=promise.pk)
        if locked.status == PromiseStatus.PUBLISHED:
            before = locked.status
            locked.status = PromiseStatus.FOLLOWED_UP
            locked.save(update_fields=["status", "updated_at"])
            audit.record(
                actor=actor,
                action="promise.status",
                target=locked,
                municipality=locked.municipality,
                changes={"status": [before, locked.status]},
                target_repr=locked.period_label,
            )
    return follow_up
