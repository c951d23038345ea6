"""Frozen values of the backend: stored records, operation results and the account-id patterns.

No HTTP or JSON shaping here; ``to_json``/``from_json`` are only the store's serialisation.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from plivo_emulator.limits import AUTH_ID_SUFFIX

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T", bound="DataclassInstance")

# Plivo auth ids: "MA" (main account) or "SA" (subaccount), then AUTH_ID_SUFFIX upper-case letters or digits.
MAIN_ACCOUNT_ID = re.compile(rf"^MA[A-Z0-9]{{{AUTH_ID_SUFFIX}}}$")
SUBACCOUNT_ID = re.compile(rf"^SA[A-Z0-9]{{{AUTH_ID_SUFFIX}}}$")
MAIN_ACCOUNT_ID_RULE = f"auth_id must be MA followed by {AUTH_ID_SUFFIX} upper-case letters or digits"


@dataclass(frozen=True)
class Account:
    """A main account (``parent`` is None) or a subaccount (``parent`` is its main account).

    ``token_hash`` authenticates it (``credentials.hash_token``); a main account's token, which
    the user chose, is never stored. ``auth_token`` is kept for subaccounts only: the emulator
    mints their tokens and Plivo's API shows them (create and ``GET Subaccount``). A record an
    older emulator stored has only ``auth_token``; ``Directory.upgrade_tokens`` digests it.
    """

    auth_id: str
    parent: str | None
    name: str
    enabled: bool
    created: str
    modified: str | None = None
    token_hash: str = ""
    auth_token: str | None = None

    @property
    def is_main(self) -> bool:
        """True for a main (``MA…``) account."""
        return self.parent is None

    @property
    def main_id(self) -> str:
        """The main account this account belongs to (itself for a main account)."""
        return self.parent or self.auth_id


@dataclass(frozen=True)
class NumberRecord:
    """A rented (or carrier-added) number; ``account`` is always the owning main account."""

    number: str
    account: str
    sub_account: str | None
    source: str  # "inventory" or "carrier"
    added_on: str
    renewal_date: str
    country_iso: str | None
    country: str | None
    region: str | None
    city: str | None
    carrier: str
    number_type: str
    monthly_rental_rate: str
    voice_rate: str
    sms_rate: str
    mms_rate: str
    voice_enabled: bool
    sms_enabled: bool
    mms_enabled: bool
    active: bool = True
    alias: str | None = None
    app_id: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    cnam_lookup: str | None = None
    compliance_application_id: str | None = None
    compliance_status: str | None = None
    pending_since: float | None = None
    tendlc_registration_status: str | None = None
    toll_free_sms_verification: str | None = None
    message_url: str | None = None
    message_method: str | None = None
    verification_info: dict[str, Any] | None = None
    fallback_number: str | None = None
    number_pool: str | None = None
    """The uuid of the Powerpack number pool the number is in, if any (with its service and date)."""
    pool_service: str | None = None
    pool_added_on: str | None = None


@dataclass(frozen=True)
class Application:
    """An application; ``account`` is the owning main account, ``sub_account`` the SA… owner if any."""

    app_id: str
    account: str
    app_name: str
    sub_account: str | None = None
    answer_url: str | None = None
    answer_method: str = "POST"
    hangup_url: str | None = None
    hangup_method: str = "POST"
    fallback_answer_url: str | None = None
    fallback_method: str = "POST"
    message_url: str | None = None
    message_method: str = "POST"
    default_number_app: bool = False
    default_endpoint_app: bool = False
    enabled: bool = True
    public_uri: bool = False
    log_incoming_messages: bool = True
    created: float = 0.0


@dataclass(frozen=True)
class Trunk:
    """A Zentrunk SIP trunk, enough to link numbers to it."""

    trunk_id: str
    account: str
    name: str
    trunk_direction: str = "inbound"
    trunk_status: str = "enabled"
    secure: bool = False
    sub_account: str | None = None
    created: float = 0.0


@dataclass(frozen=True)
class Endpoint:
    """A SIP endpoint. ``username`` is the one Plivo made (the requested one plus a suffix);
    ``password_hash`` is a digest (``credentials.hash_token``): the password itself is never stored."""

    endpoint_id: str
    account: str
    username: str
    alias: str
    password_hash: str
    app_id: str | None = None
    sub_account: str | None = None
    created: float = 0.0


@dataclass(frozen=True)
class Powerpack:
    """A Powerpack; ``pool_uuid`` is its number pool's uuid, which differs from its own."""

    uuid: str
    account: str
    name: str
    pool_uuid: str
    created_on: str
    sticky_sender: bool = True
    local_connect: bool = True
    application_type: str = ""
    application_id: str = ""
    number_priority: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    sub_account: str | None = None
    created: float = 0.0


@dataclass(frozen=True)
class Target:
    """What a number points at: an application, or an object (a trunk), or nothing."""

    app_id: str | None = None
    object_type: str | None = None
    object_id: str | None = None


@dataclass(frozen=True)
class Purchase:
    """Outcome of a buy: ``status`` is "Success", or "pending" for verification countries."""

    number: str
    status: str
    fallback_number: str | None = None


@dataclass(frozen=True)
class LogEntry:
    """One /v1/ request as recorded for the control API (never credentials or bodies)."""

    seq: int
    time: str
    method: str
    path: str
    query: str
    status: int
    account: str | None
    dropped: bool
    latency_ms: int
    fault: str | None


def to_json(record: DataclassInstance) -> str:
    """Serialise a dataclass record for storage."""
    return json.dumps(dataclasses.asdict(record), sort_keys=True)


def from_json(cls: type[T], text: str) -> T:
    """Rebuild a record stored by :func:`to_json`, ignoring keys the class no longer has."""
    data = json.loads(text)
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})
