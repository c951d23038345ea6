"""plivo_provider.application: ``Application``, a Plivo application declared next to the numbers it serves."""

# No `from __future__ import annotations` here: Pulumi's SDK reads a resource class's annotations
# for every resource it registers (typing.get_type_hints), and real objects cost it half the time
# strings do (measured: 0.45 vs 0.86 ms per resource).

from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import Resource

from .client import PlivoClient
from .console import note
from .declared_ids import APPLICATIONS
from .errors import NotFoundError
from .object_provider import ObjectProvider
from .objects import Record
from .registration import refuse_replace_on_changes, resource_path
from .target_fields import APPLICATION

_URLS = ("answer_url", "hangup_url", "fallback_answer_url", "message_url")
_METHODS = ("answer_method", "hangup_method", "fallback_method", "message_method")
_FLAGS = ("default_endpoint_app", "log_incoming_messages", "public_uri", "enabled")


def _subaccount(value: Any) -> str | None:
    """Plivo's ``sub_account``: an ``SA...`` ID, a subaccount URI, or null."""
    if not value:
        return None
    return str(value).rstrip("/").rsplit("/", 1)[-1]


class ApplicationKind:
    """Plivo's Application API, as :class:`~plivo_provider.object_provider.ObjectProvider` uses it."""

    spec = APPLICATION
    noun = "application"
    id_key = "app_id"
    name_key = "app_name"
    declared_ids = APPLICATIONS

    def create(self, client: PlivoClient, fields: dict[str, Any]) -> str:
        return client.create_application(**fields)

    def get(self, client: PlivoClient, object_id: str) -> Record:
        return client.get_application(object_id)

    def find(self, client: PlivoClient, name: str) -> list[Record]:
        # The filter narrows the listing; equality is checked here, whatever matching Plivo does.
        return [app for app in client.list_applications(app_name=name) if app.get("app_name") == name]

    def update(self, client: PlivoClient, object_id: str, fields: dict[str, Any]) -> None:
        client.update_application(object_id, **fields)

    def delete(self, client: PlivoClient, object_id: str, state: Mapping[str, Any]) -> None:
        """Delete the app; its SIP endpoints move (or, with ``delete_endpoints``, are deleted).

        ``cascade`` is always sent: Plivo's own default deletes the endpoints, and a stack
        should not delete what it does not declare unless told to.
        """
        declared = state.get("declared") or {}
        options: dict[str, Any] = {"cascade": bool(declared.get("delete_endpoints", False))}
        if declared.get("new_endpoint_application"):
            options["new_endpoint_application"] = declared["new_endpoint_application"]
        # State may be stale: a replacement declared as default has taken the flag already.
        was_default = bool(state.get("default_number_app")) and self._is_default(client, object_id)
        client.delete_application(object_id, **options)
        if was_default:
            note(
                f"application {object_id} was the account's default number app: the account now has "
                "none, so numbers bought without app_id link to no application until another app "
                "is declared with default_number_app=True"
            )

    def _is_default(self, client: PlivoClient, object_id: str) -> bool:
        try:
            return bool(self.outputs(client.get_application(object_id))["default_number_app"])
        except NotFoundError:
            return False  # the delete then says it was already gone

    def outputs(self, record: Record) -> dict[str, Any]:
        app_id = str(record["app_id"])
        outs: dict[str, Any] = {
            "app_id": app_id,
            "app_name": record.get("app_name"),
            "sip_uri": record.get("sip_uri") or f"sip:{app_id}@app.plivo.com",
            "subaccount": _subaccount(record.get("sub_account")),
            # Plivo reports the default_number_app flag as default_app.
            "default_number_app": bool(record.get("default_app", record.get("default_number_app"))),
        }
        outs.update({key: record.get(key) or None for key in _URLS + _METHODS})
        outs.update({key: bool(record.get(key)) for key in _FLAGS})
        return outs

    def unfit(self, record: Record) -> str | None:
        return None


class ApplicationProvider(ObjectProvider):
    """Creates or adopts, updates, reads and deletes Plivo applications."""

    kind = ApplicationKind()


class Application(Resource, module="plivo", name="Application"):
    """A Plivo application managed by this stack (type ``pulumi-python:dynamic/plivo:Application``).

    Link numbers to it by reference, ``PhoneNumber(..., app_id=app.app_id)``: Pulumi
    then creates the app before its numbers and deletes the numbers before the app.
    An app the account already has under ``app_name`` is adopted, not duplicated.

    Every output below is a typed ``pulumi.Output``; the fields are listed once, in
    :data:`plivo_provider.target_fields.APPLICATION`.
    """

    app_name: pulumi.Output[str]
    answer_url: pulumi.Output[str | None]
    answer_method: pulumi.Output[str | None]
    hangup_url: pulumi.Output[str | None]
    hangup_method: pulumi.Output[str | None]
    fallback_answer_url: pulumi.Output[str | None]
    fallback_method: pulumi.Output[str | None]
    message_url: pulumi.Output[str | None]
    message_method: pulumi.Output[str | None]
    default_number_app: pulumi.Output[bool]
    default_endpoint_app: pulumi.Output[bool]
    subaccount: pulumi.Output[str | None]
    log_incoming_messages: pulumi.Output[bool]
    public_uri: pulumi.Output[bool]
    sip_uri: pulumi.Output[str]
    enabled: pulumi.Output[bool]
    acquired: pulumi.Output[str]
    declared: pulumi.Output[dict[str, Any]]

    def __init__(
        self,
        resource_name: str,
        app_name: pulumi.Input[str],
        answer_url: pulumi.Input[str] | None = None,
        answer_method: pulumi.Input[str] | None = None,
        *,
        hangup_url: pulumi.Input[str] | None = None,
        hangup_method: pulumi.Input[str] | None = None,
        fallback_answer_url: pulumi.Input[str] | None = None,
        fallback_method: pulumi.Input[str] | None = None,
        message_url: pulumi.Input[str] | None = None,
        message_method: pulumi.Input[str] | None = None,
        default_number_app: pulumi.Input[bool] | None = None,
        default_endpoint_app: pulumi.Input[bool] | None = None,
        subaccount: pulumi.Input[str] | None = None,
        log_incoming_messages: pulumi.Input[bool] | None = None,
        public_uri: pulumi.Input[bool] | None = None,
        delete_endpoints: pulumi.Input[bool] | None = None,
        new_endpoint_application: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a Plivo application named ``app_name``."""
        given = locals()
        inputs = {name: given[name] for name in APPLICATION.arguments if given[name] is not None}
        refuse_replace_on_changes("Application", resource_name, opts)
        inputs["resource_path"] = resource_path(resource_name, opts)
        props = APPLICATION.props(inputs, id_output="app_id")  # app_id: see the property
        super().__init__(ApplicationProvider(), resource_name, props, opts)

    __init__.__doc__ = APPLICATION.constructor_doc(__init__.__doc__ or "")

    @property
    def app_id(self) -> pulumi.Output[str]:
        """The application's ID, to link numbers with: ``PhoneNumber(..., app_id=app.app_id)``.

        It is the resource's ``id``, which a preview knows for an app updated in place: its
        numbers then preview as unchanged. Only a new or replaced app makes it unknown.
        """
        return self.id
