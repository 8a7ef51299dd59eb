"""The shapes of the promises API (``trygg.promises.api``): what it returns and what it reads.

Read shapes are plain ``Serializer`` classes over the models (and over the progress
dataclasses of ``trygg.promises.progress``); the API never returns the signed PDF itself,
only whether a version has one, and never names the users who reported or signed off (the
sign-off's name and title are the ones the party gave for the public page)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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
from trygg.promises.limits import MAX_NOTE
from trygg.promises.models import (
    Agreement,
    AgreementVersion,
    FollowUpRound,
    ItemReport,
    Promise,
    PromiseItem,
    PromiseVersion,
    SignOff,
)

TARGET_STATES = [
    ("met", "met"),
    ("not_met", "not_met"),
    ("on_track", "on_track"),
    ("off_track", "off_track"),
    ("open", "open"),
]
CHANGES = [("increase", "increase"), ("decrease", "decrease"), ("none", "none")]


class PromiseRefSerializer(serializers.Serializer[Any]):
    """An organisation or an area: its id and name."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    name = serializers.CharField(read_only=True)


class PromiseTitledRefSerializer(serializers.Serializer[Any]):
    """An intervention (or programme): its id and title."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    title = serializers.CharField(read_only=True)


class PromiseCategoryRefSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(source="label", read_only=True)


def _version_number(version: Any) -> int | None:
    return version.number if version is not None else None


# --- agreements ----------------------------------------------------------------------------


class AgreementVersionBriefSerializer(serializers.Serializer[AgreementVersion]):
    number = serializers.IntegerField(read_only=True)
    state = serializers.ChoiceField(
        choices=VersionState.choices,
        read_only=True,
        help_text="draft (being edited) or published (signed; never changes again).",
    )
    title = serializers.CharField(read_only=True)
    period_start = serializers.DateField(read_only=True)
    period_end = serializers.DateField(read_only=True)
    change_note = serializers.CharField(read_only=True)
    published_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When it was recorded as signed."
    )
    has_document = serializers.SerializerMethodField(
        help_text="Whether the signed PDF is attached (members download it from the page; the "
        "API never returns it)."
    )

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_has_document(self, obj: AgreementVersion) -> bool:
        return bool(obj.document)


class AgreementPartySerializer(serializers.Serializer[Any]):
    name = serializers.CharField(read_only=True)
    organisation = PromiseRefSerializer(read_only=True, allow_null=True)
    resources = serializers.CharField(
        read_only=True, help_text="The resources the party guarantees."
    )


class AgreementSignatorySerializer(serializers.Serializer[Any]):
    """Signatories are public officials acting in office."""

    name = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    party = serializers.CharField(read_only=True)
    signed_on = serializers.DateField(read_only=True, allow_null=True)


class AgreementVersionSerializer(AgreementVersionBriefSerializer):
    focus_areas = serializers.ListField(
        source="focus_list", child=serializers.CharField(), read_only=True
    )
    summary = serializers.CharField(read_only=True, help_text="The public summary.")
    parties = AgreementPartySerializer(source="parties.all", many=True, read_only=True)
    signatories = AgreementSignatorySerializer(source="signatories.all", many=True, read_only=True)


class AgreementSerializer(serializers.Serializer[Agreement]):
    """An agreement in the list: its latest version in brief."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    municipality = serializers.CharField(source="municipality.code", read_only=True)
    current = serializers.SerializerMethodField(
        help_text="The latest version (a draft while one is being edited)."
    )
    signed_version = serializers.SerializerMethodField(
        help_text="The number of the latest signed version; null if none is signed."
    )
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    def _versions(self, obj: Agreement) -> list[AgreementVersion]:
        return sorted(obj.versions.all(), key=lambda v: -v.number)  # prefetched

    @extend_schema_field(AgreementVersionBriefSerializer)
    def get_current(self, obj: Agreement) -> dict[str, Any]:
        return dict(AgreementVersionBriefSerializer(self._versions(obj)[0]).data)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_signed_version(self, obj: Agreement) -> int | None:
        signed = [v for v in self._versions(obj) if v.state == VersionState.PUBLISHED]
        return _version_number(signed[0] if signed else None)


class AgreementDetailSerializer(AgreementSerializer):
    version = serializers.SerializerMethodField(
        help_text="The version asked for with ?version=N, else the latest: its focus areas, "
        "parties with their resources, and signatories."
    )
    versions = serializers.SerializerMethodField(help_text="Every version, newest first.")
    promises = serializers.SerializerMethodField(help_text="The promises made under it.")

    @extend_schema_field(AgreementVersionSerializer)
    def get_version(self, obj: Agreement) -> dict[str, Any]:
        return dict(AgreementVersionSerializer(self.context["version"]).data)

    @extend_schema_field(AgreementVersionBriefSerializer(many=True))
    def get_versions(self, obj: Agreement) -> list[Any]:
        return list(AgreementVersionBriefSerializer(self._versions(obj), many=True).data)  # type: ignore[arg-type]

    @extend_schema_field(
        serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    )
    def get_promises(self, obj: Agreement) -> list[dict[str, str]]:
        return [
            {"id": str(p.public_id), "period": p.period_label}
            for p in obj.promises.order_by("-first_year", "-created_at")
        ]


