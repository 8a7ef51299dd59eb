"""Types at the edges of the apps: who acts on data, who asks, and about which municipality.

``Actor`` is what every service takes as ``actor``: a person (a ``User``) or ``"system"``, the
platform itself acting without a person (onboarding a municipality, building the demo world).
``"system"`` holds no role anywhere, so ``can()`` refuses it every permission; only checks that
name it explicitly let it through (``places.services.municipality_create``). The audit log
stores a person as a foreign key and ``"system"`` as the frozen actor name.

``TenantRequest`` is the request a ``@municipality_view`` hands its view: a logged-in ``User``
and the resolved municipality. ``Municipality`` lives one layer up (``trygg.places``), so here it
is the ``Tenant`` protocol (what accounts may rely on); the apps above places annotate their
views with ``trygg.places.tenancy.MunicipalityRequest``, the same request with the model itself.
"""

from __future__ import annotations

from typing import Any, Final, Literal, Protocol, TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from trygg.accounts.models import User

SYSTEM: Final = "system"

Actor: TypeAlias = User | Literal["system"]
"""Who does a write (the ``actor`` of every service)."""

Visitor: TypeAlias = User | AnonymousUser
"""Who asks: ``request.user`` before anyone has checked that it is logged in."""


class Tenant(Protocol):
    """A municipality as accounts sees it (the model is ``places.Municipality``)."""

    @property
    def pk(self) -> Any: ...

    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...


class TenantRequest(HttpRequest):
    """The request inside a ``@municipality_view`` (never instantiated: an annotation)."""

    user: User
    municipality: Tenant


def person_of(actor: Actor) -> User | None:
    """The user behind `actor` (for a "by" foreign key), or None when the system acts."""
    return actor if isinstance(actor, User) and actor.pk else None
