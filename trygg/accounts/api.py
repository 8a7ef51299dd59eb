"""Scoping an API request to one municipality (the tenant), from the user's memberships.

Every endpoint is scoped to one municipality, given as ``?municipality=<kommunkod>``. When it
is left out and the user belongs to exactly one municipality, that one is used. Every API view
derives from ``MunicipalityScopedMixin`` and declares the permission it needs.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.parsers import BaseParser, JSONParser
from rest_framework.request import Request
from rest_framework.views import APIView

from trygg.accounts.selectors import municipalities_for, municipality_get_for
from trygg.core.api import API_AUTHENTICATION_CLASSES, API_PERMISSION_CLASSES

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


def resolve_municipality(request: Request) -> Any:
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


class MunicipalityScopedMixin(APIView):
    """Base of the API views: token-first auth and ``self.municipality`` (resolved once)."""

    authentication_classes = API_AUTHENTICATION_CLASSES
    permission_classes = API_PERMISSION_CLASSES
    parser_classes: list[type[BaseParser]] = [JSONParser]

    @property
    def municipality(self) -> Any:
        cached = getattr(self, "_municipality", None)
        if cached is None:
            cached = resolve_municipality(self.request)
            self._municipality = cached
        return cached
