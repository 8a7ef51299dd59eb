"""The evaluation design of an intervention (write) and its computed effect (read), from the
counted reports by the events' occurrence date (ANALYTICS.md, "Did it work?")."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.accounts.permissions import can
from trygg.accounts.types import Actor, person_of
from trygg.analysis.evaluation import EvaluationResult, evaluate_intervention
from trygg.core import audit
from trygg.core.weeks import IsoWeek
from trygg.geo.geometry import GeometryError, parse_polygon_geojson
from trygg.interventions.models import EvaluationDesign, Intervention
from trygg.places.models import Area
from trygg.reports.models import Category
from trygg.reports.selectors import counted_occurring_between, weekly_coverage

MAX_WEEKS = 104
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)
DESIGN_FIELDS = [
    "target_area",
    "comparison_area",
    "buffer_area",
    "comparison_buffer_area",
    "before_start",
    "after_start",
    "weeks",
]

VERDICTS = {
    "too few events to detect an effect": gettext_lazy(
        "Too few events to tell: the data cannot show whether it worked."
    ),
    "reduction relative to the comparison area": gettext_lazy(
        "Fewer events in the target area than the comparison area’s change predicts."
    ),
    "increase relative to the comparison area": gettext_lazy(
        "More events in the target area than the comparison area’s change predicts."
    ),
    "no detectable effect": gettext_lazy("No detectable effect."),
}


@transaction.atomic
def evaluation_design_set(
    *,
    actor: Actor,
    intervention: Intervention,
    target_area: Area | None,
    comparison_area: Area | None,
    buffer_area: Area | None = None,
    comparison_buffer_area: Area | None = None,
    categories: Iterable[Category] = (),
    before_start: dt.date | None,
    after_start: dt.date | None,
    weeks: int | None,
) -> EvaluationDesign:
    """Record (or change) the evaluation design; coordinators only. Windows are whole ISO
    weeks (they start on a Monday), of equal length, the before window ending by the start of
    the after window."""
    municipality = intervention.municipality
    if not can(actor, "intervention.manage", municipality):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    areas = {"target_area": target_area, "comparison_area": comparison_area}
    for name, area in areas.items():
        if area is None or area.municipality_id != municipality.pk:
            errors[name] = [_("Choose an area from the list.")]
    for name, area in (
        ("buffer_area", buffer_area),
        ("comparison_buffer_area", comparison_buffer_area),
    ):
        if area is not None and area.municipality_id != municipality.pk:
            errors[name] = [_("Choose an area from the list.")]
    if comparison_buffer_area is not None and buffer_area is None:
        errors["comparison_buffer_area"] = [
            _("Give the buffer around the target first: the buffers are compared in pairs.")
        ]
    if target_area is not None and target_area == comparison_area:
        errors["comparison_area"] = [_("The comparison area must differ from the target area.")]
    for name, area in (
        ("buffer_area", buffer_area),
        ("comparison_buffer_area", comparison_buffer_area),
    ):
        if area is not None and area in (target_area, comparison_area):
            errors[name] = [_("The buffer must differ from the target and the comparison area.")]
    if buffer_area is not None and buffer_area == comparison_buffer_area:
        errors["comparison_buffer_area"] = [_("The two buffers must be different areas.")]
    chosen = list(categories)
    if any(c.municipality_id != municipality.pk for c in chosen):
        errors["categories"] = [_("Choose from the list.")]
    if weeks is None or not 1 <= weeks <= MAX_WEEKS:
        errors["weeks"] = [_("Give a number of weeks from 1 to %(max)d.") % {"max": MAX_WEEKS}]
    for name, day in (("before_start", before_start), ("after_start", after_start)):
        if day is None:
            errors[name] = [_("Give the date as YYYY-MM-DD.")]
        elif not EARLIEST <= day <= LATEST:
            errors[name] = [_("Give a date between 2000 and 2100.")]
        elif day.isoweekday() != 1:
            errors[name] = [_("A window starts on a Monday (whole ISO weeks).")]
    if (
        before_start is not None
        and after_start is not None
        and weeks is not None
        and not {"weeks", "before_start", "after_start"} & set(errors)
        and before_start + dt.timedelta(weeks=weeks) > after_start
    ):
        errors["after_start"] = [_("The after window must start after the before window ends.")]
    if errors:
        raise ValidationError(errors)
    assert target_area is not None and comparison_area is not None  # checked above
    assert before_start is not None and after_start is not None and weeks is not None
    design = EvaluationDesign.objects.filter(intervention=intervention).first()
    before = audit.snapshot(design, DESIGN_FIELDS) if design else {}
    before_categories = sorted(str(c) for c in design.categories.all()) if design else []
    if design is None:
        design = EvaluationDesign(intervention=intervention)
    design.target_area = target_area
    design.comparison_area = comparison_area
    design.buffer_area = buffer_area
    design.comparison_buffer_area = comparison_buffer_area
    design.before_start = before_start
    design.after_start = after_start
    design.weeks = weeks
    design.designed_by = person_of(actor)
    design.save()
    design.categories.set(chosen)
    changes = audit.diff(before, audit.snapshot(design, DESIGN_FIELDS))
    after_categories = sorted(str(c) for c in chosen)
    if after_categories != before_categories:
        changes["categories"] = [before_categories, after_categories]
    audit.record(
        actor=actor,
        action="intervention.evaluation_design",
        target=intervention,
        municipality=municipality,
        organisation=intervention.owner,
        changes=changes,
    )
    return design


SIMILAR_FACTOR = 1.5
"""A comparison area is "similar" when its before-window count is within ×1.5 of the target's
and its trend (before ÷ the window before) within ×1.5 of the target's trend."""


