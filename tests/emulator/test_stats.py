"""GET /__emulator__/stats: requests per account and status, purchases, peak rates."""

from __future__ import annotations

import requests

from plivo_emulator.http.stats import RequestStats
from plivo_emulator.testing import TIMEOUT, EmulatorClient


def test_counts_per_account_status_and_purchase(emu: EmulatorClient) -> None:
    other = emu.add_account()
    emu.faults(rate_limit="2/60s")  # Plivo writes its limit this way ("300/5s")
    statuses = [emu.api("GET", "Number/").status_code for _ in range(2)]
    limited = emu.api("GET", "Number/")
    assert statuses == [200, 200]
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) >= 1
    assert [other.buy(n).status_code for n in ("14155550100", "19999999999")] == [201, 404]
    requests.get(f"{emu.url}/v1/Account/{emu.auth_id}/Number/", timeout=TIMEOUT)  # no credentials: 401

    stats = emu.stats()
    mine = stats["accounts"][emu.auth_id]
    assert (mine["requests"], mine["statuses"], mine["purchases"]) == (3, {"200": 2, "429": 1}, 0)
    assert 1 <= mine["peak_per_second"] <= mine["peak_per_5s"] <= 3  # exact peaks: see the unit test
    assert stats["accounts"][other.auth_id]["statuses"] == {"201": 1, "404": 1}
    assert stats["accounts"][other.auth_id]["purchases"] == 1
    total = stats["total"]
    assert (total["requests"], total["purchases"], total["statuses"]) == (
        6,
        1,
        {"200": 2, "201": 1, "401": 1, "404": 1, "429": 1},
    )


def test_control_calls_are_not_counted_and_clear_zeroes(emu: EmulatorClient) -> None:
    emu.api("GET", "Number/")
    emu.health()
    emu.requests_log()
    assert emu.stats()["total"]["requests"] == 1
    emu.clear_stats()
    assert emu.stats() == {
        "total": {"requests": 0, "statuses": {}, "purchases": 0, "peak_per_second": 0, "peak_per_5s": 0},
        "accounts": {},
    }


def test_peaks_are_the_busiest_windows() -> None:
    now = [100.0]
    stats = RequestStats(clock=lambda: now[0])
    for at in (0.0, 0.2, 0.9, 1.0, 1.1, 4.0, 7.5):  # seconds after t=100
        now[0] = 100.0 + at
        stats.record("MA1", 200, purchase=False)
    counts = stats.to_json()["accounts"]["MA1"]
    # 0.2, 0.9, 1.0 and 1.1 fall within one second; 0.2 .. 4.0 within five.
    assert (counts["peak_per_second"], counts["peak_per_5s"]) == (4, 6)
