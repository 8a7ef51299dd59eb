"""Samverkansöverenskommelser and medborgarlöften (DOMAIN.md, "Medborgarlöfte and
samverkansöverenskommelse"; docs/promises.md).

Both are **versioned documents**: the stable row (`Agreement`, `Promise`) holds what lasts —
the municipality, the lifecycle — and each version (`AgreementVersion`, `PromiseVersion`) holds
the content with its change note. A version is edited while it is a draft and never again once
it is published (or, for an agreement, signed); a change after that is a new version that
starts as a copy. The public pages show the latest published version and list the earlier ones.

Follow-up belongs to the promise, not to a version: a round collects each party's report on
its own items (`ItemReport`) and each party's sign-off. Items keep a `key` across versions, so
an item's latest follow-up is found whichever version it was reported on.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygg.core.models import BaseModel
from trygg.promises.choices import (
    BasisKind,
    IndicatorType,
    Measure,
    Party,
    PromiseStatus,
    Rating,
    ReportingParty,
    RoundStatus,
    TargetDirection,
    VersionState,
)
from trygg.promises.limits import (
    MAX_ITEM_TEXT,
    MAX_NAME,
    MAX_NOTE,
    MAX_SHORT,
    MAX_TEXT,
    MAX_TITLE,
    MAX_YEAR,
    MIN_YEAR,
)

YEAR_VALIDATORS = [MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]


class VersionMixin(models.Model):
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(
        _("state"), max_length=12, choices=VersionState.choices, default=VersionState.DRAFT
    )
    change_note = models.TextField(_("change note"), max_length=MAX_NOTE, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def is_draft(self) -> bool:
        return self.state == VersionState.DRAFT


# --- the samverkansöverenskommelse ---------------------------------------------------------


class Agreement(BaseModel):
    """One samverkansöverenskommelse between the kommun and the police (its versions hold the
    content)."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )

    class Meta:
        verbose_name = _("collaboration agreement")
        verbose_name_plural = _("collaboration agreements")

    def __str__(self) -> str:
        return str(self.public_id)


def agreement_document_path(instance: AgreementVersion, filename: str) -> str:
    return f"agreements/{instance.agreement.public_id}/{uuid.uuid4().hex}.pdf"


