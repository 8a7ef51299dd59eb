"""Many reports at once: imports from partners' systems, the demo world, the coming importers.

``reports_import`` is the batch form of ``report_create``: every row gets exactly the
validation of a single report (the personal-data guard, the kommun and area look-up, every
limit), the permission and the organisation are checked once, the kommun outline and the area
index are prepared once for all rows, and the rows are written in one transaction with one
bulk insert (``trygg.core.bulk``). All or nothing: one bad row and nothing is saved; the
result names every bad row (its index, the field and the message in the user's language).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.models import Organisation
from trygg.accounts.permissions import can
from trygg.accounts.types import Actor
from trygg.core import audit
from trygg.core.bulk import RowBuilder, insert_rows
from trygg.core.validators import clean_text
from trygg.core.weeks import IsoWeek
from trygg.places.locator import point_locator
from trygg.places.models import Municipality
from trygg.reports.choices import Channel
from trygg.reports.inputs import choose_organisation
from trygg.reports.models import Report, WeeklyReturn
from trygg.reports.services.reports import REPORT_INPUT_FIELDS, validated_report_fields

MAX_ROWS = 200_000
"""The most rows one batch may carry (a larger file is split by the caller)."""

ROW_FIELDS = (REPORT_INPUT_FIELDS - {"photo"}) | {"reported_at"}
"""What a row may carry: the fields of a report (no photo) and ``reported_at``, when the
partner's own system recorded it (defaults to now)."""


@dataclass(frozen=True)
class RowError:
    """One problem in one row: ``row`` is the 0-based index in the batch."""

    row: int
    field: str
    message: str


@dataclass
class ImportResult:
    """What a batch did (or, on a dry run or on error, would have done)."""

    source: str
    rows: int = 0
    created: list[Report] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    withdrawn_returns: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportRejected(ValidationError):
    """The batch had bad rows; nothing was saved. ``result.errors`` lists them all."""

    def __init__(self, result: ImportResult) -> None:
        self.result = result
        super().__init__(
            _("%(count)s of %(rows)s rows have errors; nothing was imported.")
            % {"count": len({e.row for e in result.errors}), "rows": result.rows},
            code="import_rejected",
        )


def _reported_at(value: Any, start: dt.datetime, now: dt.datetime) -> dt.datetime:
    if value in (None, ""):
        return now
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError as error:
            raise ValidationError({"reported_at": [_("Enter a valid date and time.")]}) from error
    if not isinstance(value, dt.datetime):
        raise ValidationError({"reported_at": [_("Enter a valid date and time.")]})
    moment: dt.datetime = value
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    if moment > now + dt.timedelta(minutes=5):
        raise ValidationError({"reported_at": [_("The time lies in the future.")]})
    if moment < start:
        raise ValidationError(
            {"reported_at": [_("A report cannot be recorded before the event happened.")]}
        )
    return moment


def reports_import(
    *,
    actor: Actor,
    municipality: Municipality,
    organisation: Organisation | None,
    rows: Iterable[Mapping[str, Any]],
    source: str,
    channel: str = Channel.IMPORT,
    dry_run: bool = False,
) -> ImportResult:
    """Create one report per row, all or none.

    Rows carry resolved objects for category, place and area (``trygg.reports.inputs``), like
    ``report_create``. Raises ``PermissionDenied`` when the actor may not report here,
    ``ValidationError`` for a bad organisation, channel or source, and ``ImportRejected``
    (a ``ValidationError``) listing every bad row. With ``dry_run`` everything is validated
    and nothing is written; the result says what would have been created.
    """
    if not can(actor, "report.create", municipality):
        raise PermissionDenied
    chosen = choose_organisation(actor, municipality, organisation)
    if channel not in Channel.values:
        raise ValidationError({"channel": [_("Unknown channel.")]})
    try:
        # the source's name (a file name, a system) is text like any other: screened
        source = clean_text(source)
    except ValidationError as error:
        raise ValidationError({"source": error.messages}) from error
    if not source or len(source) > 200:
        raise ValidationError(
            {"source": [_("Name the source of the import (at most 200 characters).")]}
        )

    result = ImportResult(source=source, dry_run=dry_run)
    locator = point_locator(municipality)
    build = RowBuilder(Report)
    now = timezone.now()
    reports: list[Report] = []
    for index, row in enumerate(rows):
        result.rows += 1
        if result.rows > MAX_ROWS:
            result.errors.append(
                RowError(
                    index,
                    "",
                    _("An import can have at most %(max)s rows.") % {"max": MAX_ROWS},
                )
            )
            break
        unknown = sorted(set(row) - ROW_FIELDS)
        if unknown:
            for name in unknown:
                result.errors.append(RowError(index, name, _("Unknown field.")))
            continue
        values = {key: value for key, value in row.items() if key != "reported_at"}
        try:
            fields = validated_report_fields(
                municipality=municipality, values=values, locator=locator
            )
            created_at = _reported_at(row.get("reported_at"), fields["occurred_start"], now)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    result.errors.append(RowError(index, name, message))
            continue
        if not result.errors:
            fields.update(
                municipality=municipality,
                organisation=chosen,
                reporter=actor,
                channel=channel,
                created_at=created_at,
            )
            reports.append(build(fields))
    if result.errors:
        raise ImportRejected(result)
    if dry_run or not reports:
        result.created = reports
        return result

    with transaction.atomic():
        insert_rows(Report, reports)
        weeks = sorted({report.week_start for report in reports})
        nil_returns = list(
            WeeklyReturn.objects.filter(organisation=chosen, week_start__in=weeks).order_by(
                "week_start"
            )
        )
        for nil in nil_returns:
            audit.record(
                actor=actor,
                action="weekly_return.withdraw",
                target=nil,
                municipality=municipality,
                organisation=chosen,
                changes={"reason": "report.import"},
            )
        if nil_returns:
            WeeklyReturn.objects.filter(pk__in=[nil.pk for nil in nil_returns]).delete()
        audit.record(
            actor=actor,
            action="report.import",
            target=chosen,
            municipality=municipality,
            organisation=chosen,
            changes={
                "count": len(reports),
                "source": source,
                "channel": channel,
                "first_week": str(IsoWeek.of(weeks[0])),
                "last_week": str(IsoWeek.of(weeks[-1])),
            },
        )
    result.created = reports
    result.withdrawn_returns = len(nil_returns)
    return result
