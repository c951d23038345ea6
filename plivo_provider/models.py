"""plivo_provider.models: the shapes of Plivo's numbers API payloads, as typed dicts."""

from __future__ import annotations

from typing import TypedDict


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
