"""Test helpers: a fake opener serving recorded Kolada answers (no network)."""

from __future__ import annotations

import io
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"


class FakeResponse(io.BytesIO):
    status = 200


class FakeOpener:
    """url -> fixture file name, bytes, or an HTTP status (int). Records the requests."""

    def __init__(self, routes: dict[str, Any]) -> None:
        self.routes = routes
        self.requests: list[urllib.request.Request] = []

    def __call__(self, request: urllib.request.Request, timeout: float) -> Any:
        self.requests.append(request)
        url = request.full_url
        answer = self.routes.get(url)
        if answer is None:
            raise urllib.error.HTTPError(url, 404, "Not Found", {}, None)  # type: ignore[arg-type]
        if isinstance(answer, int):
            raise urllib.error.HTTPError(url, answer, "Error", {}, None)  # type: ignore[arg-type]
        if isinstance(answer, bytes):
            return FakeResponse(answer)
        return FakeResponse((FIXTURES / answer).read_bytes())


BASE = "https://api.kolada.se/v2"
DATA_URL = f"{BASE}/data/kpi/N07403/municipality/0482,0004,0000/year/2022,2023"
ROUTES: dict[str, Any] = {
    f"{BASE}/kpi/N07403": "kolada_kpi_N07403.json",
    DATA_URL: "kolada_data_N07403_page1.json",
    DATA_URL + "?page=2&per_page=2": "kolada_data_N07403_page2.json",
}
