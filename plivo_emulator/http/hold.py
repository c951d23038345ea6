"""A deterministic hold for crash tests: after N committed purchases, API requests get no answer.

A test arms the hold with ``after_purchases=N`` and starts the program under test. The first N
purchases go through; once the Nth has committed, the hold *engages* and every further ``/v1/``
request waits, unanswered, until the test releases the hold (or resets the emulator). Meanwhile
the test can wait for "engaged and at least one request held", then kill the program at exactly
that point. At most N purchases commit: while the hold is armed, a buy that could be purchase
N+1 waits for the buys in flight to finish (if one fails, its slot frees).

A held request never waits forever: after ``timeout`` seconds (120 by default), or when the
server stops, it is answered 503 without doing any work. The control API is never held.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

DEFAULT_TIMEOUT = 120.0  # seconds a held request waits before it is answered 503


class Hold:
    """The hold's state, shared by every request thread; all methods are thread-safe."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._after: int | None = None  # armed when not None
        self._timeout = DEFAULT_TIMEOUT
        self._purchases = 0  # committed since the hold was armed
        self._in_flight = 0  # buys admitted but not finished
        self._held = 0
        self._closed = False

    def arm(self, after_purchases: int, timeout: float = DEFAULT_TIMEOUT) -> dict[str, Any]:
        """Arm (or re-arm) the hold, counting purchases from now; returns the state."""
        with self._cond:
            self._after = after_purchases
            self._timeout = timeout
            self._purchases = 0
            self._cond.notify_all()
            return self._state()

    def release(self) -> dict[str, Any]:
        """Disarm the hold; every held request goes on as if it had never waited."""
        with self._cond:
            self._after = None
            self._cond.notify_all()
            return self._state()

    def close(self) -> None:
        """The server is stopping: held requests are answered 503, and so is every request that
        would be held, until :meth:`open`."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def open(self) -> None:
        """The server is (re)starting: requests may be held again."""
        with self._cond:
            self._closed = False

    def state(self, wait: float = 0.0) -> dict[str, Any]:
        """The state, after waiting up to ``wait`` seconds for "engaged and at least one held"."""
        with self._cond:
            self._cond.wait_for(lambda: self._engaged() and self._held > 0, timeout=wait)
            return self._state()

    def enter(self) -> bool:
        """Called as a request arrives: waits while the hold is engaged.

        :returns: True to serve the request, False to answer 503 (timed out or closing).
        """
        return self._wait_until(lambda: not self._engaged())

    def begin_purchase(self) -> bool:
        """Called before a buy runs: waits while the buy could be purchase N+1.

        :returns: True to run the buy (then call :meth:`end_purchase`), False to answer 503.
        """
        admitted = self._wait_until(
            lambda: self._after is None or self._purchases + self._in_flight < self._after
        )
        if admitted:
            with self._cond:
                self._in_flight += 1
        return admitted

    def end_purchase(self, committed: bool) -> None:
        """Called after a buy admitted by :meth:`begin_purchase`, with whether it committed."""
        with self._cond:
            self._in_flight -= 1
            if committed and self._after is not None:
                self._purchases += 1
            self._cond.notify_all()

    def _wait_until(self, ready: Callable[[], bool]) -> bool:
        with self._cond:
            if self._closed:
                return False
            if ready():
                return True
            deadline = time.monotonic() + self._timeout
            self._held += 1
            self._cond.notify_all()  # wakes state(wait=…) callers
            try:
                while not (ready() or self._closed):
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        return False
                    self._cond.wait(remaining)
                return not self._closed
            finally:
                self._held -= 1

    def _engaged(self) -> bool:
        return self._after is not None and self._purchases >= self._after

    def _state(self) -> dict[str, Any]:
        return {
            "armed": self._after is not None,
            "after_purchases": self._after,
            "purchases": self._purchases,
            "engaged": self._engaged(),
            "held": self._held,
            "timeout": self._timeout,
        }
