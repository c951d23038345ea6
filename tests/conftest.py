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
