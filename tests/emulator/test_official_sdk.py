"""Contract with the official Python SDK (plivo 4.63) pointed at the emulator."""

from __future__ import annotations

from collections.abc import Iterator

import plivo
import plivo.rest.client
import pytest
from plivo import exceptions

from plivo_emulator import DEFAULT_AUTH_ID, DEFAULT_AUTH_TOKEN, WELL_KNOWN_APPS, EmulatorServer

from ._client import Api

pytestmark = pytest.mark.emulator


@pytest.fixture
def client(emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[plivo.RestClient]:
    base = emulator.url + "/v1/Account"
    # The SDK re-reads these module globals on every request; base_uri on the client does not stick.
    for name in (
        "PLIVO_API_BASE_URI",
        "API_VOICE_BASE_URI",
        "API_VOICE_BASE_URI_FALLBACK_1",
        "API_VOICE_BASE_URI_FALLBACK_2",
    ):
        monkeypatch.setattr(plivo.rest.client, name, base)
    yield plivo.RestClient(DEFAULT_AUTH_ID, DEFAULT_AUTH_TOKEN)


def test_search_buy_get_update_delete(client: plivo.RestClient) -> None:
    found = client.numbers.search("US", type="local", pattern="415555", services="voice,sms", limit=5)
    assert len(found.objects) == 5 and found.meta.total_count == 101
    number = found.objects[0].number
    bought = client.numbers.buy(number)
    assert bought.numbers[0].status == "Success" and bought.status == "fulfilled"
    got = client.numbers.get(number)
    assert got.number == number and got.application.endswith(f"/{WELL_KNOWN_APPS['default']}/")
    assert client.numbers.update(number, alias="sdk").message == "changed"
    assert client.numbers.get(number).alias == "sdk"
    client.numbers.update(number, app_id="")
    assert client.numbers.get(number).application is None
    assert client.numbers.delete(number) is None
    with pytest.raises(exceptions.ResourceNotFoundError, match="not found"):
        client.numbers.get(number)


def test_docs_buy_examples(client: plivo.RestClient) -> None:
    assert client.numbers.buy("14155559186").numbers[0].status == "Success"
    assert client.numbers.buy("441273257545").numbers[0].status == "Success"
    assert client.numbers.buy("4969365065273").numbers[0].status == "pending"


def test_list_and_auto_pagination(client: plivo.RestClient, api: Api) -> None:
    for i in range(23):
        assert api.buy(f"121255501{i:02d}").status_code == 201
    page = client.numbers.list(limit=5, offset=0)
    assert len(page) == 5 and page.meta.total_count == 23
    walked = [n.number for n in client.numbers]
    assert walked == sorted(f"121255501{i:02d}" for i in range(23))


def test_applications(client: plivo.RestClient) -> None:
    created = client.applications.create(app_name="sdk app", answer_url="https://example.com/answer")
    assert created.message == "created"
    app = client.applications.get(created.app_id)
    assert app.app_name == "sdk app" and app.answer_url == "https://example.com/answer"
    names = [a.app_name for a in client.applications.list()]
    assert names == ["Default Number App", "Voice IVR", "SMS Bot", "sdk app"]
    client.applications.update(created.app_id, answer_url="https://example.com/v2")
    assert client.applications.get(created.app_id).answer_url == "https://example.com/v2"
    client.applications.delete(created.app_id)
    with pytest.raises(exceptions.ResourceNotFoundError):
        client.applications.get(created.app_id)


def test_subaccounts(client: plivo.RestClient) -> None:
    created = client.subaccounts.create("sdk team", enabled=True)
    sub = client.subaccounts.get(created.auth_id)
    assert sub.name == "sdk team" and sub.enabled is True
    assert [s.auth_id for s in client.subaccounts.list()] == [created.auth_id]
    client.subaccounts.delete(created.auth_id, cascade=True)
    with pytest.raises(exceptions.ResourceNotFoundError):
        client.subaccounts.get(created.auth_id)


def test_exception_types(client: plivo.RestClient) -> None:
    with pytest.raises(exceptions.ValidationError, match="invalid app_id"):
        client.numbers.buy("14155550100", app_id="123")
    with pytest.raises(exceptions.ValidationError, match="country_iso"):
        client.numbers.search("")
    with pytest.raises(exceptions.ResourceNotFoundError):
        client.numbers.buy("19999999999")
    bad = plivo.RestClient(DEFAULT_AUTH_ID, "wrong-token")
    # Not numbers.list(): the SDK's ListResponseObject crashes on any error body without "objects".
    with pytest.raises(exceptions.AuthenticationError, match="authentication credentials were not provided"):
        bad.numbers.get("14155550100")
