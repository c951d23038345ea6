"""plivo_provider.resources.purchase: get a number into the account exactly once.

Rules this module keeps, because numbers are billed monthly and some cannot be bought back:

* a purchase is never sent twice blindly: after an ambiguous failure (timeout,
  dropped connection, 5xx) the account is asked (``GET Number/{n}/``) and the
  purchase is repeated only when the number is proven not bought;
* a declared number the account already rents is adopted, not bought;
* every number carries its resource's claim tag in its alias (:mod:`.claims`); one bought by
  criteria gets it in the first call after the purchase, and a journal on this machine covers
  the moment in between, so a re-run after a crash or a ``state delete`` adopts the number
  instead of buying another, and never adopts one another stack instance holds.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from ..api.client import PlivoClient
from ..api.errors import (
    NotFoundError,
    OutcomeUnknownError,
    PlivoError,
)
from ..api.models import AccountNumber, AvailableNumber
from ..inputs.numbering import region_of, split
from ..lifecycle.claims import Claim, Journal, claim_of, split_alias
from ..lifecycle.console import note
from ..lifecycle.once import at_most_once
from ..lifecycle.provider import Acquired
from ..lifecycle.registry import IdSet

SEARCH_PAGES = 3  # at most 3 pages of candidates per criteria purchase


class NumberTable(Protocol):
    """What buying needs from PhoneNumber's field table (:mod:`.phone_number` gives it)."""

    def buy_fields(self, inputs: Mapping[str, Any]) -> dict[str, Any]:
        """What the purchase request carries."""
        ...

    def after_buy_fields(self, inputs: Mapping[str, Any], *, tag: bool) -> dict[str, Any]:
        """What the update right after the purchase carries (``tag``: the claim tag even alone)."""
        ...

    def search_filters(self, inputs: Mapping[str, Any]) -> dict[str, str]:
        """Plivo's search parameters for the criteria (the country goes separately)."""
        ...

    def affordable(self, candidate: Mapping[str, Any], inputs: Mapping[str, Any]) -> bool:
        """Whether an offer is within the declared price caps."""
        ...

    def describe(self, inputs: Mapping[str, Any]) -> str:
        """The criteria, for messages."""
        ...

    def apply_declared(
        self, client: PlivoClient, record: AccountNumber, inputs: Mapping[str, Any]
    ) -> AccountNumber:
        """Bring an adopted number to the declared settings (and this resource's claim tag)."""
        ...


