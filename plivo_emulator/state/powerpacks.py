"""Powerpacks and their number pools: the pool a number is in is kept on the number's record.

A Powerpack's number pool has its own uuid (``number_pool`` in Plivo's answers is its URI). A
number is in at most one pool; adding one already in another pool is refused. Nothing here rents a
number unless ``rent`` is asked for, and nothing releases one unless ``unrent``/``unrent_numbers``
is true; otherwise a number leaving its pool (or a deleted Powerpack) stays rented.
"""

from __future__ import annotations

import dataclasses
import random
import uuid
from datetime import datetime, timezone

from plivo_emulator.errors import BadRequest, NotFound
from plivo_emulator.state.clock import Clock
from plivo_emulator.state.directory import Directory, visible
from plivo_emulator.state.inputs import BuyOptions, PoolAdd, PoolFilter, PowerpackFields
from plivo_emulator.state.models import Account, NumberRecord, Powerpack
from plivo_emulator.state.numbers import Numbers, path_number
from plivo_emulator.state.store import Store


class Powerpacks:
    """Powerpack operations, named after Plivo's API."""

    def __init__(
        self, store: Store, directory: Directory, numbers: Numbers, clock: Clock, seed: int = 0
    ) -> None:
        self.store = store
        self.directory = directory
        self.numbers = numbers
        self.clock = clock
        self.seed = seed
        self.reseed()

    def reseed(self) -> None:
        """Restart the uuid sequence from the seed (used by reset)."""
        self._rng = random.Random(f"plivo-emulator/powerpacks/{self.seed}")

    def _uuid(self) -> str:
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def _stamp(self) -> str:
        return datetime.fromtimestamp(self.clock.now(), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    # Powerpacks

    def create(self, caller: Account, fields: PowerpackFields) -> Powerpack:
        """A new Powerpack with a new number pool (another uuid)."""
        with self.store.transaction():
            powerpack = Powerpack(
                uuid=self._uuid(),
                account=caller.main_id,
                name=str(fields.name),
                pool_uuid=self._uuid(),
                created_on=self._stamp(),
                sub_account=None if caller.is_main else caller.auth_id,
                created=self.clock.now(),
            )
            powerpack = dataclasses.replace(powerpack, **fields.changes())
            self.store.put_powerpack(powerpack)
            return powerpack

    def get(self, caller: Account, powerpack_uuid: str) -> Powerpack:
        """A Powerpack visible to the caller."""
        powerpack = self.store.get_powerpack(caller.main_id, powerpack_uuid)
        if powerpack is None or not visible(caller, powerpack.sub_account):
            raise NotFound()
        return powerpack

    def list_all(self, caller: Account) -> list[Powerpack]:
        """Powerpacks visible to the caller, oldest first."""
        return [p for p in self.store.powerpacks_of(caller.main_id) if visible(caller, p.sub_account)]

    def update(self, caller: Account, powerpack_uuid: str, fields: PowerpackFields) -> Powerpack:
        """Change the given fields."""
        with self.store.transaction():
            powerpack = dataclasses.replace(self.get(caller, powerpack_uuid), **fields.changes())
            self.store.put_powerpack(powerpack)
            return powerpack

    def delete(self, caller: Account, powerpack_uuid: str, unrent_numbers: bool) -> None:
        """Delete a Powerpack: its numbers are released with ``unrent_numbers``, else they stay rented."""
        with self.store.transaction():
            powerpack = self.get(caller, powerpack_uuid)
            for record in self._members(powerpack):
                if unrent_numbers:
                    self.store.delete_number(record.number)
                else:
                    self.store.put_number(_left(record))
            self.store.delete_powerpack(powerpack.account, powerpack.uuid)

    # pool members

    def pool(self, caller: Account, pool_uuid: str) -> Powerpack:
        """The Powerpack whose number pool is ``pool_uuid``."""
        for powerpack in self.list_all(caller):
            if powerpack.pool_uuid == pool_uuid:
                return powerpack
        raise NotFound()

    def _members(self, powerpack: Powerpack) -> list[NumberRecord]:
        return [r for r in self.store.numbers_of(powerpack.account) if r.number_pool == powerpack.pool_uuid]

    def members(self, caller: Account, pool_uuid: str, filters: PoolFilter) -> list[NumberRecord]:
        """The pool's numbers, filtered, oldest first."""
        records = self._members(self.pool(caller, pool_uuid))
        return [r for r in records if _matches(r, filters)]

    def member(self, caller: Account, pool_uuid: str, number: str) -> NumberRecord:
        """One number of the pool; NotFound when it is not in it."""
        self.pool(caller, pool_uuid)
        record = self.numbers.get_number(caller, number)
        if record.number_pool != pool_uuid:
            raise NotFound()
        return record

    def add(
        self, caller: Account, pool_uuid: str, number: str, request: PoolAdd
    ) -> tuple[NumberRecord, bool]:
        """Put a rented number in the pool (bought first only with ``rent``); True when it was not in it."""
        with self.store.transaction():
            self.pool(caller, pool_uuid)
            number = path_number(number)
            if request.rent and self.store.get_number(number) is None:
                self.numbers.buy_phone_number(caller, number, BuyOptions.from_body({}))
            record = self.numbers.get_number(caller, number)
            if not (record.mms_enabled if request.service == "mms" else record.sms_enabled):
                raise BadRequest(f"number {number} is not {request.service}-enabled")
            if record.number_pool not in (None, pool_uuid):
                raise BadRequest(f"number {number} is already in another number pool")
            new = record.number_pool is None
            added_on = record.pool_added_on if not new else self._stamp()
            record = dataclasses.replace(
                record, number_pool=pool_uuid, pool_service=request.service, pool_added_on=added_on
            )
            self.store.put_number(record)
            return record, new

    def remove(self, caller: Account, pool_uuid: str, number: str, unrent: bool) -> None:
        """Take a number out of the pool; released only with ``unrent``."""
        with self.store.transaction():
            record = self.member(caller, pool_uuid, number)
            if unrent:
                self.store.delete_number(record.number)
            else:
                self.store.put_number(_left(record))


def _left(record: NumberRecord) -> NumberRecord:
    return dataclasses.replace(record, number_pool=None, pool_service=None, pool_added_on=None)


def _matches(record: NumberRecord, f: PoolFilter) -> bool:
    return (
        (not f.starts_with or record.number.startswith(f.starts_with))
        and (not f.country_iso2 or (record.country_iso or "").upper() == f.country_iso2.upper())
        and (not f.type or record.number_type == f.type)
        and (not f.service or record.pool_service == f.service)
    )
