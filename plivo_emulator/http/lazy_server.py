"""The emulator's server class, imported on first use: only it needs the ``[emulator]`` extra (werkzeug).

The package, its state, ``testing`` and the pytest plugin import without werkzeug; only the HTTP
server (and the app, URL maps and handlers it loads) does not. Code that needs the server asks
:func:`server_class`, which turns a missing werkzeug into one clear line naming the install
command instead of a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from plivo_emulator.http.server import EmulatorServer

INSTALL_HINT = "pip install 'plivo-pulumi[emulator]'"


class MissingExtraError(ImportError):
    """Raised when the emulator's server is needed but werkzeug (the ``[emulator]`` extra) is missing."""

    def __init__(self) -> None:
        super().__init__(f"the Plivo emulator needs werkzeug, which is not installed: {INSTALL_HINT}")


def missing_werkzeug(exc: ImportError) -> bool:
    """Whether ``exc`` says that werkzeug itself could not be imported (not some other failure)."""
    return isinstance(exc, ModuleNotFoundError) and (exc.name or "").partition(".")[0] == "werkzeug"


def server_class() -> type[EmulatorServer]:
    """:class:`~.server.EmulatorServer`, imported now; MissingExtraError without werkzeug."""
    try:
        from plivo_emulator.http.server import EmulatorServer
    except ImportError as exc:
        if missing_werkzeug(exc):
            raise MissingExtraError() from exc
        raise
    return EmulatorServer
