"""plivo_provider.resources.endpoint: ``Endpoint``, a SIP endpoint (a softphone, a desk phone, a PBX user).

Its field table (:data:`ENDPOINT`), its kind (Plivo's Endpoint API) and its resource class.
``POST Endpoint/{id}/`` takes ``password``, ``alias`` and ``app_id``, so those update in place (a
new password is rotated, not a new endpoint); the username cannot change.

**The adoption key is the alias.** Plivo adds a suffix to the username it is asked for (``zumba``
becomes ``zumba131031145958``), so the requested username never finds the endpoint again, and
two endpoints may share its start. The alias is kept as given: an endpoint of the declared alias
is adopted (its password, app and alias then set as declared), two of one alias are refused, and
after an ambiguous create failure the account is listed by alias before anything is created again.

**The password is a secret** as an input and as an output: the resource class registers it as a
secret :class:`pulumi.Output` and lists it in ``additional_secret_outputs``, so state holds it
encrypted; it is left out of the ``declared`` output, and no message, error or debug line quotes it.
"""

# No `from __future__ import annotations` here: see resources/application.py.

import re
from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import Resource

from ..api.client import PlivoClient
from ..inputs.named_objects import NAME_MAX, normalize_name
from ..inputs.validation import ascii_text, normalize_app_id
from ..lifecycle.by_name import NameConflictError, NamedKind, find_one
from ..lifecycle.console import note
from ..lifecycle.fields import Change, Failure, Field, Invalid, ResourceSpec, Send
from ..lifecycle.planning import update_body
from ..lifecycle.provider import Acquired, KindProvider, Record
from ..lifecycle.registration import RESOURCE_PATH, declared_props
from ..lifecycle.registry import IdSet

USERNAME_MAX = 64
"""Longest requested username (Plivo documents none; the emulator allows 64)."""
USERNAME_RE = re.compile(rf"^[A-Za-z0-9]{{1,{USERNAME_MAX}}}$")
PASSWORD_MIN = 5
"""Plivo documents endpoint passwords of at least five characters."""
PASSWORD_MAX = NAME_MAX
"""Longest password accepted (Plivo documents none; the emulator allows 128)."""
SECRET = "password"


def normalize_username(value: Any) -> str:
    """The username asked for: letters and digits only, as Plivo documents."""
    text = ascii_text(value, "letters and digits, e.g. 'frontdesk'")
    if not USERNAME_RE.match(text):
        raise Invalid(
            f"must be 1 to {USERNAME_MAX} letters and digits (Plivo accepts no other characters), "
            "e.g. 'frontdesk'"
        )
    return text


def normalize_password(value: Any) -> str:
    """A password of :data:`PASSWORD_MIN` to :data:`PASSWORD_MAX` printable characters.

    Every message says what is wrong without quoting the value, or any part of it.
    """
    if not isinstance(value, str):
        raise Invalid(f"must be text, not {type(value).__name__}; set it with `pulumi config set --secret`")
    if not PASSWORD_MIN <= len(value) <= PASSWORD_MAX:
        raise Invalid(
            f"must be {PASSWORD_MIN} to {PASSWORD_MAX} characters long (it is {len(value)}); "
            "set another with `pulumi config set --secret`"
        )
    if not value.isprintable():
        raise Invalid("holds a character that does not print (a newline, a control character); set another")
    return value


_REQUIRED = {
    "username": "username='frontdesk'",
    "password": "password=config.require_secret('sipPassword')",
    "alias": "alias='front desk'",
}


def _endpoint_rules(inputs: Mapping[str, Any]) -> list[Failure]:
    """``username``, ``password`` and ``alias`` are required (Plivo's create needs all three)."""
    return [
        (key, f"{key} is required, e.g. {example}") for key, example in _REQUIRED.items() if key not in inputs
    ]


