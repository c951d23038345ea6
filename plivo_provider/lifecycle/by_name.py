"""plivo_provider.lifecycle.by_name: the kind of Plivo objects people know by name (apps, trunks).

Plivo gives an application or a trunk an ID when it is created and takes no idempotency
key, so a name is the only handle a program and a re-run share. :class:`NamedKind` keeps:

* **one declaration per name**: two resources of the program declaring one name fail at
  preview, naming both;
* **adopt, don't duplicate**: before creating, list the account by name; one match is
  adopted (the declared settings applied to it), two or more are refused; preview says which;
* **never create twice**: after an ambiguous create failure (timeout, dropped connection,
  5xx) list by name again and retry only when nothing was created;
* **a console rename is reported**, never replaced, when the name is a field that replaces.

A subclass gives the API calls (``create_object``, ``get``, ``find``, ``update``,
``delete_object``), the record's shape (``record_outputs``) and what makes a found object unfit
to adopt (``unfit``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from ..api.client import PlivoClient
from ..api.errors import OutcomeUnknownError, PlivoError
from ..inputs.preview import changed_references, reference_failures
from .console import note
from .fields import Change, Failure, is_unknown
from .once import at_most_once
from .planning import create_body, declared_of, update_body
from .provider import Acquired, Kind, KindProvider, Record
from .registry import IdSet


class NameConflictError(PlivoError, ValueError):
    """Raised when the name an object is found by cannot pick one object: two objects in the
    account share it, or the one found cannot be adopted."""


class NamedKind(Kind):
    """A Plivo object found by its name (:data:`name_key`)."""

    name_key: ClassVar[str]

    # -- what a subclass gives -------------------------------------------------------------------

    def create_object(self, client: PlivoClient, fields: dict[str, Any]) -> str:
        raise NotImplementedError

    def find(self, client: PlivoClient, name: str) -> list[Record]:
        """The objects named exactly ``name``."""
        raise NotImplementedError

    def delete_object(self, client: PlivoClient, object_id: str, state: Mapping[str, Any]) -> None:
        raise NotImplementedError

    def record_outputs(self, record: Record) -> dict[str, Any]:
        """Plivo's record as outputs (field names, Plivo's blanks as ``None``)."""
        raise NotImplementedError

    def unfit(self, record: Record) -> str | None:
        """Why an object of the declared name cannot be adopted, or ``None``."""
        return None

    # -- the lifecycle's hooks -------------------------------------------------------------------

    def outputs(
        self, record: Record, declared: Mapping[str, Any], acquired: str, kept: Mapping[str, Any]
    ) -> dict[str, Any]:
        outs: dict[str, Any] = dict.fromkeys(self.spec.outputs)
        outs.update(self.record_outputs(record))
        outs["acquired"] = acquired
        outs["declared"] = declared_of(declared)
        return outs

    def delete(self, run: KindProvider, object_id: str, state: Mapping[str, Any]) -> None:
        self.delete_object(run.client(), object_id, state)

    def preview_failures(
        self, run: KindProvider, olds: Mapping[str, Any], inputs: Mapping[str, Any], path: str
    ) -> list[Failure]:
        """One declaration per name; then, for a new resource or a new name, is the name free,
        adoptable or ambiguous? And does each new or changed literal ID it refers to exist?"""
        name = inputs.get(self.name_key)
        known = name is not None and not is_unknown(name)
        if path and known:
            other = run.holders.hold(self.name_key, str(name), path)
            if other is not None:
                return [
                    (
                        self.name_key,
                        f"{self.name_key}={name!r} is declared by two {self.spec.name} resources, "
                        f"{other!r} and {path!r}; Plivo finds a {self.noun} by its name, so give each "
                        "one its own",
                    )
                ]
        check_name = not olds or (known and name != olds.get(self.name_key))
        references = changed_references(self.spec, olds, inputs)
        if not check_name and not references:
            return []

        def ask(client: PlivoClient) -> list[Failure]:
            failures = reference_failures(client, references)
            if check_name and not known:
                run.require_account(client)
            elif check_name:
                try:
                    failures += self._found_failures(olds, str(name), find_one(self, client, str(name)))
                except NameConflictError as exc:
                    return [(self.name_key, str(exc))]
            return failures

        return run.asking(ask)

    def _found_failures(self, olds: Mapping[str, Any], name: str, found: Record | None) -> list[Failure]:
        if found is None:
            return []
        object_id = found.get(self.id_key)
        if olds and not self._name_replaces():
            # An existing object being renamed in place onto a name another object has.
            return [
                (
                    self.name_key,
                    f"{self.name_key}: another {self.noun} is already named {name!r} ({object_id}); "
                    "renaming this one would make the name ambiguous: pick another name",
                )
            ]
        note(f"{self.noun} {name!r} already exists ({object_id}): `pulumi up` adopts it, creating none")
        return []

    def _name_replaces(self) -> bool:
        return self.spec[self.name_key].input is Change.REPLACES

    def acquire(self, run: KindProvider, inputs: Mapping[str, Any]) -> Acquired:
        name = str(inputs[self.name_key])
        if not run.cache("names acquired", IdSet).take(name):
            # Preview refuses this first; a run without a preview (--skip-preview) meets it here.
            raise NameConflictError(
                f"two {self.spec.name} resources of this stack declare {self.name_key}={name!r}; "
                f"Plivo finds a {self.noun} by its name, so give each one its own"
            )
        return acquire(self, run.client(), inputs)

    def after_read(self, object_id: str, declared: Mapping[str, Any], outs: Mapping[str, Any]) -> None:
        key = self.name_key
        if not self._name_replaces():
            return  # a name updated in place is restored by the next `up`, like any setting
        if declared.get(key) and outs.get(key) != declared[key]:
            note(
                f"{self.noun} {object_id} was renamed outside Pulumi to {outs.get(key)!r} (declared "
                f"{declared[key]!r}). Plivo cannot rename it back, and Pulumi does not replace it for a "
                "name: rename it in the console, or run `pulumi up --replace <urn>`"
            )


def acquire(
    kind: NamedKind,
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


def find_one(kind: NamedKind, client: PlivoClient, name: str) -> Record | None:
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


def apply_declared(kind: NamedKind, client: PlivoClient, record: Record, inputs: Mapping[str, Any]) -> Record:
    """Bring an adopted object to the declared settings, saying what changes."""
    current = kind.record_outputs(record)
    body = update_body(kind.spec, current, inputs)
    if not body:
        return record
    object_id = str(record[kind.id_key])
    changes = ", ".join(f"{key} {current.get(key)!r} -> {value!r}" for key, value in sorted(body.items()))
    note(f"{kind.noun} {object_id}: applying the declared settings: {changes}")
    kind.update(client, object_id, body)
    return kind.get(client, object_id)


def create_once(
    kind: NamedKind,
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
        client,
        f"{kind.noun} {name!r} was not created",
        lambda: kind.create_object(client, body),
        made,
        sleep=sleep,
    )


def _made_despite(kind: NamedKind, client: PlivoClient, name: str, cause: PlivoError) -> str | None:
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
