"""The interventions walkthrough fixes: progress dates within the intervention's life, hours to
two decimals (1,25 h), an impossible date said as such, no-due-date interventions listed last,
the evaluation page in words with a chart and real minus signs, and the Swedish of the lists."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from trygg.core.forms import DateField
from trygg.core.weeks import STOCKHOLM
from trygg.interventions.evaluation import evaluation_design_set
from trygg.interventions.models import Intervention, InterventionUpdate
from trygg.interventions.services import intervention_add_progress, parse_hours
from trygg.interventions.templatetags.interventions_tags import hours, minus
from trygg.interventions.tests.helpers import make_intervention

pytestmark = pytest.mark.django_db

SV = {"HTTP_ACCEPT_LANGUAGE": "sv"}


def url(tenant: Any, name: str, intervention: Any = None) -> str:
    args = [tenant.municipality.code]
    if intervention is not None:
        args.append(intervention.public_id)
    return reverse(f"interventions:{name}", args=args)


def _backdate(intervention: Intervention, days: int) -> None:
    """As if the intervention had been recorded `days` ago."""
    Intervention.objects.filter(pk=intervention.pk).update(
        created_at=timezone.now() - dt.timedelta(days=days)
    )
    intervention.refresh_from_db()


# --- 1. progress dates -------------------------------------------------------------------------


def test_progress_dated_before_the_intervention_existed_is_refused(client: Any, world: Any) -> None:
    flen = world.flen
    intervention = make_intervention(flen, status="decided")
    _backdate(intervention, 10)
    created = timezone.localdate(intervention.created_at)
    client.force_login(flen.reporter)
    response = client.post(
        url(flen, "progress", intervention),
        {
            "note": "Bytt lampor.",
            "hours": "1",
            "occurred_on": (created - dt.timedelta(days=1)).isoformat(),
        },
        **SV,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f"Datumet kan inte vara före den dag insatsen registrerades ({created})." in body
    assert not InterventionUpdate.objects.exists()
    # the day it was recorded is fine
    ok = client.post(
        url(flen, "progress", intervention),
        {"note": "Bytt lampor.", "hours": "1", "occurred_on": created.isoformat()},
        **SV,
    )
    assert ok.status_code == 302


def test_progress_in_the_future_is_refused(client: Any, world: Any) -> None:
    flen = world.flen
    intervention = make_intervention(flen, status="decided")
    client.force_login(flen.reporter)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        url(flen, "progress", intervention),
        {"note": "Bytt lampor.", "hours": "1", "occurred_on": tomorrow.isoformat()},
        **SV,
    )
    assert "Datumet kan inte ligga i framtiden." in response.content.decode()
    assert not InterventionUpdate.objects.exists()


def test_progress_may_go_back_to_a_start_date_before_it_was_recorded(world: Any) -> None:
    """An intervention recorded after it started: its work from the start date counts."""
    flen = world.flen
    start = timezone.localdate() - dt.timedelta(days=20)
    intervention = make_intervention(flen, status="decided", start_date=start)
    intervention_add_progress(
        actor=flen.reporter, intervention=intervention, note="Röjt.", occurred_on=start
    )
    with pytest.raises(ValidationError) as info:
        intervention_add_progress(
            actor=flen.reporter,
            intervention=intervention,
            note="Röjt.",
            occurred_on=start - dt.timedelta(days=1),
        )
    assert info.value.message_dict["occurred_on"] == [
        f"Datumet kan inte vara före insatsens startdatum ({start})."
    ]


# --- 2. hours with two decimals ----------------------------------------------------------------


def test_hours_take_two_decimals_with_a_decimal_comma(client: Any, world: Any) -> None:
    flen = world.flen
    intervention = make_intervention(flen, status="decided")
    client.force_login(flen.reporter)
    today = timezone.localdate().isoformat()
    for given in ("1,25", "0.5"):
        response = client.post(
            url(flen, "progress", intervention),
            {"note": "Bytt lampor.", "hours": given, "occurred_on": today},
            **SV,
        )
        assert response.status_code == 302, response.content.decode()
    update = InterventionUpdate.objects.order_by("created_at").first()
    assert update is not None and update.hours == Decimal("1.25")
    intervention.refresh_from_db()
    assert intervention.hours_spent == Decimal("1.75")
    detail = client.get(url(flen, "detail", intervention), **SV).content.decode()
    assert "1,25\u00a0h" in detail and "1,75\u00a0h" in detail
    assert "0,5\u00a0h" in detail  # no trailing zero


def test_a_third_decimal_is_refused_in_swedish(client: Any, world: Any) -> None:
    flen = world.flen
    intervention = make_intervention(flen, status="decided")
    client.force_login(flen.reporter)
    response = client.post(
        url(flen, "progress", intervention),
        {"note": "Bytt lampor.", "hours": "1,255", "occurred_on": timezone.localdate()},
        **SV,
    )
    assert "Ange timmarna med högst två decimaler." in response.content.decode()
    assert parse_hours("1,25") == Decimal("1.25")


def test_the_hours_and_minus_filters() -> None:
    assert hours(Decimal("10.00")) == "10\u00a0h"
    assert hours(None) == "–"
    assert minus(-3) == "\u22123"
    assert minus("-0.52") == "\u22120.52"
    assert minus(4) == "4"


# --- 3. impossible dates -----------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2026-02-30", "2026-13-01", "2025-02-29"])
def test_an_impossible_date_is_said_not_to_exist(value: str) -> None:
    field = DateField()
    with pytest.raises(ValidationError) as info:
        field.clean(value)
    assert info.value.code == "nonexistent"


@pytest.mark.parametrize("value", ["31/12", "igår", "2026-2"])
def test_a_malformed_date_asks_for_the_format(value: str) -> None:
    with pytest.raises(ValidationError) as info:
        DateField().clean(value)
    assert info.value.code == "invalid"


def test_an_impossible_date_on_the_forms_is_swedish(client: Any, world: Any) -> None:
    flen = world.flen
    intervention = make_intervention(flen, status="decided")
    client.force_login(flen.coordinator)
    for name, data in (
        ("progress", {"note": "Gjort.", "hours": "1", "occurred_on": "2026-02-30"}),
        ("review", {"outcome": "continue", "reviewed_on": "2026-02-30"}),
        ("evaluation", {"before_start": "2026-02-30", "after_start": "2026-03-02"}),
    ):
        body = client.post(url(flen, name, intervention), data, **SV).content.decode()
        assert "Datumet finns inte – kontrollera dag och månad." in body, name
        assert "Ange datumet som ÅÅÅÅ-MM-DD." not in body, name
    listing = client.get(url(flen, "list") + "?due_before=2026-02-30", **SV).content.decode()
    assert "Datumet finns inte – kontrollera dag och månad." in listing


# --- 4. no due date last -----------------------------------------------------------------------


def test_interventions_without_a_due_date_are_listed_last(client: Any, world: Any) -> None:
    flen = world.flen
    today = timezone.localdate()
    make_intervention(flen, title="Aaa utan datum", due_date=None)
    make_intervention(flen, title="Senare", due_date=today + dt.timedelta(days=9))
    make_intervention(flen, title="Snart", due_date=today + dt.timedelta(days=2))
    client.force_login(flen.coordinator)
    body = client.get(url(flen, "list"), **SV).content.decode()
    assert body.index("Snart") < body.index("Senare") < body.index("Aaa utan datum")
    api = client.get(f"/api/v1/interventions/?municipality={flen.municipality.code}")
    assert [row["title"] for row in api.json()["results"]] == ["Snart", "Senare", "Aaa utan datum"]


# --- 5. the evaluation page --------------------------------------------------------------------


def _report_in(make_report: Any, tenant: Any, lat_offset: float, day: dt.date, n: int) -> None:
    from conftest import CENTRES

    lat, lon = CENTRES[tenant.municipality.code]
    for k in range(n):
        make_report(
            lat=lat + lat_offset,
            lon=lon,
            occurred_start=dt.datetime.combine(
                day + dt.timedelta(days=k % 28), dt.time(12), tzinfo=STOCKHOLM
            ),
        )


def test_the_evaluation_page_in_words_with_a_chart(
    client: Any, world: Any, make_report: Any
) -> None:
    from conftest import CENTRES, square
    from trygg.places.services import area_create

    flen = world.flen
    lat, lon = CENTRES[flen.municipality.code]
    south = area_create(
        actor=world.admin,
        municipality=flen.municipality,
        name="Söder",
        geometry=square(lon, lat - 0.03),
    )
    before, after = dt.date(2025, 1, 6), dt.date(2025, 2, 3)
    # target 12 -> 4, comparison 10 -> 10, buffer 6 -> 4
    for offset, n0, n1 in ((0.0, 12, 4), (0.03, 10, 10), (-0.03, 6, 4)):
        _report_in(make_report, flen, offset, before, n0)
        _report_in(make_report, flen, offset, after, n1)
    intervention = make_intervention(flen, status="decided")
    evaluation_design_set(
        actor=flen.coordinator,
        intervention=intervention,
        target_area=flen.centrum,
        comparison_area=flen.norr,
        buffer_area=south,
        before_start=before,
        after_start=after,
        weeks=4,
    )
    client.force_login(flen.partner)
    page = client.get(url(flen, "evaluation", intervention), **SV).content.decode()
    # the counts labelled in words, the codes in small text
    assert "Målområde: Centrum" in page
    assert "Jämförelseområde: Norr" in page
    assert "Buffertzon runt målområdet: Söder" in page
    assert '<span class="count-code">(T<sub>0</sub>, T<sub>1</sub>)</span>' in page
    assert "Mål (T)" not in page
    # real minus signs, no hyphen-minus before a number in the table
    assert '<td class="num">\u22128</td>' in page  # the target's change
    assert '<td class="num">-8</td>' not in page
    assert "\u22122" in page  # the buffer's change
    # WDQ explained in plain Swedish
    assert "Viktad förflyttningskvot" in page
    assert "WDQ visar om problemet flyttade till buffertzonen" in page
    # the chart: inline SVG, titled and described, each bar with its number
    assert '<svg class="eval-chart__svg"' in page
    assert '<title id="eval-chart-t">Händelser före och efter, per område</title>' in page
    assert "Målområde: Centrum: 12 före, 4 efter" in page
    assert 'fill="url(#eval-hatch)"' in page
    assert "style=" not in page.split('<svg class="eval-chart__svg"')[1].split("</svg>")[0]


# --- 7. the Swedish of the lists and history ---------------------------------------------------


def test_an_empty_list_without_filters_says_there_are_none_yet(client: Any, world: Any) -> None:
    flen = world.flen
    client.force_login(flen.coordinator)
    body = client.get(url(flen, "list"), **SV).content.decode()
    assert "Inga insatser ännu." in body
    assert "Inga insatser matchar filtren." not in body
    filtered = client.get(url(flen, "list") + "?status=done", **SV).content.decode()
    assert "Inga insatser matchar filtren." in filtered


def test_the_list_and_history_read_naturally(client: Any, world: Any) -> None:
    flen = world.flen
    intervention = make_intervention(flen, due_date=None)
    client.force_login(flen.reporter)
    mine = client.get(url(flen, "mine"), **SV).content.decode()
    assert "äger eller medverkar i." in mine
    assert "där dessa medverkar" not in mine
    assert "table-scroll" in client.get(url(flen, "list"), **SV).content.decode()
    detail = client.get(url(flen, "detail", intervention), **SV).content.decode()
    assert "Skapad med status Föreslagen" in detail
    client.force_login(flen.coordinator)
    form = client.get(url(flen, "edit", intervention), **SV).content.decode()
    assert "(valfritt)" in form and "(valfri)" not in form
    listing = client.get(url(flen, "list"), **SV).content.decode()
    assert "Klar senast" in listing and "Klart senast" not in listing
