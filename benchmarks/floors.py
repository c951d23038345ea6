"""The floors no implementation of a scenario can beat: Plivo's rate limit, the provider host, the engine.

* **Rate-limit floor**: Plivo allows 300 requests per 5 s per account, 60 per second sustained:
  ``api_calls / 60`` seconds. (A first burst of up to 300 fits one window, so runs of fewer
  calls are not slowed by it; the sustained figure is the fair one for a fleet.)
* **Worker floor**: the Python dynamic-provider host serves at most ``WORKERS`` = 4 gRPC calls at
  once (``grpc.server(ThreadPoolExecutor(max_workers=4))`` in ``pulumi/dynamic/__main__.py``) and
  one resource's API calls are sequential, so N resources need ``ceil(N/4) x calls_per_number x L``.
* **Engine floor**: the engine, the CLI and the Python provider host cost what the do-nothing
  provider costs, ``noop_<step>`` at the same N (1 output field).

Engine work overlaps with API waits (the engine registers resource k+1 while resource k waits),
so the floors do not add up; what cannot overlap is the fixed part (CLI start-up, plugin start,
final checkpoint), ``noop_<step>`` at the smallest N measured. Hence, per row,
``floor = max(engine(N), engine(N_min) + worker, rate_limit)``, the last only when the emulator
enforced the limit. The plain SDK script is sequential: ``floor = api_calls x L``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from plivo_provider.api.pacing import PLIVO_LIMIT

WORKERS = 4
PLIVO_RATE_LIMIT = f"{PLIVO_LIMIT.count}/{PLIVO_LIMIT.window:g}"
"""Plivo's limit in the emulator's notation (``"300/5"``): the condition scale runs set, and the
``rate_limit`` that keys their rows."""

Key = tuple[str, int, int, str]  # (scenario, n, latency_ms, rate_limit)


def worker_floor(n: int, api_calls: float, latency_ms: int, workers: int = WORKERS) -> float:
    """Seconds of API latency on the critical path when ``workers`` resources progress at once."""
    if n <= 0 or api_calls <= 0:
        return 0.0
    return math.ceil(n / workers) * (api_calls / n) * latency_ms / 1000


def rate_limit_floor(api_calls: float) -> float:
    """Seconds Plivo's sustained rate (300 requests / 5 s) needs for ``api_calls`` requests."""
    return api_calls / PLIVO_LIMIT.count * PLIVO_LIMIT.window


def engine_scenario(scenario: str) -> str:
    """``plivo_up`` -> ``noop_up``, ``plivo-skip_up`` -> ``noop-skip_up``: the do-nothing run of the
    same step under the same engine settings."""
    kind, _, step = scenario.partition("_")
    return f"{kind.replace('plivo', 'noop', 1)}_{step}"


def engine_floor(key: Key, medians: Mapping[Key, float]) -> float | None:
    """``noop_<step>`` at the same N and conditions, or None when not measured."""
    scenario, n, latency, limit = key
    return medians.get((engine_scenario(scenario), n, latency, limit))


def floor_seconds(key: Key, api_calls: float, medians: Mapping[Key, float]) -> float | None:
    """The floor of one row, or None where it is not meaningful (noop rows are floors themselves)."""
    scenario, n, latency, limit = key
    if scenario == "sdk_script":
        return api_calls * latency / 1000 if latency else None
    if not scenario.startswith("plivo"):
        return None
    engine = engine_floor(key, medians)
    sizes = sorted(
        size
        for (name, size, lat, lim) in medians
        if (name, lat, lim) == (engine_scenario(scenario), latency, limit)
    )
    if engine is None or not sizes:
        return None
    fixed = medians[(engine_scenario(scenario), sizes[0], latency, limit)]
    limited = rate_limit_floor(api_calls) if limit != "0" else 0.0
    return max(engine, fixed + worker_floor(n, api_calls, latency), limited)
