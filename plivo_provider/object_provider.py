"""plivo_provider.object_provider: the dynamic provider behind ``Application`` and ``Trunk``.

Contract, clause by clause (each has a test):

* ``check`` validates every input at preview. For a new resource, or a new name,
  it asks Plivo once whether an object of that name exists: one is reported as
  "will be adopted", several are refused. A new or changed literal ID the object refers
  to (``new_endpoint_application``) is looked up (:mod:`.preview`). A no-change run calls nothing.
* ``diff`` replaces only when a field that replaces (``app_name``) differs from
  the value last declared; settings update in place; delete options are recorded
  without any call; no change, no diff.
* ``create`` adopts the account's object of the declared name, or creates one,
  and never creates twice after an ambiguous failure (it lists by name first).
  Two resources of one stack declaring the same name are refused.
* ``update`` sends only what changed and returns the full outputs.
* ``read`` reports drift and drops an object deleted outside Pulumi.
* ``delete`` deletes; one already gone counts as deleted; an object another
  resource of this stack adopted in the same run (a renamed resource) is kept.

Like :class:`~plivo_provider.provider.PhoneNumberProvider` it pickles by reference,
with no state: credentials come from ``configure()`` or ``PLIVO_*`` variables.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    UpdateResult,
)

from .base import PlivoProvider
from .claims import Holders
from .client import PlivoClient
from .console import note, one_line_errors
from .errors import ConfigError, NotFoundError, PlivoError
from .fields import Change, Failure, is_unknown, user_inputs
from .objects import (
    NameConflictError,
    ObjectKind,
    acquire,
    find_one,
    outputs_of,
    plan_diff,
    read_inputs,
    update_body,
)
from .preview import changed_references, reference_failures
from .state import declared_of


class ObjectProvider(PlivoProvider):
    """Creates or adopts, updates, reads and deletes one kind of Plivo object (``kind``)."""

    kind: ClassVar[ObjectKind]

    def __init__(self) -> None:
        super().__init__()
        self._names: set[str] = set()
        """Names created or adopted by this process (one ``pulumi`` command)."""
        self._holders = Holders()
        self._held: set[str] = set()
        """IDs created or adopted by this process: a delete of the same ID is another resource's."""

    # -- preview -----------------------------------------------------------------------------

    @one_line_errors
    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs, failures = self.kind.spec.check(news)
        path = str(inputs.pop("resource_path", "") or "")
        if not failures:
            failures = self._name_held_elsewhere(inputs, path)
        if not failures:
            failures = self._remote_failures(olds, inputs)
        return CheckResult(inputs, [CheckFailure(field, reason) for field, reason in failures])

    def _name_held_elsewhere(self, inputs: Mapping[str, Any], path: str) -> list[Failure]:
        """Two resources of the program declaring one name would share one object: refused."""
        key = self.kind.name_key
        name = inputs.get(key)
        if not path or name is None or is_unknown(name):
            return []
        other = self._holders.hold(key, str(name), path)
        if other is None:
            return []
        return [
            (
                key,
                f"{key}={name!r} is declared by two {self.kind.spec.name} resources, {other!r} and "
                f"{path!r}; Plivo finds a {self.kind.noun} by its name, so give each one its own",
            )
        ]

    def _remote_failures(self, olds: Mapping[str, Any], inputs: Mapping[str, Any]) -> list[Failure]:
        """For a new resource or a new name: is the name free, adoptable, or ambiguous?
        And does each new or changed literal ID it refers to exist?"""
        key = self.kind.name_key
        name = inputs.get(key)
        known = name is not None and not is_unknown(name)
        check_name = not olds or (known and name != olds.get(key))
        references = changed_references(self.kind.spec, olds, inputs)
        if not check_name and not references:
            return []
        try:
            client = self.client()
            failures = reference_failures(client, references)
            if check_name:
                failures += self._name_failures(client, olds, name if known else None)
        except ConfigError as exc:
            return [("", str(exc))]
        except NameConflictError as exc:
            return [(key, str(exc))]
        except PlivoError as exc:
            return [("", f"cannot check the Plivo account: {exc}")]
        return failures

    def _name_failures(self, client: PlivoClient, olds: Mapping[str, Any], name: Any) -> list[Failure]:
        """The name check; for a name unknown at preview, only the credentials."""
        if name is None:
            self._require_account(client)
            return []
        return self._found_failures(olds, str(name), find_one(self.kind, client, str(name)))

    def _found_failures(
        self, olds: Mapping[str, Any], name: str, found: Mapping[str, Any] | None
    ) -> list[Failure]:
        if found is None:
            return []
        kind, object_id = self.kind, found.get(self.kind.id_key)
        if olds and not self._name_replaces():
            # An existing object being renamed in place onto a name another object has.
            return [
                (
                    kind.name_key,
                    f"{kind.name_key}: another {kind.noun} is already named {name!r} ({object_id}); "
                    "renaming this one would make the name ambiguous: pick another name",
                )
            ]
        note(f"{kind.noun} {name!r} already exists ({object_id}): `pulumi up` adopts it, creating none")
        return []

    def _name_replaces(self) -> bool:
        return self.kind.spec[self.kind.name_key].input is Change.REPLACES

    @one_line_errors
    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        self.kind.declared_ids.add(id_)
        plan = plan_diff(self.kind.spec, olds, user_inputs(news))
        return DiffResult(changes=plan.any, replaces=list(plan.replaces), delete_before_replace=False)

    # -- up ----------------------------------------------------------------------------------

    @one_line_errors
    def create(self, props: dict[str, Any]) -> CreateResult:
        inputs = user_inputs(props)
        name = str(inputs[self.kind.name_key])
        self._claim(name)
        got = acquire(self.kind, self.client(), inputs)
        object_id = str(got.record[self.kind.id_key])
        with self._lock:
            self._held.add(object_id)
        self.kind.declared_ids.add(object_id)
        return CreateResult(object_id, outputs_of(self.kind, got.record, inputs, got.acquired))

    def _claim(self, name: str) -> None:
        with self._lock:
            if name in self._names:
                kind = self.kind
                raise NameConflictError(
                    f"two {kind.spec.name} resources of this stack declare {kind.name_key}={name!r}; "
                    f"Plivo finds a {kind.noun} by its name, so give each one its own"
                )
            self._names.add(name)

    @one_line_errors
    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        self.kind.declared_ids.add(id_)
        inputs = user_inputs(news)
        body = update_body(self.kind.spec, olds, inputs)
        if not body:
            # Only delete options changed: recorded in state, nothing to tell Plivo.
            return UpdateResult({**olds, "declared": declared_of(inputs)})
        client = self.client()
        self.kind.update(client, id_, body)
        record = self.kind.get(client, id_)
        return UpdateResult(outputs_of(self.kind, record, inputs, olds.get("acquired") or "created"))

    @one_line_errors
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        kind = self.kind
        try:
            record = kind.get(self.client(), id_)
        except NotFoundError:
            note(f"{kind.noun} {id_} is no longer in the Plivo account: removing it from the stack state")
            return ReadResult(id_="", outs={})
        kind.declared_ids.add(id_)
        declared = props.get("declared") or {
            key: props[key] for key in kind.spec.inputs if props.get(key) is not None
        }
        outs = outputs_of(kind, record, declared, props.get("acquired") or "created")
        self._report_rename(id_, declared, outs)
        return ReadResult(id_=id_, outs=outs, inputs=read_inputs(kind.spec, declared, outs))

    def _report_rename(self, id_: str, declared: Mapping[str, Any], outs: Mapping[str, Any]) -> None:
        key = self.kind.name_key
        if not self._name_replaces():
            return  # a name updated in place is restored by the next `up`, like any setting
        if declared.get(key) and outs.get(key) != declared[key]:
            note(
                f"{self.kind.noun} {id_} was renamed outside Pulumi to {outs.get(key)!r} (declared "
                f"{declared[key]!r}). Plivo cannot rename it back, and Pulumi does not replace it for a "
                "name: rename it in the console, or run `pulumi up --replace <urn>`"
            )

    @one_line_errors
    def delete(self, id_: str, props: dict[str, Any]) -> None:
        with self._lock:
            adopted_elsewhere = id_ in self._held
        if adopted_elsewhere:
            note(
                f"{self.kind.noun} {id_} is now managed by another resource of this stack (adopted "
                "by name in this run): not deleted"
            )
            return
        try:
            self.kind.delete(self.client(), id_, props)
        except NotFoundError:
            note(f"{self.kind.noun} {id_} was already gone from the Plivo account: counted as deleted")
