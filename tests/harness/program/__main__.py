"""The Pulumi program of every scratch project in the e2e tier: it declares what spec.json lists.

spec.json (written by tests/harness/scratch.py before each command) holds
``{"resources": [{"type": "PhoneNumber", "name": ..., "args": {...}, "opts": {...}}]}``.
An argument ``{"$ref": "<name>.<output>"}`` is that output of an earlier resource, so tests can
link a number to an application declared in the same program, as users do; ``{"$secret": "<key>"}``
is the project's secret stack config ``<key>`` (so no secret is written to spec.json). In ``opts``,
``aliases`` is a list of URNs or ``pulumi.Alias`` keyword arguments (``{"name": "old"}``), and
``parent`` names an earlier resource; every other option is passed to ``ResourceOptions`` as is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pulumi

import plivo_provider

EXPORTS = {
    "PhoneNumber": ("number", "status", "app_id", "alias", "acquired", "object_id"),
    "PhoneNumberPool": ("numbers",),
    "Application": ("app_id", "app_name", "answer_url", "sip_uri", "default_number_app", "acquired"),
    "Trunk": ("trunk_id", "name", "trunk_status", "trunk_domain", "acquired"),
    "Endpoint": ("endpoint_id", "username", "alias", "app_id", "sip_uri", "acquired"),
    "Powerpack": ("powerpack_id", "number_pool_id", "member_count", "name", "acquired"),
}
made: dict[str, Any] = {}


def resolve(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"$ref"}:
        name, attribute = value["$ref"].split(".", 1)
        return getattr(made[name], attribute)
    if isinstance(value, dict) and set(value) == {"$secret"}:
        return pulumi.Config().require_secret(value["$secret"])
    if isinstance(value, list):
        return [resolve(item) for item in value]
    if isinstance(value, dict):
        return {key: resolve(item) for key, item in value.items()}
    return value


def options(opts: dict[str, Any]) -> pulumi.ResourceOptions:
    given = dict(opts)
    if "aliases" in given:
        given["aliases"] = [
            alias if isinstance(alias, str) else pulumi.Alias(**alias) for alias in given["aliases"]
        ]
    if "parent" in given:
        given["parent"] = made[given["parent"]]
    return pulumi.ResourceOptions(**given)


spec = json.loads((Path(__file__).resolve().parent / "spec.json").read_text(encoding="utf-8"))
for item in spec["resources"]:
    kind = item.get("type", "PhoneNumber")
    resource = getattr(plivo_provider, kind)(
        item["name"], **resolve(item.get("args", {})), opts=options(item.get("opts", {}))
    )
    made[item["name"]] = resource
    exports = item.get("exports") or EXPORTS.get(kind, ())
    pulumi.export(item["name"], {key: getattr(resource, key) for key in exports})
