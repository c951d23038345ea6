"""``python -m benchmarks.profile`` (``make profile``): where one large ``pulumi up`` spends its CPU.

Two runs on fresh stacks:

* the do-nothing provider (``--shape``, default 25 output fields) at ``--n``: the CLI's own CPU
  profile (``pulumi --profiling=FILE``, a Go pprof profile), summarised with ``go tool pprof -top``;
* PhoneNumber at ``--n`` against the emulator at Plivo's 300 requests / 5 s: the CLI's profile
  again, and the provider process sampled by ``py-spy`` (``pip install py-spy``; skipped without it),
  summarised as the functions holding most samples.

Writes ``benchmarks/out/profile/`` (the raw profiles and ``summary.md``); the findings are in
``benchmarks/profile.md``.
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from plivo_emulator.testing import EmulatorProcess
from plivo_testing.pulumi_cli import PulumiStack

from .floors import PLIVO_RATE_LIMIT
from .procwatch import role_of
from .scenarios import Conditions, fresh_emulator
from .stacks import Fleet, new_stack

HERE = Path(__file__).resolve().parent
TOP = 25


def py_spy() -> str | None:
    """The py-spy executable: on PATH or next to this interpreter (the venv's bin)."""
    beside = Path(sys.executable).with_name("py-spy")
    return shutil.which("py-spy") or (str(beside) if beside.exists() else None)


def cli_profile(runner: PulumiStack, out: Path, name: str) -> tuple[float, str]:
    """``pulumi --profiling=out/name up``: the wall time and ``go tool pprof -top`` of its CPU profile."""
    prefix = out / name
    started = time.perf_counter()
    runner.run(f"--profiling={prefix}", "up", "--yes", "--skip-preview")
    seconds = time.perf_counter() - started
    profiles = sorted(out.glob(f"{name}.*.cpu"))
    if not profiles or shutil.which("go") is None:
        return seconds, "(no CPU profile, or no `go` to read it)"
    top = subprocess.run(
        ["go", "tool", "pprof", "-top", f"-nodecount={TOP}", str(runner.pulumi), str(profiles[-1])],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    cumulative = subprocess.run(
        ["go", "tool", "pprof", "-top", "-cum", f"-nodecount={TOP}", str(runner.pulumi), str(profiles[-1])],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    return seconds, top.stdout + "\n-- by cumulative time --\n" + cumulative.stdout


class ProviderSampler(threading.Thread):
    """Waits for this process's provider descendant, then runs ``py-spy record`` on it until it exits."""

    def __init__(self, output: Path) -> None:
        super().__init__(daemon=True)
        self.output = output
        self.stop = threading.Event()
        self.error = ""

    def run(self) -> None:
        pid = self._find_provider()
        if pid is None:
            self.error = "no provider process seen"
            return
        # --gil: only the thread holding the GIL, i.e. where the provider process spends CPU.
        argv = ["record", "--pid", str(pid), "--format", "raw", "--gil", "--rate", "200"]
        argv += ["-o", str(self.output)]
        done = subprocess.run([py_spy() or "py-spy", *argv], capture_output=True, text=True, check=False)
        self.error = done.stderr[-500:] if done.returncode else ""

    def _find_provider(self) -> int | None:
        while not self.stop.is_set():
            for entry in os.scandir("/proc"):
                if entry.name.isdigit() and self._is_provider(int(entry.name)):
                    return int(entry.name)
            time.sleep(0.02)
        return None

    @staticmethod
    def _is_provider(pid: int) -> bool:
        try:
            argv = (Path("/proc") / str(pid) / "cmdline").read_bytes().decode(errors="replace").split("\0")
            return role_of([a for a in argv if a]) == "provider" and _descends(pid, os.getpid())
        except OSError:
            return False


def _descends(pid: int, ancestor: int) -> bool:
    while pid > 1:
        if pid == ancestor:
            return True
        stat = (Path("/proc") / str(pid) / "stat").read_text()
        pid = int(stat.rsplit(")", 1)[1].split()[1])
    return False


def top_functions(raw: Path, count: int = TOP) -> list[str]:
    """The functions with the most samples in a py-spy ``raw`` (collapsed stacks) file: own and total."""
    own: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    samples = 0
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, weight = line.rpartition(" ")
        if not stack or not weight.isdigit():
            continue
        frames = stack.split(";")
        samples += int(weight)
        own[frames[-1]] += int(weight)
        for frame in set(frames):
            total[frame] += int(weight)
    lines = [f"{samples} samples", "", "own % | total % | function", "---|---|---"]
    for name, hits in own.most_common(count):
        lines.append(f"{100 * hits / samples:.1f} | {100 * total[name] / samples:.1f} | `{name}`")
    lines += ["", "total % | function (by total, top)", "---|---"]
    lines += [f"{100 * hits / samples:.1f} | `{name}`" for name, hits in total.most_common(count)]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--shape", default="fields:25", help="what each do-nothing resource stores")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "profile")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    args.out.mkdir(parents=True, exist_ok=True)
    summary = [
        f"# Profile of `pulumi up`, N={args.n}",
        "",
        f"- load average at the start: {os.getloadavg()[0]:.2f}",
    ]
    with (
        tempfile.TemporaryDirectory(prefix="plivo-profile-") as tmp,
        EmulatorProcess("--rate-limit", "0") as emu,
    ):
        emulator = emu.client()
        for state in ("noop-state", "plivo-state"):
            (Path(tmp) / state).mkdir()
        noop = new_stack(
            Path(tmp) / "noop", Fleet("noop", args.n, args.shape), f"file://{tmp}/noop-state", {}
        )
        seconds, top = cli_profile(noop, args.out, "cli-noop")
        summary += [
            "",
            f"## CLI, do-nothing provider ({args.shape}): up {seconds:.1f} s",
            "",
            "```",
            top,
            "```",
        ]
        fresh_emulator(emulator, Conditions(0, PLIVO_RATE_LIMIT))
        plivo = new_stack(
            Path(tmp) / "plivo", Fleet("plivo", args.n), f"file://{tmp}/plivo-state", emulator.env()
        )
        sampler = ProviderSampler(args.out / "provider-plivo.txt")
        if py_spy():
            sampler.start()
        seconds, top = cli_profile(plivo, args.out, "cli-plivo")
        sampler.stop.set()
        if sampler.is_alive():
            sampler.join(timeout=60)
        summary += ["", f"## CLI, PhoneNumber at 300 / 5 s: up {seconds:.1f} s", "", "```", top, "```"]
        raw = args.out / "provider-plivo.txt"
        provider = (
            top_functions(raw)
            if raw.exists()
            else [f"(no py-spy samples: {sampler.error or 'py-spy missing'})"]
        )
        summary += ["", "## Provider process (py-spy), PhoneNumber", "", *provider]
    summary.append(f"\n- load average at the end: {os.getloadavg()[0]:.2f}")
    (args.out / "summary.md").write_text("\n".join(summary) + "\n", encoding="utf-8")
    print(f"profile: {args.out / 'summary.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
