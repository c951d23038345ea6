"""The emulator's backend: the parts that hold Plivo state, composed, with no HTTP types.

``Backend`` wires four parts, each with one job: the :class:`Store` (SQLite rows, one lock,
durable transactions, the request log), the :class:`Inventory` (the seeded catalogue of numbers
for sale), the :class:`Directory` (accounts, subaccounts, applications, trunks and visibility)
and :class:`Numbers` (search, buy, get, list, update, release, verification). Handlers call the
parts' operations, which are named after Plivo's API operations.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from plivo_emulator.state.clock import Clock
from plivo_emulator.state.directory import Directory
from plivo_emulator.state.inventory import Inventory
from plivo_emulator.state.numbers import Numbers
from plivo_emulator.state.powerpacks import Powerpacks
from plivo_emulator.state.store import Store


class Backend:
    """All state of one emulator; ``auth_id``/``auth_token`` is the main account it starts with.

    The attributes are for the handlers and for tests that inspect state; their internals may
    change between versions.
    """

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
        self.store = store
        self.inventory = inventory
        self.auth_id = auth_id
        self.auth_token = auth_token
        self.clock = Clock(clock)
        self.directory = Directory(store, self.clock, seed)
        self.numbers = Numbers(store, inventory, self.directory, self.clock, verify_after)
        self.powerpacks = Powerpacks(store, self.directory, self.numbers, self.clock, seed)
        self.directory.upgrade_tokens()
        self.directory.ensure_main_account(auth_id, auth_token)

    def reset(self) -> None:
        """Back to a fresh emulator: only the flag account with its well-known apps, empty log."""
        with self.store.transaction():
            self.store.wipe()
            self.directory.reseed()
            self.powerpacks.reseed()
            self.directory.ensure_main_account(self.auth_id, self.auth_token)
