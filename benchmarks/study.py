"""``python -m benchmarks.study STUDY``: the engine and rate-limit studies behind ``profile.md``.

Studies (each prints one JSON line per run and a summary table; ``--out FILE`` keeps the lines):

* ``growth``: do-nothing ``up`` and no-change ``preview`` against N and the number of output
  fields, on the file and the PostgreSQL backend, with the growth exponent (a least-squares fit
  of log t against log N, raw and with the time at N=1 taken off);
* ``levers``: the engine's own options at one N (checkpoint skipping, backups, integrity checks,
  gzip, ``--parallel``, splitting the fleet into k stacks run at once);
* ``state``: up and preview against what each resource stores (PhoneNumber's outputs, a slim
  set, 1 field), plus the bytes per resource in the checkpoint;
* ``ratelimit``: PhoneNumber creates against the emulator at ``--limit`` (Plivo's 300 requests /
  5 s by default): one stack of N, and k stacks of N at once on one account, for each
  ``--pacing`` the provider is given (``PLIVO_RATE_LIMIT``; ``0`` is unpaced): the 429s before
  and after pacing;
* ``crash``: ``kill -9`` of ``pulumi up`` after some purchases, with and without
  ``PULUMI_SKIP_CHECKPOINTS``; then a second ``up``: what state lost and what recovery cost.

Every run uses a fresh project folder and stack; runs of one study are interleaved per repetition.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plivo_emulator.http.faults import parse_rate_limit
from plivo_emulator.testing import EmulatorClient, EmulatorProcess
from plivo_provider.api.pacing import PLIVO_LIMIT
from plivo_testing.pulumi_cli import PulumiStack

from .floors import PLIVO_RATE_LIMIT
from .procwatch import ProcessWatcher
from .scenarios import Conditions, api_since_clear, clear_api, fresh_emulator
from .stacks import Fleet, new_stack

Result = dict[str, Any]
Emit = Callable[[Result], Result]

# name -> (extra environment, extra flags of `up`)
LEVERS: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {
    "baseline": ({}, ()),
    "skip-checkpoints": ({"PULUMI_SKIP_CHECKPOINTS": "true"}, ()),
    "no-backups": ({"PULUMI_DIY_BACKEND_DISABLE_CHECKPOINT_BACKUPS": "true"}, ()),
    "no-integrity": ({}, ("--disable-integrity-checking",)),
    "gzip": ({"PULUMI_DIY_BACKEND_GZIP": "true"}, ()),
    "parallel-4": ({}, ("--parallel", "4")),
    "parallel-32": ({}, ("--parallel", "32")),
    # Not a setting: the program stops the SDK recording each resource's call stack (see program).
    "no-stack-traces": ({}, ()),
}


@dataclass
class Backends:
    """Where state lives: ``file`` (a fresh folder per stack) or ``postgres`` (one private cluster)."""

    root: Path
    postgres_url: str | None = None

    def url(self, kind: str, folder: Path) -> str:
        if kind == "postgres":
            if self.postgres_url is None:
                raise RuntimeError("no PostgreSQL cluster was started")
            return self.postgres_url
        backend = folder / "backend"
        backend.mkdir(parents=True, exist_ok=True)
        return f"file://{backend}"


@contextmanager
def backends(root: Path, with_postgres: bool) -> Iterator[Backends]:
    if not with_postgres:
        yield Backends(root)
        return
    from tests.harness.postgres import PostgresCluster

    with PostgresCluster() as cluster:
        yield Backends(root, cluster.url)


def _stack_name() -> str:
    # Unique: stacks of every run share one PostgreSQL database.
    return f"s{uuid.uuid4().hex[:10]}"


def _timed(runner: PulumiStack, argv: Sequence[str], env: Mapping[str, str] | None = None) -> float:
    saved = dict(runner.env)
    runner.env = {**saved, **(env or {})}
    try:
        started = time.perf_counter()
        runner.run(*argv)
        return time.perf_counter() - started
    finally:
        runner.env = saved


def engine_run(
    bk: Backends,
    backend: str,
    n: int,
    shape: str,
    env: Mapping[str, str] | None = None,
    flags: Sequence[str] = (),
    stack_traces: bool = True,
) -> Result:
    """One do-nothing stack: ``up`` then a no-change ``preview``, timed, with the CLI's peak RSS."""
    with tempfile.TemporaryDirectory(dir=bk.root) as tmp:
        folder = Path(tmp)
        fleet = Fleet("noop", n, shape, stack_traces=stack_traces)
        runner = new_stack(folder, fleet, bk.url(backend, folder), {}, _stack_name())
        with ProcessWatcher() as watch:
            up = _timed(runner, ("up", "--yes", "--skip-preview", *flags), env)
        preview = _timed(runner, ("preview",), env)
        size = _checkpoint_bytes(folder) if backend == "file" else None
        return {
            "up": up,
            "preview": preview,
            "cli_rss_mb": watch.peak_rss_mb("cli"),
            "checkpoint_bytes": size,
        }


