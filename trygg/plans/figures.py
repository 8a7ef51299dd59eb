"""The figures of the lägesbild: each ``FigureKind`` computed from Trygg's data by the existing
selectors, as one plain table that can be stored (frozen at decision) and shown the same way
on the staff page, in the PDF, on the public page and in the API.

A table is JSON::

    {"format": 1, "kind": "...", "title": "...",
     "columns": [{"label": "...", "type": "text" | "count" | "ratio" | "rate"}],
     "rows": [[...]], "total": [...] | null, "notes": ["..."], "source_text": "..."}

``count`` cells are whole numbers (or null: not available); ``ratio`` cells are
``{"rr", "lo", "hi", "trend"}`` (the year against the year before, with its confidence
interval, from the annual view's test) or null; ``rate`` cells are numbers per 100,000. The
EST counts and the imported statistics are never in the same table: each figure reads one
source only.

Publishing (``presented(..., public=True)``): every count column is a series with its total
and goes through ``trygg.analysis.suppression.suppress_series`` at ``TRYGG_PUBLIC_MIN_COUNT``
(1–4 shown as "< 5", complements as ".."), and a row whose count is hidden shows no ratio
(the ratio and the other count would give it away). A table that cannot be protected is not
shown at all.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from trygg.analysis.suppression import suppress_series
from trygg.interventions.choices import InterventionVisibility
from trygg.interventions.evaluation import evaluation_of
from trygg.interventions.models import EvaluationDesign
from trygg.places.models import Municipality
from trygg.plans.choices import FigureKind
from trygg.plans.models import CrimePictureFigure
from trygg.plans.selectors.statistics import statistic_series
from trygg.reports.models import Category
from trygg.situation.selectors.annual import (
    annual_overview,
    changes,
    weeks_of_year,
    window_counts,
    year_coverage,
)
from trygg.situation.selectors.hotspots import cell_label, hotspot_analysis

FORMAT = 1
MAX_HOT_CELLS = 10
#: figures whose year is the picture's year unless the figure names one
YEAR_KINDS = frozenset(
    {
        FigureKind.ANNUAL_CATEGORIES,
        FigureKind.ANNUAL_AREAS,
        FigureKind.HOT_SPOTS,
        FigureKind.INTERVENTIONS,
    }
)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _ratio(change: Any) -> dict[str, Any] | None:
    if not change.compared or change.rate_ratio is None:
        return None
    return {
        "rr": change.rate_ratio,
        "lo": change.ci_lower,
        "hi": change.ci_upper,
        "trend": change.trend or "none",
    }


def _year_columns(first: str, year: int) -> list[dict[str, str]]:
    return [
        {"label": first, "type": "text"},
        {"label": str(year), "type": "count"},
        {"label": str(year - 1), "type": "count"},
        {"label": _("Change (rate ratio, 95 % interval)"), "type": "ratio"},
    ]


def _coverage_notes(coverage: Any) -> list[str]:
    notes = []
    if coverage.covered is None:
        notes.append(_("Trygg holds no reports for this year."))
    elif coverage.comparison is None:
        notes.append(_("No comparison with the year before: the data do not reach back a year."))
    else:
        notes.append(
            _(
                "Counted from %(first)s to %(last)s and compared with the same days a year "
                "earlier. A change is marked only where the test across the table says so "
                "(q < 0.05)."
            )
            % {
                "first": coverage.covered.first.isoformat(),
                "last": (coverage.covered.after - dt.timedelta(days=1)).isoformat(),
            }
        )
    notes.append(
        _("EST reports from the partners, not reported crimes: never added to the statistics.")
    )
    return notes


def annual_categories(municipality: Municipality, year: int) -> dict[str, Any]:
    """EST reports per category, the year against the same window a year earlier."""
    coverage = year_coverage(municipality, year)
    now = window_counts(municipality, coverage.covered)
    before = window_counts(municipality, coverage.comparison)
    per_now: dict[int, int] = defaultdict(int)
    per_before: dict[int, int] = defaultdict(int)
    for (_area, category), n in now.items():
        per_now[category] += n
    for (_area, category), n in before.items():
        per_before[category] += n
    categories = {c.pk: c for c in Category.objects.filter(municipality=municipality)}
    used = sorted(
        (pk for pk in {*per_now, *per_before} if pk in categories),
        key=lambda pk: (categories[pk].sort_order, categories[pk].name),
    )
    table = [
        (per_now[pk], Decimal(per_now[pk]), per_before[pk], Decimal(per_before[pk])) for pk in used
    ]
    total_now, total_before = sum(per_now.values()), sum(per_before.values())
    tested = changes([*table, (total_now, Decimal(0), total_before, Decimal(0))], coverage)
    compared = coverage.comparison is not None
    rows = [
        [categories[pk].label, per_now[pk], per_before[pk] if compared else None, _ratio(c)]
        for pk, c in zip(used, tested, strict=False)
    ]
    return {
        "title": (
            _("EST reports per category, %(year)s against %(previous)s")
            if compared
            else _("EST reports per category, %(year)s")
        )
        % {"year": year, "previous": year - 1},
        "columns": _year_columns(_("Category"), year),
        "rows": rows,
        "total": [
            _("All categories"),
            total_now,
            total_before if compared else None,
            _ratio(tested[-1]),
        ],
        "notes": _coverage_notes(coverage),
    }


def annual_areas(municipality: Municipality, year: int) -> dict[str, Any]:
    """EST reports per area, the year against the same window a year earlier (the annual
    view's table)."""
    overview = annual_overview(municipality, year)
    coverage = year_coverage(municipality, year)
    compared = coverage.comparison is not None
    rows: list[list[Any]] = [
        [
            row["area"].name,
            row["total"].count,
            row["total"].previous_count if compared else None,
            _ratio(row["total"]),
        ]
        for row in overview["areas"]
    ]
    if overview["outside_areas"]:
        rows.append([_("Outside the areas"), overview["outside_areas"], None, None])
    total = overview["total"]
    return {
        "title": (
            _("EST reports per area, %(year)s against %(previous)s")
            if compared
            else _("EST reports per area, %(year)s")
        )
        % {"year": year, "previous": year - 1},
        "columns": _year_columns(_("Area"), year),
        "rows": rows,
        "total": [
            _("The whole municipality"),
            total.count,
            total.previous_count if compared else None,
            _ratio(total),
        ],
        "notes": _coverage_notes(coverage),
    }


def hot_spots(municipality: Municipality, year: int) -> dict[str, Any]:
    """The hot spots (Gi*) of the year's ISO weeks, the strongest first."""
    weeks = weeks_of_year(year)
    analysis = hotspot_analysis(
        municipality,
        user=None,
        first_week=weeks[0],
        last_week=weeks[-1],
        with_profile=False,
    )
    hot = sorted((c for c in analysis.cells if c.klass == "hot"), key=lambda c: -c.z)
    rows = []
    for cell in hot[:MAX_HOT_CELLS]:
        name = analysis.names.get(cell.cell)
        rows.append(
            [
                cell_label(name) if name is not None else _("Outside the areas"),
                int(cell.count),
                int(cell.neighbourhood),
            ]
        )
    notes = [
        _(
            "Hot spots are cells of about 1 km where the reports and their neighbours' are "
            "more than chance explains (Getis–Ord Gi*, false discovery rate 5 %)."
        ),
        _("%(located)s of %(total)s counted reports of the weeks %(first)s–%(last)s had a place.")
        % {
            "located": analysis.located,
            "total": analysis.total,
            "first": str(weeks[0]),
            "last": str(weeks[-1]),
        },
    ]
    if not analysis.computed:
        notes.insert(0, _("Too few located reports to look for hot spots."))
    elif not hot:
        notes.insert(0, _("No hot spot stood out this year."))
    if len(hot) > MAX_HOT_CELLS:
        notes.append(_("The %(n)s strongest are shown.") % {"n": MAX_HOT_CELLS})
    return {
        "title": _("Hot spots of EST reports %(year)s") % {"year": year},
        "columns": [
            {"label": _("Where"), "type": "text"},
            {"label": _("Reports in the cell"), "type": "count"},
            {"label": _("With the neighbouring cells"), "type": "count"},
        ],
        "rows": rows,
        "total": None,
        "notes": notes,
    }


def statistic_figure(
    municipality: Municipality, measure_code: str, last_year: int | None = None
) -> dict[str, Any]:
    """An imported series (Brå, Kolada): per year (up to ``last_year``) the count and the rate
    per 100,000 for the municipality, its county and Sweden where imported. Never mixed with
    the EST reports."""
    series = next((s for s in statistic_series(municipality) if s.code == measure_code), None)
    if series is None:
        return {
            "title": _("Reported crimes: %(code)s") % {"code": measure_code},
            "columns": [{"label": _("Year"), "type": "text"}],
            "rows": [],
            "total": None,
            "notes": [_("No imported statistics with this code.")],
            "source_text": "",
        }
    columns: list[dict[str, str]] = [{"label": _("Year"), "type": "text"}]
    for _code, name in series.regions:
        columns.append({"label": _("%(region)s, count") % {"region": name}, "type": "count"})
        columns.append({"label": _("%(region)s, per 100,000") % {"region": name}, "type": "rate"})
    rows = []
    for year, cells in series.years:
        if last_year is not None and year > last_year:
            continue
        row: list[Any] = [str(year)]
        for cell in cells:
            row.append(None if cell is None else cell.count)
            row.append(None if cell is None else _float(cell.rate))
        rows.append(row)
    return {
        "title": _("Reported crimes: %(code)s") % {"code": series.name},
        "columns": columns,
        "rows": rows,
        "total": None,
        "notes": [
            _("Crimes reported to the police (official statistics), not EST reports."),
        ],
        "source_text": series.source_label,
    }


def interventions(municipality: Municipality, year: int) -> dict[str, Any]:
    """The interventions whose evaluation's after window ended in the year, with the counts
    behind each verdict (the target area and the comparison area, before → after). Only
    interventions shared with all partners: the document is read by the council."""
    today = timezone.localdate()
    designs = [
        d
        for d in EvaluationDesign.objects.filter(
            intervention__municipality=municipality,
            intervention__visibility=InterventionVisibility.PARTNERS,
        ).select_related("intervention", "target_area", "comparison_area")
        if d.after_end <= today and (d.after_end - dt.timedelta(days=1)).year == year
    ]
    rows = []
    for design in sorted(designs, key=lambda d: (d.intervention.title, d.pk)):
        evaluation = evaluation_of(design, today)
        result = evaluation.result
        if result is None:
            continue
        rows.append(
            [
                design.intervention.title,
                design.intervention.get_type_display(),
                design.target_area.name if design.target_area else "",
                result.T0,
                result.T1,
                design.comparison_area.name if design.comparison_area else "",
                result.C0,
                result.C1,
                evaluation.verdict_text,
            ]
        )
    notes = [
        _(
            "Each intervention's EST reports in its target area and a comparison area, before "
            "and after it started; the verdict is the evaluation's, not a pooled effect."
        )
    ]
    if not rows:
        notes.insert(0, _("No evaluation of an intervention ended in %(year)s.") % {"year": year})
    return {
        "title": _("Interventions evaluated in %(year)s") % {"year": year},
        "columns": [
            {"label": _("Intervention"), "type": "text"},
            {"label": _("Type"), "type": "text"},
            {"label": _("Target area"), "type": "text"},
            {"label": _("Before"), "type": "count"},
            {"label": _("After"), "type": "count"},
            {"label": _("Comparison area"), "type": "text"},
            {"label": _("Before"), "type": "count"},
            {"label": _("After"), "type": "count"},
            {"label": _("Verdict"), "type": "text"},
        ],
        "rows": rows,
        "total": None,
        "notes": notes,
    }


def default_source_text(kind: str, municipality: Municipality) -> str:
    """What "Källa: …" says under a figure whose source row is not chosen."""
    if kind == FigureKind.STATISTIC_SERIES:
        return _("Brå or Kolada, imported into Trygg")
    if kind == FigureKind.INTERVENTIONS:
        return _("Trygg, the interventions' evaluations, %(name)s") % {"name": municipality.name}
    return _("Trygg, EST reports from the partners in %(name)s") % {"name": municipality.name}


def figure_year(figure: CrimePictureFigure) -> int:
    return figure.year or figure.version.period_end.year


def compute(figure: CrimePictureFigure) -> dict[str, Any]:
    """The figure's table computed from today's data."""
    municipality = figure.version.picture.municipality
    kind = figure.kind
    year = figure_year(figure)
    if kind == FigureKind.ANNUAL_CATEGORIES:
        table = annual_categories(municipality, year)
    elif kind == FigureKind.ANNUAL_AREAS:
        table = annual_areas(municipality, year)
    elif kind == FigureKind.HOT_SPOTS:
        table = hot_spots(municipality, year)
    elif kind == FigureKind.STATISTIC_SERIES:
        table = statistic_figure(municipality, figure.measure_code, year)
    else:
        table = interventions(municipality, year)
    source = table.pop("source_text", "") or default_source_text(kind, municipality)
    return {
        "format": FORMAT,
        "kind": kind,
        "year": year if kind in YEAR_KINDS else None,
        "measure_code": figure.measure_code or None,
        "computed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        **table,
        "source_text": source,
    }


def figure_data(figure: CrimePictureFigure) -> dict[str, Any]:
    """The frozen table of a decided version's figure, else computed now."""
    if figure.data:
        return dict(figure.data)
    return compute(figure)


def source_line(figure: CrimePictureFigure, data: dict[str, Any]) -> str:
    """The text after "Källa:": the figure's source row, or the kind's default source."""
    source = figure.source
    if source is not None:
        return f"{source.name}, {source.period}" if source.period else source.name
    return str(data.get("source_text") or "")


# --- presentation ----------------------------------------------------------------------------


@dataclass
class Presented:
    """A figure ready for a template: every cell a string."""

    figure: CrimePictureFigure
    number: int
    title: str
    caption: str
    header: list[tuple[str, bool]]  # (label, numeric)
    rows: list[list[tuple[str, bool]]]
    total: list[tuple[str, bool]] | None
    notes: list[str]
    source: str
    shown: bool = True
    frozen: bool = False
    data: dict[str, Any] = field(default_factory=dict)


TREND_WORDS = {"up": "↑", "down": "↓"}


def ratio_text(value: dict[str, Any] | None) -> str:
    if not value or value.get("rr") is None:
        return "–"
    text = f"×{number_format(round(value['rr'], 2), 2)}"
    if value.get("lo") is not None and value.get("hi") is not None:
        text += f" ({number_format(round(value['lo'], 2), 2)}–"
        text += f"{number_format(round(value['hi'], 2), 2)})"
    trend = value.get("trend")
    if trend == "up":
        text += " " + _("increase")
    elif trend == "down":
        text += " " + _("decrease")
    return text


def _cell_text(kind: str, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if kind == "count":
        return number_format(int(value), 0, force_grouping=True)
    if kind == "rate":
        return number_format(round(float(value), 1), 1, force_grouping=True)
    if kind == "ratio":
        return ratio_text(value)
    return str(value)


def presented(
    figure: CrimePictureFigure, number: int, *, public: bool, data: dict[str, Any] | None = None
) -> Presented:
    """The figure's table as text; with ``public`` the counts are suppressed (module doc)."""
    data = data if data is not None else figure_data(figure)
    columns = list(data.get("columns") or [])
    kinds = [str(c.get("type", "text")) for c in columns]
    rows = [list(r) for r in data.get("rows") or []]
    total = list(data["total"]) if data.get("total") else None
    texts = [[_cell_text(k, v) for k, v in zip(kinds, row, strict=False)] for row in rows]
    total_texts = [_cell_text(k, v) for k, v in zip(kinds, total, strict=False)] if total else None
    shown = True
    if public:
        threshold = settings.TRYGG_PUBLIC_MIN_COUNT
        hidden_rows: set[int] = set()
        total_hidden = False
        for index, kind in enumerate(kinds):
            if kind != "count":
                continue
            values = [row[index] if index < len(row) else None for row in rows]
            present = [i for i, v in enumerate(values) if v is not None]
            if not present:
                continue
            series = suppress_series(
                [int(values[i]) for i in present],  # type: ignore[arg-type]  # None filtered
                threshold=threshold,
                total=total is not None,
            )
            if not series.protected:
                shown = False
            for i, cell in zip(present, series.cells, strict=True):
                if cell.suppressed:
                    texts[i][index] = cell.text
                    hidden_rows.add(i)
            if total_texts is not None and series.total is not None and series.total.suppressed:
                total_texts[index] = series.total.text
                total_hidden = True
        for index, kind in enumerate(kinds):
            if kind != "ratio":
                continue
            for i in hidden_rows:
                texts[i][index] = "–"
            if total_texts is not None and total_hidden:
                total_texts[index] = "–"
    # a column with nothing in it (no comparison year) is left out
    keep = [
        i
        for i, kind in enumerate(kinds)
        if kind == "text"
        or any(i < len(row) and row[i] is not None for row in [*rows, *([total] if total else [])])
    ]
    if len(keep) < len(kinds):
        columns = [columns[i] for i in keep]
        kinds = [kinds[i] for i in keep]
        texts = [[row[i] for i in keep if i < len(row)] for row in texts]
        if total_texts is not None:
            total_texts = [total_texts[i] for i in keep if i < len(total_texts)]
    numeric = [k != "text" for k in kinds]
    return Presented(
        figure=figure,
        number=number,
        title=str(data.get("title") or figure.get_kind_display()),
        caption=figure.caption,
        header=[(str(c.get("label", "")), n) for c, n in zip(columns, numeric, strict=True)],
        rows=[list(zip(row, numeric, strict=False)) for row in texts],
        total=list(zip(total_texts, numeric, strict=False)) if total_texts else None,
        notes=[str(n) for n in data.get("notes") or []],
        source=source_line(figure, data),
        shown=shown,
        frozen=bool(figure.data),
        data=data,
    )


def presented_all(figures: list[CrimePictureFigure], *, public: bool) -> dict[int, list[Presented]]:
    """The figures per part (1–4), numbered through the document."""
    by_part: dict[int, list[Presented]] = defaultdict(list)
    for number, figure in enumerate(figures, 1):
        by_part[figure.part].append(presented(figure, number, public=public))
    return dict(by_part)
