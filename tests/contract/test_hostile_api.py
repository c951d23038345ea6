"""PlivoClient against a hostile API (tests/contract/hostile.py): it never hangs, never follows a
redirect, never counts an unconfirmed purchase, bounds what it reads, and never echoes credentials.

Each test is named after the finding of issue 19 it reproduces. The fake drips at most
``hostile.DRIP_BUDGET`` seconds, so a client that waits it out fails the test instead of hanging it;
``wire.hung_up`` tells whether the client cut the answer off before the fake was done.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from itertools import repeat

import pytest

from plivo_provider import PlivoClient, PlivoError, TransportError
from plivo_provider.api import client as client_module
from plivo_provider.api.client import MAX_ANSWER_BYTES
from plivo_provider.api.config import Settings
from plivo_provider.api.errors import DeadlineError, RedirectError, UnexpectedAnswerError
from plivo_provider.resources.phone_number import PhoneNumberKind
from plivo_provider.resources.purchase import buy_once, find_candidates

from .hostile import DRIP_BUDGET, Answer, HostileAPI, Request, Wire, respond

pytestmark = pytest.mark.contract

AUTH_ID = "MA" + "HOSTILE".ljust(18, "0")
TOKEN = "canary>hostile?token~1"  # its base64 pair holds '/' and '+': the two alphabets differ
NUMBER = "14155550100"
DEADLINE = 0.5  # seconds per attempt; each drip comes sooner than the 2 s per-read timeout
RECORD = {"number": NUMBER, "alias": None, "application": None, "active": True}


@pytest.fixture
def api() -> Iterator[HostileAPI]:
    server = HostileAPI().start()
    yield server
    server.stop()


@pytest.fixture
def elsewhere() -> Iterator[HostileAPI]:
    """A second host, where redirects point: it must never be called."""
    server = HostileAPI().start()
    yield server
    server.stop()


def client_of(api: HostileAPI, *, retries: int = 0) -> PlivoClient:
    settings = Settings(
        auth_id=AUTH_ID,
        auth_token=TOKEN,
        api_url=api.url,
        request_timeout=2.0,
        max_retries=retries,
        rate_limit=None,
        call_deadline=DEADLINE,
    )
    return PlivoClient(settings)


def finished(api: HostileAPI) -> list[Wire]:
    """Every answer's wire, once the fake is done writing them."""
    for wire in api.wires:
        assert wire.done.wait(DRIP_BUDGET + 2), "the fake did not finish its answer"
    return api.wires


def spaces() -> Iterator[bytes]:
    return repeat(b" ")


# -- finding 1: dripping or endless answers ---------------------------------------------------


def drip_body(request: Request, wire: Wire) -> None:
    wire.send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
    wire.drip(spaces())


def test_finding_1_dripping_body_fails_within_deadline(api: HostileAPI) -> None:
    api.answer = drip_body
    with pytest.raises(DeadlineError) as caught:
        client_of(api, retries=2).get_number(NUMBER)
    message = str(caught.value)
    assert f"within the {DEADLINE:g} s deadline" in message
    assert f"(GET /v1/Account/{AUTH_ID}/Number/{NUMBER}/)" in message
    assert "\n" not in message
    wires = finished(api)
    assert len(wires) == 1  # an attempt cut by the deadline is not retried
    assert wires[0].hung_up  # the client cut it off; it did not wait for the fake to give up


def test_finding_1_dripping_headers_fail_within_deadline(api: HostileAPI) -> None:
    def drip_headers(request: Request, wire: Wire) -> None:
        wire.send("HTTP/1.1 200 OK\r\nX-Slow: ")
        wire.drip(repeat(b"x"))

    api.answer = drip_headers
    with pytest.raises(DeadlineError, match="deadline"):
        client_of(api).get_number(NUMBER)
    assert finished(api)[0].hung_up


