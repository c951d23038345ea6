"""The typed inputs the state's operations take, parsed from JSON bodies and query strings.

Everything here works on plain data: a body is a ``Mapping[str, Any]`` decoded from JSON and a
query string is a ``Mapping[str, Sequence[str]]`` (every value of a repeated key, in order). The
HTTP handlers (``http/handlers.py``) build those from the request, so nothing in ``state/`` sees an
HTTP type. Bad input raises :class:`BadRequest`; the lengths come from ``limits.py``.

Conventions (Plivo's texts for these cases are unknown, so the emulator names the field):
``"<field> must be a string"``, ``"<field> must be a boolean"``, ``"<field> must be one of: a, b"``,
``"<field> is required"``. A JSON ``null`` counts as "not given", the way the SDKs drop ``None``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from plivo_emulator.errors import BadRequest
from plivo_emulator.limits import (
    ALIAS_MAX,
    CARRIER_NUMBERS_MAX,
    COMPLIANCE_ID_MAX,
    NAME_MAX,
    NUMBER_MAX_DIGITS,
    NUMBER_MIN_DIGITS,
    PAGE_MAX,
    URL_MAX,
)
from plivo_emulator.state.models import SUBACCOUNT_ID

Body = Mapping[str, Any]
Query = Mapping[str, Sequence[str]]

SERVICES = ("voice", "sms", "mms")
SEARCH_TYPES = ("any", "fixed", "local", "national", "mobile", "tollfree")
NUMBER_TYPES = ("local", "mobile", "tollfree", "national", "fixed")
OBJECT_TYPES = ("trunk",)  # phlo and xml are announced by Plivo but not live yet
CNAM = ("enabled", "disabled")
METHODS = ("GET", "POST")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DIGITS = re.compile(rf"^[0-9]{{1,{NUMBER_MAX_DIGITS}}}$")

# -- field primitives -------------------------------------------------------------------------


def parse_body(raw: bytes) -> dict[str, Any]:
    """A request body as a JSON object; an empty body is ``{}``."""
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise BadRequest("malformed JSON body") from exc
    if not isinstance(value, dict):
        raise BadRequest("request body must be a JSON object")
    return value


def arg(query: Query, key: str) -> str | None:
    """The first value of ``key`` in a query string, or None."""
    values = query.get(key)
    return values[0] if values else None


def opt_str(body: Body, key: str, max_len: int | None = None) -> str | None:
    """A string field, or None when absent or null."""
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRequest(f"{key} must be a string")
    if max_len is not None and len(value) > max_len:
        raise BadRequest(f"{key} must be at most {max_len} characters")
    return value


def req_str(body: Body, key: str, max_len: int | None = None) -> str:
    """A required, non-empty string field."""
    value = opt_str(body, key, max_len)
    if not value:
        raise BadRequest(f"{key} is required")
    return value


def opt_bool(body: Body, key: str) -> bool | None:
    """A boolean field; the strings "true"/"false" are accepted for form-minded clients."""
    value = body.get(key)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise BadRequest(f"{key} must be a boolean")


def body_or_query_bool(body: Body, query: Query, key: str) -> bool | None:
    """A boolean from the JSON body or, when the body lacks it, the query string."""
    value = opt_bool(body, key)
    return opt_bool({key: arg(query, key)}, key) if value is None else value


def opt_choice(body: Body, key: str, choices: Iterable[str], upper: bool = False) -> str | None:
    """A string field restricted to ``choices`` (compared upper-cased when ``upper``)."""
    value = opt_str(body, key)
    if value is None:
        return None
    allowed = tuple(choices)
    normal = value.upper() if upper else value
    if normal not in allowed:
        raise BadRequest(f"{key} must be one of: {', '.join(allowed)}")
    return normal


def opt_url(body: Body, key: str) -> str | None:
    """An http(s) URL field; "" is allowed and clears the URL."""
    value = opt_str(body, key, URL_MAX)
    if value and not re.match(r"^https?://[^\s/]+", value):
        raise BadRequest(f"{key} must be a valid http or https URL")
    return value


def opt_dict(body: Body, key: str) -> dict[str, Any] | None:
    """A JSON object field."""
    value = body.get(key)
    if value is None or isinstance(value, dict):
        return value
    raise BadRequest(f"{key} must be an object")


def subaccount_id(value: str | None, key: str = "subaccount") -> str | None:
    """A subaccount auth_id (``SA`` + 18 characters); "" is passed through (it means "none")."""
    if value and not SUBACCOUNT_ID.match(value):
        raise BadRequest(f"invalid {key}")
    return value


def page(query: Query) -> tuple[int, int]:
    """``limit`` (1 to PAGE_MAX, default PAGE_MAX) and ``offset`` (>= 0, default 0) from a query string."""
    limit = _query_int(query, "limit", PAGE_MAX)
    offset = _query_int(query, "offset", 0)
    if not 1 <= limit <= PAGE_MAX:
        raise BadRequest(f"limit must be an integer between 1 and {PAGE_MAX}")
    if offset < 0:
        raise BadRequest("offset must be a non-negative integer")
    return limit, offset


def _query_int(query: Query, key: str, default: int) -> int:
    text = arg(query, key)
    if text is None or text == "":
        return default
    try:
        return int(text)
    except ValueError:
        raise BadRequest(f"{key} must be an integer") from None


def services(query: Query, key: str = "services") -> frozenset[str]:
    """Comma-separated (or repeated) services, each one of voice, sms, mms."""
    wanted = {s.strip().lower() for v in query.get(key, ()) for s in v.split(",") if s.strip()}
    if not wanted <= set(SERVICES):
        raise BadRequest(f"{key} must be a comma-separated list of: {', '.join(SERVICES)}")
    return frozenset(wanted)


def digits(value: str | None, key: str) -> str | None:
    """A run of digits (a leading "+" is dropped), or None when absent."""
    if value is None or value == "":
        return None
    value = value.removeprefix("+")
    if not _DIGITS.match(value):
        raise BadRequest(f"{key} must contain digits only")
    return value


# -- GET PhoneNumber/ (search) ----------------------------------------------------------------


@dataclass(frozen=True)
class SearchQuery:
    """Filters of ``GET PhoneNumber/``; None means "not filtered"."""

    country_iso: str
    type: str = "any"
    pattern: str | None = None
    region: str | None = None
    city: str | None = None
    services: frozenset[str] = field(default_factory=frozenset)
    lata: int | None = None
    rate_center: str | None = None
    npanxx: str | None = None
    local_calling_area: bool = False


def search_query(query: Query) -> SearchQuery:
    """Filters of ``GET PhoneNumber/``; ``country_iso`` is required."""
    country = (arg(query, "country_iso") or "").strip().upper()
    if not country:
        raise BadRequest("country_iso is required")
    if not re.match(r"^[A-Z]{2}$", country):
        raise BadRequest("country_iso must be a two-letter ISO 3166 code")
    kind = (arg(query, "type") or "any").lower()
    if kind not in SEARCH_TYPES:
        raise BadRequest(f"type must be one of: {', '.join(SEARCH_TYPES)}")
    return SearchQuery(
        country_iso=country,
        type=kind,
        pattern=digits(arg(query, "pattern"), "pattern"),
        region=arg(query, "region") or None,
        city=arg(query, "city") or None,
        services=services(query),
        lata=_lata(arg(query, "lata")),
        rate_center=arg(query, "rate_center") or None,
        npanxx=digits(arg(query, "npanxx"), "npanxx"),
        local_calling_area=(arg(query, "local_calling_area") or "").lower() in ("true", "1"),
    )


def _lata(text: str | None) -> int | None:
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        raise BadRequest("lata must be an integer")
    return int(text)


# -- GET Number/ (list) -----------------------------------------------------------------------


@dataclass(frozen=True)
class NumberFilter:
    """Filters of ``GET Number/``; every field None means "not filtered"."""

    number_type: str | None = None
    number_startswith: str | None = None
    subaccount: str | None = None
    alias: str | None = None
    services: frozenset[str] = frozenset()
    cnam_lookup: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    exact: tuple[tuple[str, str], ...] = ()  # (field, value) pairs compared case-insensitively
    renewal: tuple[tuple[str, str], ...] = ()  # (operator, YYYY-MM-DD)


_EXACT_FILTERS = (
    "tendlc_registration_status",
    "tendlc_campaign_id",
    "toll_free_sms_verification",
    "toll_free_sms_verification_order_status",
)
_RENEWAL_OPS = {"": "eq", "__lt": "lt", "__lte": "lte", "__gt": "gt", "__gte": "gte"}


def number_filter(query: Query) -> NumberFilter:
    """Filters of ``GET Number/``; ``type`` and ``number_type`` are synonyms (Python vs Go SDK)."""
    kind = (arg(query, "type") or arg(query, "number_type") or "").lower() or None
    if kind is not None and kind not in NUMBER_TYPES:
        raise BadRequest(f"type must be one of: {', '.join(NUMBER_TYPES)}")
    cnam = arg(query, "cnam_lookup") or None
    if cnam is not None and cnam not in CNAM:
        raise BadRequest(f"cnam_lookup must be one of: {', '.join(CNAM)}")
    return NumberFilter(
        number_type=kind,
        number_startswith=digits(arg(query, "number_startswith"), "number_startswith"),
        subaccount=arg(query, "subaccount") or None,
        alias=arg(query, "alias") or None,
        services=services(query),
        cnam_lookup=cnam,
        object_type=arg(query, "object_type") or None,
        object_id=arg(query, "object_id") or None,
        exact=tuple((k, v) for k in _EXACT_FILTERS if (v := arg(query, k))),
        renewal=_renewal(query),
    )


def _renewal(query: Query) -> tuple[tuple[str, str], ...]:
    found = []
    for suffix, op in _RENEWAL_OPS.items():
        value = arg(query, "renewal_date" + suffix)
        if not value:
            continue
        if not _DATE.match(value):
            raise BadRequest(f"renewal_date{suffix} must be a date in YYYY-MM-DD format")
        found.append((op, value))
    return tuple(found)


# -- number bodies: buy, update, add from carrier ---------------------------------------------


@dataclass(frozen=True)
class Link:
    """What a number should point at: ``app_id`` and/or a (``object_type``, ``object_id``) pair.

    ``app_id == ""`` unlinks the application; ``object_type == object_id == ""`` unlinks the object.
    """

    app_id: str | None = None
    object_type: str | None = None
    object_id: str | None = None

    @property
    def sets_object(self) -> bool:
        """True when the request links a new object."""
        return bool(self.object_id)

    @property
    def clears_object(self) -> bool:
        """True when the request explicitly unlinks the object."""
        return self.object_type == "" and self.object_id == ""


def parse_link(body: Body) -> Link:
    """``app_id``/``object_type``/``object_id`` with the private-beta pairing rules."""
    link = Link(
        app_id=opt_str(body, "app_id"),
        object_type=opt_str(body, "object_type"),
        object_id=opt_str(body, "object_id"),
    )
    # Plivo's private-beta update page: each of object_type/object_id is mandatory with the other.
    if (link.object_type is None) != (link.object_id is None) or bool(link.object_type) != bool(
        link.object_id
    ):
        raise BadRequest("object_type and object_id must be given together")
    if link.object_type and link.object_type not in OBJECT_TYPES:
        raise BadRequest(f"object_type must be one of: {', '.join(OBJECT_TYPES)}")
    # "You may use either app_id or object_id but not both" (private-beta buy page).
    if link.app_id and link.sets_object:
        raise BadRequest("use either app_id or object_id, not both")
    return link


@dataclass(frozen=True)
class BuyOptions:
    """Body of ``POST PhoneNumber/{number}/`` (an extra ``number`` key from the Python SDK is ignored)."""

    link: Link
    cnam_lookup: str | None = None
    ha_enable: bool = False
    verification_info: dict[str, Any] | None = None
    compliance_application_id: str | None = None

    @classmethod
    def from_body(cls, body: Body) -> BuyOptions:
        """Parse and type-check a buy body."""
        return cls(
            link=parse_link(body),
            cnam_lookup=opt_choice(body, "cnam_lookup", CNAM),
            ha_enable=bool(opt_bool(body, "ha_enable")),
            verification_info=opt_dict(body, "verification_info"),
            compliance_application_id=opt_str(body, "compliance_application_id", COMPLIANCE_ID_MAX),
        )


@dataclass(frozen=True)
class NumberUpdate:
    """Body of ``POST Number/{number}/``."""

    link: Link
    alias: str | None = None
    subaccount: str | None = None
    cnam_lookup: str | None = None
    compliance_application_id: str | None = None
    message_url: str | None = None
    message_method: str | None = None
    verification_info: dict[str, Any] | None = None

    @classmethod
    def from_body(cls, body: Body) -> NumberUpdate:
        """Parse and type-check an update body."""
        update = cls(
            link=parse_link(body),
            alias=opt_str(body, "alias", ALIAS_MAX),
            subaccount=subaccount_id(opt_str(body, "subaccount")),
            cnam_lookup=opt_choice(body, "cnam_lookup", CNAM),
            compliance_application_id=opt_str(body, "compliance_application_id", COMPLIANCE_ID_MAX),
            message_url=opt_url(body, "message_url"),
            message_method=opt_choice(body, "message_method", METHODS, upper=True),
            verification_info=opt_dict(body, "verification_info"),
        )
        # Private-beta update page: message_url and message_method are each required with the other.
        if (update.message_url is None) != (update.message_method is None):
            raise BadRequest("message_url and message_method must be given together")
        return update


@dataclass(frozen=True)
class CarrierNumbers:
    """Body of ``POST Number/`` (add numbers from your own carrier)."""

    numbers: tuple[str, ...]
    carrier: str
    region: str
    number_type: str = "local"
    app_id: str | None = None
    subaccount: str | None = None

    @classmethod
    def from_body(cls, body: Body) -> CarrierNumbers:
        """Parse a carrier-number body; ``numbers`` is a comma list (or a JSON list of strings)."""
        return cls(
            numbers=_number_list(body.get("numbers")),
            carrier=req_str(body, "carrier", NAME_MAX),
            region=req_str(body, "region", NAME_MAX),
            number_type=opt_choice(body, "number_type", NUMBER_TYPES) or "local",
            app_id=opt_str(body, "app_id"),
            subaccount=subaccount_id(opt_str(body, "subaccount")),
        )


def _number_list(value: object) -> tuple[str, ...]:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = ",".join(value)
    if not isinstance(value, str) or not value.strip():
        raise BadRequest("numbers is required")
    items = tuple(v.strip().removeprefix("+") for v in value.split(",") if v.strip())
    for item in items:
        if not (item.isascii() and item.isdigit() and NUMBER_MIN_DIGITS <= len(item) <= NUMBER_MAX_DIGITS):
            raise BadRequest(f"The number {item} is not a valid number")
    if len(items) > CARRIER_NUMBERS_MAX:
        raise BadRequest(f"numbers accepts at most {CARRIER_NUMBERS_MAX} numbers")
    return items


# -- applications and trunks ------------------------------------------------------------------

_APP_URLS = ("answer_url", "hangup_url", "fallback_answer_url", "message_url")
_APP_METHODS = ("answer_method", "hangup_method", "fallback_method", "message_method")
_APP_FLAGS = ("default_number_app", "default_endpoint_app", "log_incoming_messages", "public_uri")


@dataclass(frozen=True)
class AppFields:
    """Writable fields of an Application; None means "leave unchanged" (or the default on create)."""

    app_name: str | None = None
    answer_url: str | None = None
    answer_method: str | None = None
    hangup_url: str | None = None
    hangup_method: str | None = None
    fallback_answer_url: str | None = None
    fallback_method: str | None = None
    message_url: str | None = None
    message_method: str | None = None
    default_number_app: bool | None = None
    default_endpoint_app: bool | None = None
    subaccount: str | None = None
    log_incoming_messages: bool | None = None
    public_uri: bool | None = None

    @classmethod
    def from_body(cls, body: Body) -> AppFields:
        """Parse and type-check an application body; a given ``app_name`` must not be empty."""
        values: dict[str, Any] = {"app_name": opt_str(body, "app_name", NAME_MAX)}
        if values["app_name"] == "":
            raise BadRequest("app_name is required")
        values.update({k: opt_url(body, k) for k in _APP_URLS})
        values.update({k: opt_choice(body, k, METHODS, upper=True) for k in _APP_METHODS})
        values.update({k: opt_bool(body, k) for k in _APP_FLAGS})
        values["subaccount"] = subaccount_id(opt_str(body, "subaccount"))
        return cls(**values)

    def changes(self) -> dict[str, Any]:
        """The given fields, keyed by Application attribute name (``subaccount`` excluded)."""
        return {k: v for k, v in self.__dict__.items() if v is not None and k != "subaccount"}


@dataclass(frozen=True)
class AppDeletion:
    """Options of ``DELETE Application/{app_id}/`` (body or query string, as the SDKs differ).

    Both concern SIP endpoints: ``cascade`` deletes the endpoints mapped to the application and
    ``new_endpoint_application`` re-maps them.
    """

    cascade: bool | None = None
    new_endpoint_application: str | None = None

    @classmethod
    def parse(cls, body: Body, query: Query) -> AppDeletion:
        """Parse and type-check the options."""
        new_app = opt_str(body, "new_endpoint_application")
        if new_app is None:
            new_app = arg(query, "new_endpoint_application")
        return cls(body_or_query_bool(body, query, "cascade"), new_app or None)


@dataclass(frozen=True)
class TrunkFields:
    """Writable fields of a Zentrunk trunk."""

    name: str | None = None
    trunk_direction: str | None = None
    trunk_status: str | None = None
    secure: bool | None = None

    @classmethod
    def from_body(cls, body: Body) -> TrunkFields:
        """Parse and type-check a trunk body."""
        return cls(
            name=opt_str(body, "name", NAME_MAX),
            trunk_direction=opt_choice(body, "trunk_direction", ("inbound", "outbound")),
            trunk_status=opt_choice(body, "trunk_status", ("enabled", "disabled")),
            secure=opt_bool(body, "secure"),
        )

    def changes(self) -> dict[str, Any]:
        """The given fields, keyed by Trunk attribute name."""
        return {k: v for k, v in self.__dict__.items() if v is not None}


ENDPOINT_USERNAME = re.compile(r"^[A-Za-z0-9]{1,64}$")
"""A requested endpoint username: letters and digits only, as Plivo documents; the length, 64, is
the emulator's choice (Plivo documents none)."""
ENDPOINT_PASSWORD_MIN = 5
"""Plivo documents endpoint passwords of at least five characters."""


