"""The EST group's meetings: series and single meetings, their agenda, attendance, decisions
and the frozen minutes; and the municipality's risk-day calendar (its own risk days and the
settings of the computed Swedish defaults, trygg.core.riskdays)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trygg.core.models import BaseModel
from trygg.core.riskdays import DEFAULT_SCHOOL_END_WEEK, DEFAULT_SPORTLOV_WEEK
from trygg.meetings import limits
from trygg.meetings.choices import (
    AgendaSource,
    Cadence,
    DecisionKind,
    MeetingKind,
    MeetingStatus,
    Presence,
)
from trygg.situation.choices import StatusLevel

MUNICIPALITY = "places.Municipality"


class RiskCalendar(BaseModel):
    """The municipality's settings of the default risk days (one row, created on first save)."""

    municipality = models.OneToOneField(
        MUNICIPALITY,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="risk_calendar",
    )
    sportlov_week = models.PositiveSmallIntegerField(
        _("winter sports holiday week"), default=DEFAULT_SPORTLOV_WEEK
    )
    school_end_week = models.PositiveSmallIntegerField(
        _("week of the end of the school year"), default=DEFAULT_SCHOOL_END_WEEK
    )

    class Meta:
        verbose_name = _("risk-day calendar")
        verbose_name_plural = _("risk-day calendars")

    def __str__(self) -> str:
        return str(self.municipality)


class LocalRiskDay(BaseModel):
    """A risk day of the municipality's own: a market, a festival, a football derby."""

    municipality = models.ForeignKey(
        MUNICIPALITY,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="local_risk_days",
    )
    name = models.CharField(_("name"), max_length=limits.NAME_MAX)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    note = models.TextField(_("note"), max_length=limits.NOTE_MAX, blank=True)

    class Meta:
        verbose_name = _("local risk day")
        verbose_name_plural = _("local risk days")
        ordering = ["first_day", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="local_risk_day_order",
            )
        ]

    def __str__(self) -> str:
        return self.name


class MeetingSeries(BaseModel):
    """The EST group's recurring meeting (weekly or every other week)."""

    municipality = models.ForeignKey(
        MUNICIPALITY,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="meeting_series",
    )
    name = models.CharField(_("name"), max_length=limits.NAME_MAX)
    cadence = models.CharField(
        _("how often"), max_length=16, choices=Cadence.choices, default=Cadence.WEEKLY
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), default=2)  # ISO: 1 = Monday
    start_time = models.TimeField(_("time"))
    duration_minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=30)
    first_date = models.DateField(_("first meeting"))
    place = models.CharField(_("place or link"), max_length=limits.PLACE_MAX, blank=True)
    organisations = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("participating organisations"),
        related_name="meeting_series",
        blank=True,
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Meeting(BaseModel):
    municipality = models.ForeignKey(
        MUNICIPALITY,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    series = models.ForeignKey(
        MeetingSeries,
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=limits.NAME_MAX)
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=30)
    place = models.CharField(_("place or link"), max_length=limits.PLACE_MAX, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    review_week = models.DateField(_("week reviewed (Monday)"))
    organisations = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("participating organisations"),
        related_name="meetings",
        blank=True,
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    #: the iCalendar SEQUENCE: raised whenever what a calendar shows changes (time, place,
    #: title, cancellation), so subscribed calendars replace their copy
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0)
    correction_reason = models.TextField(
        _("reason for the correction"), max_length=limits.DECISION_MAX, blank=True
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "starts_at"], name="meeting_series_unique_start"
            )
        ]
        indexes = [models.Index(fields=["municipality", "starts_at"], name="meeting_muni_start")]

    def __str__(self) -> str:
        return f"{self.title} {self.starts_at:%Y-%m-%d}"

    @property
    def is_closed(self) -> bool:
        return self.status == MeetingStatus.CLOSED

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED


class AgendaItem(BaseModel):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.CharField(
        _("source"), max_length=24, choices=AgendaSource.choices, default=AgendaSource.MANUAL
    )
    reference = models.CharField(
        _("reference"), max_length=120, blank=True, help_text=_("What the source points at.")
    )
    title = models.CharField(_("title"), max_length=limits.NAME_MAX, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    note = models.TextField(_("note"), max_length=limits.NOTE_MAX, blank=True)
    internal = models.BooleanField(
        _("internal"),
        default=False,
        help_text=_("Left out of the minutes for those outside the core group."),
    )
    done = models.BooleanField(_("dealt with"), default=False)
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "source", "reference"],
                condition=~models.Q(source="manual"),
                name="agenda_item_unique_source",
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The item's heading in the active language: a generated item is worded from its
        data when shown, an item added by hand is its title."""
        from trygg.meetings.labels import item_label

        return item_label(self.source, self.data, self.title)


class Attendance(BaseModel):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    presence = models.CharField(_("attendance"), max_length=16, choices=Presence.choices)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"], name="attendance_unique_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_presence_display()}"


class Decision(BaseModel):
    """A decision of the meeting. Kind "intervention" keeps the proposed intervention's title,
    owner and due date here until the interventions app creates it (``intervention_ref``)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions"
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DecisionKind.choices)
    text = models.TextField(_("decision"), max_length=limits.DECISION_MAX)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("responsible organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    internal = models.BooleanField(_("internal"), default=False)
    # kind "intervention"
    intervention_title = models.CharField(
        _("title of the intervention"), max_length=limits.NAME_MAX, blank=True
    )
    intervention_ref = models.UUIDField(
        _("intervention created"), null=True, blank=True, editable=False
    )
    # kind "area_status" (one area) and "focus" (the areas)
    area = models.ForeignKey(
        "places.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=16, choices=StatusLevel.choices, blank=True)
    area_status = models.ForeignKey(
        "situation.AreaStatus",
        verbose_name=_("area status set"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    focus_areas = models.ManyToManyField(
        "places.Area", verbose_name=_("focus areas"), related_name="+", blank=True
    )
    #: kind "focus": the hot spots (named places) of the focus areas for next week
    hot_spots = models.ManyToManyField(
        "places.Place", verbose_name=_("hot spots"), related_name="+", blank=True
    )
    # kind "tell"
    tell_whom = models.CharField(_("tell whom"), max_length=limits.NAME_MAX, blank=True)
    tell_what = models.TextField(_("what to tell"), max_length=limits.DECISION_MAX, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class MinutesQuerySet(models.QuerySet["Minutes"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Minutes are immutable: a correction makes a new version")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Minutes are immutable: a correction makes a new version")


class Minutes(BaseModel):
    """The frozen minutes of a closed meeting: written once, never changed. A correction
    closes the meeting again as the next version; every version stays readable."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="minutes"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    content = models.JSONField(_("content"))
    correction_reason = models.TextField(
        _("reason for the correction"), max_length=limits.DECISION_MAX, blank=True
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MinutesQuerySet.as_manager()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["meeting", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="minutes_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Minutes are immutable: a correction makes a new version")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Minutes are immutable: a correction makes a new version")


class CalendarFeed(BaseModel):
    """A user's secret calendar address (``/calendar/<token>.ics``): their meetings in any
    calendar program. One live feed per user; a new one replaces it, revoking ends it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.token[:6]}…"


class MinutesDelivery(BaseModel):
    """The minutes e-mailed to one participant (through the task queue). Unique per minutes
    version and user, so sending twice, a retried task or two workers mail each person once."""

    minutes = models.ForeignKey(
        "meetings.Minutes",
        verbose_name=_("minutes"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=16, default="queued")
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("minutes delivery")
        verbose_name_plural = _("minutes deliveries")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "user"], name="minutes_delivery_once")
        ]

    def __str__(self) -> str:
        return f"{self.minutes_id} → {self.user_id}"


class MinutesDigest(BaseModel):
    """The short digest of a closed meeting e-mailed to one participant (non-essential mail:
    only to users with ``mail_notices``). Unique per minutes version and user, so closing, a
    retried task or two workers mail each person one digest per version."""

    minutes = models.ForeignKey(
        "meetings.Minutes",
        verbose_name=_("minutes"),
        on_delete=models.CASCADE,
        related_name="digests",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    #: the edition the digest was written from: the full one for the core group, the one for
    #: outside the core group (no internal items) for everyone else
    outside = models.BooleanField(_("edition for outside the core group"), default=False)
    status = models.CharField(_("status"), max_length=16, default="queued")
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("meeting digest")
        verbose_name_plural = _("meeting digests")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "user"], name="minutes_digest_once")
        ]

    def __str__(self) -> str:
        return f"{self.minutes_id} → {self.user_id}"
