"""The tenant (Municipality), its areas and named places."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from trygg.core.models import BaseModel
from trygg.places.choices import JointKind, JointStatus, ReportingCadence, Weekday


class Municipality(BaseModel):
    """A kommun: the tenant. Every tenant-owned row points here."""

    code = models.CharField(
        _("municipality code"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("A municipality code has four digits."))],
    )
    name = models.CharField(_("name"), max_length=100)
    outline = models.JSONField(_("outline (GeoJSON)"), default=dict, blank=True)
    reporting_cadence = models.CharField(
        _("reporting cadence"),
        max_length=16,
        choices=ReportingCadence.choices,
        default=ReportingCadence.WEEKLY,
    )
    deadline_weekday = models.PositiveSmallIntegerField(
        _("deadline weekday"),
        choices=Weekday.choices,
        default=Weekday.MONDAY,
        help_text=_("Reports for a week are due on this day of the following week."),
    )
    deadline_time = models.TimeField(_("deadline time"), default=dt.time(12, 0))
    coverage_threshold = models.PositiveSmallIntegerField(
        _("coverage threshold (%)"),
        default=75,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "A week counts as covered when at least this share of the organisations expected "
            "to report did so (or said they had nothing to report). Weeks below it are marked "
            "and left out of baselines."
        ),
    )
    reminder_hours = models.PositiveSmallIntegerField(
        _("reminder before the deadline (hours)"),
        default=24,
        validators=[MaxValueValidator(168)],
        help_text=_(
            "Organisations that have not reported for the week get an e-mail reminder this "
            "many hours before the deadline. 0: no reminders."
        ),
    )
    public_indexing = models.BooleanField(
        _("let search engines index the public pages"),
        default=False,
        help_text=_(
            "Off: the public pages ask search engines not to index them (noindex). Turn it on "
            "when the pages are announced."
        ),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Area(BaseModel):
    """A named part of the municipality (stadsdel, tätort, område) with a polygon."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="areas",
    )
    name = models.CharField(_("name"), max_length=120)
    code = models.CharField(_("short code"), max_length=40, blank=True)
    geometry = models.JSONField(_("geometry (GeoJSON)"))
    min_lat = models.FloatField(editable=False, default=0)
    min_lon = models.FloatField(editable=False, default=0)
    max_lat = models.FloatField(editable=False, default=0)
    max_lon = models.FloatField(editable=False, default=0)
    active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="area_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Place(BaseModel):
    """A named spot (a square, a station, a school yard) reporters can pick."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="places",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="places",
    )
    name = models.CharField(_("name"), max_length=160)
    lat = models.FloatField(
        _("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    lon = models.FloatField(
        _("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="place_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class JointBody(BaseModel):
    """A council (LokBrå/BRÅ-råd) or a lokalpolisområde shared by several municipalities.

    Not tenant-owned: it belongs to its current members (``JointMembership``). It opens a
    read-only joint view of the members' quarterly and annual figures and published promises
    (docs/joint.md); nothing else is shared."""

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=JointKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("joint body")
        verbose_name_plural = _("joint bodies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class JointMembership(BaseModel):
    """One municipality's membership of a joint body: invited → member (its own coordinator
    accepted) or declined; a member may leave (``left_on``). Only a member (status active,
    no ``left_on``) is shown in and sees the joint view."""

    joint_body = models.ForeignKey(
        JointBody,
        verbose_name=_("joint body"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="joint_memberships",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=JointStatus.choices, default=JointStatus.INVITED
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("joint membership")
        verbose_name_plural = _("joint memberships")
        ordering = ["joint_body", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["joint_body", "municipality"],
                condition=models.Q(status__in=["invited", "active"]),
                name="joint_membership_one_open",
            )
        ]
        indexes = [models.Index(fields=["municipality", "status"], name="joint_member_muni")]

    def __str__(self) -> str:
        return f"{self.municipality} – {self.joint_body}"

    @property
    def is_current(self) -> bool:
        return self.status == JointStatus.ACTIVE and self.left_on is None
