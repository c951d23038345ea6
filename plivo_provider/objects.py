"""plivo_provider.objects: Plivo objects with an opaque ID that people know by name (apps, trunks).

Plivo gives an application or a trunk an ID when it is created and takes no
idempotency key, so a name is the only handle a program and a re-run share. The
rules here, used by :class:`~plivo_provider.object_provider.ObjectProvider`:

* **adopt, don't duplicate**: before creating, list the account by name; one match
  is adopted (the declared settings applied to it), two or more are refused;
* **never create twice**: after an ambiguous create failure (timeout, dropped
  connection, 5xx) list by name again and retry only when nothing was created;
* **diff from the field table**: a field that ``replaces`` is compared with the
  value last *declared*, so a rename made in the console is reported by ``read``
  but never replaces the object; in-place settings are compared with what Plivo
  reports, so drift shows as ``actual => declared``.

Everything that differs between applications and trunks (the API calls and the
shape of a record) is an :class:`ObjectKind`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from .client import PlivoClient
from .console import note
from .declared_ids import DeclaredIds
from .errors import OutcomeUnknownError, PlivoError
from .fields import Change, ResourceSpec, Send, is_unknown
from .once import at_most_once
from .planning import Plan
from .state import declared_of

Record = Mapping[str, Any]


class NameConflictError(PlivoError, ValueError):
    """Raised when the name an object is found by cannot pick one object: two objects in the
    account share it, two resources of the stack declare it, or the one found cannot be adopted."""


class ObjectKind(Protocol):
    """What the provider needs to know about one kind of Plivo object."""

    spec: ResourceSpec
    noun: str
    """``application`` or ``trunk``, for messages."""
    id_key: str
    name_key: str
    declared_ids: DeclaredIds
    """IDs of this kind that the stack declares, seen this run (PhoneNumber skips checking them)."""

    def create(self, client: PlivoClient, fields: dict[str, Any]) -> str: ...

    def get(self, client: PlivoClient, object_id: str) -> Record: ...

    def find(self, client: PlivoClient, name: str) -> list[Record]:
        """The objects named exactly ``name``."""
        ...

    def update(self, client: PlivoClient, object_id: str, fields: dict[str, Any]) -> None: ...

    def delete(self, client: PlivoClient, object_id: str, state: Mapping[str, Any]) -> None:
        """Delete the object; ``state`` is its stored outputs (the declared delete options)."""
        ...

    def outputs(self, record: Record) -> dict[str, Any]:
        """Plivo's record as outputs (field names, Plivo's blanks as ``None``)."""
        ...

    def unfit(self, record: Record) -> str | None:
        """Why an object of the declared name cannot be adopted, or ``None``."""
        ...


# -- planning: pure functions of the field table -------------------------------------------------


def _blank(value: Any) -> Any:
    return None if value == "" else value


def _differs(declared: Any, actual: Any) -> bool:
    return is_unknown(declared) or _blank(declared) != _blank(actual)


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
    pinned = [key for key in spec.names(Change.PINNED) if news.get(key) != declared_before.get(key)]
    return Plan(replaces=tuple(replaces), changes=tuple(changed_settings(spec, olds, news) + pinned))


def update_body(spec: ResourceSpec, olds: Mapping[str, Any], news: Mapping[str, Any]) -> dict[str, Any]:
    """The update request that brings Plivo from ``olds`` to ``news``; ``{}`` if none."""
    body: dict[str, Any] = {}
    for key in changed_settings(spec, olds, news):
        value = news.get(key)
        body[spec[key].wire_name] = "" if value is None else value
    return body


def create_body(spec: ResourceSpec, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The create request: every declared input sent at creation, by Plivo's names."""
    return {spec[key].wire_name: inputs[key] for key in spec.names(send=Send.CREATE) if key in inputs}


def outputs_of(
    kind: ObjectKind, record: Record, declared: Mapping[str, Any], acquired: str
) -> dict[str, Any]:
    """Every output of the resource: Plivo's record, how it was acquired, and the declared inputs."""
    outs: dict[str, Any] = dict.fromkeys(kind.spec.outputs)
    outs.update(kind.outputs(record))
    outs["acquired"] = acquired
    outs["declared"] = declared_of(declared)
    return outs


