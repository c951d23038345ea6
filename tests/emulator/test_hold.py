"""The hold control: after N committed purchases every further API request waits, unanswered."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

import pytest
import requests

from plivo_emulator import WELL_KNOWN_BLOCKS, EmulatorServer
from plivo_emulator.testing import EmulatorClient

from .helpers import control_status

pytestmark = pytest.mark.emulator

NUMBERS = WELL_KNOWN_BLOCKS["us_san_francisco_local"].numbers()


def test_requests_after_the_nth_purchase_wait_until_released(emu: EmulatorClient) -> None:
    armed = emu.hold_after_purchases(2)
    assert (armed["armed"], armed["engaged"], armed["purchases"]) == (True, False, 0)
    assert [emu.buy(n).status_code for n in NUMBERS[:2]] == [201, 201]
    with ThreadPoolExecutor(max_workers=1) as pool:
        listing: Future[requests.Response] = pool.submit(emu.api, "GET", "Number/")
        state = emu.wait_held(timeout=10)
        assert (state["engaged"], state["held"], state["purchases"]) == (True, 1, 2)
        assert not listing.done()  # held, not answered
        assert emu.release()["armed"] is False
        assert listing.result(timeout=10).status_code == 200
    assert [(r["method"], r["status"]) for r in emu.requests_log()] == [("POST", 201)] * 2 + [("GET", 200)]


def test_at_most_n_purchases_commit_however_many_race(emu: EmulatorClient) -> None:
    # The latency comes after the hold's entry check: all ten buys are past it before any commits.
    emu.faults(latency_ms=300)
    emu.hold_after_purchases(3)
    with ThreadPoolExecutor(max_workers=10) as pool:
        buys = [pool.submit(emu.buy, n) for n in NUMBERS[:10]]
        emu.wait_held(timeout=10)
        assert len(emu.owned()) == 3
        assert emu.control("GET", "hold")["purchases"] == 3
        emu.release()
        assert sorted(b.result(timeout=10).status_code for b in buys) == [201] * 10
    assert len(emu.owned()) == 10


def test_a_failed_buy_does_not_count(emu: EmulatorClient) -> None:
    emu.hold_after_purchases(1)
    assert emu.buy("19999999999").status_code == 404  # not in the inventory
    assert emu.control("GET", "hold")["engaged"] is False
    assert emu.buy(NUMBERS[0]).status_code == 201
    assert emu.control("GET", "hold")["engaged"] is True


def test_a_held_request_times_out_with_503_and_changes_nothing(emu: EmulatorClient) -> None:
    emu.hold_after_purchases(0, timeout=0.3)
    response = emu.buy(NUMBERS[0])
    assert response.status_code == 503
    assert response.json()["error"] == "service unavailable"
    assert [(r["status"], r["fault"]) for r in emu.requests_log()] == [(503, "hold")]
    assert emu.owned() == {}


def test_the_control_api_is_never_held_and_reset_lets_requests_through(emu: EmulatorClient) -> None:
    emu.hold_after_purchases(0)
    with ThreadPoolExecutor(max_workers=1) as pool:
        buy = pool.submit(emu.buy, NUMBERS[0])
        emu.wait_held(timeout=10)
        assert emu.health()
        assert emu.requests_log() == []
        assert emu.stats()["total"]["requests"] == 0
        emu.reset()
        assert buy.result(timeout=10).status_code == 201  # served after the reset, on fresh state
    assert emu.control("GET", "hold")["armed"] is False


def test_wait_held_times_out_when_nothing_is_held(emu: EmulatorClient) -> None:
    emu.hold_after_purchases(1)
    with pytest.raises(TimeoutError, match="no request held"):
        emu.wait_held(timeout=0.2)


def test_stopping_the_server_answers_held_requests() -> None:
    with EmulatorServer(rate_limit="0") as server:
        client = server.client()
        client.hold_after_purchases(0)
        with ThreadPoolExecutor(max_workers=1) as pool:
            held = pool.submit(client.api, "GET", "Number/")
            client.wait_held(timeout=10)
            server.stop()
            assert held.result(timeout=10).status_code == 503


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"after_purchases": -1},
        {"after_purchases": "2"},
        {"after_purchases": True},
        {"after_purchases": 1, "timeout": 0},
        {"after_purchases": 1, "timeout": "soon"},
        {"after_purchases": 1, "timeout": 1e9},
        {"after_purchases": 1, "forever": True},
    ],
)
def test_bad_hold_settings_are_400(emu: EmulatorClient, body: dict[str, object]) -> None:
    assert control_status(emu, "POST", "hold", body) == 400
    assert emu.control("GET", "hold")["armed"] is False


@pytest.mark.parametrize("wait", ["-1", "soon", "1e9"])
def test_bad_wait_is_400(emu: EmulatorClient, wait: str) -> None:
    assert control_status(emu, "GET", f"hold?wait={wait}") == 400
