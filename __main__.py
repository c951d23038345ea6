"""Example stack: the Plivo numbers listed in this stack's config, one PhoneNumber each.

Each environment (Pulumi.<stack>.yaml) lists its own numbers under ``numbers``:
a ``name`` plus the PhoneNumber inputs in camelCase (``number``, ``appId``,
``alias``, ...). ``protect: true`` protects every number of the stack from
release; ``retainOnDelete: true`` keeps numbers rented when they leave the stack.

Entries added with ``pulumi config set --path`` may hold numbers where text was
meant (``+14155550177`` is stored as the integer 14155550177). Integers are exact
in the program and PhoneNumber passes them on as text, so they are accepted; a
number still needs its country code (see ``plivo_provider.validation``).
"""

from __future__ import annotations

import re
from typing import Any

import pulumi

from plivo_provider import PhoneNumber
from plivo_provider.schema import PHONE_NUMBER

# camelCase config key -> PhoneNumber argument, e.g. "appId" -> "app_id".
FIELDS = PHONE_NUMBER.config_keys
# Keys holding digits (number, appId, pattern): `pulumi config set --path` stores them as YAML numbers.
DIGIT_KEYS = {key for key, name in FIELDS.items() if PHONE_NUMBER[name].exact_int}
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def number_args(index: int, entry: Any) -> tuple[str, dict[str, Any]]:
    """Check one ``numbers`` entry of the stack config; errors name the entry and the key."""
    where = f"config numbers[{index}]"
    if not isinstance(entry, dict):
        raise ValueError(f"{where} must be a mapping with a name and PhoneNumber inputs, got {entry!r}")
    name = entry.get("name")
    if not isinstance(name, str) or not NAME.match(name):
        raise ValueError(f"{where}: 'name' must be a resource name such as 'support-line', got {name!r}")
    unknown = sorted(set(entry) - set(FIELDS) - {"name"})
    if unknown:
        raise ValueError(f"{where} ({name}): unknown key(s) {', '.join(unknown)}; known: {', '.join(FIELDS)}")
    for key, value in entry.items():
        if isinstance(value, float) and key in DIGIT_KEYS:
            # Integers are exact here (PhoneNumber sends them on as text); a float is not what was typed.
            path = f"{pulumi.get_project()}:numbers[{index}].{key}"
            raise ValueError(
                f"{where} ({name}): {key} is the number {value!r}, not the digits typed; set it as "
                f"text: pulumi config set --type string --path '{path}' <digits>"
            )
    return name, {FIELDS[key]: value for key, value in entry.items() if key != "name"}


config = pulumi.Config()
options = pulumi.ResourceOptions(
    protect=config.get_bool("protect") or False,
    retain_on_delete=config.get_bool("retainOnDelete") or False,
)
entries = config.require_object("numbers")
if not isinstance(entries, list):
    raise ValueError("config 'numbers' must be a list of {name, number, appId, alias} entries")
declared = [number_args(index, entry) for index, entry in enumerate(entries)]
names = [name for name, _ in declared]
if len(set(names)) != len(names):
    raise ValueError(f"config numbers: names must be unique, got {names}")

for name, args in declared:
    phone = PhoneNumber(name, **args, opts=options)
    pulumi.export(name, {"number": phone.number, "status": phone.status, "app_id": phone.app_id})
