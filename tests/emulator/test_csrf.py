"""A web page in the developer's browser cannot drive the emulator (issue 19, finding 11).

Cross-site request forgery: a page may send "simple" requests to 127.0.0.1 (a form post, or a
fetch with ``text/plain``), so every state-changing control call needs ``application/json``.
DNS rebinding: a page whose own name resolves to 127.0.0.1 may also read the answers, but its
requests still name the page's host in ``Host``, so only loopback names are answered.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from plivo_emulator import EmulatorServer
from plivo_emulator.testing import TIMEOUT, EmulatorClient

from .helpers import control_status

pytestmark = pytest.mark.emulator

# Every state-changing control call (method, path, JSON body).
CHANGES: list[tuple[str, str, Any]] = [
    ("POST", "reset", {"faults": True}),
    ("POST", "faults", {"latency_ms": 50}),
    ("DELETE", "requests", None),
    ("POST", "numbers/14155550100/verify", None),
    ("POST", "numbers/14155550100/reject", None),
    ("POST", "accounts", {"auth_id": "MACSRF00000000000001", "auth_token": "forged"}),
    ("DELETE", "accounts/MACSRF00000000000002", None),
    ("POST", "hold", {"after_purchases": 0}),
    ("DELETE", "hold", None),
    ("DELETE", "stats", None),
]
# What a cross-site page can send without a CORS preflight, and no Content-Type at all.
SIMPLE_TYPES = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None]
FOREIGN_HOSTS = [
    "evil.example",
    "evil.example:{port}",
    "127.0.0.1.evil.example:{port}",
    "localhost.attacker:{port}",
    "localhost.:{port}",
    "127.0.0.2:{port}",
    "[::2]:{port}",
    "127.0.0.1@evil.example",
    "evil.example#127.0.0.1",
    "",
]
LOOPBACK_HOSTS = ["127.0.0.1", "127.0.0.1:{port}", "localhost:{port}", "LocalHost", "[::1]:{port}", "[::1]"]


def _port(client: EmulatorClient) -> int:
    return int(client.url.rsplit(":", 1)[1])


def _state(client: EmulatorClient) -> Any:
    """Everything a refused call could have changed."""
    return (
        client.owned(),
        client.control("GET", "faults"),
        client.control("GET", "hold"),
        len(client.requests_log()),
        client.stats()["total"]["requests"],
        client.owned("MACSRF00000000000002"),
        control_status(client, "GET", "accounts/MACSRF00000000000001/numbers"),
    )


@pytest.fixture
def arranged(emu: EmulatorClient) -> EmulatorClient:
    """An emulator with a number, a log entry and a second account, all of which a forged call
    could change."""
    assert emu.buy("14155550100").status_code == 201
    emu.add_account("MACSRF00000000000002", "kept")
    return emu


@pytest.mark.parametrize("content_type", SIMPLE_TYPES)
@pytest.mark.parametrize(("method", "path", "body"), CHANGES)
def test_a_state_changing_control_call_without_json_is_refused(
    arranged: EmulatorClient, method: str, path: str, body: Any, content_type: str | None
) -> None:
    before = _state(arranged)
    data = "" if body is None else json.dumps(body)
    headers = {"Content-Type": content_type} if content_type else {}
    response = requests.request(
        method, f"{arranged.url}/__emulator__/{path}", data=data, headers=headers, timeout=TIMEOUT
    )
    assert response.status_code == 415
    assert "Content-Type: application/json" in response.json()["error"]
    assert _state(arranged) == before


@pytest.mark.parametrize("host", FOREIGN_HOSTS)
def test_a_foreign_host_is_refused_everywhere(arranged: EmulatorClient, host: str) -> None:
    before = _state(arranged)
    headers = {"Host": host.format(port=_port(arranged)), "Content-Type": "application/json"}
    calls = [
        ("GET", "/__emulator__/health", None),  # a read: rebinding would let the page see it
        ("GET", f"/__emulator__/accounts/{arranged.auth_id}/numbers", None),
        ("POST", "/__emulator__/reset", b'{"faults": true}'),
    ]
    for method, path, data in calls:
        response = requests.request(method, arranged.url + path, data=data, headers=headers, timeout=TIMEOUT)
        assert response.status_code == 403, (method, path)
        assert "127.0.0.1, localhost or [::1]" in response.json()["error"]
    # The Plivo API too: with the documented default token a rebinding page could use it.
    api = requests.get(
        f"{arranged.url}/v1/Account/{arranged.auth_id}/Number/",
        auth=(arranged.auth_id, arranged.auth_token),
        headers={"Host": headers["Host"]},
        timeout=TIMEOUT,
    )
    assert api.status_code == 403
    assert "localhost" in api.json()["error"]
    assert _state(arranged) == before


@pytest.mark.parametrize("host", LOOPBACK_HOSTS)
def test_loopback_names_are_answered(arranged: EmulatorClient, host: str) -> None:
    headers = {"Host": host.format(port=_port(arranged))}
    health = requests.get(arranged.url + "/__emulator__/health", headers=headers, timeout=TIMEOUT)
    assert health.json() == {"ok": True}
    api = requests.get(
        f"{arranged.url}/v1/Account/{arranged.auth_id}/Number/",
        auth=(arranged.auth_id, arranged.auth_token),
        headers=headers,
        timeout=TIMEOUT,
    )
    assert api.status_code == 200


def test_the_client_sends_what_the_control_api_requires(arranged: EmulatorClient) -> None:
    # Every helper that changes state, including those without a body.
    arranged.faults(latency_ms=0)
    arranged.clear_requests()
    arranged.clear_stats()
    arranged.hold_after_purchases(3)
    arranged.release()
    arranged.delete_account("MACSRF00000000000002")
    assert arranged.buy("493090182001").status_code == 201
    assert arranged.verify("493090182001")["compliance_status"] == "accepted"
    arranged.control("POST", "reset")
    assert arranged.owned() == {}


def test_allowed_hosts_add_names_for_a_non_loopback_setup() -> None:
    with EmulatorServer(rate_limit="0", allowed_hosts=["emulator.internal"]) as server:
        port = server.port

        def health(host: str) -> int:
            url = server.url + "/__emulator__/health"
            return requests.get(url, headers={"Host": host}, timeout=TIMEOUT).status_code

        assert health(f"emulator.internal:{port}") == 200
        assert health(f"localhost:{port}") == 200
        assert health(f"emulator.internal.evil.example:{port}") == 403
