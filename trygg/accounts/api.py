"""Scoping an API request to one municipality (the tenant), from the user's memberships.

Every endpoint is scoped to one municipality, given as ``?municipality=<kommunkod>``. When it
is left out and the user belongs to exactly one municipality, that one is used. Every API view
derives from ``MunicipalityScopedMixin`` (``trygg.places.tenancy.MunicipalityAPIView`` above
places) and declares the permission it needs in ``required_permission``, as an HTML view does
with ``@municipality_view(perm)``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar, TypeAlias

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.parsers import BaseParser
from rest_framework.request import Request
from rest_framework.views import APIView

from trygg.accounts.models import User
from trygg.accounts.permissions import CATALOGUE, can
from trygg.accounts.selectors import municipalities_for, municipality_get_for
from trygg.accounts.tokens import ExpiringTokenAuthentication
from trygg.accounts.types import Tenant
from trygg.core.api import API_AUTHENTICATION_CLASSES, API_PERMISSION_CLASSES, JSONParser

_CODE_RE = re.compile(r"^\d{4}$")


MUNICIPALITY_PARAMETER = OpenApiParameter(
    name="municipality",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.QUERY,
    required=False,
    pattern=r"^\d{4}$",
    description=(
        "The municipality's four-digit code (kommunkod), e.g. 0482 for Flen. May be left out "
        "when the user belongs to exactly one municipality. A municipality the user does not "
        "belong to answers 404."
    ),
)


def resolve_municipality(request: Request) -> Tenant:
    """The municipality the request is about, checked against the user's memberships.

    Raises 400 when the municipality cannot be determined or the code is malformed, 404 when
    the user does not belong to it (never revealing whether it exists).
    """

    user = request.user
    code = request.query_params.get("municipality")
    if code is not None:
        code = code.strip()
        if not _CODE_RE.match(code):
            raise exceptions.ValidationError(
                {"municipality": [_("A municipality code has four digits.")]}
            )
        return municipality_get_for(user=user, code=code)
    candidates = municipalities_for(user)
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise exceptions.ValidationError(
            {"municipality": [_("You are not a member of any municipality.")]}
        )
    raise exceptions.ValidationError(
        {
            "municipality": [
                _(
                    "You belong to several municipalities: give one with "
                    "?municipality=<code> (the four-digit kommunkod)."
                )
            ]
        }
    )


Permissions: TypeAlias = str | tuple[str, ...]
"""One permission, or a tuple of which the user needs any one."""

PermissionDeclaration: TypeAlias = Permissions | Mapping[str, Permissions]
"""The same for every method, or per HTTP method (``{"GET": ..., "POST": ...}``)."""


def declared_permissions(
    declaration: PermissionDeclaration | None, method: str
) -> tuple[str, ...] | None:
    """The permissions (any one suffices) declared for `method`; None when none is declared."""
    method = "GET" if method.upper() == "HEAD" else method.upper()
    if isinstance(declaration, Mapping):
        declaration = declaration.get(method)
    if declaration is None:
        return None
    return (declaration,) if isinstance(declaration, str) else tuple(declaration)


class MunicipalityScopedMixin(APIView):
    """Base of the API views: token-first auth, ``self.municipality`` (resolved once) and the
    declared ``required_permission`` checked in ``initial()``.

    ``required_permission`` names catalogue permissions (``accounts.permissions.CATALOGUE``)
    held in the resolved municipality: anonymous -> 401, outside the user's municipalities ->
    404, member without the permission -> 403, all before the handler runs. Object rules
    (``report.change_own``) are about one object, so the handler checks them after its lookup.
    OPTIONS (metadata) needs no declaration; a method without a handler answers 405.
    """

    authentication_classes = [ExpiringTokenAuthentication, *API_AUTHENTICATION_CLASSES[1:]]
    permission_classes = API_PERMISSION_CLASSES
    parser_classes: list[type[BaseParser]] = [JSONParser]
    required_permission: ClassVar[PermissionDeclaration | None] = None

    @classmethod
    def permissions_for(cls, method: str) -> tuple[str, ...]:
        """What `method` requires; ImproperlyConfigured when the view declares nothing."""
        needed = declared_permissions(cls.required_permission, method)
        if not needed:
            raise ImproperlyConfigured(
                f"{cls.__name__} declares no required_permission for {method.upper()}."
            )
        unknown = [perm for perm in needed if perm not in CATALOGUE]
        if unknown:
            raise ImproperlyConfigured(
                f"{cls.__name__}.required_permission names {unknown}, which are not "
                "municipality permissions of the catalogue."
            )
        return needed

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # authentication (401), throttling
        method = (request.method or "").upper()
        handler = "get" if method == "HEAD" else method.lower()
        if method == "OPTIONS" or handler not in self.http_method_names:
            return
        if not hasattr(self, handler):
            return  # dispatch answers 405
        needed = self.permissions_for(method)
        municipality = self.municipality  # 400 / 404
        if not any(can(request.user, perm, municipality) for perm in needed):
            raise exceptions.PermissionDenied()

    @property
    def municipality(self) -> Tenant:
        cached: Tenant | None = getattr(self, "_municipality", None)
        if cached is None:
            cached = resolve_municipality(self.request)
            self._municipality = cached
        return cached

    @property
    def user(self) -> User:
        """The logged-in user (``request.user`` once authentication has passed)."""
        user = self.request.user
        if not isinstance(user, User):
            raise exceptions.NotAuthenticated()
        return user
