"""One repetition of each scenario: a lifecycle on a fresh stack, or one run of the SDK script.

Scenario names are ``<kind>_<step>``. Kinds: ``plivo`` (PhoneNumber), ``noop`` (the do-nothing
provider storing 1 output field) and ``noop25`` (storing 25); steps: ``up``, ``preview_nochange``,
``up_nochange``, ``refresh``, ``destroy``, run in that order on one stack (:mod:`.stacks`). Plus
``sdk_script``. Each step is checked against the changes it must report, so a broken run fails
loudly instead of producing a fast, meaningless number.

Every step records what the emulator saw (``/__emulator__/stats`` and the request log): API calls
answered, 429s, and retries (a request repeating the method and path of one that was refused).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plivo_emulator.testing import EmulatorClient
from plivo_testing.pulumi_cli import PulumiStack

from .procwatch import ProcessWatcher
from .stacks import APP_ID, STEPS, Fleet, new_stack, numbers, run_step

KINDS: dict[str, Fleet] = {
    "plivo": Fleet("plivo", 0),
    "noop": Fleet("noop", 0, "fields:1"),
    "noop25": Fleet("noop", 0, "fields:25"),
    # The same two with the engine saving state once, at the end (what large fleets should use).
    "plivo-skip": Fleet("plivo", 0),
    "noop-skip": Fleet("noop", 0, "fields:1"),
}
SKIP_CHECKPOINTS = {"PULUMI_SKIP_CHECKPOINTS": "true"}
KIND_ENV: dict[str, dict[str, str]] = {"plivo-skip": SKIP_CHECKPOINTS, "noop-skip": SKIP_CHECKPOINTS}
SDK = "sdk_script"
SDK_SCRIPT = Path(__file__).resolve().parent / "sdk_script.py"
SCENARIOS = (*(f"{kind}_{step}" for kind in KINDS for step in STEPS), SDK)
ERROR_STATUSES = frozenset({429, 500, 502, 503, 504})


class ScenarioError(RuntimeError):
    """A scenario did not do what it must (an error, or the wrong changes)."""


@dataclass(frozen=True)
class Conditions:
    """The emulator's settings for a run: added latency per request and the rate limit."""

    latency_ms: int = 0
    rate_limit: str = "0"  # "300/5" is Plivo's; "0" is off


@dataclass(frozen=True)
class Api:
    """What the emulator saw during one step."""

    calls: int  # requests answered with anything but 429 (the work done)
    rate_limited: int  # 429 answers
    retries: int  # requests repeating one that was refused (429 or 5xx)


@dataclass(frozen=True)
class Sample:
    """One timed run of one scenario."""

    scenario: str
    n: int
    latency_ms: int
    rate_limit: str
    seconds: float
    api_calls: int
    rate_limited: int
    retries: int
    peak_rss_mb: float | None  # the provider process (the script itself for sdk_script)
    cli_rss_mb: float | None  # the pulumi CLI process
    cpu_seconds: float  # the provider process
    cli_cpu_seconds: float


def api_since_clear(emulator: EmulatorClient) -> Api:
    """Calls, 429s and retries since the last :func:`clear_api`."""
    statuses = emulator.stats()["total"]["statuses"]
    limited = int(statuses.get("429", 0))
    answered = sum(int(count) for count in statuses.values())
    return Api(answered - limited, limited, count_retries(emulator.requests_log()))


def count_retries(log: Sequence[dict[str, Any]]) -> int:
    """Requests whose method and path repeat a refused (429/5xx) request still awaiting success."""
    refused: dict[tuple[str, str], int] = {}
    retries = 0
    for entry in log:
        key = (entry["method"], entry["path"])
        if refused.get(key):
            retries += 1
            refused[key] -= 1
        if entry["status"] in ERROR_STATUSES:
            refused[key] = refused.get(key, 0) + 1
    return retries


def clear_api(emulator: EmulatorClient) -> None:
    emulator.clear_requests()
    emulator.clear_stats()


def fresh_emulator(emulator: EmulatorClient, cond: Conditions) -> None:
    """Reset the emulator (every number for sale again) and apply these conditions."""
    emulator.reset()
    emulator.faults(latency_ms=cond.latency_ms, rate_limit=cond.rate_limit)


def run_lifecycle(
    kind: str, n: int, cond: Conditions, emulator: EmulatorClient, workdir: Path
) -> list[Sample]:
    """All steps of ``kind`` on a new stack and file backend, against a freshly reset emulator."""
    fresh_emulator(emulator, cond)
    fleet = Fleet(KINDS[kind].kind, n, KINDS[kind].shape)
    samples = []
    with tempfile.TemporaryDirectory(prefix=f"{kind}-{n}-", dir=workdir) as tmp:
        backend = Path(tmp) / "backend"
        backend.mkdir()
        env = {**emulator.env(), **KIND_ENV.get(kind, {})}
        runner = new_stack(Path(tmp), fleet, f"file://{backend}", env)
        for step in STEPS:
            samples.append(_timed_step(runner, kind, step, n, cond, emulator))
    if fleet.kind == "plivo":
        _expect_owned(emulator, 0, f"{kind} destroy (N={n})")
    return samples


def _timed_step(
    runner: PulumiStack,
    kind: str,
    step: str,
    n: int,
    cond: Conditions,
    emulator: EmulatorClient,
) -> Sample:
    clear_api(emulator)
    with ProcessWatcher() as watch:
        try:
            # PhoneNumber fleets also hold the stack identity (plivo_provider.lifecycle.identity).
            outcome = run_step(runner, step, n, bookkeeping=2 if kind.startswith("plivo") else 1)
        except RuntimeError as exc:
            raise ScenarioError(f"{kind}_{step}: {exc}") from exc
    api = api_since_clear(emulator)
    return Sample(
        f"{kind}_{step}",
        n,
        cond.latency_ms,
        cond.rate_limit,
        outcome.seconds,
        api.calls,
        api.rate_limited,
        api.retries,
        watch.peak_rss_mb("provider"),
        watch.peak_rss_mb("cli"),
        watch.cpu_seconds("provider"),
        watch.cpu_seconds("cli"),
    )


def run_sdk_script(n: int, cond: Conditions, emulator: EmulatorClient, workdir: Path) -> Sample:
    """The plain SDK script as a subprocess; its peak RSS comes from ``wait4``'s rusage."""
    fresh_emulator(emulator, cond)
    argv = [sys.executable, str(SDK_SCRIPT), APP_ID, *(number.lstrip("+") for number in numbers(n))]
    env = {**os.environ, **emulator.env()}
    with tempfile.TemporaryFile(dir=workdir) as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        # wait4 (not Popen.wait) because it also returns this child's own rusage.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            stderr.seek(0)
            raise ScenarioError(
                f"{SDK} (N={n}) exited {process.returncode}: {stderr.read().decode()[-2000:]}"
            )
    _expect_owned(emulator, n, f"{SDK} (N={n})")
    api = api_since_clear(emulator)
    cpu = usage.ru_utime + usage.ru_stime
    # ru_maxrss is in KiB on Linux.
    return Sample(
        SDK, n, cond.latency_ms, cond.rate_limit, seconds, api.calls, api.rate_limited, api.retries,
        usage.ru_maxrss / 1024, None, cpu, 0.0,
    )  # fmt: skip


def _expect_owned(emulator: EmulatorClient, count: int, what: str) -> None:
    owned = emulator.owned()
    if len(owned) != count:
        raise ScenarioError(f"after {what} the account rents {len(owned)} numbers, expected {count}")
