"""Number/: get, list, update, delete and add-from-carrier on rented numbers."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from plivo_emulator import WELL_KNOWN_APPS
from plivo_emulator.testing import EmulatorClient

from .helpers import read

pytestmark = pytest.mark.emulator

NUMBER_FIELDS = {
    "api_id",
    "number",
    "alias",
    "active",
    "added_on",
    "application",
    "carrier",
    "city",
    "country",
    "region",
    "number_type",
    "monthly_rental_rate",
    "renewal_date",
    "sms_enabled",
    "sms_rate",
    "mms_enabled",
    "mms_rate",
    "voice_enabled",
    "voice_rate",
    "sub_account",
    "sub_account_name",
    "cnam_lookup",
    "cnam",
    "caller_reputation_status",
    "profile_uuid",
    "compliance_application_id",
    "compliance_status",
    "tendlc_campaign_id",
    "tendlc_registration_status",
    "toll_free_sms_verification",
    "toll_free_sms_verification_id",
    "toll_free_sms_verification_order_status",
    "object_type",
    "object_id",
    "resource_uri",
}


def listed(emu: EmulatorClient, **params: object) -> list[str]:
    response = emu.api("GET", "Number/", params=params)
    assert response.status_code == 200, response.text
    return [o["number"] for o in response.json()["objects"]]


def test_get_returns_every_documented_field_and_nothing_else(emu: EmulatorClient) -> None:
    emu.buy("14155550100")
    body = read(emu, "Number/14155550100/")
    assert set(body) == NUMBER_FIELDS
    assert re.match(r"^\d{4}-\d{2}-\d{2}$", body["added_on"])
    assert body["renewal_date"] > body["added_on"]
    assert re.match(r"^\d+\.\d{5}$", body["monthly_rental_rate"])
    assert body["resource_uri"] == f"/v1/Account/{emu.auth_id}/Number/14155550100/"
    assert (body["carrier"], body["number_type"], body["sub_account"]) == ("Plivo", "local", None)


def test_numbers_of_other_accounts_are_404(emu: EmulatorClient) -> None:
    emu.add_account("MAOTHERACCOUNT000002", "t")
    other = emu.as_account("MAOTHERACCOUNT000002", "t")
    assert other.buy("14155550101").status_code == 201
    for response in (
        emu.api("GET", "Number/14155550101/"),
        emu.api("POST", "Number/14155550101/", {"alias": "mine"}),
        emu.api("DELETE", "Number/14155550101/"),
    ):
        assert response.status_code == 404
        assert response.json()["error"] == "not found"
    assert read(other, "Number/14155550101/")["alias"] is None


def test_list_filters(emu: EmulatorClient) -> None:
    emu.buy("14155550100")
    emu.buy("18445550100")
    emu.buy("442079460000")
    emu.api("POST", "Number/442079460000/", {"alias": "london"})
    assert listed(emu) == ["14155550100", "18445550100", "442079460000"]
    assert listed(emu, type="tollfree") == ["18445550100"]
    assert listed(emu, number_type="tollfree") == ["18445550100"]  # Go SDK spelling
    assert listed(emu, type="fixed") == ["14155550100", "442079460000"]
    assert listed(emu, number_startswith="44") == ["442079460000"]
    assert listed(emu, alias="london") == ["442079460000"]
    assert listed(emu, services="voice,mms") == ["14155550100"]
    assert listed(emu, cnam_lookup="disabled") == ["14155550100", "18445550100"]
    renewal = read(emu, "Number/14155550100/")["renewal_date"]
    assert len(listed(emu, renewal_date=renewal)) == 3
    assert listed(emu, renewal_date__lt=renewal) == []
    assert len(listed(emu, renewal_date__gte=renewal)) == 3


@pytest.mark.parametrize(
    "params",
    [{"limit": "0"}, {"limit": "21"}, {"offset": "-3"}, {"type": "premium"}, {"renewal_date__gt": "soon"}],
)
def test_bad_list_parameters_are_400(emu: EmulatorClient, params: dict[str, str]) -> None:
    response = emu.api("GET", "Number/", params=params)
    assert response.status_code == 400
    assert response.json()["error"]


def test_list_paginates_with_offset_urls(emu: EmulatorClient) -> None:
    for i in range(25):
        emu.buy(f"121255501{i:02d}")
    first = emu.api("GET", "Number/", params={"limit": 20, "offset": 0}).json()
    assert first["meta"]["total_count"] == 25
    assert len(first["objects"]) == 20
    query = parse_qs(urlparse(first["meta"]["next"]).query)
    assert query == {"limit": ["20"], "offset": ["20"]}
    second = emu.api("GET", "Number/", params={"limit": 20, "offset": 20}).json()
    assert len(second["objects"]) == 5
    assert second["meta"]["next"] is None


def test_update_alias_and_unlink_app(emu: EmulatorClient) -> None:
    emu.buy("14155550102")
    response = emu.api("POST", "Number/14155550102/", {"number": "14155550102", "alias": "front desk"})
    assert response.status_code == 202
    assert set(response.json()) == {"api_id", "message"}
    assert response.json()["message"] == "changed"
    assert emu.api("POST", "Number/14155550102/", {"app_id": ""}).status_code == 202
    body = read(emu, "Number/14155550102/")
    assert (body["alias"], body["application"]) == ("front desk", None)
    emu.api("POST", "Number/14155550102/", {"app_id": WELL_KNOWN_APPS["sms"]})
    assert read(emu, "Number/14155550102/")["application"].endswith(f"/{WELL_KNOWN_APPS['sms']}/")


def test_update_without_app_id_keeps_the_link(emu: EmulatorClient) -> None:
    emu.buy("14155550103")
    before = read(emu, "Number/14155550103/")["application"]
    emu.api("POST", "Number/14155550103/", {"alias": "x"})
    assert read(emu, "Number/14155550103/")["application"] == before


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"app_id": "12345"}, "app_id"),
        ({"alias": 42}, "alias"),
        ({"app_id": ["1"]}, "app_id"),
        ({"cnam_lookup": "yes"}, "cnam_lookup"),
        ({"subaccount": "SANOTASUBACCOUNT0001"}, "subaccount"),
        ({"message_url": "https://example.com/sms"}, "message_method"),
        ({"message_url": "ftp://example.com", "message_method": "POST"}, "message_url"),
        ({"object_type": "trunk", "object_id": "missing"}, "object_id"),
    ],
)
def test_bad_update_is_400_naming_the_field_and_changes_nothing(
    emu: EmulatorClient, body: dict[str, object], needle: str
) -> None:
    emu.buy("14155550104")
    before = read(emu, "Number/14155550104/")
    response = emu.api("POST", "Number/14155550104/", {"alias": "changed?", **body})
    assert response.status_code == 400
    assert needle in response.json()["error"]
    after = read(emu, "Number/14155550104/")
    assert {k: v for k, v in after.items() if k != "api_id"} == {
        k: v for k, v in before.items() if k != "api_id"
    }


def test_message_url_needs_an_sms_number(emu: EmulatorClient) -> None:
    emu.buy("442079460002")  # GB local: voice only
    response = emu.api(
        "POST", "Number/442079460002/", {"message_url": "https://e.com/m", "message_method": "POST"}
    )
    assert response.status_code == 400
    emu.buy("14155550105")
    response = emu.api(
        "POST", "Number/14155550105/", {"message_url": "https://e.com/m", "message_method": "get"}
    )
    assert response.status_code == 202


def test_delete_is_204_empty_and_the_number_is_gone(emu: EmulatorClient) -> None:
    emu.buy("14155550106")
    response = emu.api("DELETE", "Number/14155550106/")
    assert response.status_code == 204
    assert response.content == b""
    assert emu.api("GET", "Number/14155550106/").status_code == 404
    assert emu.api("DELETE", "Number/14155550106/").status_code == 404
    assert emu.buy("14155550106").status_code == 201


def test_add_carrier_numbers(emu: EmulatorClient) -> None:
    body = {"numbers": "15551230001,+15551230002", "carrier": "MyCarrier", "region": "Nevada"}
    response = emu.api("POST", "Number/", body)
    assert response.status_code == 202
    assert response.json()["message"] == "changed"
    record = read(emu, "Number/15551230002/")
    assert (record["carrier"], record["region"], record["number_type"]) == ("MyCarrier", "Nevada", "local")
    assert record["application"].endswith(f"/{WELL_KNOWN_APPS['default']}/")
    assert emu.api("POST", "Number/", body).status_code == 400  # already in use
    assert emu.api("DELETE", "Number/15551230001/").status_code == 204


@pytest.mark.parametrize(
    "body",
    [
        {"carrier": "c", "region": "r"},
        {"numbers": "15551230003", "region": "r"},
        {"numbers": "15551230003", "carrier": "c"},
        {"numbers": "12", "carrier": "c", "region": "r"},
        {"numbers": "15551230003", "carrier": "c", "region": "r", "number_type": "premium"},
    ],
)
def test_add_carrier_number_validation(emu: EmulatorClient, body: dict[str, str]) -> None:
    assert emu.api("POST", "Number/", body).status_code == 400
    assert emu.api("GET", "Number/15551230003/").status_code == 404
