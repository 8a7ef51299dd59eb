"""The joint view (/j/<id>/): who sees it, what it shows, and what it never shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from trygg.places import joint
from trygg.places.models import JointBody, JointMembership

pytestmark = pytest.mark.django_db

Q1 = "?year=2026&quarter=1"
SECRET = "Hemlig beskrivning från Flen"


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 14, 0, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def council(world: Any, make_report: Any) -> tuple[JointBody, JointMembership]:
    """Flen's council with Degerfors as an accepted member, and reports in both (Q1 2026,
    and one in 2024 so that Q1 2026 is compared with Q1 2025)."""
    f, d = world.flen, world.degerfors
    for tenant in (f, d):
        make_report(tenant, occurred_start=_at(dt.date(2024, 1, 10)))
    for day in (5, 12, 19):
        make_report(f, occurred_start=_at(dt.date(2026, 2, day)), description=SECRET)
    make_report(f, occurred_start=_at(dt.date(2026, 2, 6)), category=f.categories["klotter"])
    for day in (5, 12):
        make_report(d, occurred_start=_at(dt.date(2026, 2, day)))
    body = joint.joint_body_create(
        actor=f.coordinator, municipality=f.municipality, name="LokBrå Test", kind="council"
    )
    invitation = joint.joint_invite(
        actor=f.coordinator, body=body, municipality=f.municipality, code="1862"
    )
    joint.joint_accept(actor=d.coordinator, membership=invitation)
    return body, invitation


def _urls(body: JointBody) -> list[str]:
    base = f"/j/{body.public_id}/"
    return [base, base + "quarterly/" + Q1, base + "annual/?year=2026", base + "promises/"]


def test_members_side_by_side_and_in_total(client: Any, world: Any, council: Any) -> None:
    body, _m = council
    client.force_login(world.degerfors.partner)
    response = client.get(f"/j/{body.public_id}/quarterly/{Q1}")
    assert response.status_code == 200
    figures = response.context["figures"]
    assert [m.municipality.code for m in figures.members] == ["1862", "0482"]
    assert [m.total.count for m in figures.members] == [2, 4]
    assert figures.total == 6
    rows = {row.code: row for row in figures.rows}
    assert rows["skadegorelse"].total == 5
    assert [c.count if c else None for c in rows["skadegorelse"].cells] == [2, 3]
    # Degerfors has no klotter: an empty cell in its column, Flen's one in the total
    assert rows["klotter"].cells[0] is None and rows["klotter"].total == 1
    body_html = response.content.decode()
    assert "Degerfors" in body_html and "Flen" in body_html
    # aggregates only: no text, no link to a report or page of the other municipality
    assert SECRET not in body_html
    assert "/m/0482/" not in body_html
    # the total row has no verdict of its own
    assert figures.members[0].total.compared


def test_annual_and_promises_and_overview_answer(client: Any, world: Any, council: Any) -> None:
    body, _m = council
    client.force_login(world.degerfors.coordinator)
    for url in _urls(body):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "/m/0482/" not in response.content.decode(), url
    annual = client.get(f"/j/{body.public_id}/annual/?year=2026").context["figures"]
    assert annual.total == 6


def test_after_leaving_degerfors_sees_nothing_and_is_gone(
    client: Any, world: Any, council: Any
) -> None:
    body, membership = council
    joint.joint_leave(actor=world.degerfors.coordinator, membership=membership)
    for user in (world.degerfors.coordinator, world.degerfors.partner, world.degerfors.police):
        client.force_login(user)
        for url in _urls(body):
            assert client.get(url).status_code == 404, url
    client.force_login(world.flen.coordinator)
    response = client.get(f"/j/{body.public_id}/quarterly/{Q1}")
    figures = response.context["figures"]
    assert [m.municipality.code for m in figures.members] == ["0482"]
    assert figures.total == 4
    assert "Degerfors" not in response.content.decode()


# Karlskoga's stand-in here is Flen: the council is Flen's, and Degerfors is not (yet, or no
# longer) a member.
FLEN_PAGES = [
    "/m/0482/",
    "/m/0482/situation/week/",
    "/m/0482/situation/quarterly/",
    "/m/0482/situation/annual/",
    "/m/0482/situation/hotspots/",
    "/m/0482/reports/",
    "/m/0482/reports/map/",
    "/m/0482/reports/map.geojson",
    "/m/0482/situation/hotspots.geojson",
    "/m/0482/promises/",
    "/m/0482/meetings/",
    "/m/0482/interventions/",
    "/m/0482/settings/",
    "/m/0482/settings/joint/",
]


@pytest.mark.parametrize("stage", ["invited", "declined", "left"])
@pytest.mark.parametrize("role", ["coordinator", "partner", "police", "reporter"])
def test_a_degerfors_user_outside_the_council_sees_nothing_of_flen(
    client: Any, world: Any, make_report: Any, stage: str, role: str
) -> None:
    f, d = world.flen, world.degerfors
    make_report(f, description=SECRET)
    body = joint.joint_body_create(
        actor=f.coordinator, municipality=f.municipality, name="LokBrå Test", kind="council"
    )
    invitation = joint.joint_invite(
        actor=f.coordinator, body=body, municipality=f.municipality, code="1862"
    )
    if stage == "declined":
        joint.joint_decline(actor=d.coordinator, membership=invitation)
    elif stage == "left":
        joint.joint_accept(actor=d.coordinator, membership=invitation)
        joint.joint_leave(actor=d.coordinator, membership=invitation)
    client.force_login(getattr(d, role))
    for url in [*_urls(body), f"/j/{body.public_id}/quarterly/?year=x&quarter=9"]:
        response = client.get(url)
        assert response.status_code == 404, (url, response.status_code)
        assert SECRET not in response.content.decode()
    for url in FLEN_PAGES:
        response = client.get(url)
        assert response.status_code == 404, (url, response.status_code)
    # and the menu of Degerfors names no council
    assert "LokBrå Test" not in client.get("/m/1862/reports/mine/").content.decode()


def test_the_flen_pages_of_the_matrix_exist(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    for url in FLEN_PAGES:
        assert client.get(url).status_code in (200, 302), url


def test_reporters_and_strangers_get_404(client: Any, world: Any, council: Any) -> None:
    body, _m = council
    client.force_login(world.flen.reporter)
    for url in _urls(body):
        assert client.get(url).status_code == 404, url
    client.logout()
    response = client.get(_urls(body)[0])
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(world.flen.coordinator)
    assert client.get("/j/00000000-0000-0000-0000-000000000000/").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "?year=abc&quarter=1",
        "?year=2026&quarter=9",
        "?year=2026&quarter=0",
        "?year=99999&quarter=1",
        "?year=&quarter=",
        "?quarter=2",
        "?year=2026",
        "?year=-1&quarter=-1",
        "?year=2026.5&quarter=1",
    ],
)
def test_bad_periods_fall_back(client: Any, world: Any, council: Any, query: str) -> None:
    body, _m = council
    client.force_login(world.flen.partner)
    assert client.get(f"/j/{body.public_id}/quarterly/{query}").status_code == 200
    year_query = query.replace("quarter", "q")
    assert client.get(f"/j/{body.public_id}/annual/{year_query}").status_code == 200


def test_the_menu_links_to_the_joint_view(client: Any, world: Any, council: Any) -> None:
    body, _m = council
    for user in (world.degerfors.partner, world.flen.coordinator):
        client.force_login(user)
        page = client.get(
            "/m/1862/reports/mine/" if user is world.degerfors.partner else "/m/0482/reports/mine/"
        )
        assert f"/j/{body.public_id}/" in page.content.decode()
    client.force_login(world.degerfors.reporter)
    assert f"/j/{body.public_id}/" not in client.get("/m/1862/reports/mine/").content.decode()


def test_queries_do_not_grow_with_history(
    client: Any, world: Any, council: Any, make_report: Any, django_assert_max_num_queries: Any
) -> None:
    body, _m = council
    client.force_login(world.flen.coordinator)
    url = f"/j/{body.public_id}/quarterly/{Q1}"
    with django_assert_max_num_queries(40):
        client.get(url)
    for day in range(1, 20):
        make_report(world.flen, occurred_start=_at(dt.date(2026, 3, day)))
    with django_assert_max_num_queries(40):
        client.get(url)
