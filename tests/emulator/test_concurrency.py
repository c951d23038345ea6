"""Concurrent buys: one winner per number, and parallel distinct buys all land."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from plivo_emulator import WELL_KNOWN_BLOCKS

from ._client import Api, Control

pytestmark = pytest.mark.emulator


def test_twenty_threads_buying_one_number_yield_one_201(api: Api) -> None:
    barrier = threading.Barrier(20)

    def attempt(_: int) -> int:
        client = Api(api.url)
        barrier.wait(timeout=10)
        return client.buy("14155559186").status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = sorted(pool.map(attempt, range(20)))
    assert statuses == [201] + [404] * 19
    assert [o["number"] for o in api.get("Number/").json()["objects"]] == ["14155559186"]


def test_fifty_clients_buying_distinct_numbers_all_succeed(api: Api, control: Control) -> None:
    wanted = WELL_KNOWN_BLOCKS["us_new_york_local"].numbers()[:50]

    def buy(number: str) -> int:
        return Api(api.url).buy(number).status_code

    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = list(pool.map(buy, wanted))
    assert statuses == [201] * 50
    owned = control.get(f"accounts/{api.auth_id}/numbers").json()["numbers"]
    assert sorted(n["number"] for n in owned) == sorted(wanted)
