"""Concurrent and killed ``pulumi`` runs: waiting for several at once, and leaving no process behind.

Pulumi starts each plugin (language host, dynamic-provider shim) in a process group of its own,
so a SIGKILL of the ``pulumi`` process group does not reach them:
``plivo_testing.pulumi_cli.kill_run`` kills the descendants one by one and waits for each.
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from plivo_testing.pulumi_cli import kill_run

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


def _purchases(emu: Any) -> list[dict[str, Any]]:
    """The purchase calls (``POST PhoneNumber/{n}/``) in the request log, oldest first."""
    return [r for r in emu.requests_log() if r["method"] == "POST" and "/PhoneNumber/" in r["path"]]


def _number(record: dict[str, Any]) -> str:
    return str(record["path"]).rstrip("/").rsplit("/", 1)[-1]


def purchase_answers(emu: Any) -> set[int]:
    """Every status a purchase call was answered with."""
    return {int(record["status"]) for record in _purchases(emu)}


def all_sold_before_refused(emu: Any) -> bool:
    """True when every purchase answered 404 (not for sale) came after a purchase of the same number
    answered 201: the number was taken, not missing from what the search had listed."""
    sold: set[str] = set()
    for record in _purchases(emu):
        if record["status"] == 404 and _number(record) not in sold:
            return False
        if record["status"] == 201:
            sold.add(_number(record))
    return True


def rate_limited(emu: Any) -> int:
    """How many requests the emulator answered 429 since its last reset."""
    return int(emu.stats()["total"]["statuses"].get("429", 0))
