"""Forms for browsing reports (filters) and for the coordinator's review of one report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygg.accounts.models import Organisation
from trygg.core.forms import WeekField
from trygg.core.generics import ModelChoiceField
from trygg.core.weeks import IsoWeek
from trygg.places.models import Area, Municipality
from trygg.reports.choices import ReportStatus, Visibility
from trygg.reports.models import Category, Report
from trygg.reports.selectors import ReportFilters


class CategoryChoiceField(ModelChoiceField[Category]):
    def label_from_instance(self, obj: Category) -> str:
        label = obj.label
        if not obj.active:
            return str(_("%(name)s (no longer in use)") % {"name": label})
        return label


class ReportFilterForm(forms.Form):
    """GET filters of the report list and map: week range, area, category, organisation,
    status. All optional; an invalid value is reported and ignored."""

    week_from = WeekField(label=_("From week"))
    week_to = WeekField(label=_("To week"))
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label=_("All areas"),
    )
    category = CategoryChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label=_("All categories"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label=_("All organisations"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(
        self,
        data: Any = None,
        *,
        municipality: Municipality,
        default_weeks: int | None = None,
        **kwargs: Any,
    ) -> None:
        default_range: tuple[IsoWeek, IsoWeek] | None = None
        if default_weeks and not (data and (data.get("week_from") or data.get("week_to"))):
            last = IsoWeek.current()
            default_range = (last.shift(-(default_weeks - 1)), last)
            if data:  # other filters chosen: show the default range in the week fields too
                data = data.copy()
                data["week_from"], data["week_to"] = (str(w) for w in default_range)
        super().__init__(data, **kwargs)
        self.municipality = municipality
        # Without a chosen week range, show the most recent weeks: what a page costs then
        # grows with the weeks shown, not with the years of history behind them.
        self.default_range = default_range
        if default_range is not None and not self.is_bound and "week_from" in self.fields:
            self.fields["week_from"].initial = str(default_range[0])
            self.fields["week_to"].initial = str(default_range[1])
        fields: dict[str, Any] = self.fields
        fields["area"].queryset = Area.objects.filter(municipality=municipality)
        fields["category"].queryset = Category.objects.filter(municipality=municipality)
        fields["organisation"].queryset = Organisation.objects.filter(municipality=municipality)
        fields["status"].choices = [("", _("All statuses")), *ReportStatus.choices]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        first, last = data.get("week_from"), data.get("week_to")
        if first and last and first > last:
            self.add_error("week_to", _("The last week must not be before the first week."))
        return data

    def filters(self) -> ReportFilters:
        """The valid part of the filters (invalid fields are left out)."""
        first, last = self.default_range or (None, None)
        if not self.is_bound:
            return ReportFilters(week_from=first, week_to=last)
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return ReportFilters(
            week_from=data.get("week_from") or first,
            week_to=data.get("week_to") or last,
            area=data.get("area"),
            category=data.get("category"),
            organisation=data.get("organisation"),
            status=data.get("status") or None,
        )

    @property
    def active(self) -> bool:
        return bool(self.is_bound and any(v for v in self.data.values()))


class ReviewFilterForm(ReportFilterForm):
    """The review queue's filters: one week (chosen separately) and the usual filters."""

    week = WeekField(label=_("Week"))

    def __init__(self, data: Any = None, *, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(data, municipality=municipality, **kwargs)
        del self.fields["week_from"]
        del self.fields["week_to"]
        self.order_fields(["week", "status", "area", "category", "organisation"])


# ---------------------------------------------------------------------------------------------
# Review of one report

DECISIONS = [
    ("", _("No decision now (only save category and visibility)")),
    ("include", _("Include in the picture")),
    ("merge", _("Merge as a duplicate of another report")),
    ("reject", _("Reject")),
    ("reopen", _("Reopen (back to submitted)")),
]


class ReviewForm(forms.Form):
    category = CategoryChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        to_field_name="public_id",
        empty_label=None,
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=DECISIONS,
        required=False,
        widget=forms.RadioSelect,
    )
    duplicate_of = forms.ChoiceField(
        label=_("Duplicate of"),
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Only when merging: the report that describes the same event."),
    )
    rejection_reason = forms.CharField(
        label=_("Reason for rejection"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only when rejecting. Shown to the reporter's organisation. "
            "No names or other personal data."
        ),
    )

    def __init__(
        self, data: Any = None, *, report: Report, candidates: list[Report], **kwargs: Any
    ) -> None:
        initial = {
            "category": report.category.public_id,
            "visibility": report.visibility,
            "decision": "",
            "duplicate_of": str(report.duplicate_of.public_id) if report.duplicate_of else "",
            "rejection_reason": report.rejection_reason,
        }
        super().__init__(data, initial=initial, **kwargs)
        self.report = report
        self.candidates = candidates
        fields: dict[str, Any] = self.fields
        fields["category"].queryset = Category.objects.filter(
            municipality_id=report.municipality_id
        ).filter(Q(active=True) | Q(pk=report.category_id))
        self._candidate_map = {str(c.public_id): c for c in candidates}
        if report.duplicate_of is not None:
            self._candidate_map.setdefault(str(report.duplicate_of.public_id), report.duplicate_of)
        fields["duplicate_of"].choices = [(key, key) for key in self._candidate_map]

    def clean_duplicate_of(self) -> Report | None:
        value = self.cleaned_data.get("duplicate_of")
        return self._candidate_map.get(value) if value else None

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if (
            data.get("decision") == "merge"
            and not data.get("duplicate_of")
            and "duplicate_of" not in self.errors
        ):
            self.add_error("duplicate_of", _("Choose the report this one duplicates."))
        if (
            data.get("decision") == "reject"
            and not (data.get("rejection_reason") or "").strip()
            and "rejection_reason" not in self.errors
        ):
            self.add_error("rejection_reason", _("Give a reason for the rejection."))
        return data

    def selected_duplicate(self) -> str:
        value = self["duplicate_of"].value()
        return str(value or "")
