"""The public door: /k/<kommunkod>/ and the public_view decorator behind it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings as django_settings

from trygg.accounts.choices import ReportingFrequency
from trygg.accounts.services import organisation_create
from trygg.places.models import Municipality
from trygg.public import decorators

pytestmark = pytest.mark.django_db

FLEN = "/k/0482/"


def body(response: Any) -> str:
    return response.content.decode()


def text(response: Any) -> str:
    """The page as read: tags removed, white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", body(response)).split())


# --- the page ---------------------------------------------------------------------------------


def test_anonymous_gets_the_swedish_page(client: Any, world: Any) -> None:
    response = client.get(FLEN)
    assert response.status_code == 200
    html = body(response)
    assert '<html lang="sv">' in html
    assert "<h1>Trygghetsarbetet i Flen</h1>" in html
    assert "3 organisationer deltar" in text(response)
    assert "Logga in (för samverkanspartner)" in text(response)


def test_noindex_in_meta_and_header(client: Any, world: Any) -> None:
    response = client.get(FLEN)
    assert '<meta name="robots" content="noindex">' in body(response)
    assert response["X-Robots-Tag"] == "noindex"
    cached = client.get(FLEN)  # a cache hit carries the header too
    assert cached["X-Robots-Tag"] == "noindex"


def test_the_page_in_english(client: Any, world: Any) -> None:
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(FLEN)
    assert '<html lang="en">' in body(response)
    assert "<h1>Community safety in Flen</h1>" in body(response)
    assert "3 organisations take part" in text(response)
    assert "Log in (for partners)" in text(response)
    assert "Trygghetsarbetet" not in body(response)


def test_english_from_accept_language_and_cached_apart_from_swedish(
    client: Any, world: Any
) -> None:
    assert "Trygghetsarbetet i Flen" in body(client.get(FLEN))
    english = client.get(FLEN, headers={"accept-language": "en"})
    assert "Community safety in Flen" in body(english)
    assert "Trygghetsarbetet i Flen" in body(client.get(FLEN))


def test_counts_active_organisations_of_this_municipality_only(client: Any, world: Any) -> None:
    flen, degerfors = world.flen, world.degerfors
    flen.org_housing.active = False  # left the collaboration
    flen.org_housing.save()
    organisation_create(  # takes part without a weekly reporting duty: counted
        actor=world.admin,
        municipality=flen.municipality,
        name="Trygghetsrådet",
        type="other",
        reporting_frequency=ReportingFrequency.NONE,
    )
    organisation_create(
        actor=world.admin, municipality=degerfors.municipality, name="Skolan", type="school"
    )
    assert "3 organisationer deltar" in text(client.get(FLEN))
    assert "4 organisationer deltar" in text(client.get("/k/1862/"))


def test_one_organisation_is_singular(client: Any, world: Any) -> None:
    for org in (world.flen.org_housing, world.flen.org_police):
        org.active = False
        org.save()
    assert "1 organisation deltar" in text(client.get(FLEN))


@pytest.mark.parametrize("code", ["9999", "0480", "482", "04820", "abcd", "０４８２"])
def test_unknown_or_malformed_code_is_404(client: Any, world: Any, code: str) -> None:
    assert client.get(f"/k/{code}/").status_code == 404


def test_demo_municipality_is_public_only_in_demo_mode(
    client: Any, world: Any, settings: Any
) -> None:
    Municipality.objects.filter(code="0482").update(is_demo=True)
    settings.DEMO_MODE = False
    assert client.get(FLEN).status_code == 404
    settings.DEMO_MODE = True
    assert client.get(FLEN).status_code == 200


# --- read-only, no user, no cookies -----------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_only_get_and_head(client: Any, world: Any, method: str) -> None:
    response = getattr(client, method)(FLEN)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_post_is_405_with_csrf_checks_on(world: Any) -> None:
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(FLEN)
    assert response.status_code == 405


def test_head_is_allowed(client: Any, world: Any) -> None:
    assert client.head(FLEN).status_code == 200


def test_no_cookies_and_the_same_page_for_a_logged_in_user(client: Any, world: Any) -> None:
    anonymous = client.get(FLEN)
    assert anonymous.cookies == {} and "Set-Cookie" not in anonymous
    from django.core.cache import cache

    cache.clear()
    client.force_login(world.flen.coordinator)
    session_key = client.session.session_key
    logged_in = client.get(FLEN)
    assert logged_in.status_code == 200
    assert logged_in.cookies == {}
    assert body(logged_in) == body(anonymous)
    assert world.flen.coordinator.username not in body(logged_in)
    assert client.session.session_key == session_key


def test_cache_and_vary_headers(client: Any, world: Any) -> None:
    response = client.get(FLEN)
    assert "public" in response["Cache-Control"]
    assert f"max-age={django_settings.TRYGG_PUBLIC_CACHE_SECONDS}" in response["Cache-Control"]
    vary = {v.strip() for v in response["Vary"].split(",")}
    assert {"Accept-Language", "Cookie"} <= vary


def test_csp_clean(client: Any, world: Any) -> None:
    response = client.get(FLEN)
    assert "default-src 'self'" in response["Content-Security-Policy"]
    html = body(response)
    assert "<script" not in html and "style=" not in html and "<style" not in html


# --- cache ------------------------------------------------------------------------------------


