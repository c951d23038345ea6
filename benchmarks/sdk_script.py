"""The script a user without this project writes: buy N numbers, one after another, with the official SDK.

Usage: ``python benchmarks/sdk_script.py APP_ID NUMBER...`` (numbers as digits, e.g. 14155550100).
Credentials come from ``PLIVO_AUTH_ID`` / ``PLIVO_AUTH_TOKEN``; ``PLIVO_API_URL`` points the SDK at
another endpoint (the emulator). Each purchase links the app in the same call, which is the
cheapest way the SDK offers (one API call per number), so the comparison is with the best plain
script, not a naive one. No state, no drift detection, no idempotency: that is what it saves.
"""

from __future__ import annotations

import os
import sys

import plivo
from plivo.rest import client as rest_client


def point_sdk_at(url: str) -> None:
    """Send every SDK call to ``url`` (the SDK has no setting for it, only these module constants)."""
    base = f"{url.rstrip('/')}/v1/Account"
    for name in (
        "PLIVO_API_BASE_URI",
        "API_VOICE_BASE_URI",
        "API_VOICE_BASE_URI_FALLBACK_1",
        "API_VOICE_BASE_URI_FALLBACK_2",
    ):
        setattr(rest_client, name, base)


def main(argv: list[str]) -> int:
    app_id, *wanted = argv
    url = os.environ.get("PLIVO_API_URL")
    if url:
        point_sdk_at(url)
    client = plivo.RestClient(os.environ["PLIVO_AUTH_ID"], os.environ["PLIVO_AUTH_TOKEN"])
    for number in wanted:
        client.numbers.buy(number, app_id=app_id)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
