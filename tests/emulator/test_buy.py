"""POST PhoneNumber/{number}/: buying, linking, pending verification and the 404 rules."""

from __future__ import annotations

import pytest

from plivo_emulator import WELL_KNOWN_APPS
from plivo_emulator.testing import EmulatorClient

from .helpers import read

pytestmark = pytest.mark.emulator


@pytest.mark.parametrize(
    ("number", "status"),
    [("14155559186", "Success"), ("441273257545", "Success"), ("4969365065273", "pending")],
)
def test_docs_examples_on_a_fresh_emulator(emu: EmulatorClient, number: str, status: str) -> None:
    response = emu.buy(number)
    assert response.status_code == 201
    body = response.json()
    assert body.pop("api_id")
    assert body == {
        "message": "created",
        "numbers": [{"number": number, "status": status}],
        "status": "fulfilled",
    }


def test_pending_number_is_inactive_until_verified(emu: EmulatorClient) -> None:
    assert emu.buy("493090182000").json()["numbers"][0]["status"] == "pending"
    record = read(emu, "Number/493090182000/")
    assert record["active"] is False
    assert record["compliance_status"] == "pending"
    emu.verify("493090182000")
    record = read(emu, "Number/493090182000/")
    assert record["active"] is True
    assert record["compliance_status"] == "accepted"


def test_verify_after_promotes_pending_numbers(emu: EmulatorClient) -> None:
    emu.faults(verify_after=0)
    emu.buy("33170189900")
    assert read(emu, "Number/33170189900/")["compliance_status"] == "accepted"


def test_rejected_number_stays_inactive(emu: EmulatorClient) -> None:
    emu.buy("33170189901")
    emu.reject("33170189901")
    record = read(emu, "Number/33170189901/")
    assert record["active"] is False
    assert record["compliance_status"] == "rejected"


def test_buy_without_app_links_the_default_number_app(emu: EmulatorClient) -> None:
    emu.buy("14155550110")
    expected = f"/v1/Account/{emu.auth_id}/Application/{WELL_KNOWN_APPS['default']}/"
    assert read(emu, "Number/14155550110/")["application"] == expected


def test_buy_with_app_id_links_it_and_ignores_the_python_number_key(emu: EmulatorClient) -> None:
    response = emu.buy("14155550111", number="14155550111", app_id=WELL_KNOWN_APPS["voice"])
    assert response.status_code == 201
    assert str(read(emu, "Number/14155550111/")["application"]).endswith(f"/{WELL_KNOWN_APPS['voice']}/")


def test_buy_with_empty_app_id_links_nothing(emu: EmulatorClient) -> None:
    emu.buy("14155550112", app_id="")
    assert read(emu, "Number/14155550112/")["application"] is None


def test_buy_accepts_an_empty_body(emu: EmulatorClient) -> None:
    response = emu.api("POST", "PhoneNumber/14155550113/", data=b"")
    assert response.status_code == 201


def test_leading_plus_is_stripped(emu: EmulatorClient) -> None:
    assert emu.buy("+14155550114").status_code == 201
    assert read(emu, "Number/14155550114/")["number"] == "14155550114"


@pytest.mark.parametrize("number", ["19999999999", "4155550100", "abc", "1415555010x", "1234567890123456"])
def test_unknown_or_malformed_numbers_are_404(emu: EmulatorClient, number: str) -> None:
    response = emu.buy(number)
    assert response.status_code == 404
    assert response.json()["error"] == "not found"


def test_a_rented_number_cannot_be_bought_again_by_anyone(emu: EmulatorClient) -> None:
    other_id = "MAOTHERACCOUNT000001"
    emu.add_account(other_id, "other")
    assert emu.buy("14155550115").status_code == 201
    assert emu.buy("14155550115").status_code == 404
    other = emu.as_account(other_id, "other")
    response = other.buy("14155550115")
    assert response.status_code == 404
    assert response.json()["error"] == "not found"


def test_unknown_app_is_400_and_buys_nothing(emu: EmulatorClient) -> None:
    response = emu.buy("14155550116", app_id="99999999999999999")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid app_id"
    assert emu.api("GET", "Number/14155550116/").status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"app_id": WELL_KNOWN_APPS["voice"], "object_type": "trunk", "object_id": "x"},
        {"object_type": "trunk"},
        {"object_id": "abc"},
        {"object_type": "phlo", "object_id": "abc"},
        {"object_type": "trunk", "object_id": "no-such-trunk"},
        {"app_id": ["1"]},
        {"ha_enable": "maybe"},
        {"verification_info": "text"},
        {"cnam_lookup": "on"},
    ],
)
def test_bad_link_or_option_is_400(emu: EmulatorClient, body: dict[str, object]) -> None:
    response = emu.buy("14155550117", **body)
    assert response.status_code == 400
    assert response.json()["error"]
    assert emu.api("GET", "Number/14155550117/").status_code == 404


def test_buy_linked_to_a_trunk(emu: EmulatorClient) -> None:
    trunk_id = emu.api("POST", "Zentrunk/Trunk/", {"name": "in"}).json()["trunk_id"]
    assert emu.buy("14155550118", object_type="trunk", object_id=trunk_id).status_code == 201
    record = read(emu, "Number/14155550118/")
    assert (record["object_type"], record["object_id"], record["application"]) == ("trunk", trunk_id, None)


def test_ha_enable_reports_a_fallback_number(emu: EmulatorClient) -> None:
    entry = emu.buy("14155550119", ha_enable=True).json()["numbers"][0]
    assert entry["status"] == "Success"
    assert entry["fallback_number"].startswith("1")
    assert entry["fallback_number"] != "14155550119"


def test_cnam_lookup_is_us_only(emu: EmulatorClient) -> None:
    assert emu.buy("14155550120", cnam_lookup="enabled").status_code == 201
    assert read(emu, "Number/14155550120/")["cnam_lookup"] == "enabled"
    response = emu.buy("442079460001", cnam_lookup="enabled")
    assert response.status_code == 400
    assert "cnam_lookup" in response.json()["error"]


def test_compliance_application_id_is_stored(emu: EmulatorClient) -> None:
    emu.buy("918047180000", compliance_application_id="20372631212782797")
    assert read(emu, "Number/918047180000/")["compliance_application_id"] == "20372631212782797"
