"""Example stack: the Plivo applications and numbers listed in this stack's config.

Each environment (Pulumi.<stack>.yaml) lists its own:

* ``applications``: a ``name`` plus Application inputs in camelCase (``appName``,
  ``answerUrl``, ``messageUrl``, ...);
* ``powerpacks``: a ``name`` plus Powerpack inputs in camelCase (``powerpackName``,
  ``stickySender``, ``localConnect``, ...);
* ``numbers``: a ``name`` plus PhoneNumber inputs in camelCase (``number``, ``alias``,
  criteria such as ``countryIso``, ...), and ``app: <name>`` to ring one of the
  applications above (linked by reference: the app is created first and deleted last) or
  ``appId`` for an application the stack does not manage; ``pool: <name>`` puts the number in
  one of the Powerpacks above (``powerpackService``: ``sms`` or ``mms``);
* ``endpoints``: a ``name`` plus Endpoint inputs (``username``, ``alias``), ``app: <name>``,
  and ``passwordSecret: <key>``, the stack-config key holding the SIP password, set with
  ``pulumi config set --secret <key> <password>`` (a password in the list would be plain text).

Every list may be missing, so a new stack starts empty. ``protect: true`` protects every
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

from plivo_provider import Application, Endpoint, PhoneNumber, Powerpack
from plivo_provider.lifecycle.fields import ResourceSpec
from plivo_provider.resources.application import APPLICATION
from plivo_provider.resources.endpoint import ENDPOINT
from plivo_provider.resources.phone_number import PHONE_NUMBER
from plivo_provider.resources.powerpack import POWERPACK

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
APP_LINK = "app"  # a numbers (or endpoints) entry's reference to an entry of `applications`
POOL_LINK = "pool"  # a numbers entry's reference to an entry of `powerpacks`
PASSWORD_KEY = "passwordSecret"  # an endpoints entry's secret config key holding its password


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
pool_entries = [
    resource_args("powerpacks", i, entry, POWERPACK, frozenset())
    for i, entry in enumerate(entries("powerpacks"))
]
number_entries = [
    resource_args("numbers", i, entry, PHONE_NUMBER, frozenset({APP_LINK, POOL_LINK}))
    for i, entry in enumerate(entries("numbers"))
]
endpoint_entries = [
    resource_args("endpoints", i, entry, ENDPOINT, frozenset({APP_LINK, PASSWORD_KEY}))
    for i, entry in enumerate(entries("endpoints"))
]
unique("applications", app_entries)
unique("powerpacks", pool_entries)
unique("numbers", number_entries)
unique("endpoints", endpoint_entries)


def link(key: str, index: int, name: str, args: dict[str, Any], declared: dict[str, Any], what: str) -> Any:
    """The entry of ``what`` (``applications``, ``powerpacks``) that ``args``' link names, or None."""
    target = args.pop(APP_LINK if what == "applications" else POOL_LINK, None)
    if target is not None and target not in declared:
        raise ValueError(
            f"config {key}[{index}] ({name}): {target!r} is not in this stack's {what} "
            f"({', '.join(declared) or 'none declared'})"
            + ("; use appId for an app the stack does not manage" if what == "applications" else "")
        )
    return None if target is None else declared[target]


apps: dict[str, Application] = {}
for args in app_entries:
    name = args.pop("name")
    app = apps[name] = Application(name, **args, opts=options)
    pulumi.export(name, {"app_id": app.app_id, "app_name": app.app_name, "sip_uri": app.sip_uri})

pools: dict[str, Powerpack] = {}
for raw, args in zip(entries("powerpacks"), pool_entries, strict=True):
    # The entry's `name` and the Powerpack's (`powerpackName`) share the key `name` in args: the
    # Powerpack is named powerpackName, else like the entry.
    name = str(raw["name"])
    pools[name] = Powerpack(name, **args, opts=options)
members: dict[str, list[pulumi.Output[str]]] = {name: [] for name in pools}

for index, args in enumerate(number_entries):
    name = args.pop("name")
    app = link("numbers", index, name, args, apps, "applications")
    if app is not None:
        if "app_id" in args:
            raise ValueError(f"config numbers[{index}] ({name}): set app or appId, not both")
        args["app_id"] = app.app_id
    pool_name = args.get(POOL_LINK)
    pool = link("numbers", index, name, args, pools, "powerpacks")
    if pool is not None:
        if "powerpack" in args:
            raise ValueError(f"config numbers[{index}] ({name}): set pool or powerpack, not both")
        args["powerpack"] = pool.number_pool_id
    phone = PhoneNumber(name, **args, opts=options)
    pulumi.export(name, {"number": phone.number, "status": phone.status, "app_id": phone.app_id})
    if pool is not None:
        members[str(pool_name)].append(phone.number)

for name, pp in pools.items():
    # The members the stack puts in the pool (member_count is the pool's count when last read).
    pulumi.export(name, {"number_pool_id": pp.number_pool_id, "members": members[name]})

for index, args in enumerate(endpoint_entries):
    name = args.pop("name")
    where = f"config endpoints[{index}] ({name})"
    if "password" in args:
        raise ValueError(
            f"{where}: a password in the list is stored in plain text; set it with `pulumi config set "
            f"--secret <key> <password>` and name the key in {PASSWORD_KEY}"
        )
    if PASSWORD_KEY not in args:
        raise ValueError(f"{where}: {PASSWORD_KEY} must name the secret config key holding the SIP password")
    args["password"] = config.require_secret(args.pop(PASSWORD_KEY))
    app = link("endpoints", index, name, args, apps, "applications")
    if app is not None:
        args["app_id"] = app.app_id
    endpoint = Endpoint(name, **args, opts=options)
    pulumi.export(name, {"username": endpoint.username, "sip_uri": endpoint.sip_uri})
