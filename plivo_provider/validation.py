"""plivo_provider.validation: the normalisers of single input values, run before anything is bought.

Pure functions with no I/O. Each takes what a program (or stack config) passed and
returns the canonical value, or raises :class:`Invalid` saying what is wrong and how
to fix it. Which field uses which normaliser is declared in :mod:`.schema`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from .fields import Invalid, is_unknown

__all__ = ["Invalid", "is_unknown"]  # re-exported: they lived here first

NUMBER_TYPES = ("local", "mobile", "tollfree", "fixed", "national", "any")
SERVICES = ("voice", "sms", "mms")
OBJECT_TYPES = ("trunk",)
SEPARATORS = re.compile(r"[\s().\-]")
DIGITS_8_15 = re.compile(r"^\d{8,15}$")
APP_ID_RE = re.compile(r"^\d{5,32}$")
SUBACCOUNT_RE = re.compile(r"^SA[A-Z0-9]{18}$")
OBJECT_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,63}$")
PATTERN_RE = re.compile(r"^\d{1,12}$")
ALIAS_MAX = 255


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


def plain_text(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid(f"must be a string, got {type(value).__name__}")
    return value.strip()


def normalize_app_id(value: Any) -> str:
    """An application ID is a string of digits (Plivo shows e.g. ``20468599130939380``)."""
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else plain_text(value)
    if not APP_ID_RE.match(text):
        raise Invalid(
            f"{text!r} is not a Plivo application ID (digits only, e.g. '20468599130939380'); "
            "to link a SIP trunk instead use object_type='trunk' with object_id"
        )
    return text


def normalize_alias(value: Any) -> str:
    text = plain_text(value)
    if len(text) > ALIAS_MAX:
        raise Invalid(f"is {len(text)} characters long; Plivo aliases are at most {ALIAS_MAX}")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise Invalid("must not contain control characters such as newlines or tabs")
    return text


def choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    def normalize(value: Any) -> str:
        text = plain_text(value).lower()
        if text not in options:
            raise Invalid(f"must be one of {', '.join(options)}; got {value!r}")
        return text

    return normalize


def matching(regex: re.Pattern[str], example: str, upper: bool = False) -> Callable[[Any], str]:
    def normalize(value: Any) -> str:
        text = plain_text(value)
        text = text.upper() if upper else text
        if not regex.match(text):
            raise Invalid(f"{value!r} is not valid; expected something like {example!r}")
        return text

    return normalize


def normalize_pattern(value: Any) -> str:
    """Digits a number starts with after its country code, e.g. ``"415"``."""
    return matching(PATTERN_RE, "415 (digits after the country code)")(value)


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
    cleaned = {plain_text(item).lower() for item in items}
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
