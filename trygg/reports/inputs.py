"""Public ids -> objects, for every way into the report services.

The HTML forms, the API and imports receive ids (UUIDs, or a category's code); the services
accept only resolved objects. This module turns one into the other, scoped to the municipality,
and raises ``ValidationError`` keyed by the field so each caller can show the message next to
its own input. Nothing here writes.
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from trygg.accounts.models import Organisation
from trygg.accounts.types import Actor
from trygg.core.models import BaseModel
from trygg.places.models import Area, Municipality, Place
from trygg.reports.models import Category, Report
from trygg.reports.selectors import reporting_organisations

_M = TypeVar("_M", bound=BaseModel)

REFERENCE_FIELDS = ("category", "place", "area", "duplicate_of")


def _uuid_or_none(value: Any) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (ValueError, AttributeError):
        return None


def by_public_id(qs: QuerySet[_M], value: Any) -> _M | None:
    """The row of `qs` with this public id; None (without a query) when `value` is no UUID."""
    public_id = _uuid_or_none(value)
    if public_id is None:
        return None
    return qs.filter(public_id=public_id).first()


def category_from_input(municipality: Municipality, value: Any) -> Category:
    """A category of the municipality by id or code."""
    if isinstance(value, Category) and value.municipality_id == municipality.pk:
        return value
    if isinstance(value, str | uuid.UUID) and value:
        found = by_public_id(Category.objects.filter(municipality=municipality), value)
        if found is None and isinstance(value, str):
            found = Category.objects.filter(municipality=municipality, code=value).first()
        if found is not None:
            return found
    raise ValidationError({"category": [_("Choose a category from the list.")]})


def place_from_input(municipality: Municipality, value: Any) -> Place | None:
    if value in (None, ""):
        return None
    if isinstance(value, Place) and value.municipality_id == municipality.pk:
        return value
    found = by_public_id(Place.objects.filter(municipality=municipality), value)
    if found is None:
        raise ValidationError({"place": [_("Choose a place from the list.")]})
    return found


def area_from_input(municipality: Municipality, value: Any) -> Area | None:
    if value in (None, ""):
        return None
    if isinstance(value, Area) and value.municipality_id == municipality.pk:
        return value
    found = by_public_id(Area.objects.filter(municipality=municipality), value)
    if found is None:
        raise ValidationError({"area": [_("Choose an area from the list.")]})
    return found


def report_from_input(municipality: Municipality, value: Any, field: str) -> Report:
    if isinstance(value, Report) and value.municipality_id == municipality.pk:
        return value
    found = by_public_id(Report.objects.filter(municipality=municipality), value)
    if found is None:
        raise ValidationError({field: [_("Choose the report this one duplicates.")]})
    return found


def organisation_from_input(
    actor: Actor, municipality: Municipality, value: Any
) -> Organisation | None:
    """An organisation the actor may report for (``None`` stays ``None``: the service then
    picks the only one, or asks)."""
    if value in (None, ""):
        return None
    if isinstance(value, Organisation):
        return value
    public_id = _uuid_or_none(value)
    allowed = reporting_organisations(actor, municipality)
    found = next((o for o in allowed if o.public_id == public_id), None)
    if found is None:
        raise ValidationError({"organisation": [_("You cannot report for that organisation.")]})
    return found


def choose_organisation(
    actor: Actor, municipality: Municipality, organisation: Organisation | None
) -> Organisation:
    """The organisation a report or weekly return is made for, checked against the actor's
    memberships."""
    allowed = reporting_organisations(actor, municipality)
    if organisation is None:
        if len(allowed) == 1:
            return allowed[0]
        raise ValidationError({"organisation": [_("Choose which organisation you report for.")]})
    if organisation not in allowed:
        raise ValidationError({"organisation": [_("You cannot report for that organisation.")]})
    return organisation


def report_values_from_input(municipality: Municipality, values: dict[str, Any]) -> dict[str, Any]:
    """Replace the ids in a report's values by objects (only the keys present). Collects the
    errors of all fields before raising."""
    out = dict(values)
    errors: dict[str, list[str]] = {}
    resolvers = {
        "category": category_from_input,
        "place": place_from_input,
        "area": area_from_input,
    }
    for key, resolve in resolvers.items():
        if key not in values:
            continue
        try:
            out[key] = resolve(municipality, values[key])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return out
