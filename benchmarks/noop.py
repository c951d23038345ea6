"""A dynamic resource whose provider does nothing: the floor of the engine and of Python dynamic providers.

``Noop`` takes the same inputs as ``PhoneNumber`` (``number``, ``app_id``), so ``noop_*`` runs
declare a stack of the same shape; every difference from ``plivo_*`` is then the provider's own
work (validation, HTTP calls) plus the size of what it stores.

What ``create`` stores is set by ``shape``, because the engine's cost grows with the state each
resource writes:

* ``fields:F``: ``number`` plus F-1 string fields whose values are those of a real PhoneNumber;
* ``phone``: exactly the outputs a PhoneNumber stores (:data:`PHONE_OUTPUTS`), ``declared`` included;
* ``phone-slim``: the outputs a program or ``diff`` reads (:data:`SLIM_KEYS`).

(Outputs that are None are never stored: the SDK's serialiser drops them, for both providers.)

This lives in an importable module, so the provider is pickled by reference
(``benchmarks.noop.NoopProvider`` and its ``shape``), exactly as ``PhoneNumberProvider`` is.
"""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, Resource, ResourceProvider

INPUT_KEYS = ("number", "app_id")
# The outputs one PhoneNumber (US local, app linked, no alias) stores, as `pulumi stack export` shows
# them; "number", "app_id" and "declared" are filled in per resource.
PHONE_OUTPUTS: dict[str, Any] = {
    "acquired": "purchased",
    "active": True,
    "added_on": "2026-11-28",
    "app_id": "",
    "city": "SAN FRANCISCO",
    "cnam_lookup": "disabled",
    "country_iso": "US",
    "declared": {},
    "mms_enabled": True,
    "monthly_rental_rate": "0.80000",
    "number": "",
    "number_type": "local",
    "region": "California, UNITED STATES",
    "renewal_date": "2026-12-28",
    "sms_enabled": True,
    "status": "Success",
    "voice_enabled": True,
}
SLIM_KEYS = ("number", "app_id", "declared", "status", "active")
SHAPES = ("phone", "phone-slim")


def outputs_for(shape: str, inputs: dict[str, Any]) -> dict[str, Any]:
    """What ``create`` returns for ``inputs`` under ``shape`` (see the module docstring)."""
    declared = {key: inputs.get(key) for key in INPUT_KEYS}
    phone = {**PHONE_OUTPUTS, **declared, "declared": declared}
    if shape == "phone":
        return phone
    if shape == "phone-slim":
        return {key: phone[key] for key in SLIM_KEYS}
    count = int(shape.removeprefix("fields:"))
    fillers = [str(value) for key, value in PHONE_OUTPUTS.items() if key not in (*INPUT_KEYS, "declared")]
    return {"number": inputs["number"], **{f"f{i:02}": fillers[i % len(fillers)] for i in range(1, count)}}


def output_keys(shape: str) -> list[str]:
    """The keys ``create`` returns under ``shape``: the program seeds these so they become attributes."""
    return list(outputs_for(shape, dict.fromkeys(INPUT_KEYS, "")))


class NoopProvider(ResourceProvider):
    """Accepts every input, stores ``outputs_for(shape, inputs)`` and never calls anything."""

    # Like PhoneNumberProvider: the pickled blob holds no secret, so it is stored in plain text.
    serialize_as_secret_always = False

    def __init__(self, shape: str = "fields:1") -> None:
        self.shape = shape

    def __reduce__(self) -> tuple[type[NoopProvider], tuple[str]]:
        # Pickled as "call the class with shape", as PhoneNumberProvider is pickled: pulumi's
        # serializer re-wraps pickle's dict writer on every resource, so pickling an instance
        # dict overflows the stack after ~960 resources in one program.
        return (type(self), (self.shape,))

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        return CheckResult(news, [])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        # olds are the stored outputs; only the inputs decide.
        changed = any(olds.get(key) != news.get(key) for key in INPUT_KEYS if key in olds)
        return DiffResult(changes=changed, replaces=[], stables=[], delete_before_replace=False)

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(str(props["number"]), outputs_for(self.shape, props))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        outs = {key: value for key, value in props.items() if not key.startswith("__")}
        return ReadResult(id_, outs, {key: props.get(key) for key in INPUT_KEYS})

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        return None


class Noop(Resource, module="bench", name="Noop"):
    """Type ``pulumi-python:dynamic/bench:Noop``: a resource with PhoneNumber's inputs and no effect."""

    def __init__(
        self,
        resource_name: str,
        number: pulumi.Input[str],
        app_id: pulumi.Input[str],
        shape: str = "fields:1",
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        # Outputs are seeded (None) so the program sees them, as PhoneNumber does; seeds are not inputs.
        props: dict[str, Any] = dict.fromkeys(output_keys(shape))
        props.update(number=number, app_id=app_id)
        super().__init__(NoopProvider(shape), resource_name, props, opts)
