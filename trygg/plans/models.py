"""Models of the plans app. So far: crime statistics imported from Brå and Kolada.

Why one ``StatisticValue`` table and not a series + value pair: a value's identity is small and
flat (source, measure, region, year, gender) and every read is "the values of one measure for
three regions over the years", which one indexed table answers without a join. A separate
series row would only hold the measure's display name and the region's name, both of which
change with the source's wording between imports; keeping them on the value row lets a later
import correct them for the years it brings, and deleting a series never strands values. The
volume is small (tens of measures × three regions × a few decades).

``StatisticDraft`` holds a parsed file (or a Kolada fetch) between the preview and the
coordinator's confirmation, on the server: the rows never travel through the browser, so they
cannot be changed between what was previewed and what is written.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.core.models import BaseModel
from trygg.plans.choices import Gender, RegionKind, StatisticSource
from trygg.plans.limits import (
    DRAFT_HOURS,
    MAX_COUNT,
    MAX_FILE_NAME,
    MAX_MEASURE_CODE,
    MAX_MEASURE_NAME,
    MAX_NOTE,
    MAX_REGION_NAME,
    MAX_YEAR,
    MIN_YEAR,
    RATE_DECIMALS,
)


class StatisticImport(BaseModel):
    """One import: a file or a Kolada fetch, confirmed by a coordinator."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="statistic_imports",
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=16, choices=StatisticSource.choices)
    file_name = models.CharField(_("file"), max_length=MAX_FILE_NAME)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("new values"), default=0)
    updated_count = models.PositiveIntegerField(_("changed values"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged values"), default=0)
    note = models.CharField(_("note"), max_length=MAX_NOTE, blank=True)

    class Meta:
        verbose_name = _("statistics import")
        verbose_name_plural = _("statistics imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["municipality", "-created_at"], name="stat_import_recent")]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.file_name}"


class StatisticValue(BaseModel):
    """One figure: a measure for one region, year and gender, from one source."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="statistic_values",
        help_text=_("The municipality that imported the value (it may describe its county)."),
    )
    batch = models.ForeignKey(
        StatisticImport,
        verbose_name=_("import"),
        on_delete=models.PROTECT,
        related_name="values",
    )
    source = models.CharField(_("source"), max_length=16, choices=StatisticSource.choices)
    measure_code = models.CharField(_("measure code"), max_length=MAX_MEASURE_CODE)
    measure_name = models.CharField(_("measure"), max_length=MAX_MEASURE_NAME)
    region_kind = models.CharField(_("region kind"), max_length=16, choices=RegionKind.choices)
    region_code = models.CharField(
        _("region code"),
        max_length=4,
        help_text=_("Kolada's ids: the kommunkod, 00 and the county code, 0000 for Sweden."),
    )
    region_name = models.CharField(_("region"), max_length=MAX_REGION_NAME)
    period = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    gender = models.CharField(
        _("gender"), max_length=1, choices=Gender.choices, default=Gender.TOTAL
    )
    count = models.PositiveIntegerField(
        _("count"), null=True, blank=True, validators=[MaxValueValidator(MAX_COUNT)]
    )
    rate = models.DecimalField(
        _("per 100,000 inhabitants"),
        max_digits=12,
        decimal_places=RATE_DECIMALS,
        null=True,
        blank=True,
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)

    class Meta:
        verbose_name = _("statistic value")
        verbose_name_plural = _("statistic values")
        ordering = ["measure_code", "region_kind", "region_code", "period", "gender"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "municipality",
                    "source",
                    "measure_code",
                    "region_code",
                    "period",
                    "gender",
                ],
                name="stat_value_one_per_key",
            ),
        ]
        indexes = [
            models.Index(
                fields=["municipality", "source", "measure_code", "period"],
                name="stat_value_measure",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure_name} {self.region_name} {self.period}"


def draft_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=DRAFT_HOURS)


class StatisticDraft(BaseModel):
    """A parsed import waiting for confirmation (the rows as JSON; see the module docstring)."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=16, choices=StatisticSource.choices)
    file_name = models.CharField(_("file"), max_length=MAX_FILE_NAME)
    rows = models.JSONField(_("rows"), default=list)
    expires_at = models.DateTimeField(_("expires at"), default=draft_expiry)

    class Meta:
        verbose_name = _("statistics import draft")
        verbose_name_plural = _("statistics import drafts")
        indexes = [models.Index(fields=["municipality", "owner"], name="stat_draft_owner")]

    def __str__(self) -> str:
        return self.file_name
