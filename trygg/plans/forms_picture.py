"""Forms of the lägesbild pages. They parse; the services validate and screen."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import DateField
from trygg.places.models import Area, Municipality
from trygg.plans.choices import FigureKind, PicturePart, SourceKind
from trygg.plans.limits import (
    MAX_DIARY,
    MAX_FINDING,
    MAX_MEASURE_CODE,
    MAX_PART_TEXT,
    MAX_ROW_TEXT,
    MAX_SHORT,
    MAX_TITLE,
    MAX_YEAR,
    MIN_YEAR,
)
from trygg.plans.models import CrimePictureSource, CrimePictureVersion

CHOICE_ERRORS = {"invalid_choice": _("Choose from the list.")}


def _text(label: Any, limit: int, *, rows: int = 6, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=limit,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class PictureForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=MAX_TITLE,
        error_messages={"required": _("Give the crime picture a title.")},
        help_text=_("For example “Lägesbild över brottsligheten i Flens kommun 2024”."),
    )
    period_start = DateField(label=_("Period from"), required=True)
    period_end = DateField(label=_("Period until"), required=True)
    summary = _text(_("Summary"), MAX_ROW_TEXT, rows=3)
    part_mapping = _text(
        _("1. Mapping of crime, its extent and consequences"),
        MAX_PART_TEXT,
        rows=10,
        help_text=_("What crime there is, how much, where and when, and what it leads to."),
    )
    part_other = _text(
        _("2. Other relevant information"),
        MAX_PART_TEXT,
        rows=8,
        help_text=_("For example school, social services, rescue services, housing companies."),
    )
    part_analysis = _text(
        _("3. Analysis"),
        MAX_PART_TEXT,
        rows=10,
        help_text=_("Causes and connections: why the problems arise where they do."),
    )
    position_on_measures = _text(
        _("Position on the need for measures"),
        MAX_PART_TEXT,
        rows=6,
        help_text=_("What the municipality concludes; the action plan answers it."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data


class ChangeNoteForm(forms.Form):
    change_note = forms.CharField(
        label=_("What changes in this version"),
        max_length=MAX_ROW_TEXT,
        error_messages={"required": _("Say what changes in the new version.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SourceForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of source"), choices=SourceKind.choices, error_messages=CHOICE_ERRORS
    )
    name = forms.CharField(
        label=_("Source"),
        max_length=MAX_SHORT,
        error_messages={"required": _("Name the source.")},
        help_text=_("For example “Brå, anmälda brott per kommun”."),
    )
    period = forms.CharField(
        label=_("Period"),
        max_length=MAX_SHORT,
        required=False,
        help_text=_("For example “2020–2024”."),
    )
    why_chosen = _text(_("Why it was chosen"), MAX_ROW_TEXT, rows=3)
    limitations = _text(_("Limitations"), MAX_ROW_TEXT, rows=3)


class FigureForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Figure"), choices=FigureKind.choices, error_messages=CHOICE_ERRORS
    )
    part = forms.TypedChoiceField(
        label=_("Part"),
        choices=PicturePart.choices,
        coerce=int,
        initial=PicturePart.MAPPING,
        error_messages=CHOICE_ERRORS,
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        help_text=_("Empty: the last year of the period."),
        error_messages={
            "invalid": _("Give a year as four digits."),
            "min_value": _("Give a year between 1950 and 2100."),
            "max_value": _("Give a year between 1950 and 2100."),
        },
    )
    measure_code = forms.ChoiceField(
        label=_("Imported series"),
        required=False,
        choices=[],
        help_text=_("Only for “Reported crimes over the years”."),
        error_messages=CHOICE_ERRORS,
    )
    caption = forms.CharField(label=_("Caption"), max_length=MAX_SHORT, required=False)
    source = forms.ModelChoiceField(
        label=_("Source in the register"),
        queryset=CrimePictureSource.objects.none(),
        required=False,
        empty_label=_("The figure's own source"),
        help_text=_("Shown as “Källa: …” under the figure."),
        error_messages=CHOICE_ERRORS,
    )

    def __init__(
        self,
        *args: Any,
        version: CrimePictureVersion,
        series: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = version.sources.order_by("position", "id")  # type: ignore[attr-defined]
        self.fields["measure_code"].choices = [("", "–"), *series]  # type: ignore[attr-defined]
        self.fields["measure_code"].max_length = MAX_MEASURE_CODE  # type: ignore[attr-defined]


class FindingForm(forms.Form):
    text = forms.CharField(
        label=_("Finding"),
        max_length=MAX_FINDING,
        error_messages={"required": _("Write the finding.")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("The whole municipality"),
        error_messages=CHOICE_ERRORS,
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, active=True
        ).order_by("name")


class DecideForm(forms.Form):
    deciding_body = forms.CharField(
        label=_("Deciding body"),
        max_length=MAX_SHORT,
        initial="Kommunfullmäktige",
        error_messages={"required": _("Name the body that decided it.")},
    )
    decision_date = DateField(label=_("Decision date"), required=True)
    diary_number = forms.CharField(
        label=_("Diary number"),
        max_length=MAX_DIARY,
        help_text=_("For example “KS 2025/41”."),
        error_messages={"required": _("Give the diary number (diarienummer).")},
    )
    paragraph = forms.CharField(
        label=_("Paragraph"),
        max_length=MAX_DIARY,
        help_text=_("For example “§ 28”."),
        error_messages={"required": _("Give the paragraph of the minutes (§).")},
    )