def test_finding_1_endless_chunked_body_fails_within_deadline(api: HostileAPI) -> None:
    def endless(request: Request, wire: Wire) -> None:
        wire.send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        wire.drip(repeat(b"1\r\n \r\n"))

    api.answer = endless
    with pytest.raises(DeadlineError):
        client_of(api).search_phone_numbers("US")
    assert finished(api)[0].hung_up


def test_finding_1_purchase_cut_by_the_deadline_is_ambiguous(api: HostileAPI) -> None:
    """The purchase is not "not bought": the account is asked, and shows the number."""

    def answer(request: Request, wire: Wire) -> None:
        if request.method == "POST":
            drip_body(request, wire)
        else:
            respond(wire, 200, RECORD)

    api.answer = answer
    assert buy_once(client_of(api, retries=3), NUMBER, {}, sleep=lambda _: None) is True
    assert [(r.method, r.path.split("/")[-2]) for r in api.requests] == [("POST", NUMBER), ("GET", NUMBER)]
    assert finished(api)[0].hung_up


# -- finding 2: redirects, and what counts as a purchase ---------------------------------------


def redirect_to(target: str, status: int) -> Answer:
    """Every call is redirected to ``target``, except the account check of a purchase (404)."""

    def answer(request: Request, wire: Wire) -> None:
        if request.method == "GET" and request.path.startswith(f"/v1/Account/{AUTH_ID}/Number/"):
            respond(wire, 404, {"api_id": "x", "error": "not found"})
        else:
            respond(wire, status, {}, {"Location": f"{target}/v1/Account/{AUTH_ID}/elsewhere/"})

    return answer


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_finding_2_redirect_is_an_error_naming_the_location(
    api: HostileAPI, elsewhere: HostileAPI, status: int
) -> None:
    api.answer = redirect_to(elsewhere.url, status)
    with pytest.raises(RedirectError) as caught:
        client_of(api, retries=2).search_phone_numbers("US")
    assert f"redirect to {elsewhere.url}/v1/Account/{AUTH_ID}/elsewhere/" in str(caught.value)
    assert f"HTTP {status}" in str(caught.value)
    assert elsewhere.requests == []
    assert len(api.requests) == 1


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_finding_2_redirected_purchase_is_not_counted_as_bought(
    api: HostileAPI, elsewhere: HostileAPI, status: int
) -> None:
    api.answer = redirect_to(elsewhere.url, status)
    with pytest.raises(RedirectError, match=f"{NUMBER} was not bought"):
        buy_once(client_of(api), NUMBER, {}, sleep=lambda _: None)
    assert elsewhere.requests == []
    # Ambiguous, as documented: the account was asked before deciding.
    assert [r.method for r in api.requests] == ["POST", "GET"]


def test_redirected_purchase_that_the_account_shows_counts_as_bought(api: HostileAPI) -> None:
    def answer(request: Request, wire: Wire) -> None:
        if request.method == "POST":  # Post/Redirect/Get: done, see the result there
            respond(wire, 303, {}, {"Location": "/v1/Account/x/Number/14155550100/"})
        else:
            respond(wire, 200, RECORD)

    api.answer = answer
    assert buy_once(client_of(api), NUMBER, {}, sleep=lambda _: None) is True


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (200, {"numbers": [{"number": NUMBER, "status": "Success"}]}),
        (202, {"numbers": [{"number": NUMBER, "status": "Success"}]}),
        (201, {"message": "created"}),
        (201, {"numbers": [{"number": "14155550199", "status": "Success"}]}),
        (201, {"numbers": [{"number": NUMBER}]}),
        (201, {"numbers": "14155550100"}),
        (204, ""),
    ],
)
def test_finding_2_purchase_counts_only_on_201_with_the_number(
    api: HostileAPI, status: int, body: object
) -> None:
    api.answer = lambda request, wire: respond(wire, status, body)
    with pytest.raises(UnexpectedAnswerError, match="not what this call expects"):
        client_of(api).buy_phone_number(NUMBER)


def test_a_confirmed_purchase_returns_the_number_and_its_status(api: HostileAPI) -> None:
    api.answer = lambda request, wire: respond(
        wire, 201, {"numbers": [{"number": NUMBER, "status": "pending"}]}
    )
    assert client_of(api).buy_phone_number(NUMBER) == {"number": NUMBER, "status": "pending"}


