"""``python -m benchmarks.timed_emulator [emulator flags]``: the emulator, plus server-side request timings.

Used only by the profiler, to split each API call's time into what the emulator spends on it and
what the client side (provider, requests, loopback) adds. It is the stock emulator command with
one wrapper around the app's ``dispatch`` (routing, handler, store; not the socket I/O), and one
extra endpoint, ``GET /__bench__/timings``, which returns and clears the timings recorded so far.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from werkzeug.wrappers import Request, Response

import plivo_emulator.__main__ as emulator_main
from plivo_emulator import EmulatorServer

TIMINGS_PATH = "/__bench__/timings"

Dispatch = Callable[[Request], Response]


class Timings:
    """Thread-safe list of ``{method, path, seconds}`` for every /v1/ request."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[dict[str, Any]] = []

    def add(self, item: dict[str, Any]) -> None:
        with self._lock:
            self._items.append(item)

    def drain(self) -> list[dict[str, Any]]:
        with self._lock:
            items, self._items = self._items, []
        return items


def timed(dispatch: Dispatch, timings: Timings) -> Dispatch:
    """``dispatch`` that records how long each /v1/ request takes inside the emulator."""

    def wrapper(request: Request) -> Response:
        if request.path == TIMINGS_PATH:
            return Response(json.dumps(timings.drain()), mimetype="application/json")
        started = time.perf_counter()
        response = dispatch(request)
        if request.path.startswith("/v1/"):
            seconds = time.perf_counter() - started
            timings.add({"method": request.method, "path": request.path, "seconds": seconds})
        return response

    return wrapper


class TimedEmulatorServer(EmulatorServer):
    """The stock server whose app records server-side request times."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # setattr: an instance attribute shadowing the method, which mypy would not let us assign.
        setattr(self.app, "dispatch", timed(self.app.dispatch, Timings()))  # noqa: B010


def main(argv: list[str]) -> int:
    # The stock command line, flags and output, with the server class swapped.
    setattr(emulator_main, "EmulatorServer", TimedEmulatorServer)  # noqa: B010
    return emulator_main.main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
