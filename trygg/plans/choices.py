"""Choices of the plans app (so far: the imported crime statistics)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatisticSource(models.TextChoices):
    BRA = "bra", _("Brå")
    KOLADA = "kolada", _("Kolada")
    OTHER = "other", _("Other source")


class RegionKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    COUNTY = "county", _("County")
    NATIONAL = "national", _("Sweden as a whole")


class Gender(models.TextChoices):
    """Kolada's split by gender; Brå's tables and our own files are T (all)."""

    TOTAL = "T", _("All")
    WOMEN = "K", _("Women")
    MEN = "M", _("Men")
