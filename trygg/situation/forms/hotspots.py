"""The hot spot page's GET form: period (ISO weeks), categories, H3 resolution."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import WeekField
from trygg.core.generics import ModelMultipleChoiceField
from trygg.core.weeks import IsoWeek
from trygg.places.models import Municipality
from trygg.reports.models import Category
from trygg.situation.selectors.hotspots import (
    DEFAULT_RESOLUTION,
    MAX_WEEKS,
    default_period,
)


class CategoriesField(ModelMultipleChoiceField[Category]):
    def label_from_instance(self, obj: Category) -> str:
        label = obj.label
        if not obj.active:
            return str(_("%(name)s (no longer in use)") % {"name": label})
        return label


RESOLUTION_CHOICES = [
    ("9", _("Town (small cells, about 170 m across)")),
    ("7", _("Whole municipality (large cells, about 2.4 km across)")),
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
    resolution = forms.TypedChoiceField(
        label=_("Cell size"),
        choices=RESOLUTION_CHOICES,
        coerce=int,
        required=False,
        # django-stubs types empty_value as str | None; Django takes any value (its docs:
        # "defaults to the empty string; None is another common choice") and returns it as is
        empty_value=DEFAULT_RESOLUTION,  # type: ignore[arg-type]
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
        fields["week_from"].initial = str(self.default_range[0])
        fields["week_to"].initial = str(self.default_range[1])
        fields["resolution"].initial = str(DEFAULT_RESOLUTION)

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
        """Valid choices, defaults where a field is empty or invalid."""
        first, last = self.default_range
        if not self.is_bound:
            return {
                "first_week": first,
                "last_week": last,
                "categories": [],
                "resolution": DEFAULT_RESOLUTION,
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
            "resolution": data.get("resolution") or DEFAULT_RESOLUTION,
        }
