"""The demo world behind ``make run``: Flens kommun, Degerfors kommun and Karlskoga kommun,
the LokBrå Karlskoga and Degerfors share and the police area Flen belongs to.

``build_demo()`` creates the municipalities (marked ``is_demo``) with areas, named places,
organisations, users for every role (password ``trygg-demo``) and about three years of
generated weekly reports and nil returns ending at the last complete ISO week, plus part of
the current week. It is idempotent: a demo municipality that already has reports is left as
it is. ``reset=True`` deletes the demo municipalities (only those with ``is_demo``) first.

Only ``manage.py seed_demo`` should call this; it refuses to run outside demo mode.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Model, ProtectedError, Q, RestrictedError
from django.utils import timezone

from trygg.accounts.models import Membership, Organisation, User
from trygg.core import audit
from trygg.core.models import AuditEvent
from trygg.meetings.models import Minutes
from trygg.places.models import Area, Municipality, Place
from trygg.plans.models import ActionPlanRound
from trygg.reports.models import Category, Report, WeeklyReturn
from trygg.setup.demo.action_plan import build_action_plan
from trygg.setup.demo.data import DEMO_PASSWORD, MunicipalitySpec
from trygg.setup.demo.expectations import backdate_expectations
from trygg.setup.demo.history import build_history, last_complete_week
from trygg.setup.demo.interventions import build_interventions
from trygg.setup.demo.joint import build_joint_bodies
from trygg.setup.demo.meetings import build_meetings
from trygg.setup.demo.municipalities import DEMO_ACCOUNTS, MUNICIPALITIES
from trygg.setup.demo.picture import build_crime_picture
from trygg.setup.demo.programmes import build_programmes
from trygg.setup.demo.promises import build_promises
from trygg.setup.demo.statistics import build_statistics
from trygg.setup.demo.structure import build_structure
from trygg.situation.models import SnapshotDelivery

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "DemoSummary", "build_demo", "reset_demo"]

DEFAULT_SEED = 482
DEFAULT_WEEKS = 156


@dataclass
class MunicipalitySummary:
    code: str
    name: str
    status: str  # "created", "topped up", "skipped"
    areas: int = 0
    places: int = 0
    organisations: int = 0
    users: int = 0
    reports: int = 0
    counted_reports: int = 0
    weekly_returns: int = 0
    note: str = ""


@dataclass
class DemoSummary:
    municipalities: list[MunicipalitySummary] = field(default_factory=list)
    seconds: float = 0.0
    end_week: str = ""


def _demo_users(municipality: Municipality) -> list[int]:
    """Users whose every membership is in this (demo) municipality: deleted with it."""
    member_ids = set(
        Membership.objects.filter(municipality=municipality).values_list("user_id", flat=True)
    )
    elsewhere = set(
        Membership.objects.filter(user_id__in=member_ids)
        .exclude(municipality=municipality)
        .values_list("user_id", flat=True)
    )
    return list(
        User.objects.filter(
            pk__in=member_ids - elsewhere, is_superuser=False, is_staff=False
        ).values_list("pk", flat=True)
    )


#: deleted by _delete_municipality itself, in its own order
_CORE_MODELS = {"Report", "WeeklyReturn", "Place", "Area", "Category", "Membership", "Organisation"}


def _delete_rows_of_later_apps(municipality: Municipality) -> None:
    pending: list[tuple[type[Model], str]] = [
        (relation.related_model, relation.field.name)
        for relation in Municipality._meta.related_objects
        if isinstance(relation.related_model, type)
        and relation.related_model is not AuditEvent
        and relation.related_model.__name__ not in _CORE_MODELS
        and relation.field.concrete
    ]
    while pending:
        left = []
        for model, name in pending:
            rows = model._default_manager.filter(**{name: municipality})
            try:
                with transaction.atomic():
                    rows.delete()
            except (ProtectedError, RestrictedError):
                left.append((model, name))  # something else points at these rows: next pass
        if len(left) == len(pending):
            names = ", ".join(model.__name__ for model, _name in left)
            raise ProtectedError(f"demo rows still referenced: {names}", set())
        pending = left


@transaction.atomic
def _delete_municipality(municipality: Municipality) -> None:
    assert municipality.is_demo, "only demo municipalities are ever deleted"
    user_ids = _demo_users(municipality)
    organisation_ids = list(
        Organisation.objects.filter(municipality=municipality).values_list("pk", flat=True)
    )
    # The audit log is append-only for application code (AuditEvent.delete and the queryset's
    # delete() refuse). Resetting the generated demo world is the one exception: its events
    # describe data that is being thrown away, so they are removed with a raw DELETE.
    events = AuditEvent.objects.filter(
        Q(municipality=municipality)
        | Q(organisation_id__in=organisation_ids)
        | Q(actor_id__in=user_ids)
    )
    events._raw_delete(events.db)
    # Frozen minutes are immutable too (Minutes refuses delete) and protect their meeting: the
    # demo's are thrown away with a raw DELETE for the same reason.
    minutes = Minutes.objects.filter(meeting__municipality=municipality)
    minutes._raw_delete(minutes.db)
    # an åtgärdsplan's follow-ups protect the version they follow up (ActionPlanRound.version
    # is PROTECT, so a decided plan that was followed up is never deleted by accident): the
    # demo's go first
    ActionPlanRound.objects.filter(plan__municipality=municipality).delete()
    # what the users did in the demo first (statuses, pins, snapshots, ratings, decisions, and
    # the rows of later apps): they point at areas, categories and reports with PROTECT.
    # In passes, since some point at each other (a delivery at its snapshot).
    _delete_rows_of_later_apps(municipality)
    # duplicates first: Report.duplicate_of is PROTECT
    while Report.objects.filter(municipality=municipality, duplicate_of__isnull=False).exists():
        Report.objects.filter(municipality=municipality, duplicate_of__isnull=False).exclude(
            duplicates__isnull=False
        ).delete()
    Report.objects.filter(municipality=municipality).delete()
    WeeklyReturn.objects.filter(municipality=municipality).delete()
    Place.objects.filter(municipality=municipality).delete()
    Area.objects.filter(municipality=municipality).delete()
    Category.objects.filter(municipality=municipality).delete()
    Membership.objects.filter(municipality=municipality).delete()
    User.objects.filter(pk__in=user_ids).delete()
    # deliveries of frozen pictures point at organisations and snapshots (both PROTECT)
    SnapshotDelivery.objects.filter(municipality=municipality).delete()
    Organisation.objects.filter(municipality=municipality).delete()
    # rows of models added later that point at the municipality
    for relation in Municipality._meta.related_objects:
        model = relation.related_model
        if not isinstance(model, type) or model is AuditEvent or not relation.field.concrete:
            continue
        model._default_manager.filter(**{relation.field.name: municipality}).delete()
    municipality.delete()


def reset_demo(*, codes: list[str] | None = None) -> list[str]:
    """Delete the demo municipalities (is_demo=True only). Returns the deleted codes."""
    deleted = []
    wanted = codes or [spec.code for spec in MUNICIPALITIES]
    for municipality in Municipality.objects.filter(code__in=wanted, is_demo=True):
        _delete_municipality(municipality)
        deleted.append(municipality.code)
    return deleted


@transaction.atomic
def _build_one(
    spec: MunicipalitySpec, *, seed: int, weeks: int, now: dt.datetime
) -> MunicipalitySummary:
    existing = Municipality.objects.filter(code=spec.code).first()
    if existing is not None and not existing.is_demo:
        return MunicipalitySummary(
            spec.code, existing.name, "skipped", note="a real (non-demo) municipality has this code"
        )
    if existing is not None and Report.objects.filter(municipality=existing).exists():
        summary = MunicipalitySummary(
            spec.code, existing.name, "skipped", note="already seeded (use --reset to rebuild)"
        )
        _count(summary, existing)
        return summary
    structure = build_structure(spec)
    municipality = structure.municipality
    history = build_history(spec, structure, seed=seed, weeks=weeks, now=now)
    backdate_expectations(
        municipality, last_complete_week(timezone.localdate(now)).shift(-(weeks - 1)).monday
    )
    build_interventions(
        spec, structure, last_complete_week(timezone.localdate(now)), now, history_weeks=weeks
    )
    build_programmes(structure, timezone.localdate(now), seed)
    build_meetings(structure, now=now)
    build_promises(structure, timezone.localdate(now))
    build_statistics(structure)
    build_crime_picture(structure)  # after the statistics: one figure shows them
    # after the lägesbild demo (picture.py): the plan links its decided findings by position
    build_action_plan(structure)
    summary = MunicipalitySummary(
        spec.code, municipality.name, "created" if existing is None else "topped up"
    )
    _count(summary, municipality)
    # One event for the whole generated history instead of one per row: the rows are
    # synthetic (no person did anything), and thousands of "report.create" events would
    # drown the real audit trail that a coordinator reads after trying the demo.
    audit.record(
        actor="system",
        action="demo.seed",
        target=municipality,
        municipality=municipality,
        changes={
            "seed": seed,
            "weeks": weeks,
            "end_week": str(last_complete_week(timezone.localdate(now))),
            "reports": history.reports,
            "counted_reports": history.counted,
            "by_status": history.by_status,
            "weekly_returns": history.weekly_returns,
            "areas": summary.areas,
            "places": summary.places,
            "organisations": summary.organisations,
            "users": summary.users,
        },
    )
    return summary


def _count(summary: MunicipalitySummary, municipality: Municipality) -> None:
    summary.areas = Area.objects.filter(municipality=municipality).count()
    summary.places = Place.objects.filter(municipality=municipality).count()
    summary.organisations = Organisation.objects.filter(municipality=municipality).count()
    summary.users = (
        Membership.objects.filter(municipality=municipality).values("user").distinct().count()
    )
    reports = Report.objects.filter(municipality=municipality)
    summary.reports = reports.count()
    summary.counted_reports = reports.counted().count()
    summary.weekly_returns = WeeklyReturn.objects.filter(municipality=municipality).count()


def build_demo(
    *,
    seed: int = DEFAULT_SEED,
    weeks: int = DEFAULT_WEEKS,
    reset: bool = False,
    now: dt.datetime | None = None,
    log: Callable[[str], None] | None = None,
) -> DemoSummary:
    """Build (or top up, or with ``reset`` rebuild) the demo world."""
    started = time.monotonic()
    now = now or timezone.now()
    summary = DemoSummary(end_week=str(last_complete_week(timezone.localdate(now))))
    if reset:
        for code in reset_demo():
            if log:
                log(f"Deleted demo municipality {code}.")
    for spec in MUNICIPALITIES:
        summary.municipalities.append(_build_one(spec, seed=seed, weeks=weeks, now=now))
    with transaction.atomic():
        build_joint_bodies()
    summary.seconds = time.monotonic() - started
    return summary