# --- promises: the list --------------------------------------------------------------------


class PromiseVersionBriefSerializer(serializers.Serializer[PromiseVersion]):
    number = serializers.IntegerField(read_only=True)
    state = serializers.ChoiceField(
        choices=VersionState.choices,
        read_only=True,
        help_text="draft (being edited) or published (never changes again).",
    )
    title = serializers.CharField(read_only=True)
    change_note = serializers.CharField(read_only=True)
    published_at = serializers.DateTimeField(read_only=True, allow_null=True)


class PromiseSerializer(serializers.Serializer[Promise]):
    """A promise in the list: its lifecycle and its latest version in brief."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    municipality = serializers.CharField(source="municipality.code", read_only=True)
    first_year = serializers.IntegerField(read_only=True)
    last_year = serializers.IntegerField(read_only=True)
    period = serializers.CharField(source="period_label", read_only=True)
    status = serializers.ChoiceField(
        choices=PromiseStatus.choices,
        read_only=True,
        help_text="draft → agreed → published → followed_up → closed.",
    )
    current = serializers.SerializerMethodField(
        help_text="The latest version (a draft while one is being edited)."
    )
    published_version = serializers.SerializerMethodField(
        help_text="The number of the latest published version (what the public pages show); "
        "null if none is published."
    )
    agreement = serializers.UUIDField(
        source="agreement.public_id", read_only=True, allow_null=True, default=None
    )
    predecessor = serializers.UUIDField(
        source="predecessor.public_id",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="The promise this one was started from.",
    )
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    def _versions(self, obj: Promise) -> list[PromiseVersion]:
        return sorted(obj.versions.all(), key=lambda v: -v.number)  # prefetched

    @extend_schema_field(PromiseVersionBriefSerializer)
    def get_current(self, obj: Promise) -> dict[str, Any]:
        return dict(PromiseVersionBriefSerializer(self._versions(obj)[0]).data)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_published_version(self, obj: Promise) -> int | None:
        published = [v for v in self._versions(obj) if v.state == VersionState.PUBLISHED]
        return _version_number(published[0] if published else None)


# --- promises: one promise -----------------------------------------------------------------


class BasisSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=BasisKind.choices, read_only=True)
    note = serializers.CharField(read_only=True)
    annual_year = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The year of the annual view it rests on."
    )


class ActivitySerializer(serializers.Serializer[Any]):
    """A row of the handlingsplan."""

    text = serializers.CharField(read_only=True)
    responsible = serializers.ChoiceField(choices=Party.choices, read_only=True)
    partner = PromiseRefSerializer(read_only=True, allow_null=True)
    when = serializers.CharField(read_only=True)
    item_key = serializers.UUIDField(
        read_only=True, allow_null=True, help_text="The promise item it delivers."
    )


class YearChangeSerializer(serializers.Serializer[Any]):
    """One calendar year of the period against the same days a year earlier."""

    year = serializers.IntegerField(read_only=True)
    value = serializers.IntegerField(read_only=True, help_text="Counted reports.")
    first = serializers.DateField(read_only=True)
    last = serializers.DateField(read_only=True)
    running = serializers.BooleanField(read_only=True, help_text="The year is not over yet.")
    reference = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="Counted reports on the same days a year earlier.",
    )
    reference_first = serializers.DateField(read_only=True, allow_null=True)
    reference_last = serializers.DateField(read_only=True, allow_null=True)
    rate_ratio = serializers.FloatField(read_only=True, allow_null=True)
    lower = serializers.FloatField(
        read_only=True, allow_null=True, help_text="95 % interval of the rate ratio."
    )
    upper = serializers.FloatField(read_only=True, allow_null=True)
    change = serializers.ChoiceField(
        choices=CHANGES,
        read_only=True,
        allow_null=True,
        help_text="increase or decrease only where p < 0.05; none: no detectable change; null: "
        "no comparison (the year before is not in Trygg's history).",
    )


class ProgressSerializer(serializers.Serializer[Any]):
    """An item's progress computed from Trygg's own data (docs/promises.md)."""

    measure = serializers.ChoiceField(choices=Measure.choices, read_only=True)
    value = serializers.IntegerField(
        read_only=True, help_text="Counted reports, or sessions held, so far."
    )
    first = serializers.DateField(read_only=True)
    last = serializers.DateField(read_only=True, help_text="The days counted, inclusive.")
    complete = serializers.BooleanField(
        read_only=True, help_text="The whole period (up to the deadline) is counted."
    )
    target = serializers.ChoiceField(
        choices=TARGET_STATES,
        read_only=True,
        help_text="met, not_met, on_track (under a ceiling so far), open (not yet judged).",
    )
    publishable = serializers.BooleanField(read_only=True)
    years = YearChangeSerializer(many=True, read_only=True)
    planned = serializers.IntegerField(read_only=True, allow_null=True)
    cancelled = serializers.IntegerField(read_only=True, allow_null=True)
    not_recorded = serializers.IntegerField(read_only=True, allow_null=True)
    no_data_reason = serializers.CharField(read_only=True, allow_null=True)


class ItemSerializer(serializers.Serializer[PromiseItem]):
    key = serializers.UUIDField(
        read_only=True,
        help_text="Stays the same across versions of the promise; name the item by it when "
        "reporting.",
    )
    position = serializers.IntegerField(read_only=True)
    text = serializers.CharField(read_only=True)
    responsible = serializers.ChoiceField(choices=Party.choices, read_only=True)
    partner = PromiseRefSerializer(read_only=True, allow_null=True)
    reporting_parties = serializers.ListField(
        child=serializers.ChoiceField(choices=ReportingParty.choices),
        read_only=True,
        help_text="Who reports on it in a follow-up (both: the municipality and the police).",
    )
    indicator_type = serializers.ChoiceField(choices=IndicatorType.choices, read_only=True)
    measure = serializers.ChoiceField(
        choices=Measure.choices,
        read_only=True,
        help_text="Where progress comes from: '' (reported by hand), category_count, "
        "programme_sessions.",
    )
    category = PromiseCategoryRefSerializer(read_only=True, allow_null=True)
    area = PromiseRefSerializer(read_only=True, allow_null=True)
    programme = serializers.SerializerMethodField()
    baseline = serializers.DecimalField(
        max_digits=12, decimal_places=2, coerce_to_string=False, read_only=True, allow_null=True
    )
    target_direction = serializers.ChoiceField(
        choices=[("", ""), *TargetDirection.choices], read_only=True
    )
    target_value = serializers.DecimalField(
        max_digits=12, decimal_places=2, coerce_to_string=False, read_only=True, allow_null=True
    )
    target_text = serializers.CharField(read_only=True, help_text="The target in words.")
    deadline = serializers.DateField(read_only=True, allow_null=True)
    interventions = serializers.SerializerMethodField(
        help_text="The interventions that deliver it (those you may see)."
    )
    progress = serializers.SerializerMethodField(
        help_text="Computed from the data where the item points at it; null when it is "
        "reported by hand."
    )

    @extend_schema_field(PromiseTitledRefSerializer(allow_null=True))
    def get_programme(self, obj: PromiseItem) -> dict[str, Any] | None:
        visible: set[int] = self.context["visible_interventions"]
        if obj.programme is None or obj.programme_id not in visible:
            return None
        return dict(PromiseTitledRefSerializer(obj.programme).data)

    @extend_schema_field(PromiseTitledRefSerializer(many=True))
    def get_interventions(self, obj: PromiseItem) -> list[Any]:
        visible: set[int] = self.context["visible_interventions"]
        shown = [i for i in obj.interventions.all() if i.pk in visible]
        return list(PromiseTitledRefSerializer(shown, many=True).data)

    @extend_schema_field(ProgressSerializer(allow_null=True))
    def get_progress(self, obj: PromiseItem) -> dict[str, Any] | None:
        progress = self.context["progress"].get(obj.pk)
        return None if progress is None else dict(ProgressSerializer(progress).data)


class ItemReportSerializer(serializers.Serializer[ItemReport]):
    """One party's report on one item in one round."""

    item_key = serializers.UUIDField(read_only=True)
    party = serializers.ChoiceField(choices=ReportingParty.choices, read_only=True)
    partner = serializers.SerializerMethodField(help_text="The named partner (party partner).")
    done = serializers.CharField(read_only=True, help_text="What was done.")
    outcome = serializers.CharField(read_only=True, help_text="The outcome against the target.")
    value = serializers.DecimalField(
        max_digits=12, decimal_places=2, coerce_to_string=False, read_only=True, allow_null=True
    )
    rating = serializers.ChoiceField(
        choices=Rating.choices, read_only=True, help_text="green, yellow or red."
    )
    reported_at = serializers.DateTimeField(read_only=True)

    @extend_schema_field(PromiseRefSerializer(allow_null=True))
    def get_partner(self, obj: ItemReport) -> dict[str, Any] | None:
        if obj.party != ReportingParty.PARTNER or obj.item.partner is None:
            return None
        return dict(PromiseRefSerializer(obj.item.partner).data)


