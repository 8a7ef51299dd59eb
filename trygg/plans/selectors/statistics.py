"""Reads of the crime statistics: the series page, the import history, the API, a draft."""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from trygg.accounts.models import User
from trygg.geo.geometry import load_municipality_outlines
from trygg.places.models import Municipality
from trygg.plans.choices import Gender, RegionKind
from trygg.plans.models import StatisticDraft, StatisticImport, StatisticValue
from trygg.plans.statistics_files import RegionIndex

KIND_ORDER = (RegionKind.MUNICIPALITY, RegionKind.COUNTY, RegionKind.NATIONAL)


@functools.lru_cache(maxsize=2)
def _regions(path: str) -> RegionIndex:
    return RegionIndex.from_outlines(load_municipality_outlines(path))


def region_index() -> RegionIndex:
    """Kommun names and codes (trygg.geo's outlines) and the län."""
    return _regions(str(settings.TRYGG_MUNICIPALITY_OUTLINES))


def statistic_values_of(municipality: Municipality) -> QuerySet[StatisticValue]:
    return StatisticValue.objects.filter(municipality=municipality)


def statistic_imports_of(municipality: Municipality) -> QuerySet[StatisticImport]:
    return StatisticImport.objects.filter(municipality=municipality).select_related("imported_by")


@dataclass(frozen=True)
class Cell:
    count: int | None
    rate: Decimal | None


@dataclass
class Series:
    """One measure: a row per year, a cell per region (the kommun, the county, the nation)."""

    source: str
    source_label: str
    code: str
    name: str
    regions: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    years: list[tuple[int, list[Cell | None]]] = field(default_factory=list)


def statistic_series(municipality: Municipality) -> list[Series]:
    """Every measure imported by the municipality, gender T only (the page's table)."""
    values = statistic_values_of(municipality).filter(gender=Gender.TOTAL)
    grouped: dict[tuple[str, str], list[StatisticValue]] = {}
    for value in values.order_by("source", "measure_code", "period"):
        grouped.setdefault((value.source, value.measure_code), []).append(value)
    result = []
    for (source, code), items in grouped.items():
        latest = max(items, key=lambda v: (v.period, v.imported_at))
        regions: dict[str, tuple[int, str]] = {}
        for item in items:
            rank = KIND_ORDER.index(RegionKind(item.region_kind))
            own = 0 if item.region_code == municipality.code else 1
            regions.setdefault(item.region_code, (rank * 2 + own, item.region_name))
        ordered = sorted(regions.items(), key=lambda kv: (kv[1][0], kv[0]))
        index = {region_code: i for i, (region_code, _r) in enumerate(ordered)}
        by_year: dict[int, list[Cell | None]] = {}
        for item in items:
            row = by_year.setdefault(item.period, [None] * len(ordered))
            row[index[item.region_code]] = Cell(item.count, item.rate)
        result.append(
            Series(
                source=source,
                source_label=latest.get_source_display(),
                code=code,
                name=latest.measure_name,
                regions=[(region_code, name) for region_code, (_r, name) in ordered],
                years=sorted(by_year.items()),
            )
        )
    # the largest first (the total of all crimes), then by name
    return sorted(result, key=lambda s: (s.source, -_size(s), s.name.casefold()))


def _size(series: Series) -> Decimal:
    own = [cells[0] for _year, cells in series.years if cells and cells[0] is not None]
    return max(
        (Decimal(c.count) if c.count is not None else c.rate or Decimal(0) for c in own),
        default=Decimal(0),
    )


def statistics_draft_get(
    municipality: Municipality, user: User, public_id: uuid.UUID
) -> StatisticDraft:
    """The user's own unexpired draft in this municipality; 404 otherwise."""
    draft = StatisticDraft.objects.filter(
        municipality=municipality, owner=user, public_id=public_id, expires_at__gte=timezone.now()
    ).first()
    if draft is None:
        raise Http404
    return draft
