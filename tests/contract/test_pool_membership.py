"""A PhoneNumber's Powerpack pool: joined after the purchase, moved and left in place, never released,
and a number that cannot join never bought (PhoneNumberProvider against a real emulator)."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config

from plivo_provider import PhoneNumberProvider, PlivoClient, ValidationError
from plivo_provider.api.config import resolve_settings

pytestmark = pytest.mark.contract


def provider_for(emu: Any) -> PhoneNumberProvider:
    provider = PhoneNumberProvider()
    raw = {"plivo:authId": emu.auth_id, "plivo:authToken": emu.auth_token, "plivo:apiUrl": emu.url}
    provider.configure(ConfigureRequest(Config(raw, "proj")))
    return provider


def checked(
    provider: PhoneNumberProvider, news: dict[str, Any], olds: dict[str, Any] | None = None
) -> dict[str, Any]:
    result = provider.check(olds or {}, news)
    assert result.failures == [], [(f.property, f.reason) for f in result.failures]
    return dict(result.inputs)


def for_sale(emu: Any, country: str) -> str:
    body = emu.api(
        "GET", "PhoneNumber/", params={"country_iso": country, "type": "local", "limit": "1"}
    ).json()
    return "+" + str(body["objects"][0]["number"])


def pool_of(client: PlivoClient, name: str) -> str:
    uuid = client.create_powerpack(name=name)
    return str(client.get_powerpack(uuid)["number_pool"]).rstrip("/").rsplit("/", 1)[-1]


def members(client: PlivoClient, pool: str) -> list[str]:
    return [str(m["number"]) for m in client.pool_numbers(pool)]


def test_join_move_leave_in_place_and_nothing_released(emu: Any) -> None:
    client = PlivoClient(resolve_settings({}, emu.env()))
    one, two = pool_of(client, "one"), pool_of(client, "two")
    provider = provider_for(emu)
    number = for_sale(emu, "US")
    digits = number[1:]
    created = provider.create(checked(provider, {"number": number, "powerpack": one}))
    outs = dict(created.outs)
    assert members(client, one) == [digits]
    assert (outs["powerpack"], outs["powerpack_service"]) == (one, None)

    moved_inputs = checked(provider, {"number": number, "powerpack": two, "powerpack_service": "mms"}, outs)
    diff = provider.diff(created.id, outs, moved_inputs)
    assert (diff.changes, diff.replaces) == (True, [])
    moved = dict(provider.update(created.id, outs, moved_inputs).outs)
    assert (members(client, one), members(client, two)) == ([], [digits])
    assert moved["powerpack"] == two

    emu.clear_requests()
    left_inputs = checked(provider, {"number": number}, moved)
    left = dict(provider.update(created.id, moved, left_inputs).outs)
    assert members(client, two) == []
    assert left["powerpack"] is None
    sent = [(r["method"], r["path"]) for r in emu.requests_log()]
    assert not [s for s in sent if s[0] == "DELETE" and "/Number/" in s[1] and "NumberPool" not in s[1]]
    assert client.get_number(digits)["number"] == digits  # still rented


def test_a_number_that_cannot_join_is_not_bought(emu: Any) -> None:
    client = PlivoClient(resolve_settings({}, emu.env()))
    pool = pool_of(client, "uk")
    provider = provider_for(emu)
    number = for_sale(emu, "GB")  # GB local numbers take no SMS
    with pytest.raises(ValidationError, match=r"not sms-enabled, so it cannot join a Powerpack pool"):
        provider.create(checked(provider, {"number": number, "powerpack": pool}))
    assert not [r for r in emu.requests_log() if r["method"] == "POST" and "/PhoneNumber/" in r["path"]]


@pytest.mark.parametrize(
    ("news", "field", "fragment"),
    [
        ({"number": "+14155550100", "powerpack_service": "sms"}, "powerpack_service", "needs powerpack"),
        ({"country_iso": "US", "powerpack": "p-1"}, "services", "services must include 'sms'"),
        (
            {
                "country_iso": "US",
                "services": ["voice", "sms"],
                "powerpack": "p-1",
                "powerpack_service": "mms",
            },
            "services",
            "'mms'",
        ),
        (
            {"number": "+14155550100", "powerpack": "p-1", "powerpack_service": "fax"},
            "powerpack_service",
            "'sms' or 'mms'",
        ),
    ],
)
def test_pool_inputs_are_checked_at_preview(
    emu: Any, news: dict[str, Any], field: str, fragment: str
) -> None:
    failures = [(f.property, f.reason) for f in provider_for(emu).check({}, news).failures]
    assert len(failures) == 1
    assert failures[0][0] == field
    assert fragment in failures[0][1]
