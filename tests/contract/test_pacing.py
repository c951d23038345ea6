"""Pacing against the emulator's rate limit: a paced client stays under it, an unpaced one bounces off it."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from plivo_provider import PlivoClient
from plivo_provider.api.config import resolve_settings

pytestmark = pytest.mark.contract

LIMIT = "20/1s"
THREADS, CALLS = 4, 60  # as the provider host: four operations at once; three windows' worth of calls


def answers_to_calls_from_threads(emu, rate_limit: str) -> Counter[int]:
    """``CALLS`` cheap reads from ``THREADS`` threads of one client; the status of every answer."""
    client = PlivoClient(resolve_settings({}, {**emu.env(), "PLIVO_RATE_LIMIT": rate_limit}))
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(lambda _: client.verify_credentials(), range(CALLS)))
    return Counter(record["status"] for record in emu.requests_log())


def test_a_paced_client_stays_under_the_accounts_limit(emu) -> None:
    emu.faults(rate_limit=LIMIT)
    answers = answers_to_calls_from_threads(emu, LIMIT)
    assert answers == {200: CALLS}  # not one 429
    assert emu.stats()["total"]["peak_per_second"] <= 20


def test_unpaced_the_same_calls_bounce_off_the_limit_and_still_get_through(emu) -> None:
    emu.faults(rate_limit=LIMIT)
    answers = answers_to_calls_from_threads(emu, "0")
    assert answers[429] > 0  # each one was retried after its Retry-After
    assert answers[200] == CALLS


def test_pacing_to_a_higher_limit_than_the_servers_still_honours_retry_after(emu) -> None:
    emu.faults(rate_limit=LIMIT)
    answers = answers_to_calls_from_threads(emu, "300/5s")
    assert answers[429] > 0
    assert answers[200] == CALLS
