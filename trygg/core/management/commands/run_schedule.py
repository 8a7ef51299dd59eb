"""``manage.py run_schedule``: run the periodic jobs (trygg.core.schedule) every 30 seconds,
or once with ``--once`` (cron, tests)."""

from __future__ import annotations

import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from trygg.core import schedule


class Command(BaseCommand):
    help = "Run the periodic jobs (reminders, notices) when they are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run what is due once and exit")
        parser.add_argument("--interval", type=float, default=30.0, help="seconds between runs")

    def handle(self, *args: Any, **options: Any) -> None:
        stop = False

        def on_signal(signum: int, frame: FrameType | None) -> None:
            nonlocal stop
            stop = True

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        names = ", ".join(r.name for r in schedule.registered()) or "none"
        if not options["once"]:
            self.stdout.write(f"run_schedule: jobs {names}, every {options['interval']:g} s")
            self.stdout.flush()
        while True:
            for name, result in schedule.run_due().items():
                self.stdout.write(f"{name}: {result}")
            self.stdout.flush()  # one line per run, also when the output is a pipe
            if options["once"] or stop:
                return
            slept = 0.0
            while slept < options["interval"] and not stop:
                time.sleep(0.5)
                slept += 0.5
            if stop:
                return
