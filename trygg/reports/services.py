"""Every write to reports, categories and weekly returns goes through here."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from trygg.accounts.models import Organisation
from trygg.accounts.permissions import can
from trygg.core import audit
from trygg.core.images import ImageRejected, clean_image
from trygg.core.models import BaseModel
from trygg.core.validators import clean_text, reject_nul
from trygg.core.weeks import IsoWeek
from trygg.geo.geometry import h3_cells
from trygg.places.models import Area, Municipality, Place
from trygg.places.services import check_point_in_municipality, locate_area
from trygg.reports.choices import (
    Certainty,
    Channel,
    Impact,
    LocationPrecision,
    ReportStatus,
    TimePrecision,
    Visibility,
)
from trygg.reports.defaults import DEFAULT_CATEGORIES
from trygg.reports.models import Category, Report, WeeklyReturn

_M = TypeVar("_M", bound=BaseModel)

EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
MAX_WINDOW = dt.timedelta(days=14)
MAX_PEOPLE = 1000

REPORT_AUDIT_FIELDS = [
    "category",
    "occurred_start",
    "occurred_end",
    "time_precision",
    "location_precision",
    "lat",
    "lon",
    "place",
    "area",
    "impact",
    "certainty",
    "people_min",
    "people_max",
    "police_contacted",
    "police_report_filed",
    "police_reference",
    "description",
    "photo",
    "visibility",
    "status",
    "duplicate_of",
    "rejection_reason",
]

IMAGE_MESSAGES = {
    "too_large": "The photo is too large (at most %(mb)s MB).",
    "empty": "The photo file is empty.",
    "format": "The photo must be a JPEG, PNG or WebP image.",
    "too_many_pixels": "The photo has too many pixels.",
    "not_image": "The file is not an image that can be read.",
}


# ---------------------------------------------------------------------------------------------
# Categories


@transaction.atomic
def categories_install_defaults(*, actor: Any, municipality: Municipality) -> list[Category]:
    """Install the default EST checklist (idempotent: existing codes are left as they are)."""
    existing = set(
        Category.objects.filter(municipality=municipality).values_list("code", flat=True)
    )
    created = []
    for order, (code, name, name_en, weight, publishable) in enumerate(DEFAULT_CATEGORIES):
        if code in existing:
            continue
        created.append(
            Category.objects.create(
                municipality=municipality,
                code=code,
                name=name,
                name_en=name_en,
                harm_weight=Decimal(str(weight)),
                publishable=publishable,
                sort_order=order * 10,
            )
        )
    if created:
        audit.record(
            actor=actor,
            action="category.install_defaults",
            target=municipality,
            municipality=municipality,
            changes={"created": [c.code for c in created]},
        )
    return created


CATEGORY_FIELDS = [
    "name",
    "name_en",
    "description",
    "harm_weight",
    "publishable",
    "active",
    "sort_order",
]


def _clean_category_values(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in CATEGORY_FIELDS:
            raise ValidationError(_("Unknown field %(name)s.") % {"name": key})
        if key in ("name", "name_en", "description"):
            value = clean_text(value, pii=False)
        if key == "harm_weight":
            try:
                value = Decimal(str(value))
            except (InvalidOperation, ValueError) as error:
                raise ValidationError({"harm_weight": [_("Enter a number.")]}) from error
            if not value.is_finite() or value < 0 or value > 100:
                raise ValidationError(
                    {"harm_weight": [_("The harm weight must be between 0 and 100.")]}
                )
        out[key] = value
    if "name" in out and not out["name"]:
        raise ValidationError({"name": [_("Give the category a name.")]})
    return out


@transaction.atomic
def category_create(*, actor: Any, municipality: Municipality, **values: Any) -> Category:
    if not can(actor, "municipality.manage", municipality):
        raise PermissionDenied
    values = _clean_category_values(values)
    if not values.get("name"):
        raise ValidationError({"name": [_("Give the category a name.")]})
    if Category.objects.filter(municipality=municipality, name=values["name"]).exists():
        raise ValidationError({"name": [_("A category with this name already exists.")]})
    base = slugify(values["name"])[:32] or "kategori"
    code = base
    while Category.objects.filter(municipality=municipality, code=code).exists():
        code = f"{base}-{uuid.uuid4().hex[:6]}"
    category = Category(municipality=municipality, code=code, **values)
    category.full_clean()
    category.save()
    audit.record(
        actor=actor,
        action="category.create",
        target=category,
        municipality=municipality,
        changes=audit.snapshot(category, CATEGORY_FIELDS),
    )
    return category


@transaction.atomic
def category_update(*, actor: Any, category: Category, **values: Any) -> Category:
    """Rename, re-weight, retire or restore a category. History keeps pointing at it."""
    municipality = category.municipality
    if not can(actor, "municipality.manage", municipality):
        raise PermissionDenied
    values = _clean_category_values(values)
    if (
        "name" in values
        and Category.objects.filter(municipality=municipality, name=values["name"])
        .exclude(pk=category.pk)
        .exists()
    ):
        raise ValidationError({"name": [_("A category with this name already exists.")]})
    before = audit.snapshot(category, CATEGORY_FIELDS)
    for key, value in values.items():
        setattr(category, key, value)
    category.full_clean()
    category.save()
    changes = audit.diff(before, audit.snapshot(category, CATEGORY_FIELDS))
    action = "category.update"
    if "active" in changes:
        action = "category.restore" if category.active else "category.retire"
    audit.record(
        actor=actor, action=action, target=category, municipality=municipality, changes=changes
    )
    return category


# ---------------------------------------------------------------------------------------------
# Reports


def reporting_organisations(user: Any, municipality: Municipality) -> list[Organisation]:
    """Organisations the user may report for in the municipality."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Organisation.objects.filter(
            municipality=municipality,
            active=True,
            memberships__user=user,
            memberships__active=True,
            memberships__role__in=["reporter", "partner", "coordinator", "analyst"],
        ).distinct()
    )


