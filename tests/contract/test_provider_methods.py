"""PhoneNumberProvider methods called directly (as the engine would) against a real emulator."""

from __future__ import annotations

import base64
import pickle
from typing import Any

import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config

from plivo_provider import NotFoundError, OutcomeUnknownError, PhoneNumberProvider
from tests.harness.ledger import DEFAULT_APP, SMS_APP, VOICE_APP

pytestmark = pytest.mark.contract


def provider_for(emu, **extra: str) -> PhoneNumberProvider:
    provider = PhoneNumberProvider()
    raw = {"plivo:authId": emu.auth_id, "plivo:authToken": emu.auth_token, "plivo:apiUrl": emu.url, **extra}
    provider.configure(ConfigureRequest(Config(raw, "proj")))
    return provider


def checked(provider: PhoneNumberProvider, news: dict[str, Any], olds: dict[str, Any] | None = None):
    result = provider.check(olds or {}, news)
    assert result.failures == [], [(f.property, f.reason) for f in result.failures]
    return result.inputs


def test_create_buys_and_returns_every_output(emu) -> None:
    provider = provider_for(emu)
    inputs = checked(provider, {"number": "+1 415 555 0100", "app_id": VOICE_APP, "alias": "support"})
    result = provider.create(inputs)
    assert result.id == "14155550100"
    outs = result.outs
    assert outs["status"] == "Success"
    assert outs["acquired"] == "purchased"
    assert (outs["app_id"], outs["alias"], outs["country_iso"]) == (VOICE_APP, "support", "US")
    for key in ("number_type", "region", "monthly_rental_rate", "renewal_date", "added_on"):
        assert outs[key], key
    assert emu.owned()["14155550100"]["alias"] == "support"
    # check: the app and the number's offer; create: buy, set alias, read back: nothing else
    assert len(emu.requests_log()) <= 5


def test_create_without_app_links_the_default_app(emu) -> None:
    provider = provider_for(emu)
    outs = provider.create(checked(provider, {"number": "14155550100"})).outs
    assert outs["app_id"] == DEFAULT_APP


def test_create_adopts_a_number_the_account_already_rents(emu) -> None:
    assert emu.api("POST", "PhoneNumber/14155550100/", {"app_id": VOICE_APP}).status_code == 201
    provider = provider_for(emu)
    outs = provider.create(checked(provider, {"number": "14155550100", "app_id": SMS_APP, "alias": "x"})).outs
    assert outs["acquired"] == "adopted"
    assert (outs["app_id"], outs["alias"]) == (SMS_APP, "x")
    assert emu.calls("POST", "/PhoneNumber/") == 2  # the console's purchase and our probe, no second sale


def test_create_of_a_number_not_for_sale_fails_cleanly(emu) -> None:
    provider = provider_for(emu)
    with pytest.raises(NotFoundError, match="14155550000 is not for sale"):
        provider.create({"number": "14155550000"})  # what check() refuses at preview (below)


@pytest.mark.parametrize(("number", "country"), [("+14155550000", "US"), ("+442079460999", "GB")])
def test_not_for_sale_hint_searches_the_number_s_own_country(emu, number: str, country: str) -> None:
    provider = provider_for(emu)
    digits = number.lstrip("+")
    with pytest.raises(NotFoundError) as caught:
        provider.create({"number": digits})
    assert "is not for sale" in str(caught.value)
    assert f"search --country {country}`" in str(caught.value)
    failures = provider.check({}, {"number": number}).failures  # and preview says the same first
    assert [f.property for f in failures] == ["number"]
    assert f"search --country {country}`" in failures[0].reason
    assert emu.calls("POST", "/PhoneNumber/") == 1  # create's attempt only: check buys nothing


def test_dropped_purchase_answer_is_confirmed_not_repeated(emu) -> None:
    provider = provider_for(emu)
    inputs = checked(provider, {"number": "14155550100"})
    emu.faults(drop_after_commit=1.0)
    outs = provider.create(inputs).outs
    assert outs["acquired"] == "purchased"
    assert emu.calls("POST", "/PhoneNumber/14155550100/") == 1


def test_failed_purchase_that_cannot_be_confirmed_is_not_repeated(emu) -> None:
    provider = provider_for(emu, **{"plivo:maxRetries": "1"})
    inputs = checked(provider, {"number": "14155550100"})
    emu.faults(error_rate=1.0)  # the purchase and the account check both fail
    with pytest.raises(OutcomeUnknownError, match="Nothing will be bought again"):
        provider.create(inputs)
    assert emu.owned() == {}
    assert emu.calls("POST", "/PhoneNumber/14155550100/") == 1


