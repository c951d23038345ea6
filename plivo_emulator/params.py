"""Typed parsing of JSON bodies and query strings into operation inputs; bad input raises BadRequest.

Conventions (Plivo's texts for these cases are unknown, so the emulator names the field):
``"<field> must be a string"``, ``"<field> must be a boolean"``, ``"<field> must be one of: a, b"``,
``"<field> is required"``. A JSON ``null`` counts as "not given", the way the SDKs drop ``None``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import MultiDict

from plivo_emulator.errors import BadRequest
from plivo_emulator.inventory import SEARCH_TYPES, SERVICES, SearchQuery

Body = Mapping[str, Any]
Query = MultiDict[str, str]

MAX_PAGE = 20
NUMBER_TYPES = ("local", "mobile", "tollfree", "national", "fixed")
OBJECT_TYPES = ("trunk",)  # phlo and xml are announced by Plivo but not live yet
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DIGITS = re.compile(r"^[0-9]{1,15}$")
_SUBACCOUNT = re.compile(r"^SA[A-Z0-9]{18}$")


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
    value = opt_str(body, key, 255)
    if value and not re.match(r"^https?://[^\s/]+", value):
        raise BadRequest(f"{key} must be a valid http or https URL")
    return value


def opt_dict(body: Body, key: str) -> dict[str, Any] | None:
    """A JSON object field."""
    value = body.get(key)
    if value is None or isinstance(value, dict):
        return value
    raise BadRequest(f"{key} must be an object")


def page(args: Query) -> tuple[int, int]:
    """``limit`` (1..20, default 20) and ``offset`` (>= 0, default 0) from a query string."""
    limit = _query_int(args, "limit", MAX_PAGE)
    offset = _query_int(args, "offset", 0)
    if not 1 <= limit <= MAX_PAGE:
        raise BadRequest(f"limit must be an integer between 1 and {MAX_PAGE}")
    if offset < 0:
        raise BadRequest("offset must be a non-negative integer")
    return limit, offset


def _query_int(args: Query, key: str, default: int) -> int:
    text = args.get(key)
    if text is None or text == "":
        return default
    try:
        return int(text)
    except ValueError:
        raise BadRequest(f"{key} must be an integer") from None


def services(args: Query, key: str = "services") -> frozenset[str]:
    """Comma-separated (or repeated) services, each one of voice, sms, mms."""
    wanted = {s.strip().lower() for v in args.getlist(key) for s in v.split(",") if s.strip()}
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


def search_query(args: Query) -> SearchQuery:
    """Filters of ``GET PhoneNumber/``; ``country_iso`` is required."""
    country = (args.get("country_iso") or "").strip().upper()
    if not country:
        raise BadRequest("country_iso is required")
    if not re.match(r"^[A-Z]{2}$", country):
        raise BadRequest("country_iso must be a two-letter ISO 3166 code")
    kind = (args.get("type") or "any").lower()
    if kind not in SEARCH_TYPES:
        raise BadRequest(f"type must be one of: {', '.join(SEARCH_TYPES)}")
    return SearchQuery(
        country_iso=country,
        type=kind,
        pattern=digits(args.get("pattern"), "pattern"),
        region=args.get("region") or None,
        city=args.get("city") or None,
        services=services(args),
        lata=_lata(args.get("lata")),
        rate_center=args.get("rate_center") or None,
        npanxx=digits(args.get("npanxx"), "npanxx"),
        local_calling_area=(args.get("local_calling_area") or "").lower() in ("true", "1"),
    )


def _lata(text: str | None) -> int | None:
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        raise BadRequest("lata must be an integer")
    return int(text)


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


def number_filter(args: Query) -> NumberFilter:
    """Filters of ``GET Number/``; ``type`` and ``number_type`` are synonyms (Python vs Go SDK)."""
    kind = (args.get("type") or args.get("number_type") or "").lower() or None
    if kind is not None and kind not in NUMBER_TYPES:
        raise BadRequest(f"type must be one of: {', '.join(NUMBER_TYPES)}")
    cnam = args.get("cnam_lookup") or None
    if cnam is not None and cnam not in ("enabled", "disabled"):
        raise BadRequest("cnam_lookup must be one of: enabled, disabled")
    return NumberFilter(
        number_type=kind,
        number_startswith=digits(args.get("number_startswith"), "number_startswith"),
        subaccount=args.get("subaccount") or None,
        alias=args.get("alias") or None,
        services=services(args),
        cnam_lookup=cnam,
        object_type=args.get("object_type") or None,
        object_id=args.get("object_id") or None,
        exact=tuple((k, args[k]) for k in _EXACT_FILTERS if args.get(k)),
        renewal=_renewal(args),
    )


def _renewal(args: Query) -> tuple[tuple[str, str], ...]:
    found = []
    for suffix, op in _RENEWAL_OPS.items():
        value = args.get("renewal_date" + suffix)
        if not value:
            continue
        if not _DATE.match(value):
            raise BadRequest(f"renewal_date{suffix} must be a date in YYYY-MM-DD format")
        found.append((op, value))
    return tuple(found)


def subaccount_id(value: str | None, key: str = "subaccount") -> str | None:
    """A subaccount auth_id (``SA`` + 18 characters); "" is passed through (it means "none")."""
    if value and not _SUBACCOUNT.match(value):
        raise BadRequest(f"invalid {key}")
    return value
