"""``python -m benchmarks.run [--quick]``: the benchmark suite (``make bench`` / ``make bench-quick``).

Two suites, each a list of (N, conditions) run ``--repeat`` / ``--scale-repeat`` times:

* small: N in {1, 10, 100} x added API latency L in {0, 100 ms}, rate limit off; kinds ``plivo``,
  ``noop`` and the plain SDK script;
* scale: N in {300, 1000}, L = 0, Plivo's real rate limit (300 requests / 5 s); kinds ``plivo``,
  ``noop`` (1 output field) and ``noop25`` (25 output fields).

Writes ``benchmarks/results.json``, ``results.md`` and ``results.png``. Quick run (``--quick``):
N=3, L=0, one repetition, written to ``benchmarks/out/`` (gitignored), a smoke test of the suite.

Times are reported, never asserted: the exit status is non-zero only when a scenario errors.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from plivo_emulator.testing import EmulatorClient, EmulatorProcess
from plivo_testing.pulumi_cli import find_pulumi

from . import report
from .floors import PLIVO_RATE_LIMIT
from .scenarios import Conditions, Sample, run_lifecycle, run_sdk_script

HERE = Path(__file__).resolve().parent
SMALL_SIZES = (1, 10, 100)
SMALL_LATENCIES = (0, 100)
SCALE_SIZES = (300, 1000)
SCALE_FROM = 300  # sizes from here on run at Plivo's rate limit, with noop25 and without the SDK script
QUICK_SIZE = 3
# Median of 5 for the small suite: at L=0 plivo and noop differ by a few tenths of a second, about
# one noisy run on 2 shared cores. The scale suite's runs last minutes, so it repeats less.
REPEAT = 5
SCALE_REPEAT = 1


@dataclass(frozen=True)
class Suite:
    """Sizes run under one set of conditions with some kinds, ``repeat`` times each."""

    sizes: tuple[int, ...]
    cond: Conditions
    kinds: tuple[str, ...]
    repeat: int


@dataclass(frozen=True)
class Plan:
    """What one invocation measures and where it writes."""

    suites: tuple[Suite, ...]
    out: Path
    warm_up: bool


def parse_args(argv: Sequence[str]) -> Plan:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N=3, L=0, one run each; writes benchmarks/out/")
    parser.add_argument(
        "--repeat", type=int, default=REPEAT, help=f"repetitions, N < {SCALE_FROM} (default {REPEAT})"
    )
    parser.add_argument(
        "--scale-repeat",
        type=int,
        default=SCALE_REPEAT,
        help=f"repetitions, N >= {SCALE_FROM} (default {SCALE_REPEAT})",
    )
    parser.add_argument("--sizes", default=None, help="comma-separated N values (default 1,10,100,300,1000)")
    parser.add_argument(
        "--latencies", default=None, help="comma-separated L in ms for N < 300 (default 0,100)"
    )
    parser.add_argument("--out", type=Path, default=None, help="output directory (default benchmarks/)")
    args = parser.parse_args(argv)
    if args.quick:
        quick = Suite((QUICK_SIZE,), Conditions(), ("plivo", "noop", "sdk"), 1)
        return Plan((quick,), args.out or HERE / "out", False)
    sizes = tuple(int(v) for v in args.sizes.split(",")) if args.sizes else SMALL_SIZES + SCALE_SIZES
    latencies = tuple(int(v) for v in args.latencies.split(",")) if args.latencies else SMALL_LATENCIES
    small = tuple(n for n in sizes if n < SCALE_FROM)
    scale = tuple(n for n in sizes if n >= SCALE_FROM)
    suites = [
        Suite(small, Conditions(latency), ("plivo", "noop", "sdk"), max(1, args.repeat))
        for latency in latencies
    ]
    suites.append(
        Suite(
            scale,
            Conditions(0, PLIVO_RATE_LIMIT),
            ("plivo", "noop", "noop25", "plivo-skip", "noop-skip"),
            max(1, args.scale_repeat),
        )
    )
    return Plan(tuple(suite for suite in suites if suite.sizes), args.out or HERE, True)


@dataclass
class Failure:
    """A run that errored: ``retried`` when its second attempt succeeded (then it is not fatal)."""

    what: str
    error: str
    retried: bool = False


def _runner(
    kind: str, n: int, cond: Conditions, emulator: EmulatorClient, work: Path
) -> Callable[[], list[Sample]]:
    if kind == "sdk":
        return lambda: [run_sdk_script(n, cond, emulator, work)]
    return lambda: run_lifecycle(kind, n, cond, emulator, work)


def _order(kinds: Sequence[str], repetition: int) -> list[str]:
    # Rotate who goes first each repetition, so a slow spell of the machine hits all kinds alike.
    shift = repetition % len(kinds)
    return [*kinds[shift:], *kinds[:shift]]


LOADS: list[float] = []  # the 1-minute load average after each repetition


def measure(plan: Plan, emulator: EmulatorClient, workdir: Path, failures: list[Failure]) -> list[Sample]:
    """Every suite, every N, ``repeat`` times, kinds interleaved."""
    samples: list[Sample] = []
    for suite in plan.suites:
        for n in suite.sizes:
            for repetition in range(suite.repeat):
                got = _repetition(suite, n, repetition, emulator, workdir, failures)
                samples += got
                LOADS.append(os.getloadavg()[0])
                where = f"N={n} L={suite.cond.latency_ms}ms limit {suite.cond.rate_limit}"
                shown = ", ".join(f"{s.scenario} {s.seconds:.2f}s" for s in got)
                print(f"[{where} {repetition + 1}/{suite.repeat}] {shown}", flush=True)
    return samples


def _repetition(
    suite: Suite, n: int, repetition: int, emulator: EmulatorClient, workdir: Path, failures: list[Failure]
) -> list[Sample]:
    got: list[Sample] = []
    for kind in _order(suite.kinds, repetition):
        what = f"{kind} N={n} L={suite.cond.latency_ms} limit {suite.cond.rate_limit} rep {repetition + 1}"
        got += _attempt(_runner(kind, n, suite.cond, emulator, workdir), what, failures)
    return got


def _attempt(run: Callable[[], list[Sample]], what: str, failures: list[Failure]) -> list[Sample]:
    """Run once; on an error, once more. A second error is a failure of the whole run.

    One retry, because the machine is shared: a run can die of something outside it (a full run
    once lost a `pulumi up` to a SIGTERM from another session's clean-up). A real defect fails
    both attempts; every retry is listed in results.md.
    """
    for attempt in (1, 2):
        try:
            return run()
        except Exception as exc:
            traceback.print_exc()
            failures.append(Failure(what, repr(exc)[:2000], retried=attempt == 1))
    return []


def _command_output(*argv: str) -> str:
    try:
        return subprocess.run(argv, capture_output=True, text=True, check=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def run_facts(plan: Plan, wall: float, load_at_start: float) -> dict[str, str]:
    """What a reader needs to judge the numbers."""
    commit = _command_output("git", "-C", str(HERE.parent), "rev-parse", "--short", "HEAD")
    version = importlib.metadata.version
    load = os.getloadavg()[0]
    suites = "; ".join(
        f"N in {list(s.sizes)} at L={s.cond.latency_ms} ms, rate limit {s.cond.rate_limit}, "
        f"{', '.join(s.kinds)}, {s.repeat} run(s)"
        for s in plan.suites
    )
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} CPUs, 1-minute load average {load_at_start:.2f} at the"
            f" start, {load:.2f} at the end (other work on the machine shows up as noise)"
        ),
        "versions": (
            f"pulumi CLI {_command_output(str(find_pulumi()), 'version')}, pulumi SDK {version('pulumi')}, "
            f"plivo SDK {version('plivo')}, Python {platform.python_version()}, commit {commit}"
        ),
        "how": (
            "plain `pulumi` in a fresh project folder per lifecycle (Python language host, file backend);"
            " `up`/`refresh`/`destroy` with `--yes --skip-preview`; a reset emulator per lifecycle"
        ),
        "load during the run": (
            f"1-minute load average after each repetition: min {min(LOADS):.1f}, median"
            f" {statistics.median(LOADS):.1f}, max {max(LOADS):.1f}"
            if LOADS
            else "-"
        ),
        "plan": suites,
        "wall time of the measurements": f"{wall:.0f} s",
    }


def failure_facts(failures: Sequence[Failure]) -> dict[str, str]:
    retried = [f"{f.what} ({f.error[:160]})" for f in failures if f.retried]
    failed = [f"{f.what} ({f.error[:160]})" for f in failures if not f.retried]
    return {
        "runs retried after an error": "; ".join(retried) or "none",
        "runs failed": "; ".join(failed) or "none",
    }


def write_results(samples: list[Sample], plan: Plan, facts: dict[str, str]) -> list[report.Row]:
    rows = report.build_rows(samples)
    plan.out.mkdir(parents=True, exist_ok=True)
    report.write_json(rows, plan.out / "results.json")
    (plan.out / "results.md").write_text(report.markdown(rows, facts), encoding="utf-8")
    report.plot(rows, plan.out / "results.png")
    return rows


def print_summary(rows: Sequence[report.Row]) -> None:
    print("\nscenario                     N  L(ms)  limit  median s  calls  429s", end="")
    print("  prov MB  CLI MB  floor s  vs floor")
    for r in rows:
        cells = [r.peak_rss_mb, r.cli_rss_mb, r.floor_seconds, r.vs_floor]
        shown = "  ".join(f"{c:7.2f}" if c is not None else "      -" for c in cells)
        print(
            f"{r.scenario:26} {r.n:4} {r.latency_ms:5} {r.rate_limit:>6} {r.seconds:9.2f} {r.api_calls:6}"
            f" {r.rate_limited:5}  {shown}"
        )
    print("\nratios:")
    for line in report.ratio_lines(rows):
        print("  " + line)
    print("\ntargets (reported, not asserted):")
    for v in report.verdicts(rows):
        status = "n/a" if v.met is None else ("met" if v.met else "MISSED")
        print(f"  [{status:6}] {v.target}: {v.measured}")


def main(argv: Sequence[str] | None = None) -> int:
    plan = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        pulumi = find_pulumi()
    except FileNotFoundError as exc:
        print(f"benchmarks: {exc}", file=sys.stderr)
        return 2
    if not (pulumi.parent / "pulumi-language-python").exists():
        print("benchmarks: the Pulumi CLI's Python language host is required (make cli)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    load_at_start = os.getloadavg()[0]
    failures: list[Failure] = []
    with (
        tempfile.TemporaryDirectory(prefix="plivo-bench-") as tmp,
        EmulatorProcess("--rate-limit", "0") as process,
    ):
        emulator = process.client()
        if plan.warm_up:
            # One discarded lifecycle: the first CLI run of a session pays cold caches.
            run_lifecycle("noop", 1, Conditions(), emulator, Path(tmp))
        samples = measure(plan, emulator, Path(tmp), failures)
    wall = time.perf_counter() - started
    facts = {**run_facts(plan, wall, load_at_start), **failure_facts(failures)}
    rows = write_results(samples, plan, facts)
    print_summary(rows)
    print(f"\nresults: {plan.out / 'results.json'}, results.md, results.png; total {wall:.0f} s")
    for failure in failures:
        outcome = "retried" if failure.retried else "FAILED"
        print(f"{outcome} {failure.what}: {failure.error[:500]}", file=sys.stderr)
    return 1 if any(not failure.retried for failure in failures) else 0


if __name__ == "__main__":
    sys.exit(main())
