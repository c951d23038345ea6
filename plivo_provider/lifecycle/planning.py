"""plivo_provider.lifecycle.planning: what a change to a resource means, from its field table alone.

No I/O. One rule for every resource:

* a field that **replaces** is compared with the value last *declared* (``declared`` output),
  so an edit made in the console is reported by ``read`` but never replaces the object;
* an **in-place** setting is compared with what Plivo reports now, so drift shows as
  ``actual => declared`` and ``up`` restores it; removed from the program, it is cleared
  (``cleared_when_removed``) or merely no longer managed;
* a **pinned** input (criteria, delete options, the claim) only changes the bookkeeping.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .fields import Change, ResourceSpec, Send, is_unknown

VOLATILE = ("resource_path",)
"""Inputs a program sends for messages only: never stored, never compared."""


@dataclass(frozen=True)
class Plan:
    """What changes: ``replaces`` forces a new object; ``changes`` are updated in place."""

    replaces: tuple[str, ...]
    changes: tuple[str, ...]

    @property
    def any(self) -> bool:
        return bool(self.replaces or self.changes)


def _blank(value: Any) -> Any:
    return None if value == "" else value


def _differs(declared: Any, actual: Any) -> bool:
    return is_unknown(declared) or _blank(declared) != _blank(actual)


def declared_of(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The snapshot of declared inputs kept in the ``declared`` output (engine keys and
    :data:`VOLATILE` inputs removed)."""
    return {
        key: value
        for key, value in sorted(inputs.items())
        if not key.startswith("__") and key not in VOLATILE
    }


def changed_settings(spec: ResourceSpec, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
    """In-place settings whose declared value differs from Plivo's, or that were dropped and are cleared."""
    declared_before = olds.get("declared") or {}
    changed = []
    for key in spec.names(Change.IN_PLACE):
        if key in news:
            if _differs(news[key], olds.get(key)):
                changed.append(key)
        elif key in declared_before and spec[key].cleared_when_removed and _blank(olds.get(key)) is not None:
            changed.append(key)
    return changed


def plan_diff(spec: ResourceSpec, olds: Mapping[str, Any], news: Mapping[str, Any]) -> Plan:
    """Compare the state (``olds``: outputs) with the checked inputs (``news``)."""
    declared_before = olds.get("declared") or {}
    replaces = [
        key
        for key in spec.names(Change.REPLACES)
        if key in news and _differs(news[key], declared_before.get(key, olds.get(key)))
    ]
    pinned = [
        key
        for key in spec.names(Change.PINNED)
        if key not in VOLATILE and news.get(key) != declared_before.get(key)
    ]
    return Plan(replaces=tuple(replaces), changes=tuple(changed_settings(spec, olds, news) + pinned))


def update_body(spec: ResourceSpec, olds: Mapping[str, Any], news: Mapping[str, Any]) -> dict[str, Any]:
    """The update request that brings Plivo from ``olds`` to ``news``, by Plivo's names; ``{}`` if none.
    A cleared setting is sent as ``""``, Plivo's blank."""
    body: dict[str, Any] = {}
    for key in changed_settings(spec, olds, news):
        value = news.get(key)
        body[spec[key].wire_name] = "" if value is None else value
    return body


def create_body(spec: ResourceSpec, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The create request: every declared input sent at creation, by Plivo's names."""
    return {spec[key].wire_name: inputs[key] for key in spec.names(send=Send.CREATE) if key in inputs}


def read_inputs(spec: ResourceSpec, declared: Mapping[str, Any], outs: Mapping[str, Any]) -> dict[str, Any]:
    """Stored inputs after a refresh: the declared ones, each in-place setting at Plivo's actual value.

    The next preview then shows drift as ``actual => declared`` and ``up`` restores it.
    Fields that replace keep their declared value: a console rename never replaces.
    """
    actual = {key: outs[key] for key in spec.names(Change.IN_PLACE) if key in declared}
    return {**declared, **actual}


def declared_from(spec: ResourceSpec, props: Mapping[str, Any]) -> dict[str, Any]:
    """The declared inputs a state holds: its ``declared`` output, or (state from versions before
    that output) the inputs found among its outputs."""
    return dict(
        props.get("declared") or {key: props[key] for key in spec.inputs if props.get(key) is not None}
    )
