"""check(): every input is normalised or rejected with the field and the fix named."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pulumi.output import UNKNOWN

from plivo_emulator import WELL_KNOWN_APPS
from plivo_provider.inputs.validation import ALIAS_MAX, Invalid, normalize_number
from plivo_provider.lifecycle.claims import PLIVO_ALIAS_MAX, TAG_LENGTH
from plivo_provider.resources.phone_number import check_inputs

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
    """Reasons by input; one reported for the resource as a whole (a value the engine must not
    echo, such as a newline) is keyed by the input it names first."""
    _, failures = check_inputs(news)
    return {key or reason.split(":", 1)[0]: reason for key, reason in failures}


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
        ({"number": "+14155550100", "alias": "x" * 300}, "alias", f"at most {ALIAS_MAX}"),
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
    sms_app = WELL_KNOWN_APPS["sms"]  # 17 digits: more than a double holds exactly
    inputs, failures = check_inputs({"number": "+14155550100", "app_id": int(sms_app)})
    assert failures == []
    assert inputs["app_id"] == sms_app


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


# -- issue 19: hostile text (each reproduction is a named test) ---------------------------------

N = "+14155550100"
SHOWN_LIMIT = 400
"""Longer than any refusal needs; a refusal quoting a huge value whole would exceed it."""


def arabic(digits: str) -> str:
    """``"415"`` in Arabic-Indic digits (U+0660 to U+0669), which ``\\d`` and ``str.isdigit()`` accept."""
    return "".join(chr(0x0660 + int(d)) for d in digits)


def full_width(digits: str) -> str:
    """``"415"`` in full-width digits (U+FF10 to U+FF19)."""
    return "".join(chr(0xFF10 + int(d)) for d in digits)


def refusal(failures: list[tuple[str, str]], field: str) -> str:
    """The one failure for ``field``, checked to print as one short, plain line.

    A value the engine can echo safely is refused under its property; one it cannot (a newline,
    U+202E, a huge string) is refused without one, the reason naming the field first.
    """
    found = [
        reason for key, reason in failures if key == field or (key == "" and reason.startswith(f"{field}: "))
    ]
    assert len(found) == 1, failures
    reason = found[0]
    assert reason.isprintable(), reason  # no newline, no U+202E, no NUL of the input, raw
    assert len(reason) < SHOWN_LIMIT, reason[:200]
    return reason


def echoed_safely(failures: list[tuple[str, str]], news: dict[str, object]) -> None:
    """Every failure under a property is for a value the engine prints on one plain line."""
    for key, _ in failures:
        if key:
            value = news[key]
            text = value if isinstance(value, str) else ""  # the engine prints numbers short
            assert text.isprintable(), (key, text[:80])
            assert len(text) <= 300, (key, text[:80])


def refused(news: dict[str, object], field: str) -> str:
    _, failures = check_inputs(news)
    echoed_safely(failures, news)
    return refusal(failures, field)


@pytest.mark.parametrize(
    ("news", "field", "char"),
    [
        ({"number": "+1" + arabic("4155550111")}, "number", "U+0664"),  # Arabic-Indic digits
        ({"number": "+1" + full_width("4155550112")}, "number", "U+FF14"),  # full-width digits
        ({"number": "1" + arabic("4155550111")}, "number", "U+0664"),  # and without '+'
        ({"country_iso": "US", "pattern": arabic("415")}, "pattern", "U+0664"),
        ({"number": N, "app_id": arabic("20468599130939380")}, "app_id", "U+0662"),
        ({"number": N, "object_type": "trunk", "object_id": "trunk-" + arabic("4")}, "object_id", "U+0664"),
        ({"number": N, "subaccount": "SA0123456789ABCDEF" + arabic("1")}, "subaccount", "U+0661"),
    ],
)
def test_finding6_non_ascii_digits_are_refused_naming_the_field(
    news: dict[str, object], field: str, char: str
) -> None:
    reason = refused(news, field)
    assert char in reason
    assert "ASCII" in reason


@pytest.mark.parametrize(
    ("news", "field"),
    [
        ({"country_iso": "ß"}, "country_iso"),  # "ß".upper() == "SS", a real code
        ({"country_iso": "uß"}, "country_iso"),
        ({"number": N, "subaccount": "sa" + "0" * 16 + "ß"}, "subaccount"),  # upper() makes 20 chars
    ],
)
def test_finding12_casefolding_never_makes_a_valid_code(news: dict[str, object], field: str) -> None:
    assert "ASCII" in refused(news, field)


@pytest.mark.parametrize(
    "rate",
    [
        "1e10000000",
        "1e999999999",
        "NaN",
        "-NaN",
        "sNaN",
        "Infinity",
        "-Infinity",
        "-1",
        "-0.00001",
        "10000.00001",
        "0.000001",
        "1e-10000000",
        arabic("1"),
        "1" * 100_000,
        pytest.param(10**5000, id="10**5000"),
        float("inf"),
        float("nan"),
        1e300,
    ],
)
@pytest.mark.parametrize("field", ["max_monthly_rate", "max_setup_rate"])
def test_finding7_rates_are_finite_bounded_decimals(field: str, rate: object) -> None:
    refused({"country_iso": "US", field: rate}, field)


@pytest.mark.parametrize(
    ("rate", "normal"),
    [("0", "0.00000"), ("10000", "10000.00000"), ("0.00001", "0.00001"), (1.5, "1.50000"), (2, "2.00000")],
)
def test_rates_within_bounds_normalise_to_plivo_s_five_decimals(rate: object, normal: str) -> None:
    inputs, failures = check_inputs({"country_iso": "US", "max_monthly_rate": rate})
    assert failures == []
    assert inputs["max_monthly_rate"] == normal


HIDDEN = {
    "RLO": "\u202e",
    "LINE SEPARATOR": "\u2028",
    "PARAGRAPH SEPARATOR": "\u2029",
    "NEL": "\x85",
    "NUL": "\x00",
    "newline": "\n",
    "tab": "\t",
    "zero-width space": "\u200b",
}


@pytest.mark.parametrize("char", HIDDEN.values(), ids=HIDDEN.keys())
@pytest.mark.parametrize(
    ("field", "news"),
    [
        ("alias", {"number": N}),
        ("region", {"country_iso": "US"}),
        ("city", {"country_iso": "US"}),
    ],
)
def test_finding12_text_refuses_control_format_and_separator_characters(
    field: str, news: dict[str, object], char: str
) -> None:
    reason = refused({**news, field: f"front{char}desk"}, field)
    assert f"U+{ord(char):04X}" in reason


@pytest.mark.parametrize("char", ["\x85", "\n", "\u2028"])
def test_finding12_a_trailing_invisible_character_is_refused_not_dropped(char: str) -> None:
    refused({"number": N, "alias": f"support{char}"}, "alias")


@pytest.mark.parametrize(("field", "limit"), [("region", 100), ("city", 100), ("alias", ALIAS_MAX)])
def test_finding12_text_fields_have_length_limits(field: str, limit: int) -> None:
    news: dict[str, object] = {"number": N} if field == "alias" else {"country_iso": "US"}
    _, failures = check_inputs({**news, field: "x" * limit})
    assert failures == []
    assert f"at most {limit}" in refused({**news, field: "x" * (limit + 1)}, field)
    refused({**news, field: "x" * 10_000}, field)


def test_text_may_hold_letters_and_digits_of_any_script() -> None:
    inputs, failures = check_inputs({"country_iso": "DE", "city": "Köln", "region": "Nordrhein-Westfalen"})
    assert failures == []
    alias = "\u0645\u062a\u062c\u0631 " + arabic("4") + " \u2013 Z\u00fcrich"  # Arabic, en dash, umlaut
    inputs, failures = check_inputs({"number": N, "alias": alias})
    assert (failures, inputs["alias"]) == ([], alias)


def test_finding12_an_empty_service_is_shown_with_its_position() -> None:
    reason = refused({"country_iso": "US", "services": "voice,,fax"}, "services")
    assert "'' (item 2)" in reason
    assert "'fax' (item 3)" in reason


def test_a_service_that_is_not_text_is_refused_with_its_position() -> None:
    assert "item 2" in refused({"country_iso": "US", "services": ["voice", 7]}, "services")


@pytest.mark.parametrize("code", ["ZZ", "XX", "AA", "UK"])
def test_finding13_a_country_code_no_country_has_is_refused_offline(code: str) -> None:
    assert repr(code) in refused({"country_iso": code}, "country_iso")


def test_the_uk_is_gb() -> None:
    assert "'GB'" in refused({"country_iso": "uk"}, "country_iso")


@pytest.mark.parametrize("value", ["a\nb", "a\u202eb", "x" * 10_000])
def test_a_value_unsafe_to_echo_is_refused_without_its_property(value: str) -> None:
    # The engine prints "property alias value {<raw value>} has a problem"; this value must not
    # reach the console raw (two lines, reordered text, or a 10 kB line).
    _, failures = check_inputs({"number": N, "alias": value})
    assert [key for key, _ in failures] == [""]
    assert failures[0][1].startswith("alias: ")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("number", 10**5000, id="number-10**5000"),
        pytest.param("app_id", 10**5000, id="app_id-10**5000"),
        pytest.param("pattern", 10**5000, id="pattern-10**5000"),
        ("number", -14155550100),
    ],
)
def test_huge_integers_for_digit_fields_are_refused_in_one_line(field: str, value: int) -> None:
    news: dict[str, object] = {"country_iso": "US"} if field == "pattern" else {"number": N}
    refused({**news, field: value}, field)


def test_claim_key_is_bounded() -> None:
    reason = refused({"country_iso": "US", "claim_key": "p/s/" + "n" * 2000}, "claim_key")
    assert "resource" in reason


def test_a_declared_alias_leaves_room_for_the_claim_tag() -> None:
    assert ALIAS_MAX + TAG_LENGTH == PLIVO_ALIAS_MAX
    refused({"number": N, "alias": "x" * (ALIAS_MAX + 1)}, "alias")
