"""plivo_provider.lifecycle.provider: the one dynamic-provider lifecycle every resource runs on.

A resource is its field table (:class:`~.fields.ResourceSpec`), a small :class:`Kind` that holds
only what is special about it, and its resource class. :class:`KindProvider` does the rest, the
same way for every resource. Contract, clause by clause (each has a test):

* ``check`` validates and normalises every input from the field table, keeps the inputs the
  kind fixes at creation, then runs the kind's preview checks (duplicates in the program,
  literal IDs, what Plivo has); those call Plivo only for what is new or changed, never on a
  no-change run.
* ``diff`` replaces only for a field that replaces; settings update in place; pinned inputs
  change the bookkeeping alone; no change, no diff (:mod:`.planning`).
* ``create`` acquires through the kind: adopt what is provably the resource's own, or create
  (buy) exactly once, never twice after an ambiguous failure.
* ``update`` sends only what changed and returns the full outputs.
* ``read`` reports drift, and drops an object gone from the account or no longer the
  resource's own.
* ``delete`` deletes (releases); one already gone counts as deleted; one a create of the same
  run acquired (a renamed resource), or that is no longer the resource's own, is kept.

Providers pickle as "call the class with no arguments": nothing of a configured provider
(settings, token, sessions) reaches state, and the blob is a by-reference class name, identical
across versions. Credentials come from ``configure()`` (stack config ``plivo:*``) or ``PLIVO_*``
variables, resolved on first use; one client per process, built lazily.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from ..api.client import PlivoClient
from ..api.config import ALL_KEYS, Settings, resolve_settings
from ..api.errors import ConfigError, NotFoundError, PlivoError
from .claims import Holders
from .console import note, one_line_errors, quiet_tracebacks
from .fields import Failure, ResourceSpec, user_inputs
from .planning import declared_from, declared_of, plan_diff, read_inputs, update_body
from .registry import IdSet, registry

Record = Mapping[str, Any]
T = TypeVar("T")


@dataclass(frozen=True)
class Acquired:
    """What a create got: Plivo's record, how (``purchased``, ``created`` or ``adopted``), and
    outputs Plivo does not report later but the state keeps (a number's setup fee)."""

    record: Record
    acquired: str
    kept: Mapping[str, Any] = field(default_factory=dict)


class Kind:
    """What is special about one resource. Subclasses set the class attributes and override
    the hooks they need; the defaults suit an object with nothing special."""

    spec: ClassVar[ResourceSpec]
    noun: ClassVar[str]
    """How messages name one (``number``, ``application``); also its registry kind."""
    id_key: ClassVar[str]
    """The output that is the resource's ``id``."""
    deleted: ClassVar[str] = "deleted"
    """What deleting does to one, for messages (a number is ``released``)."""
    default_acquired: ClassVar[str] = "created"
    """How an object without that output was acquired (state from old versions)."""
    fixed_at_creation: ClassVar[tuple[str, ...]] = ()
    """Inputs kept as they were when the resource was created (a rename keeps its claim)."""

    # -- preview -------------------------------------------------------------------------------

    def preview_failures(
        self, run: KindProvider, olds: Mapping[str, Any], inputs: Mapping[str, Any], path: str
    ) -> list[Failure]:
        """Checks beyond the field table: duplicates in the program and what Plivo has."""
        return []

    # -- up --------------------------------------------------------------------------------------

    def acquire(self, run: KindProvider, inputs: Mapping[str, Any]) -> Acquired:
        raise NotImplementedError

    def get(self, client: PlivoClient, object_id: str) -> Record:
        raise NotImplementedError

    def outputs(
        self, record: Record, declared: Mapping[str, Any], acquired: str, kept: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Every output: Plivo's record, how it was acquired, the declared inputs."""
        raise NotImplementedError

    def update_body(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> dict[str, Any]:
        return update_body(self.spec, olds, news)

    def update(self, client: PlivoClient, object_id: str, body: dict[str, Any]) -> None:
        raise NotImplementedError

    def delete(self, run: KindProvider, object_id: str, state: Mapping[str, Any]) -> None:
        """Delete it at Plivo; :class:`NotFoundError` when it is gone already."""
        raise NotImplementedError

    def disowned(self, object_id: str, record: Record, declared: Mapping[str, Any]) -> str | None:
        """Why ``read`` drops an object the account still has (it is another resource's now)."""
        return None

    def keep_on_delete(self, run: KindProvider, object_id: str, state: Mapping[str, Any]) -> str | None:
        """Why ``delete`` leaves it at Plivo (it is another resource's now), or None."""
        return None

    def after_read(self, object_id: str, declared: Mapping[str, Any], outs: Mapping[str, Any]) -> None:
        """Say what a refresh found that the next ``up`` cannot restore."""


class KindProvider(ResourceProvider):
    """The lifecycle of one resource, driven by its :attr:`kind`."""

    kind: ClassVar[Kind]
    # The pickled provider is the class reference and an empty state: no secret inside.
    serialize_as_secret_always = False

    def __init__(self) -> None:
        super().__init__()
        self._config: dict[str, Any] = {}
        self._client: PlivoClient | None = None
        self._lock = threading.Lock()
        self._account_checked = False
        self._caches: dict[str, Any] = {}
        self.acquired = IdSet()
        """IDs a create of this process acquired: a delete of one of them is a renamed resource's."""
        self.holders = Holders()
        """Numbers, names and claims the program's resources declare (see :mod:`.claims`)."""

    def __reduce__(self) -> tuple[type[KindProvider], tuple[()]]:
        return (type(self), ())

    # -- configuration and the client ------------------------------------------------------------

    def configure(self, req: ConfigureRequest) -> None:
        """Keep the ``plivo:*`` stack config; credentials are resolved lazily, on first use."""
        self._config = {key.config: req.config.get(key.config) for key in ALL_KEYS}
        quiet_tracebacks()

    def settings(self) -> Settings:
        return resolve_settings(self._config)

    def client(self) -> PlivoClient:
        with self._lock:
            if self._client is None:
                self._client = PlivoClient(self.settings())
            return self._client

    def require_account(self, client: PlivoClient) -> None:
        """One authenticated call per process, so bad credentials fail at preview."""
        if not self._account_checked:
            client.verify_credentials()
            self._account_checked = True

    def cache(self, name: str, make: Callable[[], T]) -> T:
        """A per-process helper of the kind (``make()`` once), e.g. a search cache."""
        with self._lock:
            if name not in self._caches:
                self._caches[name] = make()
            value: T = self._caches[name]
            return value

    def asking(self, question: Callable[[PlivoClient], list[Failure]]) -> list[Failure]:
        """Run a preview check that asks Plivo; a failure to ask becomes one resource-level line."""
        try:
            return question(self.client())
        except ConfigError as exc:
            # No property: the engine then prints "<type> resource '<name>' has a problem: <reason>",
            # not "property plivo value {<nil>} has a problem" for an input that does not exist.
            return [("", str(exc))]
        except PlivoError as exc:
            return [("", f"cannot check the Plivo account: {exc}")]

    # -- lifecycle --------------------------------------------------------------------------------

    @one_line_errors
    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        kind = self.kind
        inputs, failures = kind.spec.check(news)
        path = str(inputs.pop("resource_path", "") or "")
        if olds:
            for key in kind.fixed_at_creation:
                inputs.pop(key, None)
                if key in olds:
                    inputs[key] = olds[key]
        if not failures:
            failures = kind.preview_failures(self, olds, inputs, path)
        return CheckResult(inputs, [CheckFailure(key, reason) for key, reason in failures])

    @one_line_errors
    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        registry().declared(self.kind.noun).add(id_)
        plan = plan_diff(self.kind.spec, olds, user_inputs(news))
        return DiffResult(changes=plan.any, replaces=list(plan.replaces), delete_before_replace=False)

    @one_line_errors
    def create(self, props: dict[str, Any]) -> CreateResult:
        kind = self.kind
        inputs = user_inputs(props)
        got = kind.acquire(self, inputs)
        outs = kind.outputs(got.record, inputs, got.acquired, got.kept)
        object_id = str(outs[kind.id_key])
        self.acquired.add(object_id)
        registry().declared(kind.noun).add(object_id)
        return CreateResult(object_id, outs)

    @one_line_errors
    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        kind = self.kind
        registry().declared(kind.noun).add(id_)
        inputs = user_inputs(news)
        body = kind.update_body(olds, inputs)
        if not body:
            # Only pinned inputs changed (criteria, delete options): nothing to tell Plivo.
            return UpdateResult({**olds, "declared": declared_of(inputs)})
        client = self.client()
        kind.update(client, id_, body)
        record = kind.get(client, id_)
        return UpdateResult(kind.outputs(record, inputs, olds.get("acquired") or kind.default_acquired, olds))

    @one_line_errors
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        kind = self.kind
        try:
            record = kind.get(self.client(), id_)
        except NotFoundError:
            note(f"{kind.noun} {id_} is no longer in the Plivo account: removing it from the stack state")
            return ReadResult(id_="", outs={})
        declared = declared_from(kind.spec, props)
        reason = kind.disowned(id_, record, declared)
        if reason:
            note(reason)
            return ReadResult(id_="", outs={})
        registry().declared(kind.noun).add(id_)
        outs = kind.outputs(record, declared, props.get("acquired") or kind.default_acquired, props)
        kind.after_read(id_, declared, outs)
        return ReadResult(id_=id_, outs=outs, inputs=read_inputs(kind.spec, declared, outs))

    @one_line_errors
    def delete(self, id_: str, props: dict[str, Any]) -> None:
        kind = self.kind
        if id_ in self.acquired:
            note(
                f"{kind.noun} {id_} is kept: it is now managed by another resource of this stack, which "
                "took it over in this run (a renamed resource); only the old resource leaves the state"
            )
            return
        try:
            reason = kind.keep_on_delete(self, id_, props)
            if reason:
                note(reason)
                return
            kind.delete(self, id_, props)
        except NotFoundError:
            note(f"{kind.noun} {id_} was already gone from the Plivo account: counted as {kind.deleted}")
