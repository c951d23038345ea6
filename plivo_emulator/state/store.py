"""SQLite persistence for accounts, rented numbers, applications, trunks and the request log.

A file store runs in WAL mode with ``synchronous=FULL``, and every write happens inside
:meth:`Store.transaction`, which commits before returning; callers answer HTTP only after that,
so a ``kill -9`` never loses an acknowledged change. Without a path the same schema lives in an
in-memory database.

The file and its ``-wal`` and ``-shm`` companions are readable by their owner only (0600): they
hold accounts and the request log. SQLite gives the companions the main file's permissions, so
the main file is created (or tightened) before SQLite opens it.

Threads share one connection, so one re-entrant lock serialises all access: each method holds it
for its own statement, :meth:`Store.transaction` for the whole block (no thread ever reads another
thread's uncommitted writes) and :meth:`Store.locked` for a multi-step read.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from plivo_emulator.state.models import (
    Account,
    Application,
    Endpoint,
    LogEntry,
    NumberRecord,
    Powerpack,
    Trunk,
    from_json,
    to_json,
)

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T", bound="DataclassInstance")

LOG_CAP = 10_000  # oldest request-log rows beyond this are pruned

_SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    auth_id TEXT PRIMARY KEY, parent TEXT, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS numbers (
    number TEXT PRIMARY KEY, account TEXT NOT NULL, sub_account TEXT,
    pending_since REAL, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS applications (
    account TEXT NOT NULL, app_id TEXT NOT NULL, record TEXT NOT NULL,
    PRIMARY KEY (account, app_id));
CREATE TABLE IF NOT EXISTS trunks (
    account TEXT NOT NULL, trunk_id TEXT NOT NULL, record TEXT NOT NULL,
    PRIMARY KEY (account, trunk_id));
CREATE TABLE IF NOT EXISTS endpoints (
    account TEXT NOT NULL, endpoint_id TEXT NOT NULL, record TEXT NOT NULL,
    PRIMARY KEY (account, endpoint_id));
CREATE TABLE IF NOT EXISTS powerpacks (
    account TEXT NOT NULL, uuid TEXT NOT NULL, record TEXT NOT NULL,
    PRIMARY KEY (account, uuid));
CREATE TABLE IF NOT EXISTS request_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, record TEXT NOT NULL);
"""

_TABLES = ("accounts", "numbers", "applications", "trunks", "endpoints", "powerpacks", "request_log")
PRIVATE = 0o600  # mode of the state file and its companions
_COMPANIONS = ("", "-wal", "-shm", "-journal")


def make_private(path: str) -> None:
    """Create ``path`` with mode 0600 if it does not exist, and tighten it and any SQLite
    companion files that do (e.g. left by an older emulator) to 0600."""
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE))
    for suffix in _COMPANIONS:
        with contextlib.suppress(FileNotFoundError):
            os.chmod(path + suffix, PRIVATE)


