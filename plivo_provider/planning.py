"""plivo_provider.planning: decide what a change to a PhoneNumber means, without any I/O.

``plan_diff`` answers the engine's Diff (replace, update in place, or nothing);
``settings_to_send`` builds the exact ``POST Number/{n}/`` body an update needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .claims import claim_of, compose_alias
from .fields import is_unknown
from .schema import CLEARED_WHEN_REMOVED, PINNED, SETTINGS


@dataclass(frozen=True)
class Plan:
    """What changes: ``replaces`` forces a new number; ``changes`` are updated in place."""

    replaces: tuple[str, ...]
    changes: tuple[str, ...]

    @property
    def any(self) -> bool:
        return bool(self.replaces or self.changes)


def _blank(value: Any) -> Any:
    return None if value == "" else value


def _differs(declared: Any, actual: Any) -> bool:
    return is_unknown(declared) or _blank(declared) != _blank(actual)


def changed_settings(olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
    """Settings whose declared value differs from Plivo's actual one, or that were dropped."""
    declared_before = olds.get("declared") or {}
    changed = []
    for key in SETTINGS:
        if key in news:
            if _differs(news[key], olds.get(key)):
                changed.append(key)
        elif key in declared_before and key in CLEARED_WHEN_REMOVED and _blank(olds.get(key)) is not None:
            changed.append(key)
    return changed


def plan_diff(olds: Mapping[str, Any], news: Mapping[str, Any]) -> Plan:
    """Compare the state (``olds``: outputs) with the checked inputs (``news``)."""
    replaces: list[str] = []
    number = news.get("number")
    if number is not None and (is_unknown(number) or number != olds.get("number")):
        replaces.append("number")
    declared_before = olds.get("declared") or {}
    pinned = [key for key in PINNED if news.get(key) != declared_before.get(key)]
    return Plan(replaces=tuple(replaces), changes=tuple(changed_settings(olds, news) + pinned))


def settings_to_send(olds: Mapping[str, Any], news: Mapping[str, Any]) -> dict[str, str]:
    """The ``POST Number/{n}/`` body that brings Plivo from ``olds`` to ``news``; ``{}`` if none.

    Plivo links a number to an application *or* an object (trunk), never both, so
    switching sides clears the other side in the same request.
    """
    body: dict[str, str] = {}
    for key in changed_settings(olds, news):
        body[key] = "" if news.get(key) is None else str(news[key])
    if "alias" in body:
        # Plivo's one alias field holds the declared alias and the claim tag (.claims).
        body["alias"] = compose_alias(news.get("alias"), claim_of(news))
    if body.get("app_id") and olds.get("object_id"):
        body.update(object_type="", object_id="")
    if body.get("object_id") and "app_id" in body and not body["app_id"]:
        # Linking a trunk unlinks the app on Plivo's side; sending app_id="" too would
        # read as "app and object together", which Plivo rejects.
        del body["app_id"]
    if "object_id" in body and not body["object_id"]:
        body["object_type"] = ""
    return body
