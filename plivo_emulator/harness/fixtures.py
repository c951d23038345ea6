"""pytest fixtures for the Plivo emulator; the ``pytest11`` entry point ``plivo_emulator.pytest_plugin``
re-exports them.

Installing ``plivo-pulumi`` makes these fixtures available in every test suite:

``plivo_emulator_options`` (session)
    Keyword arguments for the session's :class:`~plivo_emulator.EmulatorServer`; ``{}`` by
    default. Override it in a ``conftest.py`` to change the server, e.g.
    ``return {"rate_limit": "0", "auth_token": "s3cret"}``.
``plivo_emulator_server`` (session)
    One in-thread emulator on a free loopback port, started on first use and closed at the
    end of the session.
``plivo_emulator`` (function)
    The session emulator reset to a fresh state (start-up faults, empty log, zero stats, no
    hold), as an :class:`~plivo_emulator.testing.EmulatorClient` for its start-up account. After
    the test, any hold is released and the start-up fault settings are restored.
``plivo_account`` (function)
    A new main account on the reset session emulator (it builds on ``plivo_emulator``), as an
    ``EmulatorClient``, deleted (numbers released) after the test.
``plivo_env`` (function)
    ``{"PLIVO_AUTH_ID", "PLIVO_AUTH_TOKEN", "PLIVO_API_URL"}`` for ``plivo_emulator``'s account,
    ready for ``monkeypatch.setenv`` or a subprocess's environment.

``pulumi_stack``, which runs your stacks against this emulator, is in :mod:`plivo_testing.fixtures`.

The fixtures combine in any order: everything that needs the emulator goes through
``plivo_emulator``, so the reset happens once per test, before any account is made.

Importing this module needs neither werkzeug nor a running server; a fixture that needs the
server without the ``[emulator]`` extra fails with one line naming the install command.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from plivo_emulator.harness.client import EmulatorClient
from plivo_emulator.http.lazy_server import MissingExtraError, server_class

if TYPE_CHECKING:
    from plivo_emulator.http.server import EmulatorServer

# Servers started by this session's fixtures; pytest_sessionfinish closes any left running.
_SERVERS = pytest.StashKey[list["EmulatorServer"]]()


@pytest.fixture(scope="session")
def plivo_emulator_options() -> dict[str, Any]:
    """Keyword arguments for the session's EmulatorServer (override to change them)."""
    return {}


@pytest.fixture(scope="session")
def plivo_emulator_server(
    request: pytest.FixtureRequest, plivo_emulator_options: dict[str, Any]
) -> Iterator[EmulatorServer]:
    """The session's in-thread emulator, on a free loopback port."""
    try:
        server_cls = server_class()
    except MissingExtraError as exc:
        missing = str(exc)
    else:
        missing = ""
    if missing:  # failed outside the except block, so pytest shows one line, not a chain
        pytest.fail(missing, pytrace=False)
    server = server_cls(**{"port": 0, **plivo_emulator_options})
    request.config.stash.setdefault(_SERVERS, []).append(server)
    with server:
        yield server


@pytest.fixture
def plivo_emulator(plivo_emulator_server: EmulatorServer) -> Iterator[EmulatorClient]:
    """The session emulator, reset, as a client for its start-up account."""
    client = plivo_emulator_server.client()
    client.reset()
    initial_faults = client.control("GET", "faults")
    yield client
    client.release()
    client.control("POST", "faults", initial_faults)


@pytest.fixture
def plivo_account(plivo_emulator: EmulatorClient) -> Iterator[EmulatorClient]:
    """A fresh main account on the reset session emulator, deleted after the test.

    It depends on ``plivo_emulator`` so the per-test reset always comes first: set up after
    the account, the reset would wipe it (whatever order the test names the fixtures in).
    """
    account = plivo_emulator.add_account()
    yield account
    account.delete_account()


@pytest.fixture
def plivo_env(plivo_emulator: EmulatorClient) -> dict[str, str]:
    """The PLIVO_* variables that point a Plivo program at the reset session emulator."""
    return plivo_emulator.env()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Close every emulator this session started that is still running (a safety net: the
    session fixture normally closes it first)."""
    for server in session.config.stash.get(_SERVERS, []):
        if server.running:
            server.close()
