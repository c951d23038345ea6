"""Properties of every text and ID input (issue 19): hostile text is refused at check, in one line.

Each property takes a valid value of one input and spoils it: a control, format or separator
character slipped in, a digit or letter of another script in a field Plivo takes in ASCII, or a
huge value. ``check`` must refuse it with one failure that names the input, prints as one plain
short line, and is reported under the input's name only when the engine can echo the value
(it prints "property <name> value {<value>}"). The providers' own ``check`` must refuse it too,
before building a client: nothing reaches Plivo.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plivo_provider.application import ApplicationProvider
from plivo_provider.inputs.validation import RATE_MAX, RATE_PLACES
from plivo_provider.lifecycle.fields import ECHO_MAX, ResourceSpec
from plivo_provider.provider import PhoneNumberProvider
from plivo_provider.resources.application import APPLICATION
from plivo_provider.resources.endpoint import ENDPOINT, EndpointProvider
from plivo_provider.resources.phone_number import CRITERIA, PHONE_NUMBER
from plivo_provider.resources.powerpack import POWERPACK, PowerpackProvider
from plivo_provider.resources.trunk import TRUNK
from plivo_provider.trunk import TrunkProvider

pytestmark = pytest.mark.unit

BOUNDED = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
REASON_MAX = 400
"""Longer than any refusal needs; one quoting a huge value whole would exceed it."""

APP_ID = "20468599130939380"
SUBACCOUNT = "SA0123456789ABCDEFGH"
VALID: dict[str, dict[str, str]] = {
    "PhoneNumber": {
        "number": "+14155550100",
        "app_id": APP_ID,
        "alias": "support line",
        "object_type": "trunk",
        "object_id": "a1b2c3d4-e5f6",
        "cnam_lookup": "enabled",
        "subaccount": SUBACCOUNT,
        "country_iso": "US",
        "number_type": "local",
        "pattern": "415",
        "region": "California",
        "city": "San Francisco",
        "services": "voice,sms",
        "max_monthly_rate": "1.00",
        "max_setup_rate": "0.5",
        "claim_key": "project/stack/line",
        "claim_namespace": "0123abcd",
        "resource_path": "PhoneNumberPool$agents/agents-1",
        "powerpack": "d35f2e82-d387-427f-8594-6fa07613c43a",
        "powerpack_service": "mms",
    },
    "Application": {
        "app_name": "support-ivr",
        "answer_url": "https://ivr.example.com/answer",
        "answer_method": "POST",
        "hangup_url": "https://ivr.example.com/hangup",
        "hangup_method": "GET",
        "fallback_answer_url": "https://ivr.example.com/fallback",
        "fallback_method": "POST",
        "message_url": "https://ivr.example.com/message",
        "message_method": "post",
        "default_number_app": "false",
        "default_endpoint_app": "true",
        "subaccount": SUBACCOUNT,
        "log_incoming_messages": "true",
        "public_uri": "false",
        "delete_endpoints": "false",
        "new_endpoint_application": APP_ID,
        "resource_path": "support-ivr",
    },
    "Trunk": {"name": "office-pbx", "trunk_status": "enabled", "secure": "true", "resource_path": "pbx"},
    "Endpoint": {
        "username": "frontdesk",
        "password": "s3cret-Pw",
        "alias": "front desk",
        "app_id": APP_ID,
        "resource_path": "desk",
    },
    "Powerpack": {
        "name": "dev-sms",
        "sticky_sender": "true",
        "local_connect": "false",
        "application_type": "xml",
        "application_id": APP_ID,
        "resource_path": "pp",
    },
}
"""A valid text value of every input that takes text; the other inputs take numbers only."""
NOT_TEXT = {"activation_timeout", "number_priority"}  # a number of seconds; a list of mappings
ASCII_ONLY = {
    "number",
    "powerpack",
    "powerpack_service",
    "app_id",
    "object_type",
    "object_id",
    "cnam_lookup",
    "subaccount",
    "country_iso",
    "number_type",
    "pattern",
    "max_monthly_rate",
    "max_setup_rate",
    "new_endpoint_application",
    "answer_method",
    "hangup_method",
    "fallback_method",
    "message_method",
    "trunk_status",
    "services",
    "default_number_app",
    "default_endpoint_app",
    "log_incoming_messages",
    "public_uri",
    "delete_endpoints",
    "secure",
    "username",
    "sticky_sender",
    "local_connect",
    "application_type",
    "application_id",
}
"""Inputs Plivo takes in ASCII: numbers, IDs, codes, prices and keywords."""

SPECS: dict[str, ResourceSpec] = {
    "PhoneNumber": PHONE_NUMBER,
    "Application": APPLICATION,
    "Trunk": TRUNK,
    "Endpoint": ENDPOINT,
    "Powerpack": POWERPACK,
}
PROVIDERS = {
    "PhoneNumber": PhoneNumberProvider,
    "Application": ApplicationProvider,
    "Trunk": TrunkProvider,
    "Endpoint": EndpointProvider,
    "Powerpack": PowerpackProvider,
}
FIELDS = [(kind, name) for kind, values in VALID.items() for name in values]
ASCII_FIELDS = [(kind, name) for kind, name in FIELDS if name in ASCII_ONLY]

DIGIT_FIELDS = [
    (kind, name)
    for kind, name in ASCII_FIELDS
    if any(ch.isdigit() for ch in VALID[kind][name]) and name not in ("object_id", "subaccount")
] + [("PhoneNumber", "object_id"), ("PhoneNumber", "subaccount"), ("Application", "subaccount")]
"""Inputs whose example holds ASCII digits: numbers, IDs, patterns, prices."""
HIDDEN = st.characters(categories=["Cc", "Cf", "Zl", "Zp"])
FOREIGN_DIGIT = st.characters(categories=["Nd"], min_codepoint=0x80)
"""Digits of other scripts, which ``\\d``, ``str.isdigit()`` and ``Decimal`` all accept."""
FOREIGN = st.characters(categories=["Nd", "Nl", "No", "Lu", "Ll", "Lo"], min_codepoint=0x80)
"""Digits and letters of other scripts: Arabic-Indic, full-width, Devanagari, ß, K (Kelvin)..."""


def context(kind: str, name: str) -> dict[str, Any]:
    """Inputs that make ``name`` valid to declare: a number or criteria, a name, a link's pair."""
    if kind == "Application":
        return {"app_name": "support-ivr"}
    if kind == "Trunk":
        return {"name": "office-pbx"}
    if kind == "Endpoint":
        return {"username": "frontdesk", "password": "s3cret-Pw", "alias": "front desk"}
    if kind == "Powerpack":
        return {"name": "dev-sms", **({"application_type": "XML"} if name == "application_id" else {})}
    base: dict[str, Any] = (
        {"country_iso": "US"} if name in CRITERIA or name == "claim_key" else {"number": "+14155550100"}
    )
    if name == "powerpack_service":
        base["powerpack"] = "pool-1"
    return {**base, **({"object_type": "trunk", "object_id": "t-1"} if name.startswith("object_") else {})}


