"""One repetition of each scenario: a lifecycle on a fresh stack, or one run of the SDK script.

Scenario names are ``<kind>_<step>``: kind ``plivo`` (PhoneNumber) or ``noop`` (the do-nothing
provider) and step ``up``, ``preview_nochange``, ``up_nochange``, ``refresh``, ``destroy``, run in
that order on one stack; plus ``sdk_script``. Each operation is checked against the changes it
must report, so a broken run fails loudly instead of producing a fast, meaningless number.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .emulator import APP_ID, AUTH_ID, Emulator, numbers
from .procwatch import ProcessWatcher
from .stacks import PROVIDER_MODULE, REPO_ROOT, new_stack, noop_program, plivo_program, run_operation

# (step name, Automation API operation, the change kind every number must show)
STEPS = (
    ("up", "up", "create"),
    ("preview_nochange", "preview", "same"),
    ("up_nochange", "up", "same"),
    ("refresh", "refresh", "same"),
    ("destroy", "destroy", "delete"),
)
KINDS = ("plivo", "noop")
SDK = "sdk_script"
SDK_SCRIPT = Path(__file__).resolve().parent / "sdk_script.py"
SCENARIOS = (*(f"{kind}_{step}" for kind in KINDS for step, _, _ in STEPS), SDK)


class ScenarioError(RuntimeError):
    """A scenario did not do what it must (an error, or the wrong changes)."""


@dataclass(frozen=True)
class Sample:
    """One timed run of one scenario."""

    scenario: str
    n: int
    latency_ms: int
    seconds: float
    api_calls: int
    peak_rss_mb: float | None
    cpu_seconds: float


def run_lifecycle(kind: str, n: int, latency_ms: int, emulator: Emulator, workdir: Path) -> list[Sample]:
    """All steps of ``kind`` on a new stack and backend, against a freshly reset emulator."""
    emulator.reset()
    program = plivo_program(n) if kind == "plivo" else noop_program(n)
    samples = []
    with tempfile.TemporaryDirectory(prefix=f"{kind}-{n}-", dir=workdir) as tmp:
        runner = new_stack(Path(tmp), program, emulator.env())
        for step, operation, change in STEPS:
            emulator.clear_log()
            with ProcessWatcher(PROVIDER_MODULE) as watch:
                started = time.perf_counter()
                outcome = run_operation(runner, operation, n)
                seconds = time.perf_counter() - started
            if outcome.changes != {change: n}:
                raise ScenarioError(
                    f"{kind}_{step} (N={n}): expected {{{change!r}: {n}}}, got {outcome.changes}"
                )
            calls = emulator.api_calls()
            samples.append(
                Sample(f"{kind}_{step}", n, latency_ms, seconds, calls, watch.peak_rss_mb, watch.cpu_seconds)
            )
    _expect_owned(emulator, 0, f"{kind} destroy (N={n})")
    return samples


def run_lifecycle_isolated(
    kind: str, n: int, latency_ms: int, emulator: Emulator, workdir: Path
) -> list[Sample]:
    """:func:`run_lifecycle` in a fresh driver process (``python -m benchmarks.lifecycle``).

    Why a fresh process: pulumi's ``serialize_provider`` (pulumi/dynamic/dynamic.py) wraps
    ``pickle._Pickler._batch_setitems`` once more on every dynamic resource it serialises and
    never unwraps it, so one Python process can construct only about 985 ``PhoneNumber``s before
    pickling hits RecursionError. A full run constructs thousands. A fresh driver per lifecycle is
    also what a user's ``pulumi up`` looks like: no threads or caches left from earlier stacks.
    """
    argv = [
        sys.executable,
        "-m",
        "benchmarks.lifecycle",
        kind,
        str(n),
        str(latency_ms),
        emulator.url,
        str(workdir),
    ]
    done = subprocess.run(argv, capture_output=True, text=True, cwd=REPO_ROOT, check=False)
    if done.returncode != 0:
        raise ScenarioError(f"{kind} lifecycle (N={n}, L={latency_ms}) failed: {_essence(done.stderr)}")
    return [Sample(**item) for item in json.loads(done.stdout.strip().splitlines()[-1])]


def _essence(stderr: str) -> str:
    # The CLI's progress lines ("creating (0s)") bury the error; keep the lines that explain it.
    lines = [
        line for line in stderr.splitlines() if line.strip() and " (0" not in line and "(0s)" not in line
    ]
    return "\n".join(lines[-25:])


def run_sdk_script(n: int, latency_ms: int, emulator: Emulator, workdir: Path) -> Sample:
    """The plain SDK script as a subprocess; its peak RSS comes from ``wait4``'s rusage."""
    emulator.reset()
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
    calls = emulator.api_calls()
    # ru_maxrss is in KiB on Linux.
    return Sample(SDK, n, latency_ms, seconds, calls, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def _expect_owned(emulator: Emulator, count: int, what: str) -> None:
    owned = emulator.control("GET", f"accounts/{AUTH_ID}/numbers")["numbers"]
    if len(owned) != count:
        raise ScenarioError(f"after {what} the account rents {len(owned)} numbers, expected {count}")
