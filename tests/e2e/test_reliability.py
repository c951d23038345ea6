"""Reliability on the real CLI: a killed `pulumi up`, and a flaky, slow, rate-limited Plivo."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import VOICE_APP, Numbers, assert_quiet
from pulumi.automation import errors as auto_errors

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def stack_numbers(stack) -> set[str]:
    resources = stack.export().get("resources", [])
    return {r["id"] for r in resources if r["type"].endswith(":PhoneNumber") and r.get("id")}


def purchases(emu) -> Counter[str]:
    return Counter(
        r["path"].rstrip("/").rsplit("/", 1)[-1]
        for r in emu.requests_log()
        if r["method"] == "POST" and "/PhoneNumber/" in r["path"] and r["status"] == 201
    )


def committed_purchases(emu) -> Counter[str]:
    """201s plus purchases whose answer the emulator dropped after committing them."""
    return Counter(
        r["path"].rstrip("/").rsplit("/", 1)[-1]
        for r in emu.requests_log()
        if r["method"] == "POST"
        and "/PhoneNumber/" in r["path"]
        and (r["status"] == 201 or (r.get("dropped") and r["status"] in (201, None)))
    )


def wait_for(condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


def pulumi_processes(stack_name: str) -> list[int]:
    """PIDs of `pulumi up` processes working on ``stack_name``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if argv and argv[0].endswith(b"pulumi") and b"up" in argv and stack_name.encode() in argv:
            found.append(int(entry.name))
    return found


def descendants_of(pid: int) -> list[int]:
    """Every process below ``pid`` (the provider shim and the Python provider it starts)."""
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


def test_sigkill_during_up_then_documented_recovery(emu, make_stack) -> None:
    numbers = [f"1415555{n:04d}" for n in range(100, 116)]
    program = Numbers(**{f"n{i}": {"number": "+" + n, "app_id": VOICE_APP} for i, n in enumerate(numbers)})
    stack = make_stack(program)
    stack.stack_handle()
    emu.faults(latency_ms=200)
    failure: list[BaseException] = []

    def up() -> None:
        try:
            stack.up()
        except auto_errors.CommandError as exc:
            failure.append(exc)

    runner = threading.Thread(target=up)
    runner.start()
    wait_for(lambda: sum(purchases(emu).values()) >= 4, seconds=60)
    (pid,) = pulumi_processes(stack.stack)
    providers = descendants_of(pid)
    os.kill(pid, signal.SIGKILL)  # as the OOM killer or `kill -9` would
    runner.join(timeout=60)
    time.sleep(0.5)  # let requests already on the wire land, as they would in real life
    for child in providers:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGKILL)
    assert failure, "pulumi up should have died"
    emu.faults(latency_ms=0)
    owned_after_crash = set(emu.owned())
    assert 0 < len(owned_after_crash) < len(numbers)

    # The README's recovery, exactly:
    stack.cli("cancel", "--yes")  # the killed run left its lock behind
    orphans = owned_after_crash - stack_numbers(stack)
    assert orphans, "the kill should leave bought numbers out of state"
    stack.refresh(clear_pending_creates=True)
    stack.up()
    adopted = {o["number"] for o in stack.outputs().values() if o["acquired"] == "adopted"}
    assert adopted == orphans

    assert stack_numbers(stack) == set(numbers) == set(emu.owned())
    assert max(purchases(emu).values()) == 1  # every number bought once
    assert_quiet(stack)


def flip_latency(emu, stop: threading.Event) -> None:
    """Latency spikes: 1 s for a moment, then none, until stopped."""
    spike = False
    while not stop.wait(0.7):
        spike = not spike
        emu.faults(latency_ms=1000 if spike else 0)


def test_fault_matrix_converges_in_two_runs(emu, make_stack, cli_output) -> None:
    exact = {f"exact{i}": {"number": f"+1212555{100 + i:04d}", "app_id": VOICE_APP} for i in range(10)}
    criteria = {f"any{i}": {"country_iso": "US", "pattern": "415", "app_id": VOICE_APP} for i in range(10)}
    stack = make_stack(Numbers(**exact, **criteria))
    stack.stack_handle()
    emu.faults(error_rate=0.2, drop_after_commit=0.3, rate_limit="30/2")
    stop = threading.Event()
    spikes = threading.Thread(target=flip_latency, args=(emu, stop), daemon=True)
    spikes.start()
    runs = 0
    try:
        while runs < 2:
            runs += 1
            try:
                stack.up(on_output=cli_output)
                break
            except auto_errors.CommandError:
                continue
    finally:
        stop.set()
        spikes.join(timeout=5)
        emu.faults(error_rate=0.0, drop_after_commit=0.0, rate_limit="0", latency_ms=0)
    assert runs <= 2
    owned = set(emu.owned())
    assert len(owned) == 20  # nothing bought twice for one resource, nothing orphaned
    assert stack_numbers(stack) == owned
    assert max(committed_purchases(emu).values()) == 1
    assert "Traceback" not in cli_output.text
    faults = Counter(r.get("fault") for r in emu.requests_log())
    assert faults["error"] and faults["drop"] and faults["rate_limit"]  # the storm really happened
    assert_quiet(stack)