def _checkpoint_bytes(folder: Path) -> int | None:
    files = [
        p
        for p in (folder / "backend").rglob("*.json*")
        if ".bak" not in p.name and p.parent.name != "history"
    ]
    stacks = [p for p in files if "/stacks/" in str(p)]
    return max((p.stat().st_size for p in stacks), default=None)


# -- growth ----------------------------------------------------------------------------------------


def growth(args: argparse.Namespace, bk: Backends, emit: Emit) -> list[Result]:
    results: list[Result] = []
    cases = [(b, n, f) for b in args.backends for n in args.sizes for f in args.fields]
    for rep in range(args.repeat):
        for backend, n, fields in _rotate(cases, rep):
            got = engine_run(bk, backend, n, f"fields:{fields}")
            results.append(emit({"study": "growth", "backend": backend, "n": n, "fields": fields, **got}))
    return results


def exponent(points: Sequence[tuple[float, float]]) -> float | None:
    """The least-squares slope of log t against log N."""
    usable = [(math.log(n), math.log(t)) for n, t in points if n > 0 and t > 0]
    if len(usable) < 2:
        return None
    mx = statistics.mean(x for x, _ in usable)
    my = statistics.mean(y for _, y in usable)
    var = sum((x - mx) ** 2 for x, _ in usable)
    return sum((x - mx) * (y - my) for x, y in usable) / var if var else None


