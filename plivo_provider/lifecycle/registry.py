"""plivo_provider.lifecycle.registry: what the resources of one ``pulumi`` command share.

The engine runs every dynamic resource of a command in one provider process and keeps one
provider instance per provider class, so a fact one provider learns reaches another only
through this process-wide registry. Today it holds the IDs of the objects the stack declares,
by kind: a ``PhoneNumber`` whose ``app_id`` is an ``Application`` of this stack then skips the
call that checks a literal app ID (that app was just created, read or diffed).

Tests start from a fresh registry (the ``fresh_registry`` fixture calls :func:`reset`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable


class IdSet:
    """A thread-safe set of IDs (the provider host runs up to four operations at once)."""

    def __init__(self, ids: Iterable[str] = ()) -> None:
        self._ids: set[str] = set(ids)
        self._lock = threading.Lock()

    def add(self, object_id: str) -> None:
        with self._lock:
            self._ids.add(object_id)

    def take(self, object_id: str) -> bool:
        """Add ``object_id``; False when it was there already (someone else has it)."""
        with self._lock:
            if object_id in self._ids:
                return False
            self._ids.add(object_id)
            return True

    def __contains__(self, object_id: object) -> bool:
        with self._lock:
            return object_id in self._ids


class Registry:
    """Named ID sets of this process: ``declared(kind)`` for objects the stack declares, and sets
    of facts a check found once and need not ask again (``found(kind)``, ``ids(name)``)."""

    def __init__(self) -> None:
        self._sets: dict[str, IdSet] = {}
        self._lock = threading.Lock()

    def ids(self, name: str) -> IdSet:
        with self._lock:
            return self._sets.setdefault(name, IdSet())

    def declared(self, kind: str) -> IdSet:
        """IDs of ``kind`` objects the stack declares, created, read or diffed this run."""
        return self.ids(f"declared {kind}")

    def found(self, kind: str) -> IdSet:
        """IDs of ``kind`` objects a check found in the account this run."""
        return self.ids(f"found {kind}")


_REGISTRY = Registry()


def registry() -> Registry:
    """The process's registry."""
    return _REGISTRY


def reset() -> None:
    """Start again from an empty registry (tests: one ``pulumi`` command per test)."""
    global _REGISTRY
    _REGISTRY = Registry()
