"""Forms for the municipality's administration: reporting settings, areas, places, onboarding.

Forms only parse and check the shape of input; the services decide and write. Service errors
are mapped back onto the form with :func:`add_service_errors`.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from trygg.core.validators import clean_text
from trygg.places.choices import JointKind, ReportingCadence, Weekday

MAX_GEOJSON_UPLOAD_BYTES = 5 * 1024 * 1024


class ReportingSettingsForm(forms.Form):
    reporting_cadence = forms.ChoiceField(
        label=_("Reporting cadence"),
        choices=ReportingCadence.choices,
        help_text=_("How often organisations are asked to report."),
    )
    deadline_weekday = forms.TypedChoiceField(
        label=_("Deadline weekday"),
        choices=Weekday.choices,
        coerce=int,
        help_text=_("Reports for a week are due on this day of the following week."),
    )
    deadline_time = forms.TimeField(
        label=_("Deadline time"),
        help_text=_("For example 12:00."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    coverage_threshold = forms.IntegerField(
        label=_("Coverage threshold (%)"),
        min_value=1,
        max_value=100,
        initial=75,
        help_text=_(
            "A week counts as covered when at least this share of the expected organisations "
            "reported or said they had nothing to report. Weeks below it are marked in charts "
            "and tables and left out of baselines. Default 75."
        ),
    )
    reminder_hours = forms.IntegerField(
        label=_("Reminder before the deadline (hours)"),
        min_value=0,
        max_value=168,
        initial=24,
        help_text=_(
            "Organisations that have not reported for the week get an e-mail reminder this "
            "many hours before the deadline. 0: no reminders. Default 24."
        ),
    )
    public_indexing = forms.BooleanField(
        label=_("Let search engines index the public pages"),
        required=False,
        help_text=_(
            "Off: the public pages ask search engines not to index them (noindex). Turn it on "
            "when the pages are announced."
        ),
    )


def _geojson_text_clean(value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("Draw the area on the map or paste its GeoJSON."))
    return value


class AreaForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    code = forms.CharField(
        label=_("Short code"),
        max_length=40,
        required=False,
        help_text=_("Optional, e.g. an internal district code."),
    )
    sort_order = forms.IntegerField(label=_("Order"), min_value=0, initial=0, max_value=1_000_000)
    geometry = forms.CharField(
        label=_("Shape (GeoJSON)"),
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "class": "geojson-input"}),
        help_text=_(
            "Filled in when you draw on the map. You can also paste a GeoJSON Polygon or "
            "MultiPolygon (longitude, latitude in WGS84)."
        ),
        required=False,
    )

    def clean_geometry(self) -> str:
        return _geojson_text_clean(self.cleaned_data.get("geometry", ""))


class AreaEditForm(AreaForm):
    active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("Inactive areas are not offered to reporters."),
    )


class AreaImportForm(forms.Form):
    file = forms.FileField(
        label=_("GeoJSON file"),
        help_text=_("A FeatureCollection of polygons (WGS84), at most 5 MB."),
    )
    name_property = forms.CharField(
        label=_("Property with the area's name"),
        max_length=60,
        initial="name",
        help_text=_("The feature property that holds each area's name."),
    )
    replace_existing = forms.BooleanField(
        label=_("Replace the shape of existing areas with the same name"),
        required=False,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_GEOJSON_UPLOAD_BYTES:
            raise ValidationError(_("The file is too large (at most 5 MB)."))
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(_("The file is not UTF-8 encoded text.")) from error
        try:
            return json.loads(text)
        except (ValueError, RecursionError) as error:  # RecursionError: nested too deeply
            raise ValidationError(_("The file is not valid GeoJSON.")) from error


class PlaceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    description = forms.CharField(
        label=_("Description"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional. Describe the place, never people."),
    )
    lat = forms.FloatField(
        label=_("Latitude"),
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        help_text=_("Click the map, or type the coordinates (e.g. 59.0580)."),
    )
    lon = forms.FloatField(
        label=_("Longitude"),
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )

    def clean_description(self) -> str:
        # the same personal-data guard the service applies, shown next to the field
        return clean_text(self.cleaned_data.get("description", ""))


class PlaceEditForm(PlaceForm):
    active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("Inactive places are not offered to reporters."),
    )


class JointBodyForm(forms.Form):
    """A new council or police area, with this municipality as its first member."""

    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("For example “LokBrå Karlskoga–Degerfors” or “LPO Katrineholm–Flen–Vingåker”."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=JointKind.choices)


class JointInviteForm(forms.Form):
    """Invite another municipality (by its kommunkod) into a joint body."""

    code = forms.CharField(
        label=_("Municipality code"),
        max_length=4,
        min_length=4,
        help_text=_("Four digits, for example 1883 for Karlskoga."),
    )
