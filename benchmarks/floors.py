"""The floors no implementation of a scenario can beat, from the limits of the engine and of Plivo.

* The Python dynamic-provider host serves at most ``WORKERS`` = 4 gRPC calls at once
  (``grpc.server(ThreadPoolExecutor(max_workers=4))`` in ``pulumi/dynamic/__main__.py``), and a
  resource's own API calls are sequential, so N resources need at least ``ceil(N/4)`` rounds of
  ``calls_per_number`` round trips: ``ceil(N/4) x calls_per_number x L``.
* The engine, the CLI and the Python provider host cost what the do-nothing provider costs
  (``noop_<step>`` at the same N).
* These two overlap (the engine registers resource k+1 while resource k waits on the API), so
  they do not add up; what cannot overlap is the fixed part (CLI start-up, plugin start,
  final checkpoint), which is ``noop_<step>`` at the smallest N measured. Hence
  ``floor = max(noop_<step>(N), noop_<step>(N_min) + ceil(N/4) x calls_per_number x L)``.
* The plain SDK script is sequential: ``floor = api_calls x L`` (none at L = 0).
* Plivo allows 300 requests per 5 s per account; the emulator runs with the limit off, so this
  floor (``api_calls / 300 x 5 s``, the sustained rate) is reported separately, analytically.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

WORKERS = 4
RATE_LIMIT_REQUESTS = 300
RATE_LIMIT_WINDOW_SECONDS = 5.0

Key = tuple[str, int, int]  # (scenario, n, latency_ms)


def latency_term(n: int, api_calls: float, latency_ms: int, workers: int = WORKERS) -> float:
    """Seconds of API latency on the critical path when ``workers`` resources progress at once."""
    if n <= 0 or api_calls <= 0:
        return 0.0
    calls_per_number = api_calls / n
    return math.ceil(n / workers) * calls_per_number * latency_ms / 1000


def rate_limit_floor(api_calls: float) -> float:
    """Seconds Plivo's sustained rate (300 requests / 5 s) needs for ``api_calls`` requests.

    (A single burst of up to 300 requests fits one window, so a run below 300 calls is not
    actually slowed; this is the steady-state cost, the fair figure for repeated runs.)
    """
    return api_calls / RATE_LIMIT_REQUESTS * RATE_LIMIT_WINDOW_SECONDS


def floor_seconds(
    scenario: str, n: int, latency_ms: int, api_calls: float, medians: Mapping[Key, float]
) -> float | None:
    """The floor of one row, or None where it is not meaningful (noop rows are the floors)."""
    if scenario == "sdk_script":
        return api_calls * latency_ms / 1000 if latency_ms else None
    if not scenario.startswith("plivo_"):
        return None
    engine_scenario = "noop_" + scenario.removeprefix("plivo_")
    engine = medians.get((engine_scenario, n, latency_ms))
    sizes = sorted(
        size for (name, size, latency) in medians if name == engine_scenario and latency == latency_ms
    )
    if engine is None or not sizes:
        return None
    fixed = medians[(engine_scenario, sizes[0], latency_ms)]
    return max(engine, fixed + latency_term(n, api_calls, latency_ms))