def _to_aware(value: Any, field: str) -> dt.datetime:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError as error:
            raise ValidationError({field: [_("Enter a valid date and time.")]}) from error
    if not isinstance(value, dt.datetime):
        raise ValidationError({field: [_("Enter a valid date and time.")]})
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return value


def _clean_photo(photo: Any) -> ContentFile | None:
    if photo is None:
        return None
    max_bytes = settings.TRYGG_PHOTO_MAX_BYTES
    size = getattr(photo, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            {"photo": [_(IMAGE_MESSAGES["too_large"]) % {"mb": max_bytes // (1024 * 1024)}]}
        )
    photo.seek(0)
    data = photo.read(max_bytes + 1)
    try:
        cleaned = clean_image(data, max_bytes=max_bytes)
    except ImageRejected as error:
        message = _(IMAGE_MESSAGES.get(error.code, IMAGE_MESSAGES["not_image"]))
        if "%(mb)s" in message:
            message = message % {"mb": max_bytes // (1024 * 1024)}
        raise ValidationError({"photo": [message]}, code=error.code) from error
    return ContentFile(cleaned.content, name=f"{uuid.uuid4().hex}.{cleaned.extension}")


def _validated_fields(
    *, municipality: Municipality, values: dict[str, Any], current: Report | None = None
) -> dict[str, Any]:
    """Validate and normalise report input. Raises ValidationError with field messages."""
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}

    def get(name: str, default: Any = None) -> Any:
        if name in values:
            return values[name]
        if current is not None:
            return getattr(current, name)
        return default

    for key, value in values.items():
        if isinstance(value, str) and "\x00" in value:
            errors.setdefault(key, []).append(
                _("The text contains a NUL character, which is not allowed.")
            )
    if errors:
        raise ValidationError(errors)

    # category
    category = get("category")
    if isinstance(category, str):
        category = (
            _by_public_id(Category.objects.filter(municipality=municipality), category)
            or Category.objects.filter(municipality=municipality, code=category).first()
        )
    if not isinstance(category, Category) or category.municipality_id != municipality.pk:
        errors.setdefault("category", []).append(_("Choose a category from the list."))
    elif not category.active and (current is None or current.category_id != category.pk):
        errors.setdefault("category", []).append(_("This category is no longer in use."))
    else:
        out["category"] = category

    # time
    now = timezone.now()
    try:
        start = _to_aware(get("occurred_start"), "occurred_start")
        end_raw = get("occurred_end")
        end = _to_aware(end_raw, "occurred_end") if end_raw not in (None, "") else None
        if start < EARLIEST:
            errors.setdefault("occurred_start", []).append(_("The date is too far back."))
        if start > now + dt.timedelta(days=1):
            errors.setdefault("occurred_start", []).append(
                _("The time lies more than a day in the future.")
            )
        if end is not None:
            if end < start:
                errors.setdefault("occurred_end", []).append(
                    _("The end of the time window is before its start.")
                )
            elif end - start > MAX_WINDOW:
                errors.setdefault("occurred_end", []).append(
                    _("A time window can be at most 14 days long.")
                )
            if end > now + dt.timedelta(days=1):
                errors.setdefault("occurred_end", []).append(
                    _("The time lies more than a day in the future.")
                )
        out["occurred_start"] = start
        out["occurred_end"] = end
        out["time_precision"] = TimePrecision.WINDOW if end is not None else TimePrecision.EXACT
        out["week_start"] = IsoWeek.of(start).monday
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)

    # location
    lat, lon = get("lat"), get("lon")
    place = get("place")
    area = get("area")
    if isinstance(place, str):
        place = _by_public_id(Place.objects.filter(municipality=municipality), place) or "invalid"
    if isinstance(area, str):
        area = _by_public_id(Area.objects.filter(municipality=municipality), area) or "invalid"
    if place == "invalid" or (
        isinstance(place, Place) and place.municipality_id != municipality.pk
    ):
        errors.setdefault("place", []).append(_("Choose a place from the list."))
        place = None
    if area == "invalid" or (isinstance(area, Area) and area.municipality_id != municipality.pk):
        errors.setdefault("area", []).append(_("Choose an area from the list."))
        area = None
    if (lat in (None, "")) != (lon in (None, "")):
        errors.setdefault("lat", []).append(_("Give both latitude and longitude."))
    elif lat not in (None, ""):
        try:
            lat, lon = float(lat), float(lon)
            check_point_in_municipality(municipality, lat, lon)
        except (TypeError, ValueError):
            errors.setdefault("lat", []).append(_("The coordinates are not numbers."))
        except ValidationError as error:
            errors.setdefault("lat", []).extend(error.messages)
        else:
            out["lat"], out["lon"] = lat, lon
            out["location_precision"] = LocationPrecision.POINT
            out["area"] = locate_area(municipality, lat, lon)
            out["place"] = place if isinstance(place, Place) else None
    if "lat" not in out and not errors.get("lat"):
        out["lat"] = out["lon"] = None
        if isinstance(place, Place):
            out["place"] = place
            out["area"] = place.area
            out["location_precision"] = LocationPrecision.PLACE
        elif isinstance(area, Area):
            out["place"] = None
            out["area"] = area
            out["location_precision"] = LocationPrecision.AREA
        elif not errors.get("place") and not errors.get("area"):
            errors.setdefault("location", []).append(
                _("Mark the spot on the map, pick a named place or choose an area.")
            )
    if out.get("lat") is not None:
        cells = h3_cells(out["lat"], out["lon"])
        out["h3_r7"], out["h3_r9"], out["h3_r11"] = cells[7], cells[9], cells[11]
    elif isinstance(out.get("place"), Place):
        cells = h3_cells(out["place"].lat, out["place"].lon)
        out["h3_r7"], out["h3_r9"], out["h3_r11"] = cells[7], cells[9], cells[11]
    else:
        out["h3_r7"] = out["h3_r9"] = out["h3_r11"] = None

    # assessment
    impact = get("impact", Impact.MEDIUM)
    try:
        impact = int(impact)
        if impact not in (1, 2, 3):
            raise ValueError
        out["impact"] = impact
    except (TypeError, ValueError):
        errors.setdefault("impact", []).append(_("Impact must be 1, 2 or 3."))
    certainty = get("certainty", Certainty.OBSERVED)
    if certainty not in Certainty.values:
        errors.setdefault("certainty", []).append(_("Choose how certain you are."))
    else:
        out["certainty"] = certainty

    people: dict[str, int | None] = {}
    for name in ("people_min", "people_max"):
        raw = get(name)
        if raw in (None, ""):
            people[name] = None
            continue
        try:
            number = int(raw)
            if number < 0 or number > MAX_PEOPLE:
                raise ValueError
            people[name] = number
        except (TypeError, ValueError):
            errors.setdefault(name, []).append(
                _("Enter a whole number between 0 and %(max)s.") % {"max": MAX_PEOPLE}
            )
    people_min, people_max = people.get("people_min"), people.get("people_max")
    if people_min is not None and people_max is not None and people_max < people_min:
        errors.setdefault("people_max", []).append(
            _("The upper number of people is lower than the lower one.")
        )
    out.update(people)

    out["police_contacted"] = bool(get("police_contacted", False))
    out["police_report_filed"] = bool(get("police_report_filed", False))
    reference = str(get("police_reference", "") or "").strip()
    if len(reference) > 40 or any(not (c.isalnum() or c in " -/.") for c in reference):
        errors.setdefault("police_reference", []).append(
            _("A police reference has at most 40 letters, digits and dashes.")
        )
    out["police_reference"] = reference

    try:
        out["description"] = clean_text(str(get("description", "") or ""))
        if len(out["description"]) > 4000:
            errors.setdefault("description", []).append(
                _("The description can be at most 4,000 characters.")
            )
    except ValidationError as error:
        errors.setdefault("description", []).extend(error.messages)

    visibility = get("visibility", Visibility.PARTNERS)
    if visibility not in Visibility.values:
        errors.setdefault("visibility", []).append(_("Unknown visibility."))
    else:
        out["visibility"] = visibility

    if "photo" in values and values["photo"] is not None:
        try:
            out["photo_file"] = _clean_photo(values["photo"])
        except ValidationError as error:
            errors.setdefault("photo", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return out


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (ValueError, AttributeError):
        return None


def _by_public_id(qs: QuerySet[_M], value: str) -> _M | None:
    """The row of `qs` with this public id; None (without a query) when `value` is no UUID."""
    public_id = _uuid_or_none(value)
    if public_id is None:
        return None
    return qs.filter(public_id=public_id).first()


def _choose_organisation(actor: Any, municipality: Municipality, organisation: Any) -> Organisation:
    allowed = reporting_organisations(actor, municipality)
    if organisation is None:
        if len(allowed) == 1:
            return allowed[0]
        raise ValidationError({"organisation": [_("Choose which organisation you report for.")]})
    if isinstance(organisation, str):
        organisation = next((o for o in allowed if str(o.public_id) == organisation), None)
    if organisation not in allowed:
        raise ValidationError({"organisation": [_("You cannot report for that organisation.")]})
    return organisation


@transaction.atomic
def report_create(
    *,
    actor: Any,
    municipality: Municipality,
    organisation: Any = None,
    channel: str = Channel.REPORTER,
    **values: Any,
) -> Report:
    """Create a report. Validates everything first; nothing is saved on error."""
    if not can(actor, "report.create", municipality):
        raise PermissionDenied
    organisation = _choose_organisation(actor, municipality, organisation)
    if channel not in Channel.values:
        raise ValidationError({"channel": [_("Unknown channel.")]})
    fields = _validated_fields(municipality=municipality, values=values)
    photo_file = fields.pop("photo_file", None)
    report = Report(
        municipality=municipality,
        organisation=organisation,
        reporter=actor,
        channel=channel,
        **fields,
    )
    if photo_file is not None:
        report.photo.save(photo_file.name, photo_file, save=False)
    report.save()
    audit.record(
        actor=actor,
        action="report.create",
        target=report,
        municipality=municipality,
        organisation=organisation,
        changes=audit.snapshot(report, REPORT_AUDIT_FIELDS),
    )
    # a report for a week replaces that organisation's "nothing to report"
    nil = WeeklyReturn.objects.filter(
        organisation=organisation, week_start=report.week_start
    ).first()
    if nil is not None:
        audit.record(
            actor=actor,
            action="weekly_return.withdraw",
            target=nil,
            municipality=municipality,
            organisation=organisation,
            changes={"reason": "report.create"},
        )
        nil.delete()
    return report


@transaction.atomic
def report_update(*, actor: Any, report: Report, **values: Any) -> Report:
    """The reporter corrects their own recent report. A reviewed report goes back to review."""
    municipality = report.municipality
    if not can(actor, "report.change_own", report):
        raise PermissionDenied
    for forbidden in (
        "status",
        "duplicate_of",
        "organisation",
        "municipality",
        "reporter",
        "channel",
    ):
        if forbidden in values:
            raise ValidationError({forbidden: [_("This field cannot be changed here.")]})
    remove_photo = bool(values.pop("remove_photo", False))
    fields = _validated_fields(municipality=municipality, values=values, current=report)
    photo_file = fields.pop("photo_file", None)
    before = audit.snapshot(report, REPORT_AUDIT_FIELDS)
    for key, value in fields.items():
        setattr(report, key, value)
    if remove_photo and report.photo:
        report.photo.delete(save=False)
        report.photo = None
    if photo_file is not None:
        report.photo.save(photo_file.name, photo_file, save=False)
    if report.status == ReportStatus.INCLUDED:
        report.status = ReportStatus.SUBMITTED
        report.reviewed_at = None
        report.reviewed_by = None
    report.save()
    changes = audit.diff(before, audit.snapshot(report, REPORT_AUDIT_FIELDS))
    audit.record(
        actor=actor,
        action="report.update",
        target=report,
        municipality=municipality,
        organisation=report.organisation,
        changes=changes,
    )
    return report


REVIEW_DECISIONS = ("include", "merge", "reject", "reopen")


@transaction.atomic
def report_review(
    *,
    actor: Any,
    report: Report,
    decision: str | None = None,
    category: Any = None,
    visibility: str | None = None,
    duplicate_of: Any = None,
    rejection_reason: str = "",
) -> Report:
    """The coordinator's review: re-categorise, set visibility, include / merge / reject."""
    municipality = report.municipality
    if not can(actor, "report.review", municipality):
        raise PermissionDenied
    report = Report.objects.select_for_update().get(pk=report.pk)
    before = audit.snapshot(report, REPORT_AUDIT_FIELDS)
    errors: dict[str, list[str]] = {}
    if decision is not None and decision not in REVIEW_DECISIONS:
        errors["decision"] = [_("Unknown decision.")]
    if category is not None:
        if isinstance(category, str):
            category = _by_public_id(Category.objects.filter(municipality=municipality), category)
        if not isinstance(category, Category) or category.municipality_id != municipality.pk:
            errors["category"] = [_("Choose a category from the list.")]
        elif not category.active and category.pk != report.category_id:
            errors["category"] = [_("This category is no longer in use.")]
        else:
            report.category = category
    if visibility is not None:
        if visibility not in Visibility.values:
            errors["visibility"] = [_("Unknown visibility.")]
        else:
            report.visibility = visibility
    primary: Report | None = None
    if decision == "merge":
        if isinstance(duplicate_of, str):
            duplicate_of = _by_public_id(
                Report.objects.filter(municipality=municipality), duplicate_of
            )
        if not isinstance(duplicate_of, Report) or duplicate_of.municipality_id != municipality.pk:
            errors["duplicate_of"] = [_("Choose the report this one duplicates.")]
        else:
            head = duplicate_of
            seen = {report.pk}
            while head.duplicate_of_id is not None:
                if head.pk in seen:
                    break
                seen.add(head.pk)
                parent = head.duplicate_of
                assert parent is not None  # duplicate_of_id is set (and the FK is PROTECT)
                head = parent
            primary = head
            if head.pk == report.pk:
                errors["duplicate_of"] = [_("A report cannot be a duplicate of itself.")]
            elif head.status == ReportStatus.REJECTED:
                errors["duplicate_of"] = [_("A report cannot be merged into a rejected report.")]
    if decision == "reject":
        try:
            rejection_reason = clean_text(rejection_reason)
        except ValidationError as error:
            errors["rejection_reason"] = error.messages
        else:
            if not rejection_reason:
                errors["rejection_reason"] = [_("Give a reason for the rejection.")]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    if decision == "include":
        report.status = ReportStatus.INCLUDED
        report.duplicate_of = None
        report.rejection_reason = ""
    elif decision == "merge" and primary is not None:
        report.status = ReportStatus.MERGED
        report.duplicate_of = primary
        report.rejection_reason = ""
        # reports that were merged into this one now point at the new primary
        Report.objects.filter(duplicate_of=report).update(duplicate_of=primary)
        if primary.status == ReportStatus.SUBMITTED:
            primary.status = ReportStatus.INCLUDED
            primary.reviewed_at, primary.reviewed_by = now, actor
            primary.save(update_fields=["status", "reviewed_at", "reviewed_by", "updated_at"])
    elif decision == "reject":
        if report.duplicates.exists():
            raise ValidationError(
                {
                    "decision": [
                        _("Other reports are merged into this one; include them separately first.")
                    ]
                }
            )
        report.status = ReportStatus.REJECTED
        report.duplicate_of = None
        report.rejection_reason = rejection_reason
    elif decision == "reopen":
        report.status = ReportStatus.SUBMITTED
        report.duplicate_of = None
        report.rejection_reason = ""
    report.reviewed_at, report.reviewed_by = now, actor
    report.save()
    changes = audit.diff(before, audit.snapshot(report, REPORT_AUDIT_FIELDS))
    if decision:
        changes["decision"] = decision
    audit.record(
        actor=actor,
        action=f"report.review.{decision}" if decision else "report.review.edit",
        target=report,
        municipality=municipality,
        organisation=report.organisation,
        changes=changes,
    )
    return report


# ---------------------------------------------------------------------------------------------
# Weekly returns ("inget att rapportera")


@transaction.atomic
def weekly_return_submit(
    *,
    actor: Any,
    municipality: Municipality,
    week: IsoWeek,
    organisation: Any = None,
    comment: str = "",
) -> WeeklyReturn:
    if not can(actor, "weekly_return.create", municipality):
        raise PermissionDenied
    organisation = _choose_organisation(actor, municipality, organisation)
    if week.monday > timezone.localdate():
        raise ValidationError({"week": [_("You cannot report for a week that has not started.")]})
    if week.monday < EARLIEST.date():
        raise ValidationError({"week": [_("The date is too far back.")]})
    reject_nul(comment)
    comment = clean_text(comment)
    counted = Report.objects.filter(organisation=organisation, week_start=week.monday).exclude(
        status=ReportStatus.REJECTED
    )
    if counted.exists():
        raise ValidationError(
            {
                "week": [
                    _("%(org)s has already reported events for week %(week)s.")
                    % {"org": organisation.name, "week": week.week}
                ]
            }
        )
    existing = WeeklyReturn.objects.filter(
        organisation=organisation, week_start=week.monday
    ).first()
    if existing is not None:
        return existing
    nil = WeeklyReturn.objects.create(
        municipality=municipality,
        organisation=organisation,
        week_start=week.monday,
        submitted_by=actor,
        comment=comment,
    )
    audit.record(
        actor=actor,
        action="weekly_return.create",
        target=nil,
        municipality=municipality,
        organisation=organisation,
        changes={"week": str(week), "nothing_to_report": True},
    )
    return nil
