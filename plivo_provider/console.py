"""plivo_provider.console: what the person running pulumi reads from the provider.

The CLI shows the provider process's stderr as it runs; :func:`note` writes one
line there, prefixed ``plivo:`` so it reads as the provider's.
"""

from __future__ import annotations

import sys


def note(message: str) -> None:
    """A line for the person running pulumi (the CLI shows the provider's stderr)."""
    print(f"plivo: {message}", file=sys.stderr, flush=True)