ENDPOINT = ResourceSpec(
    "Endpoint",
    (
        Field(
            "username",
            "the username asked for, letters and digits; Plivo adds a suffix (``zumba`` becomes "
            "``zumba131031145958``), and the output is that full username, the one a SIP phone "
            "registers with. Plivo cannot change it, so a new username is a new endpoint.",
            "str",
            input=Change.REPLACES,
            output=True,
            normalize=normalize_username,
            send=Send.CREATE,
        ),
        Field(
            "password",
            f"the SIP password, {PASSWORD_MIN} to {PASSWORD_MAX} characters; a secret, input and "
            "output (state keeps it encrypted). A new one is rotated in place.",
            "str",
            input=Change.IN_PLACE,
            output=True,
            normalize=normalize_password,
            send=Send.CREATE,
            secret=True,
        ),
        Field(
            "alias",
            "the endpoint's name in the console, unique among the account's endpoints: an "
            "endpoint of this alias is adopted, not duplicated (Plivo changes the username, so "
            "the alias is what finds it again).",
            "str",
            input=Change.IN_PLACE,
            output=True,
            normalize=normalize_name,
            send=Send.CREATE,
        ),
        Field(
            "app_id",
            "the application calls to and from the endpoint use, by reference "
            "(``app_id=app.app_id``); not set, Plivo maps it to the default endpoint app.",
            "str | None",
            input=Change.IN_PLACE,
            output=True,
            normalize=normalize_app_id,
            send=Send.CREATE,
            refers="application",
        ),
        RESOURCE_PATH,
        Field("endpoint_id", "the endpoint's ID; the resource's ``id``.", "str", output=True),
        Field(
            "sip_uri", "``sip:{username}@phone.plivo.com``: the endpoint's SIP address.", "str", output=True
        ),
        Field("sip_registered", "whether a SIP device is registered with it now.", "bool", output=True),
        Field("subaccount", "the subaccount (``SA...``) that owns it, if any.", "str | None", output=True),
        Field(
            "acquired", "``created``, or ``adopted`` (an endpoint of this alias existed).", "str", output=True
        ),
        Field(
            "declared",
            "the normalised inputs of the last change, the password left out.",
            "dict[str, Any]",
            output=True,
        ),
    ),
    rules=_endpoint_rules,
)


def _last_segment(uri: Any) -> str | None:
    """``/v1/Account/MA.../Application/123/`` → ``123``; None for a blank."""
    if not uri:
        return None
    return str(uri).rstrip("/").rsplit("/", 1)[-1] or None


