"""plivo_provider.pacing: keep one process's calls under the account's rate limit instead of bouncing off it.

Plivo allows 300 requests per 5 seconds per account and answers 429 beyond that. One ``pulumi``
command runs one provider process, whose host serves up to four operations at once, and every
PlivoClient of that process (numbers, applications, trunks) calls through the :class:`Pacer` of
its account, so the process as a whole spaces its calls.

Why a small scheduler here and not a library: the provider's runtime dependencies are ``pulumi``
and ``requests`` only, and neither requests nor urllib3 paces requests (urllib3's ``Retry`` only
reacts to a 429 after the fact, honouring ``Retry-After``; the client keeps using it for that).
A rate-limiting package (``pyrate-limiter``) would be a third dependency in every user's program
environment for what fits in one locked computation below; its shared backends (SQLite, Redis)
would coordinate processes on one machine or beside one Redis, not a laptop and a CI job.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

# Starts are spaced a little more than the window, so that requests whose answers took longer
# than the next one's still left the server's window before it arrives.
MARGIN = 0.05


@dataclass(frozen=True)
class RateLimit:
    """At most ``count`` requests in any ``window`` seconds."""

    count: int
    window: float

    def __str__(self) -> str:
        return f"{self.count}/{self.window:g}s"


PLIVO_LIMIT = RateLimit(300, 5.0)
"""Plivo's documented default for the numbers (non-call) APIs."""


class Pacer:
    """Spaces the calls of every thread so that no ``window`` holds more than ``count`` starts.

    The limit is read as Plivo states it (a sliding window), which is also the strictest
    reading: a fixed-window or token-bucket server accepts whatever a sliding window does. The
    schedule needs no loop. The pacer remembers the last ``count`` start times; under a lock a
    caller takes the next free start, the later of now, ``window`` (plus a small margin) after
    the start ``count`` calls ago, and the end of any pause; it then sleeps once, until that
    start. Starts are handed out in order, so a burst of up to ``count`` calls goes at once and
    later calls follow at the limit's pace.

    :meth:`pause` is for what pacing cannot prevent: other processes on the same account fill
    its window too. When Plivo answers 429 with ``Retry-After``, no thread of this process
    starts a call before that time, rather than each thread discovering the limit for itself.

    :param clock: and ``sleep``: replaceable for tests (a fake clock).
    """

    def __init__(
        self,
        limit: RateLimit,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.limit = limit
        self._clock = clock
        self._sleep = sleep
        self._starts: deque[float] = deque(maxlen=limit.count)
        self._paused_until = float("-inf")
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Take the next free start; returns how many seconds from now it is (0 for at once)."""
        with self._lock:
            now = self._clock()
            start = max(now, self._paused_until)
            if len(self._starts) == self.limit.count:
                start = max(start, self._starts[0] + self.limit.window + MARGIN)
            self._starts.append(start)  # the oldest start falls out (maxlen)
            return start - now

    def wait(self) -> None:
        """Block until this caller may start a call."""
        delay = self.reserve()
        if delay > 0:
            self._sleep(delay)

    def pause(self, seconds: float) -> None:
        """No call starts within ``seconds`` from now (a longer pause already set stays)."""
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock() + seconds)


_pacers: dict[tuple[str, str, RateLimit], Pacer] = {}
_pacers_lock = threading.Lock()


def pacer_for(api_url: str, auth_id: str, limit: RateLimit) -> Pacer:
    """The pacer every client of this process shares for one account at one endpoint."""
    key = (api_url, auth_id, limit)
    with _pacers_lock:
        pacer = _pacers.get(key)
        if pacer is None:
            pacer = _pacers[key] = Pacer(limit)
        return pacer
