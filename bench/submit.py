"""Report submission throughput through gunicorn (sync workers) on a SQLite file in WAL mode.

Usage:
    .venv/bin/python bench/submit.py [--workers 4] [--clients 8] [--requests 2000]
                                     [--port 8191] [--photos] [--profile]

Builds a fresh database under var/bench/submit/ (migrate + one municipality with users and a
token), starts gunicorn with config/gunicorn.conf.py, and lets N concurrent clients post reports
to ``POST /api/v1/reports/`` with a token (``--photos``: through the report form with a
session and a 1,600 x 1,200 JPEG). Prints throughput per second, p50/p99 latency, and every
status other than 201/302 as an error. ``--profile`` instead runs one API submission under
cProfile in-process and prints where its time goes.

The same functions serve ``tests/test_live_submissions.py`` (20 reports with photos in
parallel, zero errors). Numbers are recorded in docs/performance.md, never asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def server_env(db: Path, media: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST", "TRYGG_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{db}",
        TRYGG_PRODUCTION="0",
        TRYGG_DEBUG="0",
        TRYGG_DEMO="0",
        TRYGG_MEDIA_ROOT=str(media),
        TRYGG_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
    )
    return env


PREPARE = r"""
import json, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from rest_framework.authtoken.models import Token
from trygg.accounts.models import User
sys.path.insert(0, ".")
from conftest import build_tenant
admin = User.objects.create_superuser(username="admin", password="pw-trygg-admin-1")
flen = build_tenant("0482", admin, "flen")
token, _ = Token.objects.get_or_create(user=flen.reporter)
sessions = []
for _ in range(int(sys.argv[1])):
    s = SessionStore()
    s[SESSION_KEY] = str(flen.reporter.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = flen.reporter.get_session_auth_hash()
    s.create()
    sessions.append(s.session_key)
print(json.dumps({
    "token": token.key,
    "sessions": sessions,
    "category": str(flen.categories["skadegorelse"].public_id),
    "organisation": str(flen.org_housing.public_id),
    "lat": 59.058, "lon": 16.588,
}))
"""


def prepare(workdir: Path, *, sessions: int = 1) -> dict[str, Any]:
    """A fresh database in `workdir`: migrated, Flen with its users, a token, sessions."""
    if workdir.exists():
        shutil.rmtree(workdir)
    (workdir / "media").mkdir(parents=True)
    env = server_env(workdir / "db.sqlite3", workdir / "media")
    out = subprocess.run(
        [PY, "-c", PREPARE, str(sessions)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    info: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return info


@contextlib.contextmanager
def gunicorn(workdir: Path, *, port: int, workers: int = 4) -> Iterator[subprocess.Popen[bytes]]:
    env = server_env(workdir / "db.sqlite3", workdir / "media")
    env.update(TRYGG_BIND=f"127.0.0.1:{port}", TRYGG_WEB_WORKERS=str(workers))
    log = (workdir / "gunicorn.log").open("wb")
    process = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "-c",
            "config/gunicorn.conf.py",
            "--access-logfile",
            "/dev/null",
            "config.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _ = request(port, "GET", "/healthz/")
                if status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((workdir / "gunicorn.log").read_text(errors="replace"))
            time.sleep(0.2)
        # every worker has imported Django and opened its database once
        for _ in range(workers * 2):
            request(port, "GET", "/healthz/")
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    connection: http.client.HTTPConnection | None = None,
) -> tuple[int, bytes]:
    conn = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    if connection is None:
        conn.close()
    return response.status, data


def report_payload(info: dict[str, Any], number: int) -> dict[str, Any]:
    return {
        "category": info["category"],
        "occurred_start": f"2026-0{1 + number % 9}-1{number % 10}T21:30:00+01:00",
        "lat": info["lat"] + (number % 7) * 0.0005,
        "lon": info["lon"] + (number % 5) * 0.0005,
        "impact": 2,
        "certainty": "observed",
        "description": "Krossad ruta vid busshållplatsen.",
        "visibility": "partners",
    }


def post_api_report(
    port: int, info: dict[str, Any], number: int, conn: http.client.HTTPConnection | None = None
) -> tuple[int, bytes]:
    return request(
        port,
        "POST",
        "/api/v1/reports/?municipality=0482",
        body=json.dumps(report_payload(info, number)).encode(),
        headers={
            "Authorization": f"Token {info['token']}",
            "Content-Type": "application/json",
            "Accept-Language": "sv",
        },
        connection=conn,
    )


def jpeg(width: int = 1600, height: int = 1200, seed: int = 0) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), (40 + seed % 200, 90, 140))
    draw = ImageDraw.Draw(image)
    for i in range(0, width, 40):
        draw.line([(i, 0), (width - i, height)], fill=(255, (i + seed) % 255, 0), width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def _multipart(
    fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]
) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, content, ctype) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post_form_report_with_photo(
    port: int, info: dict[str, Any], session: str, number: int, photo: bytes
) -> tuple[int, bytes]:
    """The reporter's form (session + CSRF), a photo attached. 302 = saved."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    cookie = f"sessionid={session}"
    conn.request("GET", "/m/0482/reports/new/", headers={"Cookie": cookie})
    page = conn.getresponse()
    html = page.read().decode()
    csrf_cookie = ""
    for header, value in page.getheaders():
        if header.lower() == "set-cookie" and value.startswith("csrftoken="):
            csrf_cookie = value.split(";", 1)[0]
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if page.status != 200 or not match or not csrf_cookie:
        conn.close()
        return page.status, html.encode()
    payload = report_payload(info, number)
    fields = {
        "csrfmiddlewaretoken": match.group(1),
        "category": info["category"],
        "lat": str(payload["lat"]),
        "lon": str(payload["lon"]),
        "place": "",
        "area": "",
        "date": payload["occurred_start"][:10],
        "time_mode": "exact",
        "time": "21:30",
        "impact": "2",
        "certainty": "observed",
        "description": "Krossad ruta vid busshållplatsen.",
        "visibility": "partners",
        "organisation": info["organisation"],
    }
    body, ctype = _multipart(fields, {"photo": (f"p{number}.jpg", photo, "image/jpeg")})
    conn.request(
        "POST",
        "/m/0482/reports/new/",
        body=body,
        headers={
            "Cookie": f"{cookie}; {csrf_cookie}",
            "Content-Type": ctype,
            "Referer": f"http://127.0.0.1:{port}/m/0482/reports/new/",
            "Accept-Language": "sv",
        },
    )
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, status: int, body: bytes, seconds: float, ok: tuple[int, ...]) -> None:
        self.latencies.append(seconds)
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if status not in ok:
            self.errors.append(f"{status}: {body[:300]!r}")

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.latencies)

        def pct(p: float) -> float:
            return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000

        return {
            "requests": len(ordered),
            "seconds": round(self.seconds, 2),
            "per_second": round(len(ordered) / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(statistics.median(ordered) * 1000, 1) if ordered else None,
            "p99_ms": round(pct(0.99), 1) if ordered else None,
            "max_ms": round(ordered[-1] * 1000, 1) if ordered else None,
            "statuses": self.statuses,
            "errors": len(self.errors),
        }


def run_api_clients(port: int, info: dict[str, Any], *, clients: int, total: int) -> Run:
    """`clients` threads, each with a keep-alive connection, `total` API submissions in all."""
    run = Run()
    lock = threading.Lock()
    counter = iter(range(total))
    start = threading.Barrier(clients + 1)

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        start.wait()
        while True:
            with lock:
                number = next(counter, None)
            if number is None:
                break
            began = time.perf_counter()
            try:
                status, body = post_api_report(port, info, number, conn)
            except (OSError, http.client.HTTPException) as error:
                status, body = 0, repr(error).encode()
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            elapsed = time.perf_counter() - began
            with lock:
                run.add(status, body, elapsed, (201,))
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    run.seconds = time.perf_counter() - began
    return run


def run_photo_clients(
    port: int, info: dict[str, Any], *, total: int, size: tuple[int, int] = (1600, 1200)
) -> Run:
    """`total` reporters submit the form with a photo (`size` pixels) at the same moment."""
    run = Run()
    lock = threading.Lock()
    photos = [jpeg(*size, seed=i) for i in range(total)]
    start = threading.Barrier(total + 1)

    def client(number: int) -> None:
        start.wait()
        began = time.perf_counter()
        try:
            status, body = post_form_report_with_photo(
                port, info, info["sessions"][number % len(info["sessions"])], number, photos[number]
            )
        except (OSError, http.client.HTTPException) as error:
            status, body = 0, repr(error).encode()
        elapsed = time.perf_counter() - began
        with lock:
            run.add(status, body, elapsed, (302,))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(total)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    run.seconds = time.perf_counter() - began
    return run


def profile_one(workdir: Path) -> None:
    """One API submission in-process under cProfile (after a warm-up), top functions."""
    import cProfile
    import pstats

    env = server_env(workdir / "db.sqlite3", workdir / "media")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    info = json.loads((workdir / "info.json").read_text())
    client = Client()
    headers = {"Authorization": f"Token {info['token']}"}
    url = "/api/v1/reports/?municipality=0482"
    for i in range(20):
        client.post(url, report_payload(info, i), content_type="application/json", headers=headers)
    rounds = 200
    began = time.perf_counter()
    for i in range(rounds):
        client.post(url, report_payload(info, i), content_type="application/json", headers=headers)
    per_request = (time.perf_counter() - began) / rounds * 1000
    print(f"in-process, one client: {per_request:.1f} ms per submission (wall)")
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(50):
        client.post(url, report_payload(info, i), content_type="application/json", headers=headers)
    profiler.disable()
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    stats.print_stats(45)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--port", type=int, default=8191)
    parser.add_argument("--photos", action="store_true")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    workdir = ROOT / "var" / "bench" / "submit"
    info = prepare(workdir, sessions=max(args.clients, 20))
    (workdir / "info.json").write_text(json.dumps(info))
    if args.profile:
        profile_one(workdir)
        return 0
    with gunicorn(workdir, port=args.port, workers=args.workers):
        # warm-up: every worker answers a few submissions first
        run_api_clients(args.port, info, clients=args.workers, total=args.workers * 10)
        if args.photos:
            run = run_photo_clients(args.port, info, total=args.requests)
        else:
            run = run_api_clients(args.port, info, clients=args.clients, total=args.requests)
    summary = run.summary()
    summary.update(workers=args.workers, clients=args.clients, photos=args.photos)
    print(json.dumps(summary, indent=2))
    for error in run.errors[:5]:
        print("error:", error)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "submit.json").write_text(json.dumps(summary, indent=2))
    return 1 if run.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
