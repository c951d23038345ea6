"""Shared test set-up: every test starts with no PLIVO_* variables from the developer's shell."""

from __future__ import annotations

import os

import pytest

PLIVO_ENV = (
    "PLIVO_AUTH_ID",
    "PLIVO_AUTH_TOKEN",
    "PLIVO_API_URL",
    "PLIVO_REQUEST_TIMEOUT",
    "PLIVO_MAX_RETRIES",
    "PLIVO_DEBUG",
)


@pytest.fixture(autouse=True)
def _clean_plivo_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PLIVO_ENV:
        monkeypatch.delenv(name, raising=False)
    for name in list(os.environ):
        if name.startswith("PLIVO_"):
            monkeypatch.delenv(name, raising=False)


# -- a real emulator over HTTP, shared by the contract and e2e tiers --------------------------

import json  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from typing import Any  # noqa: E402

import requests  # noqa: E402


class Emulator:
    """Test handle on a running emulator: its URL, credentials and control API."""

    def __init__(self, url: str, auth_id: str, auth_token: str) -> None:
        self.url = url
        self.auth_id = auth_id
        self.auth_token = auth_token

    def control(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = requests.request(method, f"{self.url}/__emulator__/{path}", json=body, timeout=10)
        response.raise_for_status()
        return response.json() if response.content else None

    def reset(self) -> None:
        self.control("POST", "reset", {"faults": True})
        self.control("DELETE", "requests")

    def faults(self, **values: Any) -> None:
        self.control("POST", "faults", values)

    def requests_log(self) -> list[dict[str, Any]]:
        return list(self.control("GET", "requests")["requests"])

    def calls(self, method: str, fragment: str) -> int:
        """How many logged API calls used ``method`` on a path containing ``fragment``."""
        return sum(1 for r in self.requests_log() if r["method"] == method and fragment in r["path"])

    def owned(self, auth_id: str | None = None) -> dict[str, dict[str, Any]]:
        """Every number the account rents, by number."""
        body = self.control("GET", f"accounts/{auth_id or self.auth_id}/numbers")
        items = body["numbers"] if isinstance(body, dict) else body
        return {item["number"]: item for item in items}

    def api(self, method: str, path: str, body: dict[str, Any] | None = None) -> requests.Response:
        """A raw Plivo API call with the account's credentials (acts as 'the Plivo console')."""
        return requests.request(
            method,
            f"{self.url}/v1/Account/{self.auth_id}/{path}",
            auth=(self.auth_id, self.auth_token),
            data=json.dumps(body) if body is not None else None,
            headers={"Content-Type": "application/json"},
            timeout=10,
        )

    def settings_env(self) -> dict[str, str]:
        return {"PLIVO_AUTH_ID": self.auth_id, "PLIVO_AUTH_TOKEN": self.auth_token, "PLIVO_API_URL": self.url}


@pytest.fixture(scope="session")
def api_emulator() -> Iterator[Emulator]:
    from plivo_emulator import DEFAULT_AUTH_ID, EmulatorServer

    token = "canary-token-5f3e9d1c7b"  # grep-able: it must never show up in state, logs or errors
    with EmulatorServer(port=0, auth_id=DEFAULT_AUTH_ID, auth_token=token) as server:
        yield Emulator(server.url, DEFAULT_AUTH_ID, token)


@pytest.fixture
def emu(api_emulator: Emulator) -> Emulator:
    """The session emulator, reset to a fresh account with no faults."""
    api_emulator.reset()
    return api_emulator
