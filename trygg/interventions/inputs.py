"""Public ids -> objects for the API (the form resolves through its choice fields); each
unknown id is a field error, so the service gets the same objects from both."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from trygg.accounts.models import Organisation
from trygg.places.models import Area, Municipality, Place
from trygg.reports.models import Category
from trygg.situation.models import PriorityDecision

SINGLE: dict[str, type[Any]] = {
    "area": Area,
    "owner": Organisation,
    "focus_decision": PriorityDecision,
}
MANY: dict[str, type[Any]] = {
    "places": Place,
    "categories": Category,
    "participants": Organisation,
}


def _get(model: type[Any], municipality: Municipality, value: Any) -> Any:
    try:
        public_id = value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        return None
    return model.objects.filter(municipality=municipality, public_id=public_id).first()


def intervention_values_from_input(
    municipality: Municipality, values: dict[str, Any]
) -> dict[str, Any]:
    """Replace the ids in `values` by the municipality's objects; ValidationError names every
    field with an unknown id."""
    out = dict(values)
    errors: dict[str, list[str]] = {}
    for name, model in SINGLE.items():
        if name in out and out[name] is not None:
            found = _get(model, municipality, out[name])
            if found is None:
                errors[name] = [_("Choose from the list.")]
            out[name] = found
    for name, model in MANY.items():
        if name in out:
            items = [_get(model, municipality, value) for value in out[name] or []]
            if any(item is None for item in items):
                errors[name] = [_("Choose from the list.")]
            out[name] = [item for item in items if item is not None]
    if errors:
        raise ValidationError(errors)
    return out
