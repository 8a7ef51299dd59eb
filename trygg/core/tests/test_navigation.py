"""The main navigation: the quarterly analysis is linked, and every page says where you are
(aria-current="page" on its section's link; styled as a bar and bold, not by colour alone)."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def _current(body: str) -> list[str]:
    nav = body[
        body.index('class="main-nav"') : body.index("</nav>", body.index('class="main-nav"'))
    ]
    return re.findall(r'<a href="([^"]+)"[^>]*aria-current="page"', nav)


@pytest.mark.parametrize(
    ("path", "section"),
    [
        ("/m/0482/reports/new/", "/m/0482/reports/new/"),
        ("/m/0482/reports/mine/", "/m/0482/reports/mine/"),
        ("/m/0482/reports/", "/m/0482/reports/"),
        ("/m/0482/reports/map/", "/m/0482/reports/map/"),
        ("/m/0482/situation/week/", "/m/0482/situation/week/"),
        ("/m/0482/situation/snapshots/", "/m/0482/situation/week/"),
        ("/m/0482/situation/hotspots/", "/m/0482/situation/hotspots/"),
        ("/m/0482/situation/quarterly/", "/m/0482/situation/quarterly/"),
        ("/m/0482/situation/quarterly/ratings/", "/m/0482/situation/quarterly/"),
        ("/m/0482/situation/annual/", "/m/0482/situation/annual/"),
        ("/m/0482/review/", "/m/0482/review/"),
        ("/m/0482/settings/users/", "/m/0482/settings/"),
        ("/m/0482/settings/categories/", "/m/0482/settings/"),
    ],
)
def test_each_page_marks_its_section_once(client: Any, world: Any, path: str, section: str) -> None:
    client.force_login(world.flen.coordinator)
    response = client.get(path)
    assert response.status_code == 200, path
    assert _current(response.content.decode()) == [section]


def test_quarterly_analysis_is_in_the_navigation_for_who_may_see_it(
    client: Any, world: Any
) -> None:
    client.force_login(world.flen.partner)
    body = client.get("/m/0482/reports/mine/").content.decode()
    assert '<a href="/m/0482/situation/quarterly/">Kvartalsanalys</a>' in body
    client.force_login(world.flen.reporter)
    body = client.get("/m/0482/reports/mine/").content.decode()
    assert "/situation/quarterly/" not in body


def test_the_start_page_marks_no_section(client: Any, world: Any) -> None:
    client.force_login(world.flen.reporter)
    assert _current(client.get("/m/0482/").content.decode()) == []


def test_you_are_here_is_not_colour_alone() -> None:
    from pathlib import Path

    css = (Path(__file__).resolve().parents[3] / "static" / "css" / "trygg.css").read_text()
    rule = re.search(r'\.main-nav a\[aria-current="page"\] \{([^}]*)\}', css)
    assert rule and "border-bottom" in rule.group(1) and "font-weight: 700" in rule.group(1)
