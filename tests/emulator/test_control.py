"""The /__emulator__/ control API: health, request log, reset, accounts, verification."""

from __future__ import annotations

import pytest
import requests

from plivo_emulator import WELL_KNOWN_APPS
from plivo_emulator.testing import EmulatorClient

from .helpers import control_status

pytestmark = pytest.mark.emulator


def test_health(emu: EmulatorClient) -> None:
    assert emu.control("GET", "health") == {"ok": True}


def test_faults_round_trip(emu: EmulatorClient) -> None:
    assert emu.control("GET", "faults") == {
        "rate_limit": "300/5",
        "latency_ms": 0,
        "error_rate": 0.0,
        "drop_after_commit": 0.0,
        "verify_after": None,
    }
    new = emu.faults(rate_limit="100/5s", verify_after=2.5)
    assert new["rate_limit"] == "100/5s"
    assert new["verify_after"] == 2.5
    assert emu.control("GET", "faults") == new


def test_request_log_records_api_calls_without_secrets(emu: EmulatorClient) -> None:
    emu.api("GET", "Number/", params={"limit": 5})
    emu.buy("14155550100")
    emu.health()
    log = emu.requests_log()
    assert [(e["method"], e["status"]) for e in log] == [("GET", 200), ("POST", 201)]
    first = log[0]
    assert first["query"] == "limit=5"
    assert first["account"] == emu.auth_id
    assert first["dropped"] is False
    assert set(first) == {
        "seq",
        "time",
        "method",
        "path",
        "query",
        "status",
        "account",
        "dropped",
        "latency_ms",
        "fault",
    }
    assert emu.auth_token not in str(log)
    assert [e["seq"] for e in emu.requests_log(since=first["seq"])] == [log[1]["seq"]]
    emu.clear_requests()
    assert emu.requests_log() == []
    assert emu.calls("GET", "/Number/") == 0


def test_calls_counts_by_method_and_path_fragment(emu: EmulatorClient) -> None:
    emu.api("GET", "Number/")
    emu.buy("14155550100")
    emu.buy("14155550101")
    assert (emu.calls("POST", "/PhoneNumber/"), emu.calls("GET", "/PhoneNumber/")) == (2, 0)
    assert emu.calls("POST", "/PhoneNumber/14155550101/") == 1


def test_reset_wipes_state_but_keeps_faults_unless_asked(emu: EmulatorClient) -> None:
    emu.buy("14155550100")
    emu.api("POST", "Application/", {"app_name": "temp"})
    emu.faults(latency_ms=1)
    emu.control("POST", "reset")
    assert emu.requests_log() == []
    assert emu.stats()["total"]["requests"] == 0
    assert emu.api("GET", "Number/").json()["objects"] == []
    assert emu.api("GET", "Application/").json()["meta"]["total_count"] == len(WELL_KNOWN_APPS)
    assert emu.control("GET", "faults")["latency_ms"] == 1
    emu.reset()
    assert emu.control("GET", "faults")["latency_ms"] == 0


def test_reset_replays_the_same_ids(emu: EmulatorClient) -> None:
    first = emu.api("POST", "Application/", {"app_name": "a"}).json()["app_id"]
    emu.reset()
    assert emu.api("POST", "Application/", {"app_name": "a"}).json()["app_id"] == first


def test_accounts_add_and_list_numbers(emu: EmulatorClient) -> None:
    other = emu.add_account("MAOTHERACCOUNT000005", "t")
    assert (other.auth_id, other.auth_token) == ("MAOTHERACCOUNT000005", "t")
    assert control_status(emu, "POST", "accounts", {"auth_id": other.auth_id, "auth_token": "t"}) == 400
    assert control_status(emu, "POST", "accounts", {"auth_id": "bad", "auth_token": "t"}) == 400
    other.buy("14155550101")
    assert [(n, r["account"]) for n, r in other.owned().items()] == [("14155550101", other.auth_id)]
    assert emu.owned() == {}
    assert control_status(emu, "GET", "accounts/MANOBODY000000000000/numbers") == 404


def test_add_account_generates_valid_credentials(emu: EmulatorClient) -> None:
    first, second = emu.add_account(), emu.add_account()
    assert first.auth_id != second.auth_id
    assert first.auth_token != second.auth_token
    assert first.api("GET", "Number/").status_code == 200


def test_delete_account_releases_everything_of_its_family(emu: EmulatorClient) -> None:
    other = emu.add_account()
    sub = other.api("POST", "Subaccount/", {"name": "team", "enabled": True}).json()
    other.as_account(sub["auth_id"], sub["auth_token"]).buy("14155550102")
    other.buy("14155550103")
    other.delete_account()
    assert other.api("GET", "Number/").status_code == 401
    assert other.as_account(sub["auth_id"], sub["auth_token"]).api("GET", "Number/").status_code == 401
    assert emu.buy("14155550102").status_code == emu.buy("14155550103").status_code == 201
    assert control_status(emu, "DELETE", f"accounts/{other.auth_id}") == 404


def test_the_start_up_account_cannot_be_deleted(emu: EmulatorClient) -> None:
    assert control_status(emu, "DELETE", f"accounts/{emu.auth_id}") == 400
    assert emu.api("GET", "Number/").status_code == 200


def test_verify_rules(emu: EmulatorClient) -> None:
    assert control_status(emu, "POST", "numbers/493090182001/verify") == 404  # not rented
    emu.buy("14155550102")
    assert control_status(emu, "POST", "numbers/14155550102/verify") == 400  # not subject to verification


def test_unknown_control_paths_are_404_json(emu: EmulatorClient) -> None:
    with pytest.raises(requests.HTTPError) as error:
        emu.control("GET", "nothing/here")
    assert error.value.response.status_code == 404
    assert error.value.response.json()["error"]
    assert control_status(emu, "DELETE", "health") == 405


@pytest.mark.parametrize("since", ["-1", "abc", "9" * 30, "\u00b2"])
def test_bad_since_is_400(emu: EmulatorClient, since: str) -> None:
    assert control_status(emu, "GET", f"requests?since={since}") == 400
