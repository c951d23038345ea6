"""A local emulator of Plivo's phone-number REST API, for tests and offline development."""

from __future__ import annotations

from plivo_emulator.backend import Backend
from plivo_emulator.catalog import BLOCKS, DOC_NUMBERS, VERIFICATION_COUNTRIES, Block
from plivo_emulator.directory import WELL_KNOWN_APPS
from plivo_emulator.errors import EmulatorError
from plivo_emulator.faults import DEFAULT_RATE_LIMIT, FaultConfig
from plivo_emulator.server import DEFAULT_AUTH_ID, DEFAULT_AUTH_TOKEN, EmulatorServer

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
