"""Contract with the official Python SDK (plivo 4.63) for Powerpack/ and NumberPool/: create, get, list,
update and delete a Powerpack, its pool uuid taken from ``number_pool``, and pool members added,
found, listed, counted and removed, with nothing rented or released unless asked."""

from __future__ import annotations

import plivo
import pytest
from plivo import exceptions

from plivo_emulator.testing import EmulatorClient

pytestmark = pytest.mark.emulator


def _search(sdk: plivo.RestClient, country: str, kind: str) -> str:
    return str(sdk.numbers.search(country_iso=country, type=kind, limit=1)[0]["number"])


def _rented(emu: EmulatorClient) -> list[str]:
    return sorted(n["number"] for n in emu.api("GET", "Number/").json()["objects"])


def test_powerpack_create_get_list_update_delete(sdk: plivo.RestClient, emu: EmulatorClient) -> None:
    created = sdk.powerpacks.create(name="dev sms", sticky_sender=True, local_connect=False)
    pool_uri = created["number_pool"]
    assert pool_uri.startswith(f"/v1/Account/{emu.auth_id}/NumberPool/")
    powerpack = sdk.powerpacks.get(created["uuid"])
    pool_uuid = powerpack.get_numberpooluuid()
    assert pool_uuid != created["uuid"]  # the pool has its own uuid
    assert (powerpack.name, powerpack.sticky_sender, powerpack.local_connect) == ("dev sms", True, False)
    assert [p["name"] for p in sdk.powerpacks.list()["objects"]] == ["dev sms"]
    powerpack.update({"local_connect": True, "name": "dev sms 2"})
    assert sdk.powerpacks.get(created["uuid"]).local_connect is True
    powerpack.delete()
    with pytest.raises(exceptions.ResourceNotFoundError):
        sdk.powerpacks.get(created["uuid"])


def test_pool_members_join_leave_and_stay_rented(sdk: plivo.RestClient, emu: EmulatorClient) -> None:
    first, second = _search(sdk, "US", "local"), _search(sdk, "CA", "local")
    sdk.numbers.buy(first)
    sdk.numbers.buy(second)
    powerpack = sdk.powerpacks.get(sdk.powerpacks.create(name="pool")["uuid"])
    pool_uuid = powerpack.get_numberpooluuid()
    added = powerpack.add_number(first, service="mms")
    assert (added["number"], added["number_pool_uuid"]) == (first, pool_uuid)
    powerpack.add_number(second)
    assert powerpack.find_number(first)["numberpool_uuid"] == pool_uuid
    listed = powerpack.list_numbers()
    assert sorted(o["number"] for o in listed["objects"]) == sorted([first, second])
    assert powerpack.count_numbers(country_iso2="CA") == 1
    assert powerpack.count_numbers(service="mms") == 1
    powerpack.remove_number(first)  # the SDK sends unrent=false
    with pytest.raises(exceptions.ResourceNotFoundError):
        powerpack.find_number(first)
    powerpack.delete()  # unrent_numbers=false: the member stays rented
    assert _rented(emu) == sorted([first, second])


def test_refusals_and_the_only_paths_that_rent_or_release(sdk: plivo.RestClient, emu: EmulatorClient) -> None:
    voice_only, sms_only = _search(sdk, "GB", "local"), _search(sdk, "CA", "local")
    sdk.numbers.buy(voice_only)
    sdk.numbers.buy(sms_only)
    one = sdk.powerpacks.get(sdk.powerpacks.create(name="one")["uuid"])
    two = sdk.powerpacks.get(sdk.powerpacks.create(name="two")["uuid"])
    with pytest.raises(exceptions.ValidationError, match="not sms-enabled"):
        one.add_number(voice_only)
    with pytest.raises(exceptions.ValidationError, match="not mms-enabled"):
        one.add_number(sms_only, service="mms")
    unrented = _search(sdk, "US", "local")
    with pytest.raises(exceptions.ResourceNotFoundError):
        one.add_number(unrented)  # not rented, and no rent=true: nothing is bought
    assert unrented not in _rented(emu)
    one.add_number(sms_only)
    with pytest.raises(exceptions.ValidationError, match="already in another number pool"):
        two.add_number(sms_only)
    one.buy_add_number(number=unrented)  # rent=true buys and adds
    assert unrented in _rented(emu)
    one.remove_number(unrented, unrent=True)
    assert unrented not in _rented(emu)
    one.delete(unrent_numbers=True)
    assert sms_only not in _rented(emu)
