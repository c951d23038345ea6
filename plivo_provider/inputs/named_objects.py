"""plivo_provider.inputs.named_objects: normalisers of the objects numbers link to (apps, trunks):
names, callback URLs, HTTP methods and flags."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ..lifecycle.fields import Failure, Invalid
from .validation import ascii_text, shown, text

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


def required(key: str, example: str) -> list[Failure]:
    return [(key, f"{key} is required: the name Plivo lists it under and Pulumi finds it by, e.g. {example}")]
