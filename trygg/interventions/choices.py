"""Every choice list of the interventions app (DOMAIN.md, "Intervention")."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class InterventionType(models.TextChoices):
    PRESENCE = "presence", _("Presence or patrol")
    FIELD_WORK = "field_work", _("Field work")
    CLEANING = "cleaning", _("Cleaning or sanitation")
    GRAFFITI_REMOVAL = "graffiti_removal", _("Graffiti removal")
    LIGHTING = "lighting", _("Lighting")
    VEGETATION = "vegetation", _("Vegetation clearing")
    CAMERA = "camera", _("Camera surveillance")
    DIALOGUE = "dialogue", _("Dialogue or information")
    YOUTH_ACTIVITY = "youth_activity", _("Activity for young people")
    NIGHT_WALKING = "night_walking", _("Night walking")
    NEIGHBOURHOOD_WATCH = "neighbourhood_watch", _("Neighbourhood watch")
    TRYGG_VUXEN = "trygg_vuxen", _("Trygg vuxen (adults present in the evening)")
    PLACE_PARTNERSHIP = "place_partnership", _("Place-based partnership")
    PHYSICAL_CHANGE = "physical_change", _("Physical change")
    OTHER = "other", _("Other")


class Technique(models.TextChoices):
    """The five aims of situational crime prevention (Cornish & Clarke)."""

    INCREASE_EFFORT = "increase_effort", _("Increase the effort")
    INCREASE_RISK = "increase_risk", _("Increase the risks")
    REDUCE_REWARDS = "reduce_rewards", _("Reduce the rewards")
    REDUCE_PROVOCATIONS = "reduce_provocations", _("Reduce provocations")
    REMOVE_EXCUSES = "remove_excuses", _("Remove excuses")


class Term(models.TextChoices):
    SHORT = "short", _("Short term")
    LONG = "long", _("Long term")


class InterventionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    DECIDED = "decided", _("Decided")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (
    InterventionStatus.PROPOSED,
    InterventionStatus.DECIDED,
    InterventionStatus.ONGOING,
)
"""An intervention still to be followed up."""

DECIDED_STATUSES = (
    InterventionStatus.DECIDED,
    InterventionStatus.ONGOING,
    InterventionStatus.DONE,
)
"""Statuses that need everything a decision needs (owner, responsible, due date, area, problem)."""


class InterventionVisibility(models.TextChoices):
    PARTNERS = "partners", _("All partners")
    COORDINATORS = "coordinators", _("Coordinators and the owner organisation")


class InterventionSource(models.TextChoices):
    DIRECT = "direct", _("Created directly")
    DECISION = "decision", _("Decided at a meeting")
    FOCUS_AREA = "focus_area", _("Quarterly focus area")


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", _("Continue")
    EXPAND = "expand", _("Expand")
    REPLACE = "replace", _("Replace")
    END = "end", _("End")


class Weekday(models.IntegerChoices):
    """ISO weekday numbers (Monday 1 … Sunday 7), as ``date.isoweekday()``."""

    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")
    SUNDAY = 7, _("Sunday")


class SessionStatus(models.TextChoices):
    """What became of one programme session."""

    HELD = "held", pgettext_lazy("session", "Held")
    CANCELLED = "cancelled", pgettext_lazy("session", "Cancelled")
