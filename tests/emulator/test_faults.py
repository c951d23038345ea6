"""Fault injection: rate limit, injected 5xx, drop-after-commit and latency (set via the control API)."""

from __future__ import annotations

import pytest
import requests

from plivo_emulator.http.faults import RateLimiter
from plivo_emulator.testing import EmulatorClient
from tests.harness.waiting import wait_until

pytestmark = pytest.mark.emulator


def test_rate_limit_answers_429_with_retry_after(emu: EmulatorClient) -> None:
    emu.faults(rate_limit="5/10")  # a window long enough that the test never straddles it
    statuses = [emu.api("GET", "Number/").status_code for _ in range(8)]
    assert statuses == [200] * 5 + [429] * 3
    limited = emu.api("GET", "Number/")
    assert limited.status_code == 429
    assert limited.json()["error"] == "too many requests"
    assert limited.json()["api_id"]
    assert 1 <= int(limited.headers["Retry-After"]) <= 10
    assert [e["fault"] for e in emu.requests_log()] == [None] * 5 + ["rate_limit"] * 4


def test_rate_limit_is_per_account_and_spares_the_control_api(emu: EmulatorClient) -> None:
    emu.faults(rate_limit="2/60")
    emu.add_account("MAOTHERACCOUNT000004", "t")
    other = emu.as_account("MAOTHERACCOUNT000004", "t")
    assert [emu.api("GET", "Number/").status_code for _ in range(3)] == [200, 200, 429]
    assert other.api("GET", "Number/").status_code == 200
    assert all(emu.health() for _ in range(5))
    assert emu.faults(rate_limit="0")["rate_limit"] == "0"
    assert emu.api("GET", "Number/").status_code == 200


def test_error_rate_one_gives_5xx_and_changes_nothing(emu: EmulatorClient) -> None:
    emu.faults(error_rate=1.0)
    statuses = {emu.buy(f"141555501{i:02d}").status_code for i in range(10)}
    assert statuses <= {500, 503}
    assert statuses
    emu.faults(error_rate=0.0)
    assert emu.api("GET", "Number/").json()["objects"] == []


def test_drop_after_commit_drops_the_connection_but_commits(emu: EmulatorClient) -> None:
    emu.faults(drop_after_commit=1.0)
    with pytest.raises(requests.ConnectionError):
        emu.buy("14155550100")
    with pytest.raises(requests.ConnectionError):
        emu.api("POST", "Number/14155550100/", {"alias": "after drop"})
    assert emu.api("GET", "Number/14155550100/").json()["alias"] == "after drop"  # reads are never dropped
    with pytest.raises(requests.ConnectionError):
        emu.api("DELETE", "Number/14155550100/")
    emu.faults(drop_after_commit=0.0)
    assert emu.api("GET", "Number/14155550100/").status_code == 404
    dropped = [e for e in emu.requests_log() if e["dropped"]]
    assert [(e["method"], e["status"]) for e in dropped] == [("POST", 201), ("POST", 202), ("DELETE", 204)]


def test_failed_operations_are_not_dropped(emu: EmulatorClient) -> None:
    emu.faults(drop_after_commit=1.0)
    assert emu.buy("19999999999").status_code == 404


def test_latency_is_applied_to_api_requests(emu: EmulatorClient) -> None:
    assert emu.faults(latency_ms=500)["latency_ms"] == 500
    with pytest.raises(requests.ReadTimeout):
        emu.api("GET", "Number/", timeout=0.2)
    assert emu.api("GET", "PhoneNumber/", params={"country_iso": "US"}).status_code == 200
    emu.faults(latency_ms=0)
    # The request the client gave up on is still being served: it is logged once it finishes.
    wait_until(
        lambda: any(e["path"].endswith("/Number/") for e in emu.requests_log()), "the timed-out request"
    )
    assert [(e["path"].rsplit("/", 2)[-2], e["latency_ms"]) for e in emu.requests_log()] == [
        ("Number", 500),
        ("PhoneNumber", 500),
    ]


@pytest.mark.parametrize(
    "settings",
    [
        {"rate_limit": "lots"},
        {"latency_ms": -1},
        {"error_rate": 2},
        {"drop_after_commit": "x"},
        {"verify_after": -5},
        {"surprise": 1},
    ],
)
def test_bad_fault_settings_are_400(emu: EmulatorClient, settings: dict[str, object]) -> None:
    before = emu.control("GET", "faults")
    with pytest.raises(requests.HTTPError) as error:
        emu.faults(**settings)
    assert error.value.response.status_code == 400
    assert error.value.response.json()["error"]
    assert emu.control("GET", "faults") == before


def test_sliding_window_admits_again_once_old_requests_age_out() -> None:
    now = [100.0]
    limiter = RateLimiter(clock=lambda: now[0])
    assert [limiter.hit("MA1", (2, 5.0)) for _ in range(2)] == [None, None]
    assert limiter.hit("MA1", (2, 5.0)) == 5
    now[0] += 3.2
    assert limiter.hit("MA1", (2, 5.0)) == 2  # ceil(100 + 5 - 103.2)
    assert limiter.hit("MA2", (2, 5.0)) is None
    now[0] += 1.8
    assert limiter.hit("MA1", (2, 5.0)) is None
