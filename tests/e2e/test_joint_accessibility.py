"""axe-core (WCAG 2.1 AA) finds zero violations on the joint view of a council (docs/joint.md)
and the coordinator's joint settings page, at desktop and phone width; no page breaks the
Content Security Policy."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tests.e2e.conftest import describe, run_axe, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES = [
    ("joint-overview", "/j/{id}/"),
    ("joint-quarterly", "/j/{id}/quarterly/?year=2026&quarter=1"),
    ("joint-annual", "/j/{id}/annual/?year=2026"),
    ("joint-promises", "/j/{id}/promises/"),
    ("joint-settings", "/m/1862/settings/joint/"),
]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize(("name", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_joint_page_has_no_axe_violations(
    world: Any,
    make_report: Any,
    page_for: Any,
    live_server: Any,
    name: str,
    path: str,
    viewport: str,
) -> None:
    from trygg.places import joint

    f, d = world.flen, world.degerfors
    for tenant in (f, d):
        for day in (dt.date(2025, 2, 3), dt.date(2026, 2, 3)):
            make_report(
                tenant,
                occurred_start=dt.datetime(
                    day.year, day.month, day.day, 12, tzinfo=timezone.get_current_timezone()
                ),
            )
    body = joint.joint_body_create(
        actor=f.coordinator, municipality=f.municipality, name="LokBrå Test", kind="council"
    )
    accepted = joint.joint_invite(
        actor=f.coordinator, body=body, municipality=f.municipality, code="1862"
    )
    joint.joint_accept(actor=d.coordinator, membership=accepted)
    # an open invitation on the settings page too
    other = joint.joint_body_create(
        actor=f.coordinator, municipality=f.municipality, name="LPO Test", kind="police_area"
    )
    joint.joint_invite(actor=f.coordinator, body=other, municipality=f.municipality, code="1862")
    page = page_for(d.coordinator, viewport)
    page.goto(live_server.url + path.format(id=body.public_id))
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() == 1
    screenshot(page, f"{name}-{viewport}")
    violations = run_axe(page)
    assert violations == [], describe(violations)
    assert page.csp_violations == []  # type: ignore[attr-defined]
