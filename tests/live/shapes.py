"""The shape of a Plivo API answer, and how two shapes differ: what the live tier compares.

A shape maps each key of a JSON object to the JSON type of its value (``null`` apart), with
lists shaped by their first item, so that the real API's answer and the emulator's answer to the
same read-only call can be compared without comparing data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import requests
from requests.adapters import HTTPAdapter

JSON_TYPES = {bool: "boolean", int: "number", float: "number", str: "string", type(None): "null"}


def shape(value: Any) -> Any:
    """``{"a": 1, "b": [{"c": "x"}]}`` → ``{"a": "number", "b": [{"c": "string"}]}``."""
    if isinstance(value, Mapping):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return JSON_TYPES.get(type(value), type(value).__name__)


def differences(live: Any, emulated: Any, path: str = "$") -> list[str]:
    """Where the emulator's shape departs from the real API's, one line each.

    A key the real API sends and the emulator lacks is a difference; so is a different type, unless
    either side is ``null`` (an empty field) or a list is empty. Keys only the emulator sends are
    not: answers grow over time, and clients must ignore what they do not know.
    """
    if "null" in (live, emulated) or [] in (live, emulated):
        return []
    if isinstance(live, dict) and isinstance(emulated, dict):
        found = []
        for key, item in live.items():
            if key not in emulated:
                found.append(f"{path}.{key}: sent by Plivo, missing from the emulator")
            else:
                found += differences(item, emulated[key], f"{path}.{key}")
        return found
    if isinstance(live, list) and isinstance(emulated, list):
        return differences(live[0], emulated[0], f"{path}[0]")
    return [] if live == emulated else [f"{path}: Plivo sends {live}, the emulator {emulated}"]


class ReadOnlyAdapter(HTTPAdapter):
    """A transport that refuses anything but GET before it reaches the network.

    The live tier talks to a real account: it must never buy, update or release.
    """

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        if request.method != "GET":
            raise PermissionError(f"the live tier is read-only: refused {request.method} {request.url}")
        return super().send(request, *args, **kwargs)


def read_only_session(auth_id: str, auth_token: str) -> requests.Session:
    session = requests.Session()
    session.auth = (auth_id, auth_token)
    session.trust_env = False
    session.mount("http://", ReadOnlyAdapter())
    session.mount("https://", ReadOnlyAdapter())
    return session
