"""plivo_provider.provider: the Pulumi dynamic provider behind :class:`PhoneNumber`.

Contract, clause by clause (each has a test):

* ``check`` validates and normalises every input at preview; it refuses a number (in any
  spelling) or a claim that another resource of the program declares; it calls Plivo only
  to confirm credentials, a new or changed ``app_id``, and that a new exact number is for
  sale or already in the account (one call each), never on a no-change run. The claim
  inputs are fixed when the resource is created (renames with ``aliases`` change nothing).
* ``diff`` replaces only for a different ``number``; every setting updates in
  place; criteria are pinned (edits never re-buy); no change, no diff.
* ``create`` is transactional as far as Plivo allows: it buys or adopts exactly
  one number, and never buys twice after an ambiguous failure.
* ``update`` sends only what changed and returns the full outputs.
* ``read`` reports drift and drops a number the account no longer rents.
* ``read`` also drops a number that another resource has claimed since (it is theirs now).
* ``delete`` releases the number only while it carries no claim or this resource's own
  (:mod:`.claims`): one another resource adopted (a rename, split across runs or not) is
  kept; one already gone counts as released.

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

from .acquire import (
    AccountScan,
    Claims,
    acquire_by_criteria,
    acquire_number,
    find_offer,
    wait_until_active,
)
from .base import PlivoProvider
from .claims import Holders, Journal, claim_of, describe, split_alias
from .client import PlivoClient
from .console import note, one_line_errors
from .declared_ids import APPLICATIONS
from .errors import ConfigError, NotFoundError, PlivoError
from .fields import is_unknown, user_inputs
from .numbering import region_of
from .planning import plan_diff, settings_to_send
from .preview import country_failure, require_trunk
from .schema import PHONE_NUMBER, SETTINGS, check_inputs
from .state import declared_of, outputs_from_record

CLAIM_INPUTS = ("claim_key", "claim_namespace")
"""Fixed when the resource is created: its identity survives renames with ``aliases``."""


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
        self._holders = Holders()
        self._probed: dict[str, list[tuple[str, str]]] = {}
        self._scan = AccountScan()
        self._journal = Journal()
        self._rename_hint_given = False

    # -- lifecycle -------------------------------------------------------------

    @one_line_errors
    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs, failures = check_inputs(news)
        path = str(inputs.pop("resource_path", "") or "")
        if olds:
            for key in CLAIM_INPUTS:  # the identity of the resource is the one it was created with
                inputs.pop(key, None)
                if key in olds:
                    inputs[key] = olds[key]
        if not failures:
            failures = self._held_elsewhere(inputs, path)
        if not failures:
            failures = self._remote_failures(olds, inputs)
        return CheckResult(inputs, [CheckFailure(field, reason) for field, reason in failures])

    def _held_elsewhere(self, inputs: Mapping[str, Any], path: str) -> list[tuple[str, str]]:
        """The same number, or the same claim, declared by two resources of the program."""
        if not path:
            return []
        number = inputs.get("number")
        if number is not None and not is_unknown(number):
            other = self._holders.hold("number", str(number), path)
            if other:
                return [
                    (
                        "number",
                        f"+{number} is declared by two resources, {other!r} and {path!r}; a number "
                        "belongs to one resource: remove one of them",
                    )
                ]
        key = inputs.get("claim_key")
        if isinstance(key, str):
            other = self._holders.hold("claim", key, path)
            if other:
                return [
                    (
                        "",
                        f"{path!r} has the claim of {other!r} ({key}), which was renamed from this name "
                        f"with aliases and still holds its number: give {path!r} another name",
                    )
                ]
        return []

    def _remote_failures(self, olds: Mapping[str, Any], inputs: Mapping[str, Any]) -> list[tuple[str, str]]:
        """Credentials, a new or changed app_id or trunk, a new exact number (for sale?) and a new
        criteria country (sold?), checked against Plivo; never on a no-change run."""
        app_id, trunk_id = _changed(olds, inputs, "app_id"), _changed(olds, inputs, "object_id")
        number = _changed(olds, inputs, "number")
        country = (
            inputs.get("country_iso") if not olds and not is_unknown(inputs.get("country_iso")) else None
        )
        if not olds and inputs.get("number") is None:
            self._rename_hint()
        if olds and not (app_id or trunk_id or number):
            return []
        try:
            client = self.client()
            if app_id:
                self._require_app(client, app_id)
            elif not (number or country):
                self._require_account(client)  # the other checks are authenticated calls too
            missing = require_trunk(client, trunk_id) if trunk_id else None
            if missing is None and country:
                missing = country_failure(client, str(country))
            if missing is not None:
                return [missing]
            if number:
                return self._number_failures(client, number, inputs)
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

    def _number_failures(
        self, client: PlivoClient, number: str, inputs: Mapping[str, Any]
    ) -> list[tuple[str, str]]:
        """Is a new exact number for sale (and at what price), or already ours to adopt?

        Asked once per number and command: ``pulumi up`` checks every resource twice (its preview,
        then the update), in one provider process.
        """
        with self._lock:
            if number in self._probed:
                return self._probed[number]
        failures = self._probe(client, number, inputs)
        with self._lock:
            self._probed[number] = failures
        return failures

    def _probe(self, client: PlivoClient, number: str, inputs: Mapping[str, Any]) -> list[tuple[str, str]]:
        offer = find_offer(client, number)
        if offer is not None:
            note(
                f"+{number}: `pulumi up` buys it at {offer.get('monthly_rental_rate')} a month "
                f"(setup {offer.get('setup_rate') or '0'})"
            )
            return []
        try:
            record = client.get_number(number)
        except NotFoundError:
            return [
                (
                    "number",
                    f"+{number} is not for sale: it is not in Plivo's inventory or another account "
                    "rents it, and nothing was bought or released; pick another number (see "
                    f"`python -m plivo_provider search --country {region_of(number) or '<ISO code>'}`)",
                )
            ]
        held, own = split_alias(record.get("alias"))[1], claim_of(inputs)
        if held is not None and held != own:
            note(
                f"+{number} is in the account and carries the claim of "
                f"{describe(held, _namespace(inputs))}: "
                "`pulumi up` adopts it (you declared it) and the claim moves to this resource; the "
                "former holder then keeps it out of its deletes"
            )
        else:
            note(f"+{number} is already in the account: `pulumi up` adopts it, buying nothing")
        return []

    def _rename_hint(self) -> None:
        with self._lock:
            given, self._rename_hint_given = self._rename_hint_given, True
        if not given:
            note(
                "a new PhoneNumber by criteria buys a new number. If it renames one this stack "
                "already has, add opts=pulumi.ResourceOptions(aliases=[pulumi.Alias(name='<old "
                "name>')]) so it keeps that number: a plain rename buys a new one and releases the old"
            )

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
            got = acquire_by_criteria(client, inputs, self._claims, self._scan, self._journal)
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
        held, own = split_alias(record.get("alias"))[1], claim_of(declared)
        if held is not None and own is not None and held != own:
            note(
                f"{id_} now carries the claim {held} of another resource, which adopted it: removing "
                "it from this resource's state (it is not released)"
            )
            return ReadResult(id_="", outs={})
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
        client = self.client()
        try:
            held = split_alias(client.get_number(id_).get("alias"))[1]
            if held is not None and held != claim_of(props.get("declared") or {}):
                note(
                    f"{id_} is kept: it carries the claim {held} of another resource, which adopted it; "
                    "only this resource leaves the state"
                )
                return
            client.release_number(id_)
        except NotFoundError:
            note(f"{id_} was already gone from the Plivo account: counted as released")


def _namespace(inputs: Mapping[str, Any]) -> str | None:
    namespace = inputs.get("claim_namespace")
    return namespace if isinstance(namespace, str) else None


def _changed(olds: Mapping[str, Any], inputs: Mapping[str, Any], key: str) -> str | None:
    """The input's value when it is known and new or different from the old inputs; else None."""
    value = inputs.get(key)
    if value is None or is_unknown(value) or value == olds.get(key):
        return None
    return str(value)
