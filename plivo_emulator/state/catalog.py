"""Static tables behind the inventory: countries, places, rates and the well-known numbers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    """A country the inventory sells numbers in."""

    iso: str
    name: str  # Plivo's PhoneNumber object spells it in capitals ("UNITED STATES")
    title: str  # and the Number object in title case ("United States")
    calling_code: str
    restriction: str | None = None
    restriction_text: str | None = None


@dataclass(frozen=True)
class Place:
    """Where numbers come from: ``area`` follows the calling code, ``rest`` random digits follow it."""

    city: str | None
    region: str | None
    area: str
    rest: int
    lead: str = "0123456789"  # allowed first digits of the random part
    rate_center: str | None = None
    lata: int | None = None


@dataclass(frozen=True)
class Rates:
    """Prices (5-decimal USD strings, as Plivo sends them) and capabilities of one number kind."""

    monthly: str
    setup: str
    voice: str
    sms: str
    mms: str
    sms_enabled: bool
    mms_enabled: bool


@dataclass(frozen=True)
class Block:
    """A fixed run of well-known numbers, present for every seed."""

    name: str
    country: str
    kind: str
    first: int
    count: int
    place: Place

    def numbers(self) -> list[str]:
        """Every number of the block, ascending."""
        return [str(self.first + i) for i in range(self.count)]


# kind -> (Plivo "type", Plivo "sub_type")
KINDS: dict[str, tuple[str, str]] = {
    "local": ("fixed", "local"),
    "mobile": ("mobile", "mobile"),
    "tollfree": ("tollfree", "tollfree"),
}

# Countries whose purchases start "pending" until the documents are verified. Plivo's docs use a
# German number for the pending example and legacy docs show France; India needs a compliance
# application but the emulator does not model that review, so IN numbers activate at once.
VERIFICATION_COUNTRIES: frozenset[str] = frozenset({"DE", "FR"})

COUNTRIES: dict[str, Country] = {
    "US": Country("US", "UNITED STATES", "United States", "1"),
    "CA": Country("CA", "CANADA", "Canada", "1"),
    "GB": Country("GB", "UNITED KINGDOM", "United Kingdom", "44"),
    "DE": Country(
        "DE",
        "GERMANY",
        "Germany",
        "49",
        "city-address",
        "A proof of address within the number's city is required before the number is activated.",
    ),
    "FR": Country(
        "FR",
        "FRANCE",
        "France",
        "33",
        "country-address",
        "A proof of address in France is required before the number is activated.",
    ),
    "IN": Country(
        "IN",
        "INDIA",
        "India",
        "91",
        "country-address",
        "An approved compliance application for India (compliance_application_id) is required.",
    ),
    "AU": Country("AU", "AUSTRALIA", "Australia", "61"),
}

_NXX = "23456789"  # NANP exchanges never start with 0 or 1

SF = Place("SAN FRANCISCO", "California", "415", 7, _NXX, "SNFC CNTRL", 722)
NYC = Place("NEW YORK", "New York", "212", 7, _NXX, "NWYRCYZN01", 132)
VANCOUVER = Place("VANCOUVER", "British Columbia", "604", 7, _NXX, "VANCOUVER", 886)
LONDON = Place("LONDON", "Greater London", "20", 8, "378")
BERLIN = Place("BERLIN", "Berlin", "30", 8, "123456789")
PARIS = Place("PARIS", "Ile-de-France", "1", 8, "4567")
BENGALURU = Place("BENGALURU", "Karnataka", "80", 8, "4")
SYDNEY = Place("SYDNEY", "New South Wales", "2", 8, "89")

PLACES: dict[tuple[str, str], tuple[Place, ...]] = {
    ("US", "local"): (
        SF,
        NYC,
        Place("LOS ANGELES", "California", "213", 7, _NXX, "LSAN DA 01", 730),
        Place("AUSTIN", "Texas", "512", 7, _NXX, "AUSTIN", 558),
        Place("CHICAGO", "Illinois", "312", 7, _NXX, "CHICAGOZN1", 358),
        Place("SEATTLE", "Washington", "206", 7, _NXX, "SEATTLE", 674),
        Place("MIAMI", "Florida", "305", 7, _NXX, "MIAMI", 460),
        Place("BOSTON", "Massachusetts", "617", 7, _NXX, "BOSTON", 128),
    ),
    ("US", "tollfree"): tuple(Place(None, None, code, 7, _NXX) for code in ("800", "833", "855", "877")),
    ("CA", "local"): (
        VANCOUVER,
        Place("TORONTO", "Ontario", "416", 7, _NXX, "TORONTO", 888),
        Place("MONTREAL", "Quebec", "514", 7, _NXX, "MONTREAL", 850),
        Place("CALGARY", "Alberta", "403", 7, _NXX, "CALGARY", 884),
    ),
    ("CA", "tollfree"): (Place(None, None, "888", 7, _NXX), Place(None, None, "866", 7, _NXX)),
    ("GB", "local"): (
        LONDON,
        Place("BIRMINGHAM", "West Midlands", "121", 7, "2345"),
        Place("MANCHESTER", "Greater Manchester", "161", 7, "2345"),
        Place("EDINBURGH", "Scotland", "131", 7, "2345"),
        Place("BRIGHTON", "East Sussex", "1273", 6, "23456"),
    ),
    ("GB", "mobile"): (Place(None, None, "7", 9, "45789"),),
    ("GB", "tollfree"): (Place(None, None, "800", 7, "0123"), Place(None, None, "808", 7, "1")),
    ("DE", "local"): (
        BERLIN,
        Place("HAMBURG", "Hamburg", "40", 8, "2345"),
        Place("MUNICH", "Bayern", "89", 8, "2345"),
        Place("FRANKFURT AM MAIN", "Hessen", "69", 9, "2345"),
        Place("COLOGNE", "Nordrhein-Westfalen", "221", 7, "2345"),
    ),
    ("DE", "mobile"): (Place(None, None, "151", 8, "2345"), Place(None, None, "176", 8, "2345")),
    ("DE", "tollfree"): (Place(None, None, "800", 7, "1234"),),
    ("FR", "local"): (
        PARIS,
        Place("LYON", "Auvergne-Rhone-Alpes", "4", 8, "7"),
        Place("BORDEAUX", "Nouvelle-Aquitaine", "5", 8, "5"),
        Place("LILLE", "Hauts-de-France", "3", 8, "2"),
    ),
    ("FR", "mobile"): (Place(None, None, "6", 8, "123456"), Place(None, None, "7", 8, "5678")),
    ("FR", "tollfree"): (Place(None, None, "800", 6, "0123456789"),),
    ("IN", "local"): (
        BENGALURU,
        Place("MUMBAI", "Maharashtra", "22", 8, "4"),
        Place("DELHI", "Delhi", "11", 8, "4"),
        Place("CHENNAI", "Tamil Nadu", "44", 8, "4"),
    ),
    ("IN", "tollfree"): (Place(None, None, "1800", 7, "123"),),
    ("AU", "local"): (
        SYDNEY,
        Place("MELBOURNE", "Victoria", "3", 8, "89"),
        Place("BRISBANE", "Queensland", "7", 8, "3"),
        Place("PERTH", "Western Australia", "8", 8, "6"),
    ),
    ("AU", "mobile"): (Place(None, None, "4", 8, "0123456789"),),
    ("AU", "tollfree"): (Place(None, None, "1800", 6, "0123456789"),),
}

RATES: dict[tuple[str, str], Rates] = {
    ("US", "local"): Rates("0.80000", "0.00000", "0.00850", "0.00000", "0.00000", True, True),
    ("US", "tollfree"): Rates("1.00000", "0.00000", "0.02150", "0.00000", "0.00000", True, False),
    ("CA", "local"): Rates("0.80000", "0.00000", "0.00850", "0.00000", "0.00000", True, False),
    ("CA", "tollfree"): Rates("1.00000", "0.00000", "0.02150", "0.00000", "0.00000", False, False),
    ("GB", "local"): Rates("1.20000", "0.00000", "0.00300", "0.00000", "0.00000", False, False),
    ("GB", "mobile"): Rates("1.50000", "0.00000", "0.00300", "0.00000", "0.00000", True, False),
    ("GB", "tollfree"): Rates("3.00000", "0.00000", "0.03000", "0.00000", "0.00000", False, False),
    ("DE", "local"): Rates("1.50000", "0.00000", "0.00400", "0.00000", "0.00000", False, False),
    ("DE", "mobile"): Rates("4.00000", "0.00000", "0.00400", "0.00000", "0.00000", True, False),
    ("DE", "tollfree"): Rates("15.00000", "10.00000", "0.05000", "0.00000", "0.00000", False, False),
    ("FR", "local"): Rates("1.50000", "0.00000", "0.00400", "0.00000", "0.00000", False, False),
    ("FR", "mobile"): Rates("4.00000", "0.00000", "0.00400", "0.00000", "0.00000", True, False),
    ("FR", "tollfree"): Rates("15.00000", "10.00000", "0.05000", "0.00000", "0.00000", False, False),
    ("IN", "local"): Rates("5.00000", "0.00000", "0.00500", "0.00000", "0.00000", False, False),
    ("IN", "tollfree"): Rates("10.00000", "0.00000", "0.01500", "0.00000", "0.00000", False, False),
    ("AU", "local"): Rates("2.50000", "0.00000", "0.00400", "0.00000", "0.00000", False, False),
    ("AU", "mobile"): Rates("6.00000", "0.00000", "0.00400", "0.00000", "0.00000", True, False),
    ("AU", "tollfree"): Rates("15.00000", "0.00000", "0.03000", "0.00000", "0.00000", False, False),
}

# Numbers that appear in Plivo's own docs and fixtures, with where they live.
DOC_NUMBERS: dict[str, tuple[str, str, Place]] = {
    "14155559186": ("US", "local", SF),
    "14154009186": ("US", "local", SF),
    "441273257545": ("GB", "local", Place("BRIGHTON", "East Sussex", "1273", 6)),
    "4969365065273": ("DE", "local", Place("FRANKFURT AM MAIN", "Hessen", "69", 9)),
    "17609915566": ("US", "local", Place("OCEANSIDE", "California", "760", 7, _NXX, "OCEANSIDE", 732)),
}

BLOCKS: tuple[Block, ...] = (
    Block("us_san_francisco_local", "US", "local", 14155550100, 100, SF),
    Block("us_new_york_local", "US", "local", 12125550100, 100, NYC),
    Block("us_tollfree", "US", "tollfree", 18445550100, 100, Place(None, None, "844", 7)),
    Block("ca_vancouver_local", "CA", "local", 16045550100, 100, VANCOUVER),
    Block("gb_london_local", "GB", "local", 442079460000, 100, LONDON),
    Block("de_berlin_local", "DE", "local", 493090182000, 100, BERLIN),
    Block("fr_paris_local", "FR", "local", 33170189900, 100, PARIS),
    Block("in_bengaluru_local", "IN", "local", 918047180000, 100, BENGALURU),
    Block("au_sydney_local", "AU", "local", 61255500100, 100, SYDNEY),
)

# Generated numbers per (country, kind) on top of the well-known ones.
GENERATED_PER_KIND = 150
