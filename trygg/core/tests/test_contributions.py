"""Contribution slots: a higher app shows its data on a lower app's page without the lower app
importing it (here: a stand-in for the interventions app on the weekly picture)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from django.utils.html import format_html

from trygg.core import contributions


def _interventions(request: Any, *, area: Any, week: Any, municipality: Any) -> str:
    return format_html(
        '<p class="contributed">Insatser i {} vecka {}: {}</p>', area.name, week.week, "<b>"
    )


@pytest.fixture
def provider() -> Iterator[None]:
    contributions.register("situation.weekly.area", _interventions)
    yield
    contributions.unregister("situation.weekly.area", _interventions)


@pytest.mark.django_db
def test_weekly_picture_shows_what_a_provider_contributes_per_area(
    client: Any, world: Any, provider: None
) -> None:
    flen = world.flen
    client.force_login(flen.coordinator)
    body = client.get(reverse("situation:weekly", args=[flen.municipality.code])).content.decode()
    assert body.count('class="contributed"') == 2  # Centrum and Norr
    assert "Insatser i Centrum vecka" in body
    assert "&lt;b&gt;" in body  # the provider's values are escaped by format_html


@pytest.mark.django_db
def test_without_providers_the_slot_is_empty(client: Any, world: Any) -> None:
    flen = world.flen
    client.force_login(flen.coordinator)
    body = client.get(reverse("situation:weekly", args=[flen.municipality.code])).content.decode()
    assert 'class="contributed"' not in body


def test_unknown_slots_and_unescaped_text_are_refused() -> None:
    with pytest.raises(KeyError):
        contributions.register("situation.weekly.typo", _interventions)

    def raw(request: Any, **kwargs: Any) -> str:
        return "<script>alert(1)</script>"

    contributions.register("situation.weekly.aside", raw)
    try:
        with pytest.raises(TypeError):
            contributions.render("situation.weekly.aside", None, week=None, municipality=None)
    finally:
        contributions.unregister("situation.weekly.aside", raw)


def test_registering_twice_contributes_once() -> None:
    def one(request: Any, **kwargs: Any) -> str:
        return format_html("<i>{}</i>", "x")

    contributions.register("situation.weekly.aside", one)
    contributions.register("situation.weekly.aside", one)
    try:
        html = contributions.render("situation.weekly.aside", None)
        assert html == "<i>x</i>"
    finally:
        contributions.unregister("situation.weekly.aside", one)
