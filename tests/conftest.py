"""Shared test set-up: no PLIVO_* variables from the developer's shell, and one emulator per session.

The emulator comes from the plugin in ``plivo_emulator.pytest_plugin`` (``plivo_emulator``,
``plivo_account``, ``plivo_env``, ...). Here the session server is given a grep-able canary token,
and the names the contract and e2e tiers use (``emu``, ``api_emulator``, ``Emulator``) are kept.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import pytest

from plivo_emulator.testing import EmulatorClient
from plivo_provider.lifecycle import registry

if TYPE_CHECKING:
    from plivo_emulator.http.server import EmulatorServer

pytest_plugins = ["pytester"]  # for the plugin's own tests (tests/emulator/test_pytest_plugin.py)

# Grep-able: it must never show up in state, logs, errors or CLI output.
CANARY_TOKEN = "canary-token-5f3e9d1c7b"


@pytest.fixture(autouse=True)
def _clean_plivo_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every variable the provider reads starts PLIVO_ (plivo_provider.api.config); the live tier reads
    # its PLIVO_LIVE_* credentials at import, before this runs.
    for name in list(os.environ):
        if name.startswith("PLIVO_"):
            monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def fresh_registry() -> None:
    """Each test starts as a new ``pulumi`` command would: nothing declared or found yet."""
    registry.reset()


@pytest.fixture(scope="session")
def plivo_emulator_options() -> dict[str, Any]:
    """The session emulator's start-up account uses the canary token."""
    return {"auth_token": CANARY_TOKEN}


class Emulator(EmulatorClient):
    """An EmulatorClient under the name the contract and e2e tiers use."""

    def settings_env(self) -> dict[str, str]:
        """The PLIVO_* variables for this account (the same as ``env()``)."""
        return self.env()


@pytest.fixture(scope="session")
def api_emulator(plivo_emulator_server: EmulatorServer) -> Emulator:
    """The session emulator, not reset."""
    server = plivo_emulator_server
    return Emulator(server.url, server.auth_id, server.auth_token)


@pytest.fixture
def emu(plivo_emulator: EmulatorClient) -> Emulator:
    """The session emulator, reset to a fresh account with no faults."""
    return Emulator(plivo_emulator.url, plivo_emulator.auth_id, plivo_emulator.auth_token)
