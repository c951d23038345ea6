"""Concurrent and killed ``pulumi`` runs: waiting for several at once, and leaving no process behind.

Pulumi starts each plugin (language host, dynamic-provider shim) in a process group of its own,
so a SIGKILL of the ``pulumi`` process group does not reach them: :func:`kill_tree` kills the
descendants one by one and waits for each to be gone.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def _parents() -> dict[int, int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    return parents


def descendants(pid: int) -> list[int]:
    """Every process below ``pid``: the language host, the provider shim and the Python provider."""
    parents = _parents()
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, ppid in parents.items() if ppid == parent]
        found.extend(children)
        frontier.extend(children)
    return found


def kill_and_wait(pids: Sequence[int], seconds: float = 30.0) -> None:
    """SIGKILL each process still alive and wait until it has exited (pidfds: no polling)."""
    for pid in pids:
        try:
            fd = os.pidfd_open(pid)
        except ProcessLookupError:
            continue
        try:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            ready, _, _ = select.select([fd], [], [], seconds)
            assert ready, f"process {pid} outlived SIGKILL by {seconds:g} s"
        finally:
            os.close(fd)


def kill_tree(process: subprocess.Popen[str]) -> None:
    """``kill -9`` a ``pulumi`` run as the OOM killer would: its group, then every plugin it started."""
    tree = descendants(process.pid)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)
    kill_and_wait(tree)


@contextlib.contextmanager
def killed_on_failure(*processes: subprocess.Popen[str]) -> Iterator[None]:
    """Kill the runs (and their plugins) still going if the block fails."""
    try:
        yield
    except BaseException:
        for process in processes:
            if process.poll() is None:
                kill_tree(process)
        raise


def processes_in(folder: Path) -> list[int]:
    """Processes whose working directory is inside ``folder`` (plugins run in the project folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cwd = Path(os.readlink(entry / "cwd"))
        except OSError:
            continue
        if cwd == folder or folder in cwd.parents:
            found.append(int(entry.name))
    return found


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
