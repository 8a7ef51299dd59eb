"""The evaluation chart's geometry: the target, comparison and buffer areas' counts before and
after, as horizontal grouped bars. Only numbers here; the SVG is drawn by the template
(templates/interventions/_evaluation_chart.html: CSP-clean, colours from CSS classes, the after
bars also hatched and every bar labelled, so colour is never the only carrier)."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 400
GUTTER = 60
"""Room left of the bars for the words "Före"/"Efter"."""
VALUE_ROOM = 48
"""Room right of the longest bar for its number."""
TOP = 8
LABEL = 22
BAR = 20
GAP = 4
GROUP_GAP = 16
MAX_LABEL = 48


@dataclass(frozen=True)
class ChartBar:
    key: str
    """"before" or "after" (the CSS class and the pattern)."""
    value: int
    y: float
    width: float
    text_x: float
    text_y: float


@dataclass(frozen=True)
class ChartGroup:
    label: str
    label_y: float
    bars: tuple[ChartBar, ChartBar]


@dataclass(frozen=True)
class EvaluationChart:
    width: int
    height: float
    gutter: int
    bar: int
    groups: tuple[ChartGroup, ...]


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def evaluation_chart(rows: list[tuple[str, int, int]]) -> EvaluationChart | None:
    """`rows`: (label, before, after) per area, in the order shown. None without rows."""
    if not rows:
        return None
    top = max([max(before, after) for _, before, after in rows] + [1])
    span = WIDTH - GUTTER - VALUE_ROOM
    groups: list[ChartGroup] = []
    y = float(TOP)
    for label, before, after in rows:
        label_y = y + LABEL - 7
        bars: list[ChartBar] = []
        bar_y = y + LABEL
        for key, value in (("before", before), ("after", after)):
            width = round(span * value / top, 1)
            bars.append(
                ChartBar(
                    key=key,
                    value=value,
                    y=bar_y,
                    width=width,
                    text_x=round(GUTTER + width + 5, 1),
                    text_y=bar_y + BAR - 5,
                )
            )
            bar_y += BAR + GAP
        groups.append(ChartGroup(label=_short(label), label_y=label_y, bars=(bars[0], bars[1])))
        y = bar_y - GAP + GROUP_GAP
    return EvaluationChart(
        width=WIDTH, height=y - GROUP_GAP + TOP, gutter=GUTTER, bar=BAR, groups=tuple(groups)
    )
