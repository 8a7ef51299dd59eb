"""Weekly returns: an organisation's "nothing to report" for a week."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.permissions import can
from trygg.accounts.types import Actor
from trygg.core import audit
from trygg.core.validators import reject_nul, screened
from trygg.core.weeks import IsoWeek
from trygg.places.models import Municipality
from trygg.reports.choices import (
    ReportStatus,
)
from trygg.reports.inputs import choose_organisation
from trygg.reports.limits import (
    EARLIEST,
)
from trygg.reports.models import Report, WeeklyReturn

RETURN_TEXT = screened("reports.WeeklyReturn", "comment")


def weekly_return_submit(
    *,
    actor: Actor,
    municipality: Municipality,
    week: IsoWeek,
    organisation: Any = None,
    comment: str = "",
) -> WeeklyReturn:
    """The organisation's "nothing to report" for `week` (the existing one when it has one)."""
    nil, _created = weekly_return_record(
        actor=actor,
        municipality=municipality,
        week=week,
        organisation=organisation,
        comment=comment,
    )
    return nil


def weekly_return_record(
    *,
    actor: Actor,
    municipality: Municipality,
    week: IsoWeek,
    organisation: Any = None,
    comment: str = "",
) -> tuple[WeeklyReturn, bool]:
    """As ``weekly_return_submit``, and whether this call created it.

    Two simultaneous submissions for the same organisation and week make one row: the one
    that loses the race (the unique constraint, on PostgreSQL; SQLite's write lock orders
    them) gets the winner's row and ``created=False`` (the API answers 200, not 201).
    """
    if not can(actor, "weekly_return.create", municipality):
        raise PermissionDenied
    organisation = choose_organisation(actor, municipality, organisation)
    if week.monday > timezone.localdate():
        raise ValidationError({"week": [_("You cannot report for a week that has not started.")]})
    if week.monday < EARLIEST.date():
        raise ValidationError({"week": [_("The date is too far back.")]})
    reject_nul(comment)
    try:
        comment = RETURN_TEXT.clean("comment", comment)
    except ValidationError as error:
        raise ValidationError({"comment": error.messages}) from error
    try:
        with transaction.atomic():
            counted = Report.objects.filter(
                organisation=organisation, week_start=week.monday
            ).exclude(status=ReportStatus.REJECTED)
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
                return existing, False
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
                changes={"week": str(week)},
            )
            return nil, True
    except IntegrityError:
        winner = WeeklyReturn.objects.filter(
            organisation=organisation, week_start=week.monday
        ).first()
        if winner is None:
            raise
        return winner, False
