"""plivo_provider.deadline: a total time limit for each HTTP attempt, connect, headers and body together.

requests and urllib3 time out one socket operation at a time (a connect, one read), and
urllib3's ``Timeout(total=...)`` only shortens the read timeout once, before the answer starts
(``Timeout.read_timeout``). A server that sends one byte a second resets each of those timeouts
and keeps a call, and the stack lock, forever. So one watchdog thread per process keeps the
attempts in flight, and shuts down the socket of any that passes its deadline: the read that was
blocked returns at once, and the client reports the deadline rather than what the cut looked like.

How attempts are seen: the connection pools of :class:`DeadlineAdapter` tell the watchdog which
connection each attempt took (``_get_conn``, once per attempt, retries included) and when one
goes back to the pool (``_put_conn``). The attempt belongs to the calling thread's
:func:`limit` block; urllib3 makes its attempts in that thread.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

if TYPE_CHECKING:
    from urllib3._base_connection import BaseHTTPConnection

POLL = 0.05
"""Once an attempt is past its deadline, how often its connections are cut again: one still
connecting when the deadline came gets its socket a moment later."""


class Attempt:
    """The attempt a :func:`limit` block has on the wire: its connections and its deadline.

    ``seconds`` count from the start of each attempt (:meth:`_Watchdog.started`); ``expired``
    turns true when the current attempt passed them, and stays true until another one starts.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expires = time.monotonic() + seconds
        self.expired = False
        self.connections: list[BaseHTTPConnection] = []


class _Watchdog:
    """One daemon thread that cuts the connections of attempts past their deadline."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._attempts: list[Attempt] = []
        self._thread: threading.Thread | None = None

    def add(self, attempt: Attempt) -> None:
        with self._lock:
            self._attempts.append(attempt)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="plivo-deadline", daemon=True)
                self._thread.start()
            self._lock.notify()

    def remove(self, attempt: Attempt) -> None:
        with self._lock:
            self._attempts.remove(attempt)
            attempt.connections.clear()

    def started(self, attempt: Attempt, connection: BaseHTTPConnection) -> None:
        """A new attempt of ``attempt``'s call took ``connection``: its clock starts now."""
        with self._lock:
            attempt.expires = time.monotonic() + attempt.seconds
            attempt.expired = False
            attempt.connections.append(connection)
            self._lock.notify()

    def returned(self, connection: BaseHTTPConnection) -> None:
        """``connection`` went back to the pool: another call may take it, never cut it for this one."""
        with self._lock:
            for attempt in self._attempts:
                if connection in attempt.connections:
                    attempt.connections.remove(connection)

    def _run(self) -> None:
        with self._lock:
            while True:
                self._lock.wait(self._cut_due())

    def _cut_due(self) -> float | None:
        """Cut what is due; how long until the next deadline (None: nothing in flight)."""
        now = time.monotonic()
        wait: float | None = None
        for attempt in self._attempts:
            if attempt.expires <= now:
                attempt.expired = True
                for connection in attempt.connections:
                    _cut(connection)
                left = POLL
            else:
                left = attempt.expires - now
            wait = left if wait is None else min(wait, left)
        return wait


def _cut(connection: BaseHTTPConnection) -> None:
    """Shut the socket down under the thread blocked on it; urllib3 then closes the connection."""
    sock: socket.socket | None = getattr(connection, "sock", None)
    if sock is None:
        return
    # The plain socket's shutdown, also for TLS: SSLSocket.shutdown would tear down the TLS
    # state under the reading thread, this only ends the stream beneath it.
    with contextlib.suppress(OSError):  # already closed
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


_WATCHDOG = _Watchdog()
_current = threading.local()


def current() -> Attempt | None:
    """The attempt of this thread's :func:`limit` block, if it is inside one."""
    attempt: Attempt | None = getattr(_current, "attempt", None)
    return attempt


@contextmanager
def limit(seconds: float) -> Iterator[Attempt]:
    """Each HTTP attempt made in this thread inside the block ends within ``seconds``, cut if need be.

    Reading a streamed answer's body belongs to the attempt that got it, so read it inside.
    """
    attempt = Attempt(seconds)
    _current.attempt = attempt
    _WATCHDOG.add(attempt)
    try:
        yield attempt
    finally:
        _WATCHDOG.remove(attempt)
        _current.attempt = None


def _took(connection: BaseHTTPConnection) -> None:
    attempt = current()
    if attempt is not None:
        _WATCHDOG.started(attempt, connection)


class _HTTPPool(HTTPConnectionPool):
    def _get_conn(self, timeout: float | None = None) -> BaseHTTPConnection:
        connection = super()._get_conn(timeout)
        _took(connection)
        return connection

    def _put_conn(self, conn: BaseHTTPConnection | None) -> None:
        if conn is not None:
            _WATCHDOG.returned(conn)
        super()._put_conn(conn)


class _HTTPSPool(HTTPSConnectionPool, _HTTPPool):
    """HTTPS, with :class:`_HTTPPool`'s hooks (next in the MRO: HTTPSConnectionPool has none)."""


class DeadlineAdapter(HTTPAdapter):
    """requests' adapter, with pools whose attempts the watchdog can cut (inside :func:`limit`)."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}
