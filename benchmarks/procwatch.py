"""Peak memory and CPU of processes spawned by this run, sampled from ``/proc`` while an operation runs.

Two roles are watched: ``provider``, the dynamic-provider process (``python -u -m pulumi.dynamic``,
a grandchild of the CLI: pulumi -> shim -> python), and ``cli``, the ``pulumi`` process itself.
Both live only for one command, so ``getrusage`` cannot single them out. A sampler polls
``/proc`` instead and keeps, per process, the last ``VmHWM`` (the kernel's own peak-RSS counter,
so a spike between two polls is not missed) and CPU time it saw. Only descendants of the driver
count: another pulumi run on the machine must not leak into results.

The sampler runs as its own process (``python -m benchmarks.procwatch ROOT``), so its polling is
not charged to the driver. It polls until its stdin closes, then prints its samples as one JSON line.
"""

from __future__ import annotations

import itertools
import json
import os
import select
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import TracebackType

from plivo_testing.pulumi_cli import stat_fields

PROC = Path("/proc")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# VmHWM is the kernel's running peak, so a slower poll misses no spike; it can only miss growth in
# the last interval before the process exits. 50 ms keeps the sampler near 5% of one core.
POLL_SECONDS = 0.05
# A process is exec'd right after it is forked; one that has not matched for this long never will,
# so it is not read again (keeps each poll cheap on a busy machine).
EXEC_GRACE_SECONDS = 2.0
READY = "ready"


@dataclass
class ProcessSample:
    """The last values seen for one process."""

    pid: int
    role: str
    argv: list[str]
    peak_rss_kb: int = 0
    cpu_seconds: float = 0.0


def _argv(pid: int) -> list[str]:
    raw = (PROC / str(pid) / "cmdline").read_bytes()
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def _parent(pid: int) -> int:
    return int(stat_fields(pid)[1])


def _cpu_seconds(pid: int) -> float:
    fields = stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime, stat(5) fields 14-15


def _peak_rss_kb(pid: int) -> int:
    for line in (PROC / str(pid) / "status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _runs_module(argv: list[str], module: str) -> bool:
    # "-m MODULE" as two argv elements; the sampler's own argv holds the name but not after "-m".
    return any(flag == "-m" and name == module for flag, name in itertools.pairwise(argv))


def role_of(argv: list[str]) -> str | None:
    """``provider``, ``cli`` or None (not watched)."""
    if _runs_module(argv, "pulumi.dynamic"):
        return "provider"
    if argv and Path(argv[0]).name == "pulumi":
        return "cli"
    return None


def _is_descendant(pid: int, ancestor: int) -> bool:
    while pid > 1:
        if pid == ancestor:
            return True
        pid = _parent(pid)
    return False


@dataclass
class Sampler:
    """Polls /proc for descendants of ``root`` that play a role (:func:`role_of`)."""

    root: int
    samples: dict[int, ProcessSample] = field(default_factory=dict)
    _first_seen: dict[int, float] = field(default_factory=dict)

    def poll(self) -> None:
        now = time.monotonic()
        for entry in os.scandir(PROC):
            if not entry.name.isdigit():
                continue
            pid = int(entry.name)
            try:
                self._sample(pid, now)
            except (OSError, ValueError, IndexError):
                continue  # the process exited between listing and reading

    def _sample(self, pid: int, now: float) -> None:
        sample = self.samples.get(pid)
        if sample is None:
            if now - self._first_seen.setdefault(pid, now) > EXEC_GRACE_SECONDS:
                return
            argv = _argv(pid)
            role = role_of(argv)
            if role is None or not _is_descendant(pid, self.root):
                return
            sample = self.samples[pid] = ProcessSample(pid, role, argv)
        sample.peak_rss_kb = max(sample.peak_rss_kb, _peak_rss_kb(pid))
        sample.cpu_seconds = max(sample.cpu_seconds, _cpu_seconds(pid))


def main(argv: list[str]) -> int:
    """``ROOT``: sample until stdin closes, then print the samples as JSON."""
    sampler = Sampler(int(argv[0]))
    print(READY, flush=True)
    while True:
        sampler.poll()
        readable, _, _ = select.select([sys.stdin], [], [], POLL_SECONDS)
        if readable and not sys.stdin.read(1):
            break
    sampler.poll()
    print(json.dumps([asdict(sample) for sample in sampler.samples.values()]), flush=True)
    return 0


@dataclass
class ProcessWatcher:
    """Context manager running a sampler subprocess for the duration of the ``with`` block."""

    samples: list[ProcessSample] = field(default_factory=list)
    _process: subprocess.Popen[str] | None = None

    def __enter__(self) -> ProcessWatcher:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.procwatch", str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        if self._process.stdout.readline().strip() != READY:
            raise RuntimeError("the /proc sampler did not start")
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self._process is not None
        out, _ = self._process.communicate(timeout=30)  # closes stdin: the sampler's stop signal
        self.samples = [ProcessSample(**item) for item in json.loads(out.strip().splitlines()[-1])]

    def peak_rss_mb(self, role: str) -> float | None:
        """The largest peak RSS of any process in ``role``, in MiB; None when none was seen."""
        peaks = [sample.peak_rss_kb for sample in self.samples if sample.role == role]
        return max(peaks) / 1024 if peaks else None

    def cpu_seconds(self, role: str) -> float:
        """CPU time (user + system) of all processes in ``role``, as last seen."""
        return sum(sample.cpu_seconds for sample in self.samples if sample.role == role)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
