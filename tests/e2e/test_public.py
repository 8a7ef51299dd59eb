"""The public start page of a municipality in a real browser: no login, axe-core (WCAG 2.1 AA)
clean at phone and desktop width in both languages, no CSP violation, and the language switch
works from a cached page (no CSRF token on it)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import describe, run_axe, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_public_start_page(
    world: Any, anonymous_page: Any, live_server: Any, viewport: str, lang: str
) -> None:
    page = anonymous_page(viewport, lang)
    response = page.goto(f"{live_server.url}/k/0482/")
    assert response is not None and response.status == 200
    assert response.headers["x-robots-tag"] == "noindex"
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").count() == 1
    heading = "Trygghetsarbetet i Flen" if lang == "sv" else "Community safety in Flen"
    assert page.locator("h1").inner_text() == heading
    # nothing wider than the phone: no horizontal scrolling
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"public-start-{lang}-{viewport}")
    violations = run_axe(page)
    assert violations == [], describe(violations)
    assert page.csp_violations == []  # type: ignore[attr-defined]


def test_public_language_switch(world: Any, anonymous_page: Any, live_server: Any) -> None:
    page = anonymous_page("phone", "sv")
    page.goto(f"{live_server.url}/k/0482/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}/k/0482/"
    assert page.locator("h1").inner_text() == "Community safety in Flen"
    page.get_by_role("button", name="Svenska").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Trygghetsarbetet i Flen"
    assert page.csp_violations == []  # type: ignore[attr-defined]
