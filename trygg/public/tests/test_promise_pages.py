"""The public promise pages hold only what is published: no drafts, no open follow-ups, nothing
of another municipality, no reporters; small counts suppressed with no ratio to recover them."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone

from trygg.promises import services
from trygg.promises.tests.helpers import item_values, make_promise, published_promise

pytestmark = pytest.mark.django_db


def _get(client: Any, path: str) -> str:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def test_drafts_and_new_drafts_stay_off_the_public_pages(client: Any, world: Any) -> None:
    flen = world.flen
    make_promise(flen, first_year=2027, last_year=2027, title="Hemligt utkast")
    promise = published_promise(flen)
    draft = services.promise_new_version(
        actor=flen.coordinator, promise=promise, change_note="Nytt löfte om belysning."
    )
    services.promise_update(
        actor=flen.coordinator, version=draft, values={"title": "Ännu inte publicerad titel"}
    )
    pages = [
        _get(client, "/k/0482/"),
        _get(client, "/k/0482/medborgarloften/"),
        _get(client, f"/k/0482/medborgarloften/{promise.public_id}/"),
        _get(client, "/k/0482/medborgarloften.json"),
    ]
    for page in pages:
        assert "Hemligt utkast" not in page
        assert "Ännu inte publicerad titel" not in page
    assert "Tryggare stationsområde" in pages[2]
    # a version number that is a draft is not a public version
    response = client.get(f"/k/0482/medborgarloften/{promise.public_id}/?version=2")
    assert response.status_code == 404


def test_a_new_published_version_shows_with_its_history(client: Any, world: Any) -> None:
    flen = world.flen
    promise = published_promise(flen)
    draft = services.promise_new_version(
        actor=flen.coordinator, promise=promise, change_note="Belysningen i Salsta tillagd."
    )
    services.promise_update(actor=flen.coordinator, version=draft, values={"title": "Ny titel"})
    services.promise_agree_version(actor=flen.coordinator, promise=promise, agreed=True)
    services.promise_publish(actor=flen.coordinator, promise=promise)
    page = _get(client, f"/k/0482/medborgarloften/{promise.public_id}/")
    assert "Ny titel" in page and "Belysningen i Salsta tillagd." in page
    old = _get(client, f"/k/0482/medborgarloften/{promise.public_id}/?version=1")
    assert "Tryggare stationsområde" in old


def test_open_follow_ups_and_reporters_stay_internal(client: Any, world: Any) -> None:
    flen = world.flen
    promise = published_promise(flen)
    follow_up = services.round_open(
        actor=flen.coordinator,
        promise=promise,
        title="Uppföljning 2025",
        as_of=dt.date(2025, 12, 31),
    )
    item = promise.versions.get().items.get(responsible="police")
    services.item_report(
        actor=flen.police,
        follow_up=follow_up,
        item=item,
        party="police",
        done="Internt utkast till redovisning.",
        rating="yellow",
    )
    for path in (
        "/k/0482/",
        f"/k/0482/medborgarloften/{promise.public_id}/",
        "/k/0482/medborgarloften.json",
        "/k/0482/uppfoljningar.atom",
    ):
        page = _get(client, path)
        assert "Internt utkast till redovisning." not in page
        assert flen.police.username not in page


def test_nothing_of_another_municipality(client: Any, world: Any) -> None:
    published_promise(world.degerfors, title="Degerfors löfte")
    for path in ("/k/0482/", "/k/0482/medborgarloften/", "/k/0482/medborgarloften.json"):
        assert "Degerfors löfte" not in _get(client, path)
    assert "Degerfors löfte" in _get(client, "/k/1862/")
    promise = world.degerfors.municipality.promises.get()
    assert client.get(f"/k/0482/medborgarloften/{promise.public_id}/").status_code == 404


def _counted_item(tenant: Any, make_report: Any, reports: int, *, publishable: bool = True) -> Any:
    category = tenant.categories["klotter"]
    if not publishable:
        category.publishable = False
        category.save(update_fields=["publishable"])
    promise = make_promise(
        tenant, first_year=timezone.localdate().year, last_year=timezone.localdate().year
    )
    version = promise.versions.get()
    services.item_save(
        actor=tenant.coordinator,
        version=version,
        values=item_values(
            text="Mindre klotter i centrum",
            measure="category_count",
            category=category,
            area=tenant.centrum,
            target_direction="at_most",
            target_value=50,
            deadline=None,
            responsible="municipality",
        ),
    )
    # complete weeks of the current year, before this week
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    for n in range(reports):
        when = timezone.make_aware(
            dt.datetime.combine(monday - dt.timedelta(days=8 + n), dt.time(12))
        )
        if when.year != monday.year:
            pytest.skip("too early in the year for complete weeks")
        report = make_report(tenant, category=category, occurred_start=when)
        services_review(tenant, report)
    services.promise_set_status(actor=tenant.coordinator, promise=promise, status="agreed")
    services.promise_publish(actor=tenant.coordinator, promise=promise)
    return promise


def services_review(tenant: Any, report: Any) -> None:
    from trygg.reports.services import report_review

    report_review(actor=tenant.coordinator, report=report, decision="include")


def test_small_counts_are_suppressed_and_no_ratio_gives_them_away(
    client: Any, world: Any, make_report: Any
) -> None:
    flen = world.flen
    promise = _counted_item(flen, make_report, 3)
    page = _get(client, f"/k/0482/medborgarloften/{promise.public_id}/")
    assert "&lt; 5" in page
    assert "gånger" not in page and "times the rate" not in page
    data = json.loads(_get(client, "/k/0482/medborgarloften.json"))
    progress = data["promises"][0]["items"][0]["progress"]
    assert progress["count"] == "< 5"
    assert all(y["rate_ratio"] is None and y["change"] is None for y in progress["years"])
    # staff see the count itself
    client.force_login(flen.coordinator)
    staff = client.get(f"/m/0482/promises/{promise.public_id}/").content.decode()
    assert "&lt; 5" not in staff


def test_a_category_that_may_not_be_published_shows_no_count(
    client: Any, world: Any, make_report: Any
) -> None:
    promise = _counted_item(world.flen, make_report, 6, publishable=False)
    data = json.loads(_get(client, "/k/0482/medborgarloften.json"))
    assert data["promises"][0]["items"][0]["progress"] is None
    page = _get(client, f"/k/0482/medborgarloften/{promise.public_id}/")
    assert "Mindre klotter i centrum" in page
    assert ">6<" not in page and " 6 " not in page


def test_noindex_follows_the_municipality_setting(client: Any, world: Any) -> None:
    municipality = world.flen.municipality
    response = client.get("/k/0482/")
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    municipality.public_indexing = True
    municipality.save(update_fields=["public_indexing"])
    from django.core.cache import cache

    cache.clear()
    response = client.get("/k/0482/")
    assert "X-Robots-Tag" not in response
    again = client.get("/k/0482/")  # from the cache: the header is kept with the page
    assert "X-Robots-Tag" not in again


def test_the_feed_lists_published_follow_ups(client: Any, world: Any) -> None:
    flen = world.flen
    promise = published_promise(flen)
    follow_up = services.round_open(
        actor=flen.coordinator,
        promise=promise,
        title="Uppföljning 2025",
        as_of=dt.date(2025, 12, 31),
    )
    items = promise.versions.get().items.all()
    for item in items:
        for party in item.reporting_parties():
            actor = flen.police if party == "police" else flen.coordinator
            services.item_report(
                actor=actor,
                follow_up=follow_up,
                item=item,
                party=party,
                done="Gjort.",
                rating="green",
            )
    services.round_sign_off(
        actor=flen.coordinator,
        follow_up=follow_up,
        party="municipality",
        name="Per Berg",
        title="Ordförande",
    )
    services.round_sign_off(
        actor=flen.police,
        follow_up=follow_up,
        party="police",
        name="Lena Lind",
        title="Lokalpolisområdeschef",
    )
    assert "Uppföljning 2025" not in _get(client, "/k/0482/uppfoljningar.atom")
    services.round_publish(actor=flen.coordinator, follow_up=follow_up)
    from django.core.cache import cache

    cache.clear()
    feed = _get(client, "/k/0482/uppfoljningar.atom")
    assert "Uppföljning 2025" in feed and f"urn:uuid:{follow_up.public_id}" in feed
    page = _get(client, f"/k/0482/medborgarloften/{promise.public_id}/")
    assert "Lena Lind, Lokalpolisområdeschef" in page


def test_a_publication_shows_at_once_despite_the_cache(
    client: Any, world: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TRYGG_PUBLIC_CACHE_SECONDS = 300
    flen = world.flen
    assert "Tryggare stationsområde" not in _get(client, "/k/0482/")  # cached: no promise
    with django_capture_on_commit_callbacks(execute=True):
        published_promise(flen)
    assert "Tryggare stationsområde" in _get(client, "/k/0482/")


def test_the_agreement_in_force_is_shown_not_the_coming_one(client: Any, world: Any) -> None:
    flen = world.flen
    today = timezone.localdate()
    for title, start, end in (
        (
            "Gällande överenskommelse",
            today.replace(year=today.year - 1),
            today.replace(year=today.year + 1),
        ),
        (
            "Kommande överenskommelse",
            today.replace(year=today.year + 2),
            today.replace(year=today.year + 4),
        ),
    ):
        agreement = services.agreement_create(
            actor=flen.coordinator,
            municipality=flen.municipality,
            values={
                "title": title,
                "period_start": start,
                "period_end": end,
                "focus_areas": "Centrum",
            },
            parties=[services.PartyInput("Kommunen"), services.PartyInput("Polisen")],
            signatories=[services.SignatoryInput("Anna Andersson", "Ordförande")],
        )
        services.agreement_sign(actor=flen.coordinator, version=agreement.versions.get())
    page = _get(client, "/k/0482/samverkan/")
    assert "<h1>Gällande överenskommelse</h1>" in page
    # the coming one is announced, not shown
    assert "”Kommande överenskommelse”, gäller från" in page
    assert "<h1>Kommande överenskommelse</h1>" not in page
