"""The annual view lists the interventions evaluated that year, with the counts behind each
figure, and counts the verdicts per type (never a pooled effect)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from trygg.core.weeks import STOCKHOLM
from trygg.interventions.evaluation import evaluation_design_set
from trygg.interventions.tests.helpers import make_intervention

pytestmark = pytest.mark.django_db


def test_the_year_of_the_after_window_lists_it(client: Any, world: Any, make_report: Any) -> None:
    flen = world.flen
    intervention = make_intervention(flen, status="decided", title="Belysning i Centrum")
    evaluation_design_set(
        actor=flen.coordinator,
        intervention=intervention,
        target_area=flen.centrum,
        comparison_area=flen.norr,
        before_start=dt.date(2025, 1, 6),
        after_start=dt.date(2025, 2, 3),
        weeks=4,
    )
    for day, area in ((dt.date(2025, 1, 8), flen.centrum), (dt.date(2025, 2, 5), flen.norr)):
        make_report(
            occurred_start=dt.datetime.combine(day, dt.time(12), STOCKHOLM),
            lat=None,
            lon=None,
            location_precision="area",
            area=area,
        )
    client.force_login(flen.coordinator)
    url = reverse("situation:annual", args=["0482"])
    page = client.get(url, {"year": "2025"}, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Insatser som utvärderades 2025" in page
    assert "Belysning i Centrum" in page
    assert "Centrum: 1 → 0" in page and "Norr: 0 → 1" in page  # the counts behind it
    assert "För få händelser för att avgöra" in page
    other = client.get(url, {"year": "2024"}, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Ingen utvärdering av en insats avslutades 2024." in other
