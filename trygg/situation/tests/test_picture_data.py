"""One picture_data(): the weekly API, the frozen snapshot and both pages show the same numbers."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse

from trygg.core.weeks import STOCKHOLM, IsoWeek
from trygg.situation.api.weekly import CELL_FIELDS, weekly_response
from trygg.situation.selectors import weekly as selectors
from trygg.situation.services.snapshots import freeze_week
from trygg.situation.services.weekly import area_status_set, report_pin

pytestmark = pytest.mark.django_db

WEEK = IsoWeek.current().previous()


def at(week: IsoWeek, day: int = 2, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(week.monday + dt.timedelta(days=day), dt.time(hour), STOCKHOLM)


@pytest.fixture
def week_with_history(world: Any, make_report: Any, cover: Any) -> Any:
    flen = world.flen
    for back in range(1, 5):
        make_report(occurred_start=at(WEEK.shift(-back)))
        cover(flen, WEEK.shift(-back))
    reports = [make_report(occurred_start=at(WEEK, day=i)) for i in range(6)]
    make_report(occurred_start=at(WEEK), category=flen.categories["klotter"])
    make_report(occurred_start=at(WEEK), lat=None, lon=None, area=flen.norr)
    report_pin(actor=flen.coordinator, report=reports[0], week=WEEK, note="")
    area_status_set(
        actor=flen.coordinator, area=flen.centrum, week=WEEK, status="yellow", reason="Fler."
    )
    return world


def _api(client: Any, tenant: Any) -> dict[str, Any]:
    client.force_login(tenant.coordinator)
    response = client.get(
        "/api/v1/situation/weekly/",
        {"municipality": tenant.municipality.code, "week": str(WEEK)},
    )
    assert response.status_code == 200
    data: dict[str, Any] = response.json()
    return data


def test_the_api_and_the_snapshot_hold_the_same_numbers(client: Any, week_with_history: Any):
    flen = week_with_history.flen
    snapshot = freeze_week(actor=flen.coordinator, municipality=flen.municipality, week=WEEK)
    snapshot.refresh_from_db()  # what was stored, through the JSON column
    stored = snapshot.data
    api = _api(client, flen)

    cells = {(c["area"]["id"], c["category"]["code"]): c for c in api["cells"]}
    assert len(cells) == sum(len(area["rows"]) for area in stored["areas"])
    compared = 0
    for area in stored["areas"]:
        for row in area["rows"]:
            cell = cells[(area["id"], row["code"])]
            assert {f: cell[f] for f in CELL_FIELDS} == {f: row[f] for f in CELL_FIELDS}
            compared += row["expected"] is not None
        total = next(a for a in api["areas"] if a["area"]["id"] == area["id"])
        assert {f: total[f] for f in CELL_FIELDS} == {f: area["total"][f] for f in CELL_FIELDS}
        assert total["harm_expected"] == area["harm_expected"]
        assert total["harm_upper"] == area["harm_upper"]
        assert total["proposed_status"] == area["proposal"]
        assert total["status"] == (area["status"] or {}).get("level")
    assert compared > 0  # a baseline exists, so λ, p and q were compared, not only None
    assert api["k"] == stored["k"] and api["week"] == stored["week"] == str(WEEK)
    summary = stored["completeness"]
    assert api["completeness"] == {
        "expected": summary["expected"],
        "reported": summary["reported"],
        "nothing_to_report": summary["nothing"],
        "missing": summary["missing"],
        "complete": summary["complete"],
    }
    # the whole response is the API's shape of the stored data
    assert api == weekly_response(flen.municipality.code, stored)


def _area_numbers(html: str) -> list[str]:
    """The numbers of the overview table and the per-area tables of a page."""
    parts = re.findall(
        r'<table class="week-table week-overview">.*?</table>'
        r'|<section class="area-week".*?</section>',
        html,
        re.S,
    )
    assert parts
    return re.findall(r'<td class="num">([^<]*)', "".join(parts))


def test_the_weekly_page_and_the_snapshot_page_show_the_same_numbers(
    client: Any, week_with_history: Any
) -> None:
    flen = week_with_history.flen
    code = flen.municipality.code
    snapshot = freeze_week(actor=flen.coordinator, municipality=flen.municipality, week=WEEK)
    client.force_login(flen.coordinator)
    live = client.get(reverse("situation:weekly", args=[code]), {"week": str(WEEK)})
    frozen = client.get(reverse("situation:snapshot", args=[code, snapshot.public_id]))
    assert live.status_code == frozen.status_code == 200
    numbers = _area_numbers(live.content.decode())
    assert numbers == _area_numbers(frozen.content.decode())
    assert "6" in numbers  # Centrum's skadegörelse this week


def test_picture_data_rounds_once_and_keeps_small_p_values(week_with_history: Any) -> None:
    flen = week_with_history.flen
    picture = selectors.weekly_picture(flen.municipality, WEEK, user=flen.coordinator)
    data = selectors.picture_data(picture)
    assert data["schema"] == selectors.SCHEMA
    centrum = next(a for a in data["areas"] if a["name"] == "Centrum")
    busy = next(r for r in centrum["rows"] if r["code"] == "skadegorelse")
    live = next(a for a in picture.areas if a.area == flen.centrum)
    cell = next(r.cell for r in live.rows if r.category.code == "skadegorelse")
    assert busy["observed"] == cell.observed == 6
    assert cell.p is not None and busy["p"] == pytest.approx(cell.p, rel=1e-5)
    assert busy["p"] > 0
    assert selectors._sig(1.23456789e-9) == 1.23457e-9
    assert selectors._num(1.23456789) == 1.2346
    # a pin is dated by the local (Stockholm) day of the event
    assert data["pinned"] == [
        {
            "category": flen.categories["skadegorelse"].label,
            "area": "Centrum",
            "date": WEEK.monday.isoformat(),
            "note": "",
        }
    ]


def test_a_pin_just_after_midnight_keeps_its_local_day(world: Any, make_report: Any) -> None:
    flen = world.flen
    early = make_report(occurred_start=at(WEEK, day=0, hour=0) + dt.timedelta(minutes=30))
    report_pin(actor=flen.coordinator, report=early, week=WEEK, note="")
    picture = selectors.weekly_picture(flen.municipality, WEEK, user=flen.coordinator)
    # 00:30 in Stockholm is the previous day in UTC
    assert [p["date"] for p in selectors.picture_data(picture)["pinned"]] == [
        WEEK.monday.isoformat()
    ]
