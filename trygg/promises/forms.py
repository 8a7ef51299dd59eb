"""Forms of the promises pages. They parse; the services validate and screen."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trygg.accounts.models import Organisation
from trygg.core.forms import DateField
from trygg.interventions.models import Intervention
from trygg.places.models import Area, Municipality
from trygg.promises.choices import (
    BasisKind,
    IndicatorType,
    Measure,
    Party,
    Rating,
    TargetDirection,
)
from trygg.promises.limits import (
    MAX_ITEM_TEXT,
    MAX_NAME,
    MAX_NOTE,
    MAX_SHORT,
    MAX_TEXT,
    MAX_TITLE,
    MAX_YEAR,
    MIN_YEAR,
)
from trygg.promises.models import Agreement
from trygg.reports.models import Category

CHOICE_ERRORS = {"invalid_choice": _("Choose from the list.")}
YEAR_ERRORS = {
    "required": _("Give the year."),
    "invalid": _("Give a year as four digits."),
    "min_value": _("Give a year between 2000 and 2100."),
    "max_value": _("Give a year between 2000 and 2100."),
}


class NamedChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(getattr(obj, "name", None) or getattr(obj, "title", None) or obj)


class CategoryChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class NamedMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(getattr(obj, "name", None) or getattr(obj, "title", None) or obj)


def _year(label: Any, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=MIN_YEAR, max_value=MAX_YEAR, error_messages=YEAR_ERRORS, **kwargs
    )


class PromiseVersionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=MAX_TITLE,
        error_messages={"required": _("Give the promise a title.")},
    )
    scope = forms.CharField(
        label=_("Geographic scope"),
        max_length=MAX_SHORT,
        required=False,
        help_text=_("For example “Flen’s station area and centrum”."),
    )
    areas = NamedMultipleChoiceField(
        label=_("Areas"),
        queryset=Area.objects.none(),
        required=False,
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        error_messages=CHOICE_ERRORS,
    )
    agreement = NamedChoiceField(
        label=_("Collaboration agreement"),
        queryset=Agreement.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label=_("None"),
        error_messages=CHOICE_ERRORS,
    )
    situation = forms.CharField(
        label=_("Situational picture"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A short picture of the problems the promise answers, for residents to read."),
    )
    goals = forms.CharField(
        label=_("Goals"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, data: Any = None, *, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["areas"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, active=True
        ).order_by("name")
        choices: Any = Agreement.objects.filter(municipality=municipality).order_by("-created_at")
        self.fields["agreement"].queryset = choices  # type: ignore[attr-defined]
        self.fields["agreement"].label_from_instance = _agreement_label  # type: ignore[attr-defined]


def _agreement_label(agreement: Agreement) -> str:
    version = agreement.versions.order_by("-number").first()
    if version is None:
        return str(agreement.public_id)
    return f"{version.title} ({version.period_start:%Y}–{version.period_end:%Y})"


class PromiseCreateForm(PromiseVersionForm):
    first_year = _year(_("First year"))
    last_year = _year(
        _("Last year"), help_text=_("The same as the first year for a one-year promise.")
    )

    field_order = [
        "first_year",
        "last_year",
        "title",
        "scope",
        "areas",
        "agreement",
        "situation",
        "goals",
    ]


class ChangeNoteField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("What changes in this version"),
            max_length=MAX_NOTE,
            widget=forms.Textarea(attrs={"rows": 2}),
            error_messages={"required": _("Say what changes in the new version.")},
            **kwargs,
        )


class NewVersionForm(forms.Form):
    change_note = ChangeNoteField()


class DraftNoteForm(forms.Form):
    change_note = ChangeNoteField(required=False)


class NextPromiseForm(forms.Form):
    first_year = _year(_("First year"))
    last_year = _year(_("Last year"))


class StatusForm(forms.Form):
    status = forms.CharField(max_length=20)


class ItemForm(forms.Form):
    text = forms.CharField(
        label=_("Promise"),
        max_length=MAX_ITEM_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write what is promised.")},
        help_text=_("As residents will read it: “At least two safety walks, one in the evening”."),
    )
    responsible = forms.ChoiceField(
        label=_("Responsible"),
        choices=Party.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who is responsible."), **CHOICE_ERRORS},
    )
    partner = NamedChoiceField(
        label=_("Partner"),
        queryset=Organisation.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label=_("Choose an organisation"),
        error_messages=CHOICE_ERRORS,
        help_text=_("Only when a named partner is responsible."),
    )
    indicator_type = forms.ChoiceField(
        label=_("Indicator"),
        choices=IndicatorType.choices,
        initial=IndicatorType.DONE,
        error_messages=CHOICE_ERRORS,
    )
    measure = forms.ChoiceField(
        label=_("Progress from"),
        choices=Measure.choices,
        required=False,
        error_messages=CHOICE_ERRORS,
        help_text=_("Where Trygg holds the data, the progress is counted from it, not typed in."),
    )
    category = CategoryChoiceField(
        label=_("Category counted"),
        queryset=Category.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label=_("Choose a category"),
        error_messages=CHOICE_ERRORS,
    )
    area = NamedChoiceField(
        label=_("In the area"),
        queryset=Area.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label=_("The whole municipality"),
        error_messages=CHOICE_ERRORS,
    )
    programme = NamedChoiceField(
        label=_("Programme"),
        queryset=Intervention.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label=_("Choose a programme"),
        error_messages=CHOICE_ERRORS,
        help_text=_("An intervention with a schedule (Trygg vuxen, night walking …)."),
    )
    baseline = forms.CharField(label=_("Baseline"), max_length=20, required=False)
    target_direction = forms.ChoiceField(
        label=_("Target"),
        choices=[("", "–"), *TargetDirection.choices],
        required=False,
        error_messages=CHOICE_ERRORS,
    )
    target_value = forms.CharField(label=_("Target value"), max_length=20, required=False)
    target_text = forms.CharField(
        label=_("Target in words"),
        max_length=MAX_SHORT,
        required=False,
        help_text=_(
            "For example “4 of 4 walks held” or “fewer reports of vandalism than in 2024”."
        ),
    )
    deadline = DateField(label=_("Deadline"), required=False)
    interventions = NamedMultipleChoiceField(
        label=_("Interventions that deliver it"),
        queryset=Intervention.objects.none(),
        required=False,
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        error_messages=CHOICE_ERRORS,
    )

    def __init__(
        self,
        data: Any = None,
        *,
        municipality: Municipality,
        police_only: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        f = self.fields
        f["partner"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.filter(municipality=municipality, active=True)
            .exclude(type__in=PARTY_TYPES)
            .order_by("name")
        )
        f["category"].queryset = Category.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, active=True
        ).order_by("sort_order", "name")
        f["area"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, active=True
        ).order_by("name")
        interventions = Intervention.objects.filter(municipality=municipality).order_by("title")
        f["interventions"].queryset = interventions  # type: ignore[attr-defined]
        f["programme"].queryset = interventions.filter(  # type: ignore[attr-defined]
            slots__isnull=False
        ).distinct()
        if police_only:
            f["responsible"].choices = [  # type: ignore[attr-defined]
                (value, label) for value, label in Party.choices if value in ("police", "both")
            ]


class BasisForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Source"), choices=BasisKind.choices, error_messages=CHOICE_ERRORS
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    annual_year = forms.IntegerField(
        label=_("Link to the annual view of the year"),
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages=YEAR_ERRORS,
        help_text=_("Only for the EST picture: the annual view the promise rests on."),
    )


#: organisations that are a party themselves (the police, the kommun's own units): an item or
#: activity of theirs names "the police" or "the municipality", not a named partner
PARTY_TYPES = ("police", "municipal")


class ActivityForm(forms.Form):
    text = forms.CharField(
        label=_("Activity"),
        max_length=MAX_ITEM_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Describe the activity.")},
    )
    responsible = forms.ChoiceField(
        label=_("Responsible"), choices=Party.choices, error_messages=CHOICE_ERRORS
    )
    partner = NamedChoiceField(
        label=_("Partner"),
        queryset=Organisation.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label=_("Choose an organisation"),
        error_messages=CHOICE_ERRORS,
    )
    when = forms.CharField(label=_("When"), max_length=MAX_SHORT, required=False)
    item = forms.TypedChoiceField(
        label=_("For the promise item"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages=CHOICE_ERRORS,
    )

    def __init__(
        self, data: Any = None, *, municipality: Municipality, items: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        self.fields["partner"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.filter(municipality=municipality, active=True)
            .exclude(type__in=PARTY_TYPES)
            .order_by("name")
        )
        self.fields["item"].choices = [  # type: ignore[attr-defined]
            ("", "–"),
            *[(item.pk, f"{n}. {item.text[:60]}") for n, item in enumerate(items, 1)],
        ]


class RoundForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=MAX_TITLE,
        error_messages={"required": _("Give the follow-up a title, e.g. “Uppföljning 2024”.")},
    )
    as_of = DateField(label=_("Reported as of"))


class ReportForm(forms.Form):
    done = forms.CharField(
        label=_("What was done"),
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what was done.")},
    )
    outcome = forms.CharField(
        label=_("Outcome against the target"),
        max_length=MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    value = forms.CharField(label=_("Value reached"), max_length=20, required=False)
    rating = forms.ChoiceField(
        label=_("Assessment"),
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose green, yellow or red."), **CHOICE_ERRORS},
    )


class SignOffForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=MAX_NAME,
        error_messages={"required": _("Give the name of the person signing off.")},
    )
    title = forms.CharField(
        label=pgettext_lazy("person", "Title"),
        max_length=MAX_NAME,
        error_messages={"required": _("Give the title of the person signing off.")},
        help_text=_("Shown on the public page with the name, e.g. “Lokalpolisområdeschef”."),
    )


# --- agreements -----------------------------------------------------------------------------


class AgreementForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=MAX_TITLE,
        error_messages={"required": _("Give the agreement a title.")},
    )
    period_start = DateField(label=_("Valid from"))
    period_end = DateField(label=_("Valid until"))
    focus_areas = forms.CharField(
        label=_("Focus areas"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One focus area per line."),
        error_messages={"required": _("Name at least one focus area.")},
    )
    summary = forms.CharField(
        label=_("Public summary"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the public pages once the agreement is signed."),
    )

    def clean(self) -> dict[str, Any]:
        """The period is checked here as well as in the service, so that its error shows
        together with those of the parties and signatories."""
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end <= start:
            self.add_error("period_end", _("The end must come after the start."))
        return data


class PartyForm(forms.Form):
    name = forms.CharField(label=_("Party"), max_length=MAX_NAME, required=False)
    organisation = NamedChoiceField(
        label=_("Organisation in Trygg"),
        queryset=Organisation.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label=_("None"),
        error_messages=CHOICE_ERRORS,
    )
    resources = forms.CharField(
        label=_("Resources guaranteed"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, active=True
        ).order_by("name")

    def clean(self) -> dict[str, Any]:
        """A row in use needs a name (or an organisation, whose name it then takes); the error
        is shown at the field, not only in the summary."""
        data = super().clean() or {}
        used = any(data.get(k) for k in ("name", "organisation", "resources"))
        if used and not data.get("name") and not data.get("organisation"):
            self.add_error("name", _("Name the party."))
        return data


class SignatoryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=MAX_NAME, required=False)
    title = forms.CharField(
        label=pgettext_lazy("person", "Title"), max_length=MAX_NAME, required=False
    )
    party = forms.CharField(
        label=pgettext_lazy("signatory", "For"), max_length=MAX_NAME, required=False
    )
    signed_on = DateField(label=_("Signed on"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any(data.get(k) for k in ("name", "title", "party", "signed_on")):
            if not data.get("name") and "name" not in self.errors:
                self.add_error("name", _("Give the signatory's name."))
            if not data.get("title") and "title" not in self.errors:
                self.add_error("title", _("Give the signatory's title."))
        return data


PartyFormSet = forms.formset_factory(PartyForm, extra=0, max_num=10, absolute_max=10)
SignatoryFormSet = forms.formset_factory(SignatoryForm, extra=0, max_num=10, absolute_max=10)


class DocumentForm(forms.Form):
    document = forms.FileField(
        label=_("Signed agreement (PDF)"),
        error_messages={
            "required": _("Choose the PDF file of the signed agreement."),
            "empty": _("The file is empty."),
            "invalid": _("Choose the PDF file of the signed agreement."),
        },
    )