class NoCalls:
    """A provider's client that must never be built: a refused input reaches nobody."""

    def __call__(self) -> Any:
        raise AssertionError("check built a client for an input it should have refused")


def assert_refused(kind: str, name: str, value: Any) -> None:
    """``check`` (the field table's and the provider's) refuses ``value`` for ``name`` in one line."""
    news = {**context(kind, name), name: value}
    _, failures = SPECS[kind].check(news)
    assert len(failures) == 1, (name, failures)
    key, reason = failures[0]
    assert key in (name, ""), failures
    if key == "":
        assert reason.startswith(f"{name}: "), reason
    elif isinstance(value, str):  # the engine echoes the value: it must print as one short plain line
        assert value.isprintable()
        assert len(value) <= ECHO_MAX
    assert reason.isprintable(), reason
    assert len(reason) < REASON_MAX, reason[:200]

    provider = PROVIDERS[kind]()
    provider.client = NoCalls()  # type: ignore[method-assign]
    result = provider.check({}, news)
    assert [(f.property, f.reason) for f in result.failures] == failures


def test_every_text_input_has_a_valid_example_here() -> None:
    # A new text input joins the properties below once it has an example.
    for kind, spec in SPECS.items():
        assert set(VALID[kind]) == set(spec.inputs) - NOT_TEXT, kind