def growth_table(results: Sequence[Result]) -> list[str]:
    cells: dict[tuple[str, int, int], dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for r in results:
        for step in ("up", "preview"):
            cells[(r["backend"], r["fields"], r["n"])][step].append(r[step])
    lines = [
        "| backend | fields | step | "
        + " | ".join(f"N={n}" for n in _sizes(cells))
        + " | exponent | marginal |"
    ]
    lines.append("|" + "---|" * (len(_sizes(cells)) + 5))
    for backend, fields in sorted({(b, f) for b, f, _ in cells}):
        for step in ("up", "preview"):
            medians = {
                n: statistics.median(cells[(backend, fields, n)][step])
                for n in _sizes(cells)
                if (backend, fields, n) in cells
            }
            raw = exponent([(n, t) for n, t in medians.items() if n > 1])
            base = medians.get(1)
            marginal = exponent([(n, t - base) for n, t in medians.items() if n > 1]) if base else None
            shown = " | ".join(f"{medians[n]:.2f}" if n in medians else "-" for n in _sizes(cells))
            lines.append(f"| {backend} | {fields} | {step} | {shown} | {_fmt(raw)} | {_fmt(marginal)} |")
    return lines


def _sizes(cells: Mapping[tuple[str, int, int], Any]) -> list[int]:
    return sorted({n for _, _, n in cells})


def _fmt(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else "-"


# -- levers ----------------------------------------------------------------------------------------


def levers(args: argparse.Namespace, bk: Backends, emit: Emit) -> list[Result]:
    results: list[Result] = []
    cases = [*args.levers, *(f"split-{k}" for k in args.splits)]
    for rep in range(args.repeat):
        for case in _rotate(cases, rep):
            if case.startswith("split-"):
                got = split_run(bk, args.n, int(case.removeprefix("split-")), args.shape)
            else:
                env, flags = LEVERS[case]
                got = engine_run(bk, "file", args.n, args.shape, env, flags, case != "no-stack-traces")
            results.append(emit({"study": "levers", "case": case, "n": args.n, "shape": args.shape, **got}))
    return results


def split_run(bk: Backends, n: int, k: int, shape: str) -> Result:
    """``k`` stacks of ``n / k`` resources each (one backend), their ``up``s started together."""
    with tempfile.TemporaryDirectory(dir=bk.root) as tmp:
        url = bk.url("file", Path(tmp))
        size = math.ceil(n / k)
        runners = [
            new_stack(
                Path(tmp) / f"part{i}", Fleet("noop", size, shape, i * size), url, {}, f"part{i}", total=n
            )
            for i in range(k)
        ]
        started = time.perf_counter()
        processes = [runner.start("up", "--yes", "--skip-preview") for runner in runners]
        for process in processes:
            out, _ = process.communicate(timeout=1800)
            if process.returncode != 0:
                raise RuntimeError(f"split up exited {process.returncode}: {out[-2000:]}")
        return {"up": time.perf_counter() - started, "preview": None}


def case_table(results: Sequence[Result], key: str) -> list[str]:
    cases: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        cases[r[key]].append(r)
    base = statistics.median(r["up"] for r in cases.get("baseline", cases.get("phone", [])) or results)
    lines = [
        f"| {key} | up s (median) | runs | vs first | preview s | checkpoint bytes |",
        "|---|---|---|---|---|---|",
    ]
    for name, rows in cases.items():
        up = statistics.median(r["up"] for r in rows)
        previews = [r["preview"] for r in rows if r.get("preview") is not None]
        preview = f"{statistics.median(previews):.2f}" if previews else "-"
        sizes = [r["checkpoint_bytes"] for r in rows if r.get("checkpoint_bytes")]
        runs = " ".join(f"{r['up']:.1f}" for r in rows)
        lines.append(
            f"| {name} | {up:.2f} | {runs} | {up / base:.2f} | {preview} | {max(sizes) if sizes else '-'} |"
        )
    return lines


# -- state -----------------------------------------------------------------------------------------


def state(args: argparse.Namespace, bk: Backends, emit: Emit) -> list[Result]:
    results: list[Result] = []
    for rep in range(args.repeat):
        for shape in _rotate(args.shapes, rep):
            got = engine_run(bk, "file", args.n, shape)
            results.append(emit({"study": "state", "shape": shape, "n": args.n, **got}))
    return results


def breakdown(resource: Mapping[str, Any]) -> dict[str, int]:
    """Bytes of one resource in the checkpoint (compact JSON), by part."""

    def size(value: Any) -> int:
        return len(json.dumps(value, separators=(",", ":")))

    parts = {key: size(value) + len(key) + 3 for key, value in resource.items()}
    outputs = dict(resource.get("outputs") or {})
    inputs = dict(resource.get("inputs") or {})
    return {
        "total": size(resource),
        "outputs (all)": parts.get("outputs", 0),
        "  declared": size(outputs.get("declared", {})) + 11,
        "  __provider": size(outputs.get("__provider", "")) + 13,
        "inputs (all)": parts.get("inputs", 0),
        "  __provider ": size(inputs.get("__provider", "")) + 13,
        "stackTrace + sourcePosition": parts.get("stackTrace", 0) + parts.get("sourcePosition", 0),
        "urn, parent, provider, id, type": sum(
            parts.get(k, 0) for k in ("urn", "parent", "provider", "id", "type")
        ),
        "propertyDependencies": parts.get("propertyDependencies", 0),
        "created, modified, custom": sum(parts.get(k, 0) for k in ("created", "modified", "custom")),
    }


# -- rate limit ------------------------------------------------------------------------------------


def ratelimit(args: argparse.Namespace, bk: Backends, emit: Emit) -> list[Result]:
    results: list[Result] = []
    with EmulatorProcess("--rate-limit", "0") as process:
        emulator = process.client()
        cases = [(k, args.n, pacing) for k in (1, *args.splits) for pacing in args.pacing]
        for rep in range(args.repeat):
            for k, n, pacing in _rotate(cases, rep):
                got = concurrent_creates(bk, emulator, k, n, args.limit, pacing)
                results.append(
                    emit({"study": "ratelimit", "stacks": k, "n_per_stack": n, "limit": args.limit,
                          "pacing": pacing, **got})
                )  # fmt: skip
    return results


def concurrent_creates(
    bk: Backends, emulator: EmulatorClient, k: int, n: int, limit: str, pacing: str
) -> Result:
    """``k`` stacks of ``n`` PhoneNumbers each, ``up`` at once on one account at ``limit``, the
    provider pacing itself to ``pacing`` (``PLIVO_RATE_LIMIT``)."""
    fresh_emulator(emulator, Conditions(0, limit))
    env = {**emulator.env(), "PLIVO_RATE_LIMIT": pacing}
    with tempfile.TemporaryDirectory(dir=bk.root) as tmp:
        url = bk.url("file", Path(tmp))
        runners = [
            new_stack(Path(tmp) / f"s{i}", Fleet("plivo", n, offset=i * n), url, env, f"s{i}", total=k * n)
            for i in range(k)
        ]
        clear_api(emulator)
        started = time.perf_counter()
        processes = [runner.start("up", "--yes", "--skip-preview") for runner in runners]
        failed = 0
        for process in processes:
            process.communicate(timeout=1800)
            failed += process.returncode != 0
        seconds = time.perf_counter() - started
    api = api_since_clear(emulator)
    peak = emulator.stats()["total"]["peak_per_5s"]
    owned = len(emulator.owned())
    return {
        "seconds": seconds, "calls": api.calls, "rate_limited": api.rate_limited, "retries": api.retries,
        "failed_stacks": failed, "owned": owned, "peak_per_5s": peak,
        "rate_floor": _sustained_floor(api.calls, limit),
    }  # fmt: skip


def _sustained_floor(calls: int, limit: str) -> float | None:
    """Seconds ``calls`` requests need at ``limit``'s sustained rate; None when there is no limit."""
    parsed = parse_rate_limit(limit)
    return calls / parsed[0] * parsed[1] if parsed else None


# -- crash -----------------------------------------------------------------------------------------


def crash(args: argparse.Namespace, bk: Backends, emit: Emit) -> list[Result]:
    results: list[Result] = []
    with EmulatorProcess("--rate-limit", "0") as process:
        emulator = process.client()
        for rep in range(args.repeat):
            for skip in _rotate([False, True], rep):
                got = kill_and_recover(bk, emulator, args.n, args.kill_after, skip)
                results.append(emit({"study": "crash", "skip_checkpoints": skip, "n": args.n, **got}))
    return results


def kill_and_recover(bk: Backends, emulator: EmulatorClient, n: int, kill_after: int, skip: bool) -> Result:
    """``up`` of ``n`` numbers, SIGKILL once ``kill_after`` purchases committed; then ``up`` again."""
    fresh_emulator(emulator, Conditions(0, PLIVO_RATE_LIMIT))
    with tempfile.TemporaryDirectory(dir=bk.root) as tmp:
        folder = Path(tmp)
        runner = new_stack(folder, Fleet("plivo", n), bk.url("file", folder), emulator.env())
        env = {"PULUMI_SKIP_CHECKPOINTS": "true"} if skip else {}
        runner.env = {**runner.env, **env}
        emulator.hold_after_purchases(kill_after)
        up = runner.start("up", "--yes", "--skip-preview")
        try:
            emulator.wait_held(timeout=300)
        finally:
            os.killpg(up.pid, signal.SIGKILL)
            up.communicate(timeout=60)
        emulator.release()
        in_state = len(runner.resources(":PhoneNumber"))
        rented = len(emulator.owned())
        runner.cancel(check=False)
        clear_api(emulator)
        recovery = _timed(runner, ("up", "--yes", "--skip-preview"))
        api = api_since_clear(emulator)
        return {
            "rented_at_kill": rented,
            "in_state_after_kill": in_state,
            "recovery_seconds": recovery,
            "recovery_calls": api.calls,
            "recovery_429s": api.rate_limited,
            "recovery_purchases": emulator.stats()["total"]["purchases"],
            "owned_after": len(emulator.owned()),
            "in_state_after": len(runner.resources(":PhoneNumber")),
        }


# -- driver ----------------------------------------------------------------------------------------


def _rotate(items: Sequence[Any], rep: int) -> list[Any]:
    shift = rep % len(items) if items else 0
    return [*items[shift:], *items[:shift]]


def _ints(text: str) -> list[int]:
    return [int(v) for v in text.split(",") if v]


STUDIES: dict[str, Callable[[argparse.Namespace, Backends, Emit], list[Result]]] = {
    "growth": growth,
    "levers": levers,
    "state": state,
    "ratelimit": ratelimit,
    "crash": crash,
}


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.study", description=__doc__.splitlines()[0])
    parser.add_argument("study", choices=sorted(STUDIES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--n", type=int, default=1000, help="resources (levers, state, crash) or per stack")
    parser.add_argument("--sizes", type=_ints, default=[1, 100, 300, 1000], help="growth: N values")
    parser.add_argument("--fields", type=_ints, default=[1, 5, 10, 25], help="growth: output fields")
    parser.add_argument("--backends", default="file,postgres", help="growth: file, postgres")
    parser.add_argument("--levers", default=",".join(LEVERS), help=f"levers: of {', '.join(LEVERS)}")
    parser.add_argument("--splits", type=_ints, default=[2, 4], help="levers / ratelimit: k stacks at once")
    parser.add_argument("--limit", default=PLIVO_RATE_LIMIT, help="ratelimit: the emulator's rate limit")
    parser.add_argument(
        "--pacing",
        default=str(PLIVO_LIMIT),
        help="ratelimit: PLIVO_RATE_LIMIT values, comma-separated (0: unpaced)",
    )
    parser.add_argument("--shape", default="fields:25", help="levers: what each resource stores")
    parser.add_argument("--shapes", default="phone,phone-slim,fields:1", help="state: shapes compared")
    parser.add_argument("--kill-after", type=int, default=150, help="crash: purchases before SIGKILL")
    parser.add_argument("--out", type=Path, default=None, help="append one JSON line per run here")
    args = parser.parse_args(argv)
    args.backends = args.backends.split(",")
    args.levers = [v for v in args.levers.split(",") if v]
    args.shapes = args.shapes.split(",")
    args.pacing = args.pacing.split(",")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    print(f"load average at the start: {os.getloadavg()[0]:.2f}", flush=True)

    def emit(result: Result) -> Result:
        result = {**result, "load": round(os.getloadavg()[0], 2)}
        line = json.dumps(result)
        print(line, flush=True)
        if args.out:
            with args.out.open("a", encoding="utf-8") as out:
                out.write(line + "\n")
        return result

    with_postgres = args.study == "growth" and "postgres" in args.backends
    with tempfile.TemporaryDirectory(prefix="plivo-study-") as tmp, backends(Path(tmp), with_postgres) as bk:
        results = STUDIES[args.study](args, bk, emit)
    for line in summary(args.study, results):
        print(line)
    return 0


def summary(study: str, results: Sequence[Result]) -> list[str]:
    if study == "growth":
        return growth_table(results)
    if study == "levers":
        return case_table(results, "case")
    if study == "state":
        return case_table(results, "shape")
    return [json.dumps(r) for r in results]


if __name__ == "__main__":
    sys.exit(main())
