"""Choices of the places app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportingCadence(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    BIWEEKLY = "biweekly", _("Every other week")


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")
    SUNDAY = 7, _("Sunday")


class JointKind(models.TextChoices):
    """What joins several municipalities: a shared council or a police area."""

    COUNCIL = "council", _("Joint council (LokBrå/BRÅ)")
    POLICE_AREA = "police_area", _("Local police area")


class JointStatus(models.TextChoices):
    """A municipality's place in a joint body: invited until its own coordinator answers."""

    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Member")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")
