"""The Plivo emulator as a subprocess, with the handful of control-API calls the benchmarks use.

It runs in its own process so its CPU time is not charged to the measured process and its memory
is not part of any measured RSS. Talking to it uses only the standard library (``urllib``), so
the driver adds no HTTP library of its own to the picture.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

AUTH_ID = "MAEMULATOR0000000001"
AUTH_TOKEN = "emulator-token"
READY_PREFIX = "plivo emulator listening on "
# Well-known numbers every emulator seed can sell: the US San Francisco block, 100 numbers.
FIRST_NUMBER = 14155550100
BLOCK_SIZE = 100
APP_ID = "10000000000000002"


def numbers(n: int) -> list[str]:
    """The first ``n`` numbers of the well-known block, in E.164 form."""
    if not 0 < n <= BLOCK_SIZE:
        raise ValueError(f"n must be 1..{BLOCK_SIZE} (one well-known block), got {n}")
    return [f"+{FIRST_NUMBER + i}" for i in range(n)]


@dataclass
class Emulator:
    """A running emulator: its URL and control API (``process`` is None in a driver that only uses it)."""

    url: str
    process: subprocess.Popen[str] | None = None

    def control(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.url}/__emulator__/{path}", data=data, method=method)
        request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read()
        return json.loads(raw) if raw else None

    def reset(self) -> None:
        """A fresh account (every number for sale again) and an empty request log; latency is kept."""
        self.control("POST", "reset", {})
        self.clear_log()

    def clear_log(self) -> None:
        self.control("DELETE", "requests")

    def set_latency(self, latency_ms: int) -> None:
        self.control("POST", "faults", {"latency_ms": latency_ms})

    def request_log(self) -> list[dict[str, Any]]:
        """Every /v1/ call since the last clear: method, path, status, fault..."""
        return list(self.control("GET", "requests")["requests"])

    def api_calls(self) -> int:
        return len(self.request_log())

    def env(self) -> dict[str, str]:
        """What the provider reads: credentials and the endpoint."""
        return {"PLIVO_AUTH_ID": AUTH_ID, "PLIVO_AUTH_TOKEN": AUTH_TOKEN, "PLIVO_API_URL": self.url}


def _terminate(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _command(module: str, latency_ms: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        module,
        "--port",
        "0",
        "--auth-id",
        AUTH_ID,
        "--auth-token",
        AUTH_TOKEN,
        "--latency-ms",
        str(latency_ms),
        # The real 300 requests / 5 s limit would dominate N=100; its floor is reported analytically.
        "--rate-limit",
        "0",
    ]


@contextmanager
def running(latency_ms: int = 0, module: str = "plivo_emulator") -> Iterator[Emulator]:
    """Start ``python -m <module>`` on a free loopback port; stop it on exit.

    ``module`` may be a wrapper with the same flags (the profiler uses ``benchmarks.timed_emulator``).
    """
    process = subprocess.Popen(
        _command(module, latency_ms), stdout=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if not line.startswith(READY_PREFIX):
            raise RuntimeError(f"emulator did not start (exit {process.poll()}): {line!r}")
        emulator = Emulator(line.removeprefix(READY_PREFIX), process)
        yield emulator
    finally:
        _terminate(process)
