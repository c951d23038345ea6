"""plivo_provider.validation: normalise and validate PhoneNumber inputs before anything is bought.

Pure functions with no I/O, used by ``check()`` at preview time. Values not known
yet (outputs of other resources during preview) pass untouched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from pulumi.output import Unknown

# The engine's wire sentinel for an unknown value; older SDKs hand it over as a string.
UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"

SETTINGS = ("app_id", "object_type", "object_id", "alias", "cnam_lookup", "subaccount")
CRITERIA = (
    "country_iso",
    "number_type",
    "pattern",
    "region",
    "city",
    "services",
    "max_monthly_rate",
    "max_setup_rate",
)
OPTIONS = ("activation_timeout", "claim_key")
INPUTS = ("number", *SETTINGS, *CRITERIA, *OPTIONS)

NUMBER_TYPES = ("local", "mobile", "tollfree", "fixed", "national", "any")
SERVICES = ("voice", "sms", "mms")
OBJECT_TYPES = ("trunk",)
SEPARATORS = re.compile(r"[\s().\-]")
DIGITS_8_15 = re.compile(r"^\d{8,15}$")
APP_ID_RE = re.compile(r"^\d{5,32}$")
SUBACCOUNT_RE = re.compile(r"^SA[A-Z0-9]{18}$")
OBJECT_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,63}$")
ALIAS_MAX = 255

Failure = tuple[str, str]


class Invalid(Exception):
    """Raised by a field normaliser; the message says what is wrong and how to fix it."""


def is_unknown(value: Any) -> bool:
    """True for a value the engine does not know yet (preview of a dependent output)."""
    return isinstance(value, Unknown) or value == UNKNOWN_SENTINEL


def normalize_number(value: Any) -> str:
    """``"+1 415-555-0100"`` → ``"14155550100"``: Plivo's digits-only E.164 form."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise Invalid("must be a phone number string such as '+14155550100'")
    text = SEPARATORS.sub("", str(value))
    text = text[1:] if text.startswith("+") else text
    if not DIGITS_8_15.match(text):
        raise Invalid(
            f"{value!r} is not an E.164 number: use 8 to 15 digits with the country code, "
            "an optional leading '+', e.g. '+14155550100'"
        )
    return text


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid(f"must be a string, got {type(value).__name__}")
    return value.strip()


def normalize_app_id(value: Any) -> str:
    """An application ID is a string of digits (Plivo shows e.g. ``20468599130939380``)."""
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else _text(value)
    if not APP_ID_RE.match(text):
        raise Invalid(
            f"{text!r} is not a Plivo application ID (digits only, e.g. '20468599130939380'); "
            "to link a SIP trunk instead use object_type='trunk' with object_id"
        )
    return text


def normalize_alias(value: Any) -> str:
    text = _text(value)
    if len(text) > ALIAS_MAX:
        raise Invalid(f"is {len(text)} characters long; Plivo aliases are at most {ALIAS_MAX}")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise Invalid("must not contain control characters such as newlines or tabs")
    return text


def _choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    def normalize(value: Any) -> str:
        text = _text(value).lower()
        if text not in options:
            raise Invalid(f"must be one of {', '.join(options)}; got {value!r}")
        return text

    return normalize


def _pattern(regex: re.Pattern[str], example: str, upper: bool = False) -> Callable[[Any], str]:
    def normalize(value: Any) -> str:
        text = _text(value)
        text = text.upper() if upper else text
        if not regex.match(text):
            raise Invalid(f"{value!r} is not valid; expected something like {example!r}")
        return text

    return normalize


def normalize_rate(value: Any) -> str:
    """A price cap in USD per month, e.g. ``"1.00"``; kept as a string like Plivo's rates."""
    if isinstance(value, bool):
        raise Invalid("must be a price in USD such as '1.00'")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise Invalid(f"{value!r} is not a price in USD such as '1.00'") from None
    if not amount.is_finite() or amount < 0:
        raise Invalid(f"{value!r} must be zero or a positive price in USD")
    return f"{amount:.5f}"


