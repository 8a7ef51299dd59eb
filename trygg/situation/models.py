"""The weekly picture's decisions: each area's status per week and pinned notable reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trygg.core.models import BaseModel
from trygg.situation.choices import StatusLevel


class AreaStatus(BaseModel):
    """The EST group's status for an area in an ISO week, with the reason and the proposal the
    numbers gave when it was decided."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="area_statuses",
    )
    area = models.ForeignKey(
        "places.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="statuses",
    )
    week_start = models.DateField(_("week (Monday)"))
    status = models.CharField(_("status"), max_length=16, choices=StatusLevel.choices)
    reason = models.TextField(_("reason"), max_length=2000)
    proposed_status = models.CharField(
        _("proposed status"), max_length=16, choices=StatusLevel.choices, blank=True
    )
    proposal_basis = models.JSONField(_("basis of the proposal"), default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("area status")
        verbose_name_plural = _("area statuses")
        ordering = ["-week_start", "area__sort_order", "area__name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "week_start"], name="area_status_unique_week")
        ]
        indexes = [
            models.Index(fields=["municipality", "week_start"], name="area_status_muni_week"),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.week_start}: {self.get_status_display()}"


class PinnedReport(BaseModel):
    """A report the coordinator pinned as notable in a week's picture."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="pinned_reports",
    )
    report = models.ForeignKey(
        "reports.Report",
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="pins",
    )
    week_start = models.DateField(_("week (Monday)"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    pinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pinned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pinned report")
        verbose_name_plural = _("pinned reports")
        ordering = ["-week_start", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["report", "week_start"], name="pinned_report_unique")
        ]
        indexes = [models.Index(fields=["municipality", "week_start"], name="pin_muni_week")]

    def __str__(self) -> str:
        return f"{self.report} ({self.week_start})"
