"""A small client for Kolada's open API (``https://api.kolada.se/v2/``), stdlib only.

``fetch_rows`` fetches KPIs for a kommun, its county and the nation in one call per KPI and
turns them into ``StatRow`` objects like an uploaded Kolada file. Every failure (no answer, an
HTTP error, a body that is not the documented JSON, a value that is not a number) becomes a
``KoladaError`` with a message in the user's language; nothing else escapes. The opener is
injectable so that tests serve recorded responses (``tests/fixtures/kolada_*.json``).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Final, Protocol

from django.utils.translation import gettext as _

from trygg.plans.limits import MAX_MEASURE_NAME, MAX_YEAR, MIN_YEAR
from trygg.plans.statistics_files import (
    GENDERS,
    KPI_PATTERN,
    NATIONAL_CODE,
    RegionIndex,
    StatRow,
    county_id,
    kolada_value,
)

BASE_URL: Final = "https://api.kolada.se/v2"
TIMEOUT_SECONDS: Final = 15
MAX_PAGES: Final = 50
MAX_BODY_BYTES: Final = 10 * 1024 * 1024


@dataclass(frozen=True)
class Suggestion:
    kpi: str
    title: str


SUGGESTED_KPIS: Final = (
    Suggestion("N07403", "Anmälda brott totalt, antal/100 000 inv"),
    Suggestion("N07402", "Anmälda våldsbrott, antal/100 000 inv"),
)
"""Suggestions only: the title shown in the preview is the one Kolada returns."""


class KoladaError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Response(Protocol):
    status: int

    def read(self, amt: int = ...) -> bytes: ...


Opener = Callable[[urllib.request.Request, float], Any]


def _default_opener(request: urllib.request.Request, timeout: float) -> Any:
    return urllib.request.urlopen(request, timeout=timeout)  # noqa: S310


class KoladaClient:
    def __init__(self, *, site_url: str, opener: Opener | None = None) -> None:
        self.user_agent = f"Trygg ({site_url})"
        self.opener = opener or _default_opener

    def get_json(self, url: str) -> Any:
        if not url.startswith(BASE_URL + "/"):
            raise KoladaError(_("Kolada answered with a link to another address."))
        # the URL is checked above: https on Kolada's host only
        request = urllib.request.Request(  # noqa: S310
            url, headers={"User-Agent": self.user_agent, "Accept": "application/json"}
        )
        try:
            response = self.opener(request, TIMEOUT_SECONDS)
            try:
                body = response.read(MAX_BODY_BYTES + 1)
            finally:
                close = getattr(response, "close", None)
                if close:
                    close()
        except urllib.error.HTTPError as error:
            if error.code == 404:
                raise KoladaError(_("Kolada does not know this KPI or region (404).")) from error
            raise KoladaError(
                _("Kolada answered with an error (HTTP %(status)s). Try again later.")
                % {"status": error.code}
            ) from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise KoladaError(_("Kolada could not be reached. Try again later.")) from error
        if len(body) > MAX_BODY_BYTES:
            raise KoladaError(_("Kolada's answer was too large."))
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise KoladaError(_("Kolada's answer could not be read (not valid JSON).")) from error

    def kpi_title(self, kpi: str) -> str:
        data = self.get_json(f"{BASE_URL}/kpi/{kpi}")
        values = data.get("values") if isinstance(data, dict) else None
        if not isinstance(values, list) or not values or not isinstance(values[0], dict):
            raise KoladaError(_("Kolada does not know the KPI %(kpi)s.") % {"kpi": kpi})
        title = values[0].get("title")
        if not isinstance(title, str) or not title.strip():
            raise KoladaError(_("Kolada does not know the KPI %(kpi)s.") % {"kpi": kpi})
        return " ".join(title.split())[:MAX_MEASURE_NAME]

    def data(self, kpi: str, region_ids: Sequence[str], years: Sequence[int]) -> list[Any]:
        url = f"{BASE_URL}/data/kpi/{kpi}/municipality/{','.join(region_ids)}"
        if years:
            url += "/year/" + ",".join(str(y) for y in years)
        values: list[Any] = []
        for _page in range(MAX_PAGES):
            data = self.get_json(url)
            if not isinstance(data, dict) or not isinstance(data.get("values"), list):
                raise KoladaError(_("Kolada's answer has an unexpected shape."))
            values.extend(data["values"])
            next_page = data.get("next_page")
            if not next_page:
                return values
            if not isinstance(next_page, str):
                raise KoladaError(_("Kolada's answer has an unexpected shape."))
            url = next_page
        raise KoladaError(_("Kolada's answer has too many pages."))


def region_ids_for(municipality_code: str, regions: RegionIndex) -> list[str]:
    """The kommun, its county and the nation, as Kolada's ids."""
    ids = [municipality_code]
    county = regions.county_of.get(municipality_code)
    if county:
        ids.append(county_id(county))
    ids.append(NATIONAL_CODE)
    return ids


def _number(value: Any, kpi: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise KoladaError(_("Kolada sent a value that is not a number (%(kpi)s).") % {"kpi": kpi})
    try:
        number = Decimal(str(value))
    except InvalidOperation as error:
        raise KoladaError(
            _("Kolada sent a value that is not a number (%(kpi)s).") % {"kpi": kpi}
        ) from error
    if not number.is_finite() or number < 0:
        raise KoladaError(_("Kolada sent a value that is not a number (%(kpi)s).") % {"kpi": kpi})
    return number


def fetch_rows(
    client: KoladaClient,
    *,
    kpis: Iterable[str],
    municipality_code: str,
    years: Sequence[int],
    regions: RegionIndex,
) -> list[StatRow]:
    """Every value of the KPIs for the kommun, its county and the nation (all genders)."""
    ids = region_ids_for(municipality_code, regions)
    rows: list[StatRow] = []
    line = 0
    for kpi in kpis:
        if not KPI_PATTERN.fullmatch(kpi):
            raise KoladaError(_("A Kolada KPI id is a letter and five digits, e.g. N07403."))
        title = client.kpi_title(kpi)
        for item in client.data(kpi, ids, years):
            if not isinstance(item, dict):
                raise KoladaError(_("Kolada's answer has an unexpected shape."))
            region = regions.by_id(str(item.get("municipality", "")))
            period = item.get("period")
            if region is None or not isinstance(period, int) or isinstance(period, bool):
                continue  # a region or period we did not ask for
            if not MIN_YEAR <= period <= MAX_YEAR:
                continue
            for entry in item.get("values") or []:
                if not isinstance(entry, dict):
                    raise KoladaError(_("Kolada's answer has an unexpected shape."))
                gender = str(entry.get("gender") or "T").upper()
                if gender not in GENDERS:
                    continue
                value = _number(entry.get("value"), kpi)
                if value is None:
                    continue  # Kolada has no figure for this year
                count, rate = kolada_value(title, value)
                if count is None and rate is None:
                    raise KoladaError(
                        _("Kolada sent a value that is not a number (%(kpi)s).") % {"kpi": kpi}
                    )
                line += 1
                rows.append(
                    StatRow(
                        line,
                        "kolada",
                        kpi,
                        title,
                        region.kind,
                        region.code,
                        region.name,
                        period,
                        gender,
                        count,
                        rate,
                    )
                )
    return rows
