"""plivo_provider.trunk: ``Trunk``, a Zentrunk inbound SIP trunk that numbers can link to."""

# No `from __future__ import annotations` here: Pulumi's SDK reads a resource class's annotations
# for every resource it registers (typing.get_type_hints), and real objects cost it half the time
# strings do (measured: 0.45 vs 0.86 ms per resource).

from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import Resource

from .client import PlivoClient
from .declared_ids import TRUNKS
from .object_provider import ObjectProvider
from .objects import Record
from .registration import refuse_replace_on_changes, resource_path
from .target_fields import TRUNK

INBOUND = "inbound"


class TrunkKind:
    """Plivo's Zentrunk trunk API, as :class:`~plivo_provider.object_provider.ObjectProvider` uses it."""

    spec = TRUNK
    noun = "trunk"
    id_key = "trunk_id"
    name_key = "name"
    declared_ids = TRUNKS

    def create(self, client: PlivoClient, fields: dict[str, Any]) -> str:
        # Numbers link only to inbound trunks, so that is the only kind this resource makes.
        return client.create_trunk(**fields, trunk_direction=INBOUND)

    def get(self, client: PlivoClient, object_id: str) -> Record:
        return client.get_trunk(object_id)

    def find(self, client: PlivoClient, name: str) -> list[Record]:
        # The trunk listing has no name filter: the account's trunks are few.
        return [trunk for trunk in client.list_trunks() if trunk.get("name") == name]

    def update(self, client: PlivoClient, object_id: str, fields: dict[str, Any]) -> None:
        client.update_trunk(object_id, **fields)

    def delete(self, client: PlivoClient, object_id: str, state: Mapping[str, Any]) -> None:
        client.delete_trunk(object_id)

    def outputs(self, record: Record) -> dict[str, Any]:
        trunk_id = str(record["trunk_id"])
        return {
            "trunk_id": trunk_id,
            "name": record.get("name"),
            "trunk_status": record.get("trunk_status") or None,
            "secure": bool(record.get("secure")),
            "trunk_direction": record.get("trunk_direction") or INBOUND,
            "trunk_domain": record.get("trunk_domain") or f"{trunk_id}.zt.plivo.com",
        }

    def unfit(self, record: Record) -> str | None:
        direction = record.get("trunk_direction")
        if direction and direction != INBOUND:
            return f"it is an {direction} trunk, and numbers link only to inbound trunks"
        return None


class TrunkProvider(ObjectProvider):
    """Creates or adopts, updates, reads and deletes Zentrunk inbound trunks."""

    kind = TrunkKind()


class Trunk(Resource, module="plivo", name="Trunk"):
    """A Zentrunk inbound SIP trunk managed by this stack (type ``pulumi-python:dynamic/plivo:Trunk``).

    Link numbers to it by reference,
    ``PhoneNumber(..., object_type="trunk", object_id=trunk.trunk_id)``. An inbound
    trunk the account already has under ``name`` is adopted, not duplicated.

    Every output below is a typed ``pulumi.Output``; the fields are listed once, in
    :data:`plivo_provider.target_fields.TRUNK`.
    """

    name: pulumi.Output[str]
    trunk_status: pulumi.Output[str | None]
    secure: pulumi.Output[bool]
    trunk_direction: pulumi.Output[str]
    trunk_domain: pulumi.Output[str]
    acquired: pulumi.Output[str]
    declared: pulumi.Output[dict[str, Any]]

    def __init__(
        self,
        resource_name: str,
        name: pulumi.Input[str],
        trunk_status: pulumi.Input[str] | None = None,
        *,
        secure: pulumi.Input[bool] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a Zentrunk inbound trunk named ``name``."""
        given = locals()
        inputs = {key: given[key] for key in TRUNK.arguments if given[key] is not None}
        refuse_replace_on_changes("Trunk", resource_name, opts)
        inputs["resource_path"] = resource_path(resource_name, opts)
        props = TRUNK.props(inputs, id_output="trunk_id")  # trunk_id: see the property
        super().__init__(TrunkProvider(), resource_name, props, opts)

    __init__.__doc__ = TRUNK.constructor_doc(__init__.__doc__ or "")

    @property
    def trunk_id(self) -> pulumi.Output[str]:
        """The trunk's ID, to link numbers with (``object_id=trunk.trunk_id``); the resource's ``id``."""
        return self.id
