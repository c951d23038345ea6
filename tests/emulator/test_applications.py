"""Application/: well-known apps, create/get/list/update/delete and the default_number_app rule."""

from __future__ import annotations

from typing import Any

import pytest

from plivo_emulator import WELL_KNOWN_APPS
from plivo_emulator.testing import EmulatorClient

pytestmark = pytest.mark.emulator


def app(emu: EmulatorClient, app_id: str) -> dict[str, Any]:
    response = emu.api("GET", f"Application/{app_id}/")
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_every_main_account_starts_with_the_well_known_apps(emu: EmulatorClient) -> None:
    names = {app(emu, app_id)["app_name"] for app_id in WELL_KNOWN_APPS.values()}
    assert names == {"Default Number App", "Voice IVR", "SMS Bot"}
    assert app(emu, WELL_KNOWN_APPS["default"])["default_app"] is True
    emu.add_account("MAOTHERACCOUNT000003", "t")
    other = emu.as_account("MAOTHERACCOUNT000003", "t")
    assert app(other, WELL_KNOWN_APPS["voice"])["app_name"] == "Voice IVR"


def test_create_get_update_delete(emu: EmulatorClient) -> None:
    response = emu.api(
        "POST", "Application/", {"app_name": "ivr", "answer_url": "https://example.com/answer"}
    )
    assert response.status_code == 201
    created = response.json()
    assert created["message"] == "created" and created["app_id"].isdigit()
    app_id = created["app_id"]
    body = app(emu, app_id)
    assert body["app_name"] == "ivr" and body["answer_url"] == "https://example.com/answer"
    assert body["sip_uri"] == f"sip:{app_id}@app.plivo.com"
    assert body["resource_uri"] == f"/v1/Account/{emu.auth_id}/Application/{app_id}/"
    update = emu.api(
        "POST", f"Application/{app_id}/", {"answer_url": "https://example.com/v2", "answer_method": "GET"}
    )
    assert update.status_code == 202 and update.json()["message"] == "changed"
    assert (app(emu, app_id)["answer_url"], app(emu, app_id)["answer_method"]) == (
        "https://example.com/v2",
        "GET",
    )
    deleted = emu.api("DELETE", f"Application/{app_id}/")
    assert deleted.status_code == 204 and deleted.content == b""
    assert emu.api("GET", f"Application/{app_id}/").status_code == 404


def test_list_has_meta_and_all_apps(emu: EmulatorClient) -> None:
    emu.api("POST", "Application/", {"app_name": "extra"})
    body = emu.api("GET", "Application/").json()
    assert body["meta"]["total_count"] == 4
    assert [a["app_name"] for a in body["objects"]][:3] == ["Default Number App", "Voice IVR", "SMS Bot"]
    assert emu.api("GET", "Application/", params={"app_name": "extra"}).json()["meta"]["total_count"] == 1


def test_new_default_number_app_replaces_the_old_one(emu: EmulatorClient) -> None:
    app_id = emu.api("POST", "Application/", {"app_name": "new default", "default_number_app": True}).json()[
        "app_id"
    ]
    assert app(emu, WELL_KNOWN_APPS["default"])["default_app"] is False
    emu.buy("14155550100")
    assert emu.api("GET", "Number/14155550100/").json()["application"].endswith(f"/{app_id}/")


def test_deleting_an_app_unlinks_its_numbers(emu: EmulatorClient) -> None:
    emu.buy("14155550101", app_id=WELL_KNOWN_APPS["voice"])
    assert emu.api("DELETE", f"Application/{WELL_KNOWN_APPS['voice']}/").status_code == 204
    assert emu.api("GET", "Number/14155550101/").json()["application"] is None


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
def test_bad_create_is_400(emu: EmulatorClient, body: dict[str, object]) -> None:
    response = emu.api("POST", "Application/", body)
    assert response.status_code == 400 and response.json()["error"]
    assert emu.api("GET", "Application/").json()["meta"]["total_count"] == 3


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_unknown_app_is_404(emu: EmulatorClient, method: str) -> None:
    response = emu.api(method, "Application/424242/", {"app_name": "x"} if method == "POST" else None)
    assert response.status_code == 404 and response.json()["error"] == "not found"
