"""PlivoClient against a real emulator over HTTP: shapes, errors, retries, timeouts."""

from __future__ import annotations

import logging
import socket

import pytest

from plivo_provider import (
    AuthenticationError,
    NotFoundError,
    PlivoClient,
    RateLimitedError,
    ServerError,
    TransportError,
    UnreachableError,
    ValidationError,
)
from plivo_provider.api.config import resolve_settings
from tests.harness.ledger import SMS_APP, VOICE_APP

pytestmark = pytest.mark.contract


def client_for(emu, **overrides: str) -> PlivoClient:
    env = {**emu.env(), **overrides}
    return PlivoClient(resolve_settings({}, env))


def test_search_buy_get_update_release(emu) -> None:
    client = client_for(emu)
    found = client.search_phone_numbers("US", {"pattern": "415555"})
    assert "14155550100" in [item["number"] for item in found]
    bought = client.buy_phone_number("14155550100", app_id=VOICE_APP)
    assert bought == {"number": "14155550100", "status": "Success"}
    record = client.get_number("14155550100")
    assert record["application"].rstrip("/").endswith(f"/Application/{VOICE_APP}")
    client.update_number("14155550100", alias="support", app_id=SMS_APP)
    record = client.get_number("14155550100")
    assert (record["alias"], record["application"].rstrip("/").rsplit("/", 1)[-1]) == ("support", SMS_APP)
    client.update_number("14155550100", app_id="")
    assert client.get_number("14155550100")["application"] is None
    assert [n["number"] for n in client.list_numbers()] == ["14155550100"]
    client.release_number("14155550100")
    with pytest.raises(NotFoundError):
        client.get_number("14155550100")


def test_pending_purchase_for_verification_country(emu) -> None:
    assert client_for(emu).buy_phone_number("4969365065273")["status"] == "pending"


def test_list_follows_pagination(emu) -> None:
    client = client_for(emu)
    numbers = [f"1415555{n:04d}" for n in range(100, 125)]
    for number in numbers:
        client.buy_phone_number(number)
    assert sorted(n["number"] for n in client.list_numbers()) == numbers


def test_bad_credentials_raise_authentication_error_without_the_token(emu) -> None:
    client = client_for(emu, PLIVO_AUTH_TOKEN="wrong-canary-77")
    with pytest.raises(AuthenticationError) as caught:
        client.get_number("14155550100")
    assert caught.value.status == 401
    assert "wrong-canary-77" not in str(caught.value)
    assert "plivo:authToken" in str(caught.value)


def test_not_for_sale_is_not_found(emu) -> None:
    client = client_for(emu)
    client.buy_phone_number("14155550100")
    with pytest.raises(NotFoundError) as caught:
        client.buy_phone_number("14155550100")
    assert caught.value.status == 404
    assert caught.value.api_id


def test_unknown_app_is_a_validation_error(emu) -> None:
    with pytest.raises((ValidationError, NotFoundError)) as caught:
        client_for(emu).buy_phone_number("14155550100", app_id="99999999999999999")
    assert caught.value.status in (400, 404)
    assert "14155550100" not in emu.owned()


@pytest.fixture
def closed_port() -> int:
    """A loopback port that was just listening and is now closed: connecting is refused."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return int(listener.getsockname()[1])


def test_refused_connection_fails_soon_and_says_so(
    emu, closed_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"http://127.0.0.1:{closed_port}"
    client = client_for(emu, PLIVO_API_URL=url, PLIVO_MAX_RETRIES="5")
    with (
        caplog.at_level(logging.WARNING, logger="urllib3.connectionpool"),
        pytest.raises(UnreachableError) as caught,
    ):
        client.get_number("14155550100")
    assert str(caught.value).startswith(f"connection refused: is the emulator / API reachable at {url}?")
    retries = [r for r in caplog.records if r.getMessage().startswith("Retrying")]
    assert len(retries) == 1  # one immediate retry, not the budget of 5 with back-off


def test_refused_purchase_is_not_followed_by_an_account_check(emu, closed_port: int) -> None:
    from plivo_provider.resources.purchase import buy_once

    client = client_for(emu, PLIVO_API_URL=f"http://127.0.0.1:{closed_port}")
    with pytest.raises(UnreachableError, match="connection refused"):
        buy_once(client, "14155550100", {})


def test_slow_answer_times_out(emu) -> None:
    emu.faults(latency_ms=1500)
    client = client_for(emu, PLIVO_REQUEST_TIMEOUT="0.3", PLIVO_MAX_RETRIES="0")
    with pytest.raises(TransportError, match=r"no answer within 0\.3 s"):
        client.get_number("14155550100")


def test_rate_limit_is_retried_with_retry_after(emu) -> None:
    emu.faults(rate_limit="2/1")
    client = client_for(emu, PLIVO_MAX_RETRIES="5")
    for _ in range(5):
        client.search_phone_numbers("US", {"pattern": "415555"})
    statuses = [r["status"] for r in emu.requests_log()]
    assert 429 in statuses  # the storm happened ...
    assert statuses.count(200) == 5  # ... and every call got through


def test_rate_limit_past_the_budget_is_reported(emu) -> None:
    emu.faults(rate_limit="1/60")
    client = client_for(emu, PLIVO_MAX_RETRIES="0")
    client.search_phone_numbers("US")
    with pytest.raises(RateLimitedError, match="still rate limited after 0 retries"):
        client.search_phone_numbers("US")


def test_server_errors_on_reads_are_retried_then_reported(emu) -> None:
    emu.faults(error_rate=1.0)
    client = client_for(emu, PLIVO_MAX_RETRIES="2")
    with pytest.raises(ServerError):
        client.get_number("14155550100")
    assert emu.calls("GET", "/Number/14155550100/") == 3


def test_purchase_is_not_resent_after_a_dropped_answer(emu) -> None:
    emu.faults(drop_after_commit=1.0)
    client = client_for(emu, PLIVO_MAX_RETRIES="3")
    with pytest.raises(TransportError):
        client.buy_phone_number("14155550100")
    assert emu.calls("POST", "/PhoneNumber/14155550100/") == 1
    assert "14155550100" in emu.owned()


def test_purchase_is_not_resent_after_a_server_error(emu) -> None:
    emu.faults(error_rate=1.0)
    client = client_for(emu, PLIVO_MAX_RETRIES="3")
    with pytest.raises(ServerError):
        client.buy_phone_number("14155550100")
    assert emu.calls("POST", "/PhoneNumber/14155550100/") == 1
