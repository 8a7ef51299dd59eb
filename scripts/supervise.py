"""Run a few long-running processes together and stop them together.

    python scripts/supervise.py "web=python manage.py runserver" "worker=python manage.py db_worker"

Used by `make run` (runserver + one db_worker) and `make serve` (gunicorn + one db_worker).
Each process runs in its own process group, so that stopping it reaches its children too
(runserver's autoreloader, gunicorn's workers). Ctrl-C (SIGINT), SIGTERM or SIGHUP, or any one
process exiting, stops all: SIGTERM to each group (a graceful stop: gunicorn finishes its
requests, db_worker its current task), SIGKILL after STOP_TIMEOUT seconds or on a second
Ctrl-C. Exits 0 after a requested stop, otherwise with the code of the process that ended first.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import sys
import time
from types import FrameType

STOP_TIMEOUT = 15.0


def log(message: str) -> None:
    print(f"[supervise] {message}", file=sys.stderr, flush=True)


def _signal_group(process: subprocess.Popen[bytes], sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # the whole group has gone already
        os.killpg(process.pid, sig)


def main(specs: list[str]) -> int:
    if not specs or any("=" not in spec for spec in specs):
        print(__doc__, file=sys.stderr)
        return 2
    requested: list[int] = []

    def on_signal(signum: int, frame: FrameType | None) -> None:
        requested.append(signum)

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)

    processes: list[tuple[str, subprocess.Popen[bytes]]] = []
    for spec in specs:
        name, _, command = spec.partition("=")
        process = subprocess.Popen(shlex.split(command), process_group=0)  # noqa: S603
        log(f"started {name} (pid {process.pid}): {command}")
        processes.append((name, process))

    code = 0
    while not requested:
        ended = [(name, p) for name, p in processes if p.poll() is not None]
        if ended:
            name, process = ended[0]
            code = process.returncode or 1
            log(f"{name} exited with {process.returncode}: stopping the others")
            break
        time.sleep(0.2)
    else:
        log(f"{signal.Signals(requested[0]).name}: stopping")

    seen = len(requested)
    for _name, process in processes:
        if process.poll() is None:
            _signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    while any(p.poll() is None for _, p in processes):
        if time.monotonic() > deadline or len(requested) > seen:
            for name, process in processes:
                if process.poll() is None:
                    log(f"{name} did not stop: SIGKILL")
                    _signal_group(process, signal.SIGKILL)
            deadline = float("inf")
            seen = len(requested)
        time.sleep(0.1)
    for name, process in processes:
        _signal_group(process, signal.SIGKILL)  # anything a stopped process left behind
        log(f"stopped {name} (exit {process.returncode})")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
