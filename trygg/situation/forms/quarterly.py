"""Forms of the quarterly / tertial analysis: ratings per area and the focus decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from trygg.core.validators import clean_text

RATING_CHOICES = [
    ("1", _("1 – very small")),
    ("2", _("2 – small")),
    ("3", _("3 – moderate")),
    ("4", _("4 – large")),
    ("5", _("5 – very large")),
]


class AreaRatingForm(forms.Form):
    """The group's ability to influence one area (prefix = the area's public id)."""

    rating = forms.ChoiceField(
        label=_("Ability to influence"),
        choices=RATING_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a rating from 1 to 5."),
            "invalid_choice": _("Choose a rating from 1 to 5."),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the reason for the rating.")},
        help_text=_("Why the group can (or cannot) influence the area. No personal data."),
    )

    def __init__(self, *args: Any, area: Any, **kwargs: Any) -> None:
        kwargs["prefix"] = str(area.public_id)
        super().__init__(*args, **kwargs)
        self.area = area

    def clean_reason(self) -> str:
        try:
            text = clean_text(self.cleaned_data.get("reason"))
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        if not text:
            raise ValidationError(_("Write the reason for the rating."))
        return text


class DecisionForm(forms.Form):
    focus_count = forms.IntegerField(
        label=_("Number of focus areas"),
        min_value=1,
        error_messages={
            "required": _("Enter the number of focus areas."),
            "invalid": _("Enter a whole number."),
        },
    )
    focus_areas = forms.MultipleChoiceField(
        label=_("Focus areas"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose the focus areas."),
            "invalid_choice": _("Choose areas of this municipality."),
        },
    )
    note = forms.CharField(
        label=_("Motivation"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the motivation for the choice.")},
        help_text=_("Why these areas. No names or other personal data."),
    )

    def __init__(self, *args: Any, area_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        focus_areas, focus_count = self.fields["focus_areas"], self.fields["focus_count"]
        assert isinstance(focus_areas, forms.MultipleChoiceField)
        assert isinstance(focus_count, forms.IntegerField)
        focus_areas.choices = area_choices
        limit = max(len(area_choices), 1)
        focus_count.max_value = limit
        self.fields["focus_count"].widget.attrs.update({"min": 1, "max": limit})
        self.fields["focus_count"].validators.append(MaxValueValidator(limit))
        self.fields["focus_count"].error_messages["min_value"] = _(
            "Choose between 1 and %(n)s focus areas."
        ) % {"n": limit}
        self.fields["focus_count"].error_messages["max_value"] = _(
            "Choose between 1 and %(n)s focus areas."
        ) % {"n": limit}

    def clean_note(self) -> str:
        try:
            text = clean_text(self.cleaned_data.get("note"))
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        if not text:
            raise ValidationError(_("Write the motivation for the choice."))
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        count = data.get("focus_count")
        chosen = data.get("focus_areas")
        if count is not None and chosen is not None and len(chosen) != count:
            self.add_error(
                "focus_areas",
                _("Choose exactly %(n)s focus areas (you chose %(chosen)s).")
                % {"n": count, "chosen": len(chosen)},
            )
        return data
