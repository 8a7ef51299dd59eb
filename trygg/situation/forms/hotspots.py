"""The hot spot page's GET form: period (ISO weeks), categories, area, H3 resolution."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import WeekField
from trygg.core.generics import ModelChoiceField, ModelMultipleChoiceField
from trygg.core.weeks import IsoWeek
from trygg.places.models import Area, Municipality
from trygg.reports.models import Category
from trygg.situation.selectors.hotspots import (
    MAX_WEEKS,
    default_period,
)


class CategoriesField(ModelMultipleChoiceField[Category]):
    def label_from_instance(self, obj: Category) -> str:
        label = obj.label
        if not obj.active:
            return str(_("%(name)s (no longer in use)") % {"name": label})
        return label


#: "" = automatic: 8 for the whole municipality, 9 for one area (ANALYTICS.md rev 2)
RESOLUTION_CHOICES = [
    ("", _("Automatic: medium cells for the whole municipality, small cells for one area")),
    ("7", _("Large cells (about 2.5 km across)")),
    ("8", _("Medium cells (about 1 km across)")),
    ("9", _("Small cells (about 350 m across)")),
]


def weeks_in(first: IsoWeek, last: IsoWeek) -> int:
    return (last.monday - first.monday).days // 7 + 1


class HotspotForm(forms.Form):
    week_from = WeekField(label=_("From week"))
    week_to = WeekField(label=_("To week"))
    category = CategoriesField(
        label=_("Categories"),
        queryset=Category.objects.none(),
        required=False,
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: all categories."),
    )
    area = ModelChoiceField[Area](
        label=_("Area"),
        queryset=Area.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label=_("The whole municipality"),
    )
    resolution = forms.TypedChoiceField(
        label=_("Cell size"),
        choices=RESOLUTION_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, data: Any = None, *, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.municipality = municipality
        self.default_range = default_period()
        fields: dict[str, Any] = self.fields
        fields["category"].queryset = Category.objects.filter(municipality=municipality).order_by(
            "sort_order", "name"
        )
        fields["area"].queryset = Area.objects.filter(
            municipality=municipality, active=True
        ).order_by("sort_order", "name")
        fields["week_from"].initial = str(self.default_range[0])
        fields["week_to"].initial = str(self.default_range[1])
        fields["resolution"].initial = ""

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        first = data.get("week_from") or self.default_range[0]
        last = data.get("week_to") or self.default_range[1]
        if "week_from" in data and "week_to" in data:
            if first > last:
                self.add_error("week_to", _("The last week must not be before the first week."))
            elif weeks_in(first, last) > MAX_WEEKS:
                self.add_error(
                    "week_from",
                    _("Choose at most %(weeks)s weeks (five years).") % {"weeks": MAX_WEEKS},
                )
        return data

    def parameters(self) -> dict[str, Any]:
        """Valid choices, defaults where a field is empty or invalid (resolution None: the
        default for the whole municipality or the chosen area)."""
        first, last = self.default_range
        if not self.is_bound:
            return {
                "first_week": first,
                "last_week": last,
                "categories": [],
                "area": None,
                "resolution": None,
            }
        valid = self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if valid:
            first = data.get("week_from") or first
            last = data.get("week_to") or last
        return {
            "first_week": first,
            "last_week": last,
            "categories": list(data.get("category") or []),
            "area": data.get("area"),
            "resolution": data.get("resolution"),
        }
