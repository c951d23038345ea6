"""The opt-in live tier: read-only calls to the real Plivo API, compared with the emulator.

Runs only when ``PLIVO_LIVE_AUTH_ID`` and ``PLIVO_LIVE_AUTH_TOKEN`` are set (read here, at import,
before the autouse fixture clears PLIVO_* variables for every test); otherwise the whole tier is
skipped with one line. ``PLIVO_LIVE_API_URL`` points it elsewhere (e.g. a second emulator, to
check the tier itself).
"""

from __future__ import annotations

import os

LIVE_AUTH_ID = os.environ.get("PLIVO_LIVE_AUTH_ID", "")
LIVE_AUTH_TOKEN = os.environ.get("PLIVO_LIVE_AUTH_TOKEN", "")
LIVE_API_URL = os.environ.get("PLIVO_LIVE_API_URL", "https://api.plivo.com")
SKIP_REASON = "live tier: set PLIVO_LIVE_AUTH_ID and PLIVO_LIVE_AUTH_TOKEN to compare with the real Plivo API"
