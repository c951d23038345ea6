"""plivo_provider.declared_ids: IDs of applications and trunks the stack declares, seen this run.

The providers of one ``pulumi`` command share a process. When an ``Application``
is created, read, diffed or updated, its ID is recorded here; a ``PhoneNumber``
whose ``app_id`` is one of them then skips the ``GET Application/{id}/`` that
checks a literal ID typed into the program: that app was just created or read.
"""

from __future__ import annotations

import threading


class DeclaredIds:
    """A thread-safe set of IDs (the provider host runs up to four operations at once)."""

    def __init__(self) -> None:
        self._ids: set[str] = set()
        self._lock = threading.Lock()

    def add(self, object_id: str) -> None:
        with self._lock:
            self._ids.add(object_id)

    def __contains__(self, object_id: object) -> bool:
        with self._lock:
            return object_id in self._ids

    def clear(self) -> None:
        """Forget every ID (tests)."""
        with self._lock:
            self._ids.clear()


APPLICATIONS = DeclaredIds()
TRUNKS = DeclaredIds()