def read_inputs(spec: ResourceSpec, declared: Mapping[str, Any], outs: Mapping[str, Any]) -> dict[str, Any]:
    """Stored inputs after a refresh: the declared ones, each in-place setting at Plivo's actual value.

    The next preview then shows drift as ``actual => declared`` and ``up`` restores it.
    Fields that replace keep their declared value: a console rename never replaces.
    """
    actual = {key: outs[key] for key in spec.names(Change.IN_PLACE) if key in declared}
    return {**declared, **actual}


# -- acquisition: create exactly once, or adopt -------------------------------------------------


@dataclass(frozen=True)
class Acquired:
    """The object now managed, and ``created`` or ``adopted``."""

    record: Record
    acquired: str


def find_one(kind: ObjectKind, client: PlivoClient, name: str) -> Record | None:
    """The one object named ``name``, or ``None``.

    :raises NameConflictError: several objects share the name, or the one found cannot be adopted.
    """
    found = kind.find(client, name)
    if len(found) > 1:
        ids = ", ".join(str(item.get(kind.id_key)) for item in found)
        raise NameConflictError(
            f"{len(found)} {kind.noun}s named {name!r} exist in the account ({ids}); Pulumi cannot tell "
            f"which one to adopt: delete or rename the extra ones in the Plivo console, or declare "
            f"another {kind.name_key}"
        )
    if not found:
        return None
    reason = kind.unfit(found[0])
    if reason:
        raise NameConflictError(
            f"a {kind.noun} named {name!r} exists ({found[0].get(kind.id_key)}) but {reason}; "
            f"declare another {kind.name_key}"
        )
    return found[0]


def acquire(
    kind: ObjectKind,
    client: PlivoClient,
    inputs: Mapping[str, Any],
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> Acquired:
    """Adopt the account's object of the declared name, or create one (exactly once)."""
    name = str(inputs[kind.name_key])
    existing = find_one(kind, client, name)
    if existing is not None:
        object_id = str(existing[kind.id_key])
        note(f"{kind.noun} {name!r} already exists ({object_id}): adopted, not created again")
        return Acquired(apply_declared(kind, client, existing, inputs), "adopted")
    object_id = create_once(kind, client, inputs, sleep=sleep)
    return Acquired(kind.get(client, object_id), "created")


def apply_declared(
    kind: ObjectKind, client: PlivoClient, record: Record, inputs: Mapping[str, Any]
) -> Record:
    """Bring an adopted object to the declared settings, saying what changes."""
    current = kind.outputs(record)
    body = update_body(kind.spec, current, inputs)
    if not body:
        return record
    object_id = str(record[kind.id_key])
    changes = ", ".join(f"{key} {current.get(key)!r} -> {value!r}" for key, value in sorted(body.items()))
    note(f"{kind.noun} {object_id}: applying the declared settings: {changes}")
    kind.update(client, object_id, body)
    return kind.get(client, object_id)


def create_once(
    kind: ObjectKind,
    client: PlivoClient,
    inputs: Mapping[str, Any],
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> str:
    """Create the object and return its ID; after an ambiguous failure, list by name before retrying.

    :raises OutcomeUnknownError: it may have been created and the account could not be asked.
    :raises TransportError: or :class:`ServerError`: every attempt was proven to have created
        nothing; the last attempt's error, saying so.
    """
    name = str(inputs[kind.name_key])
    body = create_body(kind.spec, inputs)

    def made(cause: PlivoError) -> str | None:
        object_id = _made_despite(kind, client, name, cause)
        if object_id is not None:
            note(f"{kind.noun} {name!r} was created ({object_id}); Plivo's answer was lost")
        return object_id

    return at_most_once(
        client, f"{kind.noun} {name!r} was not created", lambda: kind.create(client, body), made, sleep=sleep
    )


def _made_despite(kind: ObjectKind, client: PlivoClient, name: str, cause: PlivoError) -> str | None:
    try:
        found = find_one(kind, client, name)
    except NameConflictError:
        raise  # an answer, not a failure to ask: it must not read as "outcome unknown"
    except PlivoError as exc:
        raise OutcomeUnknownError(
            f"{kind.noun} {name!r} may have been created ({cause}) and the account could not be asked "
            f"({exc}). Nothing will be created again blindly: run `pulumi up` again, and the provider "
            f"adopts the {kind.noun} of this name if the create happened."
        ) from None
    return None if found is None else str(found[kind.id_key])
