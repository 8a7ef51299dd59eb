"""Reads of memberships: which municipalities a user belongs to.

``Municipality`` lives one layer up (``trygg.places``); accounts reaches it through the
membership's foreign key, so this app never imports places (docs/architecture.md, "Layers").
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.http import Http404

from trygg.accounts.models import Membership
from trygg.accounts.permissions import can


def _municipality_model() -> type[Model]:
    model = Membership._meta.get_field("municipality").related_model
    assert isinstance(model, type)
    return model


def municipalities_for(user: Any) -> list[Any]:
    if not getattr(user, "is_authenticated", False):
        return []
    if user.is_superuser:
        return list(_municipality_model()._default_manager.all())
    return list(
        _municipality_model()
        ._default_manager.filter(
            memberships__user=user,
            memberships__active=True,
            memberships__organisation__active=True,
        )
        .distinct()
    )


def municipality_get_for(*, user: Any, code: str) -> Any:
    """The municipality with `code` if the user belongs to it; otherwise 404."""
    municipality = _municipality_model()._default_manager.filter(code=code).first()
    if municipality is None or not can(user, "municipality.view", municipality):
        raise Http404
    return municipality
