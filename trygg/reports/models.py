"""Category checklist, incident reports (händelserapporter) and weekly nil returns."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from trygg.core.models import BaseModel
from trygg.reports.choices import (
    Certainty,
    Channel,
    Impact,
    LocationPrecision,
    ReportStatus,
    TimePrecision,
    Visibility,
)
from trygg.reports.limits import MAX_DESCRIPTION, MAX_POLICE_REFERENCE


class Category(BaseModel):
    """One item of the municipality's EST checklist. Retired, never deleted."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="categories",
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name (Swedish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    description = models.CharField(_("guidance"), max_length=300, blank=True)
    harm_weight = models.DecimalField(
        _("harm weight"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    publishable = models.BooleanField(_("may be published"), default=True)
    active = models.BooleanField(_("in use"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="category_unique_code"),
            models.UniqueConstraint(fields=["municipality", "name"], name="category_unique_name"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.name_en and (get_language() or "sv").startswith("en"):
            return self.name_en
        return self.name


class ReportQuerySet(models.QuerySet["Report"]):
    def counted(self) -> ReportQuerySet:
        """Reports that count as events: not rejected, duplicates fused into their primary."""
        return self.exclude(status__in=[ReportStatus.REJECTED, ReportStatus.MERGED])


class Report(BaseModel):
    """A händelserapport: what created insecurity, where, when. Never who."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    week_start = models.DateField(_("reporting week (Monday)"))
    time_precision = models.CharField(
        _("time precision"),
        max_length=8,
        choices=TimePrecision.choices,
        default=TimePrecision.EXACT,
    )
    occurred_start = models.DateTimeField(_("occurred (from)"))
    occurred_end = models.DateTimeField(_("occurred (until)"), null=True, blank=True)
    location_precision = models.CharField(
        _("location precision"),
        max_length=8,
        choices=LocationPrecision.choices,
        default=LocationPrecision.POINT,
    )
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    area = models.ForeignKey(
        "places.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    h3_r7 = models.BigIntegerField(null=True, blank=True, editable=False)
    h3_r9 = models.BigIntegerField(null=True, blank=True, editable=False)
    h3_r11 = models.BigIntegerField(null=True, blank=True, editable=False)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="reports"
    )
    impact = models.PositiveSmallIntegerField(
        _("impact on safety"), choices=Impact.choices, default=Impact.MEDIUM
    )
    certainty = models.CharField(
        _("certainty"), max_length=12, choices=Certainty.choices, default=Certainty.OBSERVED
    )
    people_min = models.PositiveSmallIntegerField(
        _("people involved (at least)"), null=True, blank=True
    )
    people_max = models.PositiveSmallIntegerField(
        _("people involved (at most)"), null=True, blank=True
    )
    police_contacted = models.BooleanField(_("police contacted"), default=False)
    police_report_filed = models.BooleanField(_("police report filed"), default=False)
    police_reference = models.CharField(
        _("internal police reference"), max_length=MAX_POLICE_REFERENCE, blank=True
    )
    description = models.TextField(_("description"), max_length=MAX_DESCRIPTION, blank=True)
    photo = models.ImageField(_("photo"), upload_to="report-photos/%Y/%m/", blank=True)
    channel = models.CharField(
        _("channel"), max_length=12, choices=Channel.choices, default=Channel.REPORTER
    )
    status = models.CharField(
        _("review status"),
        max_length=12,
        choices=ReportStatus.choices,
        default=ReportStatus.SUBMITTED,
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PARTNERS
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    rejection_reason = models.CharField(_("reason for rejection"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    # a coordinator's removal of the description or the photo (personal data that slipped
    # through): when and why; who is in the audit log (reports.services.redaction)
    description_redacted_at = models.DateTimeField(
        _("description removed at"), null=True, blank=True
    )
    description_redaction_reason = models.CharField(
        _("reason for removing the description"), max_length=300, blank=True
    )
    photo_redacted_at = models.DateTimeField(_("photo removed at"), null=True, blank=True)
    photo_redaction_reason = models.CharField(
        _("reason for removing the photo"), max_length=300, blank=True
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-occurred_start", "-id"]
        indexes = [
            # covers the weekly aggregates (counts per area × category × week) without table
            # lookups; also serves every (municipality, week_start[, status]) filter
            # One covering index for every read of a period: the weekly, quarterly and annual
            # counts (area, category) and the hot-spot queries (cells, places, time profile,
            # heat points) read the index only, never the table rows (docs/performance.md).
            # A second index with the same leading columns made SQLite pick the wrong one.
            models.Index(
                fields=[
                    "municipality",
                    "week_start",
                    "status",
                    "area",
                    "category",
                    "h3_r9",
                    "h3_r7",
                    "place",
                    "occurred_start",
                    "occurred_end",
                    "lat",
                    "lon",
                ],
                name="report_period_cover",
            ),
            # the weekly picture's counts per (area, category, week): a narrow index in the
            # GROUP BY's own order, so SQLite groups while it reads (no temporary B-tree) and
            # reads a fifth of the pages of report_period_cover (docs/performance.md, issue 8)
            models.Index(
                fields=["municipality", "week_start", "area", "category", "status"],
                name="report_week_counts",
            ),
            models.Index(fields=["municipality", "area", "week_start"], name="report_muni_area"),
            models.Index(fields=["municipality", "category", "week_start"], name="report_muni_cat"),
            models.Index(fields=["municipality", "h3_r9"], name="report_muni_h3r9"),
            models.Index(fields=["reporter", "-created_at"], name="report_reporter"),
            # who answered which week (coverage, completeness): read from the index alone
            models.Index(
                fields=["organisation", "week_start", "status"], name="report_org_week_status"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(impact__gte=1) & Q(impact__lte=3), name="report_impact_range"
            ),
            models.CheckConstraint(
                condition=Q(occurred_end__isnull=True)
                | Q(occurred_end__gte=models.F("occurred_start")),
                name="report_window_order",
            ),
            models.CheckConstraint(
                condition=Q(people_min__isnull=True)
                | Q(people_max__isnull=True)
                | Q(people_max__gte=models.F("people_min")),
                name="report_people_range",
            ),
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(duplicate_of__isnull=False),
                name="report_merged_has_primary",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category.name} {self.occurred_start:%Y-%m-%d}"

    @property
    def is_counted(self) -> bool:
        return self.status not in (ReportStatus.REJECTED, ReportStatus.MERGED)

    @property
    def people_display(self) -> str:
        if self.people_min is None and self.people_max is None:
            return ""
        if self.people_max is None or self.people_min == self.people_max:
            return str(self.people_min if self.people_min is not None else self.people_max)
        if self.people_min is None:
            return f"≤ {self.people_max}"
        return f"{self.people_min}–{self.people_max}"


class WeeklyReturn(BaseModel):
    """An organisation's "nothing to report this week" (inget att rapportera)."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="weekly_returns",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="weekly_returns",
    )
    week_start = models.DateField(_("week (Monday)"))
    nothing_to_report = models.BooleanField(_("nothing to report"), default=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("weekly return")
        verbose_name_plural = _("weekly returns")
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "week_start"], name="weekly_return_unique"
            )
        ]
        indexes = [models.Index(fields=["municipality", "week_start"], name="wr_muni_week")]

    def __str__(self) -> str:
        return f"{self.organisation} {self.week_start}"


class ReminderStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Nobody to send to")
    FAILED = "failed", _("Failed")


class ReportingReminder(BaseModel):
    """One reminder to one organisation that had not reported for a week before its deadline.
    Unique per (organisation, week, kind): however often the scheduler runs, with however many
    workers, an organisation is reminded once per week and kind."""

    KIND_MISSING = "missing_report"
    #: sent by the coordinator ("Skicka påminnelse" on the meeting's preparation page)
    KIND_COORDINATOR = "coordinator"

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="reporting_reminders",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="reporting_reminders",
    )
    week_start = models.DateField(_("week (Monday)"))
    kind = models.CharField(_("kind"), max_length=32, default=KIND_MISSING)
    status = models.CharField(
        _("status"), max_length=16, choices=ReminderStatus.choices, default=ReminderStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("reporting reminder")
        verbose_name_plural = _("reporting reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "week_start", "kind"], name="reporting_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.week_start} {self.kind}"


class ReportComment(BaseModel):
    """A partner's or coordinator's comment on a report (the police say what they did or know,
    a caretaker adds what they saw). Seen by whoever may see the report; places and
    situations, never persons (screened like every text)."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="report_comments",
    )
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.CharField(_("comment"), max_length=1000)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.text[:40]}"
