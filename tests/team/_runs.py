"""Concurrent and killed ``pulumi`` runs: waiting for several at once, and leaving no process behind.

Pulumi starts each plugin (language host, dynamic-provider shim) in a process group of its own,
so a SIGKILL of the ``pulumi`` process group does not reach them:
``plivo_emulator.pulumi_cli.kill_run`` kills the descendants one by one and waits for each.
"""

from __future__ import annotations

import contextlib
import subprocess
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from plivo_emulator.pulumi_cli import kill_run

LOCKED = (
    "the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end "
    "or delete the lock file with `pulumi cancel`."
)


@dataclass(frozen=True)
class Finished:
    """A background ``pulumi`` command once it has exited."""

    returncode: int
    output: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def finish(process: subprocess.Popen[str], timeout: float = 300) -> Finished:
    """Wait for ``process`` (reading its output, so a full pipe never blocks it)."""
    output, _ = process.communicate(timeout=timeout)
    return Finished(process.returncode, output or "")


def finish_all(processes: Sequence[subprocess.Popen[str]], timeout: float = 300) -> list[Finished]:
    """Wait for every process at once: each one's output is drained in its own thread."""
    with ThreadPoolExecutor(max_workers=len(processes)) as pool:
        return list(pool.map(lambda process: finish(process, timeout), processes))


@contextlib.contextmanager
def killed_on_failure(*processes: subprocess.Popen[str]) -> Iterator[None]:
    """Kill the runs (and their plugins) still going if the block fails."""
    try:
        yield
    except BaseException:
        for process in processes:
            if process.poll() is None:
                kill_run(process)
        raise


def buy_answers(emu: Any, status: int) -> Counter[str]:
    """How many purchase calls (``POST PhoneNumber/{n}/``) of each number got ``status``."""
    return Counter(
        record["path"].rstrip("/").rsplit("/", 1)[-1]
        for record in emu.requests_log()
        if record["method"] == "POST" and "/PhoneNumber/" in record["path"] and record["status"] == status
    )


def rate_limited(emu: Any) -> int:
    """How many requests the emulator answered 429 since its last reset."""
    return int(emu.stats()["total"]["statuses"].get("429", 0))