# -- finding 8: answers of the wrong shape, and garbage ---------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        [1, 2, 3],
        {"objects": [1, "x", None]},
        {"objects": [{"number": 14155550100}]},
        {"objects": [{"number": "../../Application"}]},
        {"objects": "14155550100"},
        {"meta": {"total_count": 0}},
        {"objects": [], "meta": ["next"]},
        {"objects": [{"number": NUMBER}], "meta": {"total_count": "lots", "next": "x"}},
    ],
)
def test_finding_8_odd_list_items_are_one_line_plivo_errors(api: HostileAPI, body: object) -> None:
    api.answer = lambda request, wire: respond(wire, 200, body)
    client = client_of(api)
    with pytest.raises(UnexpectedAnswerError) as caught:
        find_candidates(PhoneNumberKind(), client, {"country_iso": "US"})  # where a TypeError came from
    assert "(GET /v1/Account/" in str(caught.value)
    with pytest.raises(UnexpectedAnswerError):
        list(client.list_numbers(alias="marker"))


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[" * 100_000 + b"]" * 100_000, b"\xff\xfe\x00garbage", b'"a string"', b"null"],
    ids=["garbled", "deeply-nested", "not-text", "a-string", "null"],
)
def test_malformed_json_is_a_one_line_error(api: HostileAPI, body: bytes) -> None:
    api.answer = lambda request, wire: respond(wire, 200, body)
    with pytest.raises(UnexpectedAnswerError, match=f"Plivo answered with a body .*GET .*/Number/{NUMBER}/"):
        client_of(api).get_number(NUMBER)


def test_a_record_without_its_id_is_refused(api: HostileAPI) -> None:
    api.answer = lambda request, wire: respond(wire, 200, {"alias": "x"})
    with pytest.raises(UnexpectedAnswerError, match="has no 'number'"):
        client_of(api).get_number(NUMBER)


# -- finding 9: credentials echoed back ---------------------------------------------------------


def test_finding_9_echoed_authorization_header_is_scrubbed(api: HostileAPI) -> None:
    pair = f"{AUTH_ID}:{TOKEN}".encode()
    forms = [base64.b64encode(pair).decode(), base64.urlsafe_b64encode(pair).decode()]
    assert forms[0] != forms[1]

    def echo(request: Request, wire: Wire) -> None:
        text = f"bad header {request.headers['authorization']!r}; url-safe {forms[1]}; token {TOKEN}"
        respond(wire, 401, {"api_id": "x", "error": text})

    api.answer = echo
    with pytest.raises(PlivoError) as caught:
        client_of(api).get_number(NUMBER)
    message = str(caught.value)
    assert f"Basic {forms[0]}" == api.requests[0].headers["authorization"]  # it was echoed ...
    assert "bad header 'Basic ***" in message  # ... and scrubbed
    for secret in (*forms, *(form.rstrip("=") for form in forms), TOKEN):
        assert secret not in message


def test_server_text_is_quoted_on_one_line(api: HostileAPI) -> None:
    text = "line one\nline two\u2028three \u202eevil\x00" + "x" * 5000
    api.answer = lambda request, wire: respond(wire, 400, {"error": text})
    with pytest.raises(PlivoError) as caught:
        client_of(api).get_number(NUMBER)
    message = str(caught.value)
    assert message.isprintable()
    assert "line one line two three evil" in message
    assert len(message) < 1000


# -- finding 10: answers without bounds -------------------------------------------------------

FIFTY_MB = 50 * 1024 * 1024


