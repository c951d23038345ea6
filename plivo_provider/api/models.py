"""plivo_provider.models: the shapes of Plivo's numbers API payloads, as typed dicts, and the
checks the client applies to every answer before a caller sees it (:data:`Shape`).

The checks cover what callers rely on: the containers (an answer is an object, ``objects`` a
list of objects, ``meta`` an object with a whole ``total_count``), and the key that names each
record, a string fit for a URL path (it goes into the next call's). Other fields pass as sent.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypedDict

Shape = Callable[[int, dict[str, Any]], str | None]
"""A check of one successful answer (its HTTP status and JSON object): what is wrong, or None."""

ID_RE = re.compile(r"[0-9A-Za-z_-]{1,64}")
"""A number or an object ID as it may go into a URL path."""


class AccountNumber(TypedDict, total=False):
    """A number the account rents (``GET Number/{n}/``). Plivo sends more keys; these are the ones we read."""

    number: str
    alias: str | None
    sub_account: str | None
    added_on: str
    application: str | None
    carrier: str
    region: str | None
    city: str | None
    country: str | None
    number_type: str
    active: bool
    monthly_rental_rate: str
    renewal_date: str
    voice_enabled: bool
    sms_enabled: bool
    mms_enabled: bool
    cnam_lookup: str | None
    compliance_application_id: str | None
    compliance_status: str | None
    object_type: str | None
    object_id: str | None
    resource_uri: str


class AvailableNumber(TypedDict, total=False):
    """A number for sale (``GET PhoneNumber/``)."""

    number: str
    prefix: str
    city: str | None
    country: str
    region: str | None
    rate_center: str | None
    lata: int | None
    type: str
    sub_type: str
    setup_rate: str
    monthly_rental_rate: str
    voice_enabled: bool
    sms_enabled: bool
    mms_enabled: bool
    restriction: str | None
    restriction_text: str | None


class BuyResult(TypedDict):
    """What a purchase tells us: the number and ``Success`` or ``pending`` (verification needed)."""

    number: str
    status: str


class Application(TypedDict, total=False):
    """An application (``GET Application/{id}/``); ``default_app`` is the ``default_number_app`` flag."""

    app_id: str
    app_name: str
    answer_url: str
    answer_method: str
    hangup_url: str
    hangup_method: str
    fallback_answer_url: str
    fallback_method: str
    message_url: str
    message_method: str
    default_app: bool
    default_number_app: bool
    default_endpoint_app: bool
    enabled: bool
    public_uri: bool
    log_incoming_messages: bool
    sip_uri: str
    sub_account: str | None
    resource_uri: str


class Trunk(TypedDict, total=False):
    """A Zentrunk trunk (``GET Zentrunk/Trunk/{id}/``, unwrapped from ``response``)."""

    trunk_id: str
    name: str
    trunk_status: str
    trunk_direction: str
    trunk_domain: str
    secure: bool
    ipacl_uuid: str | None
    credentials_uuid: str | None
    primary_uri_uuid: str | None
    fallback_uri_uuid: str | None


class Endpoint(TypedDict, total=False):
    """A SIP endpoint (``GET Endpoint/{id}/``); ``username`` is Plivo's, with its suffix. Plivo
    never returns the password."""

    endpoint_id: str
    alias: str
    username: str
    application: str | None
    sip_uri: str
    sip_registered: str
    sip_contact: str | None
    sip_expires: str | None
    sip_user_agent: str | None
    sub_account: str | None
    resource_uri: str


class Powerpack(TypedDict, total=False):
    """A Powerpack (``GET Powerpack/{uuid}/``). ``number_pool`` is its pool's URI, whose last part is
    the pool uuid (not the Powerpack's); one recording spells ``sticky_sender`` ``smart_sender``."""

    uuid: str
    name: str
    sticky_sender: bool
    smart_sender: bool
    local_connect: bool
    application_type: str
    application_id: str | int
    number_pool: str
    number_priority: list[dict[str, Any]]
    created_on: str


class PoolMember(TypedDict, total=False):
    """A number of a Powerpack's pool (``GET NumberPool/{pool}/Number/``)."""

    number: str
    country_iso2: str
    type: str
    service: str
    added_on: str
    number_pool_uuid: str
    account_phone_number_resource: str


def pool_uuid(number_pool: object) -> str | None:
    """The pool uuid in a ``number_pool`` URI (``/v1/Account/{id}/NumberPool/<uuid>/``), if it is one
    fit for a URL path."""
    if not isinstance(number_pool, str):
        return None
    last = number_pool.rstrip("/").rsplit("/", 1)[-1]
    return last if ID_RE.fullmatch(last) else None


def powerpack(status: int, body: dict[str, Any]) -> str | None:
    """A Powerpack: a ``uuid``, and a ``number_pool`` URI ending in the pool's uuid."""
    problem = _lacks_id(body, "uuid", "the answer")
    if problem is None and pool_uuid(body.get("number_pool")) is None:
        return "'number_pool' is not a NumberPool URI ending in the pool's uuid"
    return problem


def anything(status: int, body: dict[str, Any]) -> str | None:
    """The answer of an update or a delete: any JSON object (or none) will do."""
    return None


def _lacks_id(item: object, key: str, where: str) -> str | None:
    if not isinstance(item, dict):
        return f"{where} is {type(item).__name__}, not an object"
    value = item.get(key)
    if not isinstance(value, str) or not ID_RE.fullmatch(value):
        return f"{where} has no {key!r} of letters and digits"
    return None


def record(key: str, within: str | None = None) -> Shape:
    """One object naming itself by ``key`` (``number``, ``app_id``: a record, or a create's answer);
    with ``within``, possibly wrapped
    in that key (``GET Zentrunk/Trunk/{id}/`` sends ``{"response": {...}}``)."""

    def check(status: int, body: dict[str, Any]) -> str | None:
        inner = body.get(within) if within and within in body else body
        return _lacks_id(inner, key, f"the {within}" if inner is not body else "the answer")

    return check


def listing(key: str) -> Shape:
    """A page of a list: ``objects``, each an object named by ``key``, and an optional ``meta``."""

    def check(status: int, body: dict[str, Any]) -> str | None:
        objects = body.get("objects")
        if not isinstance(objects, list):
            return "'objects' is missing or not a list"
        for index, item in enumerate(objects):
            problem = _lacks_id(item, key, f"objects[{index}]")
            if problem:
                return problem
        meta = body.get("meta", {})
        if not isinstance(meta, dict):
            return "'meta' is not an object"
        total = meta.get("total_count", 0)
        if isinstance(total, bool) or not isinstance(total, int) or total < 0:
            return "'meta.total_count' is not a whole number"
        return None

    return check


def purchase(number: str) -> Shape:
    """A purchase counts only when Plivo confirms it: HTTP 201 and ``numbers`` listing ``number``."""

    def check(status: int, body: dict[str, Any]) -> str | None:
        if status != 201:
            return f"a purchase is confirmed by HTTP 201, not {status}"
        if bought_entry(body, number) is None:
            return f"'numbers' does not list {number} with a status"
        return None

    return check


def bought_entry(body: dict[str, Any], number: str) -> dict[str, Any] | None:
    """The entry of ``numbers`` for ``number``, with a string ``status``, if the answer has one."""
    entries = body.get("numbers")
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and entry.get("number") == number and isinstance(entry.get("status"), str):
            return entry
    return None
