"""Concurrent buys: one winner per number, and parallel distinct buys all land."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from plivo_emulator import WELL_KNOWN_BLOCKS
from plivo_emulator.testing import EmulatorClient

pytestmark = pytest.mark.emulator


def test_twenty_threads_buying_one_number_yield_one_201(emu: EmulatorClient) -> None:
    barrier = threading.Barrier(20)

    def attempt(_: int) -> int:
        barrier.wait(timeout=10)
        return emu.buy("14155559186").status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = sorted(pool.map(attempt, range(20)))
    assert statuses == [201] + [404] * 19
    assert [o["number"] for o in emu.api("GET", "Number/").json()["objects"]] == ["14155559186"]


def test_fifty_clients_buying_distinct_numbers_all_succeed(emu: EmulatorClient) -> None:
    wanted = WELL_KNOWN_BLOCKS["us_new_york_local"].numbers()[:50]

    def buy(number: str) -> int:
        return emu.buy(number).status_code

    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = list(pool.map(buy, wanted))
    assert statuses == [201] * 50
    assert sorted(emu.owned()) == sorted(wanted)
