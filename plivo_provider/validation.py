"""plivo_provider.validation: the normalisers of single input values, run before anything is bought.

Pure functions with no I/O. Each takes what a program (or stack config) passed and
returns the canonical value, or raises :class:`Invalid` saying what is wrong and how
to fix it. Which field uses which normaliser is declared in :mod:`.schema`.

**Phone numbers need their country code.** A number is accepted

* written with a leading ``+`` (E.164: ``"+1 415-555-0103"``, separators allowed),
  when some country uses the calling code it starts with; or
* as bare digits (``"14155550103"``, Plivo's own form, or an integer) only when the
  digits are already a complete international number: a calling code followed by a
  national number valid for that code (:mod:`.numbering`).

So ``"415-555-0103"`` is refused instead of being read as the Swiss number +41 55550103,
and ``"020 7946 0000"`` is refused because no calling code starts with 0. The check uses
a snapshot of libphonenumber's patterns instead of the ``phonenumbers`` package: the
provider keeps its two runtime dependencies (``pulumi``, ``requests``), the snapshot
is 17 kB, and a unit test regenerates it from ``phonenumbers`` to catch staleness. A
number written with ``+`` is never checked against the snapshot, so a stale snapshot
can at worst ask for the ``+``, never block a number.

**Numbers that arrive as numbers.** ``pulumi config set --path`` stores anything that
looks like an integer as a YAML integer, and the Pulumi SDK sends every number to the
provider as a double (IEEE 754, 53-bit mantissa). :class:`~.resource.PhoneNumber`
turns integers of digit fields into exact text in the program, before that happens.
What still arrives as a float is judged here:

* ``number``: accepted when whole and below 2**53, where a double holds every integer
  exactly; every E.164 number (15 digits at most) is below that. Then it is bare digits.
* ``app_id``: always refused. Application IDs have 17 digits, beyond 2**53, so the
  float may already be a neighbour of the ID typed (10000000000000003 arrives as
  1.0000000000000004e16); the error says how to pass it as text.
* ``pattern``: refused the same way, for one rule for digit strings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from . import numbering
from .claims import DECLARED_ALIAS_MAX, PLIVO_ALIAS_MAX
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
ALIAS_MAX = DECLARED_ALIAS_MAX
"""Plivo keeps 255 characters; the claim tag (:mod:`.claims`) takes the rest."""


EXACT_BELOW = 2**53
"""Every integer below this survives a double exactly; above it, neighbours share one double."""
AS_TEXT = (
    "pass it as text: quote it in code ({example}), and in stack config set it with "
    "`pulumi config set --type string --path <key> <value>`"
)
NUMBER_RULE = (
    "write it with '+' and the country code, e.g. '+1 415-555-0103' (US) or '+44 20 7946 0000' (GB); "
    "digits without '+' must already be a complete international number valid for its country code"
)


def normalize_number(value: Any) -> str:
    """``"+1 415-555-0100"`` → ``"14155550100"``: Plivo's digits-only E.164 form."""
    digits, explicit = _number_digits(value)
    if not DIGITS_8_15.match(digits):
        raise Invalid(f"{value!r} is not an E.164 number: {NUMBER_RULE} (8 to 15 digits in all)")
    if explicit:
        if numbering.split(digits) is None:
            raise Invalid(f"{value!r}: no country's calling code starts +{digits[:3]}; {NUMBER_RULE}")
        return digits
    if not numbering.is_international(digits):
        raise Invalid(f"{value!r} has no '+' and {_misread(digits)}; {NUMBER_RULE}")
    return digits


def _number_digits(value: Any) -> tuple[str, bool]:
    """The digits of a number as passed, and whether it was written with its leading ``+``."""
    if isinstance(value, bool):
        raise Invalid("must be a phone number string such as '+14155550100'")
    if isinstance(value, int):
        return str(value), False
    if isinstance(value, float):
        if not value.is_integer() or not 0 < value < EXACT_BELOW:
            raise Invalid(f"{value!r} is not a phone number: {NUMBER_RULE}")
        return str(int(value)), False
    if not isinstance(value, str):
        raise Invalid("must be a phone number string such as '+14155550100'")
    text = SEPARATORS.sub("", value.strip())
    return (text[1:], True) if text.startswith("+") else (text, False)


def _misread(digits: str) -> str:
    """Why bare ``digits`` are not an international number, naming the misreading avoided."""
    parts = numbering.split(digits)
    if parts is None:
        return f"no country's calling code starts {digits[:3]}"
    code, national = parts
    region = numbering.region_of(digits)
    where = f"a valid {region} number" if region else "a valid number for it"
    return f"read as international it would be +{code} {national}, not {where}"


def plain_text(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid(f"must be a string, got {type(value).__name__}")
    return value.strip()


def digit_text(example: str) -> Callable[[Any], str]:
    """Text of digits for a field that YAML or a program may hand over as a number.

    An int is exact and taken as typed; a float is refused (see the module docstring).
    """

    def normalize(value: Any) -> str:
        if isinstance(value, float):
            hint = AS_TEXT.format(example=example)
            raise Invalid(f"arrived as a number ({value!r}), which may not be the digits typed; {hint}")
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return plain_text(value)

    return normalize


_app_id_text = digit_text("app_id='20468599130939380'")
_pattern_text = digit_text("pattern='212'")


def normalize_app_id(value: Any) -> str:
    """An application ID is a string of digits (Plivo shows e.g. ``20468599130939380``)."""
    text = _app_id_text(value)
    if not APP_ID_RE.match(text):
        raise Invalid(
            f"{text!r} is not a Plivo application ID (digits only, e.g. '20468599130939380'); "
            "to link a SIP trunk instead use object_type='trunk' with object_id"
        )
    return text


def normalize_alias(value: Any) -> str:
    text = plain_text(value)
    if len(text) > ALIAS_MAX:
        raise Invalid(
            f"is {len(text)} characters long; a declared alias is at most {ALIAS_MAX} (Plivo keeps "
            f"{PLIVO_ALIAS_MAX}, and the claim tag takes the rest)"
        )
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
    return matching(PATTERN_RE, "415 (digits after the country code)")(_pattern_text(value))


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
