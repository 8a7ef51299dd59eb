"""Interventions (insatser): what the EST group does about a problem in an area, who owns it,
how it goes (progress updates with hours) and what the group decided at each follow-up."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from trygg.core.models import BaseModel
from trygg.interventions.choices import (
    OPEN_STATUSES,
    InterventionSource,
    InterventionStatus,
    InterventionType,
    InterventionVisibility,
    ReviewOutcome,
    SessionStatus,
    Technique,
    Term,
    Weekday,
)
from trygg.interventions.limits import (
    HOURS_DECIMALS,
    MAX_NOTE,
    MAX_RESPONSIBLE,
    MAX_SARA_TEXT,
    MAX_SESSION_PARTICIPANTS,
    MAX_TITLE,
)


class Intervention(BaseModel):
    """One intervention, linked to the problem it addresses (area, categories and a SARA
    statement) and owned by one organisation."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="interventions",
    )
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    type = models.CharField(_("type"), max_length=24, choices=InterventionType.choices)
    technique = models.CharField(
        _("situational-prevention technique"),
        max_length=24,
        choices=Technique.choices,
        blank=True,
    )
    term = models.CharField(_("term"), max_length=8, choices=Term.choices, default=Term.SHORT)
    area = models.ForeignKey(
        "places.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interventions",
    )
    places = models.ManyToManyField(
        "places.Place", verbose_name=_("places"), blank=True, related_name="interventions"
    )
    categories = models.ManyToManyField(
        "reports.Category", verbose_name=_("categories"), blank=True, related_name="interventions"
    )
    # the problem in the SARA form: scanning -> analysis -> response -> assessment
    scanning = models.TextField(_("problem (scanning)"), max_length=MAX_SARA_TEXT, blank=True)
    analysis = models.TextField(_("causes (analysis)"), max_length=MAX_SARA_TEXT, blank=True)
    response = models.TextField(_("what is done (response)"), max_length=MAX_SARA_TEXT, blank=True)
    assessment = models.TextField(
        _("how it is followed up (assessment)"), max_length=MAX_SARA_TEXT, blank=True
    )
    owner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("owner organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_interventions",
    )
    # A name or a role as text ("Fältassistent, kvällsgruppen"): the responsible person is
    # often not a Trygg user, and a role survives staff changes (docs/interventions.md).
    responsible = models.CharField(_("responsible person"), max_length=MAX_RESPONSIBLE, blank=True)
    participants = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("participating organisations"),
        blank=True,
        related_name="participating_interventions",
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=InterventionStatus.choices,
        default=InterventionStatus.PROPOSED,
    )
    hours_spent = models.DecimalField(
        _("hours spent"),
        max_digits=10,
        decimal_places=HOURS_DECIMALS,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("The sum of the hours of the progress updates."),
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=16,
        choices=InterventionVisibility.choices,
        default=InterventionVisibility.PARTNERS,
    )
    source = models.CharField(
        _("source"),
        max_length=12,
        choices=InterventionSource.choices,
        default=InterventionSource.DIRECT,
    )
    focus_decision = models.ForeignKey(
        "situation.PriorityDecision",
        verbose_name=_("focus-area decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interventions",
    )
    # The meeting decision that created it: the meetings app (a higher layer) refers to it by
    # its public id; interventions may not import meetings.
    decision_ref = models.UUIDField(_("meeting decision"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["due_date", "-created_at"]
        indexes = [
            models.Index(fields=["municipality", "status", "due_date"], name="intervention_due"),
            models.Index(fields=["area", "status"], name="intervention_area_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours_spent__gte=0), name="intervention_hours_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: dt.date) -> bool:
        return bool(self.is_open and self.due_date is not None and self.due_date < today)


class InterventionUpdate(BaseModel):
    """A progress note from the owner, with the hours spent since the last one."""

    intervention = models.ForeignKey(
        Intervention,
        verbose_name=_("intervention"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    note = models.TextField(_("progress"), max_length=MAX_NOTE)
    hours = models.DecimalField(
        _("hours"),
        max_digits=7,
        decimal_places=HOURS_DECIMALS,
        default=0,
        validators=[MinValueValidator(0)],
    )
    occurred_on = models.DateField(_("date"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-occurred_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gte=0), name="intervention_update_hours_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intervention} {self.occurred_on}"


class InterventionReview(BaseModel):
    """A follow-up of the intervention by the group: continue, expand, replace or end."""

    intervention = models.ForeignKey(
        Intervention,
        verbose_name=_("intervention"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=ReviewOutcome.choices)
    note = models.TextField(_("note"), max_length=MAX_NOTE, blank=True)
    reviewed_on = models.DateField(_("date"))
    # The meeting it was reviewed at (meetings app, a higher layer: referred to by public id).
    meeting_ref = models.UUIDField(_("meeting"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-reviewed_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.intervention}: {self.get_outcome_display()}"


class InterventionStatusChange(BaseModel):
    """One change of status, for the intervention's history on its page (the audit log holds
    the same change; this row is what the page and the annual view read)."""

    intervention = models.ForeignKey(
        Intervention,
        verbose_name=_("intervention"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(
        _("from"), max_length=12, choices=InterventionStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=12, choices=InterventionStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.intervention}: {self.from_status} -> {self.to_status}"


class EvaluationDesign(BaseModel):
    """How the intervention's effect is to be evaluated (ANALYTICS.md, "Did it work?"): the
    target area against a comparison area, an optional buffer around the target, the
    categories counted, and before and after windows of equal length in whole ISO weeks."""

    intervention = models.OneToOneField(
        Intervention,
        verbose_name=_("intervention"),
        on_delete=models.CASCADE,
        related_name="evaluation_design",
    )
    target_area = models.ForeignKey(
        "places.Area", verbose_name=_("target area"), on_delete=models.PROTECT, related_name="+"
    )
    comparison_area = models.ForeignKey(
        "places.Area",
        verbose_name=_("comparison area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    buffer_area = models.ForeignKey(
        "places.Area",
        verbose_name=_("buffer area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    comparison_buffer_area = models.ForeignKey(
        "places.Area",
        verbose_name=_("buffer around the comparison area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    categories = models.ManyToManyField(
        "reports.Category", verbose_name=_("categories"), blank=True, related_name="+"
    )
    before_start = models.DateField(_("first Monday of the before window"))
    after_start = models.DateField(_("first Monday of the after window"))
    weeks = models.PositiveSmallIntegerField(_("weeks in each window"))
    designed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("designed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("evaluation design")
        verbose_name_plural = _("evaluation designs")

    def __str__(self) -> str:
        return f"{self.intervention}: {self.target_area} / {self.comparison_area}"

    @property
    def before_end(self) -> dt.date:
        """The day after the before window (exclusive)."""
        return self.before_start + dt.timedelta(weeks=self.weeks)

    @property
    def before_last_day(self) -> dt.date:
        return self.before_end - dt.timedelta(days=1)

    @property
    def after_last_day(self) -> dt.date:
        return self.after_end - dt.timedelta(days=1)

    @property
    def after_end(self) -> dt.date:
        """The day after the after window (exclusive)."""
        return self.after_start + dt.timedelta(weeks=self.weeks)


class InterventionReminder(BaseModel):
    """One reminder to an intervention's owner organisation: "due soon" or "overdue", once per
    (intervention, due date, kind) — a new due date gets its own reminders."""

    KIND_DUE_SOON = "due_soon"
    KIND_OVERDUE = "overdue"

    intervention = models.ForeignKey(
        Intervention,
        verbose_name=_("intervention"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    due_date = models.DateField(_("due date"))
    kind = models.CharField(_("kind"), max_length=16)
    status = models.CharField(_("status"), max_length=16, default="queued")
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("intervention reminder")
        verbose_name_plural = _("intervention reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "due_date", "kind"], name="intervention_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.intervention_id} {self.due_date} {self.kind}"


class ProgrammeSlot(BaseModel):
    """One recurring time in a programme's schedule ("Fridays 20–24 in Flen centrum"): a
    weekday, a start and an end time (an end at or before the start runs past midnight), an
    area and an optional start place, valid from a date until an optional last date.

    A slot is never deleted once planned: ending it sets ``valid_until``, so the sessions
    planned while it ran still count as planned (docs/interventions.md, "Programmes")."""

    intervention = models.ForeignKey(
        Intervention,
        verbose_name=_("intervention"),
        on_delete=models.CASCADE,
        related_name="slots",
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    area = models.ForeignKey(
        "places.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("start place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("schedule time")
        verbose_name_plural = _("schedule times")
        ordering = ["weekday", "starts_at", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="programme_slot_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intervention} {self.get_weekday_display()} {self.starts_at:%H:%M}"

    def runs_on(self, day: dt.date) -> bool:
        return (
            day.isoweekday() == self.weekday
            and self.valid_from <= day
            and (self.valid_until is None or day <= self.valid_until)
        )


class ProgrammeSession(BaseModel):
    """One session of a programme as it happened: held or cancelled, how many took part (a
    count, never names), the places visited and a note. Observations made on the session are
    ordinary EST reports (``reports``), reviewed like any other."""

    intervention = models.ForeignKey(
        Intervention,
        verbose_name=_("intervention"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    # null: an extra session outside the schedule
    slot = models.ForeignKey(
        ProgrammeSlot,
        verbose_name=_("schedule time"),
        null=True,
        blank=True,
        # a slot is only deleted while it has no sessions (services.programmes.slot_end); the
        # cascade lets an intervention be deleted whole
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=SessionStatus.choices)
    participants = models.PositiveSmallIntegerField(
        _("participants"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_SESSION_PARTICIPANTS)],
    )
    area = models.ForeignKey(
        "places.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    places = models.ManyToManyField(
        "places.Place", verbose_name=_("places visited"), blank=True, related_name="+"
    )
    note = models.TextField(_("note"), max_length=MAX_NOTE, blank=True)
    reports = models.ManyToManyField(
        "reports.Report",
        verbose_name=_("observations"),
        blank=True,
        related_name="programme_sessions",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("programme session")
        verbose_name_plural = _("programme sessions")
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["intervention", "date"], name="programme_session_date")]
        constraints = [
            # one record per planned session: a second phone (or a double tap) updates it
            models.UniqueConstraint(
                fields=["slot", "date"],
                condition=models.Q(slot__isnull=False),
                name="programme_session_one_per_slot_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intervention} {self.date}"
