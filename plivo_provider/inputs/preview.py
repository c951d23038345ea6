"""plivo_provider.preview: the checks at preview that need one call to Plivo.

* **A literal ID exists.** A program may type the ID of an object it does not declare
  (``new_endpoint_application="20468599130939380"``, a trunk's ``object_id``). A typo passes
  every offline rule and would fail only at ``up`` or, for a delete option, at every
  ``destroy``. So ``check`` looks each new or changed literal ID up once: the fields that hold
  one say so in their table (:attr:`~plivo_provider.fields.Field.refers`). An ID this stack
  declares (created, read or diffed this run, :mod:`..lifecycle.registry`) is not looked up, and an
  ID found once is not looked up again by the same process (one ``pulumi`` command).
* **Plivo sells numbers in the country, and at what price.** Offline, ``country_iso`` must be
  the code of a country with phone numbers (:func:`.validation.normalize_country`). Which of
  those Plivo sells in changes over time, and no table of them ships with the provider (one would
  go stale and block real purchases). So :func:`criteria_listing` makes one search with a new
  resource's criteria: the same page of candidates says the country is sold and gives the prices
  the preview shows. Identical criteria are searched once per process (a pool's members share
  one call). Only when nothing matches does :func:`country_failure` ask once more (one result,
  once per country) whether the country is sold at all.

Every helper returns a :data:`~plivo_provider.fields.Failure` naming the field, or ``None``;
:class:`~plivo_provider.errors.PlivoError` other than "not found" propagates, for the caller to
report as "cannot check the Plivo account".
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ..api.client import PlivoClient
from ..api.errors import NotFoundError, ValidationError
from ..api.models import AvailableNumber
from ..lifecycle.fields import Failure, ResourceSpec, is_unknown
from ..lifecycle.registry import registry


@dataclass(frozen=True)
class Target:
    """A kind of Plivo object an input can refer to by ID. IDs of this kind the stack declares, or
    that a check found already, are never looked up (the process's registry)."""

    noun: str
    get: Callable[[PlivoClient, str], object]
    example: str
    """How a program links one it declares, for the message."""


TARGETS: dict[str, Target] = {
    "application": Target(
        "application",
        lambda client, app_id: client.get_application(app_id),
        "app.app_id of an Application in the program",
    ),
    "trunk": Target(
        "trunk",
        lambda client, trunk_id: client.get_trunk(trunk_id),
        "trunk.trunk_id of a Trunk in the program",
    ),
}


def missing_reference(client: PlivoClient, key: str, kind: str, object_id: str) -> Failure | None:
    """``(key, reason)`` when the account has no ``kind`` object ``object_id``; else ``None``.

    ``kind`` is a key of :data:`TARGETS`. Declared or already found IDs cost no call.

    :raises PlivoError: the account could not be asked (anything but "not found").
    """
    target = TARGETS[kind]
    known = registry()
    if object_id in known.declared(kind) or object_id in known.found(kind):
        return None
    try:
        target.get(client, object_id)
    except NotFoundError:
        return (
            key,
            f"{key}: no {target.noun} {object_id} in Plivo account {client.settings.auth_id}; use an "
            f"existing {target.noun} ID from the Plivo console, or pass {target.example}",
        )
    known.found(kind).add(object_id)
    return None


def require_trunk(client: PlivoClient, trunk_id: str, key: str = "object_id") -> Failure | None:
    """``(key, reason)`` when the account has no trunk ``trunk_id``: a PhoneNumber's literal ``object_id``."""
    return missing_reference(client, key, "trunk", trunk_id)


def changed_references(
    spec: ResourceSpec, olds: Mapping[str, Any], inputs: Mapping[str, Any]
) -> list[tuple[str, str, str]]:
    """``(input, kind, id)`` of each literal ID that is new or differs from ``olds`` (the old inputs).

    Empty on a no-change run, and for an ID unknown at preview (another resource's output).
    """
    return [
        (f.name, f.refers, str(inputs[f.name]))
        for f in spec.fields
        if f.refers
        and f.name in inputs
        and not is_unknown(inputs[f.name])
        and inputs[f.name] != olds.get(f.name)
    ]


def reference_failures(client: PlivoClient, references: list[tuple[str, str, str]]) -> list[Failure]:
    """One failure per reference (from :func:`changed_references`) the account does not hold."""
    found = (missing_reference(client, key, kind, object_id) for key, kind, object_id in references)
    return [failure for failure in found if failure is not None]


SELLING = "countries selling"
"""The registry's set of countries this process has seen numbers for sale in."""


def country_failure(client: PlivoClient, country_iso: str) -> Failure | None:
    """``("country_iso", reason)`` when Plivo lists no number for sale in ``country_iso``; else ``None``.

    One search of one result, once per country per process. It is authenticated, so it also
    confirms the credentials. Plivo refusing the code (HTTP 400) counts as "sells none".

    :raises PlivoError: the account could not be asked.
    """
    if country_iso in registry().ids(SELLING):
        return None
    try:
        offers = client.search_phone_numbers(country_iso, limit=1)
    except ValidationError as exc:
        return ("country_iso", f"country_iso: Plivo sells no numbers in {country_iso!r} ({exc})")
    if not offers:
        return (
            "country_iso",
            f"country_iso: Plivo lists no number for sale in {country_iso!r} now; pick another country "
            "(`python -m plivo_provider search --country <code>` shows what is for sale)",
        )
    registry().ids(SELLING).add(country_iso)
    return None


T = TypeVar("T")


class Lookups(Generic[T]):
    """Answers computed once per key per process, thread-safe.

    The provider host runs several checks at once: checks of identical criteria wait for the
    first one's call instead of making their own. A lookup that raises is not kept.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._locks: dict[Hashable, threading.Lock] = {}
        self._answers: dict[Hashable, T] = {}

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._answers:
                self._answers[key] = compute()
            return self._answers[key]


@dataclass(frozen=True)
class Listing:
    """The first page of numbers Plivo lists for sale for some criteria now, prices as Plivo gives them."""

    offers: tuple[AvailableNumber, ...]


def criteria_listing(
    client: PlivoClient, country_iso: str, filters: Mapping[str, str], lookups: Lookups[Listing | Failure]
) -> Listing | Failure:
    """The candidates for these criteria (one page, one search), or ``("country_iso", reason)``
    when Plivo sells no numbers in ``country_iso``.

    One call per identical criteria per process (``lookups`` keeps the answers). An empty page
    costs one more call, :func:`country_failure`, to tell "no match now" (an empty
    :class:`Listing`) from "the country is not sold" (a failure).

    :raises PlivoError: the account could not be asked.
    """
    key = (client.settings.auth_id, country_iso, tuple(sorted(filters.items())))

    def search() -> Listing | Failure:
        try:
            offers = client.search_phone_numbers(country_iso, filters, limit=client.page_size)
        except ValidationError as exc:
            return (
                "country_iso",
                f"country_iso: Plivo refuses a search of {country_iso!r} with these criteria ({exc})",
            )
        if offers:
            registry().ids(SELLING).add(country_iso)
            return Listing(tuple(offers))
        return country_failure(client, country_iso) or Listing(())

    return lookups.get(key, search)
