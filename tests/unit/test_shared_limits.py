"""Limits the provider and the emulator both declare, kept equal.

Neither package imports the other (the provider must not ship the emulator; the emulator must not
pull in pulumi), so each declares Plivo's limit once for itself and this test holds the two
declarations equal. The rate limit has its own test in ``test_pacing.py``.
"""

from __future__ import annotations

import pytest

from plivo_emulator import limits
from plivo_provider.api import client
from plivo_provider.inputs import named_objects
from plivo_provider.lifecycle import claims

pytestmark = pytest.mark.unit

SHARED = {
    "page size": (limits.PAGE_MAX, client.PAGE_LIMIT),
    "alias": (limits.ALIAS_MAX, claims.PLIVO_ALIAS_MAX),
    "app and trunk name": (limits.NAME_MAX, named_objects.NAME_MAX),
    "callback URL": (limits.URL_MAX, named_objects.URL_MAX),
}


@pytest.mark.parametrize("limit", SHARED)
def test_the_emulator_enforces_the_limit_the_provider_checks(limit: str) -> None:
    emulator, provider = SHARED[limit]
    assert emulator == provider
