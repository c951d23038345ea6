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
    """An application (``GET Application/{id}/``)."""

    app_id: str
    app_name: str
    default_number_app: bool
