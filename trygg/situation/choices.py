from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    TERTIAL = "tertial", _("Tertial")


class StatusLevel(models.TextChoices):
    GREEN = "green", _("Green – normal")
    YELLOW = "yellow", _("Yellow – heightened")
    RED = "red", _("Red – serious")
    KRAFTSAMLING = "kraftsamling", _("Kraftsamling – concerted effort")


#: severity order, for comparing a decision with the proposal
STATUS_ORDER = {"green": 0, "yellow": 1, "red": 2, "kraftsamling": 3}


class DeliveryStatus(models.TextChoices):
    """Where the e-mail of a frozen weekly picture to one organisation stands."""

    QUEUED = "queued", _("Queued")
    #: claimed by a worker and being handed to the mail server (never sent again from here)
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
