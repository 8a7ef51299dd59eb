"""Forms of the weekly picture: one status form per area, the pin form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trygg.core.validators import clean_text
from trygg.situation.choices import StatusLevel


class AreaStatusForm(forms.Form):
    """The status of one area (prefix = the area's public id)."""

    #: last week's decided status (AreaStatus or None), shown beside the form
    previous: Any = None
    #: the form starts with last week's status and "Unchanged" (nothing flagged this week)
    carried: bool = False

    status = forms.ChoiceField(
        label=_("Status"),
        choices=StatusLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a status.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the reason for the status.")},
        help_text=_("What the group saw and decided. No names or other personal data."),
    )

    def __init__(self, *args: Any, area: Any, picture: Any = None, **kwargs: Any) -> None:
        kwargs["prefix"] = str(area.public_id)
        super().__init__(*args, **kwargs)
        self.area = area
        self.picture = picture

    def clean_reason(self) -> str:
        try:
            return clean_text(self.cleaned_data.get("reason"))
        except ValidationError as error:
            raise ValidationError(error.messages) from error


class PinForm(forms.Form):
    report = forms.UUIDField(label=pgettext_lazy("noun", "Report"))
    week = forms.CharField(max_length=10)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    action = forms.ChoiceField(choices=[("pin", "pin"), ("unpin", "unpin")], initial="pin")