class Store:
    """Typed row access over one SQLite connection; ``path=None`` means in-memory."""

    def __init__(self, path: str | None = None) -> None:
        self.path = path
        if path is not None and path != ":memory:":
            make_private(path)
        self._db = sqlite3.connect(path or ":memory:", check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        # Deleted or replaced rows are zeroed, so a token an older emulator stored in clear (or a
        # deleted subaccount's) does not linger in free space after Directory.upgrade_tokens.
        self._db.execute("PRAGMA secure_delete=ON")
        self._db.executescript(_SCHEMA)
        self._depth = 0
        self._lock = threading.RLock()

    def close(self) -> None:
        """Close the connection; the store is unusable afterwards."""
        self._db.close()

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the lock across several reads (or a read and a later ``transaction``)."""
        with self._lock:
            yield

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Hold the lock and run the block atomically; nested use joins the outer transaction."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self._db.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            else:
                self._db.execute("COMMIT")
            finally:
                self._depth = 0

    def _execute(self, sql: str, *args: object) -> None:
        with self._lock:
            self._db.execute(sql, args)

    def _rows(self, sql: str, *args: object) -> list[Any]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def _one(self, cls: type[T], sql: str, *args: object) -> T | None:
        rows = self._rows(sql, *args)
        return from_json(cls, rows[0][0]) if rows else None

    def _all(self, cls: type[T], sql: str, *args: object) -> list[T]:
        return [from_json(cls, row[0]) for row in self._rows(sql, *args)]

    # accounts

    def get_account(self, auth_id: str) -> Account | None:
        """The account with this auth_id, main or sub."""
        return self._one(Account, "SELECT record FROM accounts WHERE auth_id = ?", auth_id)

    def put_account(self, account: Account) -> None:
        """Insert or replace an account."""
        self._execute(
            "INSERT OR REPLACE INTO accounts VALUES (?, ?, ?)",
            account.auth_id,
            account.parent,
            to_json(account),
        )

    def delete_account(self, auth_id: str) -> None:
        """Remove an account row (its resources are the caller's business)."""
        self._execute("DELETE FROM accounts WHERE auth_id = ?", auth_id)

    def accounts(self) -> list[Account]:
        """Every account, main and sub, in auth_id order."""
        return self._all(Account, "SELECT record FROM accounts ORDER BY auth_id")

    def subaccounts(self, parent: str) -> list[Account]:
        """Subaccounts of a main account, in auth_id order."""
        return self._all(Account, "SELECT record FROM accounts WHERE parent = ? ORDER BY auth_id", parent)

    # numbers

    def get_number(self, number: str) -> NumberRecord | None:
        """The rented number, whoever owns it."""
        return self._one(NumberRecord, "SELECT record FROM numbers WHERE number = ?", number)

    def put_number(self, record: NumberRecord) -> None:
        """Insert or replace a rented number."""
        self._execute(
            "INSERT OR REPLACE INTO numbers VALUES (?, ?, ?, ?, ?)",
            *(record.number, record.account, record.sub_account, record.pending_since, to_json(record)),
        )

    def delete_number(self, number: str) -> None:
        """Forget a rented number (it becomes purchasable again if it is in the inventory)."""
        self._execute("DELETE FROM numbers WHERE number = ?", number)

    def numbers_of(self, account: str, sub_account: str | None = None) -> list[NumberRecord]:
        """Numbers of a main account (all of them) or only those of one subaccount, ascending."""
        if sub_account is None:
            sql = "SELECT record FROM numbers WHERE account = ? ORDER BY number"
            return self._all(NumberRecord, sql, account)
        sql = "SELECT record FROM numbers WHERE account = ? AND sub_account = ? ORDER BY number"
        return self._all(NumberRecord, sql, account, sub_account)

    def rented(self) -> set[str]:
        """Every number anyone rents."""
        return {row[0] for row in self._rows("SELECT number FROM numbers")}

    def pending_before(self, cutoff: float) -> list[NumberRecord]:
        """Pending numbers bought at or before ``cutoff`` (epoch seconds)."""
        sql = "SELECT record FROM numbers WHERE pending_since IS NOT NULL AND pending_since <= ?"
        return self._all(NumberRecord, sql, cutoff)

    # applications

    def get_app(self, account: str, app_id: str) -> Application | None:
        """An application of a main account's family."""
        sql = "SELECT record FROM applications WHERE account = ? AND app_id = ?"
        return self._one(Application, sql, account, app_id)

    def put_app(self, app: Application) -> None:
        """Insert or replace an application."""
        self._execute(
            "INSERT OR REPLACE INTO applications VALUES (?, ?, ?)", app.account, app.app_id, to_json(app)
        )

    def delete_app(self, account: str, app_id: str) -> None:
        """Remove an application."""
        self._execute("DELETE FROM applications WHERE account = ? AND app_id = ?", account, app_id)

    def apps_of(self, account: str) -> list[Application]:
        """Every application of a main account's family, oldest first."""
        rows = self._all(Application, "SELECT record FROM applications WHERE account = ?", account)
        return sorted(rows, key=lambda a: (a.created, a.app_id))

    # trunks

    def get_trunk(self, account: str, trunk_id: str) -> Trunk | None:
        """A trunk of a main account's family."""
        sql = "SELECT record FROM trunks WHERE account = ? AND trunk_id = ?"
        return self._one(Trunk, sql, account, trunk_id)

    def put_trunk(self, trunk: Trunk) -> None:
        """Insert or replace a trunk."""
        self._execute(
            "INSERT OR REPLACE INTO trunks VALUES (?, ?, ?)", trunk.account, trunk.trunk_id, to_json(trunk)
        )

    def delete_trunk(self, account: str, trunk_id: str) -> None:
        """Remove a trunk."""
        self._execute("DELETE FROM trunks WHERE account = ? AND trunk_id = ?", account, trunk_id)

    def trunks_of(self, account: str) -> list[Trunk]:
        """Every trunk of a main account's family, oldest first."""
        rows = self._all(Trunk, "SELECT record FROM trunks WHERE account = ?", account)
        return sorted(rows, key=lambda t: (t.created, t.trunk_id))

    # SIP endpoints

    def get_endpoint(self, account: str, endpoint_id: str) -> Endpoint | None:
        """A SIP endpoint of a main account's family."""
        sql = "SELECT record FROM endpoints WHERE account = ? AND endpoint_id = ?"
        return self._one(Endpoint, sql, account, endpoint_id)

    def put_endpoint(self, endpoint: Endpoint) -> None:
        """Insert or replace a SIP endpoint."""
        self._execute(
            "INSERT OR REPLACE INTO endpoints VALUES (?, ?, ?)",
            endpoint.account,
            endpoint.endpoint_id,
            to_json(endpoint),
        )

    def delete_endpoint(self, account: str, endpoint_id: str) -> None:
        """Remove a SIP endpoint."""
        self._execute("DELETE FROM endpoints WHERE account = ? AND endpoint_id = ?", account, endpoint_id)

    def endpoints_of(self, account: str) -> list[Endpoint]:
        """Every SIP endpoint of a main account's family, oldest first."""
        rows = self._all(Endpoint, "SELECT record FROM endpoints WHERE account = ?", account)
        return sorted(rows, key=lambda e: (e.created, e.endpoint_id))

    # Powerpacks

    def get_powerpack(self, account: str, uuid: str) -> Powerpack | None:
        """A Powerpack of a main account's family."""
        return self._one(
            Powerpack, "SELECT record FROM powerpacks WHERE account = ? AND uuid = ?", account, uuid
        )

    def put_powerpack(self, powerpack: Powerpack) -> None:
        """Insert or replace a Powerpack."""
        self._execute(
            "INSERT OR REPLACE INTO powerpacks VALUES (?, ?, ?)",
            powerpack.account,
            powerpack.uuid,
            to_json(powerpack),
        )

    def delete_powerpack(self, account: str, uuid: str) -> None:
        """Remove a Powerpack."""
        self._execute("DELETE FROM powerpacks WHERE account = ? AND uuid = ?", account, uuid)

    def powerpacks_of(self, account: str) -> list[Powerpack]:
        """Every Powerpack of a main account's family, oldest first."""
        rows = self._all(Powerpack, "SELECT record FROM powerpacks WHERE account = ?", account)
        return sorted(rows, key=lambda p: (p.created, p.uuid))

    # request log

    def append_log(self, entry: LogEntry) -> int:
        """Record a request and return its sequence number (``entry.seq`` is ignored)."""
        with self.transaction():
            cur = self._db.execute("INSERT INTO request_log (record) VALUES (?)", (to_json(entry),))
            seq = int(cur.lastrowid or 0)
            if seq % 1000 == 0:
                self._db.execute("DELETE FROM request_log WHERE seq <= ?", (seq - LOG_CAP,))
        return seq

    def read_log(self, since: int = 0) -> list[LogEntry]:
        """Logged requests with a sequence number above ``since``, oldest first."""
        rows = self._rows("SELECT seq, record FROM request_log WHERE seq > ? ORDER BY seq", since)
        return [_with_seq(from_json(LogEntry, record), seq) for seq, record in rows]

    def clear_log(self) -> None:
        """Forget every logged request (sequence numbers keep increasing)."""
        with self.transaction():
            self._db.execute("DELETE FROM request_log")

    def wipe(self) -> None:
        """Delete every row of every table."""
        with self.transaction():
            for table in _TABLES:
                self._db.execute(f"DELETE FROM {table}")


def _with_seq(entry: LogEntry, seq: int) -> LogEntry:
    return LogEntry(**{**entry.__dict__, "seq": seq})
