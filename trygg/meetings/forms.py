"""Forms of the meetings pages. Text is screened by the services; the forms parse and resolve."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.accounts.models import Organisation
from trygg.core.forms import DateField
from trygg.meetings import limits
from trygg.meetings.choices import SINGLE_KINDS, Cadence, DecisionKind, MeetingKind, Presence
from trygg.meetings.models import AgendaItem, Meeting
from trygg.places.models import Area, Municipality, Place
from trygg.situation.choices import StatusLevel

WEEKDAYS = [
    (1, _("Monday")),
    (2, _("Tuesday")),
    (3, _("Wednesday")),
    (4, _("Thursday")),
    (5, _("Friday")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


def _organisations(municipality: Municipality) -> Any:
    return Organisation.objects.filter(municipality=municipality, active=True).order_by("name")


def _areas(municipality: Municipality) -> Any:
    return Area.objects.filter(municipality=municipality, active=True).order_by(
        "sort_order", "name"
    )


class SeriesForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=limits.NAME_MAX, initial=_("EST meeting"))
    cadence = forms.ChoiceField(label=_("How often"), choices=Cadence.choices)
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=WEEKDAYS, coerce=int, initial=2)
    start_time = forms.TimeField(label=_("Time"), widget=TimeInput(), initial=dt.time(9, 0))
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=5, max_value=600, initial=30
    )
    first_date = DateField(label=_("First meeting on or after"), widget=DateInput())
    place = forms.CharField(label=_("Place or link"), max_length=limits.PLACE_MAX, required=False)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Participating organisations"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    count = forms.IntegerField(
        label=_("Meetings to schedule now"),
        min_value=1,
        max_value=limits.SCHEDULE_MAX,
        initial=8,
        help_text=_("Scheduling again later adds only the meetings that do not exist yet."),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = _organisations(municipality)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of meeting"),
        choices=[(k.value, k.label) for k in SINGLE_KINDS],
    )
    title = forms.CharField(label=_("Title"), max_length=limits.NAME_MAX)
    day = DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Time"), widget=TimeInput(), initial=dt.time(13, 0))
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=5, max_value=600, initial=60
    )
    place = forms.CharField(label=_("Place or link"), max_length=limits.PLACE_MAX, required=False)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Participating organisations"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = _organisations(municipality)


class AttendanceForm(forms.Form):
    """One select per participating organisation (field name = the organisation's id)."""

    prefix = "attendance"

    def __init__(
        self, *args: Any, organisations: list[Organisation], current: dict[int, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.public_id): o for o in organisations}
        for key, organisation in self.organisations.items():
            self.fields[key] = forms.ChoiceField(
                label=organisation.name,
                choices=Presence.choices,
                initial=current.get(organisation.pk, Presence.PRESENT),
            )

    def presence(self) -> dict[Organisation, str]:
        return {self.organisations[k]: v for k, v in self.cleaned_data.items()}


class ItemAddForm(forms.Form):
    prefix = "add"
    title = forms.CharField(label=_("New agenda item"), max_length=limits.NAME_MAX)
    internal = forms.BooleanField(
        label=_("Internal (left out of the minutes for outside the core group)"), required=False
    )


class ItemForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        max_length=limits.NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    internal = forms.BooleanField(label=_("Internal"), required=False)
    done = forms.BooleanField(
        label=_("Dealt with (otherwise carried over to the next meeting)"), required=False
    )

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        kwargs["prefix"] = f"item-{item.public_id}"
        kwargs.setdefault(
            "initial", {"note": item.note, "internal": item.internal, "done": item.done}
        )
        super().__init__(*args, **kwargs)
        self.item = item


class ItemChoiceField(forms.ModelChoiceField[AgendaItem]):
    def label_from_instance(self, obj: AgendaItem) -> str:
        return f"{obj.order}. {obj.label}"


class DecisionForm(forms.Form):
    prefix = "decision"
    kind = forms.ChoiceField(label=_("Kind of decision"), choices=DecisionKind.choices)
    text = forms.CharField(
        label=_("Decision"),
        max_length=limits.DECISION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    item = ItemChoiceField(
        label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("Responsible organisation"), queryset=Organisation.objects.none(), required=False
    )
    due_date = DateField(label=_("Due date"), widget=DateInput(), required=False)
    intervention_title = forms.CharField(
        label=_("Title of the intervention"),
        max_length=limits.NAME_MAX,
        required=False,
        help_text=_("For a new intervention: it needs an owner organisation and a due date."),
    )
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none(), required=False)
    status = forms.ChoiceField(
        label=_("Status for the coming week"),
        choices=[("", "–"), *StatusLevel.choices],
        required=False,
    )
    focus_areas = forms.ModelMultipleChoiceField(
        label=_("Focus areas for next week"),
        queryset=Area.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    hot_spots = forms.ModelMultipleChoiceField(
        label=_("Hot spots next week"),
        queryset=Place.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    tell_whom = forms.CharField(label=_("Tell whom"), max_length=limits.NAME_MAX, required=False)
    tell_what = forms.CharField(
        label=_("What to tell"),
        max_length=limits.DECISION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    internal = forms.BooleanField(label=_("Internal"), required=False)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality = meeting.municipality
        querysets = {
            "item": meeting.items.order_by("order", "id"),
            "organisation": _organisations(municipality),
            "area": _areas(municipality),
            "focus_areas": _areas(municipality),
            "hot_spots": Place.objects.filter(municipality=municipality, active=True)
            .select_related("area")
            .order_by("area__sort_order", "area__name", "name"),
        }
        for name, queryset in querysets.items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset


class ReopenForm(forms.Form):
    prefix = "reopen"
    correction_reason = forms.CharField(
        label=_("Why are the minutes corrected?"),
        max_length=limits.DECISION_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RiskDayForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=limits.NAME_MAX)
    first_day = DateField(label=_("First day"), widget=DateInput())
    last_day = DateField(
        label=_("Last day"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty for a single day."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=limits.NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RiskCalendarForm(forms.Form):
    sportlov_week = forms.IntegerField(
        label=_("Winter sports holiday (sportlov), week"), min_value=1, max_value=52
    )
    school_end_week = forms.IntegerField(
        label=_("End of the school year (skolavslutning), Friday of week"),
        min_value=1,
        max_value=52,
    )


KIND_LABELS = dict(MeetingKind.choices)
