"""Writes of the quarterly / tertial analysis: ability ratings and priority decisions.

Both are atomic and audited. A decision stores a snapshot of every input as it stood (the
indicators table, the ratings with their reasons, the weights, the ranking, the time), so it
can be shown later exactly as it was decided.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.permissions import can
from trygg.accounts.types import Actor, person_of
from trygg.core import audit
from trygg.core.validators import screened
from trygg.places.models import Area, Municipality
from trygg.situation.models import AreaRating, PriorityDecision
from trygg.situation.selectors.quarterly import Period, need_indicators

RATING_TEXT = screened("situation.AreaRating", "reason")
DECISION_TEXT = screened("situation.PriorityDecision", "note")
RATING_AUDIT_FIELDS = ["rating", "reason"]
REASON_MAX = 2000
NOTE_MAX = 4000


def _check_decide(actor: Actor, municipality: Municipality) -> None:
    if not can(actor, "situation.decide", municipality):
        raise PermissionDenied


def _period(kind: str, year: int, period: int) -> Period:
    try:
        return Period(kind, int(year), int(period))
    except (TypeError, ValueError) as error:
        raise ValidationError({"period": [_("Choose a valid period.")]}) from error


def _clean_reason(reason: Any) -> str:
    text = RATING_TEXT.clean("reason", reason or "")
    if not text:
        raise ValidationError(_("Write the reason for the rating."))
    if len(text) > REASON_MAX:
        raise ValidationError(_("Write at most 2000 characters."))
    return text


@transaction.atomic
def ratings_set(
    *,
    actor: Actor,
    municipality: Municipality,
    kind: str,
    year: int,
    period: int,
    ratings: list[dict[str, Any]],
) -> list[AreaRating]:
    """Set the 1–5 ability ratings with reasons for several areas: all or nothing.

    `ratings`: dicts with area, rating, reason. A ValidationError carries the errors per area
    as {"<area public_id>": [messages]} (or {"period": [...]}).
    """
    _check_decide(actor, municipality)
    chosen = _period(kind, year, period)
    errors: dict[str, list[str]] = {}
    cleaned: list[tuple[Area, int, str]] = []
    for item in ratings:
        area: Area = item["area"]
        key = str(area.public_id)
        messages: list[str] = []
        if area.municipality_id != municipality.pk:
            messages.append(_("The area does not belong to this municipality."))
        try:
            rating = item.get("rating")
            value = int(rating) if rating is not None else 0
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= 5:
            messages.append(_("Choose a rating from 1 to 5."))
        try:
            reason = _clean_reason(item.get("reason"))
        except ValidationError as error:
            messages.extend(error.messages)
            reason = ""
        if messages:
            errors[key] = messages
        else:
            cleaned.append((area, value, reason))
    if errors:
        raise ValidationError(errors)
    saved: list[AreaRating] = []
    for area, value, reason in cleaned:
        current = (
            AreaRating.objects.select_for_update()
            .filter(
                area=area,
                period_kind=chosen.kind,
                year=chosen.year,
                period_number=chosen.number,
            )
            .first()
        )
        before = audit.snapshot(current, RATING_AUDIT_FIELDS) if current else {}
        if current is None:
            current = AreaRating(
                municipality=municipality,
                area=area,
                period_kind=chosen.kind,
                year=chosen.year,
                period_number=chosen.number,
            )
        current.rating = value
        current.reason = reason
        current.rated_by = person_of(actor)
        current.save()
        after = audit.snapshot(current, RATING_AUDIT_FIELDS)
        if before != after:
            audit.record(
                actor=actor,
                action="situation.area_rating",
                target=current,
                municipality=municipality,
                changes={"period": str(chosen), **audit.diff(before, after)},
            )
        saved.append(current)
    return saved


@transaction.atomic
def priority_decide(
    *,
    actor: Actor,
    municipality: Municipality,
    kind: str,
    year: int,
    period: int,
    areas: list[Area],
    note: str,
    focus_count: int | None = None,
) -> PriorityDecision:
    """Store the group's choice of focus areas with a snapshot of every input, audited."""
    _check_decide(actor, municipality)
    chosen = _period(kind, year, period)
    errors: dict[str, list[str]] = {}
    unique = list({area.pk: area for area in areas}.values())
    if any(area.municipality_id != municipality.pk or not area.active for area in unique):
        errors["focus_areas"] = [_("Choose areas of this municipality.")]
    count = focus_count if focus_count is not None else len(unique)
    active_count = Area.objects.filter(municipality=municipality, active=True).count()
    if not 1 <= count <= max(active_count, 1):
        errors["focus_count"] = [
            _("Choose between 1 and %(n)s focus areas.") % {"n": max(active_count, 1)}
        ]
    elif len(unique) != count and "focus_areas" not in errors:
        errors["focus_areas"] = [
            _("Choose exactly %(n)s focus areas (you chose %(chosen)s).")
            % {"n": count, "chosen": len(unique)}
        ]
    try:
        note = DECISION_TEXT.clean("note", note or "")
    except ValidationError as error:
        errors["note"] = error.messages
    else:
        if not note:
            errors["note"] = [_("Write the motivation for the choice.")]
        elif len(note) > NOTE_MAX:
            errors["note"] = [_("Write at most 4000 characters.")]
    if errors:
        raise ValidationError(errors)
    analysis = need_indicators(municipality, chosen.kind, chosen.year, chosen.number)
    decided_at = timezone.now()
    focus_ids = {str(area.public_id) for area in unique}
    snapshot = {
        **analysis,
        "focus_areas": [
            {"area": row["area"], "area_name": row["area_name"], "rank": row["rank"]}
            for row in analysis["rows"]
            if row["area"] in focus_ids
        ],
        "focus_count": count,
        "note": note,
        "decided_at": decided_at.isoformat(),
        "decided_by": str(actor) if getattr(actor, "pk", None) else "",
    }
    decision = PriorityDecision.objects.create(
        municipality=municipality,
        period_kind=chosen.kind,
        year=chosen.year,
        period_number=chosen.number,
        focus_count=count,
        snapshot=snapshot,
        note=note,
        decided_by=person_of(actor),
    )
    decision.focus_areas.set(unique)
    audit.record(
        actor=actor,
        action="situation.priority_decision",
        target=decision,
        municipality=municipality,
        changes={
            "period": str(chosen),
            "focus_areas": [a["area_name"] for a in snapshot["focus_areas"]],
            "focus_count": count,
            "note": note,
        },
    )
    return decision
