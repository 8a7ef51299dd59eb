"""``manage.py seed_demo``: load the generated demo world (Flen, Degerfors, Karlskoga)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from trygg.setup.demo import DEFAULT_SEED, DEFAULT_WEEKS, build_demo


class Command(BaseCommand):
    help = (
        "Create the demo municipalities Flens, Degerfors and Karlskoga kommun with organisations, "
        "users (password trygg-demo), areas, places and about three years of generated "
        "reports. Idempotent; only runs in demo mode (TRYGG_DEMO=1)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
        )
        parser.add_argument(
            "--weeks",
            type=int,
            default=DEFAULT_WEEKS,
            help=f"complete weeks of history (default {DEFAULT_WEEKS})",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="delete the demo municipalities (is_demo only) and rebuild",
        )
        parser.add_argument(
            "--now",
            default=None,
            metavar="ISO-DATETIME",
            help="reference time instead of the current time (for tests and "
            "reproducible screenshots; not in the future)",
        )
        parser.add_argument(
            "--force", action="store_true", help="run even when demo mode is off (tests only)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE and not options["force"]:
            raise CommandError(
                "seed_demo only runs in demo mode: it creates accounts with a published "
                "password. Set TRYGG_DEMO=1 (never in production)."
            )
        weeks = options["weeks"]
        if not 1 <= weeks <= 520:
            raise CommandError("--weeks must be between 1 and 520.")
        now = None
        if options["now"]:
            try:
                now = dt.datetime.fromisoformat(options["now"])
            except ValueError as error:
                raise CommandError("--now must be an ISO date and time.") from error
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
            if now > timezone.now():
                raise CommandError("--now cannot lie in the future.")
        summary = build_demo(
            seed=options["seed"],
            weeks=weeks,
            reset=options["reset"],
            now=now,
            log=self.stdout.write if options["verbosity"] >= 1 else _quiet,
        )
        if options["verbosity"] < 1:
            return
        self.stdout.write(
            f"Demo world (seed {options['seed']}, {weeks} weeks ending {summary.end_week}):"
        )
        totals = {
            "areas": 0,
            "places": 0,
            "organisations": 0,
            "users": 0,
            "reports": 0,
            "weekly_returns": 0,
        }
        for m in summary.municipalities:
            line = (
                f"  {m.name} ({m.code}): {m.status}; {m.areas} areas, {m.places} places, "
                f"{m.organisations} organisations, {m.users} users, {m.reports} reports "
                f"({m.counted_reports} counted), {m.weekly_returns} weekly returns"
            )
            if m.note:
                line += f" – {m.note}"
            self.stdout.write(line)
            for key in totals:
                totals[key] += getattr(m, key)
        self.stdout.write(
            f"  Total: {len(summary.municipalities)} municipalities, {totals['areas']} areas, "
            f"{totals['places']} places, {totals['organisations']} organisations, "
            f"{totals['users']} users, {totals['reports']} reports, "
            f"{totals['weekly_returns']} weekly returns"
        )
        self.stdout.write(self.style.SUCCESS(f"Done in {summary.seconds:.1f} s."))


def _quiet(message: str) -> None:
    """Log function for --verbosity 0."""
