"""Buying by criteria against a real emulator: a number taken between search and buy is skipped."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from plivo_provider import NotFoundError, PlivoClient
from plivo_provider.api.config import resolve_settings
from plivo_provider.lifecycle.registry import IdSet
from plivo_provider.resources.phone_number import PhoneNumberKind
from plivo_provider.resources.purchase import acquire_by_criteria

pytestmark = pytest.mark.contract

RIVAL = ("MARIVAL0000000000001", "rival-token")


class RacedClient(PlivoClient):
    """A client whose every search result is bought by a rival account right after it is listed."""

    def __init__(self, emu: Any, steal: int) -> None:
        super().__init__(resolve_settings({}, emu.env()))
        self.emu = emu
        self.steal = steal
        self.stolen: list[str] = []

    def search_phone_numbers(self, country_iso: str, filters: Any = None, **kwargs: Any) -> Any:
        found = super().search_phone_numbers(country_iso, filters, **kwargs)
        for item in found[: self.steal]:
            url = f"{self.emu.url}/v1/Account/{RIVAL[0]}/PhoneNumber/{item['number']}/"
            assert requests.post(url, json={}, auth=RIVAL, timeout=10).status_code == 201
            self.stolen.append(item["number"])
        return found


@pytest.fixture
def rival(emu) -> None:
    emu.control("POST", "accounts", {"auth_id": RIVAL[0], "auth_token": RIVAL[1]})


def test_number_taken_after_search_is_skipped(emu, rival) -> None:
    client = RacedClient(emu, steal=5)
    got = acquire_by_criteria(
        PhoneNumberKind(),
        client,
        {"country_iso": "US", "pattern": "415555010", "claim_key": "p/s/x"},
        IdSet(),
    )
    assert got.acquired == "purchased"
    assert got.record["number"] not in client.stolen
    assert set(emu.owned()) == {got.record["number"]}


def test_every_candidate_taken_is_a_clear_error_and_buys_nothing(emu, rival) -> None:
    client = RacedClient(emu, steal=100)
    with pytest.raises(
        NotFoundError, match="no number for sale matches country_iso='US', pattern='415555010'"
    ):
        acquire_by_criteria(
            PhoneNumberKind(),
            client,
            {"country_iso": "US", "pattern": "415555010", "claim_key": "p/s/y"},
            IdSet(),
        )
    assert emu.owned() == {}
