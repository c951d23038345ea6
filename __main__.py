"""Example stack: the Plivo applications and numbers listed in this stack's config.

Each environment (Pulumi.<stack>.yaml) lists its own:

* ``applications``: a ``name`` plus Application inputs in camelCase (``appName``,
  ``answerUrl``, ``messageUrl``, ...);
* ``numbers``: a ``name`` plus PhoneNumber inputs in camelCase (``number``, ``alias``,
  criteria such as ``countryIso``, ...), and ``app: <name>`` to ring one of the
  applications above (linked by reference: the app is created first and deleted last) or
  ``appId`` for an application the stack does not manage.

Both lists may be missing, so a new stack starts empty. ``protect: true`` protects every
resource of the stack; ``retainOnDelete: true`` keeps numbers rented when they leave it.

Entries added with ``pulumi config set --path`` may hold numbers where text was meant
(``+14155550177`` is stored as the integer 14155550177). Integers are exact in the program
and PhoneNumber passes them on as text, so they are accepted; floats are not what was typed
and are refused with the ``--type string`` recipe. A number still needs its country code.
"""

from __future__ import annotations

import re
from typing import Any

import pulumi

from plivo_provider import Application, PhoneNumber
from plivo_provider.lifecycle.fields import ResourceSpec
from plivo_provider.resources.application import APPLICATION
from plivo_provider.resources.phone_number import PHONE_NUMBER

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
APP_LINK = "app"  # a numbers entry's reference to an entry of `applications`


def entries(key: str) -> list[Any]:
    """The config list ``key`` (absent: empty)."""
    value = config.get_object(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"config '{key}' must be a list of entries, each with a name; got {value!r}")
    return value


def resource_args(
    key: str, index: int, entry: Any, spec: ResourceSpec, extra: frozenset[str]
) -> dict[str, Any]:
    """Check one entry of config list ``key``; errors name the entry and the key to fix."""
    where = f"config {key}[{index}]"
    if not isinstance(entry, dict):
        raise ValueError(f"{where} must be a mapping with a name and {spec.name} inputs, got {entry!r}")
    name = entry.get("name")
    if not isinstance(name, str) or not NAME.match(name):
        raise ValueError(f"{where}: 'name' must be a resource name such as 'support-line', got {name!r}")
    known = spec.config_keys
    unknown = sorted(set(entry) - set(known) - extra - {"name"})
    if unknown:
        raise ValueError(
            f"{where} ({name}): unknown key(s) {', '.join(unknown)}; known: {', '.join([*known, *extra])}"
        )
    for field, value in entry.items():
        if isinstance(value, float) and field in known and spec[known[field]].exact_int:
            # Integers are exact here (PhoneNumber sends them on as text); a float is not what was typed.
            path = f"{pulumi.get_project()}:{key}[{index}].{field}"
            raise ValueError(
                f"{where} ({name}): {field} is the number {value!r}, not the digits typed; set it as "
                f"text: pulumi config set --type string --path '{path}' <digits>"
            )
    return {known.get(field, field): value for field, value in entry.items()}


def unique(key: str, declared: list[dict[str, Any]]) -> None:
    names = [args["name"] for args in declared]
    if len(set(names)) != len(names):
        raise ValueError(f"config {key}: names must be unique, got {names}")


config = pulumi.Config()
options = pulumi.ResourceOptions(
    protect=config.get_bool("protect") or False,
    retain_on_delete=config.get_bool("retainOnDelete") or False,
)
app_entries = [
    resource_args("applications", i, entry, APPLICATION, frozenset())
    for i, entry in enumerate(entries("applications"))
]
number_entries = [
    resource_args("numbers", i, entry, PHONE_NUMBER, frozenset({APP_LINK}))
    for i, entry in enumerate(entries("numbers"))
]
unique("applications", app_entries)
unique("numbers", number_entries)

apps: dict[str, Application] = {}
for args in app_entries:
    name = args.pop("name")
    app = apps[name] = Application(name, **args, opts=options)
    pulumi.export(name, {"app_id": app.app_id, "app_name": app.app_name, "sip_uri": app.sip_uri})

for index, args in enumerate(number_entries):
    name = args.pop("name")
    link = args.pop(APP_LINK, None)
    if link is not None:
        if link not in apps:
            raise ValueError(
                f"config numbers[{index}] ({name}): app {link!r} is not in this stack's applications "
                f"({', '.join(apps) or 'none declared'}); use appId for an app the stack does not manage"
            )
        if "app_id" in args:
            raise ValueError(f"config numbers[{index}] ({name}): set app or appId, not both")
        args["app_id"] = apps[link].app_id
    phone = PhoneNumber(name, **args, opts=options)
    pulumi.export(name, {"number": phone.number, "status": phone.status, "app_id": phone.app_id})
