"""plivo_provider.resource: ``PhoneNumber``, the resource a Pulumi program declares."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pulumi
from pulumi.dynamic import Resource

from .provider import PhoneNumberProvider
from .state import OUTPUT_KEYS


class PhoneNumber(Resource, module="plivo", name="PhoneNumber"):
    """A Plivo phone number rented by this stack (type ``pulumi-python:dynamic/plivo:PhoneNumber``).

    Declare either ``number`` (buy exactly this number, or adopt it if the account
    already rents it) or search criteria starting with ``country_iso`` (buy a
    matching number once; the number is pinned from then on).

    :param resource_name: the Pulumi resource name.
    :param number: E.164 number, e.g. ``"+14155550100"``; changing it replaces the resource.
    :param app_id: Plivo application to link; omitted at purchase, Plivo links the account's
        default app; removed later, the app is unlinked.
    :param alias: a label shown in the Plivo console.
    :param object_type: ``"trunk"`` to link a SIP trunk instead of an app (with ``object_id``).
    :param object_id: the trunk ID.
    :param cnam_lookup: ``"enabled"`` or ``"disabled"`` (US and Canadian numbers only).
    :param subaccount: move the number to this subaccount (``SA...``).
    :param country_iso: criteria: ISO country code, e.g. ``"US"``.
    :param number_type: criteria: ``local``, ``mobile``, ``tollfree``, ``fixed``, ``national`` or ``any``.
    :param pattern: criteria: digits the number starts with after the country code (``"415"``).
    :param region: criteria: region name, e.g. ``"California"``.
    :param city: criteria: city name.
    :param services: criteria: capabilities needed, from ``voice``, ``sms``, ``mms``.
    :param max_monthly_rate: criteria: never buy above this monthly rent (USD), e.g. ``"1.00"``.
    :param max_setup_rate: criteria: never buy above this setup fee (USD).
    :param activation_timeout: seconds to wait for a number pending verification to become active.
    """

    number: pulumi.Output[str]
    status: pulumi.Output[str]
    acquired: pulumi.Output[str]
    app_id: pulumi.Output[str | None]
    alias: pulumi.Output[str | None]
    country_iso: pulumi.Output[str | None]
    monthly_rental_rate: pulumi.Output[str | None]
    active: pulumi.Output[bool]

    def __init__(
        self,
        resource_name: str,
        number: pulumi.Input[str] | None = None,
        app_id: pulumi.Input[str] | None = None,
        alias: pulumi.Input[str] | None = None,
        *,
        object_type: pulumi.Input[str] | None = None,
        object_id: pulumi.Input[str] | None = None,
        cnam_lookup: pulumi.Input[str] | None = None,
        subaccount: pulumi.Input[str] | None = None,
        country_iso: pulumi.Input[str] | None = None,
        number_type: pulumi.Input[str] | None = None,
        pattern: pulumi.Input[str] | None = None,
        region: pulumi.Input[str] | None = None,
        city: pulumi.Input[str] | None = None,
        services: pulumi.Input[Sequence[str]] | None = None,
        max_monthly_rate: pulumi.Input[str] | None = None,
        max_setup_rate: pulumi.Input[str] | None = None,
        activation_timeout: pulumi.Input[float] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        inputs: dict[str, Any] = {
            "number": number,
            "app_id": app_id,
            "alias": alias,
            "object_type": object_type,
            "object_id": object_id,
            "cnam_lookup": cnam_lookup,
            "subaccount": subaccount,
            "country_iso": country_iso,
            "number_type": number_type,
            "pattern": pattern,
            "region": region,
            "city": city,
            "services": list(services) if isinstance(services, (list, tuple)) else services,
            "max_monthly_rate": max_monthly_rate,
            "max_setup_rate": max_setup_rate,
            "activation_timeout": activation_timeout,
        }
        if number is None:
            # Unique per resource: marks a number bought by criteria so a re-run finds it.
            inputs["claim_key"] = f"{pulumi.get_project()}/{pulumi.get_stack()}/{resource_name}"
        props = {key: None for key in OUTPUT_KEYS}
        props.update({key: value for key, value in inputs.items() if value is not None})
        super().__init__(PhoneNumberProvider(), resource_name, props, opts)
