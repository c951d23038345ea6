"""Applications and trunks: the client methods, then the providers' methods, against a real emulator."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config

from plivo_provider import (
    ApplicationProvider,
    NameConflictError,
    NotFoundError,
    PhoneNumberProvider,
    PlivoClient,
    ServerError,
    TrunkProvider,
)
from plivo_provider.api.config import resolve_settings
from tests.harness.ledger import DEFAULT_APP, VOICE_APP

pytestmark = pytest.mark.contract


def client_for(emu, **overrides: str) -> PlivoClient:
    return PlivoClient(resolve_settings({}, {**emu.env(), **overrides}))


def configured(cls: type, emu, **extra: str) -> Any:
    provider = cls()
    raw = {"plivo:authId": emu.auth_id, "plivo:authToken": emu.auth_token, "plivo:apiUrl": emu.url, **extra}
    provider.configure(ConfigureRequest(Config(raw, "proj")))
    return provider


def checked(provider: Any, news: dict[str, Any], olds: dict[str, Any] | None = None) -> dict[str, Any]:
    result = provider.check(olds or {}, news)
    assert result.failures == [], [(f.property, f.reason) for f in result.failures]
    return dict(result.inputs)


def apps_named(emu, name: str) -> list[dict[str, Any]]:
    body = emu.api("GET", "Application/", params={"app_name": name}).json()
    return list(body["objects"])


def calls(emu, method: str, path_part: str) -> int:
    return sum(1 for r in emu.requests_log() if r["method"] == method and path_part in r["path"])


# -- the client ------------------------------------------------------------------------------


def test_application_create_get_update_delete(emu) -> None:
    client = client_for(emu)
    app_id = client.create_application(app_name="ivr", answer_url="https://a.example.com/answer")
    app = client.get_application(app_id)
    assert (app["app_name"], app["answer_url"], app["answer_method"]) == (
        "ivr",
        "https://a.example.com/answer",
        "POST",
    )
    assert app["sip_uri"] == f"sip:{app_id}@app.plivo.com"
    client.update_application(app_id, answer_method="GET")
    app = client.get_application(app_id)
    assert app["answer_method"] == "GET"
    assert app["answer_url"] == "https://a.example.com/answer"  # not sent, so unchanged
    client.delete_application(app_id, cascade=False)
    with pytest.raises(NotFoundError):
        client.get_application(app_id)
    with pytest.raises(NotFoundError):
        client.delete_application(app_id)


def test_list_applications_filters_by_name_and_follows_pages(emu) -> None:
    client = client_for(emu)
    made = [client.create_application(app_name=f"app-{i:02}") for i in range(25)]
    listed = [app["app_id"] for app in client.list_applications()]
    assert set(made) <= set(listed)
    assert len(listed) == 25 + 3  # and the account's three well-known apps
    assert [app["app_id"] for app in client.list_applications(app_name="app-07")] == [made[7]]


def test_creating_an_application_is_never_retried_blindly(emu) -> None:
    # A 5xx on a create may hide a created app: the client must not resend it by itself.
    emu.faults(error_rate=1.0)
    with pytest.raises(ServerError):
        client_for(emu, PLIVO_MAX_RETRIES="3").create_application(app_name="ivr")
    assert calls(emu, "POST", "/Application/") == 1


def test_trunk_create_get_list_update_delete(emu) -> None:
    client = client_for(emu)
    trunk_id = client.create_trunk(name="pbx", trunk_direction="inbound")
    trunk = client.get_trunk(trunk_id)
    assert (trunk["trunk_id"], trunk["name"], trunk["trunk_direction"]) == (trunk_id, "pbx", "inbound")
    assert [t["trunk_id"] for t in client.list_trunks()] == [trunk_id]
    client.update_trunk(trunk_id, name="pbx-2", trunk_status="disabled")
    trunk = client.get_trunk(trunk_id)
    assert (trunk["name"], trunk["trunk_status"]) == ("pbx-2", "disabled")
    client.delete_trunk(trunk_id)
    with pytest.raises(NotFoundError):
        client.get_trunk(trunk_id)


# -- ApplicationProvider ---------------------------------------------------------------------


def test_create_returns_every_output(emu) -> None:
    provider = configured(ApplicationProvider, emu)
    inputs = checked(
        provider,
        {"app_name": "ivr", "answer_url": "https://a.example.com/answer", "answer_method": "get"},
    )
    result = provider.create(inputs)
    outs = result.outs
    assert outs["app_id"] == result.id
    assert (outs["acquired"], outs["answer_method"], outs["sip_uri"]) == (
        "created",
        "GET",
        f"sip:{result.id}@app.plivo.com",
    )
    declared = {"answer_method": "GET", "answer_url": "https://a.example.com/answer", "app_name": "ivr"}
    assert outs["declared"] == declared
    assert [app["app_id"] for app in apps_named(emu, "ivr")] == [result.id]


def test_create_adopts_the_app_of_that_name_and_applies_the_declaration(emu, capsys) -> None:
    existing = emu.api("POST", "Application/", {"app_name": "ivr", "answer_url": "https://old.example.com/"})
    app_id = existing.json()["app_id"]
    provider = configured(ApplicationProvider, emu)
    inputs = checked(provider, {"app_name": "ivr", "answer_url": "https://new.example.com/"})
    assert "adopts it" in capsys.readouterr().err  # preview says so before anything happens
    result = provider.create(inputs)
    assert (result.id, result.outs["acquired"]) == (app_id, "adopted")
    assert result.outs["answer_url"] == "https://new.example.com/"
    assert [app["answer_url"] for app in apps_named(emu, "ivr")] == ["https://new.example.com/"]
    assert "adopted, not created" in capsys.readouterr().err


def test_two_apps_of_one_name_are_refused_at_preview(emu) -> None:
    for _ in range(2):
        emu.api("POST", "Application/", {"app_name": "ivr"})
    provider = configured(ApplicationProvider, emu)
    failures = provider.check({}, {"app_name": "ivr"}).failures
    assert [f.property for f in failures] == ["app_name"]
    assert "2 applications named 'ivr'" in failures[0].reason
    with pytest.raises(NameConflictError):
        provider.create({"app_name": "ivr"})
    assert len(apps_named(emu, "ivr")) == 2


def test_two_resources_declaring_one_name_in_one_run_are_refused(emu) -> None:
    provider = configured(ApplicationProvider, emu)
    provider.create(checked(provider, {"app_name": "ivr"}))
    with pytest.raises(NameConflictError, match="two Application resources"):
        provider.create({"app_name": "ivr"})
    assert len(apps_named(emu, "ivr")) == 1


def test_an_account_that_cannot_be_asked_gets_no_create(emu) -> None:
    # Without the name lookup the provider cannot tell "adopt" from "create": it sends nothing.
    provider = configured(ApplicationProvider, emu, **{"plivo:maxRetries": "0"})
    emu.faults(error_rate=1.0)
    with pytest.raises(ServerError):
        provider.create({"app_name": "ivr"})
    emu.faults(error_rate=0.0)
    assert calls(emu, "POST", "/Application/") == 0
    assert apps_named(emu, "ivr") == []


def test_update_sends_only_what_changed_and_returns_every_output(emu) -> None:
    provider = configured(ApplicationProvider, emu)
    created = provider.create(checked(provider, {"app_name": "ivr", "answer_url": "https://a.example.com/"}))
    news = checked(provider, {"app_name": "ivr", "answer_url": "https://b.example.com/"}, created.outs)
    diff = provider.diff(created.id, created.outs, news)
    assert (diff.changes, diff.replaces) == (True, [])
    emu.clear_requests()
    outs = provider.update(created.id, created.outs, news).outs
    assert outs["answer_url"] == "https://b.example.com/"
    assert set(outs) >= {"app_id", "sip_uri", "acquired", "declared"}
    assert [(r["method"], r["path"].split("/Account/")[1].split("/", 1)[1]) for r in emu.requests_log()] == [
        ("POST", f"Application/{created.id}/"),
        ("GET", f"Application/{created.id}/"),
    ]


def test_a_new_name_replaces(emu) -> None:
    provider = configured(ApplicationProvider, emu)
    created = provider.create(checked(provider, {"app_name": "ivr"}))
    diff = provider.diff(created.id, created.outs, checked(provider, {"app_name": "ivr-2"}, created.outs))
    assert diff.replaces == ["app_name"]


def test_read_reports_drift_as_actual_inputs_and_drops_a_deleted_app(emu) -> None:
    provider = configured(ApplicationProvider, emu)
    created = provider.create(checked(provider, {"app_name": "ivr", "answer_url": "https://a.example.com/"}))
    emu.api("POST", f"Application/{created.id}/", {"answer_url": "https://console.example.com/"})
    read = provider.read(created.id, created.outs)
    assert read.outs["answer_url"] == "https://console.example.com/"
    assert read.inputs["answer_url"] == "https://console.example.com/"  # next preview: console => declared
    emu.api("DELETE", f"Application/{created.id}/")
    assert provider.read(created.id, read.outs).id == ""


def test_delete_leaves_linked_numbers_without_an_app_and_counts_gone_as_deleted(emu, capsys) -> None:
    provider = configured(ApplicationProvider, emu)
    created = provider.create(checked(provider, {"app_name": "ivr"}))
    emu.buy("14155550100", app_id=created.id)
    fresh = configured(ApplicationProvider, emu)  # a later `pulumi destroy`
    fresh.delete(created.id, created.outs)
    assert apps_named(emu, "ivr") == []
    assert emu.owned()["14155550100"]["app_id"] is None
    fresh.delete(created.id, created.outs)
    assert "already gone" in capsys.readouterr().err


def test_deleting_the_default_number_app_says_the_account_has_none(emu, capsys) -> None:
    provider = configured(ApplicationProvider, emu)
    created = provider.create(checked(provider, {"app_name": "main", "default_number_app": True}))
    assert created.outs["default_number_app"] is True
    assert emu.api("GET", f"Application/{DEFAULT_APP}/").json()["default_app"] is False  # the flag moved
    configured(ApplicationProvider, emu).delete(created.id, created.outs)
    assert "default number app" in capsys.readouterr().err


def test_replacing_the_default_app_moves_the_flag_first_so_no_gap_is_reported(emu, capsys) -> None:
    # app_name changed: Pulumi creates the new app (declared default), then deletes the old one.
    provider = configured(ApplicationProvider, emu)
    old = provider.create(checked(provider, {"app_name": "main", "default_number_app": True}))
    new = provider.create(checked(provider, {"app_name": "main-2", "default_number_app": True}))
    capsys.readouterr()
    provider.delete(old.id, old.outs)  # old.outs still says default_number_app=True
    assert "default number app" not in capsys.readouterr().err
    assert emu.api("GET", f"Application/{new.id}/").json()["default_app"] is True


def test_an_app_adopted_by_another_resource_in_the_same_run_is_not_deleted(emu, capsys) -> None:
    # A resource renamed in the program: the new one adopts the app by name, then the old one is deleted.
    old = configured(ApplicationProvider, emu).create({"app_name": "ivr"})
    provider = configured(ApplicationProvider, emu)
    new = provider.create(checked(provider, {"app_name": "ivr"}))
    assert new.id == old.id
    provider.delete(old.id, old.outs)
    assert [app["app_id"] for app in apps_named(emu, "ivr")] == [old.id]
    assert "managed by another resource" in capsys.readouterr().err


def test_numbers_skip_the_app_check_for_an_app_of_this_stack(emu) -> None:
    numbers = configured(PhoneNumberProvider, emu)
    checked(numbers, {"number": "+14155550100", "app_id": VOICE_APP})
    assert calls(emu, "GET", f"/Application/{VOICE_APP}/") == 1  # a literal ID is checked
    created = configured(ApplicationProvider, emu).create({"app_name": "ivr"})
    emu.clear_requests()
    checked(numbers, {"number": "+14155550101", "app_id": created.id})
    assert calls(emu, "GET", "/Application/") == 0


# -- TrunkProvider ---------------------------------------------------------------------------


def test_trunk_create_adopt_rename_and_delete(emu) -> None:
    provider = configured(TrunkProvider, emu)
    created = provider.create(checked(provider, {"name": "pbx", "secure": True}))
    assert (created.outs["trunk_direction"], created.outs["secure"], created.outs["acquired"]) == (
        "inbound",
        True,
        "created",
    )
    assert created.outs["trunk_domain"] == f"{created.id}.zt.plivo.com"
    adopted = configured(TrunkProvider, emu).create({"name": "pbx", "secure": False})
    assert (adopted.id, adopted.outs["acquired"], adopted.outs["secure"]) == (created.id, "adopted", False)
    news = checked(provider, {"name": "pbx-2"}, adopted.outs)
    assert provider.diff(created.id, adopted.outs, news).replaces == []
    assert provider.update(created.id, adopted.outs, news).outs["name"] == "pbx-2"
    configured(TrunkProvider, emu).delete(created.id, adopted.outs)
    assert emu.api("GET", f"Zentrunk/Trunk/{created.id}/").status_code == 404


def test_an_outbound_trunk_of_the_declared_name_is_refused_at_preview(emu) -> None:
    emu.api("POST", "Zentrunk/Trunk/", {"name": "pbx", "trunk_direction": "outbound"})
    failures = configured(TrunkProvider, emu).check({}, {"name": "pbx"}).failures
    assert [f.property for f in failures] == ["name"]
    assert "outbound" in failures[0].reason
