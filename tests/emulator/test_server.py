"""EmulatorServer: port 0, start/stop semantics, context manager, and constructor validation."""

from __future__ import annotations

import pytest
import requests

import plivo_emulator.http.server as server_module
from plivo_emulator import DEFAULT_AUTH_ID, EmulatorServer, FaultConfig
from plivo_emulator.testing import TIMEOUT

pytestmark = pytest.mark.emulator


def test_port_zero_start_twice_and_restart_keep_state() -> None:
    server = EmulatorServer(port=0, rate_limit="0")
    try:
        server.start()
        assert server.port != 0
        assert server.url == f"http://127.0.0.1:{server.port}"
        with pytest.raises(RuntimeError, match="already running"):
            server.start()
        assert server.client().buy("14155550100").status_code == 201
        server.stop()
        with pytest.raises(requests.ConnectionError):
            requests.get(server.url + "/__emulator__/health", timeout=TIMEOUT)
        server.start()
        assert server.client().api("GET", "Number/14155550100/").status_code == 200
    finally:
        server.close()


def test_faults_object_wins_over_keywords() -> None:
    with EmulatorServer(faults=FaultConfig(rate_limit="7/3"), rate_limit="0") as server:
        assert (
            requests.get(server.url + "/__emulator__/faults", timeout=TIMEOUT).json()["rate_limit"] == "7/3"
        )
        assert server.backend.directory.account_name(DEFAULT_AUTH_ID) == "Plivo Emulator"


@pytest.mark.parametrize(
    ("kwargs", "names"),
    [
        ({"auth_id": "MA123"}, "auth_id"),
        ({"auth_id": "SAEMULATOR0000000001"}, "auth_id"),
        ({"auth_token": ""}, "auth_token"),
        ({"rate_limit": "fast"}, "rate_limit"),
        ({"error_rate": 1.5}, "error_rate"),
    ],
)
def test_bad_configuration_is_rejected(kwargs: dict[str, object], names: str) -> None:
    with pytest.raises(ValueError, match=names):
        EmulatorServer(**kwargs)  # type: ignore[arg-type]


def test_a_server_thread_that_never_comes_up_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # Unit test: the serving thread is replaced by one that never signals it is ready.
    monkeypatch.setattr(server_module, "START_TIMEOUT", 0.2)
    monkeypatch.setattr(EmulatorServer, "_serve", lambda self, server: None)
    server = EmulatorServer(rate_limit="0")
    with pytest.raises(RuntimeError, match=r"did not start within 0\.2 s"):
        server.start()
    assert not server.running
    with pytest.raises(requests.ConnectionError):
        requests.get(server.url + "/__emulator__/health", timeout=TIMEOUT)
    server.close()
