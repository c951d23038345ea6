"""A dynamic resource whose provider does nothing: the floor of the engine and of Python dynamic providers.

It has the same inputs as ``PhoneNumber`` (``number``, ``app_id``), so ``noop_*`` runs declare a
stack of the same shape; every difference from ``plivo_*`` is then the provider's own work
(validation, HTTP calls, output mapping) plus its imports.

This lives in an importable module, not in the driver script, so the provider is pickled by
reference (``benchmarks.noop.NoopProvider``) exactly as ``PhoneNumberProvider`` is; a class in
``__main__`` would be pickled by value, which is a different (bigger, slower) code path.
"""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, Resource, ResourceProvider


def _inputs(props: dict[str, Any]) -> dict[str, Any]:
    # The engine hands the provider its own "__provider" blob too; it is not an input.
    return {key: value for key, value in props.items() if not key.startswith("__")}


class NoopProvider(ResourceProvider):
    """Accepts every input, stores it as the output and never calls anything."""

    # Like PhoneNumberProvider: the pickled blob holds no secret, so it is stored in plain text
    # (a secret blob would add encryption work to every step and skew the comparison).
    serialize_as_secret_always = False

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        return CheckResult(news, [])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        changed = _inputs(olds) != _inputs(news)
        return DiffResult(changes=changed, replaces=[], stables=[], delete_before_replace=False)

    def create(self, props: dict[str, Any]) -> CreateResult:
        outs = _inputs(props)
        return CreateResult(str(outs["number"]), outs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        outs = _inputs(props)
        return ReadResult(id_, outs, outs)

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        return None


class Noop(Resource, module="bench", name="Noop"):
    """Type ``pulumi-python:dynamic/bench:Noop``: a resource with PhoneNumber's inputs and no effect."""

    number: pulumi.Output[str]
    app_id: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        number: pulumi.Input[str],
        app_id: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(NoopProvider(), resource_name, {"number": number, "app_id": app_id}, opts)
