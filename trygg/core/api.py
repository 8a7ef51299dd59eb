"""API glue shared by all apps: authentication order, pagination, bounded date-times, week
parameters, and Django ValidationError -> 400 in the user's language.

Scoping a request to a municipality (the tenant) lives in ``trygg.accounts.api``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.authentication import (
    BaseAuthentication,
    SessionAuthentication,
    TokenAuthentication,
)
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import JSONParser as DRFJSONParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from trygg.core.weeks import MAX_YEAR, MIN_YEAR, IsoWeek, WeekOutOfRange

RANGE = {"first": MIN_YEAR, "last": MAX_YEAR}

#: Token first, so that an anonymous request gets 401 with ``WWW-Authenticate: Token``
#: (DRF takes the challenge from the first class; SessionAuthentication has none -> 403).
API_AUTHENTICATION_CLASSES: list[type[BaseAuthentication]] = [
    TokenAuthentication,
    SessionAuthentication,
]
API_PERMISSION_CLASSES: list[type[BasePermission]] = [IsAuthenticated]


class JSONParser(DRFJSONParser):
    """DRF's JSON parser, with JSON nested deeper than Python's recursion limit answered as a
    parse error (400) instead of a RecursionError (500)."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise exceptions.ParseError(_("The JSON is nested too deeply to be read.")) from error


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


def parse_week_param(value: str | None, field: str) -> IsoWeek | None:
    """An ISO week such as ``2025-W07``; None when empty; 400 with a field error otherwise."""
    if value is None or not str(value).strip():
        return None
    try:
        return IsoWeek.parse(str(value))
    except WeekOutOfRange as error:
        raise exceptions.ValidationError(
            {field: [_("Give a week between %(first)s and %(last)s.") % RANGE]}
        ) from error
    except ValueError as error:
        raise exceptions.ValidationError(
            {field: [_("Give the week as year and week number, e.g. 2025-W07.")]}
        ) from error


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail: Any = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
        else:
            detail = {"non_field_errors": [str(m) for m in exc.messages]}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)
