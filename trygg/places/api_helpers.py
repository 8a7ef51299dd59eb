"""Shared pieces of the REST API: authentication order, municipality scoping, week parsing.

Every endpoint is scoped to one municipality (the tenant), given as ``?municipality=<kommunkod>``.
When it is left out and the user belongs to exactly one municipality, that one is used.

Domain apps are imported lazily inside the functions so that ``trygg.core`` keeps no import-time
dependency on them.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, serializers
from rest_framework.authentication import (
    BaseAuthentication,
    SessionAuthentication,
    TokenAuthentication,
)
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import BaseParser, JSONParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.views import APIView

from trygg.core.weeks import IsoWeek
from trygg.places.selectors import municipalities_for, municipality_get_for

#: Token first, so that an anonymous request gets 401 with ``WWW-Authenticate: Token``
#: (DRF takes the challenge from the first class; SessionAuthentication has none -> 403).
API_AUTHENTICATION_CLASSES: list[type[BaseAuthentication]] = [
    TokenAuthentication,
    SessionAuthentication,
]
API_PERMISSION_CLASSES: list[type[BasePermission]] = [IsAuthenticated]

_CODE_RE = re.compile(r"^\d{4}$")


class ApiPagination(LimitOffsetPagination):
    """``?limit=&offset=`` with an upper bound: an unbounded limit reaches the database as
    ``LIMIT <huge>`` (PostgreSQL: "bigint out of range" -> 500)."""

    max_limit = 1000


class BoundedDateTimeField(serializers.DateTimeField):
    """A DateTimeField that answers 400 for naive times at the edge of the calendar.

    DRF catches the overflow only for times with an offset; a naive ``0001-01-01T00:00``
    made aware in Europe/Stockholm overflows when checked against UTC (-> 500).
    """

    def enforce_timezone(self, value: Any) -> Any:
        try:
            return super().enforce_timezone(value)
        except OverflowError:
            self.fail("overflow")


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


def parse_week_param(value: str | None, field: str) -> IsoWeek | None:
    """An ISO week such as ``2025-W07``; None when empty; 400 with a field error otherwise."""
    if value is None or not str(value).strip():
        return None
    try:
        return IsoWeek.parse(str(value))
    except ValueError as error:
        raise exceptions.ValidationError(
            {field: [_("Give the week as year and week number, e.g. 2025-W07.")]}
        ) from error
