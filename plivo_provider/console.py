"""plivo_provider.console: what the person running pulumi reads from the provider.

The CLI shows the provider process's stderr as it runs; :func:`note` writes one
line there, prefixed ``plivo:`` so it reads as the provider's. A failed operation
reaches the CLI as :class:`EngineMessage`, one line that names the cause and the fix.
"""

from __future__ import annotations

import sys


class EngineMessage(Exception):
    """An expected failure as the provider host hands it to the engine: ``plivo: <message>``.

    The host (``pulumi/dynamic/__main__.py``) answers a failed call with
    ``traceback.format_exc()``. With ``sys.tracebacklimit = 0`` that is the exception line
    alone, ``<module>.<qualname>: <message>``, where the module is left out only for
    builtins. Declared as the builtin ``plivo``, this class makes that line
    ``plivo: <message>``, like the provider's notes, instead of
    ``plivo_provider.errors.NotFoundError: <message>``.
    """


EngineMessage.__module__ = "builtins"
EngineMessage.__qualname__ = "plivo"


def note(message: str) -> None:
    """A line for the person running pulumi (the CLI shows the provider's stderr)."""
    print(f"plivo: {message}", file=sys.stderr, flush=True)
