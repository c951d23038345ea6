"""Number operations: search and buy from the inventory, then get, list, update and release.

Every mutating operation runs inside one committed store transaction, so two concurrent buys of
one number yield exactly one success, and an operation that returned has been made durable.
Lookups of a number that is not visible to the caller raise NotFound, exactly as for a number
that does not exist (Plivo answers 404 "not found" for both).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from plivo_emulator.errors import BadRequest, NotFound
from plivo_emulator.limits import NUMBER_MAX_DIGITS, NUMBER_MIN_DIGITS
from plivo_emulator.state.clock import Clock
from plivo_emulator.state.directory import Directory, visible
from plivo_emulator.state.inputs import (
    BuyOptions,
    CarrierNumbers,
    Link,
    NumberFilter,
    NumberUpdate,
    SearchQuery,
)
from plivo_emulator.state.inventory import Inventory, InventoryNumber
from plivo_emulator.state.models import Account, NumberRecord, Purchase, Target
from plivo_emulator.state.records import (
    apply_fields,
    carrier_record,
    inventory_record,
    number_matches,
    verified,
)
from plivo_emulator.state.store import Store

_NUMBER = re.compile(rf"^[0-9]{{{NUMBER_MIN_DIGITS},{NUMBER_MAX_DIGITS}}}$")


def path_number(number: str) -> str:
    """A number from a URL path: one leading "+" is dropped, then NUMBER_MIN_DIGITS to NUMBER_MAX_DIGITS
    digits, or NotFound."""
    number = number.removeprefix("+")
    if not _NUMBER.match(number):
        raise NotFound()
    return number


class Numbers:
    """Rented numbers in ``store``, bought from ``inventory``, linked to what ``directory`` holds.

    ``verify_after`` returns the current ``--verify-after`` delay (None: verification is manual).
    """

    def __init__(
        self,
        store: Store,
        inventory: Inventory,
        directory: Directory,
        clock: Clock,
        verify_after: Callable[[], float | None] = lambda: None,
    ) -> None:
        self.store = store
        self.inventory = inventory
        self.directory = directory
        self.clock = clock
        self.verify_after = verify_after

    # search and buy

    def search_phone_numbers(self, caller: Account, query: SearchQuery) -> list[InventoryNumber]:
        """Inventory numbers matching ``query`` that nobody rents, ascending."""
        return self.inventory.search(query, self.store.rented())

    def buy_phone_number(self, caller: Account, number: str, options: BuyOptions) -> Purchase:
        """Rent an inventory number; unknown, malformed or already rented (by anyone) is NotFound."""
        number = path_number(number)
        with self.store.transaction():
            item = self.inventory.get(number)
            if item is None or self.store.get_number(number) is not None:
                raise NotFound()
            target = self._buy_target(caller, options.link)
            fallback = self._fallback_for(item) if options.ha_enable else None
            record = inventory_record(caller, item, options, target, self.clock.now(), self.clock.today())
            record = dataclasses.replace(record, fallback_number=fallback)
            self.store.put_number(record)
        status = "pending" if record.compliance_status == "pending" else "Success"
        return Purchase(number, status, fallback)

    def _buy_target(self, caller: Account, link: Link) -> Target:
        if link.sets_object:
            return self.directory.trunk_target(caller, link.object_id or "")
        if link.app_id:
            return self.directory.app_target(caller, link.app_id)
        if link.app_id == "":
            return Target()
        # Plivo's buy page: without app_id the account's default_number_app is linked.
        default = self.directory.default_number_app(caller)
        return Target(app_id=default.app_id if default else None)

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
        return self._owned(caller, number)

    def _owned(self, caller: Account, number: str) -> NumberRecord:
        record = self.store.get_number(number)
        if record is None or record.account != caller.main_id or not visible(caller, record.sub_account):
            raise NotFound()
        return record

    def list_numbers(self, caller: Account, filters: NumberFilter) -> list[NumberRecord]:
        """The caller's numbers matching ``filters``, ascending by number."""
        self.promote_due()
        records = self.store.numbers_of(caller.main_id, None if caller.is_main else caller.auth_id)
        return [r for r in records if number_matches(r, filters)]

    def update_number(self, caller: Account, number: str, update: NumberUpdate) -> NumberRecord:
        """Apply an update to a number the caller owns; all-or-nothing."""
        number = path_number(number)
        self.promote_due()
        with self.store.transaction():
            record = self._owned(caller, number)
            record = self._relink(caller, record, update.link)
            record = self._reassign(caller, record, update.subaccount)
            record = apply_fields(record, update, self.clock.now())
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
            return self.directory.trunk_target(caller, link.object_id or "")  # drops the app link
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
        return self.directory.app_target(caller, link.app_id)

    def _reassign(self, caller: Account, record: NumberRecord, subaccount: str | None) -> NumberRecord:
        if subaccount is None:
            return record
        if not caller.is_main:
            raise BadRequest("subaccount can only be set by the main account")
        if subaccount == "":
            return dataclasses.replace(record, sub_account=None)
        return dataclasses.replace(record, sub_account=self.directory.subaccount_of(caller, subaccount))

    def delete_number(self, caller: Account, number: str) -> None:
        """Release a number; an inventory number becomes purchasable again."""
        number = path_number(number)
        with self.store.transaction():
            self.store.delete_number(self._owned(caller, number).number)

    def add_carrier_number(self, caller: Account, request: CarrierNumbers) -> list[NumberRecord]:
        """Add numbers from the caller's own carrier; all-or-nothing."""
        with self.store.transaction():
            sub = self._carrier_owner(caller, request.subaccount)
            target = self._buy_target(caller, Link(app_id=request.app_id))
            numbers = list(dict.fromkeys(request.numbers))
            for number in numbers:
                if self.store.get_number(number) is not None:
                    raise BadRequest(f"The number {number} is already in use")
            today = self.clock.today()
            records = [carrier_record(caller, sub, n, request, target, today) for n in numbers]
            for record in records:
                self.store.put_number(record)
            return records

    def _carrier_owner(self, caller: Account, subaccount: str | None) -> str | None:
        if not caller.is_main:
            if subaccount:
                raise BadRequest("subaccount can only be set by the main account")
            return caller.auth_id
        return self.directory.subaccount_of(caller, subaccount) if subaccount else None

    # verification lifecycle (control API and --verify-after)

    def promote_due(self) -> None:
        """Verify pending numbers bought at least ``verify_after`` seconds ago (if it is set)."""
        delay = self.verify_after()
        if delay is None:
            return
        with self.store.locked():
            due = self.store.pending_before(self.clock.now() - delay)
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
        with self.store.transaction():
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
        account = self.directory.account(auth_id)
        return self.store.numbers_of(account.main_id, None if account.is_main else account.auth_id)
