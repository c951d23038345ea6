"""plivo_provider.resource: ``PhoneNumber``, the resource a Pulumi program declares."""

# No `from __future__ import annotations` here: Pulumi's SDK reads a resource class's annotations
# for every resource it registers (typing.get_type_hints), and real objects cost it half the time
# strings do (measured: 0.45 vs 0.86 ms per resource).

from collections.abc import Sequence
from typing import Any

import pulumi
from pulumi.dynamic import Resource

from .identity import stack_namespace
from .provider import PhoneNumberProvider
from .registration import refuse_replace_on_changes, resource_path
from .schema import PHONE_NUMBER


class PhoneNumber(Resource, module="plivo", name="PhoneNumber"):
    """A Plivo phone number rented by this stack (type ``pulumi-python:dynamic/plivo:PhoneNumber``).

    Declare either ``number`` (buy exactly this number, or adopt it if the account
    already rents it) or search criteria starting with ``country_iso`` (buy a
    matching number once; the number is pinned from then on).

    Every output below is a typed ``pulumi.Output``; the fields are listed once,
    in :data:`plivo_provider.schema.PHONE_NUMBER`.
    """

    number: pulumi.Output[str]
    app_id: pulumi.Output[str | None]
    alias: pulumi.Output[str | None]
    object_type: pulumi.Output[str | None]
    object_id: pulumi.Output[str | None]
    cnam_lookup: pulumi.Output[str | None]
    subaccount: pulumi.Output[str | None]
    country_iso: pulumi.Output[str | None]
    number_type: pulumi.Output[str | None]
    region: pulumi.Output[str | None]
    city: pulumi.Output[str | None]
    status: pulumi.Output[str]
    acquired: pulumi.Output[str]
    monthly_rental_rate: pulumi.Output[str | None]
    setup_rate: pulumi.Output[str | None]
    renewal_date: pulumi.Output[str | None]
    added_on: pulumi.Output[str | None]
    voice_enabled: pulumi.Output[bool]
    sms_enabled: pulumi.Output[bool]
    mms_enabled: pulumi.Output[bool]
    active: pulumi.Output[bool]
    compliance_status: pulumi.Output[str | None]
    declared: pulumi.Output[dict[str, Any]]

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
        """Declare a Plivo phone number: a specific ``number``, or criteria starting with ``country_iso``."""
        given = locals()
        inputs = {
            name: _wire(name, given[name]) for name in PHONE_NUMBER.arguments if given[name] is not None
        }
        refuse_replace_on_changes("PhoneNumber", resource_name, opts)
        inputs.update(claim_inputs(resource_name, opts))
        super().__init__(PhoneNumberProvider(), resource_name, PHONE_NUMBER.props(inputs), opts)

    __init__.__doc__ = PHONE_NUMBER.constructor_doc(__init__.__doc__ or "")


def claim_inputs(resource_name: str, opts: pulumi.ResourceOptions | None) -> dict[str, Any]:
    """The internal inputs that say whose a number is (:mod:`plivo_provider.claims`)."""
    path = resource_path(resource_name, opts)
    return {
        "claim_key": f"{pulumi.get_project()}/{pulumi.get_stack()}/{path}",
        "claim_namespace": stack_namespace(),
        "resource_path": path,
    }


def _wire(name: str, value: Any) -> Any:
    """A value as the SDK can send it: tuples as lists, and integers of digit fields as exact text.

    The SDK sends every number as a double, so ``app_id=10000000000000003`` would reach the
    provider as 1.0000000000000004e16; as text it arrives as typed.
    """
    if isinstance(value, tuple):
        return list(value)
    if PHONE_NUMBER[name].exact_int:
        if isinstance(value, pulumi.Output):
            return value.apply(_exact_text)
        return _exact_text(value)
    return value


def _exact_text(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value
