"""Writes of the crime statistics: the draft between preview and confirmation, and the import.

``statistics_import`` is all or nothing: every row is validated again (a draft is our own JSON,
but the service does not trust its caller), the values are compared with what is stored under
the same key (municipality, source, measure, region, year, gender), and new values are created
and changed ones replaced in one transaction with one audit row. "Updated" means a stored value
whose count, rate, measure name or region name differs; a value equal in all of them is
"unchanged" and is left as it was (its import stays the earlier one).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.permissions import can
from trygg.accounts.types import Actor
from trygg.core import audit
from trygg.core.bulk import RowBuilder, insert_rows
from trygg.core.validators import screened
from trygg.places.models import Municipality
from trygg.plans.choices import Gender, RegionKind, StatisticSource
from trygg.plans.limits import (
    MAX_COUNT,
    MAX_FILE_NAME,
    MAX_MEASURE_CODE,
    MAX_MEASURE_NAME,
    MAX_NOTE,
    MAX_RATE,
    MAX_REGION_NAME,
    MAX_ROWS,
    MAX_YEAR,
    MIN_YEAR,
)
from trygg.plans.models import StatisticDraft, StatisticImport, StatisticValue
from trygg.plans.statistics_files import FileProblem, StatRow

IMPORT_TEXT = screened("plans.StatisticImport", "file_name", "note")
DRAFT_TEXT = screened("plans.StatisticDraft", "file_name")
VALUE_TEXT = screened("plans.StatisticValue", "measure_name")

Key = tuple[str, str, str, int, str]


@dataclass
class StatisticsImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[FileProblem] = field(default_factory=list)
    batch: StatisticImport | None = None
    dry_run: bool = False


class StatisticsImportRejected(ValidationError):
    """Bad rows; nothing was saved. ``result.problems`` names them."""

    def __init__(self, result: StatisticsImportResult) -> None:
        self.result = result
        super().__init__(
            _("%(count)s rows have errors; nothing was imported.")
            % {"count": len({p.row for p in result.problems})},
            code="import_rejected",
        )


def _check_row(row: StatRow) -> list[str]:
    problems = []
    if row.source not in StatisticSource.values:
        problems.append(_("Unknown source."))
    if row.region_kind not in RegionKind.values or not (
        len(row.region_code) == 4 and row.region_code.isdigit()
    ):
        problems.append(_("Unknown municipality or region."))
    if not row.measure_code or len(row.measure_code) > MAX_MEASURE_CODE:
        problems.append(_("The measure has no code."))
    if not row.measure_name or len(row.measure_name) > MAX_MEASURE_NAME:
        problems.append(_("At most %(max)s characters.") % {"max": MAX_MEASURE_NAME})
    if not row.region_name or len(row.region_name) > MAX_REGION_NAME:
        problems.append(_("Unknown municipality or region."))
    if not MIN_YEAR <= row.period <= MAX_YEAR:
        problems.append(
            _("The year must lie between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}
        )
    if row.gender not in Gender.values:
        problems.append(_("The gender must be T, K or M."))
    if row.count is None and row.rate is None:
        problems.append(_("The row has neither a count nor a value per 100,000."))
    if row.count is not None and not 0 <= row.count <= MAX_COUNT:
        problems.append(_("The count is implausibly large."))
    if row.rate is not None and not Decimal(0) <= row.rate <= MAX_RATE:
        problems.append(_("The value per 100,000 inhabitants is implausibly large."))
    return problems


def _clean_file_name(screen_field: str, value: str, *, draft: bool = False) -> str:
    screen = DRAFT_TEXT if draft else IMPORT_TEXT
    try:
        name = screen.clean(screen_field, value)
    except ValidationError as error:
        raise ValidationError({"file_name": error.messages}) from error
    if not name:
        raise ValidationError({"file_name": [_("Name the file or the source.")]})
    return name[:MAX_FILE_NAME]


def statistics_draft_save(
    *,
    actor: Actor,
    municipality: Municipality,
    source: str,
    file_name: str,
    rows: Sequence[StatRow],
) -> StatisticDraft:
    """Keep parsed rows on the server until the coordinator confirms (one draft per user and
    municipality: an earlier one is replaced). Drafts are not data yet: no audit row."""
    if not can(actor, "statistics.manage", municipality):
        raise PermissionDenied
    if source not in StatisticSource.values:
        raise ValidationError({"source": [_("Unknown source.")]})
    if not rows or len(rows) > MAX_ROWS:
        raise ValidationError(_("A file can have at most %(max)s rows.") % {"max": MAX_ROWS})
    name = _clean_file_name("file_name", file_name, draft=True)
    with transaction.atomic():
        StatisticDraft.objects.filter(municipality=municipality, owner=actor).delete()
        StatisticDraft.objects.filter(expires_at__lt=timezone.now()).delete()
        return StatisticDraft.objects.create(
            municipality=municipality,
            owner=actor,
            source=source,
            file_name=name,
            rows=[row.to_json() for row in rows],
        )


def statistics_draft_discard(*, actor: Actor, draft: StatisticDraft) -> None:
    if not can(actor, "statistics.manage", draft.municipality) or draft.owner_id != actor.pk:
        raise PermissionDenied
    draft.delete()


def _stored(municipality: Municipality, rows: Sequence[StatRow]) -> dict[Key, StatisticValue]:
    measures = {(row.source, row.measure_code) for row in rows}
    found: dict[Key, StatisticValue] = {}
    for source, measure in measures:
        for value in StatisticValue.objects.filter(
            municipality=municipality, source=source, measure_code=measure
        ):
            key = (value.source, value.measure_code, value.region_code, value.period, value.gender)
            found[key] = value
    return found


def _differs(value: StatisticValue, row: StatRow) -> bool:
    rate = None if value.rate is None else Decimal(value.rate)
    return (
        value.count != row.count
        or rate != row.rate
        or value.measure_name != row.measure_name
        or value.region_name != row.region_name
    )


def statistics_import(
    *,
    actor: Actor,
    municipality: Municipality,
    rows: Iterable[StatRow],
    source: str,
    file_name: str,
    note: str = "",
    dry_run: bool = False,
) -> StatisticsImportResult:
    """Create or replace the values, all or none. ``dry_run`` only counts (the preview)."""
    if not can(actor, "statistics.manage", municipality):
        raise PermissionDenied
    if source not in StatisticSource.values:
        raise ValidationError({"source": [_("Unknown source.")]})
    name = _clean_file_name("file_name", file_name)
    try:
        note = IMPORT_TEXT.clean("note", note)
    except ValidationError as error:
        raise ValidationError({"note": error.messages}) from error
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": [_("At most %(max)s characters.") % {"max": MAX_NOTE}]})

    result = StatisticsImportResult(dry_run=dry_run)
    checked: list[StatRow] = []
    seen: set[Key] = set()
    names_ok: dict[str, list[str]] = {}
    for row in rows:
        result.rows += 1
        if result.rows > MAX_ROWS:
            result.problems.append(
                FileProblem(
                    row.line, "", _("A file can have at most %(max)s rows.") % {"max": MAX_ROWS}
                )
            )
            break
        problems = _check_row(row)
        if row.measure_name not in names_ok:
            try:
                VALUE_TEXT.clean("measure_name", row.measure_name)
                names_ok[row.measure_name] = []
            except ValidationError as error:
                names_ok[row.measure_name] = list(error.messages)
        problems.extend(names_ok[row.measure_name])
        if row.source != source:
            problems.append(_("Unknown source."))
        if row.key in seen:
            problems.append(_("The same measure, region, year and gender appears twice."))
        seen.add(row.key)
        for message in problems:
            result.problems.append(FileProblem(row.line, "", message))
        if not problems:
            checked.append(row)
    if result.problems:
        raise StatisticsImportRejected(result)
    if not checked:
        raise ValidationError(_("There is nothing to import."))

    with transaction.atomic():
        stored = _stored(municipality, checked)
        new: list[StatRow] = []
        changed: list[tuple[StatisticValue, StatRow]] = []
        for row in checked:
            value = stored.get(row.key)
            if value is None:
                new.append(row)
            elif _differs(value, row):
                changed.append((value, row))
            else:
                result.unchanged += 1
        result.created, result.updated = len(new), len(changed)
        if dry_run:
            transaction.set_rollback(True)
            return result
        now = timezone.now()
        batch = StatisticImport.objects.create(
            municipality=municipality,
            imported_by=actor,
            source=source,
            file_name=name,
            row_count=result.rows,
            created_count=result.created,
            updated_count=result.updated,
            unchanged_count=result.unchanged,
            note=note,
        )
        build = RowBuilder(StatisticValue)
        insert_rows(
            StatisticValue,
            [
                build(
                    {
                        "municipality": municipality,
                        "batch": batch,
                        "source": row.source,
                        "measure_code": row.measure_code,
                        "measure_name": row.measure_name,
                        "region_kind": row.region_kind,
                        "region_code": row.region_code,
                        "region_name": row.region_name,
                        "period": row.period,
                        "gender": row.gender,
                        "count": row.count,
                        "rate": row.rate,
                        "imported_at": now,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                for row in new
            ],
        )
        for value, row in changed:
            value.batch = batch
            value.count, value.rate = row.count, row.rate
            value.measure_name, value.region_name = row.measure_name, row.region_name
            value.imported_at = value.updated_at = now
        StatisticValue.objects.bulk_update(
            [value for value, _row in changed],
            ["batch", "count", "rate", "measure_name", "region_name", "imported_at", "updated_at"],
            batch_size=1000,
        )
        audit.record(
            actor=actor,
            action="statistics.import",
            target=batch,
            municipality=municipality,
            changes={
                "source": source,
                "file_name": name,
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "note": note,
            },
        )
    result.batch = batch
    return result
