"""Creating and correcting a report: one validation for the form, the API and imports."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from trygg.accounts.permissions import can
from trygg.accounts.types import Actor
from trygg.core import audit
from trygg.core.images import MAX_DIMENSION, MAX_PIXELS, ImageRejected, clean_image
from trygg.core.validators import screened
from trygg.core.weeks import IsoWeek
from trygg.geo.geometry import h3_cells
from trygg.places.locator import PointLocator, point_locator
from trygg.places.models import Area, Municipality, Place
from trygg.reports.choices import (
    Certainty,
    Channel,
    Impact,
    LocationPrecision,
    ReportStatus,
    TimePrecision,
    Visibility,
)
from trygg.reports.inputs import choose_organisation
from trygg.reports.limits import (
    EARLIEST,
    MAX_DESCRIPTION,
    MAX_PEOPLE,
    MAX_POLICE_REFERENCE,
    MAX_WINDOW,
    POLICE_REFERENCE_EXTRA,
)
from trygg.reports.models import Category, Report, WeeklyReturn

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

REPORT_INPUT_FIELDS = frozenset(
    {
        "category",
        "occurred_start",
        "occurred_end",
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
        "visibility",
        "photo",
    }
)
"""What a reporter gives (``report_create``'s values); everything else is derived."""

REPORT_TEXT = screened("reports.Report", "description", "police_reference")
"""The reporter's free text, screened for personal data (core.validators)."""

CERTAINTIES = frozenset(Certainty.values)
VISIBILITIES = frozenset(Visibility.values)

# gettext_noop: extracted into the catalogue, translated where shown (`_(IMAGE_MESSAGES[..])`)
IMAGE_MESSAGES = {
    "too_large": gettext_noop("The photo is too large (at most %(mb)s MB)."),
    "empty": gettext_noop("The photo file is empty."),
    "format": gettext_noop("The photo must be a JPEG, PNG or WebP image."),
    "too_many_pixels": gettext_noop(
        "The photo has too many pixels (at most %(mp)s megapixels and %(side)s pixels a "
        "side). Send a smaller copy of it."
    ),
    "not_image": gettext_noop("The file is not an image that can be read."),
}


# ---------------------------------------------------------------------------------------------
# Categories


def _to_aware(value: Any, field: str) -> dt.datetime:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError as error:
            raise ValidationError({field: [_("Enter a valid date and time.")]}) from error
    if not isinstance(value, dt.datetime):
        raise ValidationError({field: [_("Enter a valid date and time.")]})
    moment: dt.datetime = value
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def _clean_photo(photo: Any) -> ContentFile[bytes] | None:
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
        message = _(IMAGE_MESSAGES.get(error.code, IMAGE_MESSAGES["not_image"])) % {
            "mb": max_bytes // (1024 * 1024),
            "mp": MAX_PIXELS // 1_000_000,
            "side": number_format(MAX_DIMENSION, force_grouping=True),
        }
        raise ValidationError({"photo": [message]}, code=error.code) from error
    return ContentFile(cleaned.content, name=f"{uuid.uuid4().hex}.{cleaned.extension}")


def validated_report_fields(
    *,
    municipality: Municipality,
    values: dict[str, Any],
    current: Report | None = None,
    locator: PointLocator | None = None,
) -> dict[str, Any]:
    """Validate and normalise report input. Raises ValidationError with field messages.

    References (category, place, area) must be objects (see ``trygg.reports.inputs``).
    `locator` checks points against the kommun and finds their area; a batch passes one
    for all its rows."""
    if locator is None:
        locator = point_locator(municipality)
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

    # category (resolved by the caller: trygg.reports.inputs)
    category = get("category")
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
    if place not in (None, "") and (
        not isinstance(place, Place) or place.municipality_id != municipality.pk
    ):
        errors.setdefault("place", []).append(_("Choose a place from the list."))
        place = None
    if area not in (None, "") and (
        not isinstance(area, Area) or area.municipality_id != municipality.pk
    ):
        errors.setdefault("area", []).append(_("Choose an area from the list."))
        area = None
    if (lat in (None, "")) != (lon in (None, "")):
        errors.setdefault("lat", []).append(_("Give both latitude and longitude."))
    elif lat not in (None, ""):
        try:
            lat, lon = float(lat), float(lon)
            locator.check(lat, lon)
        except (TypeError, ValueError):
            errors.setdefault("lat", []).append(_("The coordinates are not numbers."))
        except ValidationError as error:
            errors.setdefault("lat", []).extend(error.messages)
        else:
            out["lat"], out["lon"] = lat, lon
            out["location_precision"] = LocationPrecision.POINT
            out["area"] = locator.area(lat, lon)
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
    if certainty not in CERTAINTIES:
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
    try:
        REPORT_TEXT.clean("police_reference", reference)
    except ValidationError as error:
        errors.setdefault("police_reference", []).extend(error.messages)
    else:
        if len(reference) > MAX_POLICE_REFERENCE or any(
            not (c.isalnum() or c in POLICE_REFERENCE_EXTRA) for c in reference
        ):
            errors.setdefault("police_reference", []).append(
                _("A police reference has at most %(max)s letters, digits and dashes.")
                % {"max": MAX_POLICE_REFERENCE}
            )
    out["police_reference"] = reference

    try:
        out["description"] = REPORT_TEXT.clean("description", str(get("description", "") or ""))
        if len(out["description"]) > MAX_DESCRIPTION:
            errors.setdefault("description", []).append(
                _("The description can be at most %(max)s characters.")
                % {"max": number_format(MAX_DESCRIPTION, force_grouping=True)}
            )
    except ValidationError as error:
        errors.setdefault("description", []).extend(error.messages)

    visibility = get("visibility", Visibility.PARTNERS)
    if visibility not in VISIBILITIES:
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


def _store_photo(report: Report, photo_file: ContentFile[bytes] | None) -> None:
    """Write the cleaned photo to storage before the write transaction (a file write under
    SQLite's write lock made every other writer wait)."""
    if photo_file is not None:
        report.photo.save(photo_file.name, photo_file, save=False)


def _discard_photo(report: Report, photo_file: ContentFile[bytes] | None) -> None:
    """The transaction failed: remove the file written for it."""
    if photo_file is not None and report.photo:
        report.photo.delete(save=False)


def report_create(
    *,
    actor: Actor,
    municipality: Municipality,
    organisation: Any = None,
    channel: str = Channel.REPORTER,
    **values: Any,
) -> Report:
    """Create a report. Validates everything first; nothing is saved on error.

    Validation, screening and photo decoding run before the write transaction, which holds
    only the inserts (SQLite: ``BEGIN IMMEDIATE`` takes the database's one write lock)."""
    if not can(actor, "report.create", municipality):
        raise PermissionDenied
    organisation = choose_organisation(actor, municipality, organisation)
    if channel not in Channel.values:
        raise ValidationError({"channel": [_("Unknown channel.")]})
    fields = validated_report_fields(municipality=municipality, values=values)
    photo_file = fields.pop("photo_file", None)
    report = Report(
        municipality=municipality,
        organisation=organisation,
        reporter=actor,
        channel=channel,
        **fields,
    )
    _store_photo(report, photo_file)
    try:
        with transaction.atomic():
            report.save()
            audit.record(
                actor=actor,
                action="report.create",
                target=report,
                municipality=municipality,
                organisation=organisation,
                changes=audit.created(report, REPORT_AUDIT_FIELDS),
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
    except BaseException:
        _discard_photo(report, photo_file)
        raise
    return report


def report_update(*, actor: Actor, report: Report, **values: Any) -> Report:
    """The reporter corrects their own recent report. A reviewed report goes back to review.

    As in ``report_create``, validation and photo decoding come before the transaction."""
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
    fields = validated_report_fields(municipality=municipality, values=values, current=report)
    photo_file = fields.pop("photo_file", None)
    before = audit.snapshot(report, REPORT_AUDIT_FIELDS)
    removed_photo = report.photo.name if remove_photo and report.photo else ""
    for key, value in fields.items():
        setattr(report, key, value)
    if removed_photo:
        report.photo = None
    _store_photo(report, photo_file)
    if report.status == ReportStatus.INCLUDED:
        report.status = ReportStatus.SUBMITTED
        report.reviewed_at = None
        report.reviewed_by = None
    try:
        with transaction.atomic():
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
    except BaseException:
        _discard_photo(report, photo_file)
        raise
    if removed_photo:
        # the file goes only once the row no longer points to it
        report.photo.storage.delete(removed_photo)
    return report
