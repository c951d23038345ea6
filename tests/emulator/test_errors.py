"""Authentication, routing errors and malformed input: always Plivo-style JSON, never a 5xx."""

from __future__ import annotations

import uuid

import pytest
import requests

from plivo_emulator import DEFAULT_AUTH_ID

from ._client import TIMEOUT, Api

pytestmark = pytest.mark.emulator

AUTH_ERROR = {"error": "authentication credentials were not provided"}


@pytest.mark.parametrize(
    "auth",
    [None, (DEFAULT_AUTH_ID, "wrong"), ("MANOSUCHACCOUNT00001", "emulator-token"), ("", "")],
)
def test_bad_credentials_are_401_without_api_id(api: Api, auth: tuple[str, str] | None) -> None:
    response = requests.get(f"{api.url}/v1/Account/{DEFAULT_AUTH_ID}/Number/", auth=auth, timeout=TIMEOUT)
    assert response.status_code == 401
    assert response.json() == AUTH_ERROR


def test_basic_user_must_match_the_path(api: Api) -> None:
    url = f"{api.url}/v1/Account/MAOTHERACCOUNT000009/Number/"
    assert requests.get(url, auth=(DEFAULT_AUTH_ID, "emulator-token"), timeout=TIMEOUT).status_code == 401


def test_trailing_slash_is_optional(api: Api) -> None:
    assert api.get("Number").status_code == 200
    assert api.get("PhoneNumber", params={"country_iso": "US"}).status_code == 200


def test_account_endpoint(api: Api) -> None:
    body = api.get("").json()
    assert body["auth_id"] == DEFAULT_AUTH_ID and body["resource_uri"] == f"/v1/Account/{DEFAULT_AUTH_ID}/"


@pytest.mark.parametrize(
    "path", ["Nope/", "Number/1/extra/", "PhoneNumber/Compliance/Requirement/", "Call/x/"]
)
def test_unknown_paths_are_404_json(api: Api, path: str) -> None:
    response = api.get(path)
    assert response.status_code == 404
    assert response.json()["error"]
    assert uuid.UUID(response.json()["api_id"]).version == 1


def test_compliance_is_not_a_number(api: Api) -> None:
    response = api.post("PhoneNumber/Compliance/", {})
    assert response.status_code == 404 and "compliance" in response.json()["error"]


def test_outside_v1_is_404_json(api: Api) -> None:
    response = requests.get(api.url + "/favicon.ico", timeout=TIMEOUT)
    assert response.status_code == 404 and response.json()["error"] == "not found"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", "Number/14155550100/"),
        ("DELETE", "Number/"),
        ("GET", "PhoneNumber/14155550100/"),
        ("PATCH", "Application/"),
    ],
)
def test_wrong_method_is_405_json(api: Api, method: str, path: str) -> None:
    response = api.request(method, path)
    assert response.status_code == 405
    assert response.json()["error"] == "method not allowed" and response.headers["Allow"]


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
def test_malformed_bodies_are_400(api: Api, data: bytes, needle: str) -> None:
    response = api.request(
        "POST", "PhoneNumber/14155550100/", data=data, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert needle in response.json()["error"]
    assert api.get("Number/14155550100/").status_code == 404


def test_bodies_over_one_mebibyte_are_413(api: Api) -> None:
    data = b'{"alias": "' + b"x" * (1024 * 1024 + 10) + b'"}'
    response = api.request("POST", "PhoneNumber/14155550100/", data=data)
    assert response.status_code == 413 and response.json()["error"]


def test_delete_tolerates_an_empty_json_body(api: Api) -> None:
    api.buy("14155550100")
    response = api.request("DELETE", "Number/14155550100/", json={})
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
def test_non_ascii_or_huge_numbers_in_queries_are_400(api: Api, params: dict[str, str]) -> None:
    response = api.get("PhoneNumber/", params={"country_iso": "US", **params})
    assert response.status_code == 400 and response.json()["error"]


def test_unicode_digits_are_not_a_number(api: Api) -> None:
    assert api.buy("\u0661" * 11).status_code == 404
    body = {"numbers": "\u0661" * 11, "carrier": "c", "region": "r"}
    assert api.post("Number/", body).status_code == 400
