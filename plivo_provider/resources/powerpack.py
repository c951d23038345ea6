"""plivo_provider.resources.powerpack: ``Powerpack``, a Plivo messaging pool of numbers.

Its field table (:data:`POWERPACK`), its kind (Plivo's Powerpack API) and its resource class.
``POST Powerpack/{uuid}/`` takes every setting, the name included, so all update in place. A
Powerpack is found again by its name (adopted, never created twice after an ambiguous answer).

**Its number pool has its own uuid.** Numbers join the pool, not the Powerpack: Plivo's answer
names the pool by a URI (``number_pool``), and :attr:`Powerpack.number_pool_id` is the uuid at
its end, which numbers take by reference.

**Money safety.** The delete sends ``unrent_numbers: false``, so the pool's numbers stay rented.
What Plivo does with numbers still in a deleted pool is documented nowhere, so the delete is
refused while the pool holds any: by then the stack's own numbers have left it (Pulumi updates
them before it deletes what the program dropped, and destroys them before the Powerpack), so the
ones left are numbers the stack does not manage, and the error names them.
"""

# No `from __future__ import annotations` here: see resources/application.py.

import contextlib
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
from pulumi.dynamic import Resource

from ..api.client import PlivoClient
from ..api.errors import NotFoundError, ValidationError
from ..api.models import pool_uuid
from ..inputs.named_objects import normalize_flag, normalize_name, required
from ..inputs.validation import OBJECT_ID_RE, ascii_text, matching, normalize_country, shown
from ..lifecycle.by_name import NamedKind
from ..lifecycle.fields import Change, Failure, Field, Invalid, ResourceSpec, Send, is_unknown
from ..lifecycle.provider import KindProvider, Record
from ..lifecycle.registration import RESOURCE_PATH, declared_props

APPLICATION_TYPES = ("XML", "PHLO")
PRIORITY_SERVICES = ("SMS", "MMS")
"""The ``service_type`` of a ``number_priority`` entry."""
PRIORITY_CHANNELS = ("shortcode", "longcode", "tollfree")
"""What a priority slot names: the kind of number sent from first, second, third."""
PRIORITY_SLOTS = ("priority1", "priority2", "priority3")
PRIORITY_MAX = 100
"""Most ``number_priority`` entries accepted (one per country and service; the provider's bound)."""
NAMED_MAX = 10
"""Most pool members one refusal names."""


def normalize_application_type(value: Any) -> str:
    """``"xml"`` → ``"XML"``: what ``application_id`` is, an XML application or a PHLO."""
    text = ascii_text(value, "'XML' or 'PHLO'").upper()
    if text not in APPLICATION_TYPES:
        raise Invalid(f"must be 'XML' or 'PHLO'; got {shown(value)}")
    return text


def _priority_entry(index: int, entry: Any) -> dict[str, Any]:
    where = f"entry {index}"
    if not isinstance(entry, Mapping):
        raise Invalid(f"{where} must be a mapping {{service_type, country_iso, priority}}")
    unknown = sorted(set(entry) - {"service_type", "country_iso", "priority"})
    if unknown:
        raise Invalid(
            f"{where} has unknown keys {', '.join(unknown)}; use service_type, country_iso, priority"
        )
    service = str(entry.get("service_type", "")).upper()
    if service not in PRIORITY_SERVICES:
        raise Invalid(f"{where}: service_type must be 'SMS' or 'MMS'; got {shown(entry.get('service_type'))}")
    try:
        country = normalize_country(entry.get("country_iso"))
    except Invalid as exc:
        raise Invalid(f"{where}: country_iso {exc}") from None
    priority = entry.get("priority")
    if not isinstance(priority, Mapping) or not priority or set(priority) - set(PRIORITY_SLOTS):
        raise Invalid(
            f"{where}: priority must map {', '.join(PRIORITY_SLOTS)} to {', '.join(PRIORITY_CHANNELS)}"
        )
    for slot, channel in priority.items():
        if channel not in PRIORITY_CHANNELS:
            raise Invalid(
                f"{where}: priority.{slot} must be one of {', '.join(PRIORITY_CHANNELS)}; "
                f"got {shown(channel)}"
            )
    return {"service_type": service, "country_iso": country, "priority": dict(sorted(priority.items()))}


