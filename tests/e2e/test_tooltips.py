"""Names from data reach the maps' tooltips as text, never as markup (issue 8: an imported area
name with markup ran in coordinators' browsers). Each page's tooltip is opened by hovering the
area and read back."""

from __future__ import annotations

from typing import Any

import pytest

from trygg.places.models import Area

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAME = '<img src=x onerror="window.__xss=1">Centrum<b>fet</b>'


@pytest.mark.parametrize(
    "path", ["/m/0482/situation/week/", "/m/0482/reports/map/", "/m/0482/situation/hotspots/"]
)
def test_an_area_name_with_markup_is_shown_as_text(
    world: Any, page_for: Any, live_server: Any, path: str
) -> None:
    # written past the services on purpose: an old row, or one from before the name checks
    Area.objects.filter(municipality=world.flen.municipality, name="Centrum").update(name=NAME)
    page = page_for(world.flen.coordinator)
    page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state("networkidle")
    areas = page.locator("path.leaflet-interactive")
    assert areas.count() >= 1
    for i in range(areas.count()):
        areas.nth(i).scroll_into_view_if_needed()
        areas.nth(i).hover(force=True)
        page.wait_for_timeout(100)
        if NAME in " ".join(page.locator(".leaflet-tooltip").all_inner_texts()):
            break
    else:
        pytest.fail("no tooltip showed the area's name")
    assert page.locator(".leaflet-tooltip img, .leaflet-tooltip b").count() == 0
    assert page.evaluate("window.__xss") is None
    assert page.csp_violations == []  # type: ignore[attr-defined]
