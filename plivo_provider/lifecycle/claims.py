"""plivo_provider.claims: which resource of which stack a rented number belongs to.

The ownership rule (docs/guarantees.md): a number the provider buys or adopts is managed by
exactly one resource of one stack instance, and the number says which, in its Plivo alias:

    "<declared alias> [pulumi <namespace>/<rid>]"      or      "[pulumi <namespace>/<rid>]"

* ``namespace``: 8 hex digits drawn once per stack instance and kept in that stack's state
  (:mod:`.identity`). Two stacks of the same name on two backends, or a stack removed with
  ``stack rm --force`` and created again, therefore never share one.
* ``rid``: 10 hex digits of a hash of the resource's claim key, ``project/stack/<path>``
  (``<path>`` is the resource name under its parents), fixed when the resource is created and
  kept through renames with ``aliases`` and through ``stack rename``.

Plivo has one alias field per number, so the tag shares it with the declared alias; the
``alias`` output shows the declared part alone. This module is pure: parsing, composing, and
the small thread-safe tables the provider keeps for one ``pulumi`` command.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NAMESPACE_DIGITS = 8
RID_DIGITS = 10
_TAG_RE = re.compile(
    rf"(?:^|\s)\[pulumi (?P<ns>[0-9a-f]{{{NAMESPACE_DIGITS}}})/(?P<rid>[0-9a-f]{{{RID_DIGITS}}})\]$",
    re.ASCII,
)
NAMESPACE_RE = re.compile(rf"^[0-9a-f]{{{NAMESPACE_DIGITS}}}$", re.ASCII)
TAG_LENGTH = len(f" [pulumi {'0' * NAMESPACE_DIGITS}/{'0' * RID_DIGITS}]")
"""Characters the tag takes in the alias, with the space before it."""
PLIVO_ALIAS_MAX = 255
DECLARED_ALIAS_MAX = PLIVO_ALIAS_MAX - TAG_LENGTH
"""The longest alias a program may declare: the rest of Plivo's field holds the tag."""


@dataclass(frozen=True)
class Claim:
    """One resource's mark on a number: its stack instance and its resource id."""

    namespace: str
    rid: str

    @property
    def tag(self) -> str:
        return f"[pulumi {self.namespace}/{self.rid}]"

    def same_resource(self, other: Claim) -> bool:
        """Same resource identity (project, stack, path) whatever the stack instance."""
        return self.rid == other.rid

    def __str__(self) -> str:
        return f"{self.namespace}/{self.rid}"


def rid_of(claim_key: str) -> str:
    """The resource id of a claim key (``project/stack/path``)."""
    return hashlib.sha256(claim_key.encode()).hexdigest()[:RID_DIGITS]


def claim_of(inputs: Mapping[str, Any]) -> Claim | None:
    """The claim a resource's inputs (or its ``declared`` output) give; None before the stack has an
    identity (the first preview) and for resources created by versions before claims."""
    namespace, key = inputs.get("claim_namespace"), inputs.get("claim_key")
    if not isinstance(namespace, str) or not isinstance(key, str) or not namespace or not key:
        return None
    return Claim(namespace, rid_of(key))


def split_alias(alias: str | None) -> tuple[str | None, Claim | None]:
    """Plivo's alias → (the declared part or None, the claim tag's claim or None)."""
    if not alias:
        return None, None
    match = _TAG_RE.search(alias)
    if match is None:
        return alias, None
    declared = alias[: match.start()].rstrip()
    return declared or None, Claim(match["ns"], match["rid"])


def compose_alias(declared: str | None, claim: Claim | None) -> str:
    """The alias to send Plivo: the declared alias, then the tag ("" clears a number without claim)."""
    if claim is None:
        return declared or ""
    return f"{declared} {claim.tag}" if declared else claim.tag


def describe(claim: Claim, namespace: str | None) -> str:
    """How a message names the holder of ``claim``, seen from a stack whose namespace is ``namespace``."""
    if claim.namespace == namespace:
        return f"another resource of this stack (claim {claim})"
    return f"a resource of another stack instance (claim {claim})"


class Holders:
    """Keys (a number, a claim key, an app name) held by one resource each, within one command.

    ``check`` runs for every resource the program declares, so a second resource declaring
    the same key is caught at preview, before anything is bought. Thread-safe.
    """

    def __init__(self) -> None:
        self._owners: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def hold(self, kind: str, key: str, owner: str) -> str | None:
        """Record ``owner`` for ``key``; the other owner's name when one already holds it."""
        with self._lock:
            current = self._owners.setdefault((kind, key), owner)
        return None if current == owner else current


class Journal:
    """Purchases by criteria in flight, on this machine: written before the purchase, removed once
    the number carries its claim tag.

    A run killed in between leaves the entry; the next run of the same resource asks Plivo about
    exactly those numbers and adopts the one bought, instead of buying another. The folder is
    ``$PULUMI_HOME/plivo/purchases`` (``~/.pulumi`` by default), one small JSON file per claim.
    """

    def __init__(self, folder: Path | None = None) -> None:
        home = os.environ.get("PULUMI_HOME") or str(Path.home() / ".pulumi")
        self.folder = folder or Path(home) / "plivo" / "purchases"
        self._lock = threading.Lock()

    def _path(self, claim: Claim) -> Path:
        return self.folder / f"{claim.namespace}-{claim.rid}.json"

    def pending(self, claim: Claim) -> list[str]:
        """Numbers an interrupted run may have bought for ``claim``."""
        try:
            numbers = json.loads(self._path(claim).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        return [str(n) for n in numbers] if isinstance(numbers, list) else []

    def intend(self, claim: Claim, number: str) -> None:
        """Record, durably, that ``number`` is about to be bought for ``claim``."""
        with self._lock:
            numbers = self.pending(claim)
            if number not in numbers:
                self._write(claim, [*numbers, number])

    def forget(self, claim: Claim, numbers: Iterable[str] | None = None) -> None:
        """Drop ``numbers`` (all when None) from ``claim``'s entry."""
        with self._lock:
            left = [] if numbers is None else [n for n in self.pending(claim) if n not in set(numbers)]
            if left:
                self._write(claim, left)
            else:
                self._path(claim).unlink(missing_ok=True)

    def _write(self, claim: Claim, numbers: list[str]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        temp = self._path(claim).with_suffix(".tmp")
        with temp.open("w", encoding="utf-8") as out:
            json.dump(numbers, out)
            out.flush()
            os.fsync(out.fileno())
        temp.replace(self._path(claim))