@pytest.mark.parametrize(("kind", "name"), FIELDS)
def test_every_example_is_valid(kind: str, name: str) -> None:
    _, failures = SPECS[kind].check({**context(kind, name), name: VALID[kind][name]})
    assert failures == []


@BOUNDED
@given(field=st.sampled_from(FIELDS), char=HIDDEN, where=st.floats(0, 1))
def test_a_control_format_or_separator_character_is_refused(
    field: tuple[str, str], char: str, where: float
) -> None:
    kind, name = field
    valid = VALID[kind][name]
    at = round(where * len(valid))
    assert_refused(kind, name, valid[:at] + char + valid[at:])


@BOUNDED
@given(field=st.sampled_from(ASCII_FIELDS), char=FOREIGN, where=st.floats(0, 1))
def test_a_digit_or_letter_of_another_script_is_refused_where_plivo_takes_ascii(
    field: tuple[str, str], char: str, where: float
) -> None:
    kind, name = field
    valid = VALID[kind][name]
    at = min(round(where * len(valid)), len(valid) - 1)
    assert_refused(kind, name, valid[:at] + char + valid[at + 1 :])


@BOUNDED
@given(field=st.sampled_from(DIGIT_FIELDS), digit=FOREIGN_DIGIT, which=st.integers(0, 100))
def test_a_digit_of_another_script_is_refused_as_not_ascii(
    field: tuple[str, str], digit: str, which: int
) -> None:
    kind, name = field
    valid = VALID[kind][name]
    places = [i for i, ch in enumerate(valid) if ch.isdigit()]
    at = places[which % len(places)]
    value = valid[:at] + digit + valid[at + 1 :]
    assert_refused(kind, name, value)
    _, failures = SPECS[kind].check({**context(kind, name), name: value})
    assert f"U+{ord(digit):04X}" in failures[0][1]
    assert "ASCII" in failures[0][1]


@BOUNDED
@given(field=st.sampled_from(FIELDS), size=st.integers(10_000, 300_000), filler=st.sampled_from("x9 é"))
def test_a_huge_value_is_refused_in_a_short_line(field: tuple[str, str], size: int, filler: str) -> None:
    kind, name = field
    assert_refused(kind, name, VALID[kind][name] + filler * size + "z")


@BOUNDED
@given(
    field=st.sampled_from(["max_monthly_rate", "max_setup_rate"]),
    rate=st.one_of(
        st.integers(5, 10**9).map(lambda e: f"1e{e}"),
        st.integers(6, 10**9).map(lambda e: f"1e-{e}"),
        st.integers(1, 10**9).map(lambda e: f"-1e{e}"),
        st.sampled_from(["NaN", "sNaN", "-NaN", "Infinity", "-Infinity", "inf", "-0.00001", "10000.00001"]),
    ),
)
def test_rates_out_of_bounds_are_refused(field: str, rate: str) -> None:
    assert_refused("PhoneNumber", field, rate)


@BOUNDED
@given(rate=st.one_of(st.floats(), st.integers(), st.text(max_size=40), st.decimals().map(str)))
def test_an_accepted_rate_is_a_short_bounded_decimal(rate: Any) -> None:
    inputs, failures = PHONE_NUMBER.check({"country_iso": "US", "max_monthly_rate": rate})
    if failures:
        assert_refused("PhoneNumber", "max_monthly_rate", rate)
        return
    if rate == "":  # not set
        return
    normal = inputs["max_monthly_rate"]
    assert len(normal) <= len(f"{RATE_MAX:.{RATE_PLACES}f}")
    assert Decimal(0) <= Decimal(normal) <= RATE_MAX
    assert Decimal(normal) == Decimal(repr(rate) if isinstance(rate, float) else str(rate).strip(" "))
