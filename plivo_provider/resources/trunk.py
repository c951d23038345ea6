"""plivo_provider.resources.trunk: ``Trunk``, a Zentrunk inbound SIP trunk numbers link to.

Its field table (:data:`TRUNK`), its kind (Plivo's Zentrunk trunk API; only inbound trunks) and
its resource class. ``POST Zentrunk/Trunk/{id}/`` takes the trunk's name, status and ``secure``,
so all three update in place.
"""

# No `from __future__ import annotations` here: see resources/application.py.

from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import Resource

from ..api.client import PlivoClient
from ..inputs.named_objects import normalize_flag, normalize_name, required
from ..inputs.validation import choice
from ..lifecycle.by_name import NamedKind
from ..lifecycle.fields import Change, Field, ResourceSpec, Send
from ..lifecycle.provider import KindProvider, Record
from ..lifecycle.registration import RESOURCE_PATH, declared_props

_TEXT = "str | None"

TRUNK = ResourceSpec(
    "Trunk",
    (
        Field(
            "name",
            "the trunk's name, unique in the account: an existing inbound trunk of this name is "
            "adopted, not duplicated.",
            "str",
            input=Change.IN_PLACE,
            output=True,
            normalize=normalize_name,
            send=Send.CREATE,
        ),
        Field(
            "trunk_status",
            "``enabled`` or ``disabled`` (Plivo's default: ``enabled``).",
            _TEXT,
            input=Change.IN_PLACE,
            output=True,
            normalize=choice(("enabled", "disabled")),
            send=Send.CREATE,
        ),
        Field(
            "secure",
            "whether calls on the trunk use TLS and SRTP (default False).",
            "bool",
            input=Change.IN_PLACE,
            output=True,
            normalize=normalize_flag,
            send=Send.CREATE,
        ),
        RESOURCE_PATH,
        Field("trunk_id", "the trunk's ID; the resource's ``id``.", "str", output=True),
        Field("trunk_direction", "always ``inbound``: numbers link only to those.", "str", output=True),
        Field("trunk_domain", "the trunk's SIP domain, ``{trunk_id}.zt.plivo.com``.", "str", output=True),
        Field("acquired", "``created``, or ``adopted`` (a trunk of this name existed).", "str", output=True),
        Field("declared", "the normalised inputs of the last change.", "dict[str, Any]", output=True),
    ),
    rules=lambda inputs: [] if "name" in inputs else required("name", "name='office-pbx'"),
)

INBOUND = "inbound"


class TrunkKind(NamedKind):
    """Plivo's Zentrunk trunk API, as the lifecycle uses it."""

    spec = TRUNK
    noun = "trunk"
    id_key = "trunk_id"
    name_key = "name"

    def create_object(self, client: PlivoClient, fields: dict[str, Any]) -> str:
        # Numbers link only to inbound trunks, so that is the only kind this resource makes.
        return client.create_trunk(**fields, trunk_direction=INBOUND)

    def get(self, client: PlivoClient, object_id: str) -> Record:
        return client.get_trunk(object_id)

    def find(self, client: PlivoClient, name: str) -> list[Record]:
        # The trunk listing has no name filter: the account's trunks are few.
        return [trunk for trunk in client.list_trunks() if trunk.get("name") == name]

    def update(self, client: PlivoClient, object_id: str, fields: dict[str, Any]) -> None:
        client.update_trunk(object_id, **fields)

    def delete_object(self, client: PlivoClient, object_id: str, state: Mapping[str, Any]) -> None:
        client.delete_trunk(object_id)

    def record_outputs(self, record: Record) -> dict[str, Any]:
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


class TrunkProvider(KindProvider):
    """Creates or adopts, updates, reads and deletes Zentrunk inbound trunks."""

    kind = TrunkKind()


# State written by every version names this class by its first module (pickled by reference).
TrunkProvider.__module__ = "plivo_provider.trunk"


class Trunk(Resource, module="plivo", name="Trunk"):
    """A Zentrunk inbound SIP trunk managed by this stack (type ``pulumi-python:dynamic/plivo:Trunk``).

    Link numbers to it by reference,
    ``PhoneNumber(..., object_type="trunk", object_id=trunk.trunk_id)``. An inbound
    trunk the account already has under ``name`` is adopted, not duplicated.

    Every output below is a typed ``pulumi.Output``; the fields are listed once, in
    :data:`TRUNK` above.
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
        props = declared_props(TRUNK, resource_name, locals(), opts, id_output="trunk_id")
        super().__init__(TrunkProvider(), resource_name, props, opts)

    __init__.__doc__ = TRUNK.constructor_doc(__init__.__doc__ or "")

    @property
    def trunk_id(self) -> pulumi.Output[str]:
        """The trunk's ID, to link numbers with (``object_id=trunk.trunk_id``); the resource's ``id``."""
        return self.id
