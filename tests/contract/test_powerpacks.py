"""Powerpacks: PowerpackProvider's methods against a real emulator, and what the client never sends."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config

from plivo_provider import PlivoClient, PowerpackProvider, ValidationError
from plivo_provider.api.config import resolve_settings

pytestmark = pytest.mark.contract


def provider_for(emu: Any) -> PowerpackProvider:
    provider = PowerpackProvider()
    raw = {"plivo:authId": emu.auth_id, "plivo:authToken": emu.auth_token, "plivo:apiUrl": emu.url}
    provider.configure(ConfigureRequest(Config(raw, "proj")))
    return provider


def checked(
    provider: PowerpackProvider, news: dict[str, Any], olds: dict[str, Any] | None = None
) -> dict[str, Any]:
    result = provider.check(olds or {}, news)
    assert result.failures == [], [(f.property, f.reason) for f in result.failures]
    return dict(result.inputs)


def first_for_sale(emu: Any, country: str = "US") -> str:
    body = emu.api(
        "GET", "PhoneNumber/", params={"country_iso": country, "type": "local", "limit": "1"}
    ).json()
    return str(body["objects"][0]["number"])


PRIORITY = [{"service_type": "sms", "country_iso": "us", "priority": {"priority1": "longcode"}}]


def test_create_outputs_update_read_delete(emu: Any) -> None:
    provider = provider_for(emu)
    created = provider.create(
        checked(provider, {"name": "dev sms", "local_connect": False, "number_priority": PRIORITY})
    )
    outs = dict(created.outs)
    assert outs["number_pool_id"]
    assert outs["number_pool_id"] != created.id
    assert (outs["name"], outs["local_connect"], outs["member_count"], outs["acquired"]) == (
        "dev sms",
        False,
        0,
        "created",
    )
    assert outs["number_priority"] == [
        {"service_type": "SMS", "country_iso": "US", "priority": {"priority1": "longcode"}}
    ]
    news = checked(provider, {"name": "dev sms", "local_connect": True}, outs)
    diff = provider.diff(created.id, outs, news)
    assert (diff.changes, diff.replaces) == (True, [])
    updated = dict(provider.update(created.id, outs, news).outs)
    assert updated["local_connect"] is True
    number = first_for_sale(emu)
    emu.buy(number)
    PlivoClient(resolve_settings({}, emu.env())).add_pool_number(outs["number_pool_id"], number, "sms")
    assert dict(provider.read(created.id, updated).outs)["member_count"] == 1  # a console change shows
    emu.clear_requests()
    provider = provider_for(emu)  # a later command: not the one that created it
    with pytest.raises(
        ValidationError, match=rf"still holds 1 number\(s\) this stack does not manage \({number}\)"
    ):
        provider.delete(created.id, updated)
    assert not [r for r in emu.requests_log() if r["method"] == "DELETE"]
    emu.api("DELETE", f"NumberPool/{outs['number_pool_id']}/Number/{number}/")
    provider.delete(created.id, updated)
    assert emu.api("GET", f"Number/{number}/").status_code == 200  # still rented


def test_a_powerpack_of_the_name_is_adopted(emu: Any) -> None:
    existing = PlivoClient(resolve_settings({}, emu.env())).create_powerpack(name="dev sms")
    provider = provider_for(emu)
    created = provider.create(checked(provider, {"name": "dev sms", "sticky_sender": False}))
    assert (created.id, dict(created.outs)["acquired"], dict(created.outs)["sticky_sender"]) == (
        existing,
        "adopted",
        False,
    )


@pytest.mark.parametrize(
    ("priority", "fragment"),
    [
        (
            [{"service_type": "SMS", "country_iso": "ZZ", "priority": {"priority1": "longcode"}}],
            "country_iso 'ZZ'",
        ),
        (
            [{"service_type": "fax", "country_iso": "US", "priority": {"priority1": "longcode"}}],
            "service_type must be",
        ),
        (
            [{"service_type": "SMS", "country_iso": "US", "priority": {"priority1": "pager"}}],
            "priority.priority1",
        ),
    ],
)
def test_bad_number_priority_is_one_line_naming_the_field(
    emu: Any, priority: list[Any], fragment: str
) -> None:
    failures = provider_for(emu).check({}, {"name": "x", "number_priority": priority}).failures
    assert [f.property for f in failures] == ["number_priority"]
    assert fragment in failures[0].reason
    assert "\n" not in failures[0].reason


def test_the_client_never_asks_to_rent_or_release(emu: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    client = PlivoClient(resolve_settings({}, emu.env()))
    sent: list[Any] = []
    original = client._request

    def spy(method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        sent.append(kwargs.get("json_body"))
        return original(method, path, **kwargs)

    monkeypatch.setattr(client, "_request", spy)
    number = first_for_sale(emu)
    emu.buy(number)
    uuid = client.create_powerpack(name="p")
    pool = str(client.get_powerpack(uuid)["number_pool"]).rstrip("/").rsplit("/", 1)[-1]
    client.add_pool_number(pool, number, "sms")
    client.remove_pool_number(pool, number)
    client.delete_powerpack(uuid)
    text = json.dumps(sent)
    assert '"unrent": false' in text
    assert '"unrent_numbers": false' in text
    assert "true" not in text.lower()
    assert 'rent":' not in text.replace('"unrent":', "")
    assert emu.api("GET", f"Number/{number}/").status_code == 200
