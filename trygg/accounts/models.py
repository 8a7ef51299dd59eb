"""Users, the organisations they act for, and their roles (memberships)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from trygg.accounts.choices import OrganisationType, ReportingFrequency, Role
from trygg.core.models import BaseModel


class User(AbstractUser):
    """A person who logs in. Acts through memberships; holds no domain data itself."""

    #: reminders and notices by e-mail (missing report, interventions due, meeting digests);
    #: mail the user asked for (a password link, a picture sent to them) is not affected
    mail_notices = models.BooleanField(_("e-mail reminders and notices"), default=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        full = self.get_full_name()
        return full or self.username


class Organisation(BaseModel):
    """An organisation taking part in one municipality's collaboration.

    Organisations are tenant-owned: the police LPO that works with three kommuner has one
    record in each, so that no coordinator can change another municipality's data.
    """

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(
        _("type"), max_length=32, choices=OrganisationType.choices, default=OrganisationType.OTHER
    )
    contact_name = models.CharField(
        _("contact (key person)"),
        max_length=200,
        blank=True,
        help_text=_("The organisation's key contact (nyckelfunktion) for the EST group."),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    reporting_frequency = models.CharField(
        _("expected reporting"),
        max_length=16,
        choices=ReportingFrequency.choices,
        default=ReportingFrequency.WEEKLY,
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="organisation_unique_name_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def expected_to_report(self) -> bool:
        return self.active and self.reporting_frequency != ReportingFrequency.NONE

    @property
    def effective_frequency(self) -> str:
        """What is expected of the organisation now: its frequency, or none when inactive."""
        return self.reporting_frequency if self.active else ReportingFrequency.NONE

    def expected_in_week(self, week_number: int) -> bool:
        """Expected by the organisation's CURRENT settings (for history, use its
        ReportingExpectation rows: `trygg.accounts.selectors.expected_organisations`)."""
        if not self.expected_to_report:
            return False
        return frequency_expects(self.reporting_frequency, week_number)


def frequency_expects(frequency: str, week_number: int) -> bool:
    """Whether a reporting frequency asks for a report in ISO week `week_number`."""
    if frequency == ReportingFrequency.NONE:
        return False
    if frequency == ReportingFrequency.BIWEEKLY:
        return week_number % 2 == 0
    return True


class ReportingExpectation(BaseModel):
    """What an organisation was expected to report, and from when to when (its history).

    Completeness and coverage of a week are judged by the expectation as it stood that week,
    so adding an organisation today does not make it "missing" in old weeks, and changing its
    frequency does not change an old picture. Written only by `trygg.accounts.services`
    (organisation create/update); one open row (``valid_to`` is None) per organisation at most.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="expectations",
    )
    frequency = models.CharField(
        _("expected reporting"), max_length=16, choices=ReportingFrequency.choices
    )
    valid_from = models.DateField(_("valid from"), help_text=_("Monday of the first week."))
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, help_text=_("Sunday of the last week; empty: open.")
    )

    class Meta:
        verbose_name = _("reporting expectation")
        verbose_name_plural = _("reporting expectations")
        ordering = ["organisation", "valid_from"]
        indexes = [models.Index(fields=["organisation", "valid_from"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(valid_to__isnull=True),
                name="expectation_one_open_per_organisation",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="expectation_valid_to_after_from",
            ),
        ]

    def __str__(self) -> str:
        end = self.valid_to.isoformat() if self.valid_to else "…"
        return f"{self.organisation}: {self.frequency} {self.valid_from.isoformat()}–{end}"

    def covers(self, monday: dt.date) -> bool:
        return self.valid_from <= monday and (self.valid_to is None or monday <= self.valid_to)

    def expects(self, monday: dt.date) -> bool:
        """Whether this row asks for a report in the week starting `monday`."""
        return self.covers(monday) and frequency_expects(self.frequency, monday.isocalendar().week)


class Membership(BaseModel):
    """A user's role in an organisation (and so in that organisation's municipality)."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]
        indexes = [models.Index(fields=["municipality", "user"], name="membership_muni_user")]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"
