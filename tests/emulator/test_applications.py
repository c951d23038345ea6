"""Application/: well-known apps, create/get/list/update/delete, the default app, and bad input."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from plivo_emulator import WELL_KNOWN_APPS
from plivo_emulator.testing import EmulatorClient

from .helpers import read

pytestmark = pytest.mark.emulator

# Every field of Plivo's Application object (plivo-python's applicationGetResponse fixture plus
# log_incoming_messages from the docs), and api_id.
APP_FIELDS = {
    "api_id",
    "app_id",
    "app_name",
    "answer_url",
    "answer_method",
    "hangup_url",
    "hangup_method",
    "fallback_answer_url",
    "fallback_method",
    "message_url",
    "message_method",
    "default_app",
    "default_endpoint_app",
    "enabled",
    "public_uri",
    "sip_uri",
    "sub_account",
    "log_incoming_messages",
    "resource_uri",
}


def create(emu: EmulatorClient, **body: Any) -> str:
    response = emu.api("POST", "Application/", body)
    assert response.status_code == 201, response.text
    return str(response.json()["app_id"])


def names(emu: EmulatorClient, **params: Any) -> list[str]:
    return [a["app_name"] for a in emu.api("GET", "Application/", params=params).json()["objects"]]


def test_every_main_account_starts_with_the_well_known_apps(emu: EmulatorClient) -> None:
    assert {read(emu, f"Application/{app_id}/")["app_name"] for app_id in WELL_KNOWN_APPS.values()} == {
        "Default Number App",
        "Voice IVR",
        "SMS Bot",
    }
    assert read(emu, f"Application/{WELL_KNOWN_APPS['default']}/")["default_app"] is True
    other = emu.add_account()
    assert read(other, f"Application/{WELL_KNOWN_APPS['voice']}/")["app_name"] == "Voice IVR"


def test_create_answers_201_with_the_new_app_id(emu: EmulatorClient) -> None:
    response = emu.api("POST", "Application/", {"app_name": "ivr", "answer_url": "https://example.com/a"})
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"api_id", "message", "app_id"}
    assert body["message"] == "created"
    assert body["app_id"].isdigit()
    assert 14 <= len(body["app_id"]) <= 18


def test_get_has_every_documented_field_with_plivos_defaults(emu: EmulatorClient) -> None:
    app_id = create(emu, app_name="ivr", answer_url="https://example.com/answer")
    body = read(emu, f"Application/{app_id}/")
    assert set(body) == APP_FIELDS
    assert {k: v for k, v in body.items() if k != "api_id"} == {
        "app_id": app_id,
        "app_name": "ivr",
        "answer_url": "https://example.com/answer",
        "answer_method": "POST",
        "hangup_url": "",
        "hangup_method": "POST",
        "fallback_answer_url": "",
        "fallback_method": "POST",
        "message_url": "",
        "message_method": "POST",
        "default_app": False,
        "default_endpoint_app": False,
        "enabled": True,
        "public_uri": False,
        "sip_uri": f"sip:{app_id}@app.plivo.com",
        "sub_account": None,
        "log_incoming_messages": True,
        "resource_uri": f"/v1/Account/{emu.auth_id}/Application/{app_id}/",
    }


def test_update_answers_202_and_changes_only_the_given_fields(emu: EmulatorClient) -> None:
    app_id = create(emu, app_name="ivr", answer_url="https://example.com/answer", hangup_method="GET")
    response = emu.api(
        "POST", f"Application/{app_id}/", {"answer_url": "https://example.com/v2", "answer_method": "get"}
    )
    assert response.status_code == 202
    assert set(response.json()) == {"api_id", "message"}
    assert response.json()["message"] == "changed"
    body = read(emu, f"Application/{app_id}/")
    assert (body["answer_url"], body["answer_method"], body["hangup_method"], body["app_name"]) == (
        "https://example.com/v2",
        "GET",
        "GET",
        "ivr",
    )


def test_delete_answers_204_and_the_app_is_gone(emu: EmulatorClient) -> None:
    app_id = create(emu, app_name="temp")
    deleted = emu.api("DELETE", f"Application/{app_id}/")
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert emu.api("GET", f"Application/{app_id}/").status_code == 404
    assert emu.api("DELETE", f"Application/{app_id}/").status_code == 404


def test_list_filters_by_app_name_and_pages_with_meta(emu: EmulatorClient) -> None:
    for name in ("a", "b", "target", "c"):
        create(emu, app_name=name)
    assert names(emu) == ["Default Number App", "Voice IVR", "SMS Bot", "a", "b", "target", "c"]
    assert names(emu, app_name="target") == ["target"]
    assert names(emu, app_name="nothing") == []
    body = emu.api("GET", "Application/", params={"limit": 2, "offset": 2}).json()
    assert [a["app_name"] for a in body["objects"]] == ["SMS Bot", "a"]
    meta = body["meta"]
    assert (meta["limit"], meta["offset"], meta["total_count"]) == (2, 2, 7)
    assert parse_qs(urlparse(meta["next"]).query) == {"limit": ["2"], "offset": ["4"]}
    assert parse_qs(urlparse(meta["previous"]).query) == {"limit": ["2"], "offset": ["0"]}
    last = emu.api("GET", "Application/", params={"limit": 2, "offset": 6}).json()["meta"]
    assert last["next"] is None


def test_making_another_app_the_default_moves_the_flag(emu: EmulatorClient) -> None:
    new_default = create(emu, app_name="new default", default_number_app=True)
    assert read(emu, f"Application/{WELL_KNOWN_APPS['default']}/")["default_app"] is False
    assert read(emu, f"Application/{new_default}/")["default_app"] is True
    emu.buy("14155550100")
    assert emu.api("GET", "Number/14155550100/").json()["application"].endswith(f"/{new_default}/")
    emu.api("POST", f"Application/{WELL_KNOWN_APPS['voice']}/", {"default_number_app": True})
    assert [a["app_id"] for a in emu.api("GET", "Application/").json()["objects"] if a["default_app"]] == [
        WELL_KNOWN_APPS["voice"]
    ]


def test_default_endpoint_app_moves_too(emu: EmulatorClient) -> None:
    first = create(emu, app_name="first", default_endpoint_app=True)
    second = create(emu, app_name="second", default_endpoint_app=True)
    flags = [read(emu, f"Application/{app_id}/")["default_endpoint_app"] for app_id in (first, second)]
    assert flags == [False, True]


def test_deleting_an_app_unlinks_its_numbers(emu: EmulatorClient) -> None:
    emu.buy("14155550101", app_id=WELL_KNOWN_APPS["voice"])
    emu.buy("14155550102", app_id=WELL_KNOWN_APPS["sms"])
    assert emu.api("DELETE", f"Application/{WELL_KNOWN_APPS['voice']}/").status_code == 204
    assert emu.api("GET", "Number/14155550101/").json()["application"] is None
    assert emu.api("GET", "Number/14155550102/").json()["application"].endswith(f"/{WELL_KNOWN_APPS['sms']}/")


def test_deleting_the_default_app_leaves_no_default(emu: EmulatorClient) -> None:
    assert emu.api("DELETE", f"Application/{WELL_KNOWN_APPS['default']}/").status_code == 204
    assert not any(a["default_app"] for a in emu.api("GET", "Application/").json()["objects"])
    emu.buy("14155550103")
    assert emu.api("GET", "Number/14155550103/").json()["application"] is None


@pytest.mark.parametrize(
    "options",
    [
        {"cascade": True},
        {"cascade": False},
        {"cascade": False, "new_endpoint_application": WELL_KNOWN_APPS["sms"]},
    ],
)
def test_delete_takes_cascade_and_new_endpoint_application(
    emu: EmulatorClient, options: dict[str, Any]
) -> None:
    response = emu.api("DELETE", f"Application/{WELL_KNOWN_APPS['voice']}/", options)
    assert response.status_code == 204
    assert emu.api("GET", f"Application/{WELL_KNOWN_APPS['voice']}/").status_code == 404


def test_delete_options_may_come_in_the_query_string(emu: EmulatorClient) -> None:
    response = emu.api("DELETE", f"Application/{WELL_KNOWN_APPS['voice']}/", params={"cascade": "false"})
    assert response.status_code == 204


@pytest.mark.parametrize(
    ("options", "needle"),
    [
        ({"cascade": "sometimes"}, "cascade"),
        ({"new_endpoint_application": "424242"}, "new_endpoint_application"),
        ({"new_endpoint_application": WELL_KNOWN_APPS["voice"]}, "new_endpoint_application"),  # itself
        ({"new_endpoint_application": 7}, "new_endpoint_application"),
    ],
)
def test_bad_delete_options_are_400_and_delete_nothing(
    emu: EmulatorClient, options: dict[str, Any], needle: str
) -> None:
    response = emu.api("DELETE", f"Application/{WELL_KNOWN_APPS['voice']}/", options)
    assert response.status_code == 400
    assert needle in response.json()["error"]
    assert read(emu, f"Application/{WELL_KNOWN_APPS['voice']}/")["app_name"] == "Voice IVR"


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({}, "app_name"),
        ({"app_name": ""}, "app_name"),
        ({"app_name": 3}, "app_name"),
        ({"app_name": "x" * 129}, "app_name"),
        ({"app_name": "x", "answer_url": "not a url"}, "answer_url"),
        ({"app_name": "x", "answer_method": "PUT"}, "answer_method"),
        ({"app_name": "x", "hangup_method": "DELETE"}, "hangup_method"),
        ({"app_name": "x", "fallback_method": 1}, "fallback_method"),
        ({"app_name": "x", "message_method": "PATCH"}, "message_method"),
        ({"app_name": "x", "default_number_app": "yes"}, "default_number_app"),
        ({"app_name": "x", "subaccount": "SANOTASUBACCOUNT0001"}, "subaccount"),
    ],
)
def test_bad_create_is_400_naming_the_field(emu: EmulatorClient, body: dict[str, Any], needle: str) -> None:
    response = emu.api("POST", "Application/", body)
    assert response.status_code == 400
    assert set(response.json()) == {"api_id", "error"}
    assert needle in response.json()["error"]
    assert emu.api("GET", "Application/").json()["meta"]["total_count"] == len(WELL_KNOWN_APPS)


@pytest.mark.parametrize(
    "body", [{"app_name": ""}, {"answer_method": "PUT"}, {"hangup_url": "ftp://x"}, {"public_uri": "no"}]
)
def test_bad_update_is_400_and_changes_nothing(emu: EmulatorClient, body: dict[str, Any]) -> None:
    before = read(emu, f"Application/{WELL_KNOWN_APPS['voice']}/")
    response = emu.api("POST", f"Application/{WELL_KNOWN_APPS['voice']}/", body)
    assert response.status_code == 400
    assert response.json()["error"]
    after = read(emu, f"Application/{WELL_KNOWN_APPS['voice']}/")
    assert {k: v for k, v in after.items() if k != "api_id"} == {
        k: v for k, v in before.items() if k != "api_id"
    }


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_unknown_app_is_404(emu: EmulatorClient, method: str) -> None:
    response = emu.api(method, "Application/424242/", {"app_name": "x"} if method == "POST" else None)
    assert response.status_code == 404
    assert set(response.json()) == {"api_id", "error"}
    assert response.json()["error"] == "not found"


def test_subaccount_apps_are_visible_to_their_owner_and_the_main_account(emu: EmulatorClient) -> None:
    sub = emu.api("POST", "Subaccount/", {"name": "team", "enabled": True}).json()
    sub_client = emu.as_account(sub["auth_id"], sub["auth_token"])
    own = create(sub_client, app_name="sub app")
    assert read(sub_client, f"Application/{own}/")["sub_account"] == sub["auth_id"]
    assert read(emu, f"Application/{own}/")["sub_account"] == sub["auth_id"]
    assert sub_client.api("GET", f"Application/{WELL_KNOWN_APPS['voice']}/").status_code == 404
    assert names(emu, subaccount=sub["auth_id"]) == ["sub app"]
