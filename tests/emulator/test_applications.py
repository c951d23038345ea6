"""Application/: well-known apps, create/get/list/update/delete and the default_number_app rule."""

from __future__ import annotations

from typing import Any

import pytest

from plivo_emulator import WELL_KNOWN_APPS

from ._client import Api, Control

pytestmark = pytest.mark.emulator


def app(api: Api, app_id: str) -> dict[str, Any]:
    response = api.get(f"Application/{app_id}/")
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_every_main_account_starts_with_the_well_known_apps(api: Api, control: Control) -> None:
    names = {app(api, app_id)["app_name"] for app_id in WELL_KNOWN_APPS.values()}
    assert names == {"Default Number App", "Voice IVR", "SMS Bot"}
    assert app(api, WELL_KNOWN_APPS["default"])["default_app"] is True
    control.post("accounts", {"auth_id": "MAOTHERACCOUNT000003", "auth_token": "t"})
    other = Api(api.url, "MAOTHERACCOUNT000003", "t")
    assert app(other, WELL_KNOWN_APPS["voice"])["app_name"] == "Voice IVR"


def test_create_get_update_delete(api: Api) -> None:
    response = api.post("Application/", {"app_name": "ivr", "answer_url": "https://example.com/answer"})
    assert response.status_code == 201
    created = response.json()
    assert created["message"] == "created" and created["app_id"].isdigit()
    app_id = created["app_id"]
    body = app(api, app_id)
    assert body["app_name"] == "ivr" and body["answer_url"] == "https://example.com/answer"
    assert body["sip_uri"] == f"sip:{app_id}@app.plivo.com"
    assert body["resource_uri"] == f"/v1/Account/{api.auth_id}/Application/{app_id}/"
    update = api.post(
        f"Application/{app_id}/", {"answer_url": "https://example.com/v2", "answer_method": "GET"}
    )
    assert update.status_code == 202 and update.json()["message"] == "changed"
    assert (app(api, app_id)["answer_url"], app(api, app_id)["answer_method"]) == (
        "https://example.com/v2",
        "GET",
    )
    deleted = api.delete(f"Application/{app_id}/")
    assert deleted.status_code == 204 and deleted.content == b""
    assert api.get(f"Application/{app_id}/").status_code == 404


def test_list_has_meta_and_all_apps(api: Api) -> None:
    api.post("Application/", {"app_name": "extra"})
    body = api.get("Application/").json()
    assert body["meta"]["total_count"] == 4
    assert [a["app_name"] for a in body["objects"]][:3] == ["Default Number App", "Voice IVR", "SMS Bot"]
    assert api.get("Application/", params={"app_name": "extra"}).json()["meta"]["total_count"] == 1


def test_new_default_number_app_replaces_the_old_one(api: Api) -> None:
    app_id = api.post("Application/", {"app_name": "new default", "default_number_app": True}).json()[
        "app_id"
    ]
    assert app(api, WELL_KNOWN_APPS["default"])["default_app"] is False
    api.buy("14155550100")
    assert api.get("Number/14155550100/").json()["application"].endswith(f"/{app_id}/")


def test_deleting_an_app_unlinks_its_numbers(api: Api) -> None:
    api.buy("14155550101", app_id=WELL_KNOWN_APPS["voice"])
    assert api.delete(f"Application/{WELL_KNOWN_APPS['voice']}/").status_code == 204
    assert api.get("Number/14155550101/").json()["application"] is None


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"app_name": ""},
        {"app_name": 3},
        {"app_name": "x", "answer_url": "not a url"},
        {"app_name": "x", "answer_method": "PUT"},
        {"app_name": "x", "default_number_app": "yes"},
    ],
)
def test_bad_create_is_400(api: Api, body: dict[str, object]) -> None:
    response = api.post("Application/", body)
    assert response.status_code == 400 and response.json()["error"]
    assert api.get("Application/").json()["meta"]["total_count"] == 3


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_unknown_app_is_404(api: Api, method: str) -> None:
    response = api.request(
        method, "Application/424242/", json={"app_name": "x"} if method == "POST" else None
    )
    assert response.status_code == 404 and response.json()["error"] == "not found"
