"""plivo_provider.state: turn what Plivo reports about a number into the resource's outputs.

Outputs hold the *actual* settings (what Plivo says now) under the input names,
plus ``declared``: the normalised inputs of the last create or update, so that
``diff()`` can tell "the user removed app_id" (unlink) from "the user never
managed app_id" (leave it alone).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .claims import split_alias
from .models import AccountNumber
from .numbering import region_of

_APP_URI = re.compile(r"/Application/([^/]+)/?$")

# Country names as Plivo writes them on Number objects, upper-cased.
_COUNTRY_NAMES = {
    "UNITED STATES": "US",
    "USA": "US",
    "CANADA": "CA",
    "UNITED KINGDOM": "GB",
    "GERMANY": "DE",
    "FRANCE": "FR",
    "INDIA": "IN",
    "AUSTRALIA": "AU",
}


def app_id_from_uri(uri: str | None) -> str | None:
    """``/v1/Account/MA.../Application/123/`` → ``"123"``; ``None`` when no app is linked."""
    if not uri:
        return None
    match = _APP_URI.search(uri)
    return match.group(1) if match else None


def country_iso_for(number: str, country: str | None) -> str | None:
    """ISO 3166 alpha-2 code of a number, from Plivo's country name or else its calling code."""
    if country and country.strip().upper() in _COUNTRY_NAMES:
        return _COUNTRY_NAMES[country.strip().upper()]
    return region_of(number)


def status_of(record: AccountNumber) -> str:
    """Plivo's purchase status word: ``Success`` once active, ``pending`` while verification is due."""
    return "Success" if record.get("active", True) else "pending"


def declared_of(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The snapshot of declared inputs kept in the ``declared`` output (engine keys and the
    resource's current path, which only messages use, removed)."""
    return {
        key: value
        for key, value in sorted(inputs.items())
        if not key.startswith("__") and key not in VOLATILE
    }


VOLATILE = ("resource_path",)
"""Inputs a program sends for messages only: never stored, never compared."""


def outputs_from_record(
    record: AccountNumber, declared: Mapping[str, Any], acquired: str, setup_rate: str | None = None
) -> dict[str, Any]:
    """Every output of a PhoneNumber, from a ``GET Number/{n}/`` record and the declared inputs."""
    number = record["number"]
    return {
        "number": number,
        "status": status_of(record),
        "acquired": acquired,
        "app_id": app_id_from_uri(record.get("application")),
        "object_type": record.get("object_type") or None,
        "object_id": record.get("object_id") or None,
        "alias": split_alias(record.get("alias"))[0],
        "cnam_lookup": record.get("cnam_lookup") or None,
        "subaccount": record.get("sub_account") or None,
        "country_iso": country_iso_for(number, record.get("country")),
        "number_type": record.get("number_type"),
        "region": record.get("region"),
        "city": record.get("city"),
        "monthly_rental_rate": record.get("monthly_rental_rate"),
        "setup_rate": setup_rate,
        "renewal_date": record.get("renewal_date"),
        "added_on": record.get("added_on"),
        "voice_enabled": bool(record.get("voice_enabled")),
        "sms_enabled": bool(record.get("sms_enabled")),
        "mms_enabled": bool(record.get("mms_enabled")),
        "active": bool(record.get("active", True)),
        "compliance_status": record.get("compliance_status"),
        "declared": declared_of(declared),
    }
