"""The reporter's form: what, where, when — turned into keyword arguments for the services.

The form only parses and shapes input. Every rule that matters (personal data, the point lies in
the kommun, time window limits, …) is checked by `reports.services`; its ValidationError keys
are mapped back onto these fields with `add_service_errors()`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import DateField
from trygg.core.weeks import STOCKHOLM
from trygg.reports.choices import (
    PART_OF_DAY_HOURS,
    Certainty,
    Impact,
    LocationPrecision,
    PartOfDay,
    TimePrecision,
    Visibility,
)
from trygg.reports.limits import MAX_DESCRIPTION, MAX_PEOPLE, MAX_POLICE_REFERENCE

TIME_EXACT = "exact"
TIME_PART = "part"
TIME_WINDOW = "window"
TIME_MODES = [
    (TIME_EXACT, _("Exact time")),
    (TIME_PART, _("Part of day")),
    (TIME_WINDOW, _("Time window")),
]

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"

#: fields whose widget is a list of radio buttons: the error summary links to the first one
RADIO_FIELDS = {
    "organisation",
    "category",
    "time_mode",
    "part_of_day",
    "impact",
    "certainty",
    "visibility",
}

#: service error key -> form field (occurred_* depend on the time mode, see below)
SERVICE_FIELD_MAP = {
    "category": "category",
    "lat": "lat",
    "lon": "lat",
    "location": "lat",
    "place": "place",
    "area": "area",
    "impact": "impact",
    "certainty": "certainty",
    "people_min": "people_min",
    "people_max": "people_max",
    "police_contacted": "police_contacted",
    "police_report_filed": "police_report_filed",
    "police_reference": "police_reference",
    "description": "description",
    "visibility": "visibility",
    "photo": "photo",
    "organisation": "organisation",
}


def local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value, STOCKHOLM).date()


def part_of_day_window(day: dt.date, part: str) -> tuple[dt.datetime, dt.datetime]:
    """The (start, end) of a part of day on `day`, in Europe/Stockholm (end exclusive)."""
    first, last = PART_OF_DAY_HOURS[part]
    start = dt.datetime.combine(day, dt.time(first), tzinfo=STOCKHOLM)
    if last >= 24:
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=STOCKHOLM)
    else:
        end = dt.datetime.combine(day, dt.time(last), tzinfo=STOCKHOLM)
    return start, end


def part_of_day_of(start: dt.datetime, end: dt.datetime | None) -> str | None:
    """The part of day that (start, end) is, or None when it is some other window."""
    if end is None:
        return None
    day = local_date(start)
    for part in PART_OF_DAY_HOURS:
        if part_of_day_window(day, part) == (
            timezone.localtime(start, STOCKHOLM),
            timezone.localtime(end, STOCKHOLM),
        ):
            return part
    return None


class ReportForm(forms.Form):
    """Create or correct a report. `organisations` only when the user reports for several."""

    organisation = forms.ChoiceField(
        label=_("I report for"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose which organisation you report for.")},
    )
    category = forms.ChoiceField(
        label=_("What happened?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what happened."),
            "invalid_choice": _("Choose a category from the list."),
        },
    )

    # where
    lat = forms.FloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    lon = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    place = forms.ChoiceField(label=_("or pick a named place"), required=False)
    area = forms.ChoiceField(label=_("or give only the area"), required=False)

    # when
    date = DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Give the date.")},
    )
    time_mode = forms.ChoiceField(
        label=_("How exactly do you know the time?"),
        choices=TIME_MODES,
        widget=forms.RadioSelect,
        initial=TIME_EXACT,
        required=False,
    )
    time = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    part_of_day = forms.ChoiceField(
        label=_("Part of day"),
        choices=PartOfDay.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    window_from = forms.DateTimeField(
        label=_("From"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )
    window_to = forms.DateTimeField(
        label=_("Until"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )

    # assessment
    impact = forms.TypedChoiceField(
        label=_("Impact on safety"),
        choices=Impact.choices,
        coerce=int,
        widget=forms.RadioSelect,
        initial=Impact.MEDIUM,
    )
    certainty = forms.ChoiceField(
        label=_("How do you know?"),
        choices=Certainty.choices,
        widget=forms.RadioSelect,
        initial=Certainty.OBSERVED,
    )
    people_min = forms.IntegerField(
        label=_("At least"),
        required=False,
        min_value=0,
        max_value=MAX_PEOPLE,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    people_max = forms.IntegerField(
        label=_("At most"),
        required=False,
        min_value=0,
        max_value=MAX_PEOPLE,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    police_contacted = forms.BooleanField(label=_("The police were contacted"), required=False)
    police_report_filed = forms.BooleanField(label=_("A police report was filed"), required=False)
    police_reference = forms.CharField(
        label=_("Police reference (optional)"),
        required=False,
        max_length=MAX_POLICE_REFERENCE,
        help_text=_("Only the reference number, no names."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Describe the place and the situation. Do not write names, phone numbers, "
            "personal identity numbers or registration plates – Trygg checks the text and "
            "points out what must be removed."
        ),
    )
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("No faces or registration plates, please."),
    )
    remove_photo = forms.BooleanField(label=_("Remove the saved photo"), required=False)
    visibility = forms.ChoiceField(
        label=_("Who may read the report?"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial=Visibility.PARTNERS,
    )

    def __init__(
        self,
        *args: Any,
        organisations: list[Any],
        categories: list[Any],
        places: list[Any],
        areas: list[Any],
        editing: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.editing = editing
        self.organisation_objects = {str(o.public_id): o for o in organisations}
        self.category_objects = {str(c.public_id): c for c in categories}
        self.place_objects = {str(p.public_id): p for p in places}
        self.area_objects = {str(a.public_id): a for a in areas}
        if editing is not None or len(organisations) <= 1:
            del self.fields["organisation"]
        else:
            self._choice_field("organisation").choices = [
                (str(o.public_id), o.name) for o in organisations
            ]
        if editing is None or not editing.photo:
            del self.fields["remove_photo"]
        self._choice_field("category").choices = [(str(c.public_id), c.label) for c in categories]
        self._choice_field("place").choices = [("", _("– no named place –"))] + [
            (str(p.public_id), p.name) for p in places
        ]
        self._choice_field("area").choices = [("", _("– no area chosen –"))] + [
            (str(a.public_id), a.name) for a in areas
        ]

    def _choice_field(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field

    # -- helpers for templates --------------------------------------------------------------

    def anchor_for(self, name: str | None) -> str:
        if name is None or name == "__all__":
            return "report-form"
        if name in ("lat", "lon"):
            return "where"
        if name in RADIO_FIELDS:
            return f"id_{name}_0"
        return f"id_{name}"

    def error_links(self) -> list[tuple[str, str, str]]:
        """(anchor, field label, message) for the error summary, in form order."""
        links: list[tuple[str, str, str]] = []
        for name, errors in self.errors.items():
            label = str(self.fields[name].label) if name in self.fields else ""
            if name in ("lat", "lon"):
                label = str(_("Where?"))
            elif name in ("people_min", "people_max"):
                label = str(_("Number of people involved"))
            for message in errors:
                links.append((self.anchor_for(name), label, str(message)))
        return links

    def describe(self) -> None:
        """Point each input at its hint and its errors (aria-describedby). Call before render."""
        for name, field in self.fields.items():
            if name in RADIO_FIELDS:
                continue  # described on the fieldset
            ids = []
            if field.help_text:
                ids.append(f"{name}-hint")
            if self.is_bound and name in self.errors:
                ids.append(f"{name}-errors")
            if name == "lat":
                continue
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
            if self.is_bound and name in self.errors:
                field.widget.attrs["aria-invalid"] = "true"

    def category_radios(self) -> list[tuple[Any, str]]:
        """(radio subwidget, guidance text) for each category."""
        return [
            (radio, getattr(self.category_objects.get(str(radio.data["value"])), "description", ""))
            for radio in self["category"]
        ]

    def place_options(self) -> list[tuple[str, str, float, float]]:
        return [(pid, p.name, p.lat, p.lon) for pid, p in self.place_objects.items()]

    # -- cleaning ---------------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors.get("date"):
            return data
        day = data.get("date")
        mode = data.get("time_mode") or ""
        filled = {
            TIME_EXACT: data.get("time") is not None,
            TIME_PART: bool(data.get("part_of_day")),
            TIME_WINDOW: data.get("window_from") is not None or data.get("window_to") is not None,
        }
        # Without JavaScript every input is visible and the time is prefilled, so a part of
        # day or a window that was filled in wins over the (default) exact time; with
        # JavaScript the inputs of the other modes are disabled and not sent at all.
        if not filled.get(mode) or (
            mode == TIME_EXACT and (filled[TIME_PART] or filled[TIME_WINDOW])
        ):
            mode = next((m for m in (TIME_WINDOW, TIME_PART, TIME_EXACT) if filled[m]), mode)
        data["time_mode"] = mode
        start: dt.datetime | None = None
        end: dt.datetime | None = None
        if mode == TIME_EXACT:
            if data.get("time") is None:
                self.add_error("time", _("Give the time, or choose part of day."))
            elif day is not None:
                start = dt.datetime.combine(day, data["time"], tzinfo=STOCKHOLM)
        elif mode == TIME_PART:
            if day is not None and data.get("part_of_day"):
                start, end = part_of_day_window(day, data["part_of_day"])
            elif not data.get("part_of_day"):
                self.add_error("part_of_day", _("Choose a part of the day."))
        elif mode == TIME_WINDOW:
            start, end = data.get("window_from"), data.get("window_to")
            if start is None:
                self.add_error("window_from", _("Give when the time window starts."))
            if end is None:
                self.add_error("window_to", _("Give when the time window ends."))
        elif not self.errors.get("time") and not self.errors.get("window_from"):
            self.add_error("time", _("Give the time, a part of the day or a time window."))
        data["occurred_start"] = start
        data["occurred_end"] = end
        return data

    def service_values(self) -> dict[str, Any]:
        """Keyword arguments for report_create / report_update."""
        data = self.cleaned_data
        values: dict[str, Any] = {
            "category": self.category_objects.get(data.get("category") or "")
            or data.get("category"),
            "occurred_start": data.get("occurred_start"),
            "occurred_end": data.get("occurred_end"),
            "lat": data.get("lat"),
            "lon": data.get("lon"),
            "place": self.place_objects.get(data.get("place") or ""),
            "area": self.area_objects.get(data.get("area") or ""),
            "impact": data.get("impact"),
            "certainty": data.get("certainty"),
            "people_min": data.get("people_min"),
            "people_max": data.get("people_max"),
            "police_contacted": bool(data.get("police_contacted")),
            "police_report_filed": bool(data.get("police_report_filed")),
            "police_reference": data.get("police_reference") or "",
            "description": data.get("description") or "",
            "visibility": data.get("visibility"),
        }
        if data.get("photo"):
            values["photo"] = data["photo"]
        if data.get("remove_photo"):
            values["remove_photo"] = True
        return values

    def chosen_organisation(self) -> Any:
        if "organisation" not in self.fields:
            return None
        return self.organisation_objects.get(self.cleaned_data.get("organisation") or "")

    def add_remaining_errors(self, *, municipality: Any, current: Any = None) -> None:
        """The form is invalid: still run the service's checks on what was given (personal
        data in the text, the place outside the municipality, the photo, ...), so that every
        error shows at once instead of one round at a time. Fields that already have an error
        keep only that one; nothing is saved."""
        from trygg.reports.services.reports import validated_report_fields

        time_fields = ("date", "time", "part_of_day", "window_from", "window_to", "time_mode")
        time_broken = any(name in self.errors for name in time_fields)
        where_broken = any(name in self.errors for name in ("lat", "lon", "place", "area"))
        values = self.service_values()
        if time_broken or values.get("occurred_start") is None:
            # a placeholder time that passes, so the time checks do not repeat the form's
            values["occurred_start"] = timezone.now() - dt.timedelta(hours=1)
            values["occurred_end"] = None
        try:
            validated_report_fields(municipality=municipality, values=values, current=current)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return
            keep: dict[str, list[str]] = {}
            for key, messages in error.message_dict.items():
                if key in ("occurred_start", "occurred_end") and time_broken:
                    continue
                if key in ("lat", "lon", "location", "place", "area") and where_broken:
                    continue
                target = SERVICE_FIELD_MAP.get(key)
                if target is not None and target in self.errors:
                    continue
                keep[key] = messages
            if keep:
                self.add_service_errors(ValidationError(keep))

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service ValidationError next to the fields it concerns."""
        mode = self.cleaned_data.get("time_mode") if hasattr(self, "cleaned_data") else None
        start_field = {TIME_WINDOW: "window_from", TIME_PART: "part_of_day"}.get(mode or "", "date")
        end_field = {TIME_WINDOW: "window_to", TIME_PART: "part_of_day"}.get(mode or "", "date")
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.add_error(None, message)
            return
        for key, messages in error.message_dict.items():
            if key == "occurred_start":
                target: str | None = start_field
            elif key == "occurred_end":
                target = end_field
            else:
                target = SERVICE_FIELD_MAP.get(key)
            if target is not None and target not in self.fields:
                target = None
            for message in messages:
                if target is not None and message in self.errors.get(target, []):
                    continue
                self.add_error(target, message)


