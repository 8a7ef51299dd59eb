"""Choices of the plans app: the crime statistics, the lägesbild and the åtgärdsplan."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


class DocumentState(models.TextChoices):
    """A lägesbild's or an åtgärdsplan's version: drafted, then decided by the deciding body."""

    DRAFT = "draft", pgettext_lazy("plan document", "Draft")
    DECIDED = "decided", pgettext_lazy("plan document", "Decided")
    SUPERSEDED = "superseded", pgettext_lazy("plan document", "Superseded")


class PicturePart(models.IntegerChoices):
    """The three parts lag (2023:196) §4 requires of the lägesbild, plus the position taken."""

    MAPPING = 1, _("Mapping of crime, its extent and consequences")
    OTHER = 2, _("Other relevant information")
    ANALYSIS = 3, _("Analysis")
    MEASURES = 4, _("Position on the need for measures")


class SourceKind(models.TextChoices):
    EST = "est", _("EST reports in Trygg")
    HOT_SPOTS = "hot_spots", _("Hot spots in Trygg")
    STATISTICS = "statistics", _("Reported crimes (Brå, Kolada)")
    SURVEY = "survey", _("Safety survey")
    WALKS = "walks", _("Safety walks")
    POLICE = "police", _("Police information")
    SCHOOL = "school", _("School and social services")
    INTERVENTIONS = "interventions", _("Evaluated interventions")
    OTHER = "other", pgettext_lazy("source", "Other")


class FigureKind(models.TextChoices):
    """A figure pulled from Trygg's own data or the imported statistics, frozen at decision."""

    ANNUAL_CATEGORIES = "annual_categories", _("EST reports per category, year against year")
    ANNUAL_AREAS = "annual_areas", _("EST reports per area, year against year")
    HOT_SPOTS = "hot_spots", _("Hot spots of the year")
    STATISTIC_SERIES = "statistic_series", _("Reported crimes over the years (imported)")
    INTERVENTIONS = "interventions", _("Interventions and their evaluations")


class PlanRoundStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("action plan follow-up", "Open")
    DONE = "done", pgettext_lazy("action plan follow-up", "Completed")
