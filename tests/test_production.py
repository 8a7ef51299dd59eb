"""The production path, run as docs/operations.md describes it: static files collected with the
production storage, gunicorn serving the login page with debug and demo off, /healthz/, and a
leftover development `.env` that must not switch debug or the demo logins on."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.db import DatabaseError
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = Path(PYTHON).with_name("gunicorn")


def production_env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TRYGG_", "DJANGO_", "PYTEST", "DATABASE_URL"))
    }
    env.update(
        TRYGG_SECRET_KEY="production-test-" + "x" * 40,
        TRYGG_ALLOWED_HOSTS="127.0.0.1,localhost",
        TRYGG_SSL_REDIRECT="0",  # TLS ends at the proxy; the test talks plain HTTP
        TRYGG_STATIC_ROOT=str(tmp / "static"),
        DATABASE_URL=f"sqlite:///{tmp / 'trygg.sqlite3'}",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str) -> tuple[int, str, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository with a development `.env` left behind, as `make run` leaves
    it."""
    target = tmp_path_factory.mktemp("checkout") / "trygg"
    ignore = shutil.ignore_patterns(".venv", ".tools", "var", ".git", "__pycache__", "node_modules")
    shutil.copytree(ROOT, target, ignore=ignore)
    (target / ".env").write_text("TRYGG_DEBUG=1\nTRYGG_DEMO=1\n")
    return target


def test_a_leftover_dev_env_never_turns_debug_or_demo_on(checkout: Path, tmp_path: Path) -> None:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.DEMO_MODE, settings.PRODUCTION)"
    )
    env = production_env(tmp_path)
    result = subprocess.run(
        [PYTHON, "-c", code], cwd=checkout, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False", "True"]
    assert "TRYGG_DEBUG, TRYGG_DEMO in .env is ignored" in result.stderr
    # a development start (what every make target exports) still reads them
    env["TRYGG_PRODUCTION"] = "0"
    result = subprocess.run(
        [PYTHON, "-c", code], cwd=checkout, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["True", "True", "False"]


def test_collectstatic_and_gunicorn_serve_the_login_page(checkout: Path, tmp_path: Path) -> None:
    env = production_env(tmp_path)
    for args in (("collectstatic", "--noinput"), ("migrate", "--noinput")):
        result = manage(env, *args, cwd=checkout)
        assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "static" / "staticfiles.json").is_file()  # the manifest

    port = free_port()
    server = subprocess.Popen(
        [str(GUNICORN), "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=checkout,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                status, body, _headers = get(f"{base}/healthz/")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start")
        assert status == 200 and '"database": "ok"' in body

        status, body, headers = get(f"{base}/accounts/login/")
        assert status == 200
        assert "trygg-demo" not in body and "samordnare.flen" not in body  # no demo logins
        assert "Content-Security-Policy" in headers
        # a static file through whitenoise, under its hashed name from the manifest
        css = next(part for part in body.split('"') if part.endswith(".css"))
        assert css.startswith("/static/") and css.count(".") >= 2
        assert get(base + css)[0] == 200

        status, body, _headers = get(f"{base}/no-such-page/")
        assert status == 404 and "Traceback" not in body and "DEBUG" not in body
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(monkeypatch: Any) -> None:
    client = Client()
    assert client.get("/healthz/").status_code == 200

    from django.db.backends.utils import CursorWrapper

    def broken(self: Any, sql: str, params: Any = None) -> Any:
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "error"}
    assert response["Cache-Control"] == "no-store"