class AgreementVersion(VersionMixin, BaseModel):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="versions"
    )
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    period_start = models.DateField(_("valid from"))
    period_end = models.DateField(_("valid until"))
    focus_areas = models.TextField(
        _("focus areas"), max_length=MAX_TEXT, help_text=_("One focus area per line.")
    )
    summary = models.TextField(
        _("public summary"),
        max_length=MAX_TEXT,
        blank=True,
        help_text=_("Shown on the public pages once the agreement is signed."),
    )
    document = models.FileField(
        _("signed document (PDF)"), upload_to=agreement_document_path, blank=True
    )
    document_name = models.CharField(_("file name"), max_length=MAX_TITLE, blank=True)

    class Meta:
        ordering = ("agreement", "-number")
        constraints = [
            models.UniqueConstraint(
                fields=("agreement", "number"), name="agreement_version_number"
            ),
            models.UniqueConstraint(
                fields=("agreement",),
                condition=Q(state="draft"),
                name="agreement_one_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"

    def focus_list(self) -> list[str]:
        return [line.strip() for line in self.focus_areas.splitlines() if line.strip()]


class AgreementParty(models.Model):
    """A party and the resources it guarantees."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="parties")
    position = models.PositiveSmallIntegerField(default=0)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("party"), max_length=MAX_NAME)
    resources = models.TextField(_("resources guaranteed"), max_length=MAX_TEXT, blank=True)

    class Meta:
        ordering = ("position", "id")

    def __str__(self) -> str:
        return self.name


class AgreementSignatory(models.Model):
    """Signatories are public officials acting in office: their names and titles are public."""

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="signatories"
    )
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=MAX_NAME)
    title = models.CharField(_("title"), max_length=MAX_NAME)
    party = models.CharField(_("party"), max_length=MAX_NAME, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)

    class Meta:
        ordering = ("position", "id")

    def __str__(self) -> str:
        return f"{self.name}, {self.title}"


# --- the medborgarlöfte ---------------------------------------------------------------------


class Promise(BaseModel):
    """One medborgarlöfte for one or two years; its lifecycle and follow-up rounds."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="promises",
    )
    first_year = models.PositiveSmallIntegerField(_("first year"), validators=YEAR_VALIDATORS)
    last_year = models.PositiveSmallIntegerField(_("last year"), validators=YEAR_VALIDATORS)
    status = models.CharField(
        _("status"), max_length=12, choices=PromiseStatus.choices, default=PromiseStatus.DRAFT
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("collaboration agreement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="promises",
    )
    predecessor = models.ForeignKey(
        "self",
        verbose_name=_("started from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
    )

    class Meta:
        ordering = ("-first_year", "-created_at")
        verbose_name = _("citizen promise")
        verbose_name_plural = _("citizen promises")

    def __str__(self) -> str:
        return self.period_label

    @property
    def period_label(self) -> str:
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"


class PromiseVersion(VersionMixin, BaseModel):
    promise = models.ForeignKey(
        Promise,
        verbose_name=_("citizen promise"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    scope = models.CharField(
        _("geographic scope"),
        max_length=MAX_SHORT,
        blank=True,
        help_text=_("For example “Flen’s station area and centrum”."),
    )
    areas = models.ManyToManyField(
        "places.Area", verbose_name=_("areas"), blank=True, related_name="+"
    )
    situation = models.TextField(_("situational picture"), max_length=MAX_TEXT, blank=True)
    goals = models.TextField(_("goals"), max_length=MAX_TEXT, blank=True)
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded as agreed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ("promise", "-number")
        constraints = [
            models.UniqueConstraint(fields=("promise", "number"), name="promise_version_number"),
            models.UniqueConstraint(
                fields=("promise",), condition=Q(state="draft"), name="promise_one_draft"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"

    @property
    def is_editable(self) -> bool:
        """A draft that nobody has recorded as agreed: agreeing freezes the text that was
        agreed, so what is published is what the police and the municipality agreed on."""
        return self.is_draft and self.agreed_at is None

    @property
    def municipality(self) -> Any:
        return self.promise.municipality


class PromiseBasis(models.Model):
    """One source the promise rests on, with a note and, where Trygg holds the data, the year
    of the annual view it links to."""

    version = models.ForeignKey(PromiseVersion, on_delete=models.CASCADE, related_name="basis")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("source"), max_length=20, choices=BasisKind.choices)
    note = models.TextField(_("note"), max_length=MAX_NOTE, blank=True)
    annual_year = models.PositiveSmallIntegerField(
        _("annual view of the year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )

    class Meta:
        ordering = ("position", "id")

    def __str__(self) -> str:
        return str(self.get_kind_display())


class PromiseItem(models.Model):
    """One promise item: what, who, how it is measured, the target and the deadline."""

    version = models.ForeignKey(PromiseVersion, on_delete=models.CASCADE, related_name="items")
    key = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("promise"), max_length=MAX_ITEM_TEXT)
    responsible = models.CharField(_("responsible"), max_length=12, choices=Party.choices)
    partner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    indicator_type = models.CharField(
        _("indicator"), max_length=8, choices=IndicatorType.choices, default=IndicatorType.DONE
    )
    measure = models.CharField(
        _("progress from"), max_length=20, choices=Measure.choices, default="", blank=True
    )
    category = models.ForeignKey(
        "reports.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    area = models.ForeignKey(
        "places.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    programme = models.ForeignKey(
        "interventions.Intervention",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target_direction = models.CharField(
        _("target"), max_length=8, choices=TargetDirection.choices, blank=True
    )
    target_value = models.DecimalField(
        _("target value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target_text = models.CharField(_("target in words"), max_length=MAX_SHORT, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    interventions = models.ManyToManyField(
        "interventions.Intervention",
        verbose_name=_("interventions that deliver it"),
        blank=True,
        related_name="promise_items",
    )

    class Meta:
        ordering = ("position", "id")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def responsible_label(self) -> str:
        """Who is responsible, as residents read it: a named partner by its name."""
        if self.responsible == "partner" and self.partner is not None:
            return str(self.partner.name)
        return str(self.get_responsible_display())

    @property
    def municipality(self) -> Any:
        return self.version.promise.municipality

    def reporting_parties(self) -> list[str]:
        if self.responsible == Party.BOTH:
            return [ReportingParty.MUNICIPALITY, ReportingParty.POLICE]
        return [str(self.responsible)]


class PromiseActivity(models.Model):
    """A row of the handlingsplan: an activity, who does it and when."""

    version = models.ForeignKey(PromiseVersion, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("activity"), max_length=MAX_ITEM_TEXT)
    responsible = models.CharField(_("responsible"), max_length=12, choices=Party.choices)
    partner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    when = models.CharField(_("when"), max_length=MAX_SHORT, blank=True)
    item_key = models.UUIDField(_("promise item"), null=True, blank=True)

    class Meta:
        ordering = ("position", "id")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def responsible_label(self) -> str:
        """Who is responsible, as residents read it: a named partner by its name."""
        if self.responsible == "partner" and self.partner is not None:
            return str(self.partner.name)
        return str(self.get_responsible_display())


class FollowUpRound(BaseModel):
    """One resultatredovisning: each party reports its own items and signs off its part."""

    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="rounds")
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    as_of = models.DateField(_("reported as of"))
    status = models.CharField(
        _("status"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ("-as_of", "-created_at")

    def __str__(self) -> str:
        return self.title


class ItemReport(models.Model):
    """One party's report on one item in one round."""

    round = models.ForeignKey(FollowUpRound, on_delete=models.CASCADE, related_name="reports")
    # an item with reports is never removed by the services (item_remove refuses); the
    # cascade is for deleting a whole promise (the demo reset)
    item = models.ForeignKey(PromiseItem, on_delete=models.CASCADE, related_name="reports")
    item_key = models.UUIDField(db_index=True)
    party = models.CharField(_("party"), max_length=12, choices=ReportingParty.choices)
    done = models.TextField(_("what was done"), max_length=MAX_NOTE)
    outcome = models.TextField(_("outcome against the target"), max_length=MAX_NOTE, blank=True)
    value = models.DecimalField(
        _("value reached"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    rating = models.CharField(_("assessment"), max_length=8, choices=Rating.choices)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"))

    class Meta:
        ordering = ("item__position", "party")
        constraints = [
            models.UniqueConstraint(
                fields=("round", "item_key", "party"), name="one_report_per_party"
            )
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.rating}"


class SignOff(models.Model):
    """A party's sign-off of its part of a round."""

    round = models.ForeignKey(FollowUpRound, on_delete=models.CASCADE, related_name="signoffs")
    party = models.CharField(_("party"), max_length=12, choices=ReportingParty.choices)
    partner = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=MAX_NAME)
    title = models.CharField(_("title"), max_length=MAX_NAME)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        ordering = ("party",)
        constraints = [
            models.UniqueConstraint(
                fields=("round", "party"),
                condition=Q(partner__isnull=True),
                name="one_signoff_per_party",
            ),
            models.UniqueConstraint(
                fields=("round", "party", "partner"),
                condition=Q(partner__isnull=False),
                name="one_signoff_per_partner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.name}"
