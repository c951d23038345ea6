"""plivo_provider.registration: what every resource class of this package does as it registers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi

from ..inputs.validation import normalize_path
from .fields import Change, Field, ResourceSpec

RESOURCE_PATH = Field(
    "resource_path",
    "the resource's current name under its parents, which messages name it by; never stored.",
    "str",
    input=Change.PINNED,
    normalize=normalize_path,
    internal=True,
)
"""Sent by every resource class, popped by every provider's ``check`` (see :mod:`.claims`)."""


def resource_path(resource_name: str, opts: pulumi.ResourceOptions | None) -> str:
    """The resource's name under its parents, ``<type>$<parent>/.../<name>``; the bare name at the top.

    A pool member ``agents-1`` and a top-level ``agents-1`` therefore never share a claim.
    """
    parts = [resource_name]
    parent = opts.parent if opts else None
    while parent is not None:
        parts.insert(0, f"{getattr(parent, '_type', '')}${getattr(parent, '_name', '')}")
        parent = getattr(parent, "_parent", None)
    return "/".join(parts)


def refuse_replace_on_changes(kind: str, resource_name: str, opts: pulumi.ResourceOptions | None) -> None:
    """The engine applies ``replace_on_changes`` from a provider's detailed diff, which dynamic
    providers cannot return: the option would silently do nothing, so it is refused."""
    if opts is not None and opts.replace_on_changes:
        # RunError: the language host prints its message alone, without the program's traceback.
        raise pulumi.RunError(
            f"{kind} {resource_name!r}: replace_on_changes has no effect on this resource (dynamic "
            "providers report no per-field diff); remove it, and use `pulumi up --replace <urn>` "
            "to replace it once"
        )


def declared_props(
    spec: ResourceSpec,
    resource_name: str,
    given: Mapping[str, Any],
    opts: pulumi.ResourceOptions | None,
    *,
    id_output: str | None = None,
) -> dict[str, Any]:
    """What a resource class registers: the arguments the program gave (``given``, the
    constructor's ``locals()``), its current path for messages, every output seeded.

    :raises pulumi.RunError: ``replace_on_changes`` is set (see :func:`refuse_replace_on_changes`).
    """
    refuse_replace_on_changes(spec.name, resource_name, opts)
    inputs = {key: given[key] for key in spec.arguments if given[key] is not None}
    inputs["resource_path"] = resource_path(resource_name, opts)
    return spec.props(inputs, id_output=id_output)
