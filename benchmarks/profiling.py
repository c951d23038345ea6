"""Profile of ``plivo_up`` (N=100, L=0) -> ``profile.md``: where the time of one ``pulumi up`` goes.

Three views, each against a baseline:

1. import time of the provider process, with and without ``plivo_provider`` (:mod:`.importcost`);
2. per-call cost of the provider's HTTP client vs a bare ``http.client`` and vs the time spent
   inside the emulator (:mod:`.percall`);
3. one real ``pulumi up`` of ``plivo_up`` and of ``noop_up``, with the provider process started
   through :mod:`.provider_probe` (every gRPC call and HTTP call timed inside the provider) and the
   emulator through :mod:`.timed_emulator`: provider start-up, time with at least one provider
   call in flight, time without (engine, CLI, checkpoints), and the Automation API's extra
   ``stack output`` / ``stack history`` commands after ``up``.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .emulator import Emulator, running
from .importcost import ImportCost
from .importcost import measure as measure_imports
from .percall import CallCost, server_timings
from .percall import measure as measure_calls
from .procwatch import ProcessWatcher
from .provider_probe import CLIENT_ENV, LOG_ENV
from .stacks import PROVIDER_MODULE, new_stack, noop_program, plivo_program, run_operation

PROFILE_N = 100
Interval = tuple[float, float]


@dataclass(frozen=True)
class RunProfile:
    """One probed ``pulumi up``: its timeline, split by who was working."""

    kind: str
    wall: float
    provider_start_offset: float  # from the start of `up` to the provider process existing
    provider_ready: float  # process start to gRPC server registered (interpreter + imports)
    busy: float  # union of provider RPC intervals
    rpc_ms: dict[str, tuple[int, float, float]]  # name -> (count, median ms, total s)
    create_parallelism: float
    create_overhead_ms: float | None  # median Create time not spent in HTTP calls
    http_client_ms: dict[str, float]  # method -> median, inside the provider
    http_server_ms: dict[str, float]  # method -> median, inside the emulator
    after_up: dict[str, float]  # Automation API calls after `pulumi up` itself
    provider_cpu_seconds: float
    provider_peak_rss_mb: float | None


def union_length(intervals: Iterable[Interval]) -> float:
    """Total time covered by at least one interval."""
    total, end = 0.0, float("-inf")
    for start, stop in sorted(intervals):
        if stop <= end:
            continue
        total += stop - max(start, end)
        end = stop
    return total


def _read_probe(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _median_by(items: Iterable[dict[str, Any]], key: str, value: str) -> dict[str, float]:
    groups: dict[str, list[float]] = defaultdict(list)
    for item in items:
        groups[item[key]].append(item[value])
    return {name: statistics.median(values) for name, values in sorted(groups.items())}


def _create_overhead(rpcs: Sequence[dict[str, Any]], http: Sequence[dict[str, Any]]) -> float | None:
    """Median ms of each Create not spent waiting for HTTP calls made by that same thread."""
    overheads = []
    for rpc in rpcs:
        if rpc["name"] != "Create":
            continue
        inside = [
            h["end"] - h["start"]
            for h in http
            if h["thread"] == rpc["thread"] and rpc["start"] <= h["start"] and h["end"] <= rpc["end"]
        ]
        overheads.append((rpc["end"] - rpc["start"] - sum(inside)) * 1000)
    return statistics.median(overheads) if overheads and http else None


def _probe_python(directory: Path) -> Path:
    """The executable the shim runs as ``$PULUMI_PYTHON_CMD -u -m pulumi.dynamic ARGS``."""
    wrapper = directory / "probe-python"
    wrapper.write_text(
        f'#!/bin/sh\nexec "{sys.executable}" -u -m benchmarks.provider_probe "$@"\n', encoding="utf-8"
    )
    wrapper.chmod(0o755)
    return wrapper


def _after_up(runner: Any) -> dict[str, float]:
    # Stack.up() runs these two commands after `pulumi up`; time them on their own.
    stack = runner.stack_handle()
    timings = {}
    for name, call in (("pulumi stack output", stack.outputs), ("pulumi stack history", stack.info)):
        started = time.perf_counter()
        call()
        timings[name] = time.perf_counter() - started
    return timings


def profile_up(kind: str, emulator: Emulator, workdir: Path) -> RunProfile:
    """One probed ``up`` of ``PROFILE_N`` resources of ``kind`` (``plivo`` or ``noop``)."""
    emulator.reset()
    root = Path(tempfile.mkdtemp(prefix=f"profile-{kind}-", dir=workdir))
    log = root / "probe.jsonl"
    env = {**emulator.env(), "PULUMI_PYTHON_CMD": str(_probe_python(root)), LOG_ENV: str(log)}
    env[CLIENT_ENV] = "1" if kind == "plivo" else "0"
    program = plivo_program(PROFILE_N) if kind == "plivo" else noop_program(PROFILE_N)
    runner = new_stack(root / "stack", program, env)
    server_timings(emulator)
    with ProcessWatcher(PROVIDER_MODULE) as watch:
        outcome = run_operation(runner, "up", PROFILE_N)
    server = server_timings(emulator)
    after = _after_up(runner)
    runner.destroy()
    return _summarise(kind, outcome.started, outcome.finished, _read_probe(log), server, after, watch)


def _summarise(
    kind: str,
    started: float,
    finished: float,
    events: list[dict[str, Any]],
    server: list[dict[str, Any]],
    after: dict[str, float],
    watch: ProcessWatcher,
) -> RunProfile:
    # The log also holds the clean-up destroy's provider process: keep what happened during `up`.
    events = [e for e in events if started <= e.get("time", e.get("start", 0.0)) <= finished]
    start = next(e for e in events if e["kind"] == "start")
    ready = next(e for e in events if e["kind"] == "ready")
    rpcs = [e for e in events if e["kind"] == "rpc"]
    http = [e for e in events if e["kind"] == "http"]
    creates = [(e["start"], e["end"]) for e in rpcs if e["name"] == "Create"]
    create_union = union_length(creates)
    rpc_ms = {}
    for name in sorted({e["name"] for e in rpcs}):
        durations = [e["end"] - e["start"] for e in rpcs if e["name"] == name]
        rpc_ms[name] = (len(durations), statistics.median(durations) * 1000, sum(durations))
    for item in (*http, *server):
        item["ms"] = (item["end"] - item["start"]) * 1000 if "end" in item else item["seconds"] * 1000
    return RunProfile(
        kind=kind,
        wall=finished - started,
        provider_start_offset=start["process_start"] - started,
        provider_ready=ready["time"] - start["process_start"],
        busy=union_length((e["start"], e["end"]) for e in rpcs),
        rpc_ms=rpc_ms,
        create_parallelism=sum(b - a for a, b in creates) / create_union if create_union else 0.0,
        create_overhead_ms=_create_overhead(rpcs, http),
        http_client_ms=_median_by(http, "method", "ms"),
        http_server_ms=_median_by(server, "method", "ms"),
        after_up=after,
        provider_cpu_seconds=watch.cpu_seconds,
        provider_peak_rss_mb=watch.peak_rss_mb,
    )


@dataclass(frozen=True)
class Profile:
    imports: ImportCost
    calls: list[CallCost]
    runs: list[RunProfile]


def measure(workdir: Path) -> Profile:
    """All three views; runs its own timed emulator at L=0."""
    imports = measure_imports()
    with running(0, module="benchmarks.timed_emulator") as emulator:
        calls = measure_calls(emulator)
        runs = [profile_up(kind, emulator, workdir) for kind in ("noop", "plivo", "noop", "plivo")]
    return Profile(imports, calls, runs)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _import_section(cost: ImportCost) -> list[str]:
    top = ", ".join(f"{name} {ms:.1f}" for name, ms in cost.added_self_ms_by_package[:10])
    own = sum(ms for name, ms in cost.added_self_ms_by_package if name == "plivo_provider")
    others = sum(ms for name, ms in cost.added_self_ms_by_package if name != "plivo_provider")
    return [
        "## 1. Provider process import time",
        "",
        f"- pulumi's provider host (`pulumi/dynamic/__main__.py` imports): {_ms(cost.host_seconds)} (median)",
        f"- the same + `import plivo_provider.provider`: {_ms(cost.with_provider_seconds)} (median)",
        f"- **added by plivo_provider: {_ms(cost.added_seconds)}** (target < 50 ms)",
        f"- modules it adds: {cost.added_modules}; their own import time by top-level package "
        f"(ms, `-X importtime` self time, which inflates absolute numbers): {top}",
        f"- of that self time, plivo_provider's own modules: {own:.1f} ms; its dependencies (requests and"
        f" what requests pulls in): {others:.1f} ms",
        "",
    ]


def _calls_section(calls: Sequence[CallCost]) -> list[str]:
    lines = [
        "## 2. Per-call cost, sequential, outside Pulumi (median ms per call, L = 0)",
        "",
        "| client | call | client ms | inside emulator ms | client-side overhead ms |",
        "|---|---|---|---|---|",
    ]
    for c in calls:
        row = f"| {c.client} | {c.operation} | {c.client_ms:.2f} | {c.server_ms:.2f} | {c.overhead_ms:.2f} |"
        lines.append(row)
    return [*lines, ""]


def _run_lines(run: RunProfile) -> list[str]:
    rpcs = "; ".join(
        f"{name} x{count}: {median:.1f} ms median, {total:.2f} s total"
        for name, (count, median, total) in run.rpc_ms.items()
    )
    http = ", ".join(
        f"{m} {ms:.2f} ms (emulator {run.http_server_ms.get(m, float('nan')):.2f})"
        for m, ms in run.http_client_ms.items()
    )
    after = ", ".join(f"{name} {_ms(s)}" for name, s in run.after_up.items())
    overhead = f"{run.create_overhead_ms:.1f} ms" if run.create_overhead_ms is not None else "-"
    idle = run.wall - run.busy
    rss = run.provider_peak_rss_mb or 0.0
    return [
        f"### {run.kind}_up, N={PROFILE_N}, L=0",
        "",
        f"- wall time of `Stack.up()`: {run.wall:.2f} s; of which the Automation API's follow-up commands"
        f" (timed separately afterwards): {after}",
        f"- provider process started {_ms(run.provider_start_offset)} after `up` began (CLI start-up, plugin"
        f" resolution); ready to serve {_ms(run.provider_ready)} after its start",
        f"- provider busy (>= 1 RPC in flight): {run.busy:.2f} s; **engine/CLI/Automation time with no"
        f" provider call in flight: {idle:.2f} s**",
        f"- RPCs: {rpcs}",
        f"- Create parallelism achieved: {run.create_parallelism:.2f} (limit 4); Create time not spent in"
        f" HTTP: {overhead} median",
        f"- HTTP calls inside the provider (client side, median): {http or '-'}",
        f"- provider process CPU: {run.provider_cpu_seconds:.2f} s; peak RSS: {rss:.1f} MB",
        "",
    ]


def _difference_section(runs: Sequence[RunProfile]) -> list[str]:
    """plivo_up minus noop_up, medians over the probed runs: where the extra time goes."""

    def median(kind: str, value: str) -> float:
        return float(statistics.median(getattr(run, value) for run in runs if run.kind == kind))

    def idle(kind: str) -> float:
        return statistics.median(run.wall - run.busy for run in runs if run.kind == kind)

    extra_wall = median("plivo", "wall") - median("noop", "wall")
    extra_busy = median("plivo", "busy") - median("noop", "busy")
    extra_cpu = median("plivo", "provider_cpu_seconds") - median("noop", "provider_cpu_seconds")
    return [
        "### plivo_up - noop_up (medians of the probed runs)",
        "",
        f"- wall: {median('plivo', 'wall'):.2f} s - {median('noop', 'wall'):.2f} s = **{extra_wall:+.2f} s**"
        f" (ratio {median('plivo', 'wall') / median('noop', 'wall'):.2f})",
        f"- provider busy: {extra_busy:+.2f} s; time with no provider call in flight (engine, CLI,"
        f" driver): {idle('plivo') - idle('noop'):+.2f} s",
        f"- provider process CPU: {extra_cpu:+.2f} s",
        "",
    ]


def markdown(profile: Profile, meta: dict[str, str]) -> str:
    lines = ["# Profile of plivo_up", "", *(f"- {key}: {value}" for key, value in meta.items()), ""]
    lines += _import_section(profile.imports)
    lines += _calls_section(profile.calls)
    lines += ["## 3. One `pulumi up` of N=100, timed inside the provider process", ""]
    lines += ["(Each kind ran twice, alternating; both runs are shown.)", ""]
    for run in profile.runs:
        lines += _run_lines(run)
    lines += _difference_section(profile.runs)
    return "\n".join(lines) + "\n"


def write(profile: Profile, path: Path, meta: dict[str, str]) -> None:
    path.write_text(markdown(profile, meta), encoding="utf-8")


def main() -> int:
    """``python -m benchmarks.profiling``: the profile alone, printed (for iterating on it)."""
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        print(markdown(measure(Path(tmp)), {"pid": str(os.getpid())}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
