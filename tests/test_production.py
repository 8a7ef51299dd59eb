"""Production starts as documented (issue 7): a production-mode collectstatic, gunicorn serving
the login page and /healthz/ with DEBUG and demo mode off, /healthz/ answering 503 without a
database, and the .env rule. Everything runs as subprocesses with a production environment
(TRYGG_PRODUCTION unset, as docs/operations.md says), never with this test process's settings.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SECRET = "test-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def production_env(**extra: str) -> dict[str, str]:
    """This machine's environment without any Trygg setting or database (so the settings see
    what a production start sees), plus `extra`."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("TRYGG_") and k != "DATABASE_URL"
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(PYTHONUNBUFFERED="1", **extra)
    return env


def manage(
    *args: str, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@dataclass
class Site:
    static_root: Path
    env: dict[str, str]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A production-mode collectstatic into a temp dir and a migrated temp SQLite database."""
    base = tmp_path_factory.mktemp("production")
    env = production_env(
        TRYGG_SECRET_KEY=SECRET,
        TRYGG_STATIC_ROOT=str(base / "static"),
        TRYGG_MEDIA_ROOT=str(base / "media"),
        DATABASE_URL=f"sqlite:///{base / 'trygg.sqlite3'}",
    )
    collected = manage("collectstatic", "--noinput", "-v0", env=env)
    assert collected.returncode == 0, collected.stderr[-3000:]
    migrated = manage("migrate", "--noinput", "-v0", env=env)
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    return Site(static_root=base / "static", env=env)


def test_collectstatic_in_production_mode(site: Site) -> None:
    manifest = json.loads((site.static_root / "staticfiles.json").read_text())
    paths = manifest["paths"]
    for name in (
        "vendor/leaflet/leaflet.js",
        "vendor/leaflet.markercluster/leaflet.markercluster.js",
        "vendor/htmx/htmx.min.js",
        "css/trygg.css",
    ):
        hashed = paths[name]
        assert hashed != name and (site.static_root / hashed).is_file()
        assert (site.static_root / f"{hashed}.gz").is_file()  # WhiteNoise's compressed copy


def test_no_static_file_points_at_a_missing_source_map() -> None:
    """The manifest storage fails on a `sourceMappingURL` whose .map file is not there (the
    vendored Leaflet files had them; static/vendor/VERSIONS.md)."""
    offenders = []
    for path in (ROOT / "static").rglob("*"):
        if path.suffix in {".js", ".css"}:
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                if "sourceMappingURL=" in line:
                    target = line.split("sourceMappingURL=", 1)[1].strip(" */")
                    if not target.startswith("data:") and not (path.parent / target).is_file():
                        offenders.append(f"{path.relative_to(ROOT)} → {target}")
    assert offenders == []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def get(url: str, **headers: str) -> Response:
    request = urllib.request.Request(url, headers=headers)
    try:
        with OPENER.open(request, timeout=10) as reply:
            return Response(reply.status, dict(reply.headers), reply.read().decode())
    except urllib.error.HTTPError as error:
        return Response(error.code, dict(error.headers), error.read().decode())


@contextlib.contextmanager
def gunicorn(env: dict[str, str]) -> Iterator[str]:
    """gunicorn with the project's config file (as make serve and the Dockerfile), one worker,
    on a free port; yields the base URL once /healthz/ answers at all."""
    port = free_port()
    env = {**env, "TRYGG_BIND": f"127.0.0.1:{port}", "TRYGG_WEB_WORKERS": "1"}
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            [PY, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )

        def output() -> str:
            log.seek(0)
            return log.read()[-3000:]

        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                if process.poll() is not None:
                    pytest.fail(f"gunicorn exited with {process.returncode}:\n{output()}")
                try:
                    get(f"{base}/healthz/")
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        pytest.fail(f"gunicorn did not answer within 90 s:\n{output()}")
                    time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_gunicorn_serves_the_login_page_with_debug_and_demo_off(site: Site) -> None:
    with gunicorn({**site.env, "TRYGG_TRUST_PROXY": "1"}) as base:
        health = get(f"{base}/healthz/")
        assert health.status == 200 and json.loads(health.body)["status"] == "ok"
        # behind the TLS proxy (X-Forwarded-Proto), as in production
        login = get(f"{base}/accounts/login/", **{"X-Forwarded-Proto": "https"})
        assert login.status == 200
        assert '<html lang="sv">' in login.body and "Logga in" in login.body
        assert "trygg-demo" not in login.body and "samordnare.flen" not in login.body
        assert "Strict-Transport-Security" in login.headers  # production's security headers
        # the stylesheet through WhiteNoise, by its hashed name from the manifest
        [css] = [p for p in login.body.split('"') if p.startswith("/static/css/trygg.")]
        assert css != "/static/css/trygg.css"
        assert get(f"{base}{css}", **{"X-Forwarded-Proto": "https"}).status == 200
        # DEBUG off: a missing page is the plain 404, not Django's debug page
        missing = get(f"{base}/no-such-page/", **{"X-Forwarded-Proto": "https"})
        assert missing.status == 404
        assert "DEBUG = True" not in missing.body and "URLconf" not in missing.body
        # plain HTTP is redirected to HTTPS, except the health check (probes use the address)
        plain = get(f"{base}/accounts/login/")
        assert plain.status == 301 and plain.headers["Location"].startswith("https://")
        assert get(f"{base}/healthz/", Host="10.0.0.7:8000").status == 200


def test_security_headers_browsable_api_and_untrusted_proxy_header(site: Site) -> None:
    """Issue 8: Permissions-Policy, JSON only from the API, X-Forwarded-Proto trusted only
    with TRYGG_TRUST_PROXY=1."""
    with gunicorn(site.env) as base:
        # no TRYGG_TRUST_PROXY: a client's own X-Forwarded-Proto does not make it HTTPS
        spoofed = get(f"{base}/accounts/login/", **{"X-Forwarded-Proto": "https"})
        assert spoofed.status == 301 and spoofed.headers["Location"].startswith("https://")
    with gunicorn({**site.env, "TRYGG_TRUST_PROXY": "1"}) as base:
        https = {"X-Forwarded-Proto": "https"}
        login = get(f"{base}/accounts/login/", **https)
        assert login.status == 200
        policy = {
            part.split("=", 1)[0].strip(): part.split("=", 1)[1].strip()
            for part in login.headers["Permissions-Policy"].split(",")
        }
        assert policy["geolocation"] == "(self)"
        assert policy["camera"] == "()" and policy["microphone"] == "()"
        assert policy["payment"] == "()" and policy["usb"] == "()"
        # a browser asking the API for HTML gets JSON, not the browsable API's forms
        browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
        api = get(f"{base}/api/v1/reports/", Accept=browser, **https)
        assert api.status in (401, 403)
        assert api.headers["Content-Type"].startswith("application/json")
        assert "<html" not in api.body.lower()


def test_the_browsable_api_is_only_in_development() -> None:
    from django.conf import settings

    renderers = settings.REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"]
    assert renderers[0] == "rest_framework.renderers.JSONRenderer"
    assert ("rest_framework.renderers.BrowsableAPIRenderer" in renderers) == settings.DEBUG


def test_healthz_is_503_when_the_database_is_unreachable(site: Site) -> None:
    unreachable = f"postgres://trygg@127.0.0.1:{free_port()}/trygg"  # nothing listens there
    with gunicorn({**site.env, "DATABASE_URL": unreachable}) as base:
        health = get(f"{base}/healthz/")
        assert health.status == 503
        assert json.loads(health.body) == {"status": "unavailable", "database": "error"}


# ---------------------------------------------------------------------------------------------
# The .env rule: .env is read only when the real environment has TRYGG_PRODUCTION=0.

PROBE = (
    "import json; from django.conf import settings; "
    "print(json.dumps([settings.DEBUG, settings.DEMO_MODE, settings.PRODUCTION]))"
)


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The settings package in a directory of its own, with the .env that `make run` writes
    (the real checkout's .env is never touched)."""
    base = tmp_path_factory.mktemp("checkout")
    shutil.copytree(ROOT / "config", base / "config", ignore=shutil.ignore_patterns("__pycache__"))
    (base / ".env").write_text("TRYGG_DEBUG=1\nTRYGG_DEMO=1\n")
    return base


def settings_in(checkout: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PY, "-c", PROBE],
        cwd=checkout,
        env=production_env(DJANGO_SETTINGS_MODULE="config.settings", **env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def flags(result: subprocess.CompletedProcess[str]) -> list[bool]:
    assert result.returncode == 0, result.stderr[-2000:]
    return list(json.loads(result.stdout))


def test_a_leftover_env_never_switches_debug_or_demo_on_in_production(checkout: Path) -> None:
    # TRYGG_PRODUCTION unset (docs/operations.md) or 1: .env is ignored
    assert flags(settings_in(checkout, TRYGG_SECRET_KEY=SECRET)) == [False, False, True]
    assert flags(settings_in(checkout, TRYGG_SECRET_KEY=SECRET, TRYGG_PRODUCTION="1")) == [
        False,
        False,
        True,
    ]
    # and production still refuses to start without a secret key
    refused = settings_in(checkout)
    assert refused.returncode != 0 and "TRYGG_SECRET_KEY must be set" in refused.stderr


def test_the_env_cannot_declare_itself_non_production(checkout: Path, tmp_path: Path) -> None:
    shutil.copytree(checkout, tmp_path / "c")
    (tmp_path / "c" / ".env").write_text("TRYGG_PRODUCTION=0\nTRYGG_DEBUG=1\nTRYGG_DEMO=1\n")
    assert flags(settings_in(tmp_path / "c", TRYGG_SECRET_KEY=SECRET)) == [False, False, True]


def test_development_reads_the_env(checkout: Path) -> None:
    """With TRYGG_PRODUCTION=0 in the real environment (every make target) .env applies."""
    assert flags(settings_in(checkout, TRYGG_PRODUCTION="0")) == [True, True, False]
