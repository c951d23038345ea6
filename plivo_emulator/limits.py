"""The limits the emulator enforces on Plivo's fields, each declared once and used everywhere.

Where Plivo documents a limit the value is Plivo's; where it documents none, the value is the
emulator's choice and says so. The provider declares its own copies (it must not import the
emulator, nor the emulator the provider); ``tests/unit/test_shared_limits.py`` keeps the copies of
the limits both packages rely on equal.
"""

from __future__ import annotations

NAME_MAX = 128
"""Longest free-text name: ``app_name``, a trunk's and a subaccount's ``name``, and a carrier
number's ``carrier`` and ``region``. Plivo documents none; 128 is the emulator's choice."""

URL_MAX = 255
"""Longest callback URL (``answer_url``, ``message_url``, ...): Plivo documents 255 for ``message_url``."""

ALIAS_MAX = 255
"""Longest number ``alias``: Plivo keeps 255 characters."""

COMPLIANCE_ID_MAX = 64
"""Longest ``compliance_application_id``; Plivo documents none."""

PAGE_MAX = 20
"""Largest ``limit`` of a list or search page, and the default: Plivo's page size."""

CARRIER_NUMBERS_MAX = 100
"""Most numbers one ``POST Number/`` may add from a carrier."""

NUMBER_MIN_DIGITS = 8
NUMBER_MAX_DIGITS = 15
"""A phone number is 8 to 15 digits (E.164 allows at most 15), without the ``+``."""

AUTH_ID_SUFFIX = 18
"""An auth id is ``MA`` (main account) or ``SA`` (subaccount) and then this many upper-case
letters or digits, 20 characters in all."""
