"""The evaluation design and its computation from counted reports by occurrence date: the
eight counts equal an independent count of the report table, and the verdict is in words."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from trygg.core.models import AuditEvent
from trygg.core.weeks import STOCKHOLM, IsoWeek
from trygg.interventions.evaluation import evaluation_design_set, evaluation_of
from trygg.interventions.tests.helpers import make_intervention
from trygg.reports.models import Report

pytestmark = pytest.mark.django_db

BEFORE = dt.date(2025, 1, 6)  # a Monday
AFTER = dt.date(2025, 3, 3)  # a Monday, 8 weeks later


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12, 0), tzinfo=STOCKHOLM)


def where(tenant: Any, area: Any) -> dict[str, float]:
    """A point inside `area` (conftest's squares: Norr lies 0.03° north of Centrum)."""
    from conftest import CENTRES

    lat, lon = CENTRES[tenant.municipality.code]
    return {"lat": lat + (0.03 if area == tenant.norr else 0.0), "lon": lon}


def design(tenant: Any, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "target_area": tenant.centrum,
        "comparison_area": tenant.norr,
        "before_start": BEFORE,
        "after_start": AFTER,
        "weeks": 4,
    }
    values.update(overrides)
    intervention = values.pop("intervention", None) or make_intervention(tenant, status="decided")
    return evaluation_design_set(actor=tenant.coordinator, intervention=intervention, **values)


def test_design_rules_in_swedish(world: Any) -> None:
    from django.utils import translation

    flen = world.flen
    intervention = make_intervention(flen, status="decided")
    with translation.override("sv"), pytest.raises(ValidationError) as info:
        evaluation_design_set(
            actor=flen.coordinator,
            intervention=intervention,
            target_area=flen.centrum,
            comparison_area=flen.centrum,
            before_start=BEFORE + dt.timedelta(days=1),
            after_start=BEFORE + dt.timedelta(weeks=2),
            weeks=4,
        )
    errors = info.value.message_dict
    assert errors["comparison_area"] == ["Jämförelseområdet måste vara ett annat än målområdet."]
    assert errors["before_start"] == [
        "Ett fönster börjar på en måndag (hela veckor, måndag–söndag)."
    ]
    with pytest.raises(ValidationError) as info:
        design(flen, intervention=intervention, after_start=BEFORE + dt.timedelta(weeks=2))
    assert "after_start" in info.value.message_dict
    with pytest.raises(PermissionDenied):
        evaluation_design_set(
            actor=flen.reporter,
            intervention=intervention,
            target_area=flen.centrum,
            comparison_area=flen.norr,
            before_start=BEFORE,
            after_start=AFTER,
            weeks=4,
        )
    assert not AuditEvent.objects.filter(action="intervention.evaluation_design").exists()


def test_counts_equal_an_independent_count_and_the_verdict(world: Any, make_report: Any) -> None:
    flen = world.flen
    klotter = flen.categories["klotter"]
    # target: 30 before, 10 after; comparison: 20 and 20 (in the windows, by occurrence date)
    for n, area, first in ((30, flen.centrum, BEFORE), (10, flen.centrum, AFTER),
                           (20, flen.norr, BEFORE), (20, flen.norr, AFTER)):  # fmt: skip
        for k in range(n):
            make_report(
                **where(flen, area),
                category=klotter,
                occurred_start=at(first + dt.timedelta(days=k % 28)),
            )
    # outside the windows, or another category: not counted
    make_report(
        **where(flen, flen.centrum),
        category=klotter,
        occurred_start=at(BEFORE - dt.timedelta(1)),
    )
    make_report(
        **where(flen, flen.centrum),
        category=flen.categories["skadegorelse"],
        occurred_start=at(BEFORE),
    )
    made = design(flen, categories=[klotter])
    evaluation = evaluation_of(made, timezone.localdate())
    assert evaluation.ready
    r = evaluation.result
    assert r is not None
    assert (r.T0, r.T1, r.C0, r.C1) == (30, 10, 20, 20)

    def independent(area: Any, first: dt.date) -> int:
        return sum(
            1
            for rep in Report.objects.filter(area=area, category=klotter)
            if first
            <= timezone.localtime(rep.occurred_start).date()
            < first + dt.timedelta(weeks=4)
            and rep.status not in ("rejected", "merged")
        )

    assert independent(flen.centrum, BEFORE) == r.T0 and independent(flen.norr, AFTER) == r.C1
    assert r.difference_in_differences == (10 - 30) - (20 - 20)
    assert r.relative_effect.re == pytest.approx(3.0)
    assert r.verdict == "reduction relative to the comparison area"
    assert evaluation.verdict_text.startswith("Färre händelser i målområdet")


def test_too_few_events_and_not_yet(world: Any, make_report: Any) -> None:
    flen = world.flen
    for area, first in ((flen.centrum, BEFORE), (flen.centrum, AFTER), (flen.norr, BEFORE),
                        (flen.norr, AFTER)):  # fmt: skip
        make_report(**where(flen, area), occurred_start=at(first))
    made = design(flen)
    result = evaluation_of(made, timezone.localdate()).result
    assert result is not None and result.verdict == "too few events to detect an effect"
    later = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    pending = design(flen, before_start=later - dt.timedelta(weeks=8), after_start=later)
    assert not evaluation_of(pending, timezone.localdate()).ready


def test_the_page_shows_counts_and_words(client: Any, world: Any, make_report: Any) -> None:
    flen = world.flen
    made = design(flen)
    url = reverse(
        "interventions:evaluation", args=[flen.municipality.code, made.intervention.public_id]
    )
    client.force_login(flen.partner)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "För få händelser för att avgöra" in page
    assert "Händelser räknade i varje fönster" in page
    assert "Spara upplägget" not in page  # partners read only
    assert client.post(url, {}).status_code == 403
    client.force_login(flen.coordinator)
    bad = client.post(url, {"target_area": str(flen.centrum.public_id), "weeks": "0"},
                      HTTP_ACCEPT_LANGUAGE="sv")  # fmt: skip
    assert "Ange ett antal veckor från 1 till 104." in bad.content.decode()


def test_the_api_gives_the_eight_counts_and_the_figures(
    client: Any, world: Any, make_report: Any, cover: Any
) -> None:
    flen = world.flen
    covered = [IsoWeek.of(BEFORE).shift(n) for n in range(4)] + [IsoWeek.of(AFTER)]
    cover(flen, *covered)
    for area, first, n in ((flen.centrum, BEFORE, 12), (flen.centrum, AFTER, 4),
                           (flen.norr, BEFORE, 10), (flen.norr, AFTER, 10)):  # fmt: skip
        for k in range(n):
            make_report(**where(flen, area), occurred_start=at(first + dt.timedelta(days=k)))
    made = design(flen)
    path = (
        f"/api/v1/interventions/{made.intervention.public_id}/evaluation/"
        f"?municipality={flen.municipality.code}"
    )
    client.force_login(flen.reporter)  # the owner organisation's reporter may read it
    data = client.get(path, HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["ready"] is True
    assert data["counts"] == {
        "T0": 12, "T1": 4, "C0": 10, "C1": 10, "D0": None, "D1": None, "Cd0": None, "Cd1": None
    }  # fmt: skip
    assert data["did"] == (4 - 12) - (10 - 10)
    assert data["relative_effect"] == pytest.approx(3.0)
    assert data["ci_low"] < data["relative_effect"] < data["ci_high"]
    assert data["wdd"] == -8 and data["z"] == pytest.approx(-8 / 36**0.5)
    assert data["verdict"]
    # covered: the weeks with both the housing company's reports (the first two weeks of each
    # window) and the others' nil returns (the before window and the after window's first)
    before, after = IsoWeek.of(BEFORE), IsoWeek.of(AFTER)
    assert data["low_coverage_weeks"] == [
        str(week)
        for week in (before.shift(2), before.shift(3), *(after.shift(n) for n in (1, 2, 3)))
    ]
    other = make_intervention(flen)
    missing = client.get(
        f"/api/v1/interventions/{other.public_id}/evaluation/?municipality={flen.municipality.code}"
    )
    assert missing.status_code == 404
    client.force_login(world.degerfors.coordinator)
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-27"])
def test_dates_at_the_edge_of_the_calendar_are_refused_not_a_500(
    client: Any, world: Any, day: str
) -> None:
    flen = world.flen
    intervention = make_intervention(flen, status="decided")
    url = reverse("interventions:evaluation", args=[flen.municipality.code, intervention.public_id])
    client.force_login(flen.coordinator)
    data = {
        "target_area": str(flen.centrum.public_id),
        "comparison_area": str(flen.norr.public_id),
        "before_start": day,
        "after_start": day,
        "weeks": "104",
    }
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 200
    assert "Ange ett datum mellan år 2000 och 2100." in response.content.decode()


def test_comparison_suggestions_are_alike_and_not_adjacent(world: Any, make_report: Any) -> None:
    from conftest import CENTRES, square
    from trygg.interventions.evaluation import comparison_suggestions
    from trygg.places.services import area_create

    flen = world.flen
    lat, lon = CENTRES[flen.municipality.code]
    # "Öster" shares Centrum's eastern edge: adjacent, never suggested however alike
    area_create(
        actor=flen.coordinator,
        municipality=flen.municipality,
        name="Öster",
        geometry=square(lon + 0.02, lat),
    )
    for first, n in ((BEFORE - dt.timedelta(weeks=4), 6), (BEFORE, 6)):
        for k in range(n):
            make_report(**where(flen, flen.centrum), occurred_start=at(first + dt.timedelta(k)))
            make_report(**where(flen, flen.norr), occurred_start=at(first + dt.timedelta(k)))
            make_report(lat=lat, lon=lon + 0.02, occurred_start=at(first + dt.timedelta(k)))
    found = comparison_suggestions(flen.centrum, BEFORE, 4)
    assert [s.area.name for s in found] == ["Norr"]
    assert (found[0].before, found[0].earlier, found[0].score) == (6, 6, 0.0)
    assert found[0].similar


def test_a_closest_area_that_is_not_alike_is_not_called_similar(
    world: Any, make_report: Any
) -> None:
    """The walkthrough's case in small: a target with 12 events and the only other area with
    3 (a quarter of the level) is listed as closest, but not as similar."""
    from trygg.interventions.evaluation import comparison_suggestions

    flen = world.flen
    for first in (BEFORE - dt.timedelta(weeks=4), BEFORE):
        for k in range(12):
            make_report(**where(flen, flen.centrum), occurred_start=at(first + dt.timedelta(k)))
        for k in range(3):
            make_report(**where(flen, flen.norr), occurred_start=at(first + dt.timedelta(k)))
    found = comparison_suggestions(flen.centrum, BEFORE, 4)
    assert [s.area.name for s in found] == ["Norr"]
    assert not found[0].similar
