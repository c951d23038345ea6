"""A ``pulumi up`` killed mid-purchase on the PostgreSQL backend, recovered by the README's steps."""

from __future__ import annotations

import signal

import pytest

from plivo_testing.pulumi_cli import kill_run
from tests.harness.ledger import VOICE_APP, purchases, stack_numbers
from tests.harness.scratch import Program

from ._runs import LOCKED, killed_on_failure
from .conftest import MachineFactory

pytestmark = pytest.mark.slow


def test_sigkill_mid_purchase_then_cancel_refresh_up(emu, machines: MachineFactory) -> None:
    numbers = [f"1415555{n:04d}" for n in range(100, 112)]
    stack = machines(
        "ci", Program(**{f"line{i}": {"number": "+" + n, "app_id": VOICE_APP} for i, n in enumerate(numbers)})
    )
    stack.select()
    emu.hold_after_purchases(4)  # then every API request waits, unanswered
    # Default parallelism: this backend writes a checkpoint in one transaction (no file to tear).
    up = stack.start("up", "--yes", "--skip-preview")
    with killed_on_failure(up):
        emu.wait_held(timeout=120)  # four numbers bought, the run now waits on Plivo
    kill_run(up)  # SIGKILL, as the OOM killer or a hard-cancelled CI job would
    assert up.returncode == -signal.SIGKILL
    owned_at_kill = set(emu.owned())
    assert len(owned_at_kill) == 4
    emu.release()  # requests the dead run left on the wire may land now, as they would for real

    locked = stack.up(check=False)  # the dead run's lock stays in the database
    assert not locked.ok
    assert LOCKED in locked.text
    assert f"(pid {up.pid})" in locked.text

    # The README's recovery, unchanged on this backend:
    assert "has been canceled" in stack.cancel().text
    assert stack.export().get("pending_operations")  # creates the dead run never finished
    orphans = owned_at_kill - stack_numbers(stack)  # bought, but their creates never finished
    assert orphans
    stack.refresh("--clear-pending-creates")
    stack.up()

    assert stack_numbers(stack) == set(numbers) == set(emu.owned())
    adopted = {o["number"] for o in stack.outputs().values() if o["acquired"] == "adopted"}
    assert orphans <= adopted
    bought = purchases(emu)
    assert set(bought) == set(numbers)
    assert max(bought.values()) == 1  # every number bought once
    assert stack.changes() == {}
