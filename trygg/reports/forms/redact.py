"""The coordinator's removal of a report's description or photo (reports.services.redaction)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.reports.choices import Redactable
from trygg.reports.models import Report
from trygg.reports.services.redaction import MAX_REASON


class RedactForm(forms.Form):
    what = forms.ChoiceField(label=_("What to remove"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_REASON,
        help_text=_(
            "Say why, without repeating the personal data. The reporter sees the reason and "
            "the date; the audit log keeps who removed it."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, report: Report, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = []
        if report.description:
            choices.append((Redactable.DESCRIPTION.value, Redactable.DESCRIPTION.label))
        if report.photo:
            choices.append((Redactable.PHOTO.value, Redactable.PHOTO.label))
        field = self.fields["what"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        if len(choices) == 1:
            self.initial.setdefault("what", choices[0][0])