def normalize_number_priority(value: Any) -> list[dict[str, Any]]:
    """Each country's order of number kinds to send from; one entry per country and service.

    It orders, it does not restrict: a country without an entry uses Plivo's default order.
    """
    if not isinstance(value, (list, tuple)):
        raise Invalid("must be a list of {service_type, country_iso, priority} mappings")
    if len(value) > PRIORITY_MAX:
        raise Invalid(f"has {len(value)} entries; at most {PRIORITY_MAX}")
    entries = [_priority_entry(index, entry) for index, entry in enumerate(value)]
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        key = (entry["country_iso"], entry["service_type"])
        if key in seen:
            raise Invalid(f"declares {key[1]} for {key[0]} twice; keep one entry per country and service")
        seen.add(key)
    return entries


def _flag(name: str, doc: str) -> Field:
    return Field(
        name, doc, "bool", input=Change.IN_PLACE, output=True, normalize=normalize_flag, send=Send.CREATE
    )


def _powerpack_rules(inputs: Mapping[str, Any]) -> list[Failure]:
    """A name; and an ``application_id`` says what it is (``application_type``)."""
    if "name" not in inputs:
        return required("name", "name='dev-sms'")
    if "application_id" in inputs and "application_type" not in inputs:
        return [("application_type", "application_id needs application_type='XML' (an app) or 'PHLO'")]
    return []


POWERPACK = ResourceSpec(
    "Powerpack",
    (
        Field(
            "name",
            "the Powerpack's name, unique in the account: a Powerpack of this name is adopted, "
            "not duplicated.",
            "str",
            input=Change.IN_PLACE,
            output=True,
            normalize=normalize_name,
            send=Send.CREATE,
            config_name="powerpackName",  # stack-config lists use "name" for the resource's own name
        ),
        _flag(
            "sticky_sender", "send to a contact from the number it last heard from (Plivo's default: True)."
        ),
        _flag(
            "local_connect",
            "send from a number local to the recipient where the pool has one (default True).",
        ),
        Field(
            "application_type",
            "``XML`` (``application_id`` is an application) or ``PHLO``.",
            "str | None",
            input=Change.IN_PLACE,
            output=True,
            normalize=normalize_application_type,
            send=Send.CREATE,
        ),
        Field(
            "application_id",
            "the application (or PHLO) the pool's incoming messages go to, e.g. ``app.app_id``.",
            "str | None",
            input=Change.IN_PLACE,
            output=True,
            normalize=matching(OBJECT_ID_RE, "20468599130939380"),
            send=Send.CREATE,
        ),
        Field(
            "number_priority",
            "per country and service, the order of number kinds to send from: a list of "
            "``{service_type: SMS|MMS, country_iso, priority: {priority1: "
            "shortcode|longcode|tollfree, ...}}``. "
            "It orders, it does not restrict.",
            "list[dict[str, Any]] | None",
            input=Change.IN_PLACE,
            output=True,
            normalize=normalize_number_priority,
            send=Send.CREATE,
        ),
        RESOURCE_PATH,
        Field("powerpack_id", "the Powerpack's uuid; the resource's ``id``.", "str", output=True),
        Field(
            "number_pool_id",
            "the uuid of its number pool (not the Powerpack's): what numbers join, "
            "``PhoneNumber(..., powerpack=pp.number_pool_id)``.",
            "str",
            output=True,
        ),
        Field(
            "member_count",
            "how many numbers the pool holds (a refresh shows console changes).",
            "int",
            output=True,
        ),
        Field("created_on", "when Plivo created it.", "str | None", output=True),
        Field(
            "acquired", "``created``, or ``adopted`` (a Powerpack of this name existed).", "str", output=True
        ),
        Field("declared", "the normalised inputs of the last change.", "dict[str, Any]", output=True),
    ),
    rules=_powerpack_rules,
)


