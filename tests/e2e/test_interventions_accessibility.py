"""axe-core (WCAG 2.1 AA) finds zero violations on the interventions pages (issue 9) at
desktop and phone width, with a full history, a failed form, and an evaluation with results;
no page breaks the Content Security Policy (the page fixture fails on a CSP report), and no
interventions page is wider than a 375 px phone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tests.e2e.conftest import describe, run_axe, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES = [
    ("interventions-list", "partner", "interventions/?status=open"),
    ("interventions-ours", "reporter", "interventions/ours/"),
    ("intervention-detail", "coordinator", "interventions/{id}/"),
    ("intervention-create", "coordinator", "interventions/new/"),
    ("intervention-create-errors", "coordinator", "POST interventions/new/"),
    ("intervention-edit", "reporter", "interventions/{id}/edit/"),
    ("intervention-progress", "reporter", "interventions/{id}/progress/"),
    ("intervention-review", "coordinator", "interventions/{id}/review/"),
    ("intervention-evaluation", "coordinator", "interventions/{id}/evaluation/"),
    ("programme-schedule", "coordinator", "interventions/{id}/schedule/"),
    ("programme-sessions", "partner", "interventions/{id}/sessions/"),
    ("session-new", "reporter", "interventions/{id}/sessions/new/"),
    ("session-new-errors", "reporter", "POST interventions/{id}/sessions/new/"),
    ("session-detail", "reporter", "interventions/{id}/sessions/{session}/"),
    ("session-edit", "reporter", "interventions/{id}/sessions/{session}/edit/"),
    ("annual-with-programmes", "coordinator", "situation/annual/?year={year}"),
    ("weekly-with-interventions", "coordinator", "situation/week/"),
    ("area-page-with-interventions", "coordinator", "situation/areas/{area}/statuses/"),
]


def _world(world: Any) -> Any:
    from trygg.interventions import services
    from trygg.interventions.evaluation import evaluation_design_set
    from trygg.interventions.tests.helpers import make_intervention

    flen = world.flen
    late = make_intervention(
        flen, status="decided", due_date=timezone.localdate() - dt.timedelta(days=2)
    )
    services.intervention_set_status(actor=flen.reporter, intervention=late, status="ongoing")
    services.intervention_add_progress(
        actor=flen.reporter, intervention=late, note="Två armaturer bytta.", hours="2,5"
    )
    services.intervention_review(
        actor=flen.coordinator, intervention=late, outcome="continue", note="Fortsätt."
    )
    make_intervention(flen, title="Nattvandring fredagar", type="night_walking")
    evaluation_design_set(
        actor=flen.coordinator,
        intervention=late,
        target_area=flen.centrum,
        comparison_area=flen.norr,
        before_start=dt.date(2025, 1, 6),
        after_start=dt.date(2025, 3, 3),
        weeks=4,
    )
    from trygg.interventions.services import programmes

    slot = programmes.slot_add(
        actor=flen.coordinator,
        intervention=late,
        weekday=1,
        starts_at=dt.time(20),
        ends_at=dt.time(0),
        valid_from=dt.date(2025, 1, 6),
    )
    today = timezone.localdate()
    late.matrix_session = programmes.session_record(
        actor=flen.reporter,
        intervention=late,
        slot=slot,
        date=today - dt.timedelta(days=today.weekday() + 7),
        status="held",
        participants=5,
        places=[flen.place],
        note="Lugnt vid Resecentrum.",
        observations=[{"category": flen.categories["klotter"], "description": "Nytt klotter."}],
    )
    return late


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize(("name", "role", "suffix"), PAGES, ids=[p[0] for p in PAGES])
def test_intervention_page_has_no_axe_violations(
    world: Any,
    page_for: Any,
    live_server: Any,
    name: str,
    role: str,
    suffix: str,
    viewport: str,
) -> None:
    intervention = _world(world)
    suffix = suffix.format(
        id=intervention.public_id,
        area=world.flen.centrum.public_id,
        session=intervention.matrix_session.public_id,
        year=intervention.matrix_session.date.year,
    )
    page = page_for(getattr(world.flen, role), viewport)
    base = f"{live_server.url}/m/{world.flen.municipality.code}/"
    if suffix.startswith("POST ") and "sessions" in suffix:
        page.goto(base + suffix[5:])
        page.fill("#id_participants", "-3")
        page.fill("#id_obs1_description", "Ring 811218-9876")
        page.click("form.session-form button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert page.locator("#error-summary").count() == 1
    elif suffix.startswith("POST "):
        page.goto(base + suffix[5:])
        page.fill("#id_scanning", "Ring 811218-9876")
        page.click("form.intervention-form button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert page.locator("#error-summary").count() == 1
    else:
        page.goto(base + suffix)
        page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() == 1
    if viewport == "phone" and name.startswith(("intervention", "programme", "session")):
        # wide tables scroll in their container (.table-scroll): no sideways swipe of the page
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, name
    screenshot(page, f"{name}-{viewport}")
    violations = run_axe(page)
    assert violations == [], describe(violations)
