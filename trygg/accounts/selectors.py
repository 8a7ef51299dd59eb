"""Reads of memberships: which municipalities a user belongs to.

``Municipality`` lives one layer up (``trygg.places``); accounts reaches it through the
membership's foreign key, so this app never imports places (docs/architecture.md, "Layers").
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.db.models import Model
from django.http import Http404

from trygg.accounts.models import Membership, Organisation, ReportingExpectation
from trygg.accounts.permissions import can
from trygg.accounts.types import Tenant


def _municipality_model() -> type[Model]:
    model = Membership._meta.get_field("municipality").related_model
    assert isinstance(model, type)
    return model


def municipalities_for(user: Any) -> list[Tenant]:
    if not getattr(user, "is_authenticated", False):
        return []
    if user.is_superuser:
        found = list(_municipality_model()._default_manager.all())
    else:
        found = list(
            _municipality_model()
            ._default_manager.filter(
                memberships__user=user,
                memberships__active=True,
                memberships__organisation__active=True,
            )
            .distinct()
        )
    # the related model is places.Municipality, which the Tenant protocol describes
    return cast(list[Tenant], found)


def municipality_get_for(*, user: Any, code: str) -> Tenant:
    """The municipality with `code` if the user belongs to it; otherwise 404."""
    municipality = _municipality_model()._default_manager.filter(code=code).first()
    if municipality is None or not can(user, "municipality.view", municipality):
        raise Http404
    return cast(Tenant, municipality)  # places.Municipality, as above


# ---------------------------------------------------------------------------------------------
# Who was expected to report, week by week (the expectation history)


def expectations_between(
    municipality: Any, first_monday: dt.date, last_monday: dt.date
) -> list[ReportingExpectation]:
    """Every expectation of the municipality's organisations that overlaps the weeks
    `first_monday`..`last_monday` (one query; the organisation is selected with it)."""
    return list(
        ReportingExpectation.objects.filter(
            organisation__municipality=municipality, valid_from__lte=last_monday
        )
        .exclude(valid_to__lt=first_monday)
        .exclude(frequency="none")
        .select_related("organisation")
        .order_by("organisation__name", "valid_from")
    )


def expected_organisations(municipality: Any, monday: dt.date) -> list[Organisation]:
    """The organisations expected to report in the week starting `monday`, by the
    expectation as it stood that week (an organisation added later is not expected)."""
    return [
        e.organisation
        for e in expectations_between(municipality, monday, monday)
        if e.expects(monday)
    ]