def initial_from_report(report: Any) -> dict[str, Any]:
    """Form initial values for correcting `report`."""
    start = timezone.localtime(report.occurred_start, STOCKHOLM)
    end = timezone.localtime(report.occurred_end, STOCKHOLM) if report.occurred_end else None
    initial: dict[str, Any] = {
        "category": str(report.category.public_id),
        "date": start.date(),
        "impact": report.impact,
        "certainty": report.certainty,
        "people_min": report.people_min,
        "people_max": report.people_max,
        "police_contacted": report.police_contacted,
        "police_report_filed": report.police_report_filed,
        "police_reference": report.police_reference,
        "description": report.description,
        "visibility": report.visibility,
    }
    part = part_of_day_of(report.occurred_start, report.occurred_end)
    if report.time_precision == TimePrecision.EXACT or end is None:
        initial.update(time_mode=TIME_EXACT, time=start.time().replace(second=0, microsecond=0))
    elif part is not None:
        initial.update(time_mode=TIME_PART, part_of_day=part)
    else:
        initial.update(
            time_mode=TIME_WINDOW,
            window_from=start.replace(tzinfo=None),
            window_to=end.replace(tzinfo=None),
        )
    if report.lat is not None:
        initial.update(lat=report.lat, lon=report.lon)
    if report.place_id and report.location_precision != LocationPrecision.AREA:
        initial["place"] = str(report.place.public_id)
    if report.area_id and report.location_precision == LocationPrecision.AREA:
        initial["area"] = str(report.area.public_id)
    return initial
