"""The named test world: two municipalities that must never see each other's data.

world.flen / world.degerfors each have: coordinator, reporter, partner (each in a different
organisation), areas "Centrum" and "Norr", a place, the default categories. `world.other` is
a user of the other municipality for every cross-tenant check.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

# Tests never depend on wall-clock time (DESIGN.md): hypothesis's default 200 ms deadline per
# example made property tests fail on a loaded 2-core CI machine.
hypothesis_settings.register_profile("trygg", deadline=None)
hypothesis_settings.load_profile("trygg")


@dataclass
class Tenant:
    municipality: Any
    coordinator: Any
    reporter: Any
    partner: Any
    police: Any
    org_municipal: Any
    org_housing: Any
    org_police: Any
    centrum: Any
    norr: Any
    place: Any
    categories: dict[str, Any]


@dataclass
class World:
    flen: Tenant
    degerfors: Tenant
    admin: Any


def square(lon: float, lat: float, d: float = 0.01) -> dict[str, Any]:
    return {
        "type": "Polygon",
        "coordinates": [
            [
                [lon - d, lat - d],
                [lon + d, lat - d],
                [lon + d, lat + d],
                [lon - d, lat + d],
                [lon - d, lat - d],
            ]
        ],
    }


#: the test organisations are expected to report from this Monday on
TEST_HISTORY_START = dt.date(2020, 1, 6)

# points known to lie inside each kommun's outline
CENTRES = {"0482": (59.058, 16.588), "1862": (59.237, 14.431)}


def build_tenant(code: str, admin: Any, suffix: str) -> Tenant:
    from trygg.accounts.models import Membership, User
    from trygg.accounts.services import organisation_create
    from trygg.places.services import area_create, place_create
    from trygg.reports.models import Category
    from trygg.setup.services import municipality_onboard

    municipality = municipality_onboard(actor=admin, code=code)
    lat, lon = CENTRES[code]
    centrum = area_create(
        actor=admin, municipality=municipality, name="Centrum", geometry=square(lon, lat)
    )
    norr = area_create(
        actor=admin, municipality=municipality, name="Norr", geometry=square(lon, lat + 0.03)
    )
    place = place_create(
        actor=admin, municipality=municipality, name="Resecentrum", lat=lat + 0.002, lon=lon + 0.002
    )
    # the test organisations have been expected to report for years (an installation in use)
    since = TEST_HISTORY_START
    org_municipal = organisation_create(
        actor=admin,
        municipality=municipality,
        name=f"Kommunen {suffix}",
        type="municipal",
        expected_from=since,
    )
    org_housing = organisation_create(
        actor=admin,
        municipality=municipality,
        name=f"Bostäder {suffix}",
        type="housing",
        expected_from=since,
    )
    org_police = organisation_create(
        actor=admin,
        municipality=municipality,
        name=f"Polisen {suffix}",
        type="police",
        expected_from=since,
    )

    def user(username: str, org: Any, role: str) -> Any:
        u = User.objects.create_user(username=f"{username}.{suffix}", password="pw-trygg-test-1")
        Membership.objects.create(user=u, organisation=org, municipality=municipality, role=role)
        return u

    return Tenant(
        municipality=municipality,
        coordinator=user("samordnare", org_municipal, "coordinator"),
        reporter=user("rapportor", org_housing, "reporter"),
        partner=user("partner", org_municipal, "partner"),
        police=user("polis", org_police, "partner"),
        org_municipal=org_municipal,
        org_housing=org_housing,
        org_police=org_police,
        centrum=centrum,
        norr=norr,
        place=place,
        categories={c.code: c for c in Category.objects.filter(municipality=municipality)},
    )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """PBKDF2 is deliberately slow; tests create many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    """Each test starts with an empty cache (public pages and their rate-limit counters)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db: Any) -> World:
    from trygg.accounts.models import User

    admin = User.objects.create_superuser(username="admin", password="pw-trygg-admin-1")
    return World(
        flen=build_tenant("0482", admin, "flen"),
        degerfors=build_tenant("1862", admin, "degerfors"),
        admin=admin,
    )


@pytest.fixture
def make_report(world: World) -> Any:
    """make_report(tenant, **overrides) -> Report created through the service."""
    import datetime as dt

    from django.utils import timezone

    from trygg.reports.services import report_create

    def _make(tenant: Tenant | None = None, *, actor: Any = None, **values: Any) -> Any:
        tenant = tenant or world.flen
        lat, lon = CENTRES[tenant.municipality.code]
        defaults: dict[str, Any] = {
            "category": tenant.categories["skadegorelse"],
            "occurred_start": timezone.now() - dt.timedelta(hours=3),
            "lat": lat,
            "lon": lon,
            "impact": 2,
            "certainty": "observed",
            "description": "Krossad ruta vid entrén.",
        }
        defaults.update(values)
        return report_create(
            actor=actor or tenant.reporter, municipality=tenant.municipality, **defaults
        )

    return _make


@pytest.fixture
def cover() -> Any:
    """cover(tenant, *weeks): the municipal and police organisations say "nothing to report"
    for each week, so that with the housing organisation's reports the weeks are fully
    covered (weeks below the coverage threshold are left out of baselines)."""
    from trygg.reports.models import WeeklyReturn
    from trygg.reports.services import weekly_return_submit

    def _cover(tenant: Tenant, *weeks: Any) -> None:
        members = ((tenant.org_municipal, tenant.coordinator), (tenant.org_police, tenant.police))
        for week in weeks:
            for org, member in members:
                if not WeeklyReturn.objects.filter(
                    organisation=org, week_start=week.monday
                ).exists():
                    weekly_return_submit(
                        actor=member, municipality=tenant.municipality, organisation=org, week=week
                    )

    return _cover


@pytest.fixture
def run_tasks(db: Any) -> Any:
    """run_tasks() -> number of background tasks run.

    Runs the queued tasks that are due the way `manage.py db_worker --batch` does (the same
    database backend and the worker's own run_task), but inside the test's transaction. A
    task that raised fails the test with its traceback (the worker would only record it).
    """
    from django_tasks import TaskResultStatus
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="pytest",
        excluded_queue_names=[],
    )

    def _run() -> int:
        count = 0
        while (result := DBTaskResult.objects.ready().first()) is not None:
            result.claim(worker.worker_id)
            worker.run_task(result)
            result.refresh_from_db()
            assert result.status == TaskResultStatus.SUCCESSFUL, result.traceback
            count += 1
        return count

    return _run