class SignOffSerializer(serializers.Serializer[SignOff]):
    party = serializers.ChoiceField(choices=ReportingParty.choices, read_only=True)
    partner = PromiseRefSerializer(read_only=True, allow_null=True)
    name = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    signed_at = serializers.DateTimeField(read_only=True)


class RoundSerializer(serializers.Serializer[FollowUpRound]):
    """A follow-up round (resultatredovisning): each party's reports and sign-offs."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    title = serializers.CharField(read_only=True)
    as_of = serializers.DateField(read_only=True)
    status = serializers.ChoiceField(
        choices=RoundStatus.choices,
        read_only=True,
        help_text="open (the parties report) or published (on the public pages; final).",
    )
    published_at = serializers.DateTimeField(read_only=True, allow_null=True)
    reports = ItemReportSerializer(source="reports.all", many=True, read_only=True)
    signoffs = SignOffSerializer(source="signoffs.all", many=True, read_only=True)


class PromiseVersionSerializer(PromiseVersionBriefSerializer):
    scope = serializers.CharField(read_only=True, help_text="The geographic scope in words.")
    areas = PromiseRefSerializer(source="areas.all", many=True, read_only=True)
    situation = serializers.CharField(read_only=True, help_text="The situational picture.")
    goals = serializers.CharField(read_only=True)
    basis = BasisSerializer(source="basis.all", many=True, read_only=True)
    items = serializers.SerializerMethodField()
    activities = ActivitySerializer(source="activities.all", many=True, read_only=True)

    @extend_schema_field(ItemSerializer(many=True))
    def get_items(self, obj: PromiseVersion) -> list[Any]:
        return list(ItemSerializer(self.context["items"], many=True, context=self.context).data)


class PromiseDetailSerializer(PromiseSerializer):
    version = serializers.SerializerMethodField(
        help_text="The version asked for with ?version=N, else the latest (a draft "
        "included): its basis, items with their progress, and handlingsplan."
    )
    versions = serializers.SerializerMethodField(help_text="Every version, newest first.")
    rounds = serializers.SerializerMethodField(
        help_text="The follow-up rounds, newest first, open ones included."
    )

    @extend_schema_field(PromiseVersionSerializer)
    def get_version(self, obj: Promise) -> dict[str, Any]:
        return dict(PromiseVersionSerializer(self.context["version"], context=self.context).data)

    @extend_schema_field(PromiseVersionBriefSerializer(many=True))
    def get_versions(self, obj: Promise) -> list[Any]:
        return list(PromiseVersionBriefSerializer(self._versions(obj), many=True).data)  # type: ignore[arg-type]

    @extend_schema_field(RoundSerializer(many=True))
    def get_rounds(self, obj: Promise) -> list[Any]:
        return list(RoundSerializer(self.context["rounds"], many=True).data)


# --- query parameters and input ------------------------------------------------------------


class VersionQuerySerializer(serializers.Serializer[dict[str, Any]]):
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=100000,
        help_text="A version number (1, 2, …); left out: the latest.",
        error_messages={"invalid": _("Give the version as a whole number, e.g. 2.")},
    )


class PromiseFilterSerializer(serializers.Serializer[dict[str, Any]]):
    status = serializers.ChoiceField(
        choices=PromiseStatus.choices,
        required=False,
        help_text="Only promises in this status.",
    )


class ItemReportInputSerializer(serializers.Serializer[dict[str, Any]]):
    """A party's report on one of its items (the fields of the follow-up form)."""

    item = serializers.UUIDField(
        help_text="The item's key (``key`` of an item of the promise's published version).",
        error_messages={"invalid": _("Give the item's key (a UUID, as in the promise's items).")},
    )
    party = serializers.ChoiceField(
        choices=ReportingParty.choices,
        required=False,
        help_text="The party you report for. May be left out when you speak for exactly one "
        "of the item's parties.",
    )
    done = serializers.CharField(
        max_length=MAX_NOTE,
        help_text="What was done. No personal data (refused with 400).",
        error_messages={"required": _("Say what was done."), "blank": _("Say what was done.")},
    )
    outcome = serializers.CharField(
        max_length=MAX_NOTE,
        required=False,
        allow_blank=True,
        help_text="The outcome against the target. No personal data (refused with 400).",
    )
    value = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text='The value reached, a number (a share at most 100), e.g. "4" or "12,5".',
    )
    rating = serializers.ChoiceField(
        choices=Rating.choices,
        help_text="green (on track or done), yellow (partly, or delayed), red (not done).",
        error_messages={
            "invalid_choice": _("Choose green, yellow or red."),
            "required": _("Choose green, yellow or red."),
        },
    )
