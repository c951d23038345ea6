"""``python -m benchmarks.run [--quick]``: the benchmark suite (``make bench`` / ``make bench-quick``).

Full run: N in {1, 10, 100} x added API latency L in {0, 100 ms} x ``--repeat`` repetitions of
every scenario (see :mod:`.scenarios`), then the profile (:mod:`.profiling`). Writes
``benchmarks/results.json``, ``results.md``, ``results.png`` and ``profile.md``.

Quick run (``--quick``): N=3, L=0, one repetition, no profile, written to ``benchmarks/out/``
(gitignored) so the committed results are never overwritten. A smoke test of the suite itself.

Times are reported, never asserted: the exit status is non-zero only when a scenario errors.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from pathlib import Path

from plivo_provider.automation import pulumi_bin_dir

from . import profiling, report
from .emulator import Emulator, running
from .scenarios import Sample, run_lifecycle_isolated, run_sdk_script

HERE = Path(__file__).resolve().parent
FULL_SIZES = (1, 10, 100)
FULL_LATENCIES = (0, 100)
QUICK_SIZE = 3
# Median of 5: at L=0 the plivo and noop runs differ by a few tenths of a second, about one noisy run
# on 2 shared cores; 3 runs would let a single outlier move the median too much.
REPEAT = 5


@dataclass(frozen=True)
class Plan:
    """What one invocation measures and where it writes."""

    sizes: tuple[int, ...]
    latencies: tuple[int, ...]
    repeat: int
    out: Path
    profile: bool
    warm_up: bool


def parse_args(argv: Sequence[str]) -> Plan:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N=3, L=0, one run each; writes benchmarks/out/")
    parser.add_argument(
        "--repeat", type=int, default=REPEAT, help=f"repetitions per scenario (default {REPEAT})"
    )
    parser.add_argument("--sizes", default=None, help="comma-separated N values (default 1,10,100)")
    parser.add_argument("--latencies", default=None, help="comma-separated L values in ms (default 0,100)")
    parser.add_argument("--out", type=Path, default=None, help="output directory (default benchmarks/)")
    parser.add_argument("--no-profile", action="store_true", help="skip the profile (profile.md)")
    args = parser.parse_args(argv)
    if args.quick:
        return Plan((QUICK_SIZE,), (0,), 1, args.out or HERE / "out", False, False)
    sizes = tuple(int(v) for v in args.sizes.split(",")) if args.sizes else FULL_SIZES
    latencies = tuple(int(v) for v in args.latencies.split(",")) if args.latencies else FULL_LATENCIES
    return Plan(sizes, latencies, max(1, args.repeat), args.out or HERE, not args.no_profile, True)


@dataclass
class Failure:
    """A run that errored: ``retried`` when its second attempt succeeded (then it is not fatal)."""

    what: str
    error: str
    retried: bool = False


Runner = Callable[[int, int, Emulator, Path], list[Sample]]

RUNNERS: dict[str, Runner] = {
    "plivo": lambda n, latency, emu, work: run_lifecycle_isolated("plivo", n, latency, emu, work),
    "noop": lambda n, latency, emu, work: run_lifecycle_isolated("noop", n, latency, emu, work),
    "sdk": lambda n, latency, emu, work: [run_sdk_script(n, latency, emu, work)],
}


def _order(repetition: int) -> list[str]:
    # Rotate who goes first each repetition, so a slow spell of the machine hits all kinds alike.
    names = list(RUNNERS)
    shift = repetition % len(names)
    return names[shift:] + names[:shift]


def measure(plan: Plan, emulator: Emulator, workdir: Path, failures: list[Failure]) -> list[Sample]:
    """Every scenario, every N and latency, ``plan.repeat`` times, interleaved."""
    samples: list[Sample] = []
    for n in plan.sizes:
        for latency in plan.latencies:
            emulator.set_latency(latency)
            for repetition in range(plan.repeat):
                got = []
                for name in _order(repetition):
                    what = f"{name} N={n} L={latency} rep {repetition + 1}"
                    got += _attempt(partial(RUNNERS[name], n, latency, emulator, workdir), what, failures)
                samples += got
                shown = ", ".join(f"{s.scenario} {s.seconds:.2f}s" for s in got)
                print(f"[N={n} L={latency}ms {repetition + 1}/{plan.repeat}] {shown}", flush=True)
    return samples


def _attempt(run: Callable[[], list[Sample]], what: str, failures: list[Failure]) -> list[Sample]:
    """Run once; on an error, once more. A second error is a failure of the whole run.

    One retry, because the machine is shared: a run can die of something outside it (the first
    full run lost one `pulumi up` to a SIGTERM from another session's clean-up). A real defect
    fails both attempts; every retry is listed in results.md.
    """
    for attempt in (1, 2):
        try:
            return run()
        except Exception as exc:
            traceback.print_exc()
            failures.append(Failure(what, repr(exc)[:2000], retried=attempt == 1))
    return []


def warm_up(emulator: Emulator, workdir: Path) -> None:
    """One discarded noop lifecycle: the first CLI run of a session pays cold caches."""
    emulator.set_latency(0)
    run_lifecycle_isolated("noop", 1, 0, emulator, workdir)


def _command_output(*argv: str) -> str:
    try:
        return subprocess.run(argv, capture_output=True, text=True, check=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def run_facts(plan: Plan, wall: float, load_at_start: float) -> dict[str, str]:
    """What a reader needs to judge the numbers."""
    bin_dir = pulumi_bin_dir()
    pulumi = str(bin_dir / "pulumi") if bin_dir else "pulumi"
    commit = _command_output("git", "-C", str(HERE.parent), "rev-parse", "--short", "HEAD")
    version = importlib.metadata.version
    load = os.getloadavg()[0]
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} CPUs, 1-minute load average {load_at_start:.2f} at the"
            f" start, {load:.2f} at the end (other work on the machine shows up as noise)"
        ),
        "versions": (
            f"pulumi CLI {_command_output(pulumi, 'version')}, pulumi SDK {version('pulumi')}, "
            f"plivo SDK {version('plivo')}, Python {platform.python_version()}, commit {commit}"
        ),
        "plan": (
            f"N in {list(plan.sizes)}, L in {list(plan.latencies)} ms, {plan.repeat} repetition(s) per "
            "scenario (median shown), a fresh stack and file backend and a reset emulator per repetition, "
            "emulator rate limit off"
        ),
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
    print("\nscenario                  N  L(ms)  median s  calls  RSS MB  floor s  vs floor")
    for r in rows:
        floor = f"{r.floor_seconds:8.2f}" if r.floor_seconds is not None else "       -"
        vs = f"{r.vs_floor:8.2f}" if r.vs_floor is not None else "       -"
        rss = f"{r.peak_rss_mb:6.1f}" if r.peak_rss_mb is not None else "     -"
        print(f"{r.scenario:24} {r.n:3} {r.latency_ms:5} {r.seconds:9.2f} {r.api_calls:6} {rss} {floor} {vs}")
    print("\nratios:")
    for line in report.ratio_lines(rows):
        print("  " + line)
    print("\ntargets (reported, not asserted):")
    for v in report.verdicts(rows):
        status = "n/a" if v.met is None else ("met" if v.met else "MISSED")
        print(f"  [{status:6}] {v.target}: {v.measured}")


def main(argv: Sequence[str] | None = None) -> int:
    plan = parse_args(sys.argv[1:] if argv is None else argv)
    bin_dir = pulumi_bin_dir()
    if bin_dir is None or not (bin_dir / "pulumi-resource-pulumi-python").exists():
        print("benchmarks: the Pulumi CLI and its Python shim are required (make cli)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    load_at_start = os.getloadavg()[0]
    failures: list[Failure] = []
    with tempfile.TemporaryDirectory(prefix="plivo-bench-") as tmp, running(0) as emulator:
        workdir = Path(tmp)
        if plan.warm_up:
            warm_up(emulator, workdir)
        samples = measure(plan, emulator, workdir, failures)
    wall = time.perf_counter() - started
    facts = {**run_facts(plan, wall, load_at_start), **failure_facts(failures)}
    rows = write_results(samples, plan, facts)
    print_summary(rows)
    if plan.profile:
        profile_started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="plivo-profile-") as tmp:
            measured = profiling.measure(Path(tmp))
        facts["wall time of the profile"] = f"{time.perf_counter() - profile_started:.0f} s"
        profiling.write(measured, plan.out / "profile.md", facts)
        print(f"\nprofile: {plan.out / 'profile.md'}")
    total = time.perf_counter() - started
    print(f"\nresults: {plan.out / 'results.json'}, results.md, results.png; total {total:.0f} s")
    for failure in failures:
        outcome = "retried" if failure.retried else "FAILED"
        print(f"{outcome} {failure.what}: {failure.error[:500]}", file=sys.stderr)
    return 1 if any(not failure.retried for failure in failures) else 0


if __name__ == "__main__":
    sys.exit(main())
