"""Checks shared by the meetings services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from trygg.accounts.permissions import can
from trygg.accounts.types import Actor
from trygg.core.weeks import local_date
from trygg.meetings.models import Meeting
from trygg.places.models import Municipality


def check_manage(actor: Actor, municipality: Municipality) -> None:
    if not can(actor, "meeting.manage", municipality):
        raise PermissionDenied


def check_open(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError(_("The meeting was cancelled."))
    if meeting.is_closed:
        raise ValidationError(
            _("The meeting is closed. Open the minutes for a correction to change them.")
        )


def check_not_ahead(meeting: Meeting) -> None:
    """A meeting whose day has not come cannot be marked held, have attendance or be closed."""
    day = local_date(meeting.starts_at)
    if day > timezone.localdate():
        raise ValidationError(
            _(
                "The meeting is on %(day)s and has not been held yet. Attendance can be "
                "recorded and the meeting closed from the day of the meeting."
            )
            % {"day": date_format(day, "j F Y")},
            code="ahead",
        )


def check_length(errors: dict[str, list[str]], field: str, value: str, limit: int) -> None:
    if len(value) > limit:
        errors[field] = [_("Write at most %(limit)s characters.") % {"limit": limit}]


def clean_into(
    errors: dict[str, list[str]], screen: Any, field: str, value: str | None, limit: int
) -> str:
    """`value` screened for personal data and checked for length; errors go to `errors`."""
    try:
        text: str = screen.clean(field, value)
    except ValidationError as error:
        errors[field] = error.messages
        return ""
    check_length(errors, field, text, limit)
    return text
