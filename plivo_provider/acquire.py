"""plivo_provider.acquire: get a number into the account exactly once.

Rules this module keeps, because numbers are billed monthly and some cannot be bought back:

* a purchase is never sent twice blindly: after an ambiguous failure (timeout,
  dropped connection, 5xx) the account is asked (``GET Number/{n}/``) and the
  purchase is repeated only when the number is proven not bought;
* a declared number the account already rents is adopted, not bought;
* a number bought by criteria gets its marker alias right away, so a re-run
  after a crash finds and adopts it instead of buying another.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .client import PlivoClient
from .console import note
from .errors import (
    NotFoundError,
    OutcomeUnknownError,
    PlivoError,
)
from .models import AccountNumber, AvailableNumber
from .numbering import region_of
from .once import at_most_once
from .planning import settings_to_send
from .schema import AFTER_BUY_FIELDS, BUY_FIELDS, PHONE_NUMBER, PRICE_CAPS, SEARCH_FIELDS, describe_criteria
from .state import outputs_from_record

SEARCH_PAGES = 3  # at most 3 pages of candidates per criteria purchase


class Claims:
    """Numbers this provider is buying right now or has bought, shared by its resources.

    Resources with identical criteria are created concurrently (the host runs up to
    four operations at once) and must not race for one number. Thread-safe.
    """

    def __init__(self) -> None:
        self._numbers: set[str] = set()
        self._lock = threading.Lock()

    def take(self, number: str) -> bool:
        """Claim ``number``; False when another resource already has."""
        with self._lock:
            if number in self._numbers:
                return False
            self._numbers.add(number)
            return True

    def __contains__(self, number: object) -> bool:
        with self._lock:
            return number in self._numbers


@dataclass(frozen=True)
class Acquired:
    """The outcome of acquiring a number: its record, and ``purchased`` or ``adopted``."""

    record: AccountNumber
    acquired: str
    setup_rate: str | None = None


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


def _buy_fields(inputs: Mapping[str, Any]) -> dict[str, Any]:
    return {key: inputs[key] for key in BUY_FIELDS if inputs.get(key) is not None}


def _apply_declared(client: PlivoClient, record: AccountNumber, inputs: Mapping[str, Any]) -> AccountNumber:
    """Bring an adopted number to the declared settings and say what changed."""
    current = outputs_from_record(record, {}, "adopted")
    body = settings_to_send(current, inputs)
    number = record["number"]
    if not body:
        return record
    changes = ", ".join(
        f"{key} {current.get(key)!r} -> {value or None!r}" for key, value in sorted(body.items())
    )
    note(f"{number}: applying declared settings to the adopted number: {changes}")
    client.update_number(number, **body)
    return client.get_number(number)


def acquire_number(client: PlivoClient, number: str, inputs: Mapping[str, Any]) -> Acquired:
    """Buy the declared ``number``, or adopt it when the account already rents it."""
    if buy_once(client, number, _buy_fields(inputs)):
        post_buy = {key: inputs[key] for key in AFTER_BUY_FIELDS if inputs.get(key)}
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
    note(
        f"{number} is already in the account: adopted without buying. Destroying this resource "
        "will release it; use retain_on_delete=True if another stack or team relies on it."
    )
    return Acquired(_apply_declared(client, record, inputs), "adopted")


# -- buying by criteria -------------------------------------------------------------


def _search_filters(inputs: Mapping[str, Any]) -> dict[str, str]:
    """Plivo's search parameters for the criteria (the country goes separately)."""
    filters: dict[str, str] = {}
    for key in SEARCH_FIELDS:
        value = inputs.get(key)
        if key != "country_iso" and value:
            filters[PHONE_NUMBER[key].wire_name] = ",".join(value) if isinstance(value, list) else str(value)
    return filters


def _affordable(candidate: Mapping[str, Any], inputs: Mapping[str, Any]) -> bool:
    for cap_key, rate_key in PRICE_CAPS.items():
        cap = inputs.get(cap_key)
        if cap is not None and Decimal(str(candidate.get(rate_key) or "0")) > Decimal(cap):
            return False
    return True


def find_candidates(client: PlivoClient, inputs: Mapping[str, Any]) -> tuple[list[AvailableNumber], int]:
    """Numbers for sale matching the criteria and price caps; also how many were too expensive."""
    found: list[AvailableNumber] = []
    filters = _search_filters(inputs)
    size = client.page_size
    for page in range(SEARCH_PAGES):
        batch = client.search_phone_numbers(inputs["country_iso"], filters, limit=size, offset=page * size)
        found.extend(batch)
        if len(batch) < size:
            break
    affordable = [candidate for candidate in found if _affordable(candidate, inputs)]
    return affordable, len(found) - len(affordable)


def _claim_order(candidates: list[AvailableNumber], claim_key: str) -> list[AvailableNumber]:
    # A per-resource order spreads concurrent siblings over different first choices.
    ordered = list(candidates)
    random.Random(claim_key).shuffle(ordered)
    return ordered


def _recover_marked(client: PlivoClient, marker: str) -> AccountNumber | None:
    """A number an earlier, interrupted run bought for this resource (found by its marker alias)."""
    matches = list(client.list_numbers(alias=marker))
    if len(matches) > 1:
        numbers = ", ".join(match["number"] for match in matches)
        raise PlivoError(
            f"several numbers carry the claim alias {marker!r} ({numbers}); keep one with "
            "number=<it> and release or re-alias the others in the Plivo console"
        )
    return matches[0] if matches else None


def acquire_by_criteria(client: PlivoClient, inputs: Mapping[str, Any], claims: Claims) -> Acquired:
    """Search, then buy the first candidate still for sale and not claimed by a sibling.

    The number is pinned from then on.
    """
    marker = str(inputs.get("claim_key") or "")
    if marker:
        recovered = _recover_marked(client, marker)
        if recovered is not None:
            note(f"{recovered['number']} carries alias {marker!r}: adopted (an earlier run bought it)")
            return Acquired(_apply_declared(client, recovered, inputs), "adopted")
    candidates, too_expensive = find_candidates(client, inputs)
    for candidate in _claim_order(candidates, marker):
        number = candidate["number"]
        if not claims.take(number) or not buy_once(client, number, _buy_fields(inputs)):
            continue
        _after_criteria_buy(client, number, marker, inputs, candidate)
        return Acquired(client.get_number(number), "purchased", candidate.get("setup_rate"))
    priced_out = f"; {too_expensive} more cost above the price cap" if too_expensive else ""
    raise NotFoundError(
        f"no number for sale matches {describe_criteria(inputs)} ({len(candidates)} candidates were "
        f"taken or none were listed{priced_out}); widen the criteria or raise max_monthly_rate",
        status=404,
    )


def _after_criteria_buy(
    client: PlivoClient, number: str, marker: str, inputs: Mapping[str, Any], candidate: AvailableNumber
) -> None:
    # Marker first, in its own call: from here on a crashed run can find this number.
    fields = {"alias": marker} if marker else {}
    if inputs.get("subaccount"):
        fields["subaccount"] = inputs["subaccount"]
    if fields:
        client.update_number(number, **fields)
    if inputs.get("alias") and inputs["alias"] != marker:
        # The declared alias replaces the marker last; the window until state is written is one GET.
        client.update_number(number, alias=inputs["alias"])
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
