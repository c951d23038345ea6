"""Shared state of the backend: store, inventory, lock, seeded ids and the clock."""

from __future__ import annotations

import random
import string
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone

from plivo_emulator.inventory import Inventory
from plivo_emulator.models import LogEntry
from plivo_emulator.store import Store

_ALNUM_UPPER = string.ascii_uppercase + string.digits
_ALNUM = string.ascii_letters + string.digits


class BackendCore:
    """What every group of operations needs; all public operations hold ``lock``.

    Ids come from ``random.Random`` seeded with ``seed``, so a fresh emulator with the same seed
    hands out the same subaccount ids, app ids and trunk ids in the same order.
    """

    def __init__(
        self,
        store: Store,
        inventory: Inventory,
        seed: int = 0,
        clock: Callable[[], float] = time.time,
        verify_after: Callable[[], float | None] = lambda: None,
    ) -> None:
        self.store = store
        self.inventory = inventory
        self.seed = seed
        self.clock = clock
        self.verify_after = verify_after
        self.lock = threading.RLock()
        self._rng = random.Random()
        self.reseed()

    def reseed(self) -> None:
        """Restart the id sequence from the seed (used by reset)."""
        self._rng = random.Random(f"plivo-emulator/ids/{self.seed}")

    @contextmanager
    def _write(self) -> Iterator[None]:
        """Hold the lock and run one committed transaction."""
        with self.lock, self.store.transaction():
            yield

    def log_request(self, entry: LogEntry) -> int:
        """Append to the request log; returns the entry's sequence number."""
        with self.lock:
            return self.store.append_log(entry)

    def request_log(self, since: int = 0) -> list[LogEntry]:
        """Logged requests after sequence number ``since``."""
        with self.lock:
            return self.store.read_log(since)

    def clear_request_log(self) -> None:
        """Empty the request log."""
        with self.lock:
            self.store.clear_log()

    def _today(self) -> date:
        return datetime.fromtimestamp(self.clock(), tz=timezone.utc).date()

    def _new_app_id(self, account: str) -> str:
        # Real app ids are 14-18 digit strings; the 1000…000N range is kept for WELL_KNOWN_APPS.
        while True:
            app_id = str(self._rng.randrange(2 * 10**16, 10**17))
            if self.store.get_app(account, app_id) is None:
                return app_id

    def _new_subaccount_id(self) -> str:
        while True:
            auth_id = "SA" + "".join(self._rng.choice(_ALNUM_UPPER) for _ in range(18))
            if self.store.get_account(auth_id) is None:
                return auth_id

    def _new_token(self) -> str:
        return "".join(self._rng.choice(_ALNUM) for _ in range(40))

    def _new_trunk_id(self, account: str) -> str:
        while True:
            trunk_id = str(uuid.UUID(int=self._rng.getrandbits(128), version=4))
            if self.store.get_trunk(account, trunk_id) is None:
                return trunk_id


def add_month(day: date) -> date:
    """The same day one calendar month later, clamped to the month's end (Jan 31 -> Feb 28/29)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")
