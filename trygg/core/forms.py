"""Form pieces every app uses: putting a service's errors onto a form, the ISO-week field and
the date field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from trygg.core.weeks import MAX_YEAR, MIN_YEAR, IsoWeek, WeekOutOfRange


def add_service_errors(
    form: forms.Form,
    error: ValidationError,
    *,
    field_map: Mapping[str, str] | None = None,
    default_field: str | None = None,
) -> None:
    """Put a service's ValidationError onto `form`: field errors next to their fields (service
    field names mapped through `field_map`), the rest as non-field errors (or on
    `default_field` when given)."""
    field_map = field_map or {}
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            target: str | None = field_map.get(name, name)
            if target not in form.fields:
                target = default_field if default_field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        fallback = default_field if default_field in form.fields else None
        for message in error.messages:
            form.add_error(fallback, message)


class WeekInput(forms.TextInput):
    """<input type="week">; browsers without a week picker show a text box ("2025-W07")."""

    input_type = "week"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"placeholder": "2025-W07", "pattern": r"\d{4}-W\d{1,2}", "autocomplete": "off"}
        base.update(attrs or {})
        super().__init__(base)


class WeekField(forms.CharField):
    default_error_messages = {
        "invalid": _("Enter a week as year and week number, for example 2025-W07."),
        "out_of_range": _("Give a week between %(first)s and %(last)s."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", WeekInput())
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> IsoWeek | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return IsoWeek.parse(text)
        except WeekOutOfRange:
            raise forms.ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={"first": MIN_YEAR, "last": MAX_YEAR},
            ) from None
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


#: what looks like a date in the ISO form (year-month-day), whether or not the day exists
_DATE_SHAPE = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}\s*$")


class DateInput(forms.DateInput):
    """<input type="date"> with the ISO value browsers expect."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    """A date given as YYYY-MM-DD (the browser's date picker sends that). Input that has the
    shape of a date but names a day that does not exist (2026-02-30, 2026-13-01) is told so,
    rather than being asked for the format it already has."""

    widget = DateInput
    default_error_messages = {
        "invalid": _("Give the date as YYYY-MM-DD."),
        "nonexistent": _("The date does not exist – check the day and the month."),
    }

    def to_python(self, value: Any) -> dt.date | None:
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            if (
                getattr(error, "code", None) == "invalid"
                and isinstance(value, str)
                and _DATE_SHAPE.match(value)
            ):
                raise forms.ValidationError(
                    self.error_messages["nonexistent"], code="nonexistent"
                ) from None
            raise
