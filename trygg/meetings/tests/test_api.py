from typing import Any

import pytest

from trygg.core.weeks import IsoWeek
from trygg.meetings.services.meetings import item_add
from trygg.meetings.tests.helpers import next_weekly

pytestmark = pytest.mark.django_db


def test_meetings_and_agenda(client: Any, world: Any) -> None:
    flen = world.flen
    meeting = next_weekly(flen)
    item_add(actor=flen.coordinator, meeting=meeting, title="Öppen punkt")
    item_add(actor=flen.coordinator, meeting=meeting, title="Intern punkt", internal=True)
    query = f"?municipality={flen.municipality.code}"
    client.force_login(flen.police)  # a participating organisation: the core group
    data = client.get(f"/api/v1/meetings/{query}&when=upcoming").json()
    assert [m["id"] for m in data["results"]][:1] == [str(meeting.public_id)]
    assert data["results"][0]["review_week"] == str(IsoWeek.of(meeting.review_week))
    assert client.get(f"/api/v1/meetings/{query}&when=past").json()["results"] == []
    agenda = client.get(f"/api/v1/meetings/{meeting.public_id}/agenda/{query}").json()
    assert [i["heading"] for i in agenda["items"]] == ["Öppen punkt", "Intern punkt"]
    assert agenda["items"][0]["origin"] == "manual"
    # an organisation that does not take part: no internal items
    meeting.organisations.remove(flen.org_housing)
    flen.reporter.memberships.update(role="partner")
    client.force_login(flen.reporter)
    agenda = client.get(f"/api/v1/meetings/{meeting.public_id}/agenda/{query}").json()
    assert [i["heading"] for i in agenda["items"]] == ["Öppen punkt"]
    # another municipality's meeting is not found
    client.force_login(world.degerfors.coordinator)
    other = f"?municipality={world.degerfors.municipality.code}"
    assert client.get(f"/api/v1/meetings/{meeting.public_id}/agenda/{other}").status_code == 404
