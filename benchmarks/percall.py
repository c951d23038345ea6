"""Per-call cost of the provider's HTTP client, outside Pulumi: client time vs time inside the emulator.

Sequentially, for the same numbers: buy (``POST PhoneNumber/{n}/``), read (``GET Number/{n}/``)
and release (``DELETE Number/{n}/``), once with a bare ``http.client`` keep-alive connection (the
least a Python client can spend) and once with ``plivo_provider.PlivoClient``. The timed emulator
reports how long each request spent inside it, so each client's time splits into emulator time
and client-side overhead (serialisation, HTTP library, loopback).
"""

from __future__ import annotations

import base64
import http.client
import json
import statistics
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from plivo_provider import PlivoClient, resolve_settings

from .emulator import APP_ID, AUTH_ID, AUTH_TOKEN, Emulator, numbers
from .timed_emulator import TIMINGS_PATH

OPERATIONS = ("buy", "get", "release")


@dataclass(frozen=True)
class CallCost:
    """Median milliseconds of one operation, from the client and inside the emulator."""

    client: str
    operation: str
    client_ms: float
    server_ms: float

    @property
    def overhead_ms(self) -> float:
        return self.client_ms - self.server_ms


def server_timings(emulator: Emulator) -> list[dict[str, Any]]:
    """Drain the timed emulator's per-request server times."""
    with urllib.request.urlopen(f"{emulator.url}{TIMINGS_PATH}", timeout=30) as response:
        return list(json.loads(response.read()))


class RawClient:
    """The least a client can do: one keep-alive ``http.client`` connection, JSON in and out."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self._connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port)
        token = base64.b64encode(f"{AUTH_ID}:{AUTH_TOKEN}".encode()).decode()
        self._headers = {"Authorization": f"Basic {token}", "Content-Type": "application/json"}

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> None:
        data = json.dumps(body) if body is not None else None
        self._connection.request(method, f"/v1/Account/{AUTH_ID}/{path}", body=data, headers=self._headers)
        response = self._connection.getresponse()
        response.read()
        if response.status >= 300:
            raise RuntimeError(f"{method} {path}: {response.status}")

    def close(self) -> None:
        self._connection.close()


def _operations_raw(client: RawClient, number: str) -> list[Callable[[], object]]:
    digits = number.lstrip("+")
    return [
        lambda: client.call("POST", f"PhoneNumber/{digits}/", {"app_id": APP_ID}),
        lambda: client.call("GET", f"Number/{digits}/"),
        lambda: client.call("DELETE", f"Number/{digits}/"),
    ]


def _operations_plivo(client: PlivoClient, number: str) -> list[Callable[[], object]]:
    digits = number.lstrip("+")
    return [
        lambda: client.buy_phone_number(digits, app_id=APP_ID),
        lambda: client.get_number(digits),
        lambda: client.release_number(digits),
    ]


def _run(
    name: str, emulator: Emulator, n: int, operations: Callable[[str], list[Callable[[], object]]]
) -> list[CallCost]:
    emulator.reset()
    server_timings(emulator)  # drop anything earlier
    client_ms: dict[str, list[float]] = {op: [] for op in OPERATIONS}
    for number in numbers(n):
        for operation, call in zip(OPERATIONS, operations(number), strict=True):
            started = time.perf_counter()
            call()
            client_ms[operation].append((time.perf_counter() - started) * 1000)
    server = server_timings(emulator)
    # Sequential calls: the i-th server timing is the i-th request, in OPERATIONS order.
    server_ms = {
        op: [t["seconds"] * 1000 for t in server[i :: len(OPERATIONS)]] for i, op in enumerate(OPERATIONS)
    }
    return [
        CallCost(name, op, statistics.median(client_ms[op]), statistics.median(server_ms[op]))
        for op in OPERATIONS
    ]


def measure(emulator: Emulator, n: int = 100) -> list[CallCost]:
    """Both clients over ``n`` numbers; the emulator must be ``benchmarks.timed_emulator``."""
    raw = RawClient(emulator.url)
    try:
        # A first pass warms both sides (imports, caches, connection) and is discarded.
        _run("warm-up", emulator, min(n, 10), lambda number: _operations_raw(raw, number))
        costs = _run("http.client (bare)", emulator, n, lambda number: _operations_raw(raw, number))
    finally:
        raw.close()
    settings = resolve_settings({}, emulator.env())
    plivo = PlivoClient(settings)
    try:
        _run("warm-up", emulator, min(n, 10), lambda number: _operations_plivo(plivo, number))
        costs += _run("PlivoClient", emulator, n, lambda number: _operations_plivo(plivo, number))
    finally:
        plivo.close()
    return costs
