"""Subaccount/: lifecycle, authentication with subaccount credentials, and number visibility."""

from __future__ import annotations

import pytest

from ._client import Api

pytestmark = pytest.mark.emulator


def make_sub(api: Api, enabled: bool = True) -> Api:
    response = api.post("Subaccount/", {"name": "team", "enabled": enabled})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["message"] == "created" and body["auth_id"].startswith("SA") and len(body["auth_id"]) == 20
    return Api(api.url, body["auth_id"], body["auth_token"])


def test_create_get_list_update(api: Api) -> None:
    sub = make_sub(api)
    body = api.get(f"Subaccount/{sub.auth_id}/").json()
    assert body["name"] == "team" and body["enabled"] is True
    assert body["account"] == f"/v1/Account/{api.auth_id}/"
    assert api.get("Subaccount/").json()["meta"]["total_count"] == 1
    assert api.post(f"Subaccount/{sub.auth_id}/", {"name": "renamed"}).status_code == 202
    assert api.get(f"Subaccount/{sub.auth_id}/").json()["name"] == "renamed"


def test_subaccount_sees_only_its_own_numbers_and_main_sees_all(api: Api) -> None:
    sub = make_sub(api)
    assert sub.buy("14155550100").status_code == 201
    assert api.buy("14155550101").status_code == 201
    assert [o["number"] for o in sub.get("Number/").json()["objects"]] == ["14155550100"]
    assert sub.get("Number/14155550101/").status_code == 404
    main_view = api.get("Number/14155550100/").json()
    assert (main_view["sub_account"], main_view["sub_account_name"]) == (sub.auth_id, "team")
    assert [
        o["number"] for o in api.get("Number/", params={"subaccount": sub.auth_id}).json()["objects"]
    ] == ["14155550100"]


def test_main_account_can_move_a_number_to_a_subaccount_and_back(api: Api) -> None:
    sub = make_sub(api)
    api.buy("14155550102")
    assert api.post("Number/14155550102/", {"subaccount": sub.auth_id}).status_code == 202
    assert sub.get("Number/14155550102/").status_code == 200
    response = sub.post("Number/14155550102/", {"subaccount": ""})
    assert response.status_code == 400 and "subaccount" in response.json()["error"]
    assert api.post("Number/14155550102/", {"subaccount": ""}).status_code == 202
    assert sub.get("Number/14155550102/").status_code == 404


def test_disabled_subaccount_cannot_authenticate(api: Api) -> None:
    sub = make_sub(api, enabled=False)
    assert sub.get("Number/").status_code == 401
    api.post(f"Subaccount/{sub.auth_id}/", {"name": "team", "enabled": True})
    assert sub.get("Number/").status_code == 200


def test_subaccounts_cannot_manage_subaccounts(api: Api) -> None:
    sub = make_sub(api)
    assert sub.post("Subaccount/", {"name": "nested"}).status_code == 403


def test_main_credentials_do_not_work_on_a_subaccount_path(api: Api) -> None:
    sub = make_sub(api)
    impostor = Api(api.url, api.auth_id, "emulator-token")
    impostor.auth_id = sub.auth_id
    assert impostor.get("Number/").status_code == 401


@pytest.mark.parametrize("cascade", [False, True])
def test_delete_moves_or_releases_numbers(api: Api, cascade: bool) -> None:
    sub = make_sub(api)
    sub.buy("14155550103")
    response = api.delete(f"Subaccount/{sub.auth_id}/", json={"cascade": cascade})
    assert response.status_code == 204
    assert api.get(f"Subaccount/{sub.auth_id}/").status_code == 404
    assert sub.get("Number/").status_code == 401
    number = api.get("Number/14155550103/")
    if cascade:
        assert number.status_code == 404
    else:
        assert number.status_code == 200 and number.json()["sub_account"] is None
