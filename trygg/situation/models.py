"""The weekly picture's decisions: each area's status per week, pinned notable reports, frozen
snapshots and their deliveries to the organisations, and the quarterly/annual decisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trygg.core.models import BaseModel
from trygg.situation.choices import DeliveryStatus, PeriodKind, StatusLevel


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


class WeeklySnapshot(BaseModel):
    """A frozen, versioned copy of a week's picture: later edits do not change it."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="weekly_snapshots",
    )
    week_start = models.DateField(_("week (Monday)"))
    version = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("picture"), default=dict)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("frozen by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("frozen weekly picture")
        verbose_name_plural = _("frozen weekly pictures")
        ordering = ["-week_start", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "week_start", "version"], name="weekly_snapshot_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.week_start} v{self.version}"


class SnapshotDelivery(BaseModel):
    """One e-mail of a frozen weekly picture to one participating organisation."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="snapshot_deliveries",
    )
    snapshot = models.ForeignKey(
        WeeklySnapshot,
        verbose_name=_("frozen weekly picture"),
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="snapshot_deliveries",
    )
    email = models.EmailField(_("e-mail address"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    #: how many times a worker has tried to hand the message to the mail server
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    #: when a queued delivery is tried again after a temporary failure (None: at once)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    #: the reason the last attempt failed (cleared when a retry succeeds)
    error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("weekly picture delivery")
        verbose_name_plural = _("weekly picture deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["municipality", "snapshot", "-created_at"], name="snapshot_delivery_muni"
            )
        ]

    def __str__(self) -> str:
        return f"{self.snapshot_id} → {self.email} ({self.status})"


class AreaRating(BaseModel):
    """The EST group's 1–5 rating of its ability to influence an area in a period."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="area_ratings",
    )
    area = models.ForeignKey(
        "places.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="ratings"
    )
    period_kind = models.CharField(_("period type"), max_length=8, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    period_number = models.PositiveSmallIntegerField(_("period"))
    rating = models.PositiveSmallIntegerField(_("ability to influence (1–5)"))
    reason = models.TextField(_("reason"), max_length=2000)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ability rating")
        verbose_name_plural = _("ability ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "period_kind", "year", "period_number"],
                name="area_rating_unique_period",
            ),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1) & models.Q(rating__lte=5),
                name="area_rating_range",
            ),
        ]
        indexes = [
            models.Index(
                fields=["municipality", "year", "period_kind", "period_number"],
                name="area_rating_muni_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.year}-{self.period_kind}{self.period_number}: {self.rating}"


class PriorityDecision(BaseModel):
    """The group's choice of focus areas for the next period, stored with every input."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="priority_decisions",
    )
    period_kind = models.CharField(_("period type"), max_length=8, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    period_number = models.PositiveSmallIntegerField(_("period"))
    focus_areas = models.ManyToManyField(
        "places.Area", verbose_name=_("focus areas"), related_name="priority_decisions"
    )
    focus_count = models.PositiveSmallIntegerField(_("number of focus areas"), default=3)
    snapshot = models.JSONField(_("inputs as they stood"), default=dict)
    note = models.TextField(_("motivation"), max_length=4000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("priority decision")
        verbose_name_plural = _("priority decisions")
        ordering = ["-year", "-period_number", "-created_at"]
        indexes = [
            models.Index(
                fields=["municipality", "year", "period_kind", "period_number"],
                name="priority_muni_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year} {self.period_kind} {self.period_number}"
