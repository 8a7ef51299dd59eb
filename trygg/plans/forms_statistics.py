"""Forms of the crime statistics import: a file, a Kolada fetch, the confirmation."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.plans.choices import StatisticSource
from trygg.plans.limits import MAX_KPIS, MAX_NOTE, MAX_UPLOAD_BYTES, MAX_YEAR, MIN_YEAR
from trygg.plans.statistics_files import KPI_PATTERN


class StatisticsFileForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("A Brå table or a Kolada export, at most 5 MB and 50,000 rows."),
    )
    source = forms.ChoiceField(
        label=_("Where the figures come from"),
        choices=[(StatisticSource.BRA, _("Brå")), (StatisticSource.OTHER, _("Other source"))],
        initial=StatisticSource.BRA,
        help_text=_("For a table in Brå's layout. A Kolada export is recognised by its columns."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is too large (at most 5 MB)."))
        return upload


class KoladaFetchForm(forms.Form):
    kpis = forms.CharField(
        label=_("Kolada KPI ids"),
        max_length=200,
        help_text=_("One or more ids separated by commas, e.g. N07403."),
    )
    year_from = forms.IntegerField(label=_("From year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    year_to = forms.IntegerField(label=_("To year"), min_value=MIN_YEAR, max_value=MAX_YEAR)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        self.fields["year_from"].initial = year - 10
        self.fields["year_to"].initial = year - 1

    def clean_kpis(self) -> list[str]:
        parts = [p for p in re.split(r"[\s,;]+", self.cleaned_data["kpis"].upper()) if p]
        bad = [p for p in parts if not KPI_PATTERN.fullmatch(p)]
        if bad or not parts:
            raise ValidationError(_("A Kolada KPI id is a letter and five digits, e.g. N07403."))
        unique = list(dict.fromkeys(parts))
        if len(unique) > MAX_KPIS:
            raise ValidationError(_("At most %(max)s KPIs at a time.") % {"max": MAX_KPIS})
        return unique

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("year_from"), data.get("year_to")
        if start is not None and end is not None:
            if start > end:
                self.add_error("year_to", _("The last year comes before the first."))
            elif end - start > 40:
                self.add_error("year_to", _("At most 40 years at a time."))
        return data


class StatisticsConfirmForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. which table or which publication. No personal data."),
    )
