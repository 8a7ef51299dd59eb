"""Forms of the interventions pages. They parse; the services validate and screen."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trygg.accounts.models import Organisation
from trygg.core.forms import DateField
from trygg.interventions.choices import (
    InterventionStatus,
    InterventionType,
    InterventionVisibility,
    ReviewOutcome,
    Technique,
    Term,
)
from trygg.interventions.limits import MAX_NOTE, MAX_RESPONSIBLE, MAX_SARA_TEXT, MAX_TITLE
from trygg.places.models import Area, Municipality, Place
from trygg.reports.models import Category

CHOICE_ERRORS = {"invalid_choice": _("Choose from the list.")}


class OrganisationChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class InterventionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=MAX_TITLE,
        error_messages={"required": _("Give the intervention a title.")},
    )
    type = forms.ChoiceField(
        label=_("Type"),
        choices=InterventionType.choices,
        error_messages={"required": _("Choose a type."), **CHOICE_ERRORS},
    )
    technique = forms.ChoiceField(
        label=_("Situational-prevention technique"),
        choices=[("", _("Not given")), *Technique.choices],
        required=False,
        error_messages=CHOICE_ERRORS,
    )
    term = forms.ChoiceField(
        label=_("Term"),
        choices=Term.choices,
        widget=forms.RadioSelect,
        initial=Term.SHORT,
        error_messages={"required": _("Choose short or long term."), **CHOICE_ERRORS},
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label=_("Choose an area"),
        error_messages=CHOICE_ERRORS,
    )
    places = forms.ModelMultipleChoiceField(
        label=_("Places (optional)"),
        queryset=Place.objects.none(),
        required=False,
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from the list.")},
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories of the problem"),
        queryset=Category.objects.none(),
        required=False,
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from the list.")},
    )
    scanning = forms.CharField(
        label=_("Problem (scanning)"),
        max_length=MAX_SARA_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What is the problem, where and when? About places and situations – never about who."
        ),
    )
    analysis = forms.CharField(
        label=_("Causes (analysis)"),
        max_length=MAX_SARA_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why does it happen there? What makes the place attractive or easy?"),
    )
    response = forms.CharField(
        label=_("What is done (response)"),
        max_length=MAX_SARA_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    assessment = forms.CharField(
        label=_("How it is followed up (assessment)"),
        max_length=MAX_SARA_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What would show that it worked, and when the group looks at it."),
    )
    owner = OrganisationChoiceField(
        label=_("Owner organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label=_("Choose an organisation"),
        error_messages=CHOICE_ERRORS,
    )
    responsible = forms.CharField(
        label=_("Responsible person"),
        max_length=MAX_RESPONSIBLE,
        required=False,
        help_text=_("A name or a role, e.g. “Fältassistent, kvällsgruppen”."),
    )
    participants = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("intervention", "Participating organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from the list.")},
    )
    start_date = DateField(label=_("Start date"), required=False)
    due_date = DateField(
        label=pgettext_lazy("intervention", "Due date"),
        required=False,
        help_text=_("When the group follows it up or it should be done."),
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it"),
        choices=InterventionVisibility.choices,
        widget=forms.RadioSelect,
        initial=InterventionVisibility.PARTNERS,
        error_messages={"required": _("Choose who may see it."), **CHOICE_ERRORS},
    )

    def __init__(
        self,
        data: Any = None,
        *,
        municipality: Municipality,
        owners: list[Organisation],
        owner_fixed: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, active=True
        ).order_by("sort_order", "name")
        self.fields["places"].queryset = Place.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, active=True
        ).order_by("name")
        self.fields["categories"].queryset = Category.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, active=True
        ).order_by("sort_order", "name")
        self.fields["owner"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=[o.pk for o in owners]
        ).order_by("name")
        self.fields["participants"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, active=True
        ).order_by("name")
        if owner_fixed:
            self.fields["owner"].disabled = True


class ProgressForm(forms.Form):
    note = forms.CharField(
        label=_("What has been done"),
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write what has been done.")},
        help_text=_("About places and situations – never about who."),
    )
    hours = forms.CharField(
        label=_("Hours spent since the last update"),
        required=False,
        initial="0",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("For example 1.5 or 0.25. Zero when you only report progress."),
    )
    occurred_on = DateField(
        label=_("Date"),
        error_messages={"required": _("Give the date.")},
        initial=dt.date.today,
    )


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("The group's decision"),
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the group decided."), **CHOICE_ERRORS},
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the intervention is expanded or replaced."),
    )
    reviewed_on = DateField(
        label=_("Date of the follow-up"),
        error_messages={"required": _("Give the date.")},
        initial=dt.date.today,
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=InterventionStatus.choices,
        error_messages={"required": _("Choose a status."), **CHOICE_ERRORS},
    )


class FilterForm(forms.Form):
    """GET filters of the list. All optional; an invalid value is reported and ignored."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All statuses")),
            ("open", _("Open (not done or cancelled)")),
            *InterventionStatus.choices,
        ],
    )
    owner = OrganisationChoiceField(
        label=_("Owner organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label=_("All organisations"),
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label=_("All areas"),
    )
    due_before = DateField(label=_("Due on or before"), required=False)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def __init__(self, data: Any = None, *, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["owner"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        ).order_by("name")
        self.fields["area"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        ).order_by("sort_order", "name")


class EvaluationDesignForm(forms.Form):
    target_area = forms.ModelChoiceField(
        label=_("Target area"),
        queryset=Area.objects.none(),
        to_field_name="public_id",
        empty_label=_("Choose an area"),
        error_messages={"required": _("Choose an area from the list."), **CHOICE_ERRORS},
    )
    comparison_area = forms.ModelChoiceField(
        label=_("Comparison area"),
        queryset=Area.objects.none(),
        to_field_name="public_id",
        empty_label=_("Choose an area"),
        help_text=_("Similar level and trend as the target, and not adjacent to it."),
        error_messages={"required": _("Choose an area from the list."), **CHOICE_ERRORS},
    )
    buffer_area = forms.ModelChoiceField(
        label=_("Buffer around the target"),
        queryset=Area.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("No buffer"),
        help_text=_("Where the problem could move to: shows displacement or diffusion."),
        error_messages=CHOICE_ERRORS,
    )
    comparison_buffer_area = forms.ModelChoiceField(
        label=_("Buffer around the comparison area"),
        queryset=Area.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("No buffer"),
        error_messages=CHOICE_ERRORS,
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories counted (none = all)"),
        queryset=Category.objects.none(),
        required=False,
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from the list.")},
    )
    before_start = DateField(
        label=_("Before window starts (a Monday)"),
        error_messages={"required": _("Give the date as YYYY-MM-DD.")},
    )
    after_start = DateField(
        label=_("After window starts (a Monday)"),
        error_messages={"required": _("Give the date as YYYY-MM-DD.")},
    )
    weeks = forms.IntegerField(
        label=_("Weeks in each window"),
        min_value=1,
        max_value=104,
        error_messages={
            "required": _("Give a number of weeks from 1 to %(max)d.") % {"max": 104},
            "invalid": _("Give a number of weeks from 1 to %(max)d.") % {"max": 104},
            "min_value": _("Give a number of weeks from 1 to %(max)d.") % {"max": 104},
            "max_value": _("Give a number of weeks from 1 to %(max)d.") % {"max": 104},
        },
    )

    def __init__(self, data: Any = None, *, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        areas = Area.objects.filter(municipality=municipality).order_by("sort_order", "name")
        for name in ("target_area", "comparison_area", "buffer_area", "comparison_buffer_area"):
            self.fields[name].queryset = areas  # type: ignore[attr-defined]
        self.fields["categories"].queryset = Category.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        ).order_by("sort_order", "name")