def test_update_sends_only_what_changed_and_returns_full_outputs(emu) -> None:
    provider = provider_for(emu)
    inputs = checked(provider, {"number": "14155550100", "app_id": VOICE_APP, "alias": "a"})
    olds = provider.create(inputs).outs
    news = checked(provider, {"number": "14155550100", "app_id": VOICE_APP, "alias": "b"}, inputs)
    diff = provider.diff("14155550100", olds, news)
    assert diff.changes
    assert diff.replaces == []
    emu.control("DELETE", "requests")
    outs = provider.update("14155550100", olds, news).outs
    assert outs["alias"] == "b"
    assert outs["region"] == olds["region"]
    posts = [r for r in emu.requests_log() if r["method"] == "POST"]
    assert len(posts) == 1


def test_no_change_means_no_diff_and_no_calls(emu) -> None:
    provider = provider_for(emu)
    inputs = checked(provider, {"number": "14155550100", "app_id": VOICE_APP})
    olds = provider.create(inputs).outs
    emu.control("DELETE", "requests")
    again = checked(provider, {"number": "+14155550100", "app_id": VOICE_APP}, inputs)
    assert provider.diff("14155550100", olds, again).changes is False
    assert emu.requests_log() == []


def test_read_sees_drift_and_disappearance(emu) -> None:
    provider = provider_for(emu)
    inputs = checked(provider, {"number": "14155550100", "alias": "declared"})
    olds = provider.create(inputs).outs
    emu.api("POST", "Number/14155550100/", {"alias": "console edit"})
    read = provider.read("14155550100", olds)
    assert read.outs["alias"] == "console edit"
    assert read.inputs["alias"] == "console edit"
    assert read.outs["declared"]["alias"] == "declared"
    emu.api("DELETE", "Number/14155550100/")
    gone = provider.read("14155550100", olds)
    assert not gone.id


def test_delete_releases_and_tolerates_already_gone(emu) -> None:
    creator = provider_for(emu)
    olds = creator.create(checked(creator, {"number": "14155550100"})).outs
    provider = provider_for(emu)  # `destroy` is another run: another provider process
    provider.delete("14155550100", olds)
    assert emu.owned() == {}
    provider.delete("14155550100", olds)  # already gone: counts as released


def test_delete_keeps_a_number_a_create_of_the_same_run_took_over(emu) -> None:
    provider = provider_for(emu)
    olds = provider.create(checked(provider, {"number": "14155550100"})).outs  # the renamed resource
    provider.delete("14155550100", olds)  # the old name leaves the state
    assert "14155550100" in emu.owned()


def test_check_rejects_an_unknown_app_at_preview(emu) -> None:
    provider = provider_for(emu)
    result = provider.check({}, {"number": "14155550100", "app_id": "12345678901234567"})
    assert [f.property for f in result.failures] == ["app_id"]
    assert emu.calls("POST", "/PhoneNumber/") == 0


def test_check_reports_bad_credentials_at_preview(emu) -> None:
    provider = provider_for(emu, **{"plivo:authToken": "wrong-canary-88"})
    result = provider.check({}, {"number": "14155550100"})
    assert len(result.failures) == 1
    # No property: the CLI prints "resource 'x' has a problem: <reason>", not "property plivo value {<nil>}".
    assert result.failures[0].property == ""
    assert "plivo:authToken" in result.failures[0].reason
    assert "wrong-canary-88" not in result.failures[0].reason


def test_missing_credentials_are_a_resource_problem_not_a_property(emu) -> None:
    provider = PhoneNumberProvider()
    provider.configure(ConfigureRequest(Config({}, "proj")))
    result = provider.check({}, {"number": "14155550100"})
    assert [(f.property, f.reason.split(":")[0]) for f in result.failures] == [("", "plivo")]
    assert "pulumi config set plivo:authId" in result.failures[0].reason


def test_pickled_provider_carries_no_configuration(emu) -> None:
    provider = provider_for(emu)
    provider.create(checked(provider, {"number": "14155550100"}))
    blob = pickle.dumps(provider)
    assert emu.auth_token.encode() not in blob
    assert b"plivo_provider.provider" in blob
    assert emu.auth_token not in base64.b64encode(blob).decode()


def test_serialized_provider_is_a_stable_reference_without_secrets(emu) -> None:
    from pulumi.dynamic.dynamic import serialize_provider

    configured = provider_for(emu)
    blob = base64.b64decode(serialize_provider(configured))
    # By reference (module + class name), no bytecode: new plivo_provider code, same bytes,
    # so an upgrade does not show every resource as changed.
    assert blob == base64.b64decode(serialize_provider(PhoneNumberProvider()))
    assert b"plivo_provider.provider" in blob
    assert len(blob) < 200
    assert emu.auth_token.encode() not in blob


def test_thousands_of_resources_serialize_in_one_process() -> None:
    from pulumi.dynamic.dynamic import serialize_provider

    blobs = {serialize_provider(PhoneNumberProvider()) for _ in range(1500)}
    assert len(blobs) == 1
