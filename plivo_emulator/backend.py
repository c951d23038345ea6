"""The emulator's backend: Plivo operations named after the API, with no HTTP types.

Every mutating operation runs under one lock inside one committed SQLite transaction, so two
concurrent buys of one number yield exactly one success, and an operation that returned has been
made durable. Lookups of a number that is not visible to the caller raise NotFound, exactly as
for a number that does not exist (Plivo answers 404 "not found" for both).
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from plivo_emulator.directory import DirectoryOps, visible
from plivo_emulator.errors import BadRequest, InvalidAppId, NotFound
from plivo_emulator.inputs import BuyOptions, CarrierNumbers, Link, NumberUpdate
from plivo_emulator.inventory import Inventory, InventoryNumber, SearchQuery
from plivo_emulator.models import Account, NumberRecord
from plivo_emulator.params import NumberFilter
from plivo_emulator.records import (
    Target,
    apply_fields,
    carrier_record,
    inventory_record,
    number_matches,
    verified,
)
from plivo_emulator.store import Store

_NUMBER = re.compile(r"^[0-9]{8,15}$")


@dataclass(frozen=True)
class Purchase:
    """Outcome of a buy: ``status`` is "Success", or "pending" for verification countries."""

    number: str
    status: str
    fallback_number: str | None = None


class Backend(DirectoryOps):
    """All state of one emulator; ``auth_id``/``auth_token`` is the main account from the flags."""

    def __init__(
        self,
        store: Store,
        inventory: Inventory,
        auth_id: str,
        auth_token: str,
        seed: int = 0,
        clock: Callable[[], float] = time.time,
        verify_after: Callable[[], float | None] = lambda: None,
    ) -> None:
        super().__init__(store, inventory, seed, clock, verify_after)
        self.auth_id = auth_id
        self.auth_token = auth_token
        self.ensure_main_account(auth_id, auth_token)

    def reset(self) -> None:
        """Back to a fresh emulator: only the flag account with its well-known apps, empty log."""
        with self.lock:
            self.store.wipe()
            self.reseed()
            self.ensure_main_account(self.auth_id, self.auth_token)

    # search and buy

    def search_phone_numbers(self, caller: Account, query: SearchQuery) -> list[InventoryNumber]:
        """Inventory numbers matching ``query`` that nobody rents, ascending."""
        with self.lock:
            rented = self.store.rented()
        return self.inventory.search(query, rented)

    def buy_phone_number(self, caller: Account, number: str, options: BuyOptions) -> Purchase:
        """Rent an inventory number; unknown, malformed or already rented (by anyone) is NotFound."""
        number = path_number(number)
        with self._write():
            item = self.inventory.get(number)
            if item is None or self.store.get_number(number) is not None:
                raise NotFound()
            target = self._buy_target(caller, options.link)
            fallback = self._fallback_for(item) if options.ha_enable else None
            record = inventory_record(caller, item, options, target, self.clock(), self._today())
            record = dataclasses.replace(record, fallback_number=fallback)
            self.store.put_number(record)
        status = "pending" if record.compliance_status == "pending" else "Success"
        return Purchase(number, status, fallback)

    def _buy_target(self, caller: Account, link: Link) -> Target:
        if link.sets_object:
            return self._object_target(caller, link)
        if link.app_id:
            return self._app_target(caller, link.app_id)
        if link.app_id == "":
            return Target()
        # Plivo's buy page: without app_id the account's default_number_app is linked.
        default = self.default_number_app(caller)
        return Target(app_id=default.app_id if default else None)

    def _app_target(self, caller: Account, app_id: str) -> Target:
        app = self.store.get_app(caller.main_id, app_id)
        if app is not None and visible(caller, app.sub_account):
            return Target(app_id=app_id)
        # Plivo's GA update page lets Zentrunk users pass an inbound trunk id as app_id.
        trunk = self.store.get_trunk(caller.main_id, app_id)
        if trunk is not None and visible(caller, trunk.sub_account) and trunk.trunk_direction == "inbound":
            return Target(object_type="trunk", object_id=trunk.trunk_id)
        raise InvalidAppId()

    def _object_target(self, caller: Account, link: Link) -> Target:
        trunk = self.store.get_trunk(caller.main_id, link.object_id or "")
        if trunk is None or not visible(caller, trunk.sub_account):
            raise BadRequest("invalid object_id")
        if trunk.trunk_direction != "inbound":
            raise BadRequest("object_id must be an inbound trunk")
        return Target(object_type="trunk", object_id=trunk.trunk_id)

    def _fallback_for(self, item: InventoryNumber) -> str | None:
        # ha_enable: report a second number of the same country and kind as the fallback.
        query = SearchQuery(country_iso=item.country_iso, type=item.sub_type)
        for other in self.inventory.search(query, self.store.rented()):
            if other.number != item.number:
                return other.number
        return None

    # rented numbers

    def get_number(self, caller: Account, number: str) -> NumberRecord:
        """A number the caller owns (a main account also sees its subaccounts' numbers)."""
        number = path_number(number)
        self.promote_due()
        with self.lock:
            return self._owned(caller, number)

    def _owned(self, caller: Account, number: str) -> NumberRecord:
        record = self.store.get_number(number)
        if record is None or record.account != caller.main_id or not visible(caller, record.sub_account):
            raise NotFound()
        return record

    def list_numbers(self, caller: Account, filters: NumberFilter) -> list[NumberRecord]:
        """The caller's numbers matching ``filters``, ascending by number."""
        self.promote_due()
        with self.lock:
            records = self.store.numbers_of(caller.main_id, None if caller.is_main else caller.auth_id)
        return [r for r in records if number_matches(r, filters)]

    def update_number(self, caller: Account, number: str, update: NumberUpdate) -> NumberRecord:
        """Apply an update to a number the caller owns; all-or-nothing."""
        number = path_number(number)
        self.promote_due()
        with self._write():
            record = self._owned(caller, number)
            record = self._relink(caller, record, update.link)
            record = self._reassign(caller, record, update.subaccount)
            record = apply_fields(record, update, self.clock())
            self.store.put_number(record)
            return record

    def _relink(self, caller: Account, record: NumberRecord, link: Link) -> NumberRecord:
        target = self._updated_target(caller, record, link)
        return dataclasses.replace(
            record, app_id=target.app_id, object_type=target.object_type, object_id=target.object_id
        )

    def _updated_target(self, caller: Account, record: NumberRecord, link: Link) -> Target:
        current = Target(record.app_id, record.object_type, record.object_id)
        if link.sets_object:
            return self._object_target(caller, link)  # linking an object drops the app link
        if link.clears_object:
            current = Target(app_id=current.app_id)
        if link.app_id == "":
            return Target(None, current.object_type, current.object_id)
        if link.app_id is None:
            return current
        # Private-beta page: app_id cannot change while a trunk is linked. A request that also
        # sends object_type="" and object_id="" unlinks the trunk first, so it is allowed.
        if current.object_id:
            raise BadRequest("app_id cannot be updated while the number is linked to a trunk")
        return self._app_target(caller, link.app_id)

    def _reassign(self, caller: Account, record: NumberRecord, subaccount: str | None) -> NumberRecord:
        if subaccount is None:
            return record
        if not caller.is_main:
            raise BadRequest("subaccount can only be set by the main account")
        if subaccount == "":
            return dataclasses.replace(record, sub_account=None)
        return dataclasses.replace(record, sub_account=self._subaccount_of(caller, subaccount))

    def delete_number(self, caller: Account, number: str) -> None:
        """Release a number; an inventory number becomes purchasable again."""
        number = path_number(number)
        with self._write():
            self.store.delete_number(self._owned(caller, number).number)

    def add_carrier_number(self, caller: Account, request: CarrierNumbers) -> list[NumberRecord]:
        """Add numbers from the caller's own carrier; all-or-nothing."""
        with self._write():
            sub = self._carrier_owner(caller, request.subaccount)
            target = self._buy_target(caller, Link(app_id=request.app_id))
            numbers = list(dict.fromkeys(request.numbers))
            for number in numbers:
                if self.store.get_number(number) is not None:
                    raise BadRequest(f"The number {number} is already in use")
            records = [carrier_record(caller, sub, n, request, target, self._today()) for n in numbers]
            for record in records:
                self.store.put_number(record)
            return records

    def _carrier_owner(self, caller: Account, subaccount: str | None) -> str | None:
        if not caller.is_main:
            if subaccount:
                raise BadRequest("subaccount can only be set by the main account")
            return caller.auth_id
        return self._subaccount_of(caller, subaccount) if subaccount else None

    # verification lifecycle (control API and --verify-after)

    def promote_due(self) -> None:
        """Verify pending numbers bought at least ``verify_after`` seconds ago (if it is set)."""
        delay = self.verify_after()
        if delay is None:
            return
        with self.lock:
            due = self.store.pending_before(self.clock() - delay)
            if not due:
                return
            with self.store.transaction():
                for record in due:
                    self.store.put_number(verified(record))

    def verify_number(self, number: str) -> NumberRecord:
        """Mark a number's documents accepted: active, compliance_status "accepted"."""
        return self._set_compliance(number, verified)

    def reject_number(self, number: str) -> NumberRecord:
        """Mark a number's documents rejected: inactive, compliance_status "rejected"."""
        return self._set_compliance(
            number,
            lambda r: dataclasses.replace(r, active=False, compliance_status="rejected", pending_since=None),
        )

    def _set_compliance(self, number: str, change: Callable[[NumberRecord], NumberRecord]) -> NumberRecord:
        number = path_number(number)
        with self._write():
            record = self.store.get_number(number)
            if record is None:
                raise NotFound()
            if record.compliance_status is None:
                raise BadRequest("number is not subject to verification")
            record = change(record)
            self.store.put_number(record)
            return record

    def numbers_for_account(self, auth_id: str) -> list[NumberRecord]:
        """Every number of an account (a main account's includes its subaccounts')."""
        self.promote_due()
        with self.lock:
            account = self.store.get_account(auth_id)
            if account is None:
                raise NotFound()
            return self.store.numbers_of(account.main_id, None if account.is_main else account.auth_id)


def path_number(number: str) -> str:
    """A number from a URL path: one leading "+" is dropped, then 8-15 digits or NotFound."""
    number = number.removeprefix("+")
    if not _NUMBER.match(number):
        raise NotFound()
    return number
