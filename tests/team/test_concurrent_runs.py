"""Concurrent ``pulumi up`` runs on the PostgreSQL backend against one emulator account, on the plain CLI.

One stack, two runs: the backend's lock decides. One account, two stacks: nothing guards them but
Plivo itself, so a number one run bought after the other searched must be skipped (the buy
answers 404), never bought twice, and both stacks must end up with distinct numbers.
"""

from __future__ import annotations

import pytest

from tests.harness.ledger import purchases, stack_numbers
from tests.harness.scratch import Program

from ._runs import (
    LOCKED,
    all_sold_before_refused,
    finish,
    finish_all,
    killed_on_failure,
    purchase_answers,
    rate_limited,
)
from .conftest import MachineFactory

pytestmark = pytest.mark.slow


def by_criteria(count: int) -> Program:
    """``count`` numbers bought by the same criteria: any San Francisco (415) number."""
    return Program(**{f"line{i}": {"country_iso": "US", "pattern": "415"} for i in range(count)})


def test_a_second_up_of_the_same_stack_stops_at_the_lock_and_buys_nothing(
    emu, machines: MachineFactory
) -> None:
    alice, bob = machines("alice", by_criteria(6)), machines("bob", by_criteria(6))
    alice.select()
    bob.select()
    emu.hold_after_purchases(2)  # then alice's run waits on Plivo, holding the stack's lock

    first = alice.start("up", "--yes", "--skip-preview")
    with killed_on_failure(first):
        emu.wait_held(timeout=120)
        seen = emu.requests_log()[-1]["seq"]

        second = bob.run("up", "--yes", "--skip-preview", check=False, timeout=60)

        assert not second.ok
        assert LOCKED in second.text
        assert f"(pid {first.pid})" in second.text  # the message names the run holding the lock
        assert emu.requests_log(since=seen) == []  # bob's run sent Plivo nothing at all
        assert first.poll() is None  # alice's run is still going
        emu.release()
        done = finish(first)
    assert done.ok, done.output

    assert bob.up().ok  # the rerun converges: nothing left to do
    assert bob.changes() == {}
    assert stack_numbers(bob) == stack_numbers(alice) == set(emu.owned())
    bought = purchases(emu)
    assert len(bought) == 6
    assert max(bought.values()) == 1  # nothing bought twice


def test_two_stacks_buying_by_the_same_criteria_at_once_get_distinct_numbers(
    emu, machines: MachineFactory
) -> None:
    emu.faults(rate_limit="40/2s")  # the two runs share one account's window: 429s will come
    stacks = [machines(name, by_criteria(12), stack=name) for name in ("alpha", "beta")]
    for stack in stacks:
        stack.select()

    runs = [[run] for run in finish_all([stack.start("up", "--yes", "--skip-preview") for stack in stacks])]
    for stack, history in zip(stacks, runs, strict=True):
        if not history[-1].ok:
            history.append(finish(stack.start("up", "--yes", "--skip-preview")))

    assert [history[-1].ok for history in runs] == [True, True], [h[-1].output for h in runs]
    assert rate_limited(emu) > 0  # the squeeze really happened
    alpha, beta = (stack_numbers(stack) for stack in stacks)
    assert len(alpha) == len(beta) == 12
    assert alpha.isdisjoint(beta)
    assert set(emu.owned()) == alpha | beta  # no orphans: every rented number is in one state
    bought = purchases(emu)
    assert set(bought) == alpha | beta
    assert max(bought.values()) == 1  # no number was bought twice
    # Plivo arbitrates: each purchase was sold (201, once per number), rate limited (429, tried
    # again), or answered 404 because the other run bought the number after this run's search (and
    # this run went on to its next candidate). Whether the runs race that closely is up to timing:
    # tests/contract/test_criteria_acquire.py makes the race happen and proves the skip.
    assert purchase_answers(emu) <= {201, 404, 429}
    assert all_sold_before_refused(emu)
    for stack in stacks:
        assert stack.changes() == {}
