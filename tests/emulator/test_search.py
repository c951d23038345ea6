"""GET PhoneNumber/: filters, shapes, pagination and the seeded inventory."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from plivo_emulator import WELL_KNOWN_BLOCKS, WELL_KNOWN_NUMBERS
from plivo_emulator.state.inventory import Inventory
from plivo_emulator.testing import EmulatorClient

from .helpers import read

pytestmark = pytest.mark.emulator


def numbers(body: dict[str, Any]) -> list[str]:
    return [o["number"] for o in body["objects"]]


def test_pattern_finds_the_san_francisco_block(emu: EmulatorClient) -> None:
    body = read(emu, "PhoneNumber/", country_iso="US", pattern="415555", limit=20)
    found = numbers(body)
    assert found[0] == "14155550100"
    assert all(n.startswith("1415555") for n in found)
    assert body["meta"]["total_count"] == 101  # the block + docs number 14155559186


def test_result_has_the_phone_number_shape(emu: EmulatorClient) -> None:
    obj = read(emu, "PhoneNumber/", country_iso="US", pattern="4155550100")["objects"][0]
    assert obj == {
        "number": "14155550100",
        "prefix": "415",
        "city": "SAN FRANCISCO",
        "country": "UNITED STATES",
        "region": "California, UNITED STATES",
        "rate_center": "SNFC CNTRL",
        "lata": 722,
        "type": "fixed",
        "sub_type": "local",
        "setup_rate": "0.00000",
        "monthly_rental_rate": "0.80000",
        "sms_enabled": True,
        "sms_rate": "0.00000",
        "voice_enabled": True,
        "voice_rate": "0.00850",
        "mms_enabled": True,
        "mms_rate": "0.00000",
        "restriction": None,
        "restriction_text": None,
        "resource_uri": f"/v1/Account/{emu.auth_id}/PhoneNumber/14155550100/",
    }


def test_api_id_is_a_fresh_uuid1(emu: EmulatorClient) -> None:
    first = read(emu, "PhoneNumber/", country_iso="US", limit=1)["api_id"]
    second = read(emu, "PhoneNumber/", country_iso="US", limit=1)["api_id"]
    assert first != second
    assert str(first)[14] == "1"  # version nibble of a uuid1


@pytest.mark.parametrize(
    ("params", "expected_first"),
    [
        ({"region": "California", "city": "San Francisco", "pattern": "415555"}, "14155550100"),
        ({"city": "new york", "pattern": "2125"}, "12125550100"),
        ({"type": "tollfree", "pattern": "844555"}, "18445550100"),
        ({"rate_center": "snfc cntrl", "lata": "722", "pattern": "4155559"}, "14155559186"),
        ({"npanxx": "212555"}, "12125550100"),
    ],
)
def test_filters_match_well_known_numbers(
    emu: EmulatorClient, params: dict[str, str], expected_first: str
) -> None:
    found = numbers(read(emu, "PhoneNumber/", country_iso="US", **params))
    assert expected_first in found


def test_local_calling_area_widens_npanxx_to_its_rate_center(emu: EmulatorClient) -> None:
    exact = numbers(read(emu, "PhoneNumber/", country_iso="US", npanxx="415555", limit=20))
    wide = read(emu, "PhoneNumber/", country_iso="US", npanxx="415555", local_calling_area="true")
    assert all(n.startswith("1415555") for n in exact)
    assert wide["meta"]["total_count"] > 101  # other SNFC CNTRL exchanges too
    assert {o["rate_center"] for o in wide["objects"]} == {"SNFC CNTRL"}


def test_city_and_region_filters_keep_only_matching_numbers(emu: EmulatorClient) -> None:
    objects = read(emu, "PhoneNumber/", country_iso="US", region="california", city="SAN FRANCISCO")[
        "objects"
    ]
    assert len(objects) == 20
    assert all(o["city"] == "SAN FRANCISCO" and o["region"].startswith("California") for o in objects)


def test_type_filter_keeps_only_that_type(emu: EmulatorClient) -> None:
    body = read(emu, "PhoneNumber/", country_iso="GB", type="mobile")
    assert body["objects"]
    assert {o["type"] for o in body["objects"]} == {"mobile"}


def test_services_filter_requires_every_service(emu: EmulatorClient) -> None:
    body = read(emu, "PhoneNumber/", country_iso="US", services="voice,sms,mms")
    assert body["objects"]
    assert all(o["mms_enabled"] and o["sms_enabled"] for o in body["objects"])
    assert read(emu, "PhoneNumber/", country_iso="GB", type="local", services="sms")["objects"] == []


@pytest.mark.parametrize("country", ["DE", "FR", "IN"])
def test_regulated_countries_show_a_restriction(emu: EmulatorClient, country: str) -> None:
    obj = read(emu, "PhoneNumber/", country_iso=country, limit=1)["objects"][0]
    assert obj["restriction"] in ("city-address", "country-address")
    assert obj["restriction_text"]


def test_pagination_meta_repeats_filters_and_walks_forward(emu: EmulatorClient) -> None:
    body = read(emu, "PhoneNumber/", country_iso="US", pattern="212555", limit=20, offset=20)
    meta = body["meta"]
    assert meta["limit"] == 20
    assert meta["offset"] == 20
    assert meta["total_count"] == 100
    query = parse_qs(urlparse(meta["next"]).query)
    assert query == {"country_iso": ["US"], "pattern": ["212555"], "limit": ["20"], "offset": ["40"]}
    assert parse_qs(urlparse(meta["previous"]).query)["offset"] == ["0"]
    assert urlparse(meta["next"]).path == f"/v1/Account/{emu.auth_id}/PhoneNumber/"
    last = read(emu, "PhoneNumber/", country_iso="US", pattern="212555", limit=20, offset=80)
    assert last["meta"]["next"] is None
    assert len(last["objects"]) == 20


def test_no_match_is_an_empty_200(emu: EmulatorClient) -> None:
    body = read(emu, "PhoneNumber/", country_iso="US", pattern="999999999")
    assert body["objects"] == []
    assert body["meta"]["total_count"] == 0
    assert read(emu, "PhoneNumber/", country_iso="ZZ")["objects"] == []


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({}, "country_iso"),
        ({"country_iso": "USA"}, "country_iso"),
        ({"country_iso": "US", "limit": "21"}, "limit"),
        ({"country_iso": "US", "limit": "0"}, "limit"),
        ({"country_iso": "US", "offset": "-1"}, "offset"),
        ({"country_iso": "US", "type": "premium"}, "type"),
        ({"country_iso": "US", "services": "fax"}, "services"),
        ({"country_iso": "US", "pattern": "41a"}, "pattern"),
    ],
)
def test_bad_search_parameters_are_400_naming_the_field(
    emu: EmulatorClient, params: dict[str, str], needle: str
) -> None:
    response = emu.api("GET", "PhoneNumber/", params=params)
    assert response.status_code == 400
    assert needle in response.json()["error"]


def test_rented_numbers_leave_search_and_come_back_on_release(emu: EmulatorClient) -> None:
    assert "14155550100" in numbers(read(emu, "PhoneNumber/", country_iso="US", pattern="4155550100"))
    assert emu.buy("14155550100").status_code == 201
    assert numbers(read(emu, "PhoneNumber/", country_iso="US", pattern="4155550100")) == []
    assert emu.api("DELETE", "Number/14155550100/").status_code == 204
    assert numbers(read(emu, "PhoneNumber/", country_iso="US", pattern="4155550100")) == ["14155550100"]


def test_inventory_is_deterministic_per_seed_and_keeps_well_known_numbers() -> None:
    first, again, other = Inventory(7), Inventory(7), Inventory(8)
    assert first.numbers() == again.numbers()
    assert first.numbers() != other.numbers()
    for inventory in (first, other):
        assert all(number in inventory for number in WELL_KNOWN_NUMBERS)
        assert all(n in inventory for block in WELL_KNOWN_BLOCKS.values() for n in block.numbers())