class PowerpackKind(NamedKind):
    """Plivo's Powerpack API, as the lifecycle uses it."""

    spec = POWERPACK
    noun = "Powerpack"
    id_key = "uuid"
    name_key = "name"

    def create_object(self, client: PlivoClient, fields: dict[str, Any]) -> str:
        return client.create_powerpack(**fields)

    def get(self, client: PlivoClient, object_id: str) -> Record:
        """The Powerpack, with its pool's member count (one more call)."""
        record = dict(client.get_powerpack(object_id))
        record["member_count"] = client.count_pool_numbers(str(pool_uuid(record.get("number_pool"))))
        return record

    def find(self, client: PlivoClient, name: str) -> list[Record]:
        return [p for p in client.list_powerpacks() if p.get("name") == name]

    def update(self, client: PlivoClient, object_id: str, fields: dict[str, Any]) -> None:
        client.update_powerpack(object_id, **fields)

    def delete_object(self, client: PlivoClient, object_id: str, state: Mapping[str, Any]) -> None:
        """Delete it, its numbers kept rented; refused while its pool still holds numbers."""
        pool = str(
            state.get("number_pool_id") or pool_uuid(client.get_powerpack(object_id).get("number_pool"))
        )
        members = [str(m.get("number")) for m in client.pool_numbers(pool)]
        if members:
            named = ", ".join(members[:NAMED_MAX]) + (
                f" and {len(members) - NAMED_MAX} more" if len(members) > NAMED_MAX else ""
            )
            raise ValidationError(
                f"Powerpack {object_id} is not deleted: its number pool still holds {len(members)} "
                f"number(s) this stack does not manage ({named}), and what Plivo does with them then "
                "is not documented. "
                "Remove them from the pool in the Plivo console, or declare them with "
                "PhoneNumber(..., powerpack=<pool>) and remove that input, then run again"
            )
        client.delete_powerpack(object_id)

    def outputs(
        self, record: Record, declared: Mapping[str, Any], acquired: str, kept: Mapping[str, Any]
    ) -> dict[str, Any]:
        outs = super().outputs(record, declared, acquired, kept)
        if "number_priority" not in record:
            # Not every answer shows it (the SDK's GET recording does not): keep the declared order.
            outs["number_priority"] = declared.get("number_priority", kept.get("number_priority"))
        return outs

    def record_outputs(self, record: Record) -> dict[str, Any]:
        sticky = record.get("sticky_sender", record.get("smart_sender"))
        application_id = record.get("application_id")
        outs: dict[str, Any] = {
            "uuid": str(record["uuid"]),
            "powerpack_id": str(record["uuid"]),
            "name": record.get("name"),
            "sticky_sender": None if sticky is None else bool(sticky),
            "local_connect": None
            if record.get("local_connect") is None
            else bool(record.get("local_connect")),
            "application_type": record.get("application_type") or None,
            "application_id": str(application_id) if application_id not in (None, "") else None,
            "number_pool_id": pool_uuid(record.get("number_pool")),
            "member_count": int(record.get("member_count") or 0),
            "created_on": record.get("created_on"),
        }
        if "number_priority" in record:
            outs["number_priority"] = record.get("number_priority") or None
        return outs


class PowerpackProvider(KindProvider):
    """Creates or adopts, updates, reads and deletes Powerpacks."""

    kind = PowerpackKind()


