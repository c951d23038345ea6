"""Contract with the official Python SDK (plivo 4.63) pointed at the emulator: numbers, subaccounts,
errors. Applications have their own file, test_sdk_applications.py."""

from __future__ import annotations

import plivo
import pytest
from plivo import exceptions

from plivo_emulator import WELL_KNOWN_APPS
from plivo_emulator.testing import EmulatorClient

pytestmark = pytest.mark.emulator


def test_search_buy_get_update_delete(sdk: plivo.RestClient) -> None:
    found = sdk.numbers.search("US", type="local", pattern="415555", services="voice,sms", limit=5)
    assert len(found.objects) == 5
    assert found.meta.total_count == 101
    number = found.objects[0].number
    bought = sdk.numbers.buy(number)
    assert bought.numbers[0].status == "Success"
    assert bought.status == "fulfilled"
    got = sdk.numbers.get(number)
    assert got.number == number
    assert got.application.endswith(f"/{WELL_KNOWN_APPS['default']}/")
    assert sdk.numbers.update(number, alias="sdk").message == "changed"
    assert sdk.numbers.get(number).alias == "sdk"
    sdk.numbers.update(number, app_id="")
    assert sdk.numbers.get(number).application is None
    assert sdk.numbers.delete(number) is None
    with pytest.raises(exceptions.ResourceNotFoundError, match="not found"):
        sdk.numbers.get(number)


def test_docs_buy_examples(sdk: plivo.RestClient) -> None:
    assert sdk.numbers.buy("14155559186").numbers[0].status == "Success"
    assert sdk.numbers.buy("441273257545").numbers[0].status == "Success"
    assert sdk.numbers.buy("4969365065273").numbers[0].status == "pending"


def test_list_and_auto_pagination(sdk: plivo.RestClient, emu: EmulatorClient) -> None:
    for i in range(23):
        assert emu.buy(f"121255501{i:02d}").status_code == 201
    page = sdk.numbers.list(limit=5, offset=0)
    assert len(page) == 5
    assert page.meta.total_count == 23
    walked = [n.number for n in sdk.numbers]
    assert walked == sorted(f"121255501{i:02d}" for i in range(23))


def test_subaccounts(sdk: plivo.RestClient) -> None:
    created = sdk.subaccounts.create("sdk team", enabled=True)
    sub = sdk.subaccounts.get(created.auth_id)
    assert sub.name == "sdk team"
    assert sub.enabled is True
    assert [s.auth_id for s in sdk.subaccounts.list()] == [created.auth_id]
    sdk.subaccounts.delete(created.auth_id, cascade=True)
    with pytest.raises(exceptions.ResourceNotFoundError):
        sdk.subaccounts.get(created.auth_id)


def test_exception_types(sdk: plivo.RestClient, emu: EmulatorClient) -> None:
    with pytest.raises(exceptions.ValidationError, match="invalid app_id"):
        sdk.numbers.buy("14155550100", app_id="123")
    with pytest.raises(exceptions.ValidationError, match="country_iso"):
        sdk.numbers.search("")
    with pytest.raises(exceptions.ResourceNotFoundError):
        sdk.numbers.buy("19999999999")
    bad = plivo.RestClient(emu.auth_id, "wrong-token")
    # Not numbers.list(): the SDK's ListResponseObject crashes on any error body without "objects".
    with pytest.raises(exceptions.AuthenticationError, match="authentication credentials were not provided"):
        bad.numbers.get("14155550100")
