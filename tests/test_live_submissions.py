"""Parallel writes against a real server: gunicorn (4 sync workers) on a SQLite file in WAL
mode, as `make serve` runs it. Before issue 8, photos were decoded inside the write
transaction and parallel reporters got "database is locked" (500)."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import submit  # noqa: E402

PORT = 8193


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("live") / "site"
    info = submit.prepare(workdir, sessions=20)
    with submit.gunicorn(workdir, port=PORT, workers=4):
        yield workdir, info


def _count(workdir: Path, sql: str) -> int:
    import sqlite3

    with sqlite3.connect(workdir / "db.sqlite3") as db:
        return int(db.execute(sql).fetchone()[0])


def test_twenty_reports_with_photos_in_parallel_all_succeed(server):
    workdir, info = server
    before = _count(workdir, "select count(*) from reports_report")
    # 12-megapixel phone photos: decoding all 20 under the write lock took longer than the
    # busy timeout
    run = submit.run_photo_clients(PORT, info, total=20, size=(4000, 3000))
    assert run.errors == [], run.errors
    assert run.statuses == {302: 20}
    assert _count(workdir, "select count(*) from reports_report where photo != ''") >= 20
    assert _count(workdir, "select count(*) from reports_report") == before + 20
    photos = list((workdir / "media").rglob("*.jpg"))
    assert len(photos) >= 20


def test_api_submissions_in_parallel_all_succeed(server):
    _workdir, info = server
    run = submit.run_api_clients(PORT, info, clients=8, total=80)
    assert run.errors == [], run.errors
    assert run.statuses == {201: 80}


def test_two_simultaneous_nil_returns_answer_as_documented(server):
    """The schema: 201 when created, 200 when the organisation had already said so."""
    workdir, info = server
    import json

    for week in ("2025-W10", "2025-W11", "2025-W12", "2025-W13", "2025-W14"):
        barrier = threading.Barrier(2)
        answers: list[int] = []

        def post(
            week: str = week,
            barrier: threading.Barrier = barrier,
            answers: list[int] = answers,
        ) -> None:
            barrier.wait()
            status, _ = submit.request(
                PORT,
                "POST",
                "/api/v1/weekly-returns/?municipality=0482",
                body=json.dumps({"week": week}).encode(),
                headers={
                    "Authorization": f"Token {info['token']}",
                    "Content-Type": "application/json",
                },
            )
            answers.append(status)

        threads = [threading.Thread(target=post) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(answers) == [200, 201], (week, answers)
    assert _count(workdir, "select count(*) from reports_weeklyreturn") == 5
