"""Authentication, routing errors and malformed input: always Plivo-style JSON, never a 5xx."""

from __future__ import annotations

import uuid

import pytest
import requests

from plivo_emulator import DEFAULT_AUTH_ID
from plivo_emulator.testing import TIMEOUT, EmulatorClient

pytestmark = pytest.mark.emulator

AUTH_ERROR = {"error": "authentication credentials were not provided"}


@pytest.mark.parametrize(
    "auth",
    [None, (DEFAULT_AUTH_ID, "wrong"), ("MANOSUCHACCOUNT00001", "any-token"), ("", "")],
)
def test_bad_credentials_are_401_without_api_id(emu: EmulatorClient, auth: tuple[str, str] | None) -> None:
    response = requests.get(f"{emu.url}/v1/Account/{DEFAULT_AUTH_ID}/Number/", auth=auth, timeout=TIMEOUT)
    assert response.status_code == 401
    assert response.json() == AUTH_ERROR


def test_basic_user_must_match_the_path(emu: EmulatorClient) -> None:
    url = f"{emu.url}/v1/Account/MAOTHERACCOUNT000009/Number/"
    assert requests.get(url, auth=(DEFAULT_AUTH_ID, emu.auth_token), timeout=TIMEOUT).status_code == 401


def test_trailing_slash_is_optional(emu: EmulatorClient) -> None:
    assert emu.api("GET", "Number").status_code == 200
    assert emu.api("GET", "PhoneNumber", params={"country_iso": "US"}).status_code == 200


def test_account_endpoint(emu: EmulatorClient) -> None:
    body = emu.api("GET", "").json()
    assert body["auth_id"] == DEFAULT_AUTH_ID
    assert body["resource_uri"] == f"/v1/Account/{DEFAULT_AUTH_ID}/"


@pytest.mark.parametrize(
    "path", ["Nope/", "Number/1/extra/", "PhoneNumber/Compliance/Requirement/", "Call/x/"]
)
def test_unknown_paths_are_404_json(emu: EmulatorClient, path: str) -> None:
    response = emu.api("GET", path)
    assert response.status_code == 404
    assert response.json()["error"]
    assert uuid.UUID(response.json()["api_id"]).version == 1


def test_compliance_is_not_a_number(emu: EmulatorClient) -> None:
    response = emu.api("POST", "PhoneNumber/Compliance/", {})
    assert response.status_code == 404
    assert "compliance" in response.json()["error"]


def test_outside_v1_is_404_json(emu: EmulatorClient) -> None:
    response = requests.get(emu.url + "/favicon.ico", timeout=TIMEOUT)
    assert response.status_code == 404
    assert response.json()["error"] == "not found"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", "Number/14155550100/"),
        ("DELETE", "Number/"),
        ("GET", "PhoneNumber/14155550100/"),
        ("PATCH", "Application/"),
    ],
)
def test_wrong_method_is_405_json(emu: EmulatorClient, method: str, path: str) -> None:
    response = emu.api(method, path)
    assert response.status_code == 405
    assert response.json()["error"] == "method not allowed"
    assert response.headers["Allow"]


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"{not json", "malformed"),
        (b"[1, 2]", "object"),
        (b'"text"', "object"),
        (b"\xff\xfe", "malformed"),
        (b"[" * 5000 + b"]" * 5000, ""),
    ],
)
def test_malformed_bodies_are_400(emu: EmulatorClient, data: bytes, needle: str) -> None:
    response = emu.api("POST", "PhoneNumber/14155550100/", data=data)  # sent as application/json
    assert response.status_code == 400
    assert needle in response.json()["error"]
    assert emu.api("GET", "Number/14155550100/").status_code == 404


def test_bodies_over_one_mebibyte_are_413(emu: EmulatorClient) -> None:
    data = b'{"alias": "' + b"x" * (1024 * 1024 + 10) + b'"}'
    response = emu.api("POST", "PhoneNumber/14155550100/", data=data)
    assert response.status_code == 413
    assert response.json()["error"]


def test_delete_tolerates_an_empty_json_body(emu: EmulatorClient) -> None:
    emu.buy("14155550100")
    response = emu.api("DELETE", "Number/14155550100/", {})
    assert response.status_code == 204


@pytest.mark.parametrize(
    "params",
    [
        {"lata": "\u00b2"},
        {"lata": "9" * 30},
        {"pattern": "\u0661\u0662"},
        {"limit": "9" * 30},
        {"offset": "1e3"},
    ],
)
def test_non_ascii_or_huge_numbers_in_queries_are_400(emu: EmulatorClient, params: dict[str, str]) -> None:
    response = emu.api("GET", "PhoneNumber/", params={"country_iso": "US", **params})
    assert response.status_code == 400
    assert response.json()["error"]


def test_unicode_digits_are_not_a_number(emu: EmulatorClient) -> None:
    assert emu.buy("\u0661" * 11).status_code == 404
    body = {"numbers": "\u0661" * 11, "carrier": "c", "region": "r"}
    assert emu.api("POST", "Number/", body).status_code == 400
