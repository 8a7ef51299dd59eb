"""The lägesbild in a real browser: the public page and the staff page are axe-core (WCAG 2.1
AA) clean at phone and desktop width, with no CSP violation and no horizontal scrolling."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.e2e.conftest import describe, run_axe, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _picture(world: Any, make_report: Any) -> Any:
    from trygg.core.weeks import STOCKHOLM
    from trygg.plans.tests.picture_helpers import decided_picture

    for day in (3, 4, 5):
        make_report(occurred_start=dt.datetime(2024, 5, day, 12, tzinfo=STOCKHOLM))
    return decided_picture(world.flen, public=True)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_public_crime_picture(
    world: Any, make_report: Any, anonymous_page: Any, live_server: Any, viewport: str
) -> None:
    _picture(world, make_report)
    page = anonymous_page(viewport, "sv")
    response = page.goto(f"{live_server.url}/k/0482/lagesbild/")
    assert response is not None and response.status == 200
    assert page.locator("h1").count() == 1
    assert "< 5" in page.content() or "&lt; 5" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"public-crime-picture-{viewport}")
    violations = run_axe(page)
    assert violations == [], describe(violations)
    assert page.csp_violations == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_staff_crime_picture(
    world: Any, make_report: Any, page_for: Any, live_server: Any, viewport: str
) -> None:
    picture = _picture(world, make_report)
    page = page_for(world.flen.coordinator, viewport, "sv")
    page.goto(f"{live_server.url}/m/0482/plans/crime-pictures/{picture.public_id}/")
    assert page.locator("h1").inner_text() == "Lägesbild 2024"
    screenshot(page, f"staff-crime-picture-{viewport}")
    violations = run_axe(page)
    assert violations == [], describe(violations)
    assert page.csp_violations == []  # type: ignore[attr-defined]