@dataclass(frozen=True)
class Evaluation:
    design: EvaluationDesign
    ready: bool
    """False until the after window has passed."""
    result: EvaluationResult | None
    verdict_text: str
    low_coverage_weeks: tuple[IsoWeek, ...] = ()
    """Weeks in the windows whose reporting coverage is under the municipality's threshold:
    their counts may be too low (listed beside the result, not left out)."""


def low_coverage_weeks(design: EvaluationDesign) -> tuple[IsoWeek, ...]:
    municipality = design.intervention.municipality
    weeks: list[IsoWeek] = []
    for first, after in (
        (design.before_start, design.before_end),
        (design.after_start, design.after_end),
    ):
        coverage = weekly_coverage(municipality, first, after - dt.timedelta(days=7))
        weeks.extend(IsoWeek.of(monday) for monday, week in coverage.items() if not week.covered)
    return tuple(weeks)


def _count(design: EvaluationDesign, area: Area, first: dt.date, after: dt.date) -> int:
    qs = counted_occurring_between(design.intervention.municipality, first, after).filter(area=area)
    categories = list(design.categories.all())
    if categories:
        qs = qs.filter(category__in=categories)
    return qs.count()


def evaluation_of(design: EvaluationDesign, today: dt.date) -> Evaluation:
    """The eight counts and the figures, once the after window has passed."""
    if design.after_end > today:
        return Evaluation(design=design, ready=False, result=None, verdict_text="")
    windows = ((design.before_start, design.before_end), (design.after_start, design.after_end))
    counts: dict[str, Any] = {}
    for key, area in (
        ("T", design.target_area),
        ("C", design.comparison_area),
        ("D", design.buffer_area),
        ("Cd", design.comparison_buffer_area),
    ):
        for index, (first, after) in enumerate(windows):
            counts[f"{key}{index}"] = (
                _count(design, area, first, after) if area is not None else None
            )
    result = evaluate_intervention(**counts)
    return Evaluation(
        design=design,
        ready=True,
        result=result,
        verdict_text=str(VERDICTS[result.verdict]),
        low_coverage_weeks=low_coverage_weeks(design),
    )


SUGGESTION_WEEKS = 12
ADJACENT_DEGREES = 0.002
"""Areas closer than about 200 m to the target count as adjacent (not a comparison)."""


@dataclass(frozen=True)
class ComparisonSuggestion:
    area: Area
    before: int
    """Events in the before window."""
    earlier: int
    """Events in the window of the same length just before it (for the trend)."""
    score: float
    """Smaller is more alike: |ln level ratio| + |difference of ln trends| (counts + 1)."""
    similar: bool = False
    """Level within a factor of SIMILAR_FACTOR of the target's and trend too: a real match.
    The closest areas are listed even when none is; the page then says so."""


def _shape(area: Area) -> Any:
    try:
        return parse_polygon_geojson(area.geometry, bbox=None)
    except (GeometryError, ValueError, TypeError):
        return None


def comparison_suggestions(
    target: Area,
    before_start: dt.date,
    weeks: int,
    categories: Iterable[Category] = (),
    *,
    limit: int = 3,
) -> list[ComparisonSuggestion]:
    """Areas like `target` before the intervention — a similar level in the before window and
    a similar trend from the window before it — that are not adjacent to it, most alike
    first (ANALYTICS.md: "similar level and trend, not adjacent")."""
    municipality = target.municipality
    chosen = list(categories)
    earlier_start = before_start - dt.timedelta(weeks=weeks)
    before_end = before_start + dt.timedelta(weeks=weeks)

    def counts(first: dt.date, after: dt.date) -> dict[int, int]:
        qs = counted_occurring_between(municipality, first, after)
        if chosen:
            qs = qs.filter(category__in=chosen)
        rows = qs.order_by().values_list("area_id").annotate(n=Count("id"))
        return {area_id: n for area_id, n in rows if area_id is not None}

    before, earlier = counts(before_start, before_end), counts(earlier_start, before_start)
    target_shape = _shape(target)
    near = target_shape.buffer(ADJACENT_DEGREES) if target_shape is not None else None
    t_level = before.get(target.pk, 0) + 1
    t_trend = math.log(t_level / (earlier.get(target.pk, 0) + 1))
    found = []
    for area in Area.objects.filter(municipality=municipality, active=True).exclude(pk=target.pk):
        shape = _shape(area)
        if near is not None and shape is not None and near.intersects(shape):
            continue
        level = before.get(area.pk, 0) + 1
        trend = math.log(level / (earlier.get(area.pk, 0) + 1))
        level_gap, trend_gap = abs(math.log(level / t_level)), abs(trend - t_trend)
        score = level_gap + trend_gap
        similar = level_gap <= math.log(SIMILAR_FACTOR) and trend_gap <= math.log(SIMILAR_FACTOR)
        found.append(
            ComparisonSuggestion(area, level - 1, earlier.get(area.pk, 0), round(score, 3), similar)
        )
    found.sort(key=lambda s: (s.score, s.area.name))
    return found[:limit]
