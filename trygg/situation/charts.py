"""Server-side SVG charts for the weekly picture: CSP-clean (no script, no style attribute).

Colours come from CSS classes (static/css/trygg.css, section "situation: weekly").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 160
HEIGHT = 40
PAD = 3


def sparkline(points: Sequence[Any], *, ident: str, title: str) -> SafeString:
    """A small chart of weekly counts: the expected band (shaded), the expected value (dashed)
    and the observed count (line, last week marked). `points` have week, observed, expected,
    lower, upper (expected fields may be None). Titled and described for screen readers."""
    if not points:
        return mark_safe("")
    top: float = max(
        [p.observed for p in points] + [p.upper for p in points if p.upper is not None] + [1]
    )
    n = len(points)
    step = (WIDTH - 2 * PAD) / max(n - 1, 1)

    def x(i: int) -> float:
        return round(PAD + i * step, 1)

    def y(v: float) -> float:
        return round(HEIGHT - PAD - (HEIGHT - 2 * PAD) * (v / top), 1)

    parts: list[str] = []
    # weeks below the coverage threshold: a hatched column behind the line (and in words below)
    low = [i for i, p in enumerate(points) if not getattr(p, "covered", True)]
    for i in low:
        left = max(PAD, x(i) - step / 2)
        right = min(WIDTH - PAD, x(i) + step / 2)
        parts.append(
            f'<rect class="spark__low" x="{round(left, 1)}" y="{PAD}" '
            f'width="{round(right - left, 1)}" height="{HEIGHT - 2 * PAD}"/>'
        )
    band = [(i, p) for i, p in enumerate(points) if p.upper is not None]
    if len(band) >= 2:
        upper = " ".join(f"{x(i)},{y(p.upper)}" for i, p in band)
        lower = " ".join(f"{x(i)},{y(p.lower)}" for i, p in reversed(band))
        parts.append(f'<polygon class="spark__band" points="{upper} {lower}"/>')
        expected = " ".join(f"{x(i)},{y(p.expected)}" for i, p in band)
        parts.append(f'<polyline class="spark__expected" points="{expected}"/>')
    observed = " ".join(f"{x(i)},{y(p.observed)}" for i, p in enumerate(points))
    parts.append(f'<polyline class="spark__observed" points="{observed}"/>')
    last = points[-1]
    parts.append(f'<circle class="spark__last" cx="{x(n - 1)}" cy="{y(last.observed)}" r="2.5"/>')

    first_week, last_week = points[0].week, points[-1].week
    values = ", ".join(f"{p.week.week}: {p.observed}" for p in points)
    desc = _(
        "Reports per week from %(first)s to %(last)s (week: count): %(values)s. "
        "The shaded band is the expected range."
    ) % {"first": first_week, "last": last_week, "values": values}
    if low:
        desc += " " + _("Weeks with low coverage (too few organisations reported): %(weeks)s.") % {
            "weeks": ", ".join(str(points[i].week.week) for i in low)
        }
    svg = (
        f'<svg class="spark" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-labelledby="{escape(ident)}-t {escape(ident)}-d" focusable="false">'
        f'<title id="{escape(ident)}-t">{escape(title)}</title>'
        f'<desc id="{escape(ident)}-d">{escape(desc)}</desc>'
        f"{''.join(parts)}</svg>"
    )
    return mark_safe(svg)  # every interpolated text is escaped above
