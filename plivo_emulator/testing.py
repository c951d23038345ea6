"""The emulator's test harness under its documented name: a client for a running emulator, and a
subprocess runner.

``EmulatorClient`` lives in :mod:`plivo_emulator.harness.client` and ``EmulatorProcess`` in
:mod:`plivo_emulator.harness.process`; this module re-exports them (and their constants) so that
``from plivo_emulator.testing import EmulatorClient`` keeps working. Like them it needs only
``requests`` and the standard library.
"""

from __future__ import annotations

from plivo_emulator.harness.client import JSON_HEADERS, TIMEOUT, EmulatorClient
from plivo_emulator.harness.process import EmulatorProcess, EmulatorStartError
from plivo_emulator.loopback import URL_LINE_PREFIX

__all__ = [
    "JSON_HEADERS",
    "TIMEOUT",
    "URL_LINE_PREFIX",
    "EmulatorClient",
    "EmulatorProcess",
    "EmulatorStartError",
]
