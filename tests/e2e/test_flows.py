"""The two things users do first, driven in a real browser: a reporter reports from a phone by
tapping the map, and a coordinator draws a new area on the map."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import screenshot
from trygg.core.models import AuditEvent
from trygg.places.models import Area
from trygg.reports.models import Report

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_reporter_reports_by_tapping_the_map_on_a_phone(
    world: Any, page_for: Any, live_server: Any
) -> None:
    page = page_for(world.flen.reporter, "phone")
    page.goto(f"{live_server.url}/m/0482/reports/new/")
    page.get_by_label("Klotter", exact=True).check()
    page.locator("#report-map").scroll_into_view_if_needed()
    box = page.locator("#report-map").bounding_box()
    assert box is not None
    # the map opens on the municipality; tap its centre (inside the kommun)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.fill("textarea[name=description]", "Nytt klotter på busskuren, ring 070-123 45 67.")
    page.get_by_role("button", name="Skicka rapporten").click()
    page.wait_for_load_state("networkidle")
    # the personal-data guard points at the phone number and nothing is saved
    assert "070-123 45 67" in page.locator(".error-summary").inner_text()
    assert Report.objects.count() == 0
    page.fill("textarea[name=description]", "Nytt klotter på busskuren.")
    page.get_by_role("button", name="Skicka rapporten").click()
    page.wait_for_load_state("networkidle")
    assert "Tack! Rapporten är sparad." in page.content()
    screenshot(page, "flow-report-saved-phone")
    report = Report.objects.get()
    assert report.category.code == "klotter"
    assert report.location_precision == "point" and report.lat is not None
    assert report.reporter == world.flen.reporter
    assert page.csp_violations == []  # type: ignore[attr-defined]


def test_coordinator_draws_an_area(world: Any, page_for: Any, live_server: Any) -> None:
    page = page_for(world.flen.coordinator)
    page.goto(f"{live_server.url}/m/0482/settings/areas/new/")
    page.fill("#id_name", "Västra")
    map_el = page.locator("#admin-map")
    map_el.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box = map_el.bounding_box()
    assert box is not None
    cx, cy = box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.62
    for dx, dy in [(-12, -12), (12, -12), (12, 12), (-12, 12)]:
        page.mouse.click(cx + dx, cy + dy)
    assert "4" in page.locator("#draw-status").inner_text()
    assert '"Polygon"' in page.locator("#id_geometry").input_value()
    page.get_by_role("button", name="Spara område").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "flow-area-saved")
    area = Area.objects.get(municipality=world.flen.municipality, name="Västra")
    assert area.geometry["type"] == "Polygon"
    assert AuditEvent.objects.filter(action="area.create", target_id=str(area.public_id)).exists()
    assert page.csp_violations == []  # type: ignore[attr-defined]
