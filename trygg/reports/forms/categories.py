"""The coordinator's form for the category checklist."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Name (Swedish)"), max_length=120)
    name_en = forms.CharField(label=_("Name (English)"), max_length=120, required=False)
    description = forms.CharField(
        label=_("Guidance"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A short hint for reporters about what belongs here."),
    )
    harm_weight = forms.DecimalField(
        label=_("Harm weight"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        initial=Decimal(1),
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
        help_text=_("How much one event weighs in harm-weighted statistics (0–100)."),
    )
    publishable = forms.BooleanField(
        label=_("May be published"),
        required=False,
        initial=True,
        help_text=_("Aggregated counts of this category may appear on public pages."),
    )
    active = forms.BooleanField(
        label=_("In use"),
        required=False,
        initial=True,
        help_text=_(
            "Untick to retire the category: it is no longer offered, but existing reports keep it."
        ),
    )
    sort_order = forms.IntegerField(label=_("Order"), min_value=0, max_value=1_000_000, initial=0)
