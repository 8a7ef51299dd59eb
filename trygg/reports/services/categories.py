"""Writes for the municipality's category list (the EST checklist)."""

from __future__ import annotations

import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from trygg.accounts.permissions import can
from trygg.accounts.types import Actor
from trygg.core import audit
from trygg.core.validators import screened
from trygg.places.models import Municipality
from trygg.reports.defaults import DEFAULT_CATEGORIES
from trygg.reports.models import Category


@transaction.atomic
def categories_install_defaults(*, actor: Actor, municipality: Municipality) -> list[Category]:
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


CATEGORY_TEXT = screened("reports.Category", "name", "name_en", "description")
"""The names and the guidance shown on the report form, screened for personal data."""


def _clean_category_values(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in CATEGORY_FIELDS:
            raise ValidationError(_("Unknown field %(name)s.") % {"name": key})
        if key in CATEGORY_TEXT.fields:
            try:
                value = CATEGORY_TEXT.clean(key, value)
            except ValidationError as error:
                raise ValidationError({key: error.messages}) from error
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
def category_create(*, actor: Actor, municipality: Municipality, **values: Any) -> Category:
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
        changes=audit.created(category, CATEGORY_FIELDS),
    )
    return category


@transaction.atomic
def category_update(*, actor: Actor, category: Category, **values: Any) -> Category:
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


def install_defaults(*, actor: Actor, municipality: Municipality) -> None:
    """What onboarding installs for the reports app: the default category checklist."""
    categories_install_defaults(actor=actor, municipality=municipality)
