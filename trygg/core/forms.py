"""Form pieces every app uses: putting a service's errors onto a form, and the ISO-week field."""

from __future__ import annotations

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