@dataclass(frozen=True)
class EndpointFields:
    """Writable fields of a SIP endpoint; ``username`` only at creation. Errors never quote a value."""

    username: str | None = None
    password: str | None = None
    alias: str | None = None
    app_id: str | None = None

    @classmethod
    def from_body(cls, body: Body, *, create: bool) -> EndpointFields:
        """Parse and type-check a create (every required field) or an update body."""
        required = ("username", "password", "alias") if create else ()
        given = {key: opt_str(body, key, NAME_MAX) for key in ("username", "password", "alias")}
        for key in required:
            if not given[key]:
                raise BadRequest(f"{key} is required")
        username = given["username"] if create else None
        if username is not None and not ENDPOINT_USERNAME.match(username):
            raise BadRequest("username must be letters and digits only, at most 64")
        password = given["password"]
        if password is not None and len(password) < ENDPOINT_PASSWORD_MIN:
            raise BadRequest(f"password must be at least {ENDPOINT_PASSWORD_MIN} characters")
        return cls(username, password, given["alias"], opt_str(body, "app_id") or None)


APPLICATION_TYPES = ("XML", "PHLO")
POOL_SERVICES = ("sms", "mms")
PRIORITY_SERVICES = ("SMS", "MMS")
PRIORITY_CHANNELS = ("shortcode", "longcode", "tollfree")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class PowerpackFields:
    """Writable fields of a Powerpack (``smart_sender``, a spelling seen in Plivo's answers, is
    read as ``sticky_sender``)."""

    name: str | None = None
    sticky_sender: bool | None = None
    local_connect: bool | None = None
    application_type: str | None = None
    application_id: str | None = None
    number_priority: list[dict[str, Any]] | None = None

    @classmethod
    def from_body(cls, body: Body, *, create: bool) -> PowerpackFields:
        """Parse and type-check a create (``name`` required) or update body."""
        name = req_str(body, "name", NAME_MAX) if create else opt_str(body, "name", NAME_MAX)
        sticky = opt_bool(body, "sticky_sender")
        application_type = opt_str(body, "application_type")
        if application_type and application_type.upper() not in APPLICATION_TYPES:
            raise BadRequest(f"application_type must be one of: {', '.join(APPLICATION_TYPES)}")
        return cls(
            name=name,
            sticky_sender=opt_bool(body, "smart_sender") if sticky is None else sticky,
            local_connect=opt_bool(body, "local_connect"),
            application_type=application_type.upper() if application_type else application_type,
            application_id=opt_str(body, "application_id"),
            number_priority=_number_priority(body.get("number_priority")),
        )

    def changes(self) -> dict[str, Any]:
        """The given fields, keyed by Powerpack attribute name."""
        return {k: v for k, v in self.__dict__.items() if v is not None}


