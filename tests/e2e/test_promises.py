"""Medborgarlöften in a real browser: the public pages (start, archive, one promise, the
agreement) and the staff pages (the promise, the item form, a follow-up round, the agreement
form) have no axe-core (WCAG 2.1 AA) violation at phone and desktop width, no CSP violation,
and the public pages do not scroll sideways on a phone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.e2e.conftest import describe, run_axe, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _world_with_promise(world: Any) -> dict[str, Any]:
    from trygg.promises import services
    from trygg.promises.tests.helpers import published_promise

    flen = world.flen
    promise = published_promise(flen)
    follow_up = services.round_open(
        actor=flen.coordinator,
        promise=promise,
        title="Uppföljning 2025",
        as_of=dt.date(2025, 12, 31),
    )
    item = promise.versions.get().items.get(responsible="police")
    services.item_report(
        actor=flen.police,
        follow_up=follow_up,
        item=item,
        party="police",
        done="Fotpatrull de flesta fredagar.",
        rating="yellow",
    )
    agreement = services.agreement_create(
        actor=flen.coordinator,
        municipality=flen.municipality,
        values={
            "title": "Samverkansöverenskommelse 2025–2027",
            "period_start": dt.date(2025, 1, 1),
            "period_end": dt.date(2027, 12, 31),
            "focus_areas": "Stationsområdet\nBoendemiljöer",
            "summary": "Kommunen och polisen arbetar tillsammans.",
        },
        parties=[
            services.PartyInput("Flens kommun", "En samordnare."),
            services.PartyInput("Polisen", "Kommunpolis."),
        ],
        signatories=[services.SignatoryInput("Anna Andersson", "Kommunstyrelsens ordförande")],
    )
    services.agreement_sign(actor=flen.coordinator, version=agreement.versions.get())
    draft = services.promise_create(
        actor=flen.coordinator,
        municipality=flen.municipality,
        first_year=2027,
        last_year=2027,
        values={"title": "Nästa löfte"},
    )
    return {"promise": promise, "round": follow_up, "agreement": agreement, "draft": draft}


PUBLIC = [
    ("public-promise-start", ""),
    ("public-promise-archive", "medborgarloften/"),
    ("public-promise", "medborgarloften/{promise}/"),
    ("public-agreement", "samverkan/"),
]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize(("name", "suffix"), PUBLIC, ids=[p[0] for p in PUBLIC])
def test_public_promise_pages(
    world: Any, anonymous_page: Any, live_server: Any, viewport: str, name: str, suffix: str
) -> None:
    objects = _world_with_promise(world)
    page = anonymous_page(viewport, "sv")
    path = suffix.format(promise=objects["promise"].public_id)
    response = page.goto(f"{live_server.url}/k/0482/{path}")
    assert response is not None and response.status == 200
    assert page.locator("h1").count() == 1
    assert "Fotpatrull de flesta fredagar." not in page.content()  # an open round
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"{name}-{viewport}")
    violations = run_axe(page)
    assert violations == [], describe(violations)
    assert page.csp_violations == []  # type: ignore[attr-defined]


STAFF = [
    ("promise-detail", "coordinator", "promises/{promise}/"),
    ("promise-draft", "coordinator", "promises/{draft}/"),
    ("promise-item-form", "police", "promises/{draft}/items/new/"),
    ("promise-round", "police", "promises/{promise}/rounds/{round}/"),
    ("promise-list", "partner", "promises/"),
    ("agreement-form", "coordinator", "promises/agreements/new/"),
    ("agreement", "coordinator", "promises/agreements/{agreement}/"),
]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize(("name", "role", "suffix"), STAFF, ids=[p[0] for p in STAFF])
def test_staff_promise_pages(
    world: Any, page_for: Any, live_server: Any, viewport: str, name: str, role: str, suffix: str
) -> None:
    objects = _world_with_promise(world)
    path = suffix.format(
        promise=objects["promise"].public_id,
        draft=objects["draft"].public_id,
        round=objects["round"].public_id,
        agreement=objects["agreement"].public_id,
    )
    page = page_for(getattr(world.flen, role), viewport)
    response = page.goto(f"{live_server.url}/m/0482/{path}")
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() == 1
    screenshot(page, f"{name}-{viewport}")
    violations = run_axe(page)
    assert violations == [], describe(violations)
    assert page.csp_violations == []  # type: ignore[attr-defined]
