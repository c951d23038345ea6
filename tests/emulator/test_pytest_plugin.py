"""The pytest plugin, tested the way pytest plugins are: in a separate, generated test session."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest

from plivo_emulator import EmulatorServer
from plivo_emulator.harness.fixtures import _SERVERS, pytest_sessionfinish

pytestmark = pytest.mark.emulator


def test_fixtures_reset_between_tests_and_accounts_are_isolated(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import os

        def test_buy(plivo_emulator):
            assert plivo_emulator.buy("14155550100").status_code == 201
            plivo_emulator.faults(latency_ms=5)
            plivo_emulator.hold_after_purchases(5)

        def test_account_alone_sees_no_leftover_faults_or_hold(plivo_account):
            assert plivo_account.control("GET", "faults")["latency_ms"] == 0
            assert plivo_account.control("GET", "hold")["armed"] is False

        def test_fresh_again(plivo_emulator, plivo_env):
            assert plivo_emulator.owned() == {}
            assert plivo_emulator.control("GET", "faults")["latency_ms"] == 0
            assert plivo_emulator.control("GET", "hold")["armed"] is False
            assert plivo_env == {
                "PLIVO_AUTH_ID": plivo_emulator.auth_id,
                "PLIVO_AUTH_TOKEN": plivo_emulator.auth_token,
                "PLIVO_API_URL": plivo_emulator.url,
            }

        def test_account_is_separate(plivo_emulator, plivo_account):
            assert plivo_account.auth_id != plivo_emulator.auth_id
            assert plivo_account.buy("14155550101").status_code == 201
            assert plivo_emulator.owned() == {}
            pytest_account.append(plivo_account)

        def test_account_was_deleted_with_its_numbers(plivo_emulator_server):  # no reset in between
            (earlier,) = pytest_account
            assert earlier.api("GET", "Number/").status_code == 401
            assert plivo_emulator_server.client().buy("14155550101").status_code == 201

        pytest_account = []
        """
    )
    pytester.runpytest().assert_outcomes(passed=5)


# The fixtures a test may combine with plivo_account; plivo_emulator_server is behind all of them.
COMBINED = ("plivo_emulator", "plivo_env", "pulumi_stack", "plivo_emulator_options")


def _fixture_orders() -> list[tuple[str, ...]]:
    """Every order of plivo_account with every non-empty subset of COMBINED."""
    return [
        order
        for size in range(1, len(COMBINED) + 1)
        for subset in itertools.combinations(COMBINED, size)
        for order in itertools.permutations(("plivo_account", *subset))
    ]


def test_the_fixtures_work_in_any_order_and_combination(pytester: pytest.Pytester) -> None:
    # Issue 19, finding 16: plivo_emulator set up after plivo_account wiped the account (401 in the
    # test, 404 from delete_account() at teardown), and pulumi_stack brought plivo_emulator in.
    orders = _fixture_orders()
    tests = "\n".join(
        f"def test_{index}({', '.join(order)}):\n    check(plivo_account, locals())\n"
        for index, order in enumerate(orders)
    )
    pytester.makepyfile(
        """
        def check(account, given):
            assert account.api("GET", "Number/").status_code == 200
            assert account.buy("14155550100").status_code == 201  # released again at teardown
            emulator = given.get("plivo_emulator")
            if emulator is not None:
                assert emulator.api("GET", "Number/").status_code == 200
                assert emulator.owned() == {}
                assert "14155550100" in account.owned()
            if "plivo_env" in given:
                assert given["plivo_env"]["PLIVO_API_URL"] == account.url
        """
        + "\n"
        + tests
    )
    pytester.runpytest().assert_outcomes(passed=len(orders))


def test_options_fixture_configures_the_session_server(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import pytest

        @pytest.fixture(scope="session")
        def plivo_emulator_options():
            return {"auth_token": "option-token", "rate_limit": "1/60s"}
        """
    )
    pytester.makepyfile(
        """
        def test_options(plivo_emulator, plivo_emulator_server):
            assert plivo_emulator.auth_token == "option-token"
            assert plivo_emulator.api("GET", "Number/").status_code == 200
            assert plivo_emulator.api("GET", "Number/").status_code == 429
            assert plivo_emulator_server.running
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_the_session_server_is_stopped_when_the_session_ends(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import pytest

        servers = []

        @pytest.fixture(autouse=True)
        def remember(plivo_emulator_server):
            servers.append(plivo_emulator_server)

        def pytest_unconfigure(config):
            assert servers and not any(s.running for s in servers), "the emulator is still running"
        """
    )
    pytester.makepyfile("def test_uses_it(plivo_emulator):\n    assert plivo_emulator.health()\n")
    result = pytester.runpytest()
    result.assert_outcomes(passed=1)
    assert "still running" not in result.stdout.str()


def test_without_werkzeug_a_fixture_fails_with_one_line(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import sys

        for name in [m for m in sys.modules if m == "werkzeug" or m.startswith("werkzeug.")]:
            del sys.modules[name]
        sys.modules["werkzeug"] = None  # as if the [emulator] extra were not installed
        """
    )
    pytester.makepyfile("def test_needs_it(plivo_emulator):\n    pass\n")
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at setup of test_needs_it*",
            "the Plivo emulator needs werkzeug, which is not installed: pip install 'plivo-pulumi[emulator]'",
            "*short test summary*",
        ]
    )
    result.stdout.no_fnmatch_line("*exception*")


def test_sessionfinish_closes_a_server_left_running() -> None:
    server = EmulatorServer(rate_limit="0")
    server.start()
    stash = pytest.Stash()
    stash[_SERVERS] = [server]
    pytest_sessionfinish(SimpleNamespace(config=SimpleNamespace(stash=stash)), 0)  # type: ignore[arg-type]
    assert not server.running
