from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    PARTNER = "partner", _("Partner")
    COORDINATOR = "coordinator", _("Coordinator")
    ANALYST = "analyst", _("Analyst")
    MODERATOR = "moderator", _("Public moderator")


class OrganisationType(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipal department or unit")
    MUNICIPAL_COMPANY = "municipal_company", _("Municipal company")
    HOUSING = "housing", _("Housing or property company")
    POLICE = "police", _("Police")
    RESCUE = "rescue", _("Rescue service")
    SECURITY = "security", _("Security company")
    SCHOOL = "school", _("School")
    BUSINESS = "business", _("Business")
    ASSOCIATION = "association", _("Association")
    GOVERNMENT = "government", _("Government agency")
    OTHER = "other", _("Other")


class ReportingFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    BIWEEKLY = "biweekly", _("Every other week")
    NONE = "none", _("Not expected to report")
