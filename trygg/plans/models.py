"""Models of the plans app: crime statistics imported from Brå and Kolada, the statutory
lägesbild över brottsligheten (lag 2023:196 §4) and the åtgärdsplan that answers it.

Why one ``StatisticValue`` table and not a series + value pair: a value's identity is small and
flat (source, measure, region, year, gender) and every read is "the values of one measure for
three regions over the years", which one indexed table answers without a join. A separate
series row would only hold the measure's display name and the region's name, both of which
change with the source's wording between imports; keeping them on the value row lets a later
import correct them for the years it brings, and deleting a series never strands values. The
volume is small (tens of measures × three regions × a few decades).

``StatisticDraft`` holds a parsed file (or a Kolada fetch) between the preview and the
coordinator's confirmation, on the server: the rows never travel through the browser, so they
cannot be changed between what was previewed and what is written.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.core.models import BaseModel
from trygg.plans.choices import (
    DocumentState,
    FigureKind,
    Gender,
    PicturePart,
    PlanRoundStatus,
    RegionKind,
    SourceKind,
    StatisticSource,
)
from trygg.plans.limits import (
    DRAFT_HOURS,
    MAX_COUNT,
    MAX_DIARY,
    MAX_FILE_NAME,
    MAX_FINDING,
    MAX_MEASURE_CODE,
    MAX_MEASURE_NAME,
    MAX_NOTE,
    MAX_PART_TEXT,
    MAX_REGION_NAME,
    MAX_ROW_TEXT,
    MAX_SHORT,
    MAX_TITLE,
    MAX_YEAR,
    MIN_YEAR,
    RATE_DECIMALS,
    RENEWAL_YEARS_DEFAULT,
)
from trygg.promises.choices import Rating


class StatisticImport(BaseModel):
    """One import: a file or a Kolada fetch, confirmed by a coordinator."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="statistic_imports",
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=16, choices=StatisticSource.choices)
    file_name = models.CharField(_("file"), max_length=MAX_FILE_NAME)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("new values"), default=0)
    updated_count = models.PositiveIntegerField(_("changed values"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged values"), default=0)
    note = models.CharField(_("note"), max_length=MAX_NOTE, blank=True)

    class Meta:
        verbose_name = _("statistics import")
        verbose_name_plural = _("statistics imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["municipality", "-created_at"], name="stat_import_recent")]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.file_name}"


class StatisticValue(BaseModel):
    """One figure: a measure for one region, year and gender, from one source."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="statistic_values",
        help_text=_("The municipality that imported the value (it may describe its county)."),
    )
    batch = models.ForeignKey(
        StatisticImport,
        verbose_name=_("import"),
        on_delete=models.PROTECT,
        related_name="values",
    )
    source = models.CharField(_("source"), max_length=16, choices=StatisticSource.choices)
    measure_code = models.CharField(_("measure code"), max_length=MAX_MEASURE_CODE)
    measure_name = models.CharField(_("measure"), max_length=MAX_MEASURE_NAME)
    region_kind = models.CharField(_("region kind"), max_length=16, choices=RegionKind.choices)
    region_code = models.CharField(
        _("region code"),
        max_length=4,
        help_text=_("Kolada's ids: the kommunkod, 00 and the county code, 0000 for Sweden."),
    )
    region_name = models.CharField(_("region"), max_length=MAX_REGION_NAME)
    period = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    gender = models.CharField(
        _("gender"), max_length=1, choices=Gender.choices, default=Gender.TOTAL
    )
    count = models.PositiveIntegerField(
        _("count"), null=True, blank=True, validators=[MaxValueValidator(MAX_COUNT)]
    )
    rate = models.DecimalField(
        _("per 100,000 inhabitants"),
        max_digits=12,
        decimal_places=RATE_DECIMALS,
        null=True,
        blank=True,
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)

    class Meta:
        verbose_name = _("statistic value")
        verbose_name_plural = _("statistic values")
        ordering = ["measure_code", "region_kind", "region_code", "period", "gender"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "municipality",
                    "source",
                    "measure_code",
                    "region_code",
                    "period",
                    "gender",
                ],
                name="stat_value_one_per_key",
            ),
        ]
        indexes = [
            models.Index(
                fields=["municipality", "source", "measure_code", "period"],
                name="stat_value_measure",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure_name} {self.region_name} {self.period}"


def draft_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=DRAFT_HOURS)


class StatisticDraft(BaseModel):
    """A parsed import waiting for confirmation (the rows as JSON; see the module docstring)."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=16, choices=StatisticSource.choices)
    file_name = models.CharField(_("file"), max_length=MAX_FILE_NAME)
    rows = models.JSONField(_("rows"), default=list)
    expires_at = models.DateTimeField(_("expires at"), default=draft_expiry)

    class Meta:
        verbose_name = _("statistics import draft")
        verbose_name_plural = _("statistics import drafts")
        indexes = [models.Index(fields=["municipality", "owner"], name="stat_draft_owner")]

    def __str__(self) -> str:
        return self.file_name


# --- the lägesbild över brottsligheten (lag 2023:196 §4) -----------------------------------


class DecisionMixin(models.Model):
    """What every decided plan document records: who decided it, when, under which number."""

    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(
        _("state"), max_length=12, choices=DocumentState.choices, default=DocumentState.DRAFT
    )
    change_note = models.TextField(_("change note"), max_length=MAX_ROW_TEXT, blank=True)
    deciding_body = models.CharField(
        _("deciding body"), max_length=MAX_SHORT, blank=True, help_text=_("E.g. Kommunfullmäktige.")
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    diary_number = models.CharField(_("diary number"), max_length=MAX_DIARY, blank=True)
    paragraph = models.CharField(_("paragraph"), max_length=MAX_DIARY, blank=True)
    decided_at = models.DateTimeField(_("recorded as decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_public = models.BooleanField(
        _("published on the public pages"),
        default=False,
        help_text=_(
            "A decided document is public record; publishing puts it on the kommun's pages."
        ),
    )

    class Meta:
        abstract = True

    @property
    def is_draft(self) -> bool:
        return self.state == DocumentState.DRAFT


class CrimePicture(BaseModel):
    """One lägesbild per period; its content lives in versions (a decided one never changes)."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="crime_pictures",
    )

    class Meta:
        verbose_name = _("crime picture")
        verbose_name_plural = _("crime pictures")

    def __str__(self) -> str:
        return str(self.public_id)


class CrimePictureVersion(DecisionMixin, BaseModel):
    picture = models.ForeignKey(
        CrimePicture,
        verbose_name=_("crime picture"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    summary = models.TextField(_("summary"), max_length=MAX_ROW_TEXT, blank=True)
    part_mapping = models.TextField(
        _("1. Mapping of crime, its extent and consequences"), max_length=MAX_PART_TEXT, blank=True
    )
    part_other = models.TextField(
        _("2. Other relevant information"), max_length=MAX_PART_TEXT, blank=True
    )
    part_analysis = models.TextField(_("3. Analysis"), max_length=MAX_PART_TEXT, blank=True)
    position_on_measures = models.TextField(
        _("Position on the need for measures"), max_length=MAX_PART_TEXT, blank=True
    )

    class Meta:
        verbose_name = _("crime picture version")
        verbose_name_plural = _("crime picture versions")
        ordering = ("picture", "-number")
        constraints = [
            models.UniqueConstraint(
                fields=("picture", "number"), name="crime_picture_version_number"
            ),
            models.UniqueConstraint(
                fields=("picture",), condition=Q(state="draft"), name="crime_picture_one_draft"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"


class CrimePictureSource(models.Model):
    """The source register: what the picture rests on, why it was chosen, what it cannot show."""

    version = models.ForeignKey(
        CrimePictureVersion, on_delete=models.CASCADE, related_name="sources"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind of source"), max_length=16, choices=SourceKind.choices)
    name = models.CharField(_("source"), max_length=MAX_SHORT)
    period = models.CharField(_("period"), max_length=MAX_SHORT, blank=True)
    why_chosen = models.TextField(_("why it was chosen"), max_length=MAX_ROW_TEXT, blank=True)
    limitations = models.TextField(_("limitations"), max_length=MAX_ROW_TEXT, blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ("version", "position", "id")

    def __str__(self) -> str:
        return self.name


class CrimePictureFigure(models.Model):
    """A figure in one part, computed from Trygg's data; ``data`` is frozen when decided.

    While the version is a draft the figure is computed afresh on every view, so the coordinator
    sees today's numbers; deciding stores the computed table in ``data`` so that the decided
    document shows what the deciding body saw, whatever is imported or reviewed later.
    """

    version = models.ForeignKey(
        CrimePictureVersion, on_delete=models.CASCADE, related_name="figures"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    part = models.PositiveSmallIntegerField(
        _("part"), choices=PicturePart.choices, default=PicturePart.MAPPING
    )
    kind = models.CharField(_("figure"), max_length=24, choices=FigureKind.choices)
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)],
    )
    measure_code = models.CharField(_("measure code"), max_length=MAX_MEASURE_CODE, blank=True)
    caption = models.CharField(_("caption"), max_length=MAX_SHORT, blank=True)
    source = models.ForeignKey(
        CrimePictureSource,
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="figures",
    )
    data = models.JSONField(_("frozen data"), null=True, blank=True)

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ("version", "part", "position", "id")

    def __str__(self) -> str:
        return self.caption or self.kind


class CrimePictureFinding(models.Model):
    """A finding of the analysis that the åtgärdsplan answers; ``key`` is stable across versions."""

    version = models.ForeignKey(
        CrimePictureVersion, on_delete=models.CASCADE, related_name="findings"
    )
    key = models.UUIDField(_("key"), default=uuid.uuid4, editable=False)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("finding"), max_length=MAX_FINDING)
    area = models.ForeignKey(
        "places.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ("version", "position", "id")
        constraints = [
            models.UniqueConstraint(fields=("version", "key"), name="crime_picture_finding_key")
        ]

    def __str__(self) -> str:
        return self.text[:60]


# --- the åtgärdsplan -----------------------------------------------------------------------


class ActionPlan(BaseModel):
    """The åtgärdsplan answering a lägesbild; renewed every ``renewal_years`` (default two)."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="action_plans",
    )
    crime_picture = models.ForeignKey(
        CrimePicture,
        verbose_name=_("crime picture"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_plans",
    )
    renewal_years = models.PositiveSmallIntegerField(
        _("renewed every (years)"),
        default=RENEWAL_YEARS_DEFAULT,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    renewal_due = models.DateField(_("to be renewed by"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("renewal reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return str(self.public_id)


class ActionPlanVersion(DecisionMixin, BaseModel):
    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="versions"
    )
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    summary = models.TextField(_("summary"), max_length=MAX_ROW_TEXT, blank=True)

    class Meta:
        verbose_name = _("action plan version")
        verbose_name_plural = _("action plan versions")
        ordering = ("plan", "-number")
        constraints = [
            models.UniqueConstraint(fields=("plan", "number"), name="action_plan_version_number"),
            models.UniqueConstraint(
                fields=("plan",), condition=Q(state="draft"), name="action_plan_one_draft"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"


class ActionPlanRow(models.Model):
    """Brå's columns: Orsak → Åtgärd → Operativt mål → När → Vem → Uppföljning."""

    version = models.ForeignKey(ActionPlanVersion, on_delete=models.CASCADE, related_name="rows")
    key = models.UUIDField(_("key"), default=uuid.uuid4, editable=False)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    cause = models.TextField(_("cause"), max_length=MAX_ROW_TEXT)
    measure = models.TextField(_("measure"), max_length=MAX_ROW_TEXT)
    operational_goal = models.TextField(_("operational goal"), max_length=MAX_ROW_TEXT)
    when_text = models.CharField(_("when"), max_length=MAX_SHORT)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    who_text = models.CharField(_("who"), max_length=MAX_SHORT)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("responsible organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    follow_up = models.TextField(_("how it is followed up"), max_length=MAX_ROW_TEXT, blank=True)
    findings = models.ManyToManyField(
        CrimePictureFinding, verbose_name=_("findings"), blank=True, related_name="action_rows"
    )
    interventions = models.ManyToManyField(
        "interventions.Intervention",
        verbose_name=_("interventions"),
        blank=True,
        related_name="action_plan_rows",
    )

    class Meta:
        verbose_name = _("action plan row")
        verbose_name_plural = _("action plan rows")
        ordering = ("version", "position", "id")
        constraints = [
            models.UniqueConstraint(fields=("version", "key"), name="action_plan_row_key")
        ]

    def __str__(self) -> str:
        return self.measure[:60]


class ActionPlanRound(BaseModel):
    """A follow-up of the decided plan: every row gets green, yellow or red with a note."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="rounds"
    )
    version = models.ForeignKey(
        ActionPlanVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    as_of = models.DateField(_("as of"))
    status = models.CharField(
        _("status"), max_length=8, choices=PlanRoundStatus.choices, default=PlanRoundStatus.OPEN
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    summary = models.TextField(_("summary"), max_length=MAX_ROW_TEXT, blank=True)

    class Meta:
        verbose_name = _("action plan follow-up")
        verbose_name_plural = _("action plan follow-ups")
        ordering = ("plan", "-as_of")

    def __str__(self) -> str:
        return self.title


class ActionPlanRowStatus(models.Model):
    round = models.ForeignKey(ActionPlanRound, on_delete=models.CASCADE, related_name="statuses")
    row = models.ForeignKey(ActionPlanRow, on_delete=models.CASCADE, related_name="statuses")
    rating = models.CharField(_("status"), max_length=8, choices=Rating.choices)
    note = models.TextField(_("note"), max_length=MAX_ROW_TEXT, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)

    class Meta:
        verbose_name = _("row status")
        verbose_name_plural = _("row statuses")
        constraints = [
            models.UniqueConstraint(fields=("round", "row"), name="action_plan_row_status_once")
        ]

    def __str__(self) -> str:
        return self.rating
