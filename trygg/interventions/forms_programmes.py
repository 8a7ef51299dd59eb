"""Forms of programmes on a schedule: a time in the schedule, and a session as recorded on a
phone (with up to three observations that become EST reports). They parse; the services
validate and screen."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import DateField
from trygg.interventions.choices import SessionStatus, Weekday
from trygg.interventions.forms import CHOICE_ERRORS
from trygg.interventions.limits import (
    MAX_NOTE,
    MAX_OBSERVATION_TEXT,
    MAX_SESSION_OBSERVATIONS,
    MAX_SESSION_PARTICIPANTS,
)
from trygg.interventions.models import ProgrammeSlot
from trygg.places.models import Place
from trygg.reports.choices import Impact
from trygg.reports.models import Category

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
TIME_ERRORS = {"invalid": _("Give the time as HH:MM, for example 20:00.")}


class PlaceChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PlacesField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class SlotForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Weekday"),
        choices=Weekday.choices,
        coerce=int,
        error_messages={"required": _("Choose a weekday."), **CHOICE_ERRORS},
    )
    starts_at = forms.TimeField(
        label=_("Starts at"),
        widget=TIME,
        error_messages={"required": _("Give the start time."), **TIME_ERRORS},
    )
    ends_at = forms.TimeField(
        label=_("Ends at"),
        widget=TIME,
        help_text=_("An end before the start runs past midnight (20:00–01:00)."),
        error_messages={"required": _("Give the end time."), **TIME_ERRORS},
    )
    place = PlaceChoiceField(
        label=_("Start place"),
        empty_label="–",
        queryset=Place.objects.none(),
        to_field_name="public_id",
        required=False,
        error_messages=CHOICE_ERRORS,
    )
    valid_from = DateField(
        label=_("From"),
        required=False,
        help_text=_(
            "Empty: from today (or from the start date, if the intervention starts later)."
        ),
    )
    valid_until = DateField(label=_("Until"), required=False)

    def __init__(self, *args: Any, places: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places  # type: ignore[attr-defined]


class SessionForm(forms.Form):
    """One session. ``slot`` empty means an extra session outside the schedule."""

    slot = forms.ModelChoiceField(
        label=_("Which session"),
        queryset=ProgrammeSlot.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label=_("Extra session, outside the schedule"),
        error_messages=CHOICE_ERRORS,
    )
    date = DateField(
        label=_("Date"),
        initial=dt.date.today,
        error_messages={"required": _("Give the date of the session.")},
    )
    status = forms.ChoiceField(
        label=_("Was the session held?"),
        choices=SessionStatus.choices,
        widget=forms.RadioSelect,
        initial=SessionStatus.HELD,
        error_messages={
            "required": _("Say whether the session was held or cancelled."),
            **CHOICE_ERRORS,
        },
    )
    participants = forms.IntegerField(
        label=_("Number taking part"),
        required=False,
        min_value=0,
        max_value=MAX_SESSION_PARTICIPANTS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        help_text=_("A count – no names. Left out when the session was cancelled."),
        error_messages={
            "invalid": _("Enter a whole number."),
            "min_value": _("The number cannot be negative."),
            "max_value": _("Enter at most %(limit_value)s."),
        },
    )
    starts_at = forms.TimeField(
        label=_("Started"),
        widget=TIME,
        required=False,
        help_text=_("Empty: the schedule's time."),
        error_messages=TIME_ERRORS,
    )
    ends_at = forms.TimeField(
        label=_("Ended"),
        widget=TIME,
        required=False,
        error_messages=TIME_ERRORS,
    )
    places = PlacesField(
        label=_("Places visited"),
        queryset=Place.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose places from the list.")},
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "How it went, why it was cancelled – about places and situations, never about who."
        ),
    )

    def __init__(
        self,
        *args: Any,
        slots: Any,
        places: Any,
        categories: Any,
        observations: int = MAX_SESSION_OBSERVATIONS,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots  # type: ignore[attr-defined]
        self.fields["slot"].label_from_instance = slot_label  # type: ignore[attr-defined]
        self.fields["places"].queryset = places  # type: ignore[attr-defined]
        self.observation_rows: list[
            tuple[forms.BoundField, forms.BoundField, forms.BoundField]
        ] = []
        for number in range(1, observations + 1):
            self.fields[f"obs{number}_category"] = forms.ModelChoiceField(
                label=_("Observation %(n)d: what") % {"n": number},
                queryset=categories,
                to_field_name="public_id",
                required=False,
                empty_label="–",
                error_messages=CHOICE_ERRORS,
            )
            self.fields[f"obs{number}_place"] = PlaceChoiceField(
                label=_("Observation %(n)d: where") % {"n": number},
                queryset=places,
                to_field_name="public_id",
                required=False,
                empty_label=_("The session's area"),
                error_messages=CHOICE_ERRORS,
            )
            self.fields[f"obs{number}_impact"] = forms.TypedChoiceField(
                label=_("Observation %(n)d: impact on safety") % {"n": number},
                choices=Impact.choices,
                coerce=int,
                initial=Impact.MEDIUM,
                required=False,  # an empty row; a filled one without it counts as 2
                error_messages=CHOICE_ERRORS,
            )
            self.fields[f"obs{number}_description"] = forms.CharField(
                label=_("Observation %(n)d: what did you see?") % {"n": number},
                max_length=MAX_OBSERVATION_TEXT,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.observation_count = observations

    def observations(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        out = []
        for number in range(1, self.observation_count + 1):
            row = {
                "row": number,
                "category": data.get(f"obs{number}_category"),
                "place": data.get(f"obs{number}_place"),
                "impact": data.get(f"obs{number}_impact") or Impact.MEDIUM,
                "description": data.get(f"obs{number}_description") or "",
            }
            if row["category"] or row["description"]:
                out.append(row)
        return out

    @property
    def more_observations_used(self) -> bool:
        """Rows after the first hold input or errors (then they are shown open)."""
        names = [
            f"obs{n}_{part}"
            for n in range(2, self.observation_count + 1)
            for part in ("category", "description")
        ]
        return any(self.data.get(name) for name in names) or any(
            name in self.errors for name in names
        )

    def rows(self) -> list[dict[str, Any]]:
        """The observation rows for the template: number and (field, short label, optional)."""
        return [
            {
                "number": number,
                "fields": [
                    (self[f"obs{number}_category"], _("What"), False),
                    (self[f"obs{number}_place"], _("Where"), True),
                    (self[f"obs{number}_impact"], _("Impact on safety"), False),
                    (self[f"obs{number}_description"], _("What did you see?"), True),
                ],
            }
            for number in range(1, self.observation_count + 1)
        ]


class SessionEditForm(SessionForm):
    """Correcting a session: date and schedule time stay; observations are added on its page."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["observations"] = 0
        super().__init__(*args, **kwargs)
        del self.fields["slot"]
        del self.fields["date"]


class ObservationForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("What"),
        empty_label="–",
        queryset=Category.objects.none(),
        to_field_name="public_id",
        error_messages={"required": _("Choose a category from the list."), **CHOICE_ERRORS},
    )
    place = PlaceChoiceField(
        label=_("Where"),
        queryset=Place.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("The session's area"),
        error_messages=CHOICE_ERRORS,
    )
    impact = forms.TypedChoiceField(
        label=_("Impact on safety"),
        choices=Impact.choices,
        coerce=int,
        initial=Impact.MEDIUM,
        error_messages=CHOICE_ERRORS,
    )
    description = forms.CharField(
        label=_("What did you see?"),
        max_length=MAX_OBSERVATION_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, places: Any, categories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]
        self.fields["place"].queryset = places  # type: ignore[attr-defined]


def slot_label(slot: ProgrammeSlot) -> str:
    """ "Fredag 20:00–00:00, Flen centrum" in the reader's language."""
    where = f", {slot.area.name}" if slot.area_id and slot.area else ""
    return f"{slot.get_weekday_display()} {slot.starts_at:%H:%M}–{slot.ends_at:%H:%M}{where}"
