"""SIP endpoints: the client methods, then EndpointProvider's methods, against a real emulator."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config

from plivo_provider import EndpointProvider, NameConflictError, NotFoundError, PlivoClient
from plivo_provider.api.config import resolve_settings

pytestmark = pytest.mark.contract

VOICE_APP = "10000000000000002"
SMS_APP = "10000000000000003"
PASSWORD = "canary-contract-Pw-5521"


def provider_for(emu: Any) -> EndpointProvider:
    provider = EndpointProvider()
    raw = {"plivo:authId": emu.auth_id, "plivo:authToken": emu.auth_token, "plivo:apiUrl": emu.url}
    provider.configure(ConfigureRequest(Config(raw, "proj")))
    return provider


def declared(**extra: Any) -> dict[str, Any]:
    return {"username": "frontdesk", "password": PASSWORD, "alias": "front desk", **extra}


def checked(
    provider: EndpointProvider, news: dict[str, Any], olds: dict[str, Any] | None = None
) -> dict[str, Any]:
    result = provider.check(olds or {}, news)
    assert result.failures == [], [(f.property, f.reason) for f in result.failures]
    return dict(result.inputs)


def test_client_create_get_update_list_delete(emu: Any) -> None:
    client = PlivoClient(resolve_settings({}, emu.env()))
    endpoint_id = client.create_endpoint(username="zumba", password=PASSWORD, alias="z", app_id=VOICE_APP)
    got = client.get_endpoint(endpoint_id)
    assert re.fullmatch(r"zumba[0-9]{12}", got["username"])
    client.update_endpoint(endpoint_id, alias="zz")
    assert [e["alias"] for e in client.list_endpoints()] == ["zz"]
    client.delete_endpoint(endpoint_id)
    with pytest.raises(NotFoundError):
        client.get_endpoint(endpoint_id)


@pytest.mark.parametrize(
    ("news", "field", "fragment"),
    [
        (declared(password="abc"), "", "password: must be 5 to 128 characters long (it is 3)"),
        (declared(password="line\nbreak"), "", "password: holds a character that does not print"),
        (declared(username="front-desk"), "username", "letters and digits"),
        ({"username": "frontdesk", "alias": "x"}, "password", "password is required"),
    ],
)
def test_check_refuses_bad_inputs_without_showing_the_password(
    emu: Any, news: dict[str, Any], field: str, fragment: str
) -> None:
    failures = [(f.property, f.reason) for f in provider_for(emu).check({}, news).failures]
    assert len(failures) == 1
    assert failures[0][0] == field
    assert fragment in failures[0][1]
    assert str(news.get("password")) not in failures[0][1]


def test_create_outputs_then_rotate_the_password_in_place(emu: Any) -> None:
    provider = provider_for(emu)
    created = provider.create(checked(provider, declared(app_id=VOICE_APP)))
    outs = dict(created.outs)
    assert (outs["app_id"], outs["alias"], outs["acquired"], outs["password"]) == (
        VOICE_APP,
        "front desk",
        "created",
        PASSWORD,
    )
    assert "password" not in outs["declared"]
    assert re.fullmatch(r"frontdesk[0-9]{12}", outs["username"])
    news = checked(provider, declared(app_id=SMS_APP, password="rotated-Pw-1"), outs)
    diff = provider.diff(created.id, outs, news)
    assert (diff.changes, diff.replaces) == (True, [])
    emu.clear_requests()
    updated = dict(provider.update(created.id, outs, news).outs)
    sent = [(r["method"], r["path"].split("/Account/")[1].split("/", 1)[1]) for r in emu.requests_log()]
    assert ("POST", f"Endpoint/{created.id}/") in sent
    assert (updated["app_id"], updated["password"]) == (SMS_APP, "rotated-Pw-1")
    read = provider.read(created.id, updated)
    assert dict(read.outs)["password"] == "rotated-Pw-1"  # Plivo never returns it: the state's is kept
    assert not provider.diff(created.id, dict(read.outs), news).changes
    provider.delete(created.id, updated)
    provider.delete(created.id, updated)  # already gone: counted as deleted


def test_an_endpoint_of_the_alias_is_adopted_and_its_password_set(
    emu: Any, capfd: pytest.CaptureFixture[str]
) -> None:
    client = PlivoClient(resolve_settings({}, emu.env()))
    existing = client.create_endpoint(username="frontdesk", password="old-Pw-00", alias="front desk")
    provider = provider_for(emu)
    emu.clear_requests()
    created = provider.create(checked(provider, declared()))
    assert (created.id, dict(created.outs)["acquired"]) == (existing, "adopted")
    assert any(
        r["method"] == "POST" and r["path"].endswith(f"/Endpoint/{existing}/") for r in emu.requests_log()
    )
    printed = capfd.readouterr()
    assert "adopted" in printed.err
    assert PASSWORD not in printed.out + printed.err  # the note says what is set, never the password


def test_an_endpoint_of_the_alias_with_another_username_is_refused(emu: Any) -> None:
    client = PlivoClient(resolve_settings({}, emu.env()))
    client.create_endpoint(username="reception", password="old-Pw-00", alias="front desk")
    provider = provider_for(emu)
    with pytest.raises(NameConflictError, match=r"username 'reception[0-9]+' is not 'frontdesk'"):
        provider.create(checked(provider, declared()))
