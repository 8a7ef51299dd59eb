"""Writes of medborgarlöften: the promise and its draft version, items, basis, the
handlingsplan, the lifecycle (agree, publish, close), new versions and the next period's
promise. Coordinators edit everything; the police edit items that name the police as
responsible (``promise.edit_item``). Publishing is its own audited act."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.models import Organisation
from trygg.accounts.permissions import can
from trygg.accounts.types import Actor, person_of
from trygg.core import audit
from trygg.core.validators import screened
from trygg.interventions.models import Intervention
from trygg.places.models import Area, Municipality
from trygg.promises.choices import (
    BasisKind,
    IndicatorType,
    Measure,
    Party,
    PromiseStatus,
    Rating,
    TargetDirection,
    VersionState,
)
from trygg.promises.limits import (
    MAX_ITEM_TEXT,
    MAX_ITEMS,
    MAX_NOTE,
    MAX_PROMISE_YEARS,
    MAX_SHORT,
    MAX_TEXT,
    MAX_TITLE,
    MAX_YEAR,
    MIN_YEAR,
)
from trygg.promises.models import (
    Agreement,
    ItemReport,
    Promise,
    PromiseActivity,
    PromiseBasis,
    PromiseItem,
    PromiseVersion,
)
from trygg.promises.services.common import (
    Errors,
    check,
    check_date,
    clean_texts,
    public_changed,
    raise_if,
    require,
)
from trygg.reports.models import Category

VERSION_TEXT = screened(
    "promises.PromiseVersion", "title", "scope", "situation", "goals", "change_note"
)
ITEM_TEXT = screened("promises.PromiseItem", "text", "target_text")
BASIS_TEXT = screened("promises.PromiseBasis", "note")
ACTIVITY_TEXT = screened("promises.PromiseActivity", "text", "when")

VERSION_LIMITS = {
    "title": MAX_TITLE,
    "scope": MAX_SHORT,
    "situation": MAX_TEXT,
    "goals": MAX_TEXT,
    "change_note": MAX_NOTE,
}
VERSION_FIELDS = ["title", "scope", "situation", "goals", "change_note"]
ITEM_FIELDS = [
    "text",
    "responsible",
    "partner",
    "indicator_type",
    "measure",
    "category",
    "area",
    "programme",
    "baseline",
    "target_direction",
    "target_value",
    "target_text",
    "deadline",
]
ITEM_EDITABLE = frozenset(ITEM_FIELDS) | {"interventions"}
MAX_VALUE = Decimal("9999999999")

#: promise status -> statuses a coordinator may set by hand (publishing has its own service)
TRANSITIONS: dict[str, frozenset[str]] = {
    PromiseStatus.DRAFT: frozenset({PromiseStatus.AGREED}),
    PromiseStatus.AGREED: frozenset({PromiseStatus.DRAFT}),
    PromiseStatus.PUBLISHED: frozenset({PromiseStatus.CLOSED}),
    PromiseStatus.FOLLOWED_UP: frozenset({PromiseStatus.CLOSED}),
    PromiseStatus.CLOSED: frozenset({PromiseStatus.FOLLOWED_UP, PromiseStatus.PUBLISHED}),
}


def allowed_statuses(promise: Promise) -> list[str]:
    """The statuses the coordinator may set now: a promise is closed only with no follow-up
    open, and reopens to "followed up" when a follow-up was published, else to "published"."""
    published_round = promise.rounds.filter(status="published").exists()
    open_round = promise.rounds.filter(status="open").exists()
    allowed = []
    for status in TRANSITIONS.get(promise.status, frozenset()):
        if status == PromiseStatus.CLOSED and open_round:
            continue
        if status == PromiseStatus.FOLLOWED_UP and not published_round:
            continue
        if (
            status == PromiseStatus.PUBLISHED
            and promise.status == PromiseStatus.CLOSED
            and published_round
        ):
            continue
        allowed.append(status)
    order = list(PromiseStatus.values)
    return sorted(allowed, key=order.index)


def must_be_editable(version: PromiseVersion) -> None:
    """Published versions are immutable, and so is a draft recorded as agreed: what the police
    and the municipality agreed on is what gets published."""
    if not version.is_draft:
        raise ValidationError(
            _("This version is published and cannot be changed. Start a new version to change it.")
        )
    if version.agreed_at is not None:
        raise ValidationError(
            _(
                "This version is recorded as agreed and cannot be changed. Set it back to draft "
                "to change it; it must then be agreed again."
            )
        )


def _check_years(first: Any, last: Any, errors: Errors) -> None:
    for name, year in (("first_year", first), ("last_year", last)):
        if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
            errors.setdefault(name, []).append(
                _("Give a year between %(a)d and %(b)d.") % {"a": MIN_YEAR, "b": MAX_YEAR}
            )
    if errors:
        return
    if last < first:
        errors.setdefault("last_year", []).append(_("The last year cannot come before the first."))
    elif last - first + 1 > MAX_PROMISE_YEARS:
        errors.setdefault("last_year", []).append(_("A citizen promise runs for one or two years."))


def _clean_version(
    municipality: Municipality, values: dict[str, Any], errors: Errors
) -> dict[str, Any]:
    cleaned: dict[str, Any] = clean_texts(VERSION_TEXT, values, VERSION_LIMITS, errors)
    require(errors, cleaned, "title", _("Give the promise a title."))
    if "areas" in values:
        areas = list(values["areas"] or [])
        if any(not isinstance(a, Area) or a.municipality_id != municipality.pk for a in areas):
            errors.setdefault("areas", []).append(_("Choose areas from the list."))
        cleaned["areas"] = areas
    return cleaned


def promise_create(
    *,
    actor: Actor,
    municipality: Municipality,
    first_year: int,
    last_year: int,
    values: dict[str, Any],
    agreement: Agreement | None = None,
) -> Promise:
    check(actor, "promise.manage", municipality)
    errors: Errors = {}
    _check_years(first_year, last_year, errors)
    cleaned = _clean_version(municipality, {"title": values.get("title"), **values}, errors)
    if agreement is not None and agreement.municipality_id != municipality.pk:
        errors.setdefault("agreement", []).append(_("Choose from the list."))
    raise_if(errors)
    areas = cleaned.pop("areas", [])
    with transaction.atomic():
        promise = Promise.objects.create(
            municipality=municipality,
            first_year=first_year,
            last_year=last_year,
            agreement=agreement,
        )
        version = PromiseVersion.objects.create(promise=promise, number=1, **cleaned)
        version.areas.set(areas)
        audit.record(
            actor=actor,
            action="promise.create",
            target=promise,
            municipality=municipality,
            changes=audit.created(version, VERSION_FIELDS),
            target_repr=f"{version.title} {promise.period_label}",
        )
    return promise


def _draft_of(promise: Promise) -> PromiseVersion:
    version = promise.versions.filter(state=VersionState.DRAFT).first()
    if version is None:
        raise ValidationError(
            _("This version is published and cannot be changed. Start a new version to change it.")
        )
    return version


def promise_update(
    *,
    actor: Actor,
    version: PromiseVersion,
    values: dict[str, Any],
    agreement: Agreement | bool | None = False,
) -> PromiseVersion:
    promise = version.promise
    municipality = promise.municipality
    check(actor, "promise.manage", municipality)
    must_be_editable(version)
    errors: Errors = {}
    cleaned = _clean_version(municipality, values, errors)
    if isinstance(agreement, Agreement) and agreement.municipality_id != municipality.pk:
        errors.setdefault("agreement", []).append(_("Choose from the list."))
    raise_if(errors)
    areas = cleaned.pop("areas", None)
    with transaction.atomic():
        version = PromiseVersion.objects.select_for_update().get(pk=version.pk)
        must_be_editable(version)
        before = audit.snapshot(version, VERSION_FIELDS)
        for name, value in cleaned.items():
            setattr(version, name, value)
        version.save()
        if areas is not None:
            version.areas.set(areas)
        if agreement is not False:
            promise.agreement = agreement if isinstance(agreement, Agreement) else None
            promise.save(update_fields=["agreement", "updated_at"])
        audit.record(
            actor=actor,
            action="promise.update",
            target=promise,
            municipality=municipality,
            changes={
                **audit.diff(before, audit.snapshot(version, VERSION_FIELDS)),
                "version": version.number,
            },
            target_repr=f"{version.title} {promise.period_label}",
        )
    return version


# --- items ------------------------------------------------------------------------------


def _decimal(value: Any, name: str, errors: Errors, *, share: bool = False) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).replace(",", ".").replace(" ", ""))
    except (InvalidOperation, ValueError):
        errors.setdefault(name, []).append(_("Give a number."))
        return None
    if not number.is_finite() or number < 0 or number > MAX_VALUE:
        errors.setdefault(name, []).append(_("Give a number of zero or more."))
        return None
    if share and number > 100:
        errors.setdefault(name, []).append(_("A share is at most 100 per cent."))
        return None
    return number.quantize(Decimal("0.01"))


def _clean_item(
    municipality: Municipality, values: dict[str, Any], errors: Errors, promise: Promise
) -> dict[str, Any]:
    cleaned: dict[str, Any] = clean_texts(
        ITEM_TEXT, values, {"text": MAX_ITEM_TEXT, "target_text": MAX_SHORT}, errors
    )
    require(errors, cleaned, "text", _("Write what is promised."))
    responsible = values.get("responsible") or ""
    if responsible not in Party.values:
        errors.setdefault("responsible", []).append(_("Choose who is responsible."))
    cleaned["responsible"] = responsible
    partner = values.get("partner")
    if responsible == Party.PARTNER:
        if not isinstance(partner, Organisation) or partner.municipality_id != municipality.pk:
            errors.setdefault("partner", []).append(_("Choose the responsible partner."))
        elif not can_follow_up(partner):
            errors.setdefault("partner", []).append(
                _(
                    "Nobody in %(org)s can follow up the promise in Trygg: it needs a member "
                    "with the partner role. Give one of its members that role, or choose "
                    "another responsible party."
                )
                % {"org": partner.name}
            )
    elif partner is not None:
        partner = None
    cleaned["partner"] = partner
    indicator = values.get("indicator_type") or IndicatorType.DONE
    if indicator not in IndicatorType.values:
        errors.setdefault("indicator_type", []).append(_("Choose from the list."))
    cleaned["indicator_type"] = indicator
    measure = values.get("measure") or ""
    if measure not in Measure.values:
        errors.setdefault("measure", []).append(_("Choose from the list."))
    cleaned["measure"] = measure
    category, area, programme = values.get("category"), values.get("area"), values.get("programme")
    cleaned.update(category=None, area=None, programme=None)
    if measure == Measure.CATEGORY_COUNT:
        if not isinstance(category, Category) or category.municipality_id != municipality.pk:
            errors.setdefault("category", []).append(
                _("Choose the category whose reports are counted.")
            )
        if area is not None and (
            not isinstance(area, Area) or area.municipality_id != municipality.pk
        ):
            errors.setdefault("area", []).append(_("Choose an area from the list."))
        cleaned.update(category=category, area=area)
    if measure == Measure.PROGRAMME_SESSIONS:
        if not isinstance(programme, Intervention) or programme.municipality_id != municipality.pk:
            errors.setdefault("programme", []).append(
                _("Choose the programme whose sessions are counted.")
            )
        elif not programme.slots.exists():
            errors.setdefault("programme", []).append(
                _("The intervention has no schedule; give it one before counting its sessions.")
            )
        cleaned["programme"] = programme
    if measure and indicator != IndicatorType.COUNT and "indicator_type" not in errors:
        errors.setdefault("indicator_type", []).append(
            _("Progress counted from the data is a count: choose the indicator “Count”.")
        )
    share = indicator == IndicatorType.SHARE
    cleaned["baseline"] = _decimal(values.get("baseline"), "baseline", errors, share=share)
    cleaned["target_value"] = _decimal(
        values.get("target_value"), "target_value", errors, share=share
    )
    direction = values.get("target_direction") or ""
    if direction not in TargetDirection.values and direction != "":
        errors.setdefault("target_direction", []).append(_("Choose from the list."))
    if cleaned["target_value"] is not None and not direction:
        errors.setdefault("target_direction", []).append(
            _("Say whether the target is at least or at most the value.")
        )
    if direction and cleaned["target_value"] is None and "target_value" not in errors:
        errors.setdefault("target_value", []).append(
            _("Give the target value, or leave “at least / at most” empty.")
        )
    elif measure and cleaned["target_value"] is None and "target_value" not in errors:
        errors.setdefault("target_value", []).append(
            _("Give the target value the data are compared with.")
        )
    cleaned["target_direction"] = direction if cleaned["target_value"] is not None else ""
    deadline = values.get("deadline")
    check_date(deadline, "deadline", errors)
    if (
        isinstance(deadline, dt.date)
        and "deadline" not in errors
        and not promise.first_year <= deadline.year <= promise.last_year
    ):
        errors.setdefault("deadline", []).append(
            _("The deadline must lie within the promise's period (%(period)s).")
            % {"period": promise.period_label}
        )
    cleaned["deadline"] = deadline
    interventions = list(values.get("interventions") or [])
    if any(
        not isinstance(i, Intervention) or i.municipality_id != municipality.pk
        for i in interventions
    ):
        errors.setdefault("interventions", []).append(_("Choose from the list."))
    cleaned["interventions"] = interventions
    return cleaned


def can_follow_up(partner: Organisation) -> bool:
    """Has the partner an active member who can open a follow-up and report its part (the
    partner role; reporters do not see promises)?"""
    return (
        partner.active
        and partner.memberships.filter(active=True, role__in=("partner", "coordinator")).exists()
    )


def may_edit_item(actor: Actor, version: PromiseVersion, responsible: str) -> bool:
    """May `actor` write an item with this responsible party in `version`?"""
    return can(actor, "promise.edit_item", PromiseItem(version=version, responsible=responsible))


def item_save(
    *,
    actor: Actor,
    version: PromiseVersion,
    values: dict[str, Any],
    item: PromiseItem | None = None,
) -> PromiseItem:
    """Create (``item=None``) or change an item of a draft version. The values are the whole
    item (every field of ``ITEM_EDITABLE``)."""
    municipality = version.promise.municipality
    if item is not None and (
        item.version_id != version.pk or not can(actor, "promise.edit_item", item)
    ):
        raise PermissionDenied
    if not (
        may_edit_item(actor, version, Party.MUNICIPALITY)
        or may_edit_item(actor, version, Party.POLICE)
    ):
        raise PermissionDenied
    responsible = values.get("responsible")
    if responsible in Party.values and not may_edit_item(actor, version, str(responsible)):
        raise ValidationError(
            {"responsible": _("You can only write items that the police are responsible for.")}
        )
    must_be_editable(version)
    errors: Errors = {}
    cleaned = _clean_item(municipality, values, errors, version.promise)
    if item is None and version.items.count() >= MAX_ITEMS:
        errors.setdefault("__all__", []).append(
            _("A promise has at most %(n)d items.") % {"n": MAX_ITEMS}
        )
    raise_if(errors)
    interventions = cleaned.pop("interventions")
    with transaction.atomic():
        PromiseVersion.objects.select_for_update().filter(pk=version.pk).first()
        version.refresh_from_db(fields=["state", "agreed_at"])
        must_be_editable(version)
        if item is None:
            position = (
                version.items.order_by("-position").values_list("position", flat=True).first()
            )
            item = PromiseItem(version=version, position=0 if position is None else position + 1)
            before: dict[str, Any] = {}
        else:
            before = audit.snapshot(item, ITEM_FIELDS)
        for name, value in cleaned.items():
            setattr(item, name, value)
        item.save()
        item.interventions.set(interventions)
        audit.record(
            actor=actor,
            action="promise.item",
            target=version.promise,
            municipality=municipality,
            changes={
                **audit.diff(before, audit.snapshot(item, ITEM_FIELDS)),
                "version": version.number,
            },
            target_repr=item.text[:80],
        )
    return item


def item_remove(*, actor: Actor, item: PromiseItem) -> None:
    version = item.version
    if not can(actor, "promise.edit_item", item):
        raise PermissionDenied
    must_be_editable(version)
    if ItemReport.objects.filter(item=item).exists():
        raise ValidationError(
            _("The item has been followed up and stays; change its text instead.")
        )
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="promise.item",
            target=version.promise,
            municipality=version.promise.municipality,
            changes={
                **audit.removed(item, ["text", "responsible"]),
                "version": version.number,
                "removed": True,
            },
            target_repr=item.text[:80],
        )
        item.delete()


def item_move(*, actor: Actor, item: PromiseItem, up: bool) -> None:
    """Move an item one place up or down (coordinators)."""
    version = item.version
    check(actor, "promise.manage", version.promise.municipality)
    must_be_editable(version)
    items = list(version.items.order_by("position", "id"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(items):
        return
    items[index], items[other_index] = items[other_index], items[index]
    with transaction.atomic():
        for position, row in enumerate(items):
            if row.position != position:
                PromiseItem.objects.filter(pk=row.pk).update(position=position)


# --- basis and handlingsplan --------------------------------------------------------------


def basis_add(
    *, actor: Actor, version: PromiseVersion, kind: str, note: str, annual_year: int | None = None
) -> PromiseBasis:
    municipality = version.promise.municipality
    check(actor, "promise.manage", municipality)
    must_be_editable(version)
    errors: Errors = {}
    if kind not in BasisKind.values:
        errors.setdefault("kind", []).append(_("Choose from the list."))
    cleaned = clean_texts(BASIS_TEXT, {"note": note}, {"note": MAX_NOTE}, errors)
    this_year = timezone.localdate().year
    if annual_year is not None and not MIN_YEAR <= annual_year <= this_year:
        errors.setdefault("annual_year", []).append(
            _("Give a year between %(a)d and %(b)d.") % {"a": MIN_YEAR, "b": this_year}
        )
    elif annual_year is not None and kind != BasisKind.EST:
        errors.setdefault("annual_year", []).append(
            _("A link to the annual view is only for the source “The EST picture”.")
        )
    raise_if(errors)
    with transaction.atomic():
        basis = PromiseBasis.objects.create(
            version=version,
            position=version.basis.count(),
            kind=kind,
            note=cleaned["note"],
            annual_year=annual_year,
        )
        audit.record(
            actor=actor,
            action="promise.basis",
            target=version.promise,
            municipality=municipality,
            changes={
                **audit.created(basis, ["kind", "note", "annual_year"]),
                "version": version.number,
            },
            target_repr=basis.get_kind_display(),
        )
    return basis


def basis_remove(*, actor: Actor, basis: PromiseBasis) -> None:
    version = basis.version
    check(actor, "promise.manage", version.promise.municipality)
    must_be_editable(version)
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="promise.basis",
            target=version.promise,
            municipality=version.promise.municipality,
            changes={
                **audit.removed(basis, ["kind", "note"]),
                "version": version.number,
                "removed": True,
            },
            target_repr=basis.get_kind_display(),
        )
        basis.delete()


def activity_add(
    *,
    actor: Actor,
    version: PromiseVersion,
    text: str,
    responsible: str,
    when: str = "",
    partner: Organisation | None = None,
    item: PromiseItem | None = None,
) -> PromiseActivity:
    municipality = version.promise.municipality
    check(actor, "promise.manage", municipality)
    must_be_editable(version)
    errors: Errors = {}
    cleaned = clean_texts(
        ACTIVITY_TEXT,
        {"text": text, "when": when},
        {"text": MAX_ITEM_TEXT, "when": MAX_SHORT},
        errors,
    )
    require(errors, cleaned, "text", _("Describe the activity."))
    if responsible not in Party.values:
        errors.setdefault("responsible", []).append(_("Choose who is responsible."))
    if responsible == Party.PARTNER:
        if not isinstance(partner, Organisation) or partner.municipality_id != municipality.pk:
            errors.setdefault("partner", []).append(_("Choose the responsible partner."))
    else:
        partner = None
    if item is not None and item.version_id != version.pk:
        errors.setdefault("item", []).append(_("Choose from the list."))
    raise_if(errors)
    with transaction.atomic():
        activity = PromiseActivity.objects.create(
            version=version,
            position=version.activities.count(),
            text=cleaned["text"],
            when=cleaned["when"],
            responsible=responsible,
            partner=partner,
            item_key=item.key if item is not None else None,
        )
        audit.record(
            actor=actor,
            action="promise.activity",
            target=version.promise,
            municipality=municipality,
            changes={
                **audit.created(activity, ["text", "responsible", "when"]),
                "version": version.number,
            },
            target_repr=activity.text[:80],
        )
    return activity


def activity_remove(*, actor: Actor, activity: PromiseActivity) -> None:
    version = activity.version
    check(actor, "promise.manage", version.promise.municipality)
    must_be_editable(version)
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="promise.activity",
            target=version.promise,
            municipality=version.promise.municipality,
            changes={
                **audit.removed(activity, ["text", "responsible", "when"]),
                "version": version.number,
                "removed": True,
            },
            target_repr=activity.text[:80],
        )
        activity.delete()


# --- lifecycle ----------------------------------------------------------------------------


def _set_status(actor: Actor, promise: Promise, status: str) -> None:
    before = promise.status
    promise.status = status
    promise.save(update_fields=["status", "updated_at"])
    public_changed(promise.municipality)
    audit.record(
        actor=actor,
        action="promise.status",
        target=promise,
        municipality=promise.municipality,
        changes={"status": [before, status]},
        target_repr=promise.period_label,
    )


def promise_set_status(*, actor: Actor, promise: Promise, status: str) -> Promise:
    """Agree (draft → agreed), back to draft, close, reopen. Publishing is `promise_publish`."""
    check(actor, "promise.manage", promise.municipality)
    with transaction.atomic():
        promise = Promise.objects.select_for_update().get(pk=promise.pk)
        if status not in allowed_statuses(promise):
            if status == PromiseStatus.CLOSED and promise.rounds.filter(status="open").exists():
                raise ValidationError(
                    {"status": _("A follow-up is open; publish it before closing the promise.")}
                )
            raise ValidationError({"status": _("That change of status is not possible now.")})
        if status == PromiseStatus.AGREED and not _draft_of(promise).items.exists():
            raise ValidationError({"status": _("Add at least one promise item first.")})
        if status in (PromiseStatus.AGREED, PromiseStatus.DRAFT):
            _mark_agreed(actor, promise, _draft_of(promise), agreed=status == PromiseStatus.AGREED)
        _set_status(actor, promise, status)
    return promise


def _mark_agreed(actor: Actor, promise: Promise, version: PromiseVersion, *, agreed: bool) -> None:
    version.agreed_at = timezone.now() if agreed else None
    version.agreed_by = person_of(actor) if agreed else None
    version.save(update_fields=["agreed_at", "agreed_by", "updated_at"])
    audit.record(
        actor=actor,
        action="promise.agree" if agreed else "promise.reopen_draft",
        target=promise,
        municipality=promise.municipality,
        changes={"version": version.number},
        target_repr=f"{version.title} {promise.period_label}",
    )


def promise_agree_version(*, actor: Actor, promise: Promise, agreed: bool) -> PromiseVersion:
    """Record the draft version as agreed with the police (freezing its text), or set it back
    to draft. For the first version this is the promise's status draft ⇄ agreed; a later
    version of a published promise is agreed again before it is published."""
    check(actor, "promise.manage", promise.municipality)
    with transaction.atomic():
        promise = Promise.objects.select_for_update().get(pk=promise.pk)
        version = promise.versions.filter(state=VersionState.DRAFT).first()
        if version is None:
            raise ValidationError(_("There is no draft version to agree on."))
        if promise.status in (PromiseStatus.DRAFT, PromiseStatus.AGREED):
            promise_set_status(
                actor=actor,
                promise=promise,
                status=PromiseStatus.AGREED if agreed else PromiseStatus.DRAFT,
            )
            version.refresh_from_db()
            return version
        if agreed == (version.agreed_at is not None):
            raise ValidationError(_("That change of status is not possible now."))
        if agreed and not version.items.exists():
            raise ValidationError(_("Add at least one promise item first."))
        _mark_agreed(actor, promise, version, agreed=agreed)
    return version


def promise_publish(*, actor: Actor, promise: Promise) -> PromiseVersion:
    """Publish the draft version: it becomes immutable and is shown on the public pages. The
    first publication needs the promise agreed by both parties."""
    check(actor, "promise.manage", promise.municipality)
    with transaction.atomic():
        promise = Promise.objects.select_for_update().get(pk=promise.pk)
        version = _draft_of(promise)
        if promise.status == PromiseStatus.DRAFT or version.agreed_at is None:
            raise ValidationError(
                _("Record the promise as agreed with the police before publishing it.")
            )
        if not version.items.exists():
            raise ValidationError(_("Add at least one promise item first."))
        if version.number > 1 and not version.change_note.strip():
            raise ValidationError({"change_note": _("Say what changes in the new version.")})
        version.state = VersionState.PUBLISHED
        version.published_at = timezone.now()
        version.published_by = person_of(actor)
        version.save(update_fields=["state", "published_at", "published_by", "updated_at"])
        public_changed(promise.municipality)
        audit.record(
            actor=actor,
            action="promise.publish",
            target=promise,
            municipality=promise.municipality,
            changes={"version": version.number},
            target_repr=f"{version.title} {promise.period_label}",
        )
        if promise.status == PromiseStatus.AGREED:
            _set_status(actor, promise, PromiseStatus.PUBLISHED)
    return version


def _copy_version(
    source: PromiseVersion, target: PromiseVersion, *, items: list[PromiseItem], rekey: bool
) -> None:
    """Copy `source`'s areas, basis, the given items and the handlingsplan into `target`. With
    `rekey` the items get new keys (a new promise); otherwise they keep theirs (a new version
    of the same promise, so their follow-ups still count)."""
    target.areas.set(source.areas.all())
    PromiseBasis.objects.bulk_create(
        PromiseBasis(
            version=target, position=b.position, kind=b.kind, note=b.note, annual_year=b.annual_year
        )
        for b in source.basis.all()
    )
    keys: dict[uuid.UUID, uuid.UUID] = {}
    source_keys = {old.key for old in items}
    for position, old in enumerate(items):
        interventions = list(old.interventions.all())
        new_key = uuid.uuid4() if rekey else old.key
        keys[old.key] = new_key
        old.key = new_key
        old.pk = None
        old.id = None
        old.version = target
        old.position = position
        old.save()
        old.interventions.set(interventions)
    PromiseActivity.objects.bulk_create(
        PromiseActivity(
            version=target,
            position=a.position,
            text=a.text,
            responsible=a.responsible,
            partner=a.partner,
            when=a.when,
            item_key=keys.get(a.item_key) if a.item_key else None,
        )
        for a in source.activities.all()
        # a new promise takes the activities of the items it carries over; the rest belonged
        # to the old period (often dated: "våren 2023") and would mislead in the new one
        if not rekey or (a.item_key is not None and a.item_key in source_keys)
    )


def promise_new_version(*, actor: Actor, promise: Promise, change_note: str) -> PromiseVersion:
    """A new draft version of a published promise, a copy of the latest published one; the
    published version stays as it is (and public) until the new one is published."""
    check(actor, "promise.manage", promise.municipality)
    errors: Errors = {}
    note = clean_texts(
        VERSION_TEXT, {"change_note": change_note}, {"change_note": MAX_NOTE}, errors
    )
    require(errors, note, "change_note", _("Say what changes in the new version."))
    raise_if(errors)
    with transaction.atomic():
        promise = Promise.objects.select_for_update().get(pk=promise.pk)
        latest = promise.versions.order_by("-number").first()
        if latest is None or latest.is_draft:
            raise ValidationError(_("The promise already has a draft version; edit that one."))
        if promise.status == PromiseStatus.CLOSED:
            raise ValidationError(_("The promise is closed."))
        version = PromiseVersion.objects.create(
            promise=promise,
            number=latest.number + 1,
            title=latest.title,
            scope=latest.scope,
            situation=latest.situation,
            goals=latest.goals,
            change_note=note["change_note"],
        )
        _copy_version(
            latest, version, items=list(latest.items.order_by("position", "id")), rekey=False
        )
        audit.record(
            actor=actor,
            action="promise.new_version",
            target=promise,
            municipality=promise.municipality,
            changes={"version": version.number, "change_note": version.change_note},
            target_repr=f"{version.title} {promise.period_label}",
        )
    return version


def open_items(version: PromiseVersion) -> list[PromiseItem]:
    """Items not yet done: no follow-up of theirs says green from every reporting party."""
    latest: dict[tuple[Any, str], str] = {}
    for key, party, rating in (
        ItemReport.objects.filter(item__version__promise_id=version.promise_id)
        .order_by("round__as_of", "round__created_at")
        .values_list("item_key", "party", "rating")
    ):
        latest[(key, party)] = rating
    result = []
    for item in version.items.order_by("position", "id"):
        parties = item.reporting_parties()
        done = all(latest.get((item.key, p)) == Rating.GREEN for p in parties)
        if not done:
            result.append(item)
    return result


def promise_start_next(
    *, actor: Actor, promise: Promise, first_year: int, last_year: int
) -> Promise:
    """The next period's promise, a draft started from this one: its basis and areas, the
    items still open (each as a new item, with a new key) and the handlingsplan's activities
    of those items."""
    municipality = promise.municipality
    check(actor, "promise.manage", municipality)
    errors: Errors = {}
    _check_years(first_year, last_year, errors)
    if not errors and first_year <= promise.first_year:
        errors.setdefault("first_year", []).append(
            _("The next promise starts after %(year)d.") % {"year": promise.first_year}
        )
    raise_if(errors)
    source = (
        promise.versions.filter(state=VersionState.PUBLISHED).order_by("-number").first()
        or promise.versions.order_by("-number").first()
    )
    assert source is not None
    items = open_items(source)
    with transaction.atomic():
        new = Promise.objects.create(
            municipality=municipality,
            first_year=first_year,
            last_year=last_year,
            agreement=promise.agreement,
            predecessor=promise,
        )
        version = PromiseVersion.objects.create(
            promise=new,
            number=1,
            title=source.title,
            scope=source.scope,
            situation=source.situation,
            goals=source.goals,
        )
        _copy_version(source, version, items=items, rekey=True)
        audit.record(
            actor=actor,
            action="promise.create",
            target=new,
            municipality=municipality,
            changes={
                **audit.created(version, VERSION_FIELDS),
                "started_from": promise.period_label,
                "items_copied": len(items),
            },
            target_repr=f"{version.title} {new.period_label}",
        )
    return new


def today() -> dt.date:
    return timezone.localdate()