class Powerpack(Resource, module="plivo", name="Powerpack"):
    """A Plivo Powerpack managed by this stack (type ``pulumi-python:dynamic/plivo:Powerpack``).

    Numbers join its pool by reference, ``PhoneNumber(..., powerpack=pp.number_pool_id)``. A
    Powerpack the account already has under ``name`` is adopted, not duplicated.

    Every output below is a typed ``pulumi.Output``; the fields are listed once, in
    :data:`POWERPACK` above.
    """

    name: pulumi.Output[str]
    sticky_sender: pulumi.Output[bool]
    local_connect: pulumi.Output[bool]
    application_type: pulumi.Output[str | None]
    application_id: pulumi.Output[str | None]
    number_priority: pulumi.Output[list[dict[str, Any]] | None]
    number_pool_id: pulumi.Output[str]
    member_count: pulumi.Output[int]
    created_on: pulumi.Output[str | None]
    acquired: pulumi.Output[str]
    declared: pulumi.Output[dict[str, Any]]

    def __init__(
        self,
        resource_name: str,
        name: pulumi.Input[str],
        *,
        sticky_sender: pulumi.Input[bool] | None = None,
        local_connect: pulumi.Input[bool] | None = None,
        application_type: pulumi.Input[str] | None = None,
        application_id: pulumi.Input[str] | None = None,
        number_priority: pulumi.Input[list[dict[str, Any]]] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a Powerpack named ``name``."""
        props = declared_props(POWERPACK, resource_name, locals(), opts, id_output="powerpack_id")
        super().__init__(PowerpackProvider(), resource_name, props, opts)

    __init__.__doc__ = POWERPACK.constructor_doc(__init__.__doc__ or "")

    @property
    def powerpack_id(self) -> pulumi.Output[str]:
        """The Powerpack's uuid; the resource's ``id`` (numbers join ``number_pool_id``, not this)."""
        return self.id


# -- a PhoneNumber's membership of a pool -----------------------------------------------------------
#
# ``PhoneNumber(..., powerpack=pp.number_pool_id, powerpack_service="sms")``: the two fields are in
# PHONE_NUMBER's table (in-place inputs); what joining, leaving and moving send is here. A number is
# in at most one pool: one already in another pool is refused by Plivo at ``up`` (the provider does
# not take numbers out of pools it was not told about).

POOL_SERVICES = ("sms", "mms")
DEFAULT_POOL_SERVICE = "sms"
POOL_CHANGE = "__pool_change"
"""The key of an update body that carries a change of pool, not a ``POST Number/{n}/`` field."""


def _service(value: Any) -> str:
    text = ascii_text(value, "'sms' or 'mms'").lower()
    if text not in POOL_SERVICES:
        raise Invalid(f"must be 'sms' or 'mms'; got {shown(value)}")
    return text


MEMBERSHIP_FIELDS = (
    Field(
        "powerpack",
        "the Powerpack number pool the number joins, by reference (``pp.number_pool_id``); "
        "changed, the number moves (it leaves the old pool, then joins the new one); removed, it "
        "leaves the pool and stays rented.",
        "str | None",
        input=Change.IN_PLACE,
        output=True,
        normalize=matching(OBJECT_ID_RE, "pp.number_pool_id of a Powerpack in the program"),
        cleared_when_removed=True,
    ),
    Field(
        "powerpack_service",
        "what the number sends in the pool, ``sms`` (the default) or ``mms``; the number must be "
        "capable of it.",
        "str | None",
        input=Change.IN_PLACE,
        output=True,
        normalize=_service,
    ),
)


def membership_rules(inputs: Mapping[str, Any], criteria: bool) -> list[Failure]:
    """``powerpack_service`` needs ``powerpack``; a number bought by criteria to join a pool must be
    searched with that service (else the number bought might not be able to join)."""
    if "powerpack_service" in inputs and "powerpack" not in inputs:
        return [
            ("powerpack_service", "powerpack_service needs powerpack=pp.number_pool_id (the pool to join)")
        ]
    service = str(inputs.get("powerpack_service") or DEFAULT_POOL_SERVICE)
    services = inputs.get("services")
    unchecked = services is not None and is_unknown(services)
    if "powerpack" in inputs and criteria and not unchecked and service not in (services or ()):
        return [
            (
                "services",
                f"services must include {service!r}: the number bought joins a Powerpack pool for "
                f"{service}, so add it, e.g. services=['voice', {service!r}]",
            )
        ]
    return []


def capability_failure(number: str, record: Mapping[str, Any] | None, service: str) -> str | None:
    """Why the number (its account record or its offer) cannot join a pool for ``service``."""
    if record is None or bool(record.get(f"{service}_enabled")):
        return None
    return (
        f"{number} is not {service}-enabled, so it cannot join a Powerpack pool for {service}: "
        "declare another number, or remove powerpack"
    )


POOL_FIELDS = tuple(f.name for f in MEMBERSHIP_FIELDS)
"""Inputs a number's ``POST Number/{n}/`` never carries: they go to the pool's API."""


def pool_change(
    olds: Mapping[str, Any], news: Mapping[str, Any], changed: Sequence[str], body: dict[str, Any]
) -> dict[str, Any]:
    """``body`` plus one :data:`POOL_CHANGE` when a pool field is among the ``changed`` settings."""
    if not set(POOL_FIELDS) & set(changed):
        return body
    body[POOL_CHANGE] = {
        "from": olds.get("powerpack") or None,
        "to": news.get("powerpack") or None,
        "service": news.get("powerpack_service") or DEFAULT_POOL_SERVICE,
    }
    return body


def apply_pool_change(client: PlivoClient, number: str, change: Mapping[str, Any]) -> None:
    """Leave the old pool (kept rented) when the pool changes, then join the new one."""
    old, new, service = change.get("from"), change.get("to"), str(change.get("service"))
    if new:
        problem = capability_failure(number, client.get_number(number), service)
        if problem:
            raise ValidationError(problem)
    if old and old != new:
        with contextlib.suppress(NotFoundError):  # out of it already (the console; the pool is gone)
            client.remove_pool_number(str(old), number)
    if new:
        client.add_pool_number(str(new), number, service)


def join_after_buy(client: PlivoClient, number: str, inputs: Mapping[str, Any]) -> None:
    """Put a number just bought or adopted into its declared pool."""
    if inputs.get("powerpack"):
        change = {
            "to": inputs["powerpack"],
            "service": inputs.get("powerpack_service") or DEFAULT_POOL_SERVICE,
        }
        apply_pool_change(client, number, change)