def _number_priority(value: Any) -> list[dict[str, Any]] | None:
    """``[{service_type, country_iso, priority: {priority1, priority2, priority3}}]``, checked."""
    if value is None:
        return None
    if not isinstance(value, list):
        raise BadRequest("number_priority must be a list")
    for index, entry in enumerate(value):
        where = f"number_priority[{index}]"
        if not isinstance(entry, dict):
            raise BadRequest(f"{where} must be an object")
        if entry.get("service_type") not in PRIORITY_SERVICES:
            raise BadRequest(f"{where}.service_type must be one of: {', '.join(PRIORITY_SERVICES)}")
        if not isinstance(entry.get("country_iso"), str) or not _COUNTRY.match(entry["country_iso"]):
            raise BadRequest(f"{where}.country_iso must be a two-letter country code")
        priority = entry.get("priority")
        if not isinstance(priority, dict) or any(v not in PRIORITY_CHANNELS for v in priority.values()):
            raise BadRequest(f"{where}.priority values must be one of: {', '.join(PRIORITY_CHANNELS)}")
    return value


@dataclass(frozen=True)
class PoolAdd:
    """Body of ``POST NumberPool/{pool}/Number/{n}/``: the service, and ``rent`` (buy it first)."""

    service: str
    rent: bool

    @classmethod
    def from_body(cls, body: Body) -> PoolAdd:
        """Parse and type-check the body (``service`` defaults to ``sms``)."""
        return cls(opt_choice(body, "service", POOL_SERVICES) or "sms", bool(opt_bool(body, "rent")))


@dataclass(frozen=True)
class PoolFilter:
    """Filters of ``GET NumberPool/{pool}/Number/``."""

    starts_with: str | None = None
    country_iso2: str | None = None
    type: str | None = None
    service: str | None = None

    @classmethod
    def parse(cls, query: Query) -> PoolFilter:
        """Read the filters from a query string."""
        return cls(
            arg(query, "starts_with"), arg(query, "country_iso2"), arg(query, "type"), arg(query, "service")
        )
