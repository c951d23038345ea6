"""plivo_provider.target_fields: the field tables of what numbers link to, ``Application`` and ``Trunk``.

Like :data:`plivo_provider.schema.PHONE_NUMBER`, each table is the one place its
resource's fields are listed: validation, diffs, the update bodies, the outputs, the
resource's typed attributes and constructor all derive from it. The normalisers
only these resources use (URLs, HTTP methods, names, flags) live here too.

Which inputs update in place follows Plivo's API: ``POST Application/{id}/``
takes every setting except ``app_name`` (the official SDKs' update has no
``app_name``), so a new name is a new application; ``POST Zentrunk/Trunk/{id}/``
takes the trunk's name, status and ``secure``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from .fields import Change, Failure, Field, Invalid, ResourceSpec, Send
from .registration import RESOURCE_PATH
from .validation import SUBACCOUNT_RE, ascii_text, choice, matching, normalize_app_id, shown, text

NAME_MAX = 128
"""Longest app or trunk name accepted (Plivo documents none; the emulator allows 128)."""
URL_MAX = 255
"""Plivo's limit on callback URLs (documented for ``message_url``)."""


def normalize_url(value: Any) -> str:
    """An absolute ``http`` or ``https`` URL, which Plivo fetches when a call or message arrives."""
    text = _url_text(value)
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or any(c.isspace() for c in text):
        hint = _url_hint(text)
        raise Invalid(f"{shown(text)} is not an absolute http(s) URL Plivo can fetch; write e.g. {hint}")
    return text


_url_text = text(URL_MAX, "Plivo accepts URLs of at most")


def _url_hint(text: str) -> str:
    """The URL the user probably meant, for the error message."""
    parts = urlsplit(text)
    if parts.hostname and not any(c.isspace() for c in text):
        return f"'https://{parts.netloc}{parts.path}'"  # another scheme (ftp://, ws://)
    if text.startswith("/"):
        return f"'https://<your host>{text}'"
    if "://" not in text and "." in text.split("/", 1)[0]:
        return f"'https://{text}'"
    return "'https://example.com/answer'"


def normalize_method(value: Any) -> str:
    """``"post"`` → ``"POST"``: the HTTP method Plivo uses for a callback URL."""
    # ASCII before upper(): "po\u017ft".upper() is "POST" (U+017F LATIN SMALL LETTER LONG S).
    text = ascii_text(value, "'GET' or 'POST'").upper()
    if text not in ("GET", "POST"):
        raise Invalid(f"must be 'GET' or 'POST'; got {shown(value)}")
    return text


def normalize_flag(value: Any) -> bool:
    """A boolean; ``"true"``/``"false"`` are accepted as stack config may store them."""
    if isinstance(value, bool):
        return value
    word = value.strip(" ").lower() if isinstance(value, str) and value.isascii() else None
    if word in ("true", "false"):
        return word == "true"
    raise Invalid(f"must be True or False; got {shown(value)}")


_name_text = text(NAME_MAX)


def normalize_name(value: Any) -> str:
    """A name shown in the Plivo console and used to find the object again (adoption).

    Any script, at most :data:`NAME_MAX` characters, none of the refused categories
    (:data:`~plivo_provider.validation.REFUSED_CATEGORIES`).
    """
    name = _name_text(value)
    if not name:
        raise Invalid("must not be empty: it is how the Plivo console lists it, and how Pulumi adopts it")
    return name


def _required(key: str, example: str) -> list[Failure]:
    return [(key, f"{key} is required: the name Plivo lists it under and Pulumi finds it by, e.g. {example}")]


def _application_rules(inputs: Mapping[str, Any]) -> list[Failure]:
    """A name; and ``delete_endpoints`` and ``new_endpoint_application`` do not contradict each other."""
    if "app_name" not in inputs:
        return _required("app_name", "app_name='support-ivr'")
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
    rules=lambda inputs: [] if "name" in inputs else _required("name", "name='office-pbx'"),
)
