"""Forms of the åtgärdsplan pages. They parse; the services validate and screen."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trygg.accounts.models import Organisation
from trygg.core.forms import DateField
from trygg.interventions.models import Intervention
from trygg.places.models import Municipality
from trygg.plans.limits import MAX_DIARY, MAX_ROW_TEXT, MAX_SHORT, MAX_TITLE
from trygg.plans.models import ActionPlan, CrimePicture
from trygg.plans.selectors.action_plan import decided_pictures
from trygg.plans.services.action_plan import allowed_findings
from trygg.promises.choices import Rating

CHOICE_ERRORS = {"invalid_choice": _("Choose from the list.")}
MULTI_ERRORS = {
    "invalid_choice": _("Choose from the list."),
    "invalid_pk_value": _("Choose from the list."),
    "invalid_list": _("Choose from the list."),
}


def _text(label: Any, limit: int, *, rows: int = 3, required: bool = True, **kwargs: Any) -> Any:
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class PictureChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        versions = getattr(obj, "decided_versions", None) or []
        return str(versions[-1].title if versions else obj)


class NamedChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(getattr(obj, "name", None) or obj)


class FindingsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.position + 1}. {obj.text}"


class TitledMultipleField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(getattr(obj, "title", None) or obj)


class ActionPlanForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=MAX_TITLE,
        error_messages={"required": _("Give the action plan a title.")},
    )
    period_start = DateField(label=_("Period from"), error_messages={"required": _("Give a date.")})
    period_end = DateField(label=_("Period until"), error_messages={"required": _("Give a date.")})
    summary = _text(_("Summary"), MAX_ROW_TEXT, rows=4, required=False)
    renewal_years = forms.IntegerField(
        label=_("Renewed every (years)"),
        min_value=1,
        max_value=10,
        help_text=_("Brå advises renewing the action plan every two years."),
        error_messages={
            "required": _("Give a whole number of years."),
            "invalid": _("Give a whole number of years."),
            "min_value": _("Give between 1 and 10 years."),
            "max_value": _("Give between 1 and 10 years."),
        },
    )

    def __init__(
        self,
        *args: Any,
        municipality: Municipality,
        with_picture: bool = False,
        with_note: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if with_picture:
            self.fields["crime_picture"] = PictureChoiceField(
                label=_("Crime picture it answers"),
                queryset=decided_pictures(municipality),
                required=False,
                help_text=_("A decided crime picture; its findings can be linked to the rows."),
                error_messages=CHOICE_ERRORS,
            )
        if with_note:
            self.fields["change_note"] = _text(
                _("What changes in this version"), MAX_ROW_TEXT, rows=2
            )


class RowForm(forms.Form):
    cause = _text(_("Cause"), MAX_ROW_TEXT, help_text=_("The problem or cause the row answers."))
    measure = _text(_("Action"), MAX_ROW_TEXT, help_text=_("What will be done."))
    operational_goal = _text(
        _("Operational goal"),
        MAX_ROW_TEXT,
        help_text=_("What shall be reached, so it can be checked."),
    )
    when_text = forms.CharField(
        label=_("When"), max_length=MAX_SHORT, help_text=_("E.g. “Hösten 2025” or “Varje fredag”.")
    )
    due_date = DateField(label=_("Due date"), required=False)
    who_text = forms.CharField(label=_("Who"), max_length=MAX_SHORT)
    organisation = NamedChoiceField(
        label=_("Responsible organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Its members report the row's follow-up."),
        error_messages=CHOICE_ERRORS,
    )
    follow_up = _text(_("How it is followed up"), MAX_ROW_TEXT, rows=2, required=False)

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org_field = self.fields["organisation"]
        assert isinstance(org_field, forms.ModelChoiceField)
        org_field.queryset = Organisation.objects.filter(
            municipality=plan.municipality, active=True
        ).order_by("name")
        findings = allowed_findings(plan)
        if findings.exists():
            self.fields["findings"] = FindingsField(
                label=_("Findings of the crime picture it answers"),
                queryset=findings,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                error_messages=MULTI_ERRORS,
            )
        interventions = Intervention.objects.filter(municipality=plan.municipality).order_by(
            "title"
        )
        if interventions.exists():
            self.fields["interventions"] = TitledMultipleField(
                label=_("Interventions that carry it out"),
                queryset=interventions,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                error_messages=MULTI_ERRORS,
            )


class DecideForm(forms.Form):
    deciding_body = forms.CharField(
        label=_("Deciding body"),
        max_length=MAX_SHORT,
        help_text=_("E.g. Kommunstyrelsen or Kommunfullmäktige."),
        error_messages={"required": _("Name the body that decided, e.g. Kommunstyrelsen.")},
    )
    decision_date = DateField(
        label=_("Decision date"), error_messages={"required": _("Give a date.")}
    )
    diary_number = forms.CharField(
        label=_("Diary number"),
        max_length=MAX_DIARY,
        error_messages={"required": _("Give the diary number (diarienummer).")},
    )
    paragraph = forms.CharField(
        label=_("Paragraph"),
        max_length=MAX_DIARY,
        error_messages={"required": _("Give the paragraph of the minutes, e.g. “§ 45”.")},
    )


class NewVersionForm(forms.Form):
    change_note = _text(
        _("What changes in this version"),
        MAX_ROW_TEXT,
        rows=2,
        error_messages={"required": _("Say what the new version changes.")},
    )


class RoundForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=MAX_TITLE,
        error_messages={
            "required": _("Give the follow-up a title, e.g. “Uppföljning hösten 2025”.")
        },
    )
    as_of = DateField(label=_("Followed up as of"), error_messages={"required": _("Give a date.")})


class RowReportForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (
                Rating.GREEN,
                format_lazy("● {} – {}", pgettext_lazy("rating", "Green"), Rating.GREEN.label),
            ),
            (
                Rating.YELLOW,
                format_lazy("◐ {} – {}", pgettext_lazy("rating", "Yellow"), Rating.YELLOW.label),
            ),
            (
                Rating.RED,
                format_lazy("○ {} – {}", pgettext_lazy("rating", "Red"), Rating.RED.label),
            ),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose green, yellow or red."), **CHOICE_ERRORS},
    )
    note = _text(
        _("Note"),
        MAX_ROW_TEXT,
        rows=2,
        required=False,
        help_text=_("What was done; for yellow or red, what is late or missing."),
    )


class CompleteForm(forms.Form):
    summary = _text(_("Summary of the follow-up"), MAX_ROW_TEXT, rows=3, required=False)


def picture_of(form: ActionPlanForm) -> CrimePicture | None:
    value = form.cleaned_data.get("crime_picture")
    return value if isinstance(value, CrimePicture) else None
