"""What the emulator says happened: its seeded applications, and purchases read from its request log."""

from __future__ import annotations

from collections import Counter
from typing import Any

from plivo_emulator import WELL_KNOWN_APPS
from plivo_testing.pulumi_cli import PulumiStack

# The applications every fresh emulator account has, under the names the tests use.
DEFAULT_APP = WELL_KNOWN_APPS["default"]
VOICE_APP = WELL_KNOWN_APPS["voice"]
SMS_APP = WELL_KNOWN_APPS["sms"]


def _bought(record: dict[str, Any], *, dropped: bool) -> bool:
    if record["method"] != "POST" or "/PhoneNumber/" not in record["path"]:
        return False
    if record["status"] == 201:
        return True
    # A fault may drop the answer to a purchase the emulator committed: it was bought all the same.
    return dropped and bool(record.get("dropped")) and record["status"] in (201, None)


def purchases(emu: Any, *, dropped: bool = False) -> Counter[str]:
    """How many times each number was bought; with ``dropped``, also purchases whose answer was lost."""
    return Counter(
        record["path"].rstrip("/").rsplit("/", 1)[-1]
        for record in emu.requests_log()
        if _bought(record, dropped=dropped)
    )


def releases(emu: Any) -> int:
    return int(emu.calls("DELETE", "/Number/"))


def stack_numbers(stack: PulumiStack) -> set[str]:
    """The numbers the stack's state holds (resource ids of its PhoneNumbers)."""
    return {str(r["id"]) for r in stack.resources(":PhoneNumber") if r.get("id")}
