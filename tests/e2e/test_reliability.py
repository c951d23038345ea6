"""Reliability on the plain CLI: a killed `pulumi up`, and a flaky, slow, rate-limited Plivo."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import threading
from collections import Counter
from pathlib import Path

import pytest

from .ledger import VOICE_APP, purchases, stack_numbers
from .scratch import Program

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def descendants_of(pid: int) -> list[int]:
    """Every process below ``pid``: the language host, the provider shim and the Python provider."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        kids = [child for child, ppid in parents.items() if ppid == parent]
        found.extend(kids)
        frontier.extend(kids)
    return found


def kill_and_wait(pids: list[int], seconds: float = 30.0) -> None:
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


def test_sigkill_during_up_then_documented_recovery(emu, make_stack) -> None:
    numbers = [f"1415555{n:04d}" for n in range(100, 116)]
    stack = make_stack(
        Program(**{f"n{i}": {"number": "+" + n, "app_id": VOICE_APP} for i, n in enumerate(numbers)})
    )
    emu.hold_after_purchases(4)  # then every API request waits, unanswered
    # One create at a time, so that no state write is in flight when the hold engages: the file
    # backend writes its `<stack>.json.attrs` sidecar in place, and a SIGKILL during that write
    # leaves an empty file that every later command fails on ("failed to load checkpoint: EOF").
    up = stack.start("up", "--yes", "--skip-preview", "--parallel", "1")
    tree: list[int] = []
    try:
        emu.wait_held(timeout=120)  # four numbers bought, the run now waits on Plivo
        tree = descendants_of(up.pid)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(up.pid, signal.SIGKILL)  # as the OOM killer or `kill -9` would
        up.wait(timeout=30)
        assert up.stdout is not None
        up.stdout.close()
        kill_and_wait(tree)
    assert up.returncode == -signal.SIGKILL
    owned_at_kill = set(emu.owned())
    assert len(owned_at_kill) == 4
    emu.release()  # requests the dead run left on the wire may land now, as they would for real

    # The README's recovery, exactly:
    stack.cancel()  # the killed run left its lock behind
    assert stack.export().get("pending_operations")  # ... and creates it never finished
    saved = stack_numbers(stack)  # creates that finished before the hold engaged
    assert saved <= owned_at_kill
    orphans = owned_at_kill - saved
    assert len(orphans) == 1  # the create in flight: bought, but not in state
    stack.refresh("--clear-pending-creates")
    stack.up()

    adopted = {o["number"] for o in stack.outputs().values() if o["acquired"] == "adopted"}
    assert orphans <= adopted
    assert stack_numbers(stack) == set(numbers)
    assert set(emu.owned()) == set(numbers)
    bought = purchases(emu)
    assert set(bought) == set(numbers)
    assert max(bought.values()) == 1  # every number bought once
    assert stack.changes() == {}


def flip_latency(emu, stop: threading.Event) -> None:
    """Latency spikes: 1 s for a moment, then none, until stopped."""
    spike = False
    while not stop.wait(0.7):
        spike = not spike
        emu.faults(latency_ms=1000 if spike else 0)


def test_fault_matrix_converges_in_two_runs(emu, make_stack) -> None:
    exact = {f"exact{i}": {"number": f"+1212555{100 + i:04d}", "app_id": VOICE_APP} for i in range(10)}
    criteria = {f"any{i}": {"country_iso": "US", "pattern": "415", "app_id": VOICE_APP} for i in range(10)}
    stack = make_stack(Program(**exact, **criteria))
    emu.faults(error_rate=0.2, drop_after_commit=0.3, rate_limit="30/2")
    stop = threading.Event()
    spikes = threading.Thread(target=flip_latency, args=(emu, stop), daemon=True)
    spikes.start()
    try:
        runs = [stack.up(check=False)]
        if not runs[0].ok:
            runs.append(stack.up(check=False))
    finally:
        stop.set()
        spikes.join(timeout=5)
        emu.faults(error_rate=0.0, drop_after_commit=0.0, rate_limit="0", latency_ms=0)
    faults = Counter(r.get("fault") for r in emu.requests_log())
    assert faults["error"]  # the storm really happened
    assert faults["drop"]
    assert faults["rate_limit"]

    assert runs[-1].ok, runs[-1].text  # converged within two runs
    owned = set(emu.owned())
    assert len(owned) == 20  # nothing bought twice for one resource, nothing orphaned
    assert stack_numbers(stack) == owned
    assert max(purchases(emu, dropped=True).values()) == 1
    for run in runs:
        assert "Traceback" not in run.text
    assert stack.changes() == {}
