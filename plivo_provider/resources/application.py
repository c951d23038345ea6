"""plivo_provider.resources.application: ``Application``, a Plivo application numbers link to.

Its field table (:data:`APPLICATION`), its kind (what is special: Plivo's Application API, the
default-app flag on delete) and its resource class. Which inputs update in place follows Plivo's
API: ``POST Application/{id}/`` takes every setting except ``app_name`` (the official SDKs'
update has no ``app_name``), so a new name is a new application.
"""

# No `from __future__ import annotations` here: Pulumi's SDK reads a resource class's annotations
# for every resource it registers (typing.get_type_hints), and real objects cost it half the time
# strings do.

from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import Resource

from ..api.client import PlivoClient
from ..api.errors import NotFoundError
from ..inputs.named_objects import normalize_flag, normalize_method, normalize_name, normalize_url, required
from ..inputs.validation import SUBACCOUNT_RE, matching, normalize_app_id
from ..lifecycle.by_name import NamedKind
from ..lifecycle.console import note
from ..lifecycle.fields import Change, Failure, Field, ResourceSpec, Send
from ..lifecycle.provider import KindProvider, Record
from ..lifecycle.registration import RESOURCE_PATH, declared_props


def _application_rules(inputs: Mapping[str, Any]) -> list[Failure]:
    """A name; and ``delete_endpoints`` and ``new_endpoint_application`` do not contradict each other."""
    if "app_name" not in inputs:
        return required("app_name", "app_name='support-ivr'")
    if inputs.get("delete_endpoints") is True and "new_endpoint_application" in inputs:
        return [
            (
                "new_endpoint_application",
                "new_endpoint_application moves the app's SIP endpoints to another app when it is "
                "deleted, delete_endpoints=True deletes them: keep one of the two",
            )
        ]
    return []


_TEXT = "str | None"
_URL = "an absolute ``http(s)`` URL"


def _url(name: str, doc: str) -> Field:
    # Removed from the program, a URL is cleared ("" is Plivo's "no URL").
    return Field(
        name,
        doc,
        _TEXT,
        input=Change.IN_PLACE,
        output=True,
        normalize=normalize_url,
        send=Send.CREATE,
        cleared_when_removed=True,
    )


def _method(name: str, url: str) -> Field:
    return Field(
        name,
        f"``GET`` or ``POST`` for ``{url}`` (Plivo's default: ``POST``).",
        _TEXT,
        input=Change.IN_PLACE,
        output=True,
        normalize=normalize_method,
        send=Send.CREATE,
    )


def _flag(name: str, doc: str) -> Field:
    # No safe blank: removed from the program, a flag is merely no longer managed.
    return Field(
        name, doc, "bool", input=Change.IN_PLACE, output=True, normalize=normalize_flag, send=Send.CREATE
    )


APPLICATION = ResourceSpec(
    "Application",
    (
        Field(
            "app_name",
            "the application's name, unique in the account: an existing app of this name is "
            "adopted, not duplicated. Plivo cannot rename an app, so a new name is a new app.",
            "str",
            input=Change.REPLACES,
            output=True,
            normalize=normalize_name,
            send=Send.CREATE,
        ),
        _url("answer_url", f"{_URL} Plivo fetches XML from when a call arrives."),
        _method("answer_method", "answer_url"),
        _url("hangup_url", f"{_URL} Plivo notifies when a call ends (Plivo's default: ``answer_url``)."),
        _method("hangup_method", "hangup_url"),
        _url("fallback_answer_url", f"{_URL} Plivo tries when ``answer_url`` fails."),
        _method("fallback_method", "fallback_answer_url"),
        _url("message_url", f"{_URL} Plivo posts incoming messages to."),
        _method("message_method", "message_url"),
        _flag(
            "default_number_app",
            "make this the account's default number app (numbers bought without ``app_id`` link "
            "to it); Plivo clears the flag on the previous default.",
        ),
        _flag("default_endpoint_app", "make this the default app of new SIP endpoints."),
        Field(
            "subaccount",
            "the subaccount (``SA...``) that owns the app; changing it moves the app.",
            _TEXT,
            input=Change.IN_PLACE,
            output=True,
            normalize=matching(SUBACCOUNT_RE, "SAXXXXXXXXXXXXXXXXXX (SA + 18 characters)", upper=True),
            send=Send.CREATE,
        ),
        _flag("log_incoming_messages", "whether Plivo logs the content of incoming messages (default True)."),
        _flag("public_uri", "whether the app's SIP URI accepts calls from anywhere (default False)."),
        Field(
            "delete_endpoints",
            "on delete, also delete the SIP endpoints mapped to the app (Plivo's ``cascade``). "
            "Default False: they move to ``new_endpoint_application`` or the default endpoint app.",
            "bool",
            input=Change.PINNED,
            normalize=normalize_flag,
            api_name="cascade",
        ),
        Field(
            "new_endpoint_application",
            "on delete, the app (ID) the SIP endpoints mapped to this one move to.",
            _TEXT,
            input=Change.PINNED,
            normalize=normalize_app_id,
            refers="application",  # looked up at preview: a typo would fail every destroy
        ),
        RESOURCE_PATH,
        Field("app_id", "the application's ID; the resource's ``id``.", "str", output=True),
        Field("sip_uri", "``sip:{app_id}@app.plivo.com``: the app's SIP address.", "str", output=True),
        Field("enabled", "whether Plivo runs the app.", "bool", output=True),
        Field("acquired", "``created``, or ``adopted`` (an app of this name existed).", "str", output=True),
        Field(
            "declared",
            "the normalised inputs of the last create or update (a dropped URL from one never set).",
            "dict[str, Any]",
            output=True,
        ),
    ),
    rules=_application_rules,
)


