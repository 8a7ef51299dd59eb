"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures are
# still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("TRYGG_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def _new_page(browser: Any, contexts: list[Any], viewport: str, lang: str) -> Any:
    """A fresh browser context and page that records console errors and CSP violations."""
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale=lang)
    contexts.append(context)
    page = context.new_page()
    page.csp_violations = []  # type: ignore[attr-defined]
    page.console_errors = []  # type: ignore[attr-defined]

    def on_console(msg: Any) -> None:
        if msg.type == "error":
            page.console_errors.append(msg.text)  # type: ignore[attr-defined]
            if "Content Security Policy" in msg.text:
                page.csp_violations.append(msg.text)  # type: ignore[attr-defined]

    page.on("console", on_console)
    # map tiles come from the network, which tests do not have: answer them locally
    page.route(
        "https://*.openstreetmap.org/**",
        lambda route: route.fulfill(status=200, content_type="image/png", body=_TRANSPARENT_PNG),
    )
    return page


@pytest.fixture
def page_for(browser: Any, live_server: Any) -> Iterator[Any]:
    """page_for(user, viewport="desktop", lang="sv") -> a logged-in Playwright page."""
    contexts: list[Any] = []

    def _make(user: Any, viewport: str = "desktop", lang: str = "sv") -> Any:
        page = _new_page(browser, contexts, viewport, lang)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", "pw-trygg-test-1")
        page.click("#main button[type=submit]")
        page.wait_for_load_state("networkidle")
        return page

    yield _make
    for context in contexts:
        context.close()


@pytest.fixture
def anonymous_page(browser: Any) -> Iterator[Any]:
    """anonymous_page(viewport="desktop", lang="sv") -> a page of a visitor who is not logged
    in (the browser's language as Accept-Language), for the public pages."""
    contexts: list[Any] = []

    def _make(viewport: str = "desktop", lang: str = "sv") -> Any:
        return _new_page(browser, contexts, viewport, lang)

    yield _make
    for context in contexts:
        context.close()


_TRANSPARENT_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100ffff03000006000557bfabd40000000049454e44ae426082"
)


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe-core with the WCAG 2.0/2.1 A and AA rules; returns the violations."""
    # evaluate() runs through the DevTools protocol, outside the page's CSP
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})"""
    )
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = [n["target"] for n in v["nodes"][:3]]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} – {targets}")
    return "\n".join(lines)


def screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
