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

# Calls are spaced a little more than the window (2 %, at least 50 ms), for a call that reaches
# the server after one paced against it had been answered (network, a busy machine).
MARGIN_SHARE, MIN_MARGIN = 0.02, 0.05


@dataclass(frozen=True)
class RateLimit:
    """At most ``count`` requests in any ``window`` seconds."""

    count: int
    window: float

    def __str__(self) -> str:
        return f"{self.count}/{self.window:g}s"


PLIVO_LIMIT = RateLimit(300, 5.0)
"""Plivo's documented default for the numbers (non-call) APIs."""


class _Call:
    """One call's place in the window: its start, then, once answered, the time of its answer."""

    __slots__ = ("at",)

    def __init__(self, at: float) -> None:
        self.at = at


class Pacer:
    """Spaces the calls of every thread so that no ``window`` holds more than ``count`` of them.

    The limit is read as Plivo states it (a sliding window), which is also the strictest
    reading: a fixed-window or token-bucket server accepts whatever a sliding window does. The
    schedule needs no loop. The pacer remembers the last ``count`` calls; under a lock a caller
    takes the next free start, the later of now, the end of any pause, and ``window`` (plus a
    2 % margin) after the call ``count`` calls ago; it then sleeps once, until that start. So a
    burst of up to ``count`` calls goes at once and later calls follow at the limit's pace.

    A call counts from its answer once it has one (:meth:`done`): the server counted it at some
    moment between start and answer, and only the answer bounds that moment. Spacing from
    starts alone let 429s through whenever a call reached the server late (2 in 60 calls at
    20/1s with the emulator in the test process, on a loaded machine).

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
        self._calls: deque[_Call] = deque(maxlen=limit.count)
        self._spacing = limit.window + max(MIN_MARGIN, limit.window * MARGIN_SHARE)
        self._paused_until = float("-inf")
        self._lock = threading.Lock()
        self._current = threading.local()

    def reserve(self) -> float:
        """Take the next free start for this thread's next call; returns how many seconds from
        now it is (0 for at once)."""
        with self._lock:
            now = self._clock()
            start = max(now, self._paused_until)
            if len(self._calls) == self.limit.count:
                start = max(start, self._calls[0].at + self._spacing)
            call = _Call(start)
            self._calls.append(call)  # the oldest call falls out (maxlen)
        self._current.call = call
        return start - now

    def wait(self) -> None:
        """Block until this thread may start its next call."""
        delay = self.reserve()
        if delay > 0:
            self._sleep(delay)

    def done(self) -> None:
        """This thread's call was answered (or failed): from now on it counts from this moment."""
        call: _Call | None = getattr(self._current, "call", None)
        if call is not None:
            with self._lock:
                call.at = max(call.at, self._clock())
            self._current.call = None

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
