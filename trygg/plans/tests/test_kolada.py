"""The Kolada client against recorded answers (no network)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from trygg.plans import kolada
from trygg.plans.tests.helpers import BASE, DATA_URL, ROUTES, FakeOpener
from trygg.plans.tests.test_statistics_files import REGIONS


def fetch(routes, kpis=("N07403",), years=(2022, 2023)):
    opener = FakeOpener(routes)
    client = kolada.KoladaClient(site_url="https://trygg.example", opener=opener)
    rows = kolada.fetch_rows(
        client, kpis=list(kpis), municipality_code="0482", years=list(years), regions=REGIONS
    )
    return rows, opener


def test_follows_next_page_skips_nulls_and_names_regions() -> None:
    rows, opener = fetch(ROUTES)
    assert [(r.region_kind, r.region_code, r.period, r.rate) for r in rows] == [
        ("municipality", "0482", 2022, Decimal("12543.20")),
        ("county", "0004", 2022, Decimal("11870.90")),
        ("national", "0000", 2022, Decimal("12660.00")),
        ("municipality", "0482", 2023, Decimal("13010.40")),
    ]
    assert {r.measure_name for r in rows} == {"Anmälda brott totalt, antal/100 000 inv"}
    assert all(r.count is None and r.source == "kolada" for r in rows)
    assert [r.full_url for r in opener.requests] == [
        f"{BASE}/kpi/N07403",
        DATA_URL,
        DATA_URL + "?page=2&per_page=2",
    ]
    assert opener.requests[0].get_header("User-agent") == "Trygg (https://trygg.example)"


def test_region_ids_kommun_county_nation() -> None:
    assert kolada.region_ids_for("0482", REGIONS) == ["0482", "0004", "0000"]
    assert kolada.region_ids_for("1862", REGIONS) == ["1862", "0018", "0000"]


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({f"{BASE}/kpi/N07403": 404}, "känner inte till"),
        ({DATA_URL: 500}, "HTTP 500"),
        ({DATA_URL: b"<html>oops</html>"}, "ogiltig JSON"),
        ({DATA_URL: b'{"values": "nope"}'}, "oväntat format"),
        ({DATA_URL: "kolada_data_bad_value.json"}, "inte är ett tal"),
        ({f"{BASE}/kpi/N07403": b'{"count": 0, "values": []}'}, "N07403"),
        (
            {DATA_URL: b'{"values": [], "next_page": "http://evil.example/x"}'},
            "annan adress",
        ),
    ],
)
def test_errors_become_swedish_messages(change, needle) -> None:
    with translation.override("sv"), pytest.raises(kolada.KoladaError) as caught:
        fetch({**ROUTES, **change})
    assert needle in caught.value.message


def test_unreachable() -> None:
    def opener(request, timeout):
        raise TimeoutError

    client = kolada.KoladaClient(site_url="http://x", opener=opener)
    with translation.override("sv"), pytest.raises(kolada.KoladaError) as caught:
        client.kpi_title("N07403")
    assert "gick inte att nå" in caught.value.message
