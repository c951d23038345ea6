"""Waiting for what another thread or process does: a condition asked until it holds, with a deadline.

Prefer a blocking call when there is one (the emulator's ``wait_held``, a line a child process
prints); this is for state that can only be asked for, such as the emulator's request log or a
database table.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

INTERVAL = 0.05  # seconds between two questions: short next to any deadline, cheap for the server


def wait_until(condition: Callable[[], object], what: str, timeout: float = 30.0) -> None:
    """Return as soon as ``condition()`` is true; fail the test naming ``what`` once ``timeout``
    seconds have passed with it false. The condition is asked first at once, then every
    :data:`INTERVAL` seconds, and once more at the deadline."""
    deadline = time.monotonic() + timeout
    while not condition():
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            pytest.fail(f"gave up after {timeout:g} s waiting for {what}")
        time.sleep(min(INTERVAL, remaining))
