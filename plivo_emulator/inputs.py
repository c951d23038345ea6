"""Inputs of the mutating operations, parsed from JSON bodies; None always means "not given"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from plivo_emulator.errors import BadRequest
from plivo_emulator.params import (
    NUMBER_TYPES,
    OBJECT_TYPES,
    Body,
    opt_bool,
    opt_choice,
    opt_dict,
    opt_str,
    opt_url,
    req_str,
    subaccount_id,
)

CNAM = ("enabled", "disabled")
METHODS = ("GET", "POST")


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
            compliance_application_id=opt_str(body, "compliance_application_id", 64),
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
            alias=opt_str(body, "alias", 256),
            subaccount=subaccount_id(opt_str(body, "subaccount")),
            cnam_lookup=opt_choice(body, "cnam_lookup", CNAM),
            compliance_application_id=opt_str(body, "compliance_application_id", 64),
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
            carrier=req_str(body, "carrier", 128),
            region=req_str(body, "region", 128),
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
        if not (item.isascii() and item.isdigit() and 8 <= len(item) <= 15):
            raise BadRequest(f"The number {item} is not a valid number")
    if len(items) > 100:
        raise BadRequest("numbers accepts at most 100 numbers")
    return items


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
        """Parse and type-check an application body."""
        urls = ("answer_url", "hangup_url", "fallback_answer_url", "message_url")
        methods = ("answer_method", "hangup_method", "fallback_method", "message_method")
        flags = ("default_number_app", "default_endpoint_app", "log_incoming_messages", "public_uri")
        values: dict[str, Any] = {"app_name": opt_str(body, "app_name", 128)}
        values.update({k: opt_url(body, k) for k in urls})
        values.update({k: opt_choice(body, k, METHODS, upper=True) for k in methods})
        values.update({k: opt_bool(body, k) for k in flags})
        values["subaccount"] = subaccount_id(opt_str(body, "subaccount"))
        return cls(**values)

    def changes(self) -> dict[str, Any]:
        """The given fields, keyed by Application attribute name (``subaccount`` excluded)."""
        return {k: v for k, v in self.__dict__.items() if v is not None and k != "subaccount"}


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
            name=opt_str(body, "name", 128),
            trunk_direction=opt_choice(body, "trunk_direction", ("inbound", "outbound")),
            trunk_status=opt_choice(body, "trunk_status", ("enabled", "disabled")),
            secure=opt_bool(body, "secure"),
        )

    def changes(self) -> dict[str, Any]:
        """The given fields, keyed by Trunk attribute name."""
        return {k: v for k, v in self.__dict__.items() if v is not None}
