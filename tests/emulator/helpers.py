"""Small helpers shared by the emulator's tests (the client itself is plivo_emulator.testing)."""

from __future__ import annotations

from typing import Any

import requests

from plivo_emulator.testing import JSON_HEADERS, TIMEOUT, EmulatorClient


def read(client: EmulatorClient, path: str, **params: Any) -> dict[str, Any]:
    """``GET {path}`` as ``client``'s account, which must answer 200; the decoded body."""
    response = client.api("GET", path, params=params or None)
    assert response.status_code == 200, response.text
    return dict(response.json())


def control_status(client: EmulatorClient, method: str, path: str, body: Any = None) -> int:
    """The status of a control call that may fail (``EmulatorClient.control`` raises on those),
    sent as JSON like the client's."""
    url = f"{client.url}/__emulator__/{path}"
    return requests.request(method, url, json=body, headers=JSON_HEADERS, timeout=TIMEOUT).status_code
