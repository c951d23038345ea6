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

**Text is judged, never silently cleaned** (the rules are listed for users in docs/inputs.md):

* IDs, codes, numbers, patterns and rates are ASCII. Python's ``\\d``, ``str.isdigit()`` and
  ``Decimal`` accept every script's digits and ``str.upper()`` folds ``"ß"`` to ``"SS"``, so
  each of these fields checks ``str.isascii()`` before any pattern or case change, and the
  patterns spell their classes out (``[0-9]``).
* Free text (alias, names, region, city) may use any script, but no character of the
  :data:`REFUSED_CATEGORIES` (NUL, newlines, NEL, U+2028, U+202E ...): they are invisible,
  break the one-line console output, or reorder it. Only ASCII spaces are trimmed.
* Every text field has a length limit, and a refusal quotes at most :data:`SHOWN_MAX`
  characters of the value, so a huge value never becomes a huge message (or a huge state).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from ..lifecycle.claims import DECLARED_ALIAS_MAX, PLIVO_ALIAS_MAX
from ..lifecycle.fields import Invalid, is_unknown
from . import numbering

__all__ = ["Invalid", "is_unknown"]  # re-exported: they lived here first

NUMBER_TYPES = ("local", "mobile", "tollfree", "fixed", "national", "any")
SERVICES = ("voice", "sms", "mms")
OBJECT_TYPES = ("trunk",)
# Explicit ASCII classes throughout: `\d` and `\s` would match other scripts' digits and spaces.
SEPARATORS = re.compile(r"[ ().\-]")
DIGITS_8_15 = re.compile(r"^[0-9]{8,15}$")
APP_ID_DIGITS = 32
APP_ID_RE = re.compile(rf"^[0-9]{{5,{APP_ID_DIGITS}}}$")
SUBACCOUNT_RE = re.compile(r"^SA[A-Z0-9]{18}$")
OBJECT_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,63}$")
PATTERN_DIGITS = 12
PATTERN_RE = re.compile(rf"^[0-9]{{1,{PATTERN_DIGITS}}}$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
ALIAS_MAX = DECLARED_ALIAS_MAX
"""Plivo keeps 255 characters; the claim tag (:mod:`.claims`) takes the rest."""
PLACE_MAX = 100
"""Longest ``region`` or ``city`` searched for; Plivo documents none, real names are far shorter."""
RATE_MAX = Decimal(10000)
"""Highest price cap in USD; far above any number's rent or setup fee."""
RATE_PLACES = 5
"""Decimal places of a price, as Plivo writes its rates (``"0.80000"``)."""
RATE_TEXT_MAX = 32
"""Longest text a price is parsed from (``"10000.00000"`` has 11 characters)."""
REFUSED_CATEGORIES = {
    "Cc": "a control character",
    "Cf": "an invisible format character",
    "Cs": "a lone surrogate",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
}
"""Unicode categories no text input may hold, and how a refusal describes each."""
SHOWN_MAX = 40
"""Characters of a refused value quoted in its error message."""
_ASCII_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


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


# -- how a bad value is shown ---------------------------------------------------------------------


def shown(value: Any) -> str:
    """``repr(value)``, cut to :data:`SHOWN_MAX` characters: what an error message quotes.

    ``repr`` escapes what would not print (``'\\u202e'``), so a message never carries it raw.
    """
    try:
        text = repr(value)
    except ValueError:  # an int too large for str() (Python's 4300-digit limit)
        return f"an integer of {value.bit_length()} bits"
    if len(text) <= SHOWN_MAX:
        return text
    if isinstance(value, str):
        size = f"{len(value)} characters"
    else:
        size = f"{len(value)} items" if isinstance(value, (list, tuple)) else f"{len(text)} characters shown"
    return f"{text[:SHOWN_MAX]}... ({size})"


def describe(ch: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: a character named so that it can be found and removed."""
    name = unicodedata.name(ch, "")
    kind = REFUSED_CATEGORIES.get(unicodedata.category(ch))
    if name and kind:
        return f"U+{ord(ch):04X} {name} ({kind})"
    return f"U+{ord(ch):04X} {name or '(' + (kind or 'unnamed') + ')'}"


def _first(text: str, bad: Callable[[str], bool]) -> str | None:
    """Where the first character of ``text`` for which ``bad`` holds is, described; or None."""
    for position, ch in enumerate(text, 1):
        if bad(ch):
            return f"{describe(ch)} at character {position}"
    return None


def _is_hidden(ch: str) -> bool:
    return unicodedata.category(ch) in REFUSED_CATEGORIES


# -- text -------------------------------------------------------------------------------------------


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid(f"must be a string, got {type(value).__name__}")
    # Only ASCII spaces are trimmed: any other edge character is judged, not dropped.
    return value.strip(" ")


def refuse_hidden(text: str) -> str:
    """``text`` unchanged, or :class:`Invalid` naming its first character of the refused categories."""
    if text.isascii() and not _ASCII_CONTROL.search(text):
        return text  # the common case, without a per-character scan
    found = _first(text, _is_hidden)
    if found:
        raise Invalid(
            f"must not contain control characters or invisible formatting; found {found}: "
            "they hide or reorder text in the console, remove it"
        )
    return text


def plain_text(value: Any) -> str:
    """A string, trimmed of ASCII spaces, holding none of the :data:`REFUSED_CATEGORIES`."""
    return refuse_hidden(_string(value))


def text(limit: int, what: str = "") -> Callable[[Any], str]:
    """Free text of at most ``limit`` characters (any script; none of the refused categories).

    ``what`` is the reason for the limit, for the message (default: "use at most N").
    """

    def normalize(value: Any) -> str:
        trimmed = _string(value)
        if len(trimmed) > limit:
            raise Invalid(f"is {len(trimmed)} characters long; {what or 'use at most'} {limit}")
        return refuse_hidden(trimmed)

    return normalize


normalize_alias = text(
    ALIAS_MAX,
    f"the claim tag takes {PLIVO_ALIAS_MAX - ALIAS_MAX} of Plivo's {PLIVO_ALIAS_MAX}; aliases are at most",
)
normalize_place = text(PLACE_MAX, "a region or city name is at most")
PATH_MAX = 1000
"""Longest resource path (names under their parents) a claim is derived from."""
normalize_path = text(PATH_MAX, "shorten the resource's name: a resource path is at most")


def ascii_text(value: Any, rule: str) -> str:
    """A string of ASCII characters only; ``rule`` says what the field takes, for the message."""
    trimmed = _string(value)
    if not trimmed.isascii():
        found = _first(trimmed, lambda ch: not ch.isascii())
        raise Invalid(f"{shown(value)} holds {found}: {rule} (ASCII only)")
    return trimmed


# -- phone numbers ----------------------------------------------------------------------------------


def normalize_number(value: Any) -> str:
    """``"+1 415-555-0100"`` → ``"14155550100"``: Plivo's digits-only E.164 form."""
    digits, explicit = _number_digits(value)
    if not DIGITS_8_15.match(digits):
        raise Invalid(f"{shown(value)} is not an E.164 number: {NUMBER_RULE} (8 to 15 digits in all)")
    if explicit:
        if numbering.split(digits) is None:
            raise Invalid(f"{shown(value)}: no country's calling code starts +{digits[:3]}; {NUMBER_RULE}")
        return digits
    if not numbering.is_international(digits):
        raise Invalid(f"{shown(value)} has no '+' and {_misread(digits)}; {NUMBER_RULE}")
    return digits


def _number_digits(value: Any) -> tuple[str, bool]:
    """The digits of a number as passed, and whether it was written with its leading ``+``."""
    if isinstance(value, bool):
        raise Invalid("must be a phone number string such as '+14155550100'")
    if isinstance(value, int):
        if not 0 < value < 10**15:  # E.164 numbers have 15 digits at most
            raise Invalid(f"{shown(value)} is not a phone number: {NUMBER_RULE}")
        return str(value), False
    if isinstance(value, float):
        if not value.is_integer() or not 0 < value < EXACT_BELOW:
            raise Invalid(f"{value!r} is not a phone number: {NUMBER_RULE}")
        return str(int(value)), False
    if not isinstance(value, str):
        raise Invalid("must be a phone number string such as '+14155550100'")
    written = ascii_text(value, "write the number in the digits 0-9, e.g. '+1 415-555-0103'")
    digits = SEPARATORS.sub("", written)
    return (digits[1:], True) if digits.startswith("+") else (digits, False)


def _misread(digits: str) -> str:
    """Why bare ``digits`` are not an international number, naming the misreading avoided."""
    parts = numbering.split(digits)
    if parts is None:
        return f"no country's calling code starts {digits[:3]}"
    code, national = parts
    region = numbering.region_of(digits)
    where = f"a valid {region} number" if region else "a valid number for it"
    return f"read as international it would be +{code} {national}, not {where}"


# -- digit strings, IDs and codes -------------------------------------------------------------------


def digit_text(example: str, max_digits: int) -> Callable[[Any], str]:
    """Text of digits for a field that YAML or a program may hand over as a number.

    An int is exact and taken as typed (if it has at most ``max_digits`` digits); a float is
    refused (see the module docstring).
    """

    def normalize(value: Any) -> str:
        if isinstance(value, float):
            hint = AS_TEXT.format(example=example)
            raise Invalid(f"arrived as a number ({value!r}), which may not be the digits typed; {hint}")
        if isinstance(value, int) and not isinstance(value, bool):
            if not 0 <= value < 10**max_digits:
                raise Invalid(f"{shown(value)} is not {max_digits} digits or fewer; e.g. {example}")
            return str(value)
        return ascii_text(value, f"use the digits 0-9, e.g. {example}")

    return normalize


_app_id_text = digit_text("app_id='20468599130939380'", APP_ID_DIGITS)
_pattern_text = digit_text("pattern='212'", PATTERN_DIGITS)


def normalize_app_id(value: Any) -> str:
    """An application ID is a string of digits (Plivo shows e.g. ``20468599130939380``)."""
    text = _app_id_text(value)
    if not APP_ID_RE.match(text):
        raise Invalid(
            f"{shown(text)} is not a Plivo application ID (digits only, e.g. '20468599130939380'); "
            "to link a SIP trunk instead use object_type='trunk' with object_id"
        )
    return text


def choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    def normalize(value: Any) -> str:
        # ASCII before lower(): the Kelvin sign U+212A lowers to "k".
        word = _string(value)
        text = word.lower() if word.isascii() else None
        if text not in options:
            raise Invalid(f"must be one of {', '.join(options)}; got {shown(value)}")
        return word.lower()

    return normalize


def matching(regex: re.Pattern[str], example: str, upper: bool = False) -> Callable[[Any], str]:
    """An ASCII code or ID matching ``regex``, upper-cased first when ``upper``.

    ASCII is checked before the case change: ``"ß".upper()`` is ``"SS"``.
    """

    def normalize(value: Any) -> str:
        text = ascii_text(value, f"expected something like {example!r}")
        text = text.upper() if upper else text
        if not regex.match(text):
            raise Invalid(f"{shown(value)} is not valid; expected something like {example!r}")
        return text

    return normalize


def normalize_pattern(value: Any) -> str:
    """Digits a number starts with after its country code, e.g. ``"415"``."""
    return matching(PATTERN_RE, "415 (digits after the country code)")(_pattern_text(value))


_country_code = matching(COUNTRY_RE, "US (ISO 3166 alpha-2)", upper=True)
_COUNTRY_MIXUPS = {"UK": "GB", "EL": "GR"}
"""Codes people type for a country whose ISO code differs (the EU's codes for the UK and Greece)."""


def normalize_country(value: Any) -> str:
    """An ISO 3166 alpha-2 code of a country with phone numbers (``"us"`` → ``"US"``).

    The codes come from the calling-code snapshot (:data:`.numbering.COUNTRIES`), so ``"ZZ"``
    is refused offline. Whether Plivo sells numbers there is for Plivo to say (a search).
    """
    code = _country_code(value)
    if code not in numbering.COUNTRIES:
        meant = _COUNTRY_MIXUPS.get(code)
        fix = (
            f"the ISO code is {meant!r}" if meant else "use its ISO 3166 alpha-2 code, e.g. 'US', 'GB', 'DE'"
        )
        raise Invalid(f"{code!r} is not the code of a country with phone numbers; {fix}")
    return code


# -- prices and lists -------------------------------------------------------------------------------

_STEP = Decimal(1).scaleb(-RATE_PLACES)
_RATE_RULE = (
    f"zero or a positive price in USD up to {RATE_MAX}, with at most {RATE_PLACES} decimals, such as '1.00'"
)


def normalize_rate(value: Any) -> str:
    """A price cap in USD, e.g. ``"1.00"`` → ``"1.00000"``; kept as a string like Plivo's rates.

    Finite, from 0 to :data:`RATE_MAX`, at most :data:`RATE_PLACES` decimals: the normal form is
    then at most 11 characters, whatever was typed (``"1e10000000"`` would be 10 MB).
    """
    amount = _decimal(value)
    if not amount.is_finite() or not 0 <= amount <= RATE_MAX:
        raise Invalid(f"{shown(value)} is not {_RATE_RULE}")
    if amount != amount.quantize(_STEP):
        raise Invalid(f"{shown(value)} has more than {RATE_PLACES} decimals; write {_RATE_RULE}")
    return f"{amount:.{RATE_PLACES}f}"


def _decimal(value: Any) -> Decimal:
    """``value`` as a Decimal, never a huge one: bounded text, and ints compared before converting."""
    if isinstance(value, bool):
        raise Invalid(f"must be {_RATE_RULE}")
    if isinstance(value, int):
        return Decimal(value) if abs(value) <= RATE_MAX else Decimal("Infinity")
    if isinstance(value, float):
        return Decimal(repr(value)) if math.isfinite(value) else Decimal("NaN")
    # Decimal() would strip whitespace itself, \x1c-\x1f included: judge the text first.
    text = refuse_hidden(ascii_text(value, f"write {_RATE_RULE}"))
    if len(text) > RATE_TEXT_MAX:
        raise Invalid(f"is {len(text)} characters long; write {_RATE_RULE}")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise Invalid(f"{shown(value)} is not {_RATE_RULE}") from None


def normalize_services(value: Any) -> list[str]:
    """``["voice", "sms"]`` or ``"voice,sms"`` → a sorted, de-duplicated list.

    A bad item is named with its position, an empty one as ``''`` (``"voice,,fax"``).
    """
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not items:
        raise Invalid("must be a non-empty list drawn from 'voice', 'sms', 'mms'")
    cleaned: set[str] = set()
    bad: list[str] = []
    for position, item in enumerate(items, 1):
        name = _string(item).lower() if isinstance(item, str) and item.isascii() else None
        if name in SERVICES:
            cleaned.add(name)
        else:
            bad.append(f"{shown(item)} (item {position})")
    if bad:
        more = f" and {len(bad) - 3} more" if len(bad) > 3 else ""
        raise Invalid(f"{', '.join(bad[:3])}{more} not known; use 'voice', 'sms' and/or 'mms'")
    return sorted(cleaned)


def normalize_timeout(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Invalid("must be a number of seconds, e.g. 600")
    if not 0 <= value <= 86400:
        raise Invalid("must be between 0 and 86400 seconds")
    return float(value)
