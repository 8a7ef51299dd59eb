from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    BIWEEKLY = "biweekly", _("Every other week")


class MeetingKind(models.TextChoices):
    WEEKLY = "weekly", _("Weekly EST meeting")
    QUARTERLY = "quarterly", _("Quarterly meeting")
    ANNUAL = "annual", _("Annual meeting")
    STRATEGIC = "strategic", _("Strategic group (LokBrå)")


SINGLE_KINDS = (MeetingKind.QUARTERLY, MeetingKind.ANNUAL, MeetingKind.STRATEGIC)


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", pgettext_lazy("meeting", "Cancelled")


class AgendaSource(models.TextChoices):
    """Where an agenda item came from. A new source kind (the lead adds "interventions due")
    is one choice here and one function in selectors/agenda.py SOURCES."""

    INTERVENTION_DUE = "intervention_due", _("Intervention due or overdue")
    UNREVIEWED = "unreviewed", _("Reports waiting for review")
    MISSING = "missing", _("Organisations that have not reported")
    FLAGGED = "flagged", _("Area flagged")
    STATUS_CHANGE = "status_change", _("Area status changed")
    RISK_DAY = "risk_day", _("Risk day ahead")
    CARRIED = "carried", _("Carried over from the last meeting")
    MANUAL = "manual", _("Added by hand")


class Presence(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    APOLOGIES = "apologies", _("Sent apologies")


class DecisionKind(models.TextChoices):
    INTERVENTION = "intervention", _("New intervention")
    AREA_STATUS = "area_status", _("Area status for the coming week")
    FOCUS = "focus", _("Focus areas and hot spots for next week")
    TELL = "tell", _("What to tell whom")
    OTHER = "other", _("Other decision")
