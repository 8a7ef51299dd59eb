"""The status form's workflow (issue 8): last week's status carried forward with "Oförändrat"
when nothing was flagged, and saving one area at a time or all together."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from trygg.core.models import AuditEvent
from trygg.core.weeks import IsoWeek
from trygg.situation.models import AreaStatus
from trygg.situation.services.weekly import area_status_set
from trygg.situation.views.weekly import status_initial

pytestmark = pytest.mark.django_db

WEEK = IsoWeek.current().previous()
UNCHANGED = "Oförändrat"


def status_url(tenant: Any) -> str:
    return reverse("situation:status", args=[tenant.municipality.code])


def decide_last_week(tenant: Any) -> None:
    area_status_set(
        actor=tenant.coordinator,
        area=tenant.centrum,
        week=WEEK.previous(),
        status="yellow",
        reason="Klotter vid skolan, sanering beställd.",
    )


def forms_by_area(response: Any) -> dict[str, Any]:
    return {form.area.name: form for form in response.context["forms"]}


def test_last_weeks_status_is_filled_in_with_unchanged_when_nothing_is_flagged(
    client: Any, world: Any
) -> None:
    flen = world.flen
    decide_last_week(flen)
    client.force_login(flen.coordinator)
    response = client.get(status_url(flen), {"week": str(WEEK)})
    assert response.status_code == 200
    forms = forms_by_area(response)
    centrum, norr = forms["Centrum"], forms["Norr"]
    assert centrum.carried and centrum.initial == {"status": "yellow", "reason": UNCHANGED}
    assert centrum.previous.reason == "Klotter vid skolan, sanering beställd."
    # no status last week: nothing to carry
    assert not norr.carried and norr.initial.get("reason") is None
    body = response.content.decode()
    assert f">{UNCHANGED}</textarea>" in body
    assert "Klotter vid skolan, sanering beställd." in body  # last week's reason beside it
    # a pre-fill only: nothing is saved until the coordinator saves
    assert not AreaStatus.objects.filter(week_start=WEEK.monday).exists()


def test_confirming_the_carried_status_saves_and_audits_it(client: Any, world: Any) -> None:
    flen = world.flen
    decide_last_week(flen)
    client.force_login(flen.coordinator)
    prefix = str(flen.centrum.public_id)
    response = client.post(
        status_url(flen),
        {
            "week": str(WEEK),
            "save": prefix,
            f"{prefix}-status": "yellow",
            f"{prefix}-reason": UNCHANGED,
        },
    )
    assert response.status_code == 200
    saved = AreaStatus.objects.get(area=flen.centrum, week_start=WEEK.monday)
    assert (saved.status, saved.reason, saved.decided_by) == ("yellow", UNCHANGED, flen.coordinator)
    event = AuditEvent.objects.filter(action="situation.area_status").order_by("-id").first()
    assert event is not None and event.changes["week"] == str(WEEK)
    assert event.changes["status"] == [None, "yellow"]


def test_a_flagged_area_starts_from_the_proposal_not_from_last_week() -> None:
    previous = SimpleNamespace(status="green", reason="Lugnt.")
    flagged = SimpleNamespace(status=None, proposal="yellow")
    assert status_initial(flagged, previous) == ({"status": "yellow"}, False)
    red = SimpleNamespace(status=None, proposal="red")
    assert status_initial(red, previous) == ({"status": "red"}, False)
    quiet = SimpleNamespace(status=None, proposal="green")
    assert status_initial(quiet, previous) == ({"status": "green", "reason": UNCHANGED}, True)
    # a status already decided this week is what the form shows
    decided = SimpleNamespace(
        status=SimpleNamespace(status="red", reason="Brand."), proposal="green"
    )
    assert status_initial(decided, previous) == ({"status": "red", "reason": "Brand."}, False)


def test_saving_one_area_leaves_the_others_unsaved_but_as_typed(client: Any, world: Any) -> None:
    flen = world.flen
    client.force_login(flen.coordinator)
    centrum, norr = str(flen.centrum.public_id), str(flen.norr.public_id)
    response = client.post(
        status_url(flen),
        {
            "week": str(WEEK),
            "save": centrum,
            f"{centrum}-status": "green",
            f"{centrum}-reason": "Lugn vecka.",
            # Norr half filled in: not validated, not saved, kept on the page
            f"{norr}-status": "",
            f"{norr}-reason": "Utkast för Norr",
        },
    )
    assert response.status_code == 200
    assert list(AreaStatus.objects.values_list("area__name", "reason")) == [
        ("Centrum", "Lugn vecka.")
    ]
    assert AuditEvent.objects.filter(action="situation.area_status").count() == 1
    body = response.content.decode()
    assert "Utkast för Norr</textarea>" in body
    assert "Statusen för Centrum är sparad." in body
    assert "error-summary" not in body
    assert response.context["saved"] == centrum


def test_saving_one_invalid_area_saves_nothing_and_names_the_error(client: Any, world: Any) -> None:
    flen = world.flen
    client.force_login(flen.coordinator)
    centrum, norr = str(flen.centrum.public_id), str(flen.norr.public_id)
    response = client.post(
        status_url(flen),
        {
            "week": str(WEEK),
            "save": centrum,
            f"{centrum}-status": "red",
            f"{centrum}-reason": "",
            f"{norr}-status": "green",
            f"{norr}-reason": "Lugnt.",
        },
    )
    assert response.status_code == 200
    assert not AreaStatus.objects.exists()
    links = response.context["error_links"]
    assert [label for _anchor, label, _message in links] == ["Centrum"]


def test_save_all_saves_every_area_in_one_go(client: Any, world: Any) -> None:
    flen = world.flen
    decide_last_week(flen)
    client.force_login(flen.coordinator)
    centrum, norr = str(flen.centrum.public_id), str(flen.norr.public_id)
    response = client.post(
        status_url(flen),
        {
            "week": str(WEEK),
            f"{centrum}-status": "yellow",
            f"{centrum}-reason": UNCHANGED,
            f"{norr}-status": "green",
            f"{norr}-reason": "Lugnt.",
        },
    )
    assert response.status_code == 302
    assert dict(
        AreaStatus.objects.filter(week_start=WEEK.monday).values_list("area__name", "reason")
    ) == {"Centrum": UNCHANGED, "Norr": "Lugnt."}
    # and all or nothing: one area without a reason saves neither
    AreaStatus.objects.filter(week_start=WEEK.monday).delete()
    response = client.post(
        status_url(flen),
        {
            "week": str(WEEK),
            f"{centrum}-status": "yellow",
            f"{centrum}-reason": UNCHANGED,
            f"{norr}-status": "green",
            f"{norr}-reason": "",
        },
    )
    assert response.status_code == 200
    assert not AreaStatus.objects.filter(week_start=WEEK.monday).exists()
