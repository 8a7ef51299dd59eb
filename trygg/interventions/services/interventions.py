"""Writes of interventions: create, edit, change status.

Every function is keyword-only, checks the permission itself, validates (free text screened
for personal data), writes in one transaction and records the audit row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.models import Organisation
from trygg.accounts.permissions import can
from trygg.accounts.types import Actor, person_of
from trygg.core import audit
from trygg.core.validators import screened
from trygg.interventions.choices import (
    DECIDED_STATUSES,
    InterventionSource,
    InterventionStatus,
    InterventionType,
    InterventionVisibility,
    Technique,
    Term,
)
from trygg.interventions.limits import (
    MAX_RESPONSIBLE,
    MAX_SARA_TEXT,
    MAX_TITLE,
)
from trygg.interventions.models import (
    Intervention,
    InterventionStatusChange,
)
from trygg.places.models import Area, Municipality, Place
from trygg.reports.models import Category
from trygg.situation.models import PriorityDecision

INTERVENTION_TEXT = screened(
    "interventions.Intervention",
    "title",
    "scanning",
    "analysis",
    "response",
    "assessment",
    "responsible",
)

TEXT_LIMITS = {
    "title": MAX_TITLE,
    "scanning": MAX_SARA_TEXT,
    "analysis": MAX_SARA_TEXT,
    "response": MAX_SARA_TEXT,
    "assessment": MAX_SARA_TEXT,
    "responsible": MAX_RESPONSIBLE,
}
AUDIT_FIELDS = [
    "title",
    "type",
    "technique",
    "term",
    "area",
    "scanning",
    "analysis",
    "response",
    "assessment",
    "owner",
    "responsible",
    "start_date",
    "due_date",
    "visibility",
    "source",
    "focus_decision",
]
M2M_FIELDS = ("places", "categories", "participants")
EDITABLE = frozenset(AUDIT_FIELDS) | frozenset(M2M_FIELDS) | {"decision_ref"}
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)

#: status -> the statuses a coordinator may move it to
TRANSITIONS: dict[str, frozenset[str]] = {
    InterventionStatus.PROPOSED: frozenset(
        {InterventionStatus.DECIDED, InterventionStatus.CANCELLED}
    ),
    InterventionStatus.DECIDED: frozenset(
        {
            InterventionStatus.PROPOSED,
            InterventionStatus.ONGOING,
            InterventionStatus.DONE,
            InterventionStatus.CANCELLED,
        }
    ),
    InterventionStatus.ONGOING: frozenset({InterventionStatus.DONE, InterventionStatus.CANCELLED}),
    InterventionStatus.DONE: frozenset({InterventionStatus.ONGOING}),
    InterventionStatus.CANCELLED: frozenset({InterventionStatus.PROPOSED}),
}
#: the moves an owner organisation's members may make themselves (the group decides the rest)
OWNER_TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        (InterventionStatus.DECIDED, InterventionStatus.ONGOING),
        (InterventionStatus.ONGOING, InterventionStatus.DONE),
        (InterventionStatus.PROPOSED, InterventionStatus.CANCELLED),
    }
)


def requirement_messages() -> dict[str, str]:
    """What each field needs before an intervention can be decided (Swedish via gettext)."""
    return {
        "owner": _("Choose the owner organisation before the intervention can be decided."),
        "responsible": _("Name the responsible person before the intervention can be decided."),
        "due_date": _("Give a due date before the intervention can be decided."),
        "area": _("Choose the area before the intervention can be decided."),
        "scanning": _("Describe the problem it addresses before the intervention can be decided."),
    }


def missing_for_decision(intervention: Intervention) -> dict[str, str]:
    """The fields still missing before `intervention` can be decided, with their messages
    (empty when it can be)."""
    messages = requirement_messages()
    missing: dict[str, str] = {}
    if intervention.owner_id is None:
        missing["owner"] = messages["owner"]
    if not intervention.responsible.strip():
        missing["responsible"] = messages["responsible"]
    if intervention.due_date is None:
        missing["due_date"] = messages["due_date"]
    if intervention.area_id is None:
        missing["area"] = messages["area"]
    if not intervention.scanning.strip():
        missing["scanning"] = messages["scanning"]
    return missing


# ---------------------------------------------------------------------------------------------
# validation


def _in_municipality(
    municipality: Municipality, objects: Iterable[Any], field: str, errors: dict[str, list[str]]
) -> list[Any]:
    items = list(objects)
    if any(getattr(item, "municipality_id", None) != municipality.pk for item in items):
        errors.setdefault(field, []).append(_("Choose from the list."))
    return items


def _clean_values(
    municipality: Municipality, values: dict[str, Any], errors: dict[str, list[str]]
) -> dict[str, Any]:
    """Validate the given fields of an intervention in place of the model's rules; returns
    the cleaned values (only the keys given)."""
    cleaned: dict[str, Any] = {}
    for name, limit in TEXT_LIMITS.items():
        if name not in values:
            continue
        try:
            text = INTERVENTION_TEXT.clean(name, values[name] or "")
        except ValidationError as error:
            errors.setdefault(name, []).extend(error.messages)
            continue
        if len(text) > limit:
            errors.setdefault(name, []).append(
                _("Write at most %(limit)d characters.") % {"limit": limit}
            )
        cleaned[name] = text
    if "title" in cleaned and not cleaned["title"]:
        errors.setdefault("title", []).append(_("Give the intervention a title."))
    choices = {
        "type": (InterventionType.values, False),
        "technique": (Technique.values, True),
        "term": (Term.values, False),
        "visibility": (InterventionVisibility.values, False),
        "source": (InterventionSource.values, False),
    }
    for name, (allowed, may_be_empty) in choices.items():
        if name not in values:
            continue
        value = values[name] or ""
        if value not in allowed and not (may_be_empty and value == ""):
            errors.setdefault(name, []).append(_("Choose from the list."))
        cleaned[name] = value
    if "area" in values:
        area = values["area"]
        if area is not None and (
            not isinstance(area, Area) or area.municipality_id != municipality.pk
        ):
            errors.setdefault("area", []).append(_("Choose an area from the list."))
        cleaned["area"] = area
    if "owner" in values:
        owner = values["owner"]
        if owner is not None and (
            not isinstance(owner, Organisation)
            or owner.municipality_id != municipality.pk
            or not owner.active
        ):
            errors.setdefault("owner", []).append(_("Choose an organisation from the list."))
        cleaned["owner"] = owner
    if "focus_decision" in values:
        decision = values["focus_decision"]
        if decision is not None and (
            not isinstance(decision, PriorityDecision)
            or decision.municipality_id != municipality.pk
        ):
            errors.setdefault("focus_decision", []).append(_("Choose from the list."))
        cleaned["focus_decision"] = decision
    if "decision_ref" in values:
        ref = values["decision_ref"]
        if ref is not None and not isinstance(ref, UUID):
            errors.setdefault("decision_ref", []).append(_("Choose from the list."))
        cleaned["decision_ref"] = ref
    for name, model in (
        ("places", Place),
        ("categories", Category),
        ("participants", Organisation),
    ):
        if name in values:
            items = _in_municipality(municipality, values[name] or [], name, errors)
            if any(not isinstance(item, model) for item in items):
                errors.setdefault(name, []).append(_("Choose from the list."))
            cleaned[name] = items
    for name in ("start_date", "due_date"):
        if name in values:
            day = values[name]
            if day is not None and (not isinstance(day, dt.date) or not EARLIEST <= day <= LATEST):
                errors.setdefault(name, []).append(_("Give a date between 2000 and 2100."))
                day = None
            cleaned[name] = day
    return cleaned


def _check_dates(intervention: Intervention, errors: dict[str, list[str]]) -> None:
    start, due = intervention.start_date, intervention.due_date
    if start is not None and due is not None and due < start:
        errors.setdefault("due_date", []).append(_("The due date cannot be before the start date."))


def _require_decidable(intervention: Intervention, errors: dict[str, list[str]]) -> None:
    for name, message in missing_for_decision(intervention).items():
        if message not in errors.get(name, []):
            errors.setdefault(name, []).append(message)


def _m2m_names(intervention: Intervention) -> dict[str, list[str]]:
    if intervention.pk is None:
        return {name: [] for name in M2M_FIELDS}
    return {
        name: sorted(str(item) for item in getattr(intervention, name).all()) for name in M2M_FIELDS
    }


def _status_change(actor: Actor, intervention: Intervention, before: str, after: str) -> None:
    InterventionStatusChange.objects.create(
        intervention=intervention,
        from_status=before,
        to_status=after,
        changed_by=person_of(actor),
    )


# ---------------------------------------------------------------------------------------------
# create / update


@transaction.atomic
def intervention_create(
    *,
    actor: Actor,
    municipality: Municipality,
    title: str,
    type: str,
    status: str = InterventionStatus.PROPOSED,
    **values: Any,
) -> Intervention:
    """Create an intervention. Coordinators may create any (and create it decided, e.g. from a
    meeting's decision); police members create them owned by their own police organisation,
    proposed, for the group to decide. Raises ValidationError naming each bad field."""
    owner = values.get("owner")
    manager = can(actor, "intervention.manage", municipality)
    if not manager and not (
        owner is not None
        and owner.municipality_id == municipality.pk
        and can(actor, "intervention.create_for", owner)
    ):
        raise PermissionDenied
    unknown = set(values) - EDITABLE
    if unknown:
        raise TypeError(f"unknown intervention fields: {sorted(unknown)}")
    errors: dict[str, list[str]] = {}
    cleaned = _clean_values(municipality, {"title": title, "type": type, **values}, errors)
    if status not in (InterventionStatus.PROPOSED, InterventionStatus.DECIDED):
        errors.setdefault("status", []).append(_("A new intervention is proposed or decided."))
    elif status != InterventionStatus.PROPOSED and not manager:
        errors.setdefault("status", []).append(_("Only a coordinator can decide an intervention."))
    many = {name: cleaned.pop(name) for name in M2M_FIELDS if name in cleaned}
    intervention = Intervention(
        municipality=municipality, status=status, created_by=person_of(actor), **cleaned
    )
    _check_dates(intervention, errors)
    if status in DECIDED_STATUSES:
        _require_decidable(intervention, errors)
    if errors:
        raise ValidationError(errors)
    intervention.save()
    for name, items in many.items():
        getattr(intervention, name).set(items)
    _status_change(actor, intervention, "", status)
    changes = audit.created(intervention, [*AUDIT_FIELDS, "status"])
    changes.update(
        {name: [None, names] for name, names in _m2m_names(intervention).items() if names}
    )
    audit.record(
        actor=actor,
        action="intervention.create",
        target=intervention,
        municipality=municipality,
        organisation=intervention.owner,
        changes=changes,
    )
    return intervention


@transaction.atomic
def intervention_update(*, actor: Actor, intervention: Intervention, **values: Any) -> Intervention:
    """Change the given fields. Coordinators may change any; the owner organisation's members
    everything but the owner itself. A decided (or later) intervention keeps every field a
    decision needs."""
    municipality = intervention.municipality
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if not can(actor, "intervention.change", intervention):
        raise PermissionDenied
    unknown = set(values) - EDITABLE
    if unknown:
        raise TypeError(f"unknown intervention fields: {sorted(unknown)}")
    manager = can(actor, "intervention.manage", municipality)
    errors: dict[str, list[str]] = {}
    if not manager and "owner" in values and values["owner"] != intervention.owner:
        errors.setdefault("owner", []).append(
            _("Only a coordinator can give the intervention to another organisation.")
        )
    cleaned = _clean_values(municipality, values, errors)
    many = {name: cleaned.pop(name) for name in M2M_FIELDS if name in cleaned}
    before = audit.snapshot(intervention, AUDIT_FIELDS)
    before_many = _m2m_names(intervention)
    for name, value in cleaned.items():
        setattr(intervention, name, value)
    _check_dates(intervention, errors)
    if intervention.status in DECIDED_STATUSES:
        _require_decidable(intervention, errors)
    if errors:
        raise ValidationError(errors)
    intervention.save()
    for name, items in many.items():
        getattr(intervention, name).set(items)
    changes = audit.diff(before, audit.snapshot(intervention, AUDIT_FIELDS))
    changes.update(audit.diff(before_many, _m2m_names(intervention)))
    if changes:
        audit.record(
            actor=actor,
            action="intervention.update",
            target=intervention,
            municipality=municipality,
            organisation=intervention.owner,
            changes=changes,
        )
    return intervention


def may_set_status(actor: Actor, intervention: Intervention, status: str) -> bool:
    if status not in TRANSITIONS.get(intervention.status, frozenset()):
        return False
    if can(actor, "intervention.manage", intervention.municipality):
        return True
    return (intervention.status, status) in OWNER_TRANSITIONS and can(
        actor, "intervention.change", intervention
    )


def allowed_statuses(actor: Actor, intervention: Intervention) -> list[str]:
    """The statuses `actor` may move the intervention to now, in lifecycle order."""
    return [s for s in InterventionStatus.values if may_set_status(actor, intervention, s)]


@transaction.atomic
def intervention_set_status(
    *, actor: Actor, intervention: Intervention, status: str
) -> Intervention:
    """Move the intervention along its lifecycle (proposed → decided → ongoing → done, or
    cancelled). "Decided" needs owner, responsible person, due date, area and problem: the
    ValidationError names each missing field."""
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if not can(actor, "intervention.change", intervention):
        raise PermissionDenied
    if status not in InterventionStatus.values:
        raise ValidationError({"status": [_("Choose a status.")]})
    if status == intervention.status:
        return intervention
    if status not in TRANSITIONS[intervention.status]:
        raise ValidationError(
            {
                "status": [
                    _("An intervention that is %(current)s cannot become %(wanted)s.")
                    % {
                        "current": intervention.get_status_display().lower(),
                        "wanted": InterventionStatus(status).label.lower(),
                    }
                ]
            }
        )
    if not may_set_status(actor, intervention, status):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if status in DECIDED_STATUSES:
        _require_decidable(intervention, errors)
    if errors:
        raise ValidationError(errors)
    before = intervention.status
    intervention.status = status
    today = timezone.localdate()
    due = intervention.due_date
    if (
        status == InterventionStatus.ONGOING
        and intervention.start_date is None
        and (due is None or due >= today)
    ):
        intervention.start_date = today  # (not after the due date: that would block edits)
    intervention.save(update_fields=["status", "start_date", "updated_at"])
    _status_change(actor, intervention, before, status)
    audit.record(
        actor=actor,
        action="intervention.status",
        target=intervention,
        municipality=intervention.municipality,
        organisation=intervention.owner,
        changes={"status": [before, status]},
    )
    return intervention