_URLS = ("answer_url", "hangup_url", "fallback_answer_url", "message_url")
_METHODS = ("answer_method", "hangup_method", "fallback_method", "message_method")
_FLAGS = ("default_endpoint_app", "log_incoming_messages", "public_uri", "enabled")


def _subaccount(value: Any) -> str | None:
    """Plivo's ``sub_account``: an ``SA...`` ID, a subaccount URI, or null."""
    if not value:
        return None
    return str(value).rstrip("/").rsplit("/", 1)[-1]


class ApplicationKind(NamedKind):
    """Plivo's Application API, as the lifecycle uses it."""

    spec = APPLICATION
    noun = "application"
    id_key = "app_id"
    name_key = "app_name"

    def create_object(self, client: PlivoClient, fields: dict[str, Any]) -> str:
        return client.create_application(**fields)

    def get(self, client: PlivoClient, object_id: str) -> Record:
        return client.get_application(object_id)

    def find(self, client: PlivoClient, name: str) -> list[Record]:
        # The filter narrows the listing; equality is checked here, whatever matching Plivo does.
        return [app for app in client.list_applications(app_name=name) if app.get("app_name") == name]

    def update(self, client: PlivoClient, object_id: str, fields: dict[str, Any]) -> None:
        client.update_application(object_id, **fields)

    def delete_object(self, client: PlivoClient, object_id: str, state: Mapping[str, Any]) -> None:
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
            return bool(self.record_outputs(client.get_application(object_id))["default_number_app"])
        except NotFoundError:
            return False  # the delete then says it was already gone

    def record_outputs(self, record: Record) -> dict[str, Any]:
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


class ApplicationProvider(KindProvider):
    """Creates or adopts, updates, reads and deletes Plivo applications."""

    kind = ApplicationKind()


# State written by every version names this class by its first module (pickled by reference).
ApplicationProvider.__module__ = "plivo_provider.application"


class Application(Resource, module="plivo", name="Application"):
    """A Plivo application managed by this stack (type ``pulumi-python:dynamic/plivo:Application``).

    Link numbers to it by reference, ``PhoneNumber(..., app_id=app.app_id)``: Pulumi
    then creates the app before its numbers and deletes the numbers before the app.
    An app the account already has under ``app_name`` is adopted, not duplicated.

    Every output below is a typed ``pulumi.Output``; the fields are listed once, in
    :data:`APPLICATION` above.
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
        props = declared_props(APPLICATION, resource_name, locals(), opts, id_output="app_id")
        super().__init__(ApplicationProvider(), resource_name, props, opts)

    __init__.__doc__ = APPLICATION.constructor_doc(__init__.__doc__ or "")

    @property
    def app_id(self) -> pulumi.Output[str]:
        """The application's ID, to link numbers with: ``PhoneNumber(..., app_id=app.app_id)``.

        It is the resource's ``id``, which a preview knows for an app updated in place: its
        numbers then preview as unchanged. Only a new or replaced app makes it unknown.
        """
        return self.id
