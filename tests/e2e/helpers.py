"""Small helpers for end-to-end tests: a re-configurable program and quiet-preview checks."""

from __future__ import annotations

from typing import Any

import pulumi

from plivo_provider import PhoneNumber
from plivo_provider.automation import StackRunner

VOICE_APP = "10000000000000002"
SMS_APP = "10000000000000003"
DEFAULT_APP = "10000000000000001"


class Numbers:
    """An inline program declaring PhoneNumbers from ``self.specs``; edit it between runs."""

    def __init__(self, **specs: dict[str, Any]) -> None:
        self.specs = specs
        self.options: dict[str, Any] = {}

    def __call__(self) -> None:
        for name, args in self.specs.items():
            phone = PhoneNumber(name, **args, opts=pulumi.ResourceOptions(**self.options))
            pulumi.export(
                name,
                {
                    "number": phone.number,
                    "status": phone.status,
                    "app_id": phone.app_id,
                    "alias": phone.alias,
                    "acquired": phone.acquired,
                },
            )


def changes(stack: StackRunner, **kwargs: Any) -> dict[str, int]:
    """The change summary of a preview, without the unchanged stack resource."""
    summary = dict(stack.preview(**kwargs).change_summary)
    summary.pop("same", None)
    return summary


def assert_quiet(stack: StackRunner) -> None:
    """A second preview after an up must show no change at all."""
    assert changes(stack) == {}, "expected a quiet preview"


def resource_outputs(stack: StackRunner, name: str) -> dict[str, Any]:
    """The stored outputs of PhoneNumber ``name`` (refresh updates these, not the stack exports)."""
    for resource in stack.export()["resources"]:
        if resource["type"].endswith(":PhoneNumber") and resource["urn"].endswith(f"::{name}"):
            return dict(resource.get("outputs") or {})
    raise KeyError(name)