def buy_once(
    client: PlivoClient,
    number: str,
    fields: Mapping[str, Any],
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> bool:
    """Buy ``number``; True when it is now ours, False when Plivo says it is not for sale.

    An ambiguous failure is followed by asking the account; only a purchase proven not
    to have happened is repeated, after the client's back-off (:func:`.once.at_most_once`).

    :raises OutcomeUnknownError: the purchase may have happened and the account could not be asked.
    :raises TransportError: or :class:`ServerError`: every attempt was proven not to have
        bought the number; the last attempt's error, saying so.
    """

    def buy() -> bool:
        try:
            client.buy_phone_number(number, **fields)
        except NotFoundError:
            return False
        return True

    def bought(cause: PlivoError) -> bool | None:
        # The purchase went through and its answer was lost, or it is proven not made (None).
        return True if _owned(client, number, cause) is not None else None

    return at_most_once(client, f"{number} was not bought", buy, bought, sleep=sleep)


def _owned(client: PlivoClient, number: str, cause: PlivoError) -> AccountNumber | None:
    try:
        return client.get_number(number)
    except NotFoundError:
        return None
    except PlivoError as exc:
        raise OutcomeUnknownError(
            f"{number}: the purchase may have gone through ({cause}) and the account could not be "
            f"asked ({exc}). Nothing will be bought again: run `pulumi refresh` then `pulumi up`, "
            "and the provider adopts the number if the purchase happened."
        ) from None


def acquire_number(
    table: NumberTable, client: PlivoClient, number: str, inputs: Mapping[str, Any]
) -> Acquired:
    """Buy the declared ``number``, or adopt it when the account already rents it.

    A declared number may be adopted whoever claimed it before: the program names it. The
    claim then moves to this resource, and the former holder's delete keeps the number.
    """
    if buy_once(client, number, table.buy_fields(inputs)):
        post_buy = table.after_buy_fields(inputs, tag=False)
        if post_buy:
            client.update_number(number, **post_buy)
        return Acquired(client.get_number(number), "purchased")
    try:
        record = client.get_number(number)
    except NotFoundError:
        country = region_of(number) or "<ISO code>"
        raise NotFoundError(
            f"{number} is not for sale: it is not in Plivo's inventory or another account rents it. "
            f"Pick another number (see `python -m plivo_provider search --country {country}`)",
            status=404,
        ) from None
    held = split_alias(record.get("alias"))[1]
    own = claim_of(inputs)
    if held is not None and own is not None and held != own:
        note(f"{number} carried the claim {held} of another resource: adopted, and its claim moves here")
    else:
        note(
            f"{number} is already in the account: adopted without buying. Destroying this resource "
            "will release it; use retain_on_delete=True if another stack or team relies on it."
        )
    return Acquired(table.apply_declared(client, record, inputs), "adopted")


def find_candidates(
    table: NumberTable, client: PlivoClient, inputs: Mapping[str, Any]
) -> tuple[list[AvailableNumber], int]:
    """Numbers for sale matching the criteria and price caps; also how many were too expensive."""
    found: list[AvailableNumber] = []
    filters = table.search_filters(inputs)
    size = client.page_size
    for page in range(SEARCH_PAGES):
        batch = client.search_phone_numbers(inputs["country_iso"], filters, limit=size, offset=page * size)
        found.extend(batch)
        if len(batch) < size:
            break
    affordable = [candidate for candidate in found if table.affordable(candidate, inputs)]
    return affordable, len(found) - len(affordable)


def find_offer(client: PlivoClient, number: str) -> AvailableNumber | None:
    """Plivo's offer for exactly ``number`` (with its prices), or None when it is not for sale."""
    country, parts = region_of(number), split(number)
    if country is None or parts is None:
        return None
    offers = client.search_phone_numbers(country, {"pattern": parts[1]}, limit=client.page_size, offset=0)
    return next((offer for offer in offers if offer.get("number") == number), None)


def _claim_order(candidates: list[AvailableNumber], claim_key: str) -> list[AvailableNumber]:
    # A per-resource order spreads concurrent siblings over different first choices.
    ordered = list(candidates)
    random.Random(claim_key).shuffle(ordered)
    return ordered


class AccountScan:
    """Every number the account rents, listed once per command, for the claim tags they carry.

    The whole account, not the numbers matching the criteria: a resource removed from state
    and declared again with other criteria (or another alias) still finds the number its claim
    marks. One listing serves every criteria purchase of the command (they are created
    concurrently, and the numbers they buy in this run carry their own claims). Thread-safe.
    """

    def __init__(self) -> None:
        self._found: dict[str, list[AccountNumber]] = {}
        self._lock = threading.Lock()

    def numbers(self, client: PlivoClient) -> list[AccountNumber]:
        account = client.settings.auth_id
        with self._lock:
            if account not in self._found:
                self._found[account] = list(client.list_numbers())
            return self._found[account]


def _claimed(
    records: list[AccountNumber], claim: Claim, claim_key: str
) -> tuple[list[AccountNumber], list[AccountNumber]]:
    """Numbers carrying ``claim``, and numbers the same resource of another stack instance claimed.

    A number whose whole alias is the claim key is this resource's too: versions before claim
    tags marked a number bought by criteria that way.
    """
    mine: list[AccountNumber] = []
    rivals: list[AccountNumber] = []
    for record in records:
        held = split_alias(record.get("alias"))[1]
        if held == claim or (held is None and record.get("alias") == claim_key):
            mine.append(record)
        elif held is not None and held.same_resource(claim):
            rivals.append(record)
    return mine, rivals


def _recover(
    client: PlivoClient, inputs: Mapping[str, Any], claim: Claim, scan: AccountScan, journal: Journal
) -> AccountNumber | None:
    """A number this resource already holds at Plivo (an interrupted run, a state delete), or None.

    :raises PlivoError: the same resource of another stack instance holds a number that matches:
        adopting it could share one number between two stacks, buying another could orphan it.
    """
    for number in journal.pending(claim):
        record = _owned_by(client, number, claim)
        if record is not None:
            note(f"{number} was bought for this resource by an interrupted run: adopted, not bought again")
            return record
    journal.forget(claim)
    mine, rivals = _claimed(scan.numbers(client), claim, str(inputs.get("claim_key")))
    if len(mine) > 1:
        numbers = ", ".join(match["number"] for match in mine)
        raise PlivoError(
            f"several numbers carry this resource's claim {claim} ({numbers}); keep one with "
            "number=<it> and release the others in the Plivo console"
        )
    if mine:
        note(f"{mine[0]['number']} carries this resource's claim {claim}: adopted (an earlier run bought it)")
        return mine[0]
    if rivals:
        number = rivals[0]["number"]
        held = split_alias(rivals[0].get("alias"))[1]
        raise PlivoError(
            f"{number} matches these criteria and carries the claim {held} of a resource with this "
            f"name in another instance of stack {_stack_of(inputs)!r} "
            "(another backend, or a stack removed and created again). Nothing was bought. If that "
            f"stack is gone, adopt the number with number='+{number}' instead of criteria, or "
            "release it in the Plivo console; if it is live, give this stack or resource another name"
        )
    return None


def _stack_of(inputs: Mapping[str, Any]) -> str:
    return "/".join(str(inputs.get("claim_key") or "").split("/")[:2])


def _owned_by(client: PlivoClient, number: str, claim: Claim) -> AccountNumber | None:
    """The account's record of ``number`` when it is untagged or carries ``claim``; else None."""
    try:
        record = client.get_number(number)
    except NotFoundError:
        return None
    held = split_alias(record.get("alias"))[1]
    return record if held in (None, claim) else None


def acquire_by_criteria(
    table: NumberTable,
    client: PlivoClient,
    inputs: Mapping[str, Any],
    claims: IdSet,
    scan: AccountScan | None = None,
    journal: Journal | None = None,
) -> Acquired:
    """Adopt the number this resource already holds, or search, then buy the first candidate still
    for sale and not claimed by a sibling.

    The number is pinned from then on.
    """
    claim = claim_of(inputs)
    journal = journal or Journal()
    if claim is not None:
        recovered = _recover(client, inputs, claim, scan or AccountScan(), journal)
        if recovered is not None:
            got = Acquired(table.apply_declared(client, recovered, inputs), "adopted")
            journal.forget(claim)
            return got
    candidates, too_expensive = find_candidates(table, client, inputs)
    for candidate in _claim_order(candidates, str(inputs.get("claim_key") or "")):
        number = candidate["number"]
        if not claims.take(number):
            continue
        if claim is not None:
            journal.intend(claim, number)
        if not buy_once(client, number, table.buy_fields(inputs)):
            if claim is not None:
                journal.forget(claim, [number])
            continue
        _after_criteria_buy(table, client, number, inputs, candidate)
        if claim is not None:
            journal.forget(claim)
        return Acquired(client.get_number(number), "purchased", {"setup_rate": candidate.get("setup_rate")})
    priced_out = f"; {too_expensive} more cost above the price cap" if too_expensive else ""
    raise NotFoundError(
        f"no number for sale matches {table.describe(inputs)} ({len(candidates)} candidates were "
        f"taken or none were listed{priced_out}); widen the criteria or raise max_monthly_rate",
        status=404,
    )


def _after_criteria_buy(
    table: NumberTable,
    client: PlivoClient,
    number: str,
    inputs: Mapping[str, Any],
    candidate: AvailableNumber,
) -> None:
    # The claim tag (with the declared alias) and the subaccount in one call, the first after the
    # purchase: from here on a crashed run finds this number. Until then the journal covers it.
    fields = table.after_buy_fields(inputs, tag=True)
    if fields:
        client.update_number(number, **fields)
    if candidate.get("restriction"):
        note(
            f"{number} needs verification before it can be used ({candidate.get('restriction')}): "
            f"{candidate.get('restriction_text') or 'Plivo e-mails the requirements'}"
        )


def wait_until_active(client: PlivoClient, record: AccountNumber, timeout: float) -> AccountNumber:
    """Poll a pending number until Plivo activates it or ``timeout`` seconds pass (then keep it pending)."""
    deadline = time.monotonic() + timeout
    while not record.get("active", True) and time.monotonic() < deadline:
        time.sleep(min(5.0, max(0.5, timeout / 20)))
        record = client.get_number(record["number"])
    if not record.get("active", True):
        note(f"{record['number']} is still pending verification after {timeout:g} s; it stays in the stack")
    return record
