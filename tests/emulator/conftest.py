"""Fixtures: one emulator per session on a free port, reset before every test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from plivo_emulator import EmulatorServer

from ._client import TIMEOUT, Api, Control


@pytest.fixture(scope="session")
def emulator_server() -> Iterator[EmulatorServer]:
    """The session's emulator; the rate limit is off so busy tests don't trip it."""
    with EmulatorServer(port=0, rate_limit="0") as server:
        yield server


@pytest.fixture
def emulator(emulator_server: EmulatorServer) -> EmulatorServer:
    """The session emulator, reset to fresh state and its initial fault settings."""
    response = requests.post(
        emulator_server.url + "/__emulator__/reset", json={"faults": True}, timeout=TIMEOUT
    )
    response.raise_for_status()
    return emulator_server


@pytest.fixture
def api(emulator: EmulatorServer) -> Api:
    """Client for the default main account."""
    return Api(emulator.url)


@pytest.fixture
def control(emulator: EmulatorServer) -> Control:
    """Client for the control API."""
    return Control(emulator.url)
