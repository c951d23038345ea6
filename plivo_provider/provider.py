"""plivo_provider.provider: the Pulumi dynamic provider behind :class:`PhoneNumber`.

Contract, clause by clause (each has a test):

* ``check`` validates and normalises every input at preview; it calls Plivo only
  to confirm credentials and a new or changed ``app_id``, never on a no-change run.
* ``diff`` replaces only for a different ``number``; every setting updates in
  place; criteria are pinned (edits never re-buy); no change, no diff.
* ``create`` is transactional as far as Plivo allows: it buys or adopts exactly
  one number, and never buys twice after an ambiguous failure.
* ``update`` sends only what changed and returns the full outputs.
* ``read`` reports drift and drops a number the account no longer rents.
* ``delete`` releases the number; one already gone counts as released; one that
  a create of the same run bought or adopted (a resource renamed in the program)
  is kept.

The provider holds no credentials when pickled: they are read in ``configure()``
(stack config ``plivo:*``) or from ``PLIVO_*`` variables inside the provider process.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    UpdateResult,
)

from .acquire import Claims, acquire_by_criteria, acquire_number, wait_until_active
from .base import PlivoProvider
from .client import PlivoClient
from .console import note, one_line_errors
from .declared_ids import APPLICATIONS
from .errors import ConfigError, NotFoundError, PlivoError
from .fields import is_unknown, user_inputs
from .planning import plan_diff, settings_to_send
from .schema import PHONE_NUMBER, SETTINGS, check_inputs
from .state import declared_of, outputs_from_record


class PhoneNumberProvider(PlivoProvider):
    """Buys, links, relinks and releases Plivo phone numbers."""

    def __init__(self) -> None:
        super().__init__()
        self._apps_seen: set[str] = set()
        self._claims = Claims()
        # Numbers a create of this run bought or adopted. One `pulumi` run has one provider
        # process, and the engine deletes removed resources after creating new ones, so a
        # resource renamed in the program (delete `old`, create `new`, same number) shows here.
        self._acquired = Claims()

    # -- lifecycle -------------------------------------------------------------

    @one_line_errors
    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs, failures = check_inputs(news)
        if not failures:
            failures = self._remote_failures(olds, inputs)
        return CheckResult(inputs, [CheckFailure(field, reason) for field, reason in failures])

    def _remote_failures(self, olds: Mapping[str, Any], inputs: Mapping[str, Any]) -> list[tuple[str, str]]:
        """Credentials and a new or changed app_id, checked against Plivo (never on a no-change run)."""
        app_id = inputs.get("app_id")
        app_changed = app_id is not None and not is_unknown(app_id) and app_id != olds.get("app_id")
        if olds and not app_changed:
            return []
        try:
            client = self.client()
            if app_changed:
                self._require_app(client, str(app_id))
            else:
                self._require_account(client)
        except ConfigError as exc:
            # No property: the engine then prints "<type> resource '<name>' has a problem: <reason>",
            # not "property plivo value {<nil>} has a problem" for an input that does not exist.
            return [("", str(exc))]
        except NotFoundError:
            return [
                (
                    "app_id",
                    f"app_id: no application {app_id} in Plivo account {client.settings.auth_id}; "
                    "create it first or use an existing app ID from the Plivo console",
                )
            ]
        except PlivoError as exc:
            return [("", f"cannot check the Plivo account: {exc}")]
        return []

    def _require_app(self, client: PlivoClient, app_id: str) -> None:
        # An Application of this stack was created or read this run: no need to ask Plivo.
        if app_id not in self._apps_seen and app_id not in APPLICATIONS:
            client.get_application(app_id)
            self._apps_seen.add(app_id)

    @one_line_errors
    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        plan = plan_diff(olds, user_inputs(news))
        return DiffResult(
            changes=plan.any,
            replaces=list(plan.replaces),
            stables=["number"] if not plan.replaces else [],
            delete_before_replace=False,
        )

    @one_line_errors
    def create(self, props: dict[str, Any]) -> CreateResult:
        inputs = user_inputs(props)
        client = self.client()
        if inputs.get("number"):
            got = acquire_number(client, inputs["number"], inputs)
        else:
            got = acquire_by_criteria(client, inputs, self._claims)
        record = got.record
        if inputs.get("activation_timeout"):
            record = wait_until_active(client, record, float(inputs["activation_timeout"]))
        outs = outputs_from_record(record, inputs, got.acquired, got.setup_rate)
        self._acquired.take(outs["number"])
        return CreateResult(outs["number"], outs)

    @one_line_errors
    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        inputs = user_inputs(news)
        body = settings_to_send(olds, inputs)
        if not body:
            # Only pinned inputs (criteria, options) changed: nothing to tell Plivo.
            return UpdateResult({**olds, "declared": declared_of(inputs)})
        client = self.client()
        client.update_number(id_, **body)
        record = client.get_number(id_)
        return UpdateResult(
            outputs_from_record(record, inputs, olds.get("acquired") or "purchased", olds.get("setup_rate"))
        )

    @one_line_errors
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        client = self.client()
        try:
            record = client.get_number(id_)
        except NotFoundError:
            note(f"{id_} is no longer in the Plivo account: removing it from the stack state")
            return ReadResult(id_="", outs={})
        declared = props.get("declared") or {
            key: props[key] for key in PHONE_NUMBER.inputs if props.get(key) is not None
        }
        acquired = props.get("acquired") or "purchased"
        outs = outputs_from_record(record, declared, acquired, props.get("setup_rate"))
        # Stored inputs take the actual value of each managed setting, so the next preview
        # shows the drift as "actual => declared" and `up` restores the declared value.
        inputs = {**declared, **{key: outs[key] for key in SETTINGS if key in declared}}
        return ReadResult(id_=id_, outs=outs, inputs=inputs)

    @one_line_errors
    def delete(self, id_: str, props: dict[str, Any]) -> None:
        if id_ in self._acquired:
            note(
                f"{id_} is kept: another resource of this stack took it over in this run "
                "(a renamed resource); only the old resource leaves the state"
            )
            return
        try:
            self.client().release_number(id_)
        except NotFoundError:
            note(f"{id_} was already gone from the Plivo account: counted as released")
