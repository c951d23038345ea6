"""The pacer on a fake clock: starts it hands out, pauses, sharing, and the rateLimit setting."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plivo_emulator.http.faults import DEFAULT_RATE_LIMIT, parse_rate_limit
from plivo_provider.api.config import resolve_settings
from plivo_provider.api.errors import ConfigError
from plivo_provider.api.pacing import MIN_MARGIN, PLIVO_LIMIT, Pacer, RateLimit, pacer_for

pytestmark = pytest.mark.unit

CREDENTIALS = {"plivo:authId": "MAXXXXXXXXXXXXXXXXXX", "plivo:authToken": "t"}


class FakeClock:
    """Time that moves only when someone sleeps or the test advances it."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def paced(limit: RateLimit) -> tuple[Pacer, FakeClock]:
    clock = FakeClock()
    return Pacer(limit, clock=clock, sleep=clock.sleep), clock


def starts_of(pacer: Pacer, clock: FakeClock, gaps: list[float]) -> list[float]:
    """One caller after another, ``gaps[i]`` seconds apart: when each one may start."""
    starts = []
    for gap in gaps:
        clock.now += gap
        pacer.wait()
        starts.append(clock.now)
    return starts


def test_a_burst_up_to_the_limit_goes_at_once() -> None:
    pacer, clock = paced(RateLimit(5, 1.0))
    assert starts_of(pacer, clock, [0.0] * 5) == [1000.0] * 5
    assert clock.slept == []


def test_the_call_past_the_limit_waits_for_the_window_of_the_oldest() -> None:
    pacer, clock = paced(RateLimit(5, 1.0))
    starts = starts_of(pacer, clock, [0.0, 0.1, 0.1, 0.1, 0.1, 0.0, 0.0])
    assert starts[5] == pytest.approx(1000.0 + 1.0 + MIN_MARGIN)
    assert starts[6] == pytest.approx(1000.1 + 1.0 + MIN_MARGIN)
    assert len(clock.slept) == 2  # one sleep per waiting caller, no polling


def test_at_plivos_limit_starts_are_spaced_by_the_window_plus_two_percent() -> None:
    pacer, clock = paced(PLIVO_LIMIT)
    starts = starts_of(pacer, clock, [0.0] * 301)
    assert starts[300] == pytest.approx(1000.0 + 5.0 + 0.1)


def test_an_answered_call_counts_from_its_answer() -> None:
    pacer, clock = paced(RateLimit(1, 1.0))
    pacer.wait()
    clock.now += 0.4  # answered 0.4 s after its start: the server may have counted it that late
    pacer.done()
    assert pacer.reserve() == pytest.approx(1.0 + MIN_MARGIN)  # from the answer, not the start


def test_a_call_not_answered_yet_counts_from_its_start() -> None:
    pacer, clock = paced(RateLimit(1, 1.0))
    pacer.wait()
    clock.now += 0.4
    assert pacer.reserve() == pytest.approx(0.6 + MIN_MARGIN)


def test_done_without_a_call_changes_nothing() -> None:
    pacer, clock = paced(RateLimit(1, 1.0))
    pacer.done()
    pacer.wait()
    pacer.done()
    pacer.done()
    clock.now += 5.0
    assert pacer.reserve() == 0.0


def test_calls_slower_than_the_limit_never_wait() -> None:
    pacer, clock = paced(RateLimit(3, 1.0))
    starts_of(pacer, clock, [0.5] * 20)
    assert clock.slept == []


@given(st.lists(st.floats(min_value=0.0, max_value=0.5), min_size=1, max_size=200))
def test_no_window_ever_holds_more_than_the_limit(gaps: list[float]) -> None:
    pacer, clock = paced(RateLimit(4, 1.0))
    starts = starts_of(pacer, clock, gaps)
    assert starts == sorted(starts)
    for early, late in zip(starts, starts[4:], strict=False):
        assert late - early >= 1.0


def test_threads_reserving_at_the_same_instant_get_starts_within_the_limit() -> None:
    pacer, _ = paced(RateLimit(10, 2.0))
    delays: list[float] = []
    lock = threading.Lock()

    def caller() -> None:
        for _ in range(25):
            delay = pacer.reserve()
            with lock:
                delays.append(delay)

    threads = [threading.Thread(target=caller) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    starts = sorted(delays)
    assert len(starts) == 100
    for early, late in zip(starts, starts[10:], strict=False):
        assert late - early >= 2.0


def test_a_pause_holds_every_later_call() -> None:
    pacer, clock = paced(RateLimit(100, 1.0))
    pacer.pause(3.0)
    assert starts_of(pacer, clock, [0.0, 0.0]) == [1003.0, 1003.0]


def test_a_shorter_pause_does_not_cut_a_longer_one() -> None:
    pacer, _ = paced(RateLimit(100, 1.0))
    pacer.pause(3.0)
    pacer.pause(1.0)
    assert pacer.reserve() == 3.0


def test_processes_share_one_pacer_per_account_and_limit() -> None:
    limit = RateLimit(7, 1.0)
    assert pacer_for("http://a", "MA1", limit) is pacer_for("http://a", "MA1", limit)
    assert pacer_for("http://a", "MA1", limit) is not pacer_for("http://a", "MA2", limit)
    assert pacer_for("http://a", "MA1", limit) is not pacer_for("http://a", "MA1", RateLimit(8, 1.0))


def test_the_setting_defaults_to_plivos_limit() -> None:
    assert resolve_settings(CREDENTIALS, {}).rate_limit == PLIVO_LIMIT == RateLimit(300, 5.0)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("40/2s", RateLimit(40, 2.0)),
        ("300/5", RateLimit(300, 5.0)),
        ("10/0.5s", RateLimit(10, 0.5)),
        ("0", None),
    ],
)
def test_the_setting_reads_requests_per_seconds_or_0_for_off(raw: str, expected: RateLimit | None) -> None:
    assert resolve_settings(CREDENTIALS, {"PLIVO_RATE_LIMIT": raw}).rate_limit == expected


def test_stack_config_wins_over_the_environment() -> None:
    config = {**CREDENTIALS, "plivo:rateLimit": "100/5s"}
    assert resolve_settings(config, {"PLIVO_RATE_LIMIT": "0"}).rate_limit == RateLimit(100, 5.0)


@pytest.mark.parametrize("raw", ["300", "0/5", "-1/5", "300/0", "abc/5s", "5/x", "nan/5", "5/inf"])
def test_a_bad_setting_names_the_key_and_the_form(raw: str) -> None:
    with pytest.raises(ConfigError, match=r"plivo:rateLimit must be requests/seconds such as 300/5s"):
        resolve_settings(CREDENTIALS, {"PLIVO_RATE_LIMIT": raw})


def test_the_emulator_enforces_the_limit_the_provider_paces_to() -> None:
    # Plivo's limit is declared twice on purpose: the emulator must not import the provider
    # (which pulls in pulumi), so this test keeps the two declarations equal.
    assert parse_rate_limit(DEFAULT_RATE_LIMIT) == (PLIVO_LIMIT.count, PLIVO_LIMIT.window)
