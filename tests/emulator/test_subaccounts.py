"""Subaccount/: lifecycle, authentication with subaccount credentials, and number visibility."""

from __future__ import annotations

import pytest

from plivo_emulator.testing import EmulatorClient

pytestmark = pytest.mark.emulator


def make_sub(emu: EmulatorClient, enabled: bool = True) -> EmulatorClient:
    response = emu.api("POST", "Subaccount/", {"name": "team", "enabled": enabled})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["message"] == "created"
    assert body["auth_id"].startswith("SA")
    assert len(body["auth_id"]) == 20
    return emu.as_account(body["auth_id"], body["auth_token"])


def test_create_get_list_update(emu: EmulatorClient) -> None:
    sub = make_sub(emu)
    body = emu.api("GET", f"Subaccount/{sub.auth_id}/").json()
    assert body["name"] == "team"
    assert body["enabled"] is True
    assert body["account"] == f"/v1/Account/{emu.auth_id}/"
    assert emu.api("GET", "Subaccount/").json()["meta"]["total_count"] == 1
    assert emu.api("POST", f"Subaccount/{sub.auth_id}/", {"name": "renamed"}).status_code == 202
    assert emu.api("GET", f"Subaccount/{sub.auth_id}/").json()["name"] == "renamed"


def test_subaccount_sees_only_its_own_numbers_and_main_sees_all(emu: EmulatorClient) -> None:
    sub = make_sub(emu)
    assert sub.buy("14155550100").status_code == 201
    assert emu.buy("14155550101").status_code == 201
    assert [o["number"] for o in sub.api("GET", "Number/").json()["objects"]] == ["14155550100"]
    assert sub.api("GET", "Number/14155550101/").status_code == 404
    main_view = emu.api("GET", "Number/14155550100/").json()
    assert (main_view["sub_account"], main_view["sub_account_name"]) == (sub.auth_id, "team")
    assert [
        o["number"] for o in emu.api("GET", "Number/", params={"subaccount": sub.auth_id}).json()["objects"]
    ] == ["14155550100"]


def test_main_account_can_move_a_number_to_a_subaccount_and_back(emu: EmulatorClient) -> None:
    sub = make_sub(emu)
    emu.buy("14155550102")
    assert emu.api("POST", "Number/14155550102/", {"subaccount": sub.auth_id}).status_code == 202
    assert sub.api("GET", "Number/14155550102/").status_code == 200
    response = sub.api("POST", "Number/14155550102/", {"subaccount": ""})
    assert response.status_code == 400
    assert "subaccount" in response.json()["error"]
    assert emu.api("POST", "Number/14155550102/", {"subaccount": ""}).status_code == 202
    assert sub.api("GET", "Number/14155550102/").status_code == 404


def test_disabled_subaccount_cannot_authenticate(emu: EmulatorClient) -> None:
    sub = make_sub(emu, enabled=False)
    assert sub.api("GET", "Number/").status_code == 401
    emu.api("POST", f"Subaccount/{sub.auth_id}/", {"name": "team", "enabled": True})
    assert sub.api("GET", "Number/").status_code == 200


def test_subaccounts_cannot_manage_subaccounts(emu: EmulatorClient) -> None:
    sub = make_sub(emu)
    assert sub.api("POST", "Subaccount/", {"name": "nested"}).status_code == 403


def test_main_credentials_do_not_work_on_a_subaccount_path(emu: EmulatorClient) -> None:
    sub = make_sub(emu)
    impostor = emu.as_account(sub.auth_id, emu.auth_token)  # main token, subaccount path
    assert impostor.api("GET", "Number/").status_code == 401


@pytest.mark.parametrize("cascade", [False, True])
def test_delete_moves_or_releases_numbers(emu: EmulatorClient, cascade: bool) -> None:
    sub = make_sub(emu)
    sub.buy("14155550103")
    response = emu.api("DELETE", f"Subaccount/{sub.auth_id}/", {"cascade": cascade})
    assert response.status_code == 204
    assert emu.api("GET", f"Subaccount/{sub.auth_id}/").status_code == 404
    assert sub.api("GET", "Number/").status_code == 401
    number = emu.api("GET", "Number/14155550103/")
    if cascade:
        assert number.status_code == 404
    else:
        assert number.status_code == 200
        assert number.json()["sub_account"] is None
