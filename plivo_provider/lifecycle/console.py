"""plivo_provider.console: what the person running pulumi reads from the provider.

The CLI shows the provider process's stderr as it runs; :func:`note` writes one
line there, prefixed ``plivo:`` so it reads as the provider's. A failed operation
reaches the CLI as :class:`EngineMessage`, one line that names the cause and the fix.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from ..api.errors import PlivoError

T = TypeVar("T")


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


def in_provider_host() -> bool:
    """True inside ``python -m pulumi.dynamic``, the process the engine runs providers in."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    return getattr(spec, "name", None) == "pulumi.dynamic.__main__"


def quiet_tracebacks() -> None:
    """In the provider host only: the host sends the engine ``traceback.format_exc()`` of any
    error, and with no frames an expected failure reads as one line (bugs still get a full trace
    on stderr, see :func:`one_line_errors`). Elsewhere (a test or a script) frames are needed."""
    if in_provider_host():
        sys.tracebacklimit = 0


def one_line_errors(method: Callable[..., T]) -> Callable[..., T]:
    """Expected Plivo failures reach the CLI as one line; anything else keeps its traceback.

    In the provider host a :class:`PlivoError` is re-raised as :class:`EngineMessage`, so
    the CLI shows ``plivo: <cause and fix>``. Elsewhere (tests, scripts) it stays itself.
    A bug's traceback goes to stderr, which the CLI shows too.
    """

    @wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            return method(*args, **kwargs)
        except PlivoError as exc:
            if in_provider_host():
                raise EngineMessage(str(exc)) from None
            raise
        except Exception:
            traceback.print_exc(limit=50, file=sys.stderr)
            raise

    return wrapper
