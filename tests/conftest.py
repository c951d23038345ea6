"""Shared test set-up: a marker per tier, no PLIVO_* variables from the developer's shell, and one
emulator per session.

Each folder under ``tests/`` whose name is a registered marker (pyproject.toml) is a tier, and
every test in it carries that marker, so ``-m team`` or ``-m "not e2e"`` selects by tier.
The emulator comes from the plugin in ``plivo_emulator.pytest_plugin`` (``plivo_emulator``,
``plivo_account``, ``plivo_env``, ...). Here the session server is given a grep-able canary token,
and the contract and e2e tiers' short name ``emu`` is kept.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from plivo_emulator.testing import EmulatorClient
from plivo_provider.lifecycle import registry

TESTS = Path(__file__).resolve().parent
NOT_TIERS = frozenset({"harness", "__pycache__"})  # folders of helpers, holding no tests

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


@pytest.fixture
def emu(plivo_emulator: EmulatorClient) -> EmulatorClient:
    """The session emulator, reset to a fresh account with no faults."""
    return plivo_emulator


def _registered_markers(config: pytest.Config) -> set[str]:
    return {line.split(":", 1)[0].strip() for line in config.getini("markers")}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test with its tier, the folder it is in; a test marked with another tier, or a
    test folder that is not a registered tier, is a usage error."""
    markers = _registered_markers(config)
    tiers = {p.name for p in TESTS.iterdir() if p.is_dir() and p.name not in NOT_TIERS} & markers
    for item in items:
        path = item.path.resolve()
        if not path.is_relative_to(TESTS):
            continue  # not this suite's (a pytester run in a temporary folder)
        tier = path.relative_to(TESTS).parts[0]
        if tier not in tiers:
            raise pytest.UsageError(
                f"tests/{tier}/ is not a tier: register a `{tier}` marker in pyproject.toml"
            )
        others = sorted({mark.name for mark in item.iter_markers()} & (tiers - {tier}))
        if others:
            raise pytest.UsageError(f"{item.nodeid} is in tests/{tier}/ but marked {', '.join(others)}")
        item.add_marker(tier)
