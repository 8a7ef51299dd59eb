"""Writes of a meeting's decisions and of its minutes (close, reopen for a correction)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.models import Organisation
from trygg.accounts.types import Actor, person_of
from trygg.core import audit
from trygg.core.validators import screened
from trygg.core.weeks import IsoWeek
from trygg.interventions.choices import InterventionSource, InterventionType
from trygg.interventions.services import intervention_create
from trygg.meetings import limits
from trygg.meetings.choices import DecisionKind, MeetingStatus
from trygg.meetings.models import AgendaItem, Decision, Meeting, Minutes
from trygg.meetings.services._common import (
    check_manage,
    check_not_ahead,
    check_open,
    clean_into,
)
from trygg.meetings.services.digest import digest_queue
from trygg.places.models import Area, Place
from trygg.situation.choices import StatusLevel
from trygg.situation.services.weekly import area_status_set

DECISION_TEXT = screened(
    "meetings.Decision", "text", "intervention_title", "tell_whom", "tell_what"
)
CLOSE_TEXT = screened("meetings.Meeting", "correction_reason")
DECISION_FIELDS = [
    "kind",
    "text",
    "organisation",
    "due_date",
    "internal",
    "intervention_title",
    "area",
    "status",
    "tell_whom",
    "tell_what",
]


def status_week(meeting: Meeting) -> IsoWeek:
    """The week an "area status" decision sets: the week after the one the meeting reviews."""
    return IsoWeek.of(meeting.review_week).next()


@transaction.atomic
def decision_record(
    *,
    actor: Actor,
    meeting: Meeting,
    kind: str,
    text: str,
    item: AgendaItem | None = None,
    organisation: Organisation | None = None,
    due_date: dt.date | None = None,
    internal: bool = False,
    intervention_title: str = "",
    area: Area | None = None,
    status: str = "",
    focus_areas: Iterable[Area] = (),
    hot_spots: Iterable[Place] = (),
    tell_whom: str = "",
    tell_what: str = "",
) -> Decision:
    """Record a decision. Kind "focus" sets next week's focus areas and, optionally, hot spots
    (named places in those areas). Kind "area_status" sets the area's status for the coming
    week through the situation service (its reason is the decision's text); kind
    "intervention" creates the intervention (proposed: title, owner, due date, area, the
    decision's text as its problem) through the interventions service and keeps its id in
    ``intervention_ref``."""
    municipality = meeting.municipality
    check_manage(actor, municipality)
    check_open(meeting)
    errors: dict[str, list[str]] = {}
    if kind not in DecisionKind.values:
        errors["kind"] = [_("Choose the kind of decision.")]
    text = clean_into(errors, DECISION_TEXT, "text", text, limits.DECISION_MAX)
    if not text and "text" not in errors:
        errors["text"] = [_("Write the decision.")]
    intervention_title = clean_into(
        errors, DECISION_TEXT, "intervention_title", intervention_title, limits.NAME_MAX
    )
    tell_whom = clean_into(errors, DECISION_TEXT, "tell_whom", tell_whom, limits.NAME_MAX)
    tell_what = clean_into(errors, DECISION_TEXT, "tell_what", tell_what, limits.DECISION_MAX)
    focus = list(focus_areas)
    spots = list(hot_spots) if kind == DecisionKind.FOCUS else []
    if item is not None and item.meeting_id != meeting.pk:
        errors["item"] = [_("Choose an item of this meeting.")]
    if organisation is not None and organisation.municipality_id != municipality.pk:
        errors["organisation"] = [_("Choose an organisation of the municipality.")]
    for chosen in [area, *focus]:
        if chosen is not None and chosen.municipality_id != municipality.pk:
            errors["area"] = [_("Choose an area of the municipality.")]
    if kind == DecisionKind.INTERVENTION:
        if not intervention_title and "intervention_title" not in errors:
            errors["intervention_title"] = [_("Give the intervention a title.")]
        if organisation is None and "organisation" not in errors:
            errors["organisation"] = [_("Choose the organisation that owns the intervention.")]
        if due_date is None:
            errors["due_date"] = [_("Give the date the intervention is due.")]
    elif kind == DecisionKind.AREA_STATUS:
        if area is None and "area" not in errors:
            errors["area"] = [_("Choose the area.")]
        if status not in StatusLevel.values:
            errors["status"] = [_("Choose a status.")]
    elif kind == DecisionKind.FOCUS:
        if not focus and "area" not in errors:
            errors["focus_areas"] = [_("Choose at least one focus area.")]
        focus_ids = {a.pk for a in focus}
        if any(p.municipality_id != municipality.pk for p in spots):
            errors["hot_spots"] = [_("Choose places of the municipality.")]
        elif focus and any(p.area_id is not None and p.area_id not in focus_ids for p in spots):
            errors["hot_spots"] = [_("Choose hot spots in the focus areas you chose.")]
    elif kind == DecisionKind.TELL:
        if not tell_whom and "tell_whom" not in errors:
            errors["tell_whom"] = [_("Write whom to tell.")]
        if not tell_what and "tell_what" not in errors:
            errors["tell_what"] = [_("Write what to tell them.")]
    if due_date is not None and due_date < meeting.starts_at.date() - dt.timedelta(days=1):
        errors["due_date"] = [_("The due date cannot be before the meeting.")]
    if errors:
        raise ValidationError(errors)
    decision = Decision(
        meeting=meeting,
        item=item,
        kind=kind,
        text=text,
        organisation=organisation,
        due_date=due_date,
        internal=internal,
        decided_by=person_of(actor),
    )
    if kind == DecisionKind.INTERVENTION:
        decision.intervention_title = intervention_title
    if kind == DecisionKind.AREA_STATUS:
        decision.area, decision.status = area, status
    if kind == DecisionKind.TELL:
        decision.tell_whom, decision.tell_what = tell_whom, tell_what
    decision.save()
    if kind == DecisionKind.FOCUS:
        decision.focus_areas.set(focus)
        decision.hot_spots.set(spots)
    if kind == DecisionKind.INTERVENTION:
        # the intervention itself, proposed, with what the meeting gave (title, owner, due date,
        # the area if one was chosen, the decision's text as the problem); the coordinator
        # completes the responsible person and decides it on the intervention's page
        created = intervention_create(
            actor=actor,
            municipality=municipality,
            title=intervention_title,
            type=InterventionType.OTHER,
            owner=organisation,
            due_date=due_date,
            area=area,
            scanning=text,
            source=InterventionSource.DECISION,
            decision_ref=decision.public_id,
        )
        decision.intervention_ref = created.public_id
        decision.save(update_fields=["intervention_ref", "updated_at"])
    if kind == DecisionKind.AREA_STATUS and area is not None:
        decision.area_status = area_status_set(
            actor=actor, area=area, week=status_week(meeting), status=status, reason=text
        )
        decision.save(update_fields=["area_status", "updated_at"])
    audit.record(
        actor=actor,
        action="meetings.decision",
        target=meeting,
        municipality=municipality,
        changes={
            "meeting": str(meeting),
            **audit.created(decision, DECISION_FIELDS),
            **(
                {
                    "focus_areas": [None, sorted(a.name for a in focus)],
                    "hot_spots": [None, sorted(p.name for p in spots)],
                }
                if kind == DecisionKind.FOCUS
                else {}
            ),
        },
    )
    return decision


def minutes_content(meeting: Meeting) -> dict[str, Any]:
    """What the minutes freeze: the meeting as it stands, names and values, no references."""
    decisions = []
    items = list(meeting.items.order_by("order", "id"))
    orders = {item.pk: index + 1 for index, item in enumerate(items)}
    for decision in meeting.decisions.select_related("organisation", "area").prefetch_related(
        "focus_areas", "hot_spots"
    ):
        decisions.append(
            {
                "kind": decision.kind,
                "text": decision.text,
                "item": orders.get(decision.item_id) if decision.item_id else None,
                "organisation": decision.organisation.name if decision.organisation else "",
                "due_date": decision.due_date.isoformat() if decision.due_date else "",
                "internal": decision.internal,
                "intervention_title": decision.intervention_title,
                "area": decision.area.name if decision.area else "",
                "status": decision.status,
                "focus_areas": sorted(a.name for a in decision.focus_areas.all()),
                "hot_spots": sorted(p.name for p in decision.hot_spots.all()),
                "tell_whom": decision.tell_whom,
                "tell_what": decision.tell_what,
            }
        )
    return {
        "title": meeting.title,
        "kind": meeting.kind,
        "starts_at": meeting.starts_at.isoformat(),
        "place": meeting.place,
        "review_week": str(IsoWeek.of(meeting.review_week)),
        "attendance": [
            {"organisation": a.organisation.name, "presence": a.presence}
            for a in meeting.attendance.select_related("organisation").order_by(
                "organisation__name"
            )
        ],
        "items": [
            {
                "number": orders[item.pk],
                "source": item.source,
                "data": item.data,
                "title": item.title,
                "note": item.note,
                "internal": item.internal,
                "done": item.done,
                "carried": item.carried_from_id is not None,
            }
            for item in items
        ],
        "decisions": decisions,
    }


@transaction.atomic
def meeting_close(*, actor: Actor, meeting: Meeting) -> Minutes:
    """Close the meeting and freeze its minutes as the next version (1 the first time)."""
    municipality = meeting.municipality
    check_manage(actor, municipality)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_open(meeting)
    check_not_ahead(meeting)
    if not meeting.attendance.exists():
        raise ValidationError(_("Record the attendance before closing the meeting."))
    last = Minutes.objects.filter(meeting=meeting).order_by("-version").first()
    version = (last.version + 1) if last else 1
    reason = meeting.correction_reason if last else ""
    minutes = Minutes.objects.create(
        meeting=meeting,
        version=version,
        content=minutes_content(meeting),
        correction_reason=reason,
        closed_by=person_of(actor),
    )
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = timezone.now()
    meeting.correction_reason = ""
    meeting.save(update_fields=["status", "closed_at", "correction_reason", "updated_at"])
    # the participants' digest of this version (non-essential mail; sent after the commit)
    digest_queue(minutes)
    audit.record(
        actor=actor,
        action="meetings.close",
        target=meeting,
        municipality=municipality,
        changes={"version": version, "correction_reason": reason},
    )
    return minutes


@transaction.atomic
def meeting_reopen(*, actor: Actor, meeting: Meeting, reason: str) -> Meeting:
    """Open closed minutes for a correction: the frozen versions stay as they are; closing
    again freezes the next version with `reason`."""
    municipality = meeting.municipality
    check_manage(actor, municipality)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    errors: dict[str, list[str]] = {}
    if not meeting.is_closed:
        errors["correction_reason"] = [_("Only closed minutes can be corrected.")]
    reason = clean_into(errors, CLOSE_TEXT, "correction_reason", reason, limits.DECISION_MAX)
    if not reason and not errors:
        errors["correction_reason"] = [_("Write why the minutes are corrected.")]
    if errors:
        raise ValidationError(errors)
    meeting.status = MeetingStatus.HELD
    meeting.correction_reason = reason
    meeting.save(update_fields=["status", "correction_reason", "updated_at"])
    version = Minutes.objects.filter(meeting=meeting).count()
    audit.record(
        actor=actor,
        action="meetings.reopen",
        target=meeting,
        municipality=municipality,
        changes={"version": version, "correction_reason": reason},
    )
    return meeting
