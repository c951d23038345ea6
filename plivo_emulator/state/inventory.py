"""The seeded, read-only catalogue of numbers for sale; rentals are tracked in the store, not here."""

from __future__ import annotations

import random
from collections.abc import Container, Iterable
from dataclasses import dataclass

from plivo_emulator.state.catalog import (
    BLOCKS,
    COUNTRIES,
    DOC_NUMBERS,
    GENERATED_PER_KIND,
    KINDS,
    PLACES,
    RATES,
    Block,
    Place,
)
from plivo_emulator.state.inputs import SearchQuery


@dataclass(frozen=True)
class InventoryNumber:
    """One purchasable number, carrying every field of Plivo's PhoneNumber object."""

    number: str
    country_iso: str
    kind: str  # local | mobile | tollfree
    prefix: str
    city: str | None
    region: str | None  # state/province only, e.g. "California"
    rate_center: str | None
    lata: int | None

    @property
    def type(self) -> str:
        """Plivo's ``type``: fixed, mobile or tollfree."""
        return KINDS[self.kind][0]

    @property
    def sub_type(self) -> str:
        """Plivo's ``sub_type``: local, mobile or tollfree."""
        return KINDS[self.kind][1]

    @property
    def npanxx(self) -> str | None:
        """NPA-NXX (area code + exchange) for North American numbers, else None."""
        return self.number[1:7] if self.country_iso in ("US", "CA") else None

    def services(self) -> frozenset[str]:
        """The capabilities of this number (voice always; sms/mms by country and kind)."""
        rates = RATES[(self.country_iso, self.kind)]
        caps = {"voice"}
        if rates.sms_enabled:
            caps.add("sms")
        if rates.mms_enabled:
            caps.add("mms")
        return frozenset(caps)


class Inventory:
    """All numbers for sale for one seed: the well-known blocks plus generated numbers.

    The same seed always yields the same catalogue, so a state file replayed with its seed sees
    the same numbers.
    """

    def __init__(self, seed: int = 0) -> None:
        self._by_number: dict[str, InventoryNumber] = {}
        for number in _well_known():
            self._add(number)
        rng = random.Random(f"plivo-emulator/inventory/{seed}")
        for country_iso, kind in sorted(PLACES):
            for number in _generate(rng, country_iso, kind, set(self._by_number)):
                self._add(number)
        self._by_country: dict[str, list[InventoryNumber]] = {}
        for item in sorted(self._by_number.values(), key=lambda n: n.number):
            self._by_country.setdefault(item.country_iso, []).append(item)

    def _add(self, item: InventoryNumber) -> None:
        self._by_number.setdefault(item.number, item)

    def __len__(self) -> int:
        return len(self._by_number)

    def __contains__(self, number: object) -> bool:
        return number in self._by_number

    def numbers(self) -> list[str]:
        """Every number in the catalogue, ascending."""
        return sorted(self._by_number)

    def get(self, number: str) -> InventoryNumber | None:
        """The inventory entry for ``number``, rented or not."""
        return self._by_number.get(number)

    def search(self, query: SearchQuery, rented: Container[str]) -> list[InventoryNumber]:
        """Numbers matching ``query`` that nobody rents, ascending by number."""
        candidates = self._by_country.get(query.country_iso, [])
        centres = self._calling_area(query, candidates)
        return [
            n
            for n in candidates
            if n.number not in rented and _matches(n, query) and (centres is None or n.rate_center in centres)
        ]

    def _calling_area(self, query: SearchQuery, candidates: Iterable[InventoryNumber]) -> set[str] | None:
        # local_calling_area widens an npanxx search to every number in that npanxx's rate centre.
        if not (query.npanxx and query.local_calling_area):
            return None
        return {n.rate_center for n in candidates if n.npanxx == query.npanxx and n.rate_center}


def _matches(n: InventoryNumber, q: SearchQuery) -> bool:
    country = COUNTRIES[n.country_iso]
    return (
        _type_matches(n, q.type)
        and (q.pattern is None or n.number.startswith(country.calling_code + q.pattern))
        and (q.region is None or _region_matches(n, q.region))
        and (q.city is None or (n.city or "").casefold() == q.city.casefold())
        and q.services <= n.services()
        and (q.lata is None or n.lata == q.lata)
        and (q.rate_center is None or (n.rate_center or "").casefold() == q.rate_center.casefold())
        and (q.npanxx is None or q.local_calling_area or n.npanxx == q.npanxx)
    )


def _type_matches(n: InventoryNumber, wanted: str) -> bool:
    if wanted == "any":
        return True
    if wanted == "national":
        return False  # the emulator stocks no "national" sub-type numbers
    return wanted in (n.type, n.sub_type)


def _region_matches(n: InventoryNumber, term: str) -> bool:
    # Plivo matches the region name for terms of 3+ characters; the emulator reads that as a
    # case-insensitive substring of "State, COUNTRY" and requires equality for shorter terms.
    text = region_text(n).casefold()
    term = term.casefold()
    if len(term) >= 3:
        return term in text
    return (n.region or "").casefold() == term


def region_text(n: InventoryNumber) -> str:
    """Plivo's ``region`` string: "California, UNITED STATES", or the country for national numbers."""
    country = COUNTRIES[n.country_iso]
    return f"{n.region}, {country.name}" if n.region else country.title


def _well_known() -> Iterable[InventoryNumber]:
    for number, (country_iso, kind, place) in DOC_NUMBERS.items():
        yield _make(number, country_iso, kind, place)
    for block in BLOCKS:
        yield from _block(block)


def _block(block: Block) -> Iterable[InventoryNumber]:
    for number in block.numbers():
        yield _make(number, block.country, block.kind, block.place)


def _make(number: str, country_iso: str, kind: str, place: Place) -> InventoryNumber:
    return InventoryNumber(
        number=number,
        country_iso=country_iso,
        kind=kind,
        prefix=place.area,
        city=place.city,
        region=place.region,
        rate_center=place.rate_center,
        lata=place.lata,
    )


def _generate(rng: random.Random, country_iso: str, kind: str, taken: set[str]) -> Iterable[InventoryNumber]:
    code = COUNTRIES[country_iso].calling_code
    places = PLACES[(country_iso, kind)]
    made = 0
    while made < GENERATED_PER_KIND:
        place = places[made % len(places)]
        digits = rng.choice(place.lead) + "".join(rng.choice("0123456789") for _ in range(place.rest - 1))
        number = code + place.area + digits
        if number in taken or digits[:3] == "555":
            continue  # keep generated numbers clear of the well-known 555 blocks
        taken.add(number)
        made += 1
        yield _make(number, country_iso, kind, place)
