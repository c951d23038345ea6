"""The field limits of ``plivo_emulator.limits``, as a client meets them: the longest value passes
and one character more is a 400 that names the field and the limit."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests

from plivo_emulator import WELL_KNOWN_NUMBERS
from plivo_emulator.limits import ALIAS_MAX, NAME_MAX, PAGE_MAX, URL_MAX
from plivo_emulator.testing import EmulatorClient

pytestmark = pytest.mark.emulator

Send = Callable[[EmulatorClient, str], requests.Response]


def _alias(emu: EmulatorClient, value: str) -> requests.Response:
    number = WELL_KNOWN_NUMBERS[0]
    assert emu.buy(number).status_code == 201
    return emu.api("POST", f"Number/{number}/", {"alias": value})


def _app_name(emu: EmulatorClient, value: str) -> requests.Response:
    return emu.api("POST", "Application/", {"app_name": value})


def _answer_url(emu: EmulatorClient, value: str) -> requests.Response:
    url = "https://example.com/"
    return emu.api(
        "POST", "Application/", {"app_name": "a", "answer_url": url + "a" * (len(value) - len(url))}
    )


def _trunk_name(emu: EmulatorClient, value: str) -> requests.Response:
    return emu.api("POST", "Zentrunk/Trunk/", {"name": value})


def _subaccount_name(emu: EmulatorClient, value: str) -> requests.Response:
    return emu.api("POST", "Subaccount/", {"name": value})


CASES = [
    ("alias", ALIAS_MAX, _alias),
    ("app_name", NAME_MAX, _app_name),
    ("answer_url", URL_MAX, _answer_url),
    ("name", NAME_MAX, _trunk_name),
    ("name", NAME_MAX, _subaccount_name),
]


@pytest.mark.parametrize(("field", "limit", "send"), CASES, ids=[s.__name__.strip("_") for _, _, s in CASES])
def test_the_longest_value_passes(emu: EmulatorClient, field: str, limit: int, send: Send) -> None:
    response = send(emu, "x" * limit)
    assert response.status_code in (201, 202), response.text


@pytest.mark.parametrize(("field", "limit", "send"), CASES, ids=[s.__name__.strip("_") for _, _, s in CASES])
def test_one_character_more_is_refused(emu: EmulatorClient, field: str, limit: int, send: Send) -> None:
    response = send(emu, "x" * (limit + 1))
    assert response.status_code == 400
    assert response.json()["error"] == f"{field} must be at most {limit} characters"


def test_a_page_holds_at_most_page_max(emu: EmulatorClient) -> None:
    params = {"country_iso": "US"}
    assert (
        len(emu.api("GET", "PhoneNumber/", params={**params, "limit": PAGE_MAX}).json()["objects"])
        == PAGE_MAX
    )
    refused = emu.api("GET", "PhoneNumber/", params={**params, "limit": PAGE_MAX + 1})
    assert refused.status_code == 400
    assert refused.json()["error"] == f"limit must be an integer between 1 and {PAGE_MAX}"
