"""Request statistics for the control API: counts per account and status, purchases, peak rates.

Benchmarks and team tests read them to report, for example, how many 429s a run received
without walking the request log (which is capped and can be cleared separately).
"""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# (name in the JSON, window in seconds): the 5 s window is the one Plivo's limit is stated in.
PEAK_WINDOWS = (("peak_per_second", 1.0), ("peak_per_5s", 5.0))


@dataclass
class _Counts:
    requests: int = 0
    purchases: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    recent: dict[str, deque[float]] = field(default_factory=lambda: {n: deque() for n, _ in PEAK_WINDOWS})
    peaks: dict[str, int] = field(default_factory=lambda: dict.fromkeys((n for n, _ in PEAK_WINDOWS), 0))

    def add(self, status: int, purchase: bool, now: float) -> None:
        self.requests += 1
        self.purchases += purchase
        self.statuses[status] += 1
        for name, window in PEAK_WINDOWS:
            times = self.recent[name]
            times.append(now)
            while times[0] <= now - window:
                times.popleft()
            self.peaks[name] = max(self.peaks[name], len(times))

    def to_json(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "statuses": {str(code): n for code, n in sorted(self.statuses.items())},
            "purchases": self.purchases,
            **self.peaks,
        }


class RequestStats:
    """Counts of answered ``/v1/`` requests since the last clear, in total and per auth_id.

    A request that failed authentication counts in the total only. Peaks are the most requests
    answered within any 1 s and any 5 s window (answer time, on the monotonic clock).
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._total = _Counts()
        self._accounts: dict[str, _Counts] = {}

    def record(self, account: str | None, status: int, purchase: bool) -> None:
        """Count one answered request; ``purchase`` is True for a buy that committed."""
        now = self._clock()
        with self._lock:
            self._total.add(status, purchase, now)
            if account is not None:
                self._accounts.setdefault(account, _Counts()).add(status, purchase, now)

    def clear(self) -> None:
        """Forget every count."""
        with self._lock:
            self._total = _Counts()
            self._accounts = {}

    def to_json(self) -> dict[str, Any]:
        """``{"total": counts, "accounts": {auth_id: counts}}`` as the control API reports it."""
        with self._lock:
            return {
                "total": self._total.to_json(),
                "accounts": {k: v.to_json() for k, v in sorted(self._accounts.items())},
            }
