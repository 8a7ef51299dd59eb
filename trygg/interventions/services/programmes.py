"""Writes of programmes on a schedule (Trygg vuxen, nattvandring …): the schedule's times and
the sessions as they happened, with observations that become ordinary EST reports.

Keyword-only, permission checked here, free text screened, one transaction, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.permissions import can
from trygg.accounts.types import Actor, person_of
from trygg.core import audit
from trygg.core.validators import screened
from trygg.interventions.choices import OPEN_STATUSES, InterventionStatus, SessionStatus
from trygg.interventions.limits import (
    MAX_NOTE,
    MAX_OBSERVATION_TEXT,
    MAX_SESSION_OBSERVATIONS,
    MAX_SESSION_PARTICIPANTS,
)
from trygg.interventions.models import Intervention, ProgrammeSession, ProgrammeSlot
from trygg.interventions.schedule import session_end_day
from trygg.interventions.services.interventions import EARLIEST, _status_change
from trygg.places.models import Area, Place
from trygg.reports.models import Category, Report

SESSION_TEXT = screened("interventions.ProgrammeSession", "note")
SLOT_FIELDS = ["weekday", "starts_at", "ends_at", "area", "place", "valid_from", "valid_until"]
SESSION_FIELDS = ["date", "starts_at", "ends_at", "status", "participants", "area", "note", "slot"]
MAX_RECORD_AHEAD = dt.timedelta(days=1)
"""A session may be recorded up to a day ahead (cancelled in advance); not further."""


def _in_municipality(obj: Any, municipality_id: int) -> bool:
    return obj is not None and getattr(obj, "municipality_id", None) == municipality_id


# ---------------------------------------------------------------------------------------------
# the schedule


@transaction.atomic
def slot_add(
    *,
    actor: Actor,
    intervention: Intervention,
    weekday: int,
    starts_at: dt.time,
    ends_at: dt.time,
    area: Area | None = None,
    place: Place | None = None,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
) -> ProgrammeSlot:
    """Add a recurring time to the programme's schedule (its owner's members or a
    coordinator)."""
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if not can(actor, "intervention.change", intervention):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if intervention.status not in OPEN_STATUSES:
        errors.setdefault("weekday", []).append(
            _("The intervention is closed; its schedule can no longer be changed.")
        )
    if weekday not in range(1, 8):
        errors.setdefault("weekday", []).append(_("Choose a weekday."))
    if starts_at == ends_at:
        errors.setdefault("ends_at", []).append(_("The end time is the same as the start time."))
    municipality_id = intervention.municipality_id
    area = area or intervention.area
    if area is not None and not _in_municipality(area, municipality_id):
        errors.setdefault("area", []).append(_("Choose an area from the list."))
    if place is not None:
        if not _in_municipality(place, municipality_id):
            errors.setdefault("place", []).append(_("Choose a place from the list."))
        elif area is None:
            area = place.area
    # empty: from today, or from the start date when the programme has not started yet (a
    # time added to a running programme must not plan sessions in the past that nobody
    # planned; the demo and an import may give an earlier date explicitly)
    today = timezone.localdate()
    first = valid_from or max(today, intervention.start_date or today)
    if first < EARLIEST:
        errors.setdefault("valid_from", []).append(_("The date is too far back."))
    if valid_until is not None and valid_until < first:
        errors.setdefault("valid_until", []).append(_("The last day is before the first."))
    if not errors:
        clash = _overlapping(intervention, weekday, starts_at, ends_at, first, valid_until)
        if clash is not None:
            label = f"{clash.get_weekday_display()} {clash.starts_at:%H:%M}–{clash.ends_at:%H:%M}"
            errors.setdefault("starts_at", []).append(
                _("The schedule already has %(slot)s at that time; end it first.") % {"slot": label}
            )
    if errors:
        raise ValidationError(errors)
    slot = ProgrammeSlot.objects.create(
        intervention=intervention,
        weekday=weekday,
        starts_at=starts_at,
        ends_at=ends_at,
        area=area,
        place=place,
        valid_from=first,
        valid_until=valid_until,
    )
    audit.record(
        actor=actor,
        action="intervention.slot_add",
        target=slot,
        municipality=intervention.municipality,
        organisation=intervention.owner,
        changes=audit.created(slot, SLOT_FIELDS),
    )
    return slot


def _minutes(starts_at: dt.time, ends_at: dt.time) -> tuple[int, int]:
    start = starts_at.hour * 60 + starts_at.minute
    end = ends_at.hour * 60 + ends_at.minute
    return start, end + 24 * 60 if end <= start else end


def _overlapping(
    intervention: Intervention,
    weekday: int,
    starts_at: dt.time,
    ends_at: dt.time,
    first: dt.date,
    last: dt.date | None,
) -> ProgrammeSlot | None:
    """A time of the schedule on the same weekday whose hours and validity overlap: two of
    them would plan every such session twice."""
    start, end = _minutes(starts_at, ends_at)
    for other in intervention.slots.filter(weekday=weekday):
        if last is not None and last < other.valid_from:
            continue
        if other.valid_until is not None and other.valid_until < first:
            continue
        o_start, o_end = _minutes(other.starts_at, other.ends_at)
        if start < o_end and o_start < end:
            return other
    return None


@transaction.atomic
def slot_remove(*, actor: Actor, slot: ProgrammeSlot) -> None:
    """Remove a time entered by mistake. Only while no session is recorded on it: then it
    has planned nothing anyone acted on; otherwise it is ended (``slot_end``)."""
    slot = ProgrammeSlot.objects.select_for_update().select_related("intervention").get(pk=slot.pk)
    intervention = slot.intervention
    if not can(actor, "intervention.change", intervention):
        raise PermissionDenied
    if slot.sessions.exists():
        raise ValidationError(
            {"last_day": [_("Sessions are recorded on this time; end it instead of removing it.")]}
        )
    audit.record(
        actor=actor,
        action="intervention.slot_end",
        target=slot,
        municipality=intervention.municipality,
        organisation=intervention.owner,
        changes=audit.removed(slot, SLOT_FIELDS),
    )
    slot.delete()


@transaction.atomic
def slot_end(*, actor: Actor, slot: ProgrammeSlot, last_day: dt.date | None = None) -> None:
    """Stop a schedule time after `last_day` (default today). The sessions planned while it
    ran still count as planned; a time that never ran is removed."""
    slot = ProgrammeSlot.objects.select_for_update().select_related("intervention").get(pk=slot.pk)
    intervention = slot.intervention
    if not can(actor, "intervention.change", intervention):
        raise PermissionDenied
    last = last_day or timezone.localdate()
    if slot.sessions.filter(date__gt=last).exists():
        raise ValidationError(
            {"last_day": [_("Sessions are recorded after that day; choose a later last day.")]}
        )
    if slot.valid_until is not None and slot.valid_until <= last:
        raise ValidationError({"last_day": [_("This time has already ended.")]})
    if last < slot.valid_from:
        if slot.sessions.exists():
            raise ValidationError(
                {"last_day": [_("Sessions are recorded on this time; it cannot be removed.")]}
            )
        changes = audit.removed(slot, SLOT_FIELDS)
        audit.record(
            actor=actor,
            action="intervention.slot_end",
            target=slot,
            municipality=intervention.municipality,
            organisation=intervention.owner,
            changes=changes,
        )
        slot.delete()
        return
    before = slot.valid_until
    slot.valid_until = last
    slot.save(update_fields=["valid_until", "updated_at"])
    audit.record(
        actor=actor,
        action="intervention.slot_end",
        target=slot,
        municipality=intervention.municipality,
        organisation=intervention.owner,
        changes={"valid_until": [before.isoformat() if before else None, last.isoformat()]},
    )


# ---------------------------------------------------------------------------------------------
# sessions


def _clean_session(
    intervention: Intervention,
    *,
    slot: ProgrammeSlot | None,
    date: dt.date | None,
    status: str,
    participants: Any,
    starts_at: dt.time | None,
    ends_at: dt.time | None,
    area: Area | None,
    places: Sequence[Place],
    note: str,
    errors: dict[str, list[str]],
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    today = timezone.localdate()
    if slot is not None and slot.intervention_id != intervention.pk:
        errors.setdefault("slot", []).append(_("Choose a time from the programme's schedule."))
        slot = None
    out["slot"] = slot
    if date is None:
        errors.setdefault("date", []).append(_("Give the date of the session."))
    elif date < EARLIEST:
        errors.setdefault("date", []).append(_("The date is too far back."))
    elif date > today + MAX_RECORD_AHEAD:
        errors.setdefault("date", []).append(_("A session can be recorded at most one day ahead."))
    elif slot is not None and not slot.runs_on(date):
        errors.setdefault("date", []).append(
            _("The chosen time does not run on that date; choose “extra session” instead.")
        )
    out["date"] = date
    if status not in SessionStatus.values:
        errors.setdefault("status", []).append(_("Say whether the session was held or cancelled."))
    out["status"] = status
    number: int | None = None
    if participants not in (None, ""):
        try:
            number = int(participants)
            if not 0 <= number <= MAX_SESSION_PARTICIPANTS:
                raise ValueError
        except (TypeError, ValueError):
            errors.setdefault("participants", []).append(
                _("Enter a whole number between 0 and %(max)s.") % {"max": MAX_SESSION_PARTICIPANTS}
            )
            number = None
    if status == SessionStatus.HELD and number in (None, 0) and "participants" not in errors:
        errors.setdefault("participants", []).append(
            _("Give how many took part (a number, no names).")
        )
    if status == SessionStatus.CANCELLED:
        number = None
    out["participants"] = number
    starts_at = starts_at or (slot.starts_at if slot else None)
    ends_at = ends_at or (slot.ends_at if slot else None)
    if starts_at is None:
        errors.setdefault("starts_at", []).append(_("Give the start time."))
    if ends_at is None:
        errors.setdefault("ends_at", []).append(_("Give the end time."))
    elif starts_at is not None and starts_at == ends_at:
        errors.setdefault("ends_at", []).append(_("The end time is the same as the start time."))
    out["starts_at"], out["ends_at"] = starts_at, ends_at
    municipality_id = intervention.municipality_id
    area = area or (slot.area if slot else None) or intervention.area
    if area is not None and not _in_municipality(area, municipality_id):
        errors.setdefault("area", []).append(_("Choose an area from the list."))
    out["area"] = area
    chosen = list(places)
    if any(not _in_municipality(p, municipality_id) for p in chosen):
        errors.setdefault("places", []).append(_("Choose places from the list."))
    out["places"] = chosen
    try:
        text = SESSION_TEXT.clean("note", note or "")
    except ValidationError as error:
        errors.setdefault("note", []).extend(error.messages)
        text = ""
    else:
        if len(text) > MAX_NOTE:
            errors.setdefault("note", []).append(
                _("Write at most %(limit)d characters.") % {"limit": MAX_NOTE}
            )
    out["note"] = text
    return out


def _recorder_organisation(actor: Actor, intervention: Intervention) -> Any:
    user = person_of(actor)
    if user is None:
        return None
    candidates = [intervention.owner, *intervention.participants.all()]
    for organisation in candidates:
        if (
            organisation is not None
            and user.memberships.filter(organisation=organisation, active=True).exists()
        ):
            return organisation
    return None


def _session_window(session: ProgrammeSession) -> tuple[dt.datetime, dt.datetime]:
    assert session.starts_at is not None and session.ends_at is not None
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(session.date, session.starts_at)
    end = dt.datetime.combine(
        session_end_day(session.date, session.starts_at, session.ends_at), session.ends_at
    )
    return timezone.make_aware(start, zone), timezone.make_aware(end, zone)


def _observation_values(session: ProgrammeSession, observation: dict[str, Any]) -> dict[str, Any]:
    start, end = _session_window(session)
    now = timezone.now()
    if end > now >= start:
        end = now  # an observation entered during the session happened before now
    place = observation.get("place")
    values: dict[str, Any] = {
        "category": observation.get("category"),
        "occurred_start": start,
        "occurred_end": end,
        "description": observation.get("description") or "",
        "impact": observation.get("impact") or 2,
    }
    if isinstance(place, Place):
        values["place"] = place
    else:
        values["area"] = session.area
    return values


def _add_observations(
    actor: Actor,
    session: ProgrammeSession,
    observations: Iterable[dict[str, Any]],
    errors: dict[str, list[str]],
) -> list[Report]:
    """Create one EST report per observation through the reports service; the caller's
    transaction makes it all or nothing. Errors are keyed ``observation-<n>-<field>``."""
    from trygg.reports.services import report_create

    made: list[Report] = []
    for index, observation in enumerate(observations, start=1):
        number = observation.get("row") or index  # the form's row number, for its errors
        description = str(observation.get("description") or "")
        if len(description) > MAX_OBSERVATION_TEXT:
            errors.setdefault(f"observation-{number}-description", []).append(
                _("Write at most %(limit)d characters.") % {"limit": MAX_OBSERVATION_TEXT}
            )
            continue
        if not isinstance(observation.get("category"), Category):
            errors.setdefault(f"observation-{number}-category", []).append(
                _("Choose a category from the list.")
            )
            continue
        try:
            with transaction.atomic():
                report = report_create(
                    actor=actor,
                    municipality=session.intervention.municipality,
                    organisation=session.organisation,
                    **_observation_values(session, observation),
                )
        except PermissionDenied:
            errors.setdefault(f"observation-{number}-category", []).append(
                _("You cannot make reports; ask the coordinator for a reporter's role.")
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                name = field if field in ("category", "description", "place") else "description"
                errors.setdefault(f"observation-{number}-{name}", []).extend(messages)
        else:
            made.append(report)
    if made:
        session.reports.add(*made)
    return made


@transaction.atomic
def session_record(
    *,
    actor: Actor,
    intervention: Intervention,
    slot: ProgrammeSlot | None,
    date: dt.date | None,
    status: str,
    participants: Any = None,
    starts_at: dt.time | None = None,
    ends_at: dt.time | None = None,
    area: Area | None = None,
    places: Sequence[Place] = (),
    note: str = "",
    observations: Sequence[dict[str, Any]] = (),
) -> ProgrammeSession:
    """Record one session — planned (`slot`) or extra (`slot` None) — with its observations,
    each an EST report. All or nothing: one wrong observation saves nothing."""
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if not can(actor, "intervention.record_session", intervention):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if not intervention.slots.exists():
        errors.setdefault("slot", []).append(
            _("The intervention has no schedule; add a time to its schedule first.")
        )
    if len(observations) > MAX_SESSION_OBSERVATIONS * 10:
        errors.setdefault("observations", []).append(_("Too many observations at once."))
    fields = _clean_session(
        intervention,
        slot=slot,
        date=date,
        status=status,
        participants=participants,
        starts_at=starts_at,
        ends_at=ends_at,
        area=area,
        places=places,
        note=note,
        errors=errors,
    )
    observations = [o for o in observations if o.get("category") or o.get("description")]
    if observations and fields["status"] == SessionStatus.CANCELLED:
        errors.setdefault("observations", []).append(
            _("A cancelled session has no observations; record them as ordinary reports.")
        )
    if fields["slot"] is not None and fields["date"] is not None:
        existing = ProgrammeSession.objects.filter(slot=fields["slot"], date=fields["date"])
        if existing.exists():
            errors.setdefault("date", []).append(
                _("This session is already recorded; open it to change it.")
            )
    if errors:
        raise ValidationError(errors)
    chosen_places = fields.pop("places")
    try:
        with transaction.atomic():
            session = ProgrammeSession.objects.create(
                intervention=intervention,
                recorded_by=person_of(actor),
                organisation=_recorder_organisation(actor, intervention),
                **fields,
            )
    except IntegrityError:  # another phone recorded it a moment ago
        raise ValidationError(
            {"date": [_("This session is already recorded; open it to change it.")]}
        ) from None
    session.places.set(chosen_places)
    made = _add_observations(actor, session, observations, errors)
    if errors:
        raise ValidationError(errors)  # the outer transaction rolls everything back
    if fields["status"] == SessionStatus.HELD and intervention.status == InterventionStatus.DECIDED:
        _start(actor, intervention)
    changes = audit.created(session, SESSION_FIELDS)
    if chosen_places:
        changes["places"] = [None, sorted(p.name for p in chosen_places)]
    if made:
        changes["reports"] = [None, [str(r.public_id) for r in made]]
    audit.record(
        actor=actor,
        action="intervention.session",
        target=session,
        municipality=intervention.municipality,
        organisation=intervention.owner,
        changes=changes,
    )
    return session


def _start(actor: Actor, intervention: Intervention) -> None:
    """The first session held starts a decided programme: decided → ongoing, in its history
    and the audit log like any status change (whoever may record a session may do this)."""
    intervention.status = InterventionStatus.ONGOING
    if intervention.start_date is None:
        intervention.start_date = timezone.localdate()
    intervention.save(update_fields=["status", "start_date", "updated_at"])
    _status_change(actor, intervention, InterventionStatus.DECIDED, InterventionStatus.ONGOING)
    audit.record(
        actor=actor,
        action="intervention.status",
        target=intervention,
        municipality=intervention.municipality,
        organisation=intervention.owner,
        changes={"status": [InterventionStatus.DECIDED, InterventionStatus.ONGOING]},
    )


@transaction.atomic
def session_update(
    *,
    actor: Actor,
    session: ProgrammeSession,
    status: str,
    participants: Any = None,
    starts_at: dt.time | None = None,
    ends_at: dt.time | None = None,
    area: Area | None = None,
    places: Sequence[Place] = (),
    note: str = "",
) -> ProgrammeSession:
    """Correct a recorded session (its date and schedule time stay)."""
    session = ProgrammeSession.objects.select_for_update().get(pk=session.pk)
    intervention = session.intervention
    if not can(actor, "intervention.record_session", intervention):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    fields = _clean_session(
        intervention,
        slot=session.slot,
        date=session.date,
        status=status,
        participants=participants,
        starts_at=starts_at,
        ends_at=ends_at,
        area=area,
        places=places,
        note=note,
        errors=errors,
    )
    if fields["status"] == SessionStatus.CANCELLED and session.reports.exists():
        errors.setdefault("status", []).append(
            _("Observations were reported from this session; it cannot be marked cancelled.")
        )
    if errors:
        raise ValidationError(errors)
    chosen_places = fields.pop("places")
    before = audit.snapshot(session, SESSION_FIELDS)
    before_places = sorted(p.name for p in session.places.all())
    for name, value in fields.items():
        setattr(session, name, value)
    session.save()
    session.places.set(chosen_places)
    changes = audit.diff(before, audit.snapshot(session, SESSION_FIELDS))
    after_places = sorted(p.name for p in chosen_places)
    if after_places != before_places:
        changes["places"] = [before_places, after_places]
    if changes:
        audit.record(
            actor=actor,
            action="intervention.session_update",
            target=session,
            municipality=intervention.municipality,
            organisation=intervention.owner,
            changes=changes,
        )
    return session


@transaction.atomic
def session_add_observation(
    *,
    actor: Actor,
    session: ProgrammeSession,
    category: Any,
    description: str,
    place: Any = None,
    impact: int = 2,
) -> Report:
    """One more observation from a held session, as an EST report (one tap on the session's
    page)."""
    session = ProgrammeSession.objects.select_for_update().get(pk=session.pk)
    if not can(actor, "intervention.record_session", session.intervention):
        raise PermissionDenied
    if session.status != SessionStatus.HELD:
        raise ValidationError({"description": [_("A cancelled session has no observations.")]})
    errors: dict[str, list[str]] = {}
    made = _add_observations(
        actor,
        session,
        [{"category": category, "description": description, "place": place, "impact": impact}],
        errors,
    )
    if errors or not made:
        raise ValidationError(
            {key.rsplit("-", 1)[-1]: messages for key, messages in errors.items()}
        )
    audit.record(
        actor=actor,
        action="intervention.session_update",
        target=session,
        municipality=session.intervention.municipality,
        organisation=session.intervention.owner,
        changes={"reports": [None, [str(made[0].public_id)]]},
    )
    return made[0]
