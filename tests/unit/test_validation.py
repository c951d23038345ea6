"""check(): every input is normalised or rejected with the field and the fix named."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pulumi.output import UNKNOWN

from plivo_provider.schema import check_inputs
from plivo_provider.validation import Invalid, normalize_number

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+14155550100", "14155550100"),
        ("14155550100", "14155550100"),
        ("+1 (415) 555-0100", "14155550100"),
        ("+44 20 7946 0000", "442079460000"),
        (4969365065273, "4969365065273"),
    ],
)
def test_numbers_normalise_to_plivo_digits(raw: object, expected: str) -> None:
    assert normalize_number(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "+", "1234567", "1" * 16, "++14155550100", "14155550100x", "phone", True, 1.5]
)
def test_bad_numbers_are_rejected(raw: object) -> None:
    with pytest.raises(Invalid):
        normalize_number(raw)


@given(st.text(max_size=30))
def test_number_normaliser_never_crashes(raw: str) -> None:
    try:
        result = normalize_number(raw)
    except Invalid:
        return
    assert result.isdigit()
    assert 8 <= len(result) <= 15


def failures_for(**news: object) -> dict[str, str]:
    _, failures = check_inputs(news)
    return dict(failures)


def test_valid_inputs_pass_and_are_normalised() -> None:
    inputs, failures = check_inputs(
        {
            "number": "+1 415 555 0100",
            "app_id": 12345678901234567,
            "alias": " support ",
            "cnam_lookup": "Enabled",
        }
    )
    assert failures == []
    assert inputs == {
        "number": "14155550100",
        "app_id": "12345678901234567",
        "alias": "support",
        "cnam_lookup": "enabled",
    }


@pytest.mark.parametrize(
    ("news", "field", "words"),
    [
        ({"number": "555"}, "number", "E.164"),
        ({"number": "+14155550100", "app_id": "my-app"}, "app_id", "digits only"),
        ({"number": "+14155550100", "alias": "a\nb"}, "alias", "control characters"),
        ({"number": "+14155550100", "alias": "x" * 300}, "alias", "at most 255"),
        ({"number": "+14155550100", "cnam_lookup": "on"}, "cnam_lookup", "enabled, disabled"),
        ({"number": "+442079460000", "cnam_lookup": "enabled"}, "cnam_lookup", "US and Canadian"),
        ({"number": "+14155550100", "subaccount": "SA123"}, "subaccount", "SA + 18"),
        ({"number": "+14155550100", "object_type": "phlo", "object_id": "x"}, "object_type", "trunk"),
        ({"number": "+14155550100", "object_type": "trunk"}, "object_id", "required"),
        ({"number": "+14155550100", "object_id": "abc"}, "object_type", "required"),
        (
            {"number": "+14155550100", "app_id": "123456", "object_type": "trunk", "object_id": "t1"},
            "object_id",
            "not both",
        ),
        ({}, "number", "country_iso"),
        ({"country_iso": "USA"}, "country_iso", "ISO 3166"),
        ({"country_iso": "US", "number_type": "cheap"}, "number_type", "local"),
        ({"country_iso": "US", "services": ["voice", "fax"]}, "services", "fax"),
        ({"country_iso": "US", "max_monthly_rate": "one dollar"}, "max_monthly_rate", "price"),
        ({"country_iso": "US", "max_monthly_rate": "-1"}, "max_monthly_rate", "positive"),
        ({"country_iso": "US", "pattern": "4l5"}, "pattern", "digits"),
        ({"number": "+14155550100", "country_iso": "US"}, "country_iso", "not both"),
        ({"number": "+14155550100", "colour": "red"}, "colour", "not a PhoneNumber input"),
        ({"country_iso": "US", "activation_timeout": "soon"}, "activation_timeout", "seconds"),
    ],
)
def test_bad_inputs_name_the_field_and_the_fix(news: dict[str, object], field: str, words: str) -> None:
    failures = failures_for(**news)
    assert field in failures, failures
    assert words in failures[field]


def test_unknown_values_pass_at_preview() -> None:
    inputs, failures = check_inputs({"number": "+14155550100", "app_id": UNKNOWN, "alias": UNKNOWN})
    assert failures == []
    assert inputs["app_id"] is UNKNOWN


def test_criteria_are_normalised() -> None:
    inputs, failures = check_inputs(
        {"country_iso": "us", "number_type": "LOCAL", "services": "sms,voice,sms", "max_monthly_rate": "1"}
    )
    assert failures == []
    assert inputs == {
        "country_iso": "US",
        "number_type": "local",
        "services": ["sms", "voice"],
        "max_monthly_rate": "1.00000",
    }


# -- numbers without their country code (misread as another country's) ------------------


@pytest.mark.parametrize(
    ("raw", "misread"),
    [
        ("415-555-0103", "+41 55550103"),
        ("(415) 555-0103", "+41 55550103"),
        (4155550103, "+41 55550103"),
        (4155550103.0, "+41 55550103"),
        ("212-555-0100", "+212 5550100"),
        ("020 7946 0000", "no country's calling code starts 020"),
    ],
)
def test_national_numbers_are_refused_with_the_rule(raw: object, misread: str) -> None:
    with pytest.raises(Invalid) as caught:
        normalize_number(raw)
    assert misread in str(caught.value)
    assert "with '+' and the country code" in str(caught.value)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+1 415-555-0103", "14155550103"),
        ("+41 55550103", "4155550103"),  # written with '+': the user said +41
        ("14155550103", "14155550103"),  # Plivo's own digits-only form
        (14155550177, "14155550177"),  # `pulumi config set --path ... +14155550177` (YAML int)
        (14155550177.0, "14155550177"),  # the same int after the SDK's double
        ("4969365065273", "4969365065273"),
        ("+4969365065273", "4969365065273"),
    ],
)
def test_international_numbers_are_accepted(raw: object, expected: str) -> None:
    assert normalize_number(raw) == expected


@pytest.mark.parametrize("raw", [14155550177.5, float(2**53), 1e300, float("nan"), -14155550177.0])
def test_number_floats_must_be_whole_and_exact(raw: float) -> None:
    with pytest.raises(Invalid, match="is not a phone number"):
        normalize_number(raw)


def test_an_unknown_calling_code_is_refused_even_with_plus() -> None:
    with pytest.raises(Invalid, match=r"no country's calling code starts \+999"):
        normalize_number("+999 1234 5678")


# -- digit strings typed through `pulumi config set --path` ------------------------------


def test_integer_app_id_is_taken_exactly() -> None:
    inputs, failures = check_inputs({"number": "+14155550100", "app_id": 10000000000000003})
    assert failures == []
    assert inputs["app_id"] == "10000000000000003"


@pytest.mark.parametrize(("field", "value"), [("app_id", 1.0000000000000004e16), ("pattern", 212.0)])
def test_floats_for_digit_strings_are_refused_with_the_config_hint(field: str, value: float) -> None:
    news = (
        {"country_iso": "US", field: value}
        if field == "pattern"
        else {"number": "+14155550100", field: value}
    )
    reason = failures_for(**news)[field]
    assert "pulumi config set --type string --path" in reason
    assert repr(value) in reason


def test_integer_pattern_is_taken_exactly() -> None:
    inputs, failures = check_inputs({"country_iso": "US", "pattern": 212})
    assert failures == []
    assert inputs["pattern"] == "212"
