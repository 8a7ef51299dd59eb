"""The meeting pages in the browser: axe-core (WCAG 2.1 AA) finds nothing at desktop and phone
width, and a coordinator runs a whole meeting — preparation, agenda, attendance, a note, a
decision, closing — and reads the minutes without leaving Trygg."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tests.e2e.conftest import describe, run_axe, screenshot
from trygg.interventions.models import Intervention
from trygg.meetings.models import MinutesDelivery

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _today(tenant: Any) -> Any:
    """A single meeting today (it can be held: attendance, closing), the next to prepare."""
    from trygg.core.weeks import STOCKHOLM
    from trygg.meetings.services.meetings import meeting_create

    return meeting_create(
        actor=tenant.coordinator,
        municipality=tenant.municipality,
        kind="quarterly",
        title="Kvartalsmöte",
        starts_at=dt.datetime.combine(timezone.localdate(), dt.time(0, 5), STOCKHOLM),
        organisations=[tenant.org_municipal, tenant.org_housing, tenant.org_police],
    )


def _meetings(world: Any) -> tuple[Any, Any]:
    """The next weekly meeting with its agenda, and a closed meeting with minutes."""
    from trygg.meetings.services.decisions import decision_record, meeting_close
    from trygg.meetings.services.meetings import agenda_generate, attendance_set, item_add
    from trygg.meetings.services.riskdays import local_risk_day_save
    from trygg.meetings.tests.helpers import last_weekly, next_weekly

    flen = world.flen
    coordinator = flen.coordinator
    upcoming = next_weekly(flen, weeks_ahead=1)
    closed = last_weekly(flen)
    local_risk_day_save(
        actor=coordinator,
        municipality=flen.municipality,
        name="Flens marknad",
        first_day=timezone.localdate() + dt.timedelta(days=2),
    )
    agenda_generate(actor=coordinator, meeting=closed)
    item_add(actor=coordinator, meeting=closed, title="Intern punkt", internal=True)
    attendance_set(actor=coordinator, meeting=closed, presence={flen.org_police: "present"})
    decision_record(
        actor=coordinator,
        meeting=closed,
        kind="tell",
        text="Informera skolorna",
        tell_whom="Rektorerna",
        tell_what="Mer vuxennärvaro vid stationen",
    )
    meeting_close(actor=coordinator, meeting=closed)
    return upcoming, closed


PAGES = [
    ("meetings", "partner", "meetings/"),
    ("meeting-prepare", "coordinator", "meetings/prepare/"),
    ("meeting", "coordinator", "meetings/{upcoming}/"),
    ("meeting-today", "coordinator", "meetings/{today}/"),
    ("meeting-closed", "partner", "meetings/{closed}/"),
    ("minutes", "coordinator", "meetings/{closed}/minutes/"),
    ("risk-days", "coordinator", "meetings/risk-days/"),
    ("series-new", "coordinator", "meetings/series/new/"),
]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize(("name", "role", "suffix"), PAGES, ids=[p[0] for p in PAGES])
def test_meeting_pages_have_no_axe_violations(
    world: Any,
    page_for: Any,
    live_server: Any,
    name: str,
    role: str,
    suffix: str,
    viewport: str,
) -> None:
    upcoming, closed = _meetings(world)
    today = _today(world.flen)
    suffix = suffix.format(
        upcoming=upcoming.public_id, closed=closed.public_id, today=today.public_id
    )
    page = page_for(getattr(world.flen, role), viewport)
    page.goto(f"{live_server.url}/m/{world.flen.municipality.code}/{suffix}")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= (
        375 if viewport == "phone" else 1280
    )
    screenshot(page, f"{name}-{viewport}")
    violations = run_axe(page)
    assert violations == [], describe(violations)


def test_a_coordinator_runs_a_meeting_in_the_browser(
    world: Any, page_for: Any, live_server: Any
) -> None:
    flen = world.flen
    for user, address in (
        (flen.coordinator, "samordnare@kommun.example"),
        (flen.police, "p@x.example"),
    ):
        user.email = address
        user.save()
    meeting = _today(flen)
    page = page_for(flen.coordinator, "phone")
    base = f"{live_server.url}/m/{flen.municipality.code}/meetings/"
    page.goto(base)
    page.get_by_role("link", name="Förbered nästa möte").click()
    page.get_by_role("button", name="Sätt upp detta på dagordningen").click()
    page.wait_for_load_state()
    assert f"/meetings/{meeting.public_id}/" in page.url
    # attendance: at 375 px every select is wide enough for its longest choice
    fits = page.evaluate(
        """() => Array.from(document.querySelectorAll('.attendance-form select')).map(s => {
          const st = getComputedStyle(s);
          const c = document.createElement('canvas').getContext('2d');
          c.font = st.font;
          const need = c.measureText('Anmält förhinder').width + parseFloat(st.paddingLeft)
            + parseFloat(st.paddingRight) + 24;  // the arrow
          return need <= s.clientWidth;
        })"""
    )
    assert fits and all(fits), fits
    page.get_by_label(flen.org_housing.name).select_option("apologies")
    page.get_by_role("button", name="Spara närvaron").click()
    page.wait_for_load_state()
    assert "Närvaron är sparad." in page.content()
    # an item by hand, then its note
    page.get_by_label("Ny punkt på dagordningen").fill("Belysning i Sveaparken")
    page.get_by_role("button", name="Lägg till punkten").click()
    page.wait_for_load_state()
    item = page.locator("li.agenda-item", has_text="Belysning i Sveaparken")
    item.get_by_label("Anteckning").fill("Gata/park byter armaturer vecka 51.")
    item.get_by_label("Avklarad (annars förs den över till nästa möte)").check()
    item.get_by_role("button", name="Spara anteckningen").click()
    page.wait_for_load_state()
    # the decision form shows only the part of the chosen kind
    parts = page.locator("[data-decision-kind]")
    assert parts.count() == 4
    assert page.locator("[data-decision-kind='intervention']").is_visible()
    assert not page.locator("[data-decision-kind='tell']").is_visible()
    page.get_by_label("Typ av beslut").select_option("other")
    assert all(not parts.nth(i).is_visible() for i in range(4))
    # focus: the hot spots of the ticked areas only
    page.get_by_label("Typ av beslut").select_option("focus")
    assert page.locator("[data-decision-kind='focus']").is_visible()
    resecentrum = page.get_by_label("Resecentrum (0 rapporter)")
    assert not resecentrum.is_visible()
    page.locator("[data-decision-kind='focus']").get_by_label("Centrum", exact=True).check()
    assert resecentrum.is_visible()
    screenshot(page, "meeting-decision-focus-phone")
    # a decision: what to tell whom
    page.get_by_label("Typ av beslut").select_option("tell")
    assert not page.locator("[data-decision-kind='focus']").is_visible()
    page.get_by_label("Beslut", exact=True).fill("Informera de boende")
    page.get_by_label("Vem ska få veta").fill("Hyresgästföreningen")
    page.get_by_label("Vad de ska få veta").fill("Ny belysning i parken före jul")
    page.get_by_role("button", name="Anteckna beslutet").click()
    page.wait_for_load_state()
    assert "Beslutet är antecknat." in page.content()
    # a decision: a new intervention, which Trygg creates
    page.get_by_label("Typ av beslut").select_option("intervention")
    page.get_by_label("Beslut", exact=True).fill("Nedskräpning vid resecentrum på helgerna")
    page.get_by_label("Insatsens rubrik").fill("Extra städning vid resecentrum")
    page.get_by_label("Ansvarig organisation").select_option(label=flen.org_housing.name)
    page.get_by_label("Klart senast (datum)").fill(
        (meeting.starts_at.date() + dt.timedelta(days=21)).isoformat()
    )
    page.get_by_role("button", name="Anteckna beslutet").click()
    page.wait_for_load_state()
    assert "Beslutet är antecknat." in page.content()
    assert Intervention.objects.filter(title="Extra städning vid resecentrum").exists()
    # close and read the minutes
    page.get_by_role("button", name="Avsluta mötet och frys protokollet").click()
    page.wait_for_load_state()
    assert "/minutes/" in page.url
    text = page.content()
    assert "Gata/park byter armaturer vecka 51." in text
    assert "Hyresgästföreningen" in text and "Anmält förhinder" in text
    screenshot(page, "minutes-after-meeting-phone")
    # send them to the participants (the worker mails them)
    page.get_by_role("button", name="Skicka protokollet till deltagarna").click()
    page.wait_for_load_state()
    assert "Protokollet är på väg till 2 deltagare." in page.content()
    assert MinutesDelivery.objects.filter(status="queued").count() == 2
    assert page.csp_violations == []  # type: ignore[attr-defined]
