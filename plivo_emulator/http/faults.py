"""Rate limiting, latency, error injection and drop-after-commit, configurable at run time.

Rate limit: a sliding-window log per authenticated auth_id (each subaccount has its own window).
Plivo documents 300 requests per 5 seconds and HTTP 429; it does not document a Retry-After
header, which the emulator sends anyway (whole seconds until the oldest request leaves the
window, at least 1). Rejected requests do not count against the window. Random draws come from
a ``random.Random`` seeded from the emulator seed, so a single-threaded run is reproducible.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any

from plivo_emulator.errors import BadRequest, EmulatorError, ServerError, ServiceUnavailable, TooManyRequests

DEFAULT_RATE_LIMIT = "300/5"  # Plivo's documented default for non-call APIs


@dataclass(frozen=True)
class FaultConfig:
    """Fault settings; ``rate_limit`` is "N/SECONDS" (or "N/SECONDSs") or "0" (off);
    ``verify_after`` None = manual."""

    rate_limit: str = DEFAULT_RATE_LIMIT
    latency_ms: int = 0
    error_rate: float = 0.0
    drop_after_commit: float = 0.0
    verify_after: float | None = None

    def __post_init__(self) -> None:
        parse_rate_limit(self.rate_limit)
        if isinstance(self.latency_ms, bool) or not isinstance(self.latency_ms, int) or self.latency_ms < 0:
            raise ValueError("latency_ms must be a non-negative integer")
        _probability("error_rate", self.error_rate)
        _probability("drop_after_commit", self.drop_after_commit)
        if self.verify_after is not None and (_not_number(self.verify_after) or self.verify_after < 0):
            raise ValueError("verify_after must be a non-negative number or null")

    def to_json(self) -> dict[str, Any]:
        """The settings as the control API reports them."""
        return asdict(self)

    def merged(self, changes: Mapping[str, Any]) -> FaultConfig:
        """A copy with ``changes`` applied; unknown keys or bad values raise BadRequest."""
        unknown = set(changes) - set(asdict(self))
        if unknown:
            raise BadRequest(f"unknown fault settings: {', '.join(sorted(unknown))}")
        values = dict(changes)
        if "rate_limit" in values and isinstance(values["rate_limit"], int):
            values["rate_limit"] = str(values["rate_limit"])  # accept 0 as well as "0"
        try:
            return replace(self, **values)
        except (ValueError, TypeError) as exc:
            raise BadRequest(str(exc)) from None


def _not_number(value: object) -> bool:
    return isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value)


def _probability(name: str, value: object) -> None:
    # NaN fails the range check, so it is rejected along with everything else out of [0, 1].
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be a number between 0 and 1")


_RATE_LIMIT_FORMS = "rate_limit must look like '300/5' or '300/5s' (requests/seconds) or '0'"


def parse_rate_limit(text: str) -> tuple[int, float] | None:
    """``"N/S"`` or ``"N/Ss"`` (Plivo writes its limit "300/5s") -> (N, S seconds); ``"0"`` or
    ``"0/S"`` -> None (no limit). ValueError otherwise."""
    if not isinstance(text, str):
        raise ValueError(_RATE_LIMIT_FORMS)
    count_text, _, window_text = text.strip().partition("/")
    window_text = window_text.strip().removesuffix("s")
    try:
        count = int(count_text)
        window = float(window_text) if window_text else 0.0
    except ValueError:
        raise ValueError(_RATE_LIMIT_FORMS) from None
    if count < 0 or (count > 0 and not 0 < window < 86_400):
        raise ValueError(_RATE_LIMIT_FORMS)
    return None if count == 0 else (count, window)


class RateLimiter:
    """Sliding-window request log per key."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, limit: tuple[int, float]) -> int | None:
        """Count a request; None if admitted, else the seconds until one would be."""
        count, window = limit
        now = self._clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - window:
                hits.popleft()
            if len(hits) >= count:
                return max(1, math.ceil(hits[0] + window - now))
            hits.append(now)
            return None

    def clear(self) -> None:
        """Forget every window."""
        with self._lock:
            self._hits.clear()


class Faults:
    """The live fault configuration plus the state it needs (windows, seeded RNG)."""

    def __init__(
        self, config: FaultConfig | None = None, seed: int = 0, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self._config = config or FaultConfig()
        self._rng = random.Random(f"plivo-emulator/faults/{seed}")
        self._sleep = sleep
        self._lock = threading.Lock()
        self.limiter = RateLimiter()

    @property
    def config(self) -> FaultConfig:
        """The current settings."""
        return self._config

    def update(self, changes: Mapping[str, Any]) -> FaultConfig:
        """Apply control-API changes; a new rate limit starts with empty windows."""
        new = self._config.merged(changes)
        if new.rate_limit != self._config.rate_limit:
            self.limiter.clear()
        self._config = new
        return new

    def replace_config(self, config: FaultConfig) -> None:
        """Install a whole new configuration (used by reset with ``{"faults": true}``)."""
        self._config = config
        self.limiter.clear()

    def delay(self) -> int:
        """Sleep for the configured latency; returns the milliseconds slept."""
        latency = self._config.latency_ms
        if latency:
            self._sleep(latency / 1000)
        return latency

    def admit(self, account: str) -> None:
        """Count a request of ``account``; raises TooManyRequests past the limit."""
        limit = parse_rate_limit(self._config.rate_limit)
        if limit is None:
            return
        retry_after = self.limiter.hit(account, limit)
        if retry_after is not None:
            raise TooManyRequests(retry_after)

    def injected_error(self) -> EmulatorError | None:
        """With probability ``error_rate``, a 500 or 503 to answer instead of doing the work."""
        if not self._draw(self._config.error_rate):
            return None
        with self._lock:
            return ServerError() if self._rng.random() < 0.5 else ServiceUnavailable()

    def should_drop(self) -> bool:
        """With probability ``drop_after_commit``, whether to drop the connection after committing."""
        return self._draw(self._config.drop_after_commit)

    def _draw(self, probability: float) -> bool:
        if probability <= 0:
            return False
        if probability >= 1:
            return True
        with self._lock:
            return self._rng.random() < probability
