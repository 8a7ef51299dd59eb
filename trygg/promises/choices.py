"""Every choice list of the promises app (DOMAIN.md, "Medborgarlöfte and
samverkansöverenskommelse")."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VersionState(models.TextChoices):
    """A version is edited as a draft and frozen when it is published (a promise) or signed
    (an agreement); a later version supersedes it but never changes it."""

    DRAFT = "draft", pgettext_lazy("document version", "Draft")
    PUBLISHED = "published", pgettext_lazy("document version", "Published")


class PromiseStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("promise", "Draft")
    AGREED = "agreed", pgettext_lazy("promise", "Agreed")
    PUBLISHED = "published", pgettext_lazy("promise", "Published")
    FOLLOWED_UP = "followed_up", pgettext_lazy("promise", "Followed up")
    CLOSED = "closed", pgettext_lazy("promise", "Closed")


#: statuses in which the promise is shown on the public pages
PUBLIC_STATUSES = frozenset(
    {PromiseStatus.PUBLISHED, PromiseStatus.FOLLOWED_UP, PromiseStatus.CLOSED}
)


class Party(models.TextChoices):
    """Who is responsible for a promise item, and who reports on it."""

    POLICE = "police", _("The police")
    MUNICIPALITY = "municipality", pgettext_lazy("party", "The municipality")
    BOTH = "both", _("The police and the municipality")
    PARTNER = "partner", _("A named partner")


class ReportingParty(models.TextChoices):
    """The party that reports a follow-up: an item of ``Party.BOTH`` is reported by each."""

    POLICE = "police", _("The police")
    MUNICIPALITY = "municipality", pgettext_lazy("party", "The municipality")
    PARTNER = "partner", _("A named partner")


class IndicatorType(models.TextChoices):
    COUNT = "count", pgettext_lazy("indicator", "Count")
    DONE = "done", _("Done or not done")
    SHARE = "share", _("Share (per cent)")
    SURVEY = "survey", _("Survey indicator")


class Measure(models.TextChoices):
    """Where an item's progress comes from: typed in the follow-up, or computed from Trygg's
    own data (docs/promises.md, "Progress from the data")."""

    NONE = "", _("Reported in the follow-up")
    CATEGORY_COUNT = "category_count", _("Reports of a category in an area")
    PROGRAMME_SESSIONS = "programme_sessions", _("Sessions held of a programme")


class TargetDirection(models.TextChoices):
    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")


class Rating(models.TextChoices):
    """The follow-up's traffic light, always shown with its word."""

    GREEN = "green", _("On track or done")
    YELLOW = "yellow", _("Partly, or delayed")
    RED = "red", _("Not done")


class BasisKind(models.TextChoices):
    EST = "est", _("The EST picture")
    WALKS = "walks", _("Safety walks")
    SURVEYS = "surveys", _("Safety surveys")
    STAFF_DIALOGUE = "staff_dialogue", _("The police staff dialogue")
    CITIZEN_DIALOGUE = "citizen_dialogue", _("Citizen dialogues")
    STATISTICS = "statistics", _("Crime statistics")
    OTHER = "other", pgettext_lazy("basis", "Other")


class RoundStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("follow-up round", "Open")
    PUBLISHED = "published", pgettext_lazy("follow-up round", "Published")
