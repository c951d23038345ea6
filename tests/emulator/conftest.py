"""Fixtures of the emulator's own tests: the official SDK on the reset session emulator.

The server itself comes from ``plivo_emulator.pytest_plugin``, and ``emu`` (the reset session
emulator) from ``tests/conftest.py``.
"""

from __future__ import annotations

import plivo
import plivo.rest.client
import pytest

from plivo_emulator.testing import EmulatorClient

# The official SDK reads these module globals on every request; base_uri on a client does not stick.
SDK_BASE_URIS = (
    "PLIVO_API_BASE_URI",
    "API_VOICE_BASE_URI",
    "API_VOICE_BASE_URI_FALLBACK_1",
    "API_VOICE_BASE_URI_FALLBACK_2",
)


@pytest.fixture
def sdk(emu: EmulatorClient, monkeypatch: pytest.MonkeyPatch) -> plivo.RestClient:
    """The official Python SDK (plivo 4.63) pointed at the emulator, as the start-up account."""
    for name in SDK_BASE_URIS:
        monkeypatch.setattr(plivo.rest.client, name, emu.url + "/v1/Account")
    return plivo.RestClient(emu.auth_id, emu.auth_token)
