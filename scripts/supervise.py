"""Run a few processes together and stop them together (make run, make serve).

Usage: python scripts/supervise.py 'name: command …' ['name: command …' …]

Each process's output is prefixed with its name. Ctrl-C (SIGINT) or SIGTERM stops every
process (SIGTERM, then SIGKILL after 10 s); when one process exits, the others are stopped and
its exit code is returned, so a crashed web server does not leave an orphaned worker.
"""

from __future__ import annotations

import shlex
import signal
import subprocess
import sys
import threading
import time
from typing import IO


def _pump(name: str, stream: IO[str]) -> None:
    for line in stream:
        sys.stdout.write(f"{name:>7} | {line}")
        sys.stdout.flush()


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    processes: list[tuple[str, subprocess.Popen[str]]] = []
    for spec in argv:
        name, _, command = spec.partition(":")
        process = subprocess.Popen(  # noqa: S603 - the Makefile's own commands
            shlex.split(command),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # Ctrl-C reaches us, and we stop the children in order
        )
        assert process.stdout is not None
        threading.Thread(target=_pump, args=(name.strip(), process.stdout), daemon=True).start()
        processes.append((name.strip(), process))

    stopping = threading.Event()

    def stop(signum: int = 0, frame: object = None) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    code = 0
    while not stopping.is_set():
        for name, process in processes:
            if process.poll() is not None:
                print(f"supervise: {name} exited with {process.returncode}; stopping the rest")
                code = process.returncode or code
                stopping.set()
                break
        time.sleep(0.2)
    for _name, process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + 10
    for _name, process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    print("supervise: all stopped")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
