"""plivo_provider.numbering: a number's calling code and country, and whether bare digits are international.

The data is a snapshot of libphonenumber's metadata (:mod:`._numbering_data`): per
calling code, the regions that use it and the pattern their national numbers follow.
A unit test regenerates it from the ``phonenumbers`` package and fails when the
snapshot is stale, so the provider needs no third runtime dependency for it.
"""

from __future__ import annotations

import re
from functools import cache

from ._numbering_data import CALLING_CODES, NANP_AREA_CODES

__all__ = ["COUNTRIES", "calling_code_of", "is_international", "region_of", "split"]

COUNTRIES = frozenset(region for entries in CALLING_CODES.values() for region, _, _ in entries if region)
"""ISO 3166 alpha-2 codes of every country (or territory) with phone numbers of its own: no
country code outside it can be one Plivo sells numbers in."""


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def split(digits: str) -> tuple[str, str] | None:
    """``"442079460000"`` → ``("44", "2079460000")``; None when no calling code starts the digits.

    Calling codes are prefix-free (no code is the start of another), so the first match is the only one.
    """
    for size in (1, 2, 3):
        if digits[:size] in CALLING_CODES:
            return digits[:size], digits[size:]
    return None


def is_international(digits: str) -> bool:
    """True when ``digits`` are a calling code followed by a national number valid for it."""
    parts = split(digits)
    if parts is None:
        return False
    code, national = parts
    return any(_compiled(pattern).fullmatch(national) for _, _, pattern in CALLING_CODES[code])


def region_of(digits: str) -> str | None:
    """ISO 3166 alpha-2 code of the country a number belongs to; None for non-geographic codes.

    Within a shared calling code, +1 is decided by area code, the others by the leading
    digits libphonenumber records; failing those, the code's main country.
    """
    parts = split(digits)
    if parts is None:
        return None
    code, national = parts
    entries = CALLING_CODES[code]
    if code == "1":
        return NANP_AREA_CODES.get(national[:3], entries[0][0])
    for region, leading, _ in entries[1:]:
        if leading and _compiled(leading).match(national):
            return region
    return entries[0][0] or None


@cache
def calling_code_of(region: str) -> str | None:
    """``"GB"`` → ``"44"``: the calling code whose main country (or a sharing one) is ``region``."""
    for code, entries in CALLING_CODES.items():
        if entries[0][0] == region:
            return code
    for code, entries in CALLING_CODES.items():
        if any(entry[0] == region for entry in entries):
            return code
    return None