def test_finding_10_huge_declared_body_is_refused_at_the_cap(api: HostileAPI) -> None:
    def huge(request: Request, wire: Wire) -> None:
        wire.send(f"HTTP/1.1 200 OK\r\nContent-Length: {FIFTY_MB}\r\n\r\n")
        for _ in range(FIFTY_MB // (1024 * 1024)):
            if not wire.send(b"0" * (1024 * 1024)):
                return

    api.answer = huge
    with pytest.raises(UnexpectedAnswerError, match=f"larger than {MAX_ANSWER_BYTES // 2**20} MiB"):
        client_of(api).get_number(NUMBER)
    assert finished(api)[0].hung_up


def test_finding_10_huge_chunked_body_is_refused_at_the_cap(api: HostileAPI) -> None:
    piece = 1024 * 1024

    def huge(request: Request, wire: Wire) -> None:
        wire.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        for _ in range(FIFTY_MB // piece):
            if not wire.send(f"{piece:x}\r\n".encode() + b"[" * piece + b"\r\n"):
                return
        wire.send(b"0\r\n\r\n")

    api.answer = huge
    with pytest.raises(UnexpectedAnswerError, match="larger than"):
        client_of(api).search_phone_numbers("US")
    assert finished(api)[0].hung_up


def test_a_compressed_bomb_is_refused_at_the_cap(api: HostileAPI) -> None:
    import gzip

    bomb = gzip.compress(b" " * (MAX_ANSWER_BYTES + 1024 * 1024))
    api.answer = lambda request, wire: respond(wire, 200, bomb, {"Content-Encoding": "gzip"})
    with pytest.raises(UnexpectedAnswerError, match="larger than"):
        client_of(api).get_number(NUMBER)


def test_an_honest_compressed_answer_is_read(api: HostileAPI) -> None:
    import gzip

    body = gzip.compress(json.dumps(RECORD).encode())
    api.answer = lambda request, wire: respond(wire, 200, body, {"Content-Encoding": "gzip"})
    assert client_of(api).get_number(NUMBER)["number"] == NUMBER
    assert api.requests[0].headers["accept-encoding"] == "identity"


def test_a_client_whose_call_was_cut_keeps_working(api: HostileAPI) -> None:
    """The watchdog cuts only the attempt past its deadline, not the next call's connection."""
    answers = iter([drip_body, lambda request, wire: respond(wire, 200, RECORD)])
    api.answer = lambda request, wire: next(answers)(request, wire)
    client = client_of(api)
    with pytest.raises(TransportError):
        client.get_number(NUMBER)
    assert client.get_number(NUMBER)["number"] == NUMBER


def test_a_huge_retry_after_is_held_to_the_back_off_cap(api: HostileAPI) -> None:
    """A server's Retry-After never holds a call longer than the back-off cap (30 s)."""
    from urllib3.response import HTTPResponse

    from plivo_provider.api.client import _retry

    retry = _retry(client_of(api).settings, idempotent=True)
    told = HTTPResponse(status=429, headers={"Retry-After": "100000"})
    assert retry.get_retry_after(told) == retry.backoff_max == 30


def test_finding_3_connection_refused_never_shows_credentials_of_the_url() -> None:
    """resolve_settings refuses such a URL; a Settings built by hand still never prints them."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = "canary-url-token-4e"  # fit for a URL's user info, unlike TOKEN
    url = f"http://{AUTH_ID}:{token}@127.0.0.1:{port}"
    with pytest.raises(TransportError) as caught:
        PlivoClient(Settings(auth_id=AUTH_ID, auth_token=token, api_url=url)).get_number(NUMBER)
    assert "connection refused" in str(caught.value)
    assert token not in str(caught.value)


def test_a_listing_whose_pages_never_end_stops_at_the_bound(api: HostileAPI, monkeypatch) -> None:
    monkeypatch.setattr(client_module, "MAX_LISTED", 60)
    page = {
        "meta": {"limit": 20, "offset": 0, "next": "/v1/next", "total_count": 10**9},
        "objects": [{"number": f"1415555{i:04d}"} for i in range(20)],
    }
    api.answer = lambda request, wire: respond(wire, 200, page)
    client = client_of(api)
    with pytest.raises(UnexpectedAnswerError, match="listed more than 60"):
        list(client.list_numbers())
    assert len(api.requests) == 3  # 60 objects, then the bound: no fourth page
