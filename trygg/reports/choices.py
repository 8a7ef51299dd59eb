from django.db import models
from django.utils.translation import gettext_lazy as _


class Certainty(models.TextChoices):
    OBSERVED = "observed", _("Observed myself")
    SUSPECTED = "suspected", _("Suspected")
    HEARD = "heard", _("Heard from others")


class Impact(models.IntegerChoices):
    LOW = 1, _("1 – small impact on safety")
    MEDIUM = 2, _("2 – noticeable impact on safety")
    HIGH = 3, _("3 – serious impact on safety")


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    INCLUDED = "included", _("Reviewed and included")
    MERGED = "merged", _("Merged as duplicate")
    REJECTED = "rejected", _("Rejected")


class Visibility(models.TextChoices):
    PARTNERS = "partners", _("All partners")
    COORDINATORS = "coordinators", _("Coordinators only")


class Channel(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    CITIZEN = "citizen", _("Citizen")
    IMPORT = "import", _("Import")
    API = "api", _("API")


class LocationPrecision(models.TextChoices):
    POINT = "point", _("Point on the map")
    PLACE = "place", _("Named place")
    AREA = "area", _("Area only")


class TimePrecision(models.TextChoices):
    EXACT = "exact", _("Exact time")
    WINDOW = "window", _("Time window")


class PartOfDay(models.TextChoices):
    NIGHT = "night", _("Night (00–06)")
    MORNING = "morning", _("Morning (06–12)")
    AFTERNOON = "afternoon", _("Afternoon (12–18)")
    EVENING = "evening", _("Evening (18–24)")
    WHOLE_DAY = "day", _("Some time during the day (00–24)")


PART_OF_DAY_HOURS: dict[str, tuple[int, int]] = {
    "night": (0, 6),
    "morning": (6, 12),
    "afternoon": (12, 18),
    "evening": (18, 24),
    "day": (0, 24),
}


class Redactable(models.TextChoices):
    """What a coordinator can remove from a report (reports.services.redaction)."""

    DESCRIPTION = "description", _("The description")
    PHOTO = "photo", _("The photo")
