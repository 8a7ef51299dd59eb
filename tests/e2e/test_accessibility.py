"""axe-core (WCAG 2.1 AA) finds zero violations on the pages reporters and coordinators use
most, at desktop and phone width, and no page breaks the Content Security Policy."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import describe, run_axe, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES = [
    ("report-form", "reporter", "reports/new/"),
    ("start", "reporter", ""),
    ("my-reports", "reporter", "reports/mine/"),
    ("report-list", "coordinator", "reports/"),
    ("report-map", "coordinator", "reports/map/"),
    ("review-queue", "coordinator", "review/"),
    ("areas", "coordinator", "settings/areas/"),
    ("area-create", "coordinator", "settings/areas/new/"),
    ("organisations", "coordinator", "settings/organisations/"),
    ("audit", "coordinator", "settings/audit/"),
    ("hotspots", "partner", "situation/hotspots/"),
    ("weekly", "coordinator", "situation/week/"),
    ("status-form", "coordinator", "situation/week/status/"),
    ("freeze-confirm", "coordinator", "situation/week/freeze/confirm/"),
    ("snapshots", "partner", "situation/snapshots/"),
    ("snapshot", "coordinator", "situation/snapshots/{snapshot}/"),
    ("quarterly", "coordinator", "situation/quarterly/"),
    ("annual", "coordinator", "situation/annual/"),
    ("crime-statistics", "partner", "plans/statistics/"),
    ("statistics-import", "coordinator", "plans/statistics/import/"),
]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize(("name", "role", "suffix"), PAGES, ids=[p[0] for p in PAGES])
def test_page_has_no_axe_violations(
    world: Any,
    make_report: Any,
    page_for: Any,
    live_server: Any,
    name: str,
    role: str,
    suffix: str,
    viewport: str,
) -> None:
    make_report(description="Trasig belysning vid gångtunneln.")
    make_report(
        actor=world.flen.police,
        category=world.flen.categories["klotter"],
        visibility="coordinators",
    )
    if "{snapshot}" in suffix:  # situation: snapshots — a frozen weekly picture to show
        from trygg.core.weeks import IsoWeek
        from trygg.situation.services.snapshots import freeze_week, send_snapshot

        frozen = freeze_week(
            actor=world.flen.coordinator,
            municipality=world.flen.municipality,
            week=IsoWeek.current().previous(),
        )
        # the send form with a checked and a disabled organisation, and one delivery listed
        world.flen.org_housing.contact_email = "trygg@bostader.example.se"
        world.flen.org_housing.save()
        send_snapshot(
            actor=world.flen.coordinator, snapshot=frozen, organisations=[world.flen.org_housing]
        )
        suffix = suffix.format(snapshot=frozen.public_id)
    page = page_for(getattr(world.flen, role), viewport)
    page.goto(f"{live_server.url}/m/{world.flen.municipality.code}/{suffix}")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() == 1
    if name == "snapshot":  # the coordinator's send form and delivery list are checked too
        assert page.locator("form.snapshot-send__form input[type=checkbox]:checked").count() == 1
        assert page.locator("form.snapshot-send__form input[type=checkbox]:disabled").count() >= 1
        assert page.locator("table.snapshot-deliveries tbody tr").count() == 1
    screenshot(page, f"{name}-{viewport}")
    violations = run_axe(page)
    assert violations == [], describe(violations)
    assert page.csp_violations == []  # type: ignore[attr-defined]
