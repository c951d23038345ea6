"""Fault injection: rate limit, injected 5xx, drop-after-commit and latency (set via the control API)."""

from __future__ import annotations

import time

import pytest
import requests

from plivo_emulator.faults import RateLimiter

from ._client import Api, Control

pytestmark = pytest.mark.emulator


def test_rate_limit_answers_429_with_retry_after(api: Api, control: Control) -> None:
    control.faults(rate_limit="5/10")  # a window long enough that the test never straddles it
    statuses = [api.get("Number/").status_code for _ in range(8)]
    assert statuses == [200] * 5 + [429] * 3
    limited = api.get("Number/")
    assert limited.status_code == 429
    assert limited.json()["error"] == "too many requests" and limited.json()["api_id"]
    assert 1 <= int(limited.headers["Retry-After"]) <= 10
    assert [e["fault"] for e in control.log()] == [None] * 5 + ["rate_limit"] * 4


def test_rate_limit_is_per_account_and_spares_the_control_api(api: Api, control: Control) -> None:
    control.faults(rate_limit="2/60")
    control.post("accounts", {"auth_id": "MAOTHERACCOUNT000004", "auth_token": "t"})
    other = Api(api.url, "MAOTHERACCOUNT000004", "t")
    assert [api.get("Number/").status_code for _ in range(3)] == [200, 200, 429]
    assert other.get("Number/").status_code == 200
    assert all(control.get("health").status_code == 200 for _ in range(5))
    assert control.faults(rate_limit="0")["rate_limit"] == "0"
    assert api.get("Number/").status_code == 200


def test_error_rate_one_gives_5xx_and_changes_nothing(api: Api, control: Control) -> None:
    control.faults(error_rate=1.0)
    statuses = {api.buy(f"141555501{i:02d}").status_code for i in range(10)}
    assert statuses <= {500, 503} and statuses
    control.faults(error_rate=0.0)
    assert api.get("Number/").json()["objects"] == []


def test_drop_after_commit_drops_the_connection_but_commits(api: Api, control: Control) -> None:
    control.faults(drop_after_commit=1.0)
    with pytest.raises(requests.ConnectionError):
        api.buy("14155550100")
    with pytest.raises(requests.ConnectionError):
        api.post("Number/14155550100/", {"alias": "after drop"})
    assert api.get("Number/14155550100/").json()["alias"] == "after drop"  # reads are never dropped
    with pytest.raises(requests.ConnectionError):
        api.delete("Number/14155550100/")
    control.faults(drop_after_commit=0.0)
    assert api.get("Number/14155550100/").status_code == 404
    dropped = [e for e in control.log() if e["dropped"]]
    assert [(e["method"], e["status"]) for e in dropped] == [("POST", 201), ("POST", 202), ("DELETE", 204)]


def test_failed_operations_are_not_dropped(api: Api, control: Control) -> None:
    control.faults(drop_after_commit=1.0)
    assert api.buy("19999999999").status_code == 404


def test_latency_is_applied_to_api_requests(api: Api, control: Control) -> None:
    assert control.faults(latency_ms=500)["latency_ms"] == 500
    with pytest.raises(requests.ReadTimeout):
        api.get("Number/", timeout=0.2)
    assert api.get("PhoneNumber/", params={"country_iso": "US"}).status_code == 200
    control.faults(latency_ms=0)
    deadline = time.monotonic() + 10  # bounded wait for the timed-out request to finish on the server
    while not any(e["path"].endswith("/Number/") for e in control.log()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [(e["path"].rsplit("/", 2)[-2], e["latency_ms"]) for e in control.log()] == [
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
def test_bad_fault_settings_are_400(control: Control, settings: dict[str, object]) -> None:
    before = control.get("faults").json()
    response = control.post("faults", settings)
    assert response.status_code == 400 and response.json()["error"]
    assert control.get("faults").json() == before


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