def test_cache_hit_does_not_query_the_database(
    client: Any, world: Any, django_assert_num_queries: Any
) -> None:
    first = client.get(FLEN)
    with django_assert_num_queries(0):
        second = client.get(FLEN)
    assert second.status_code == 200 and second.content == first.content


def test_cached_page_is_served_until_it_expires(client: Any, world: Any, settings: Any) -> None:
    client.get(FLEN)
    world.flen.org_police.active = False
    world.flen.org_police.save()
    assert "3 organisationer" in text(client.get(FLEN))  # within the TTL
    settings.TRYGG_PUBLIC_CACHE_SECONDS = 0  # no caching at all
    assert "2 organisationer" in text(client.get(FLEN))


def test_404_is_not_cached(client: Any, world: Any, django_assert_num_queries: Any) -> None:
    client.get("/k/9999/")
    with django_assert_num_queries(1):
        assert client.get("/k/9999/").status_code == 404


# --- rate limit -------------------------------------------------------------------------------


@pytest.fixture
def limit_three(settings: Any, monkeypatch: Any) -> Any:
    settings.TRYGG_PUBLIC_RATE_LIMIT = 3
    settings.TRYGG_PUBLIC_RATE_WINDOW = 60
    clock = {"now": 6_000_000.0}  # the start of a window
    monkeypatch.setattr(decorators, "_now", lambda: clock["now"])
    return clock


def test_rate_limit_per_client_address(client: Any, world: Any, limit_three: Any) -> None:
    for _ in range(3):
        assert client.get(FLEN, REMOTE_ADDR="192.0.2.10").status_code == 200
    limited = client.get(FLEN, REMOTE_ADDR="192.0.2.10")
    assert limited.status_code == 429
    assert limited["Retry-After"] == "60"
    assert "no-store" in limited["Cache-Control"]
    html = body(limited)
    assert "För många förfrågningar" in html and "Too many requests" in html
    assert "<script" not in html and "style=" not in html
    # another address is not affected; other public URLs of the same address are
    assert client.get(FLEN, REMOTE_ADDR="192.0.2.11").status_code == 200
    assert client.get("/k/1862/", REMOTE_ADDR="192.0.2.10").status_code == 429
    limit_three["now"] += 45
    assert client.get(FLEN, REMOTE_ADDR="192.0.2.10")["Retry-After"] == "15"
    limit_three["now"] += 15  # the next window
    assert client.get(FLEN, REMOTE_ADDR="192.0.2.10").status_code == 200


def test_rate_limit_counts_ipv6_per_64(client: Any, world: Any, limit_three: Any) -> None:
    for host in ("1", "2", "3"):
        assert client.get(FLEN, REMOTE_ADDR=f"2001:db8:1:2::{host}").status_code == 200
    assert client.get(FLEN, REMOTE_ADDR="2001:db8:1:2::ffff").status_code == 429
    assert client.get(FLEN, REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


def test_forwarded_headers_are_not_trusted(client: Any, world: Any, limit_three: Any) -> None:
    for n in range(3):
        client.get(FLEN, REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    response = client.get(FLEN, REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert response.status_code == 429


def test_rate_limit_answers_before_the_cache(
    client: Any, world: Any, limit_three: Any, django_assert_num_queries: Any
) -> None:
    for _ in range(3):
        client.get(FLEN)
    with django_assert_num_queries(0):
        assert client.get(FLEN).status_code == 429


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("192.0.2.1", "192.0.2.1"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.1", "192.0.2.1"),
        ("", "unknown"),
        ("not an address", "unknown"),
    ],
)
def test_client_address(rf: Any, raw: str, key: str) -> None:
    assert decorators.client_address(rf.get("/", REMOTE_ADDR=raw)) == key


# --- the language switch ----------------------------------------------------------------------


def test_language_switch_sets_the_site_language_cookie(client: Any, world: Any) -> None:
    response = client.post("/k/language/", {"language": "en", "next": FLEN})
    assert response.status_code == 302 and response["Location"] == FLEN
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in body(client.get(FLEN))


def test_language_switch_form_on_the_page_has_no_csrf_token(client: Any, world: Any) -> None:
    html = body(client.get(FLEN))
    assert 'action="/k/language/"' in html and "csrfmiddlewaretoken" not in html


def test_language_switch_refuses_cross_site_posts(client: Any, world: Any) -> None:
    data = {"language": "en", "next": FLEN}
    evil = client.post("/k/language/", data, headers={"origin": "https://evil.example"})
    assert evil.status_code == 403
    cross = client.post("/k/language/", data, headers={"sec-fetch-site": "cross-site"})
    assert cross.status_code == 403
    same = client.post("/k/language/", data, headers={"origin": "http://testserver"})
    assert same.status_code == 302
    assert client.get("/k/language/").status_code == 405


def test_language_switch_does_not_redirect_off_site(client: Any, world: Any) -> None:
    response = client.post("/k/language/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302 and "evil" not in response["Location"]


# --- the legend every public table of counts shows ---------------------------------------------


def test_suppression_legend_renders_in_both_languages() -> None:
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("sv"):
        sv = render_to_string("public/_suppression_legend.html", {"threshold": 5})
    with translation.override("en"):
        en = render_to_string("public/_suppression_legend.html", {})
    assert "&lt; 5" in sv and "färre än 5" in sv and "räknas fram ur summorna" in sv
    assert "&lt; 5" in en and "fewer than 5" in en and "worked out from the totals" in en
