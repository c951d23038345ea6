"""The /__emulator__/ control API: health, request log, reset, accounts, verification."""

from __future__ import annotations

import pytest

from plivo_emulator import WELL_KNOWN_APPS

from ._client import Api, Control

pytestmark = pytest.mark.emulator


def test_health(control: Control) -> None:
    response = control.get("health")
    assert response.status_code == 200 and response.json() == {"ok": True}


def test_faults_round_trip(control: Control) -> None:
    assert control.get("faults").json() == {
        "rate_limit": "0",
        "latency_ms": 0,
        "error_rate": 0.0,
        "drop_after_commit": 0.0,
        "verify_after": None,
    }
    new = control.faults(rate_limit="100/5", verify_after=2.5)
    assert new["rate_limit"] == "100/5" and new["verify_after"] == 2.5
    assert control.get("faults").json() == new


def test_request_log_records_api_calls_without_secrets(api: Api, control: Control) -> None:
    api.get("Number/", params={"limit": 5})
    api.buy("14155550100")
    control.get("health")
    log = control.log()
    assert [(e["method"], e["status"]) for e in log] == [("GET", 200), ("POST", 201)]
    first = log[0]
    assert first["query"] == "limit=5" and first["account"] == api.auth_id and first["dropped"] is False
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
    assert "emulator-token" not in str(log)
    since = control.get("requests", params={"since": first["seq"]}).json()["requests"]
    assert [e["seq"] for e in since] == [log[1]["seq"]]
    assert control.delete("requests").status_code == 200
    assert control.log() == []


def test_reset_wipes_state_but_keeps_faults_unless_asked(api: Api, control: Control) -> None:
    api.buy("14155550100")
    api.post("Application/", {"app_name": "temp"})
    control.faults(latency_ms=1)
    assert control.post("reset").status_code == 200
    assert api.get("Number/").json()["objects"] == []
    assert api.get("Application/").json()["meta"]["total_count"] == len(WELL_KNOWN_APPS)
    assert control.get("faults").json()["latency_ms"] == 1
    control.post("reset", {"faults": True})
    assert control.get("faults").json()["latency_ms"] == 0


def test_reset_replays_the_same_ids(api: Api, control: Control) -> None:
    first = api.post("Application/", {"app_name": "a"}).json()["app_id"]
    control.post("reset")
    assert api.post("Application/", {"app_name": "a"}).json()["app_id"] == first


def test_accounts_add_and_list_numbers(api: Api, control: Control) -> None:
    response = control.post("accounts", {"auth_id": "MAOTHERACCOUNT000005", "auth_token": "t"})
    assert response.status_code == 201 and response.json()["apps"] == WELL_KNOWN_APPS
    assert control.post("accounts", {"auth_id": "MAOTHERACCOUNT000005", "auth_token": "t"}).status_code == 400
    assert control.post("accounts", {"auth_id": "bad", "auth_token": "t"}).status_code == 400
    other = Api(api.url, "MAOTHERACCOUNT000005", "t")
    other.buy("14155550101")
    numbers = control.get("accounts/MAOTHERACCOUNT000005/numbers").json()["numbers"]
    assert [(n["number"], n["account"]) for n in numbers] == [("14155550101", "MAOTHERACCOUNT000005")]
    assert control.get(f"accounts/{api.auth_id}/numbers").json()["numbers"] == []
    assert control.get("accounts/MANOBODY000000000000/numbers").status_code == 404


def test_verify_rules(api: Api, control: Control) -> None:
    assert control.post("numbers/493090182001/verify").status_code == 404  # not rented
    api.buy("14155550102")
    assert control.post("numbers/14155550102/verify").status_code == 400  # not subject to verification


def test_unknown_control_paths_are_404_json(control: Control) -> None:
    response = control.get("nothing/here")
    assert response.status_code == 404 and response.json()["error"]
    assert control.delete("health").status_code == 405


@pytest.mark.parametrize("since", ["-1", "abc", "9" * 30, "\u00b2"])
def test_bad_since_is_400(control: Control, since: str) -> None:
    assert control.get("requests", params={"since": since}).status_code == 400
