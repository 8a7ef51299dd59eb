"""Reads of memberships: which municipalities a user belongs to.

``Municipality`` lives one layer up (``trygg.places``); accounts reaches it through the
membership's foreign key, so this app never imports places (docs/architecture.md, "Layers").
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Model
from django.http import Http404

from trygg.accounts.models import Membership
from trygg.accounts.permissions import can
from trygg.accounts.types import Tenant


def _municipality_model() -> type[Model]:
    model = Membership._meta.get_field("municipality").related_model
    assert isinstance(model, type)
    return model


def municipalities_for(user: Any) -> list[Tenant]:
    if not getattr(user, "is_authenticated", False):
        return []
    if user.is_superuser:
        found = list(_municipality_model()._default_manager.all())
    else:
        found = list(
            _municipality_model()
            ._default_manager.filter(
                memberships__user=user,
                memberships__active=True,
                memberships__organisation__active=True,
            )
            .distinct()
        )
    # the related model is places.Municipality, which the Tenant protocol describes
    return cast(list[Tenant], found)


def municipality_get_for(*, user: Any, code: str) -> Tenant:
    """The municipality with `code` if the user belongs to it; otherwise 404."""
    municipality = _municipality_model()._default_manager.filter(code=code).first()
    if municipality is None or not can(user, "municipality.view", municipality):
        raise Http404
    return cast(Tenant, municipality)  # places.Municipality, as above