def normalize_services(value: Any) -> list[str]:
    """``["voice", "sms"]`` or ``"voice,sms"`` → a sorted, de-duplicated list."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not items:
        raise Invalid("must be a non-empty list drawn from 'voice', 'sms', 'mms'")
    cleaned = {_text(item).lower() for item in items}
    unknown = sorted(cleaned - set(SERVICES))
    if unknown:
        raise Invalid(f"{', '.join(unknown)} not known; use 'voice', 'sms' and/or 'mms'")
    return sorted(cleaned)


def normalize_timeout(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Invalid("must be a number of seconds, e.g. 600")
    if not 0 <= value <= 86400:
        raise Invalid("must be between 0 and 86400 seconds")
    return float(value)


NORMALIZERS: dict[str, Callable[[Any], Any]] = {
    "number": normalize_number,
    "app_id": normalize_app_id,
    "object_type": _choice(OBJECT_TYPES),
    "object_id": _pattern(OBJECT_ID_RE, "a1b2c3d4-e5f6-7890-abcd-ef0123456789"),
    "alias": normalize_alias,
    "cnam_lookup": _choice(("enabled", "disabled")),
    "subaccount": _pattern(SUBACCOUNT_RE, "SAXXXXXXXXXXXXXXXXXX (SA + 18 characters)", upper=True),
    "country_iso": _pattern(re.compile(r"^[A-Z]{2}$"), "US (ISO 3166 alpha-2)", upper=True),
    "number_type": _choice(NUMBER_TYPES),
    "pattern": _pattern(re.compile(r"^\d{1,12}$"), "415 (digits after the country code)"),
    "region": _text,
    "city": _text,
    "services": normalize_services,
    "max_monthly_rate": normalize_rate,
    "max_setup_rate": normalize_rate,
    "activation_timeout": normalize_timeout,
    "claim_key": _text,
}

HINTS = {
    "object_type": " (Plivo announces 'phlo' and 'xml' for a later release)",
    "cnam_lookup": " (CNAM lookup exists only for US and Canadian numbers)",
}


def normalize_inputs(news: Mapping[str, Any]) -> tuple[dict[str, Any], list[Failure]]:
    """Normalise every known input; returns the cleaned inputs and one failure per bad field."""
    inputs: dict[str, Any] = {}
    failures: list[Failure] = []
    for key, value in news.items():
        if key.startswith("__"):
            inputs[key] = value
        elif key not in NORMALIZERS:
            failures.append((key, f"'{key}' is not a PhoneNumber input; known inputs: {', '.join(INPUTS)}"))
        elif value is None or (value == "" and key != "alias"):
            continue
        elif is_unknown(value):
            inputs[key] = value
        else:
            try:
                inputs[key] = NORMALIZERS[key](value)
            except Invalid as exc:
                failures.append((key, f"{key}: {exc}{HINTS.get(key, '')}"))
    return inputs, failures


def _known(inputs: Mapping[str, Any], key: str) -> bool:
    return key in inputs and not is_unknown(inputs[key])


def cross_field_failures(inputs: Mapping[str, Any]) -> list[Failure]:
    """Rules spanning several inputs: number xor criteria, app xor object, CNAM only for +1."""
    failures: list[Failure] = []
    criteria = [key for key in CRITERIA if key in inputs]
    if "number" not in inputs and "country_iso" not in inputs:
        failures.append(
            (
                "number",
                "set either number='+14155550100' (a specific number) or country_iso='US' "
                "with optional number_type, pattern, region, city, services (buy by criteria)",
            )
        )
    elif "number" in inputs and criteria:
        failures.append(
            (
                criteria[0],
                f"set number or search criteria ({', '.join(criteria)}), not both: a number "
                "bought by criteria is pinned, so to keep it declare number= alone",
            )
        )
    if "app_id" in inputs and "object_id" in inputs:
        failures.append(
            (
                "object_id",
                "link the number to an application (app_id) or to an object "
                "(object_type + object_id), not both: remove one of them",
            )
        )
    for have, need in (("object_type", "object_id"), ("object_id", "object_type")):
        if have in inputs and need not in inputs:
            failures.append(
                (
                    need,
                    f"{need} is required when {have} is set (e.g. object_type='trunk', "
                    "object_id='<trunk id>')",
                )
            )
    if _known(inputs, "cnam_lookup") and not _north_american(inputs):
        failures.append(
            (
                "cnam_lookup",
                "cnam_lookup: Plivo offers CNAM lookup only for US and Canadian "
                "(+1) numbers; remove it for this number",
            )
        )
    return failures


def _north_american(inputs: Mapping[str, Any]) -> bool:
    if _known(inputs, "number"):
        return str(inputs["number"]).startswith("1")
    return not _known(inputs, "country_iso") or inputs["country_iso"] in ("US", "CA")


def check_inputs(news: Mapping[str, Any]) -> tuple[dict[str, Any], list[Failure]]:
    """Normalise ``news`` and validate it; returns ``(inputs, failures)``."""
    inputs, failures = normalize_inputs(news)
    if not failures:
        failures = cross_field_failures(inputs)
    return inputs, failures