class EndpointKind(NamedKind):
    """Plivo's Endpoint API, as the lifecycle uses it."""

    spec = ENDPOINT
    noun = "SIP endpoint"
    id_key = "endpoint_id"
    name_key = "alias"

    def create_object(self, client: PlivoClient, fields: dict[str, Any]) -> str:
        return client.create_endpoint(**fields)

    def get(self, client: PlivoClient, object_id: str) -> Record:
        return client.get_endpoint(object_id)

    def find(self, client: PlivoClient, name: str) -> list[Record]:
        # The endpoint listing has no filter: the alias is compared here.
        return [endpoint for endpoint in client.list_endpoints() if endpoint.get("alias") == name]

    def update(self, client: PlivoClient, object_id: str, fields: dict[str, Any]) -> None:
        client.update_endpoint(object_id, **fields)

    def delete_object(self, client: PlivoClient, object_id: str, state: Mapping[str, Any]) -> None:
        client.delete_endpoint(object_id)

    def acquire(self, run: KindProvider, inputs: Mapping[str, Any]) -> Acquired:
        """Adopt the endpoint of the declared alias only when its username is the declared one
        with Plivo's suffix (another username is another endpoint, which Plivo cannot rename), and
        say which settings change without quoting the password; else create one, exactly once."""
        client = run.client()
        alias, username = str(inputs["alias"]), str(inputs["username"])
        found = find_one(self, client, alias)
        if found is None:
            return super().acquire(run, inputs)
        endpoint_id = str(found["endpoint_id"])
        if not _username_of(str(found.get("username") or ""), username):
            raise NameConflictError(
                f"a SIP endpoint with alias={alias!r} exists ({endpoint_id}) but its username "
                f"{found.get('username')!r} is not {username!r} with Plivo's suffix; declare another "
                "alias, or the username it was created with"
            )
        if not run.cache("names acquired", IdSet).take(alias):
            raise NameConflictError(
                f"two Endpoint resources of this stack declare alias={alias!r}; Plivo finds a SIP "
                "endpoint by its alias, so give each one its own"
            )
        # NamedKind's adoption notes each change with its values: here the password's is never shown.
        body = update_body(self.spec, self.record_outputs(found), inputs)
        changed = ", ".join(sorted(body)) or "nothing"
        note(
            f"SIP endpoint {alias!r} already exists ({endpoint_id}): adopted, not created again; "
            f"set: {changed}"
        )
        if body:
            self.update(client, endpoint_id, body)
        return Acquired(self.get(client, endpoint_id), "adopted")

    def outputs(
        self, record: Record, declared: Mapping[str, Any], acquired: str, kept: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Plivo's record, the password as declared (Plivo never returns it; on a read, the stored
        one), and ``declared`` without the password."""
        outs = super().outputs(record, declared, acquired, kept)
        outs[SECRET] = declared.get(SECRET, kept.get(SECRET))
        outs["declared"].pop(SECRET, None)
        return outs

    def record_outputs(self, record: Record) -> dict[str, Any]:
        username = str(record.get("username") or "")
        return {
            "endpoint_id": str(record["endpoint_id"]),
            "username": username,
            "alias": record.get("alias"),
            "app_id": _last_segment(record.get("application")),
            "sip_uri": record.get("sip_uri") or f"sip:{username}@phone.plivo.com",
            # Plivo sends "true"/"false" as text.
            "sip_registered": str(record.get("sip_registered")).lower() == "true",
            "subaccount": _last_segment(record.get("sub_account")),
        }


def _username_of(actual: str, requested: str) -> bool:
    """Whether Plivo's ``actual`` username is ``requested`` plus its suffix of digits."""
    return actual.startswith(requested) and actual[len(requested) :].isdigit()


class EndpointProvider(KindProvider):
    """Creates or adopts, updates (rotates the password), reads and deletes SIP endpoints."""

    kind = EndpointKind()


class Endpoint(Resource, module="plivo", name="Endpoint"):
    """A Plivo SIP endpoint managed by this stack (type ``pulumi-python:dynamic/plivo:Endpoint``).

    Link it to an application by reference, ``Endpoint(..., app_id=app.app_id)``. Give the
    password from secret stack config (``config.require_secret("sipPassword")``); a plain string
    is made a secret here all the same. An endpoint of the same ``alias`` is adopted.

    Every output below is a typed ``pulumi.Output``; the fields are listed once, in
    :data:`ENDPOINT` above.
    """

    username: pulumi.Output[str]
    password: pulumi.Output[str]
    alias: pulumi.Output[str]
    app_id: pulumi.Output[str | None]
    sip_uri: pulumi.Output[str]
    sip_registered: pulumi.Output[bool]
    subaccount: pulumi.Output[str | None]
    acquired: pulumi.Output[str]
    declared: pulumi.Output[dict[str, Any]]

    def __init__(
        self,
        resource_name: str,
        username: pulumi.Input[str],
        password: pulumi.Input[str],
        alias: pulumi.Input[str],
        *,
        app_id: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a SIP endpoint known by ``alias``."""
        props = declared_props(ENDPOINT, resource_name, locals(), opts, id_output="endpoint_id")
        if props.get(SECRET) is not None:
            props[SECRET] = pulumi.Output.secret(props[SECRET])
        secret = pulumi.ResourceOptions(additional_secret_outputs=[SECRET])
        super().__init__(EndpointProvider(), resource_name, props, pulumi.ResourceOptions.merge(opts, secret))

    __init__.__doc__ = ENDPOINT.constructor_doc(__init__.__doc__ or "")

    @property
    def endpoint_id(self) -> pulumi.Output[str]:
        """The endpoint's ID; the resource's ``id``."""
        return self.id
