"""A local emulator of Plivo's phone-number REST API, for tests and offline development.

Importing the package needs only the standard library and ``requests``; the HTTP server
(:class:`EmulatorServer`) needs werkzeug, the ``[emulator]`` extra, and is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from plivo_emulator.errors import EmulatorError
from plivo_emulator.http.faults import DEFAULT_RATE_LIMIT, FaultConfig
from plivo_emulator.state.backend import Backend
from plivo_emulator.state.catalog import BLOCKS, DOC_NUMBERS, VERIFICATION_COUNTRIES, Block
from plivo_emulator.state.directory import DEFAULT_AUTH_ID, DEFAULT_AUTH_TOKEN, WELL_KNOWN_APPS

if TYPE_CHECKING:
    from plivo_emulator.http.server import EmulatorServer

# Numbers from Plivo's own docs and fixtures, purchasable on every fresh emulator.
WELL_KNOWN_NUMBERS: tuple[str, ...] = tuple(DOC_NUMBERS)
# Blocks of 100 well-known numbers by name, e.g. WELL_KNOWN_BLOCKS["us_san_francisco_local"].
WELL_KNOWN_BLOCKS: dict[str, Block] = {block.name: block for block in BLOCKS}

__all__ = [
    "DEFAULT_AUTH_ID",
    "DEFAULT_AUTH_TOKEN",
    "DEFAULT_RATE_LIMIT",
    "VERIFICATION_COUNTRIES",
    "WELL_KNOWN_APPS",
    "WELL_KNOWN_BLOCKS",
    "WELL_KNOWN_NUMBERS",
    "Backend",
    "Block",
    "EmulatorError",
    "EmulatorServer",
    "FaultConfig",
]


def __getattr__(name: str) -> Any:
    # EmulatorServer pulls in werkzeug, so it is imported only when asked for (PEP 562).
    if name == "EmulatorServer":
        from plivo_emulator.http.lazy_server import server_class

        return server_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
