"""acquire: purchases repeated only when proven not made, with back-off; claims per provider; paging."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Mapping
from typing import Any

import pytest

from plivo_provider import PhoneNumberProvider, PlivoClient, ServerError, TransportError
from plivo_provider.api.config import Settings
from plivo_provider.api.errors import NotFoundError
from plivo_provider.api.models import AccountNumber, AvailableNumber, BuyResult
from plivo_provider.lifecycle.registry import IdSet
from plivo_provider.resources.phone_number import PhoneNumberKind
from plivo_provider.resources.purchase import buy_once, find_candidates

pytestmark = pytest.mark.unit

SETTINGS = Settings(
    auth_id="MAXXXXXXXXXXXXXXXXX1", auth_token="t", api_url="http://127.0.0.1:9", max_retries=3
)


class FailingBuys(PlivoClient):
    """Every purchase fails with ``error``; the account never shows the number."""

    def __init__(self, error: Exception) -> None:
        super().__init__(SETTINGS)
        self.error = error
        self.buys = 0

    def buy_phone_number(self, number: str, **fields: Any) -> BuyResult:
        self.buys += 1
        raise self.error

    def get_number(self, number: str) -> AccountNumber:
        raise NotFoundError("not in the account", status=404)


@pytest.mark.parametrize("error", [ServerError("boom", status=503), TransportError("reset")])
def test_purchases_proven_not_made_raise_the_last_real_error(error: Exception) -> None:
    client = FailingBuys(error)
    sleeps: list[float] = []
    with pytest.raises(type(error)) as caught:
        buy_once(client, "14155550100", {}, sleep=sleeps.append)
    assert client.buys == 4
    assert "14155550100 was not bought" in str(caught.value)
    assert "last: " + str(error.args[0]) in str(caught.value)


def test_purchase_retries_back_off_on_the_client_schedule() -> None:
    client = FailingBuys(ServerError("boom", status=503))
    sleeps: list[float] = []
    with pytest.raises(ServerError):
        buy_once(client, "14155550100", {}, sleep=sleeps.append)
    assert len(sleeps) == 3  # between 4 attempts
    assert sleeps[0] == 0  # urllib3: the first repeat is immediate
    assert 1.0 <= sleeps[1] <= 1.25
    assert 2.0 <= sleeps[2] <= 2.25


def test_backoff_is_capped() -> None:
    assert PlivoClient(SETTINGS).backoff(20) == 30


def test_claims_hand_a_number_to_one_taker_only() -> None:
    claims = IdSet()
    results: list[bool] = []
    barrier = threading.Barrier(8)

    def take() -> None:
        barrier.wait()
        results.append(claims.take("14155550100"))

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True]


class StaleListing(PlivoClient):
    """Plivo as concurrent creates see it: every search lists the three numbers that were for sale
    before anyone bought; each number sells once, and a second buy of it answers 404."""

    FOR_SALE = ("14155550100", "14155550101", "14155550102")

    def __init__(self) -> None:
        super().__init__(SETTINGS)
        self.attempts: list[str] = []

    def search_phone_numbers(
        self, country_iso: str, filters: Mapping[str, str] | None = None, *, limit: int = 20, offset: int = 0
    ) -> list[AvailableNumber]:
        return [AvailableNumber(number=n) for n in self.FOR_SALE] if offset == 0 else []

    def buy_phone_number(self, number: str, **fields: Any) -> BuyResult:
        self.attempts.append(number)
        if self.attempts.count(number) > 1:
            raise NotFoundError(f"{number} is not for sale", status=404)
        return BuyResult(number=number, status="Success")

    def get_number(self, number: str) -> AccountNumber:
        return AccountNumber(number=number)


def provider_on(account: PlivoClient) -> PhoneNumberProvider:
    provider = PhoneNumberProvider()
    provider.client = lambda: account  # type: ignore[method-assign]
    return provider


def test_each_provider_has_its_own_claims() -> None:
    account = StaleListing()
    first, second = provider_on(account), provider_on(account)
    by_criteria = {"country_iso": "US", "pattern": "415"}
    mine = {first.create(dict(by_criteria)).id, first.create(dict(by_criteria)).id}
    assert len(mine) == 2  # siblings of one provider never race for one number
    other = second.create(dict(by_criteria)).id
    assert other not in mine
    # The second provider asked Plivo for the first's numbers too (answered 404): claims are not shared.
    assert Counter(account.attempts) == {**dict.fromkeys(mine, 2), other: 1}


class PagedSearch(PlivoClient):
    """Search answers full pages forever; records the (limit, offset) asked for."""

    page_size = 2

    def __init__(self) -> None:
        super().__init__(SETTINGS)
        self.asked: list[tuple[int, int]] = []

    def search_phone_numbers(
        self, country_iso: str, filters: Mapping[str, str] | None = None, *, limit: int = 20, offset: int = 0
    ) -> list[AvailableNumber]:
        self.asked.append((limit, offset))
        return [AvailableNumber(number=f"1415555{offset + i:04d}") for i in range(limit)]


def test_search_pages_use_the_client_page_size() -> None:
    client = PagedSearch()
    found, priced_out = find_candidates(PhoneNumberKind(), client, {"country_iso": "US"})
    assert client.asked == [(2, 0), (2, 2), (2, 4)]
    assert (len(found), priced_out) == (6, 0)
