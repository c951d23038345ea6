"""plivo_provider.client: a small typed client for Plivo's numbers API, on ``requests``.

Every call goes through :meth:`PlivoClient._request`, the one place that talks
HTTP, retries, applies timeouts and turns failures into :mod:`.errors`. There:

* each attempt has a deadline (:mod:`.deadline`, ``Settings.deadline``) for connect, headers
  and body together; an attempt cut by it is not retried (a server that drips once drips again);
* an answer is read up to :data:`MAX_ANSWER_BYTES`, and must be JSON of the shape the call
  expects (:mod:`.models`): anything else is an :class:`~.errors.UnexpectedAnswerError`;
* redirects are never followed: a 3xx is a :class:`~.errors.RedirectError` naming its Location;
* a purchase counts only on HTTP 201 with the number in ``numbers``; any other answer to it is
  ambiguous, so the caller asks the account before buying again.

Retry policy (urllib3 ``Retry``; ``Retry-After`` is honoured when sent):

* reads, updates and releases (``GET``, ``POST Number/{n}/``, ``DELETE``) are
  idempotent: retried on connection errors, read errors, 429 and 5xx;
* a purchase is not: it is retried only when the request provably never took
  effect (connection refused, 429). After a timeout, a dropped connection or a
  5xx the caller must ask the account before buying again. Creating an
  application or a trunk follows the same rule (the caller lists by name);
* a refused or unresolvable connection is retried once, at once, whatever the
  budget: nothing is listening, and waiting would only delay the error.

Pacing (:mod:`.pacing`, ``plivo:rateLimit``, Plivo's 300 / 5 s by default): every
attempt, first or retry, waits for its start from the account's pacer, shared by the
whole process. A 429 pauses that pacer for its ``Retry-After`` (or the back-off), so
every thread waits it out; the retry then starts no earlier than ``Retry-After`` says.
"""

from __future__ import annotations

import base64
import http.client
import json
import sys
import threading
import time
import zlib
from collections.abc import Iterator, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import quote, urlsplit

import requests
import urllib3.exceptions
from urllib3.exceptions import (
    ConnectTimeoutError,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ReadTimeoutError,
)
from urllib3.util.retry import RequestHistory, Retry

from .. import __version__
from . import deadline
from .config import Settings
from .errors import (
    AuthenticationError,
    DeadlineError,
    NotFoundError,
    PlivoError,
    RateLimitedError,
    RedirectError,
    ServerError,
    TransportError,
    UnexpectedAnswerError,
    UnreachableError,
    ValidationError,
)
from .models import (
    AccountNumber,
    Application,
    AvailableNumber,
    BuyResult,
    Endpoint,
    PoolMember,
    Powerpack,
    Shape,
    Trunk,
    anything,
    bought_entry,
    listing,
    powerpack,
    purchase,
    record,
)
from .pacing import Pacer, pacer_for

if TYPE_CHECKING:
    from urllib3.connectionpool import ConnectionPool
    from urllib3.response import BaseHTTPResponse

PAGE_LIMIT = 20  # Plivo's maximum page size for list and search.
MAX_LISTED = 100_000
"""Objects one listing may yield: a bound on pages that never end (a hostile or broken API)."""
MAX_ANSWER_BYTES = 4 * 1024 * 1024
"""The most one answer may hold (after decompression). Plivo's are a few kB: a page is 20 items."""
READ_CHUNK = 64 * 1024
MAX_MESSAGE = 300  # characters of a server's text quoted in an error (error message, Location)
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
_STATUS_ERRORS: dict[int, type[PlivoError]] = {
    400: ValidationError,
    401: AuthenticationError,
    403: AuthenticationError,
    404: NotFoundError,
    405: ValidationError,
    409: ValidationError,
    413: ValidationError,
    422: ValidationError,
    429: RateLimitedError,
}


REFUSED_RETRIES = 1


class _Retry(Retry):
    """urllib3's ``Retry``, except that a connection nobody accepts does not spend the whole budget,
    and that with a pacer every retry waits for its start like a first attempt.

    urllib3 counts a refused (or unresolvable) connection as a connect error, like a
    connect timeout (``NewConnectionError`` subclasses ``ConnectTimeoutError``), and would
    retry it with back-off until the budget is gone: about 17 s for 5 retries. Nothing
    listens there; one immediate retry covers a server that is just restarting.
    """

    pacer: Pacer | None = None

    def new(self, **kw: Any) -> _Retry:
        retry = super().new(**kw)
        retry.pacer = self.pacer
        return retry

    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        if self.pacer is None:
            return super().sleep(response)
        self.pacer.done()  # the attempt that failed has its answer (or error) by now
        if response is not None and response.status == 429:
            # The account's window is full (other processes count too): the whole process waits.
            self.pacer.pause(self.get_retry_after(response) or self.get_backoff_time())
        else:
            super().sleep(response)
        self.pacer.wait()

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: BaseHTTPResponse | None = None,
        error: Exception | None = None,
        _pool: ConnectionPool | None = None,
        _stacktrace: TracebackType | None = None,
    ) -> _Retry:
        pool = cast("ConnectionPool", _pool)
        if isinstance(error, NewConnectionError):
            refused = sum(isinstance(entry.error, NewConnectionError) for entry in self.history)
            if refused >= REFUSED_RETRIES:
                raise MaxRetryError(pool, url, error) from error
        attempt = deadline.current()
        if attempt is not None and attempt.expired:
            raise MaxRetryError(pool, url, error)  # cut by the deadline: waiting again would not help
        if response is not None and _declared_length(response.headers) > MAX_ANSWER_BYTES:
            # Retrying would first read it all (urllib3 drains a retried answer): the caller refuses it.
            raise MaxRetryError(pool, url, error)
        return super().increment(method, url, response, error, _pool, _stacktrace)

    def get_retry_after(self, response: BaseHTTPResponse) -> float | None:
        # The server's Retry-After, at most the back-off cap: no answer holds a call (and the
        # stack lock) for as long as it likes.
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, self.backoff_max)


def _retry(settings: Settings, *, idempotent: bool, pacer: Pacer | None = None) -> Retry:
    n = settings.max_retries
    retry = _Retry(
        total=n,
        connect=n,
        # A read error on a purchase means "maybe bought": never resend blindly.
        read=n if idempotent else 0,
        status=n,
        other=0,
        allowed_methods=frozenset({"GET", "DELETE", "POST"}),
        status_forcelist=RETRYABLE_STATUSES if idempotent else frozenset({429}),
        backoff_factor=0.5,
        backoff_jitter=0.25,
        backoff_max=30,
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
    )
    retry.pacer = pacer
    return retry


class _Session(requests.Session):
    """A session that never follows a redirect, nor reads one's body.

    ``allow_redirects=False`` alone still has requests read a 3xx body in full, with no cap, to
    prepare ``Response.next``; with no redirect target there is nothing to prepare.
    """

    def get_redirect_target(self, resp: requests.Response) -> None:
        return None


def _session(settings: Settings, *, idempotent: bool, pacer: Pacer | None) -> requests.Session:
    session = _Session()
    session.auth = (settings.auth_id, settings.auth_token)
    session.headers.update(
        {
            "User-Agent": f"plivo-pulumi/{__version__}",
            "Accept": "application/json",
            # Plivo's answers are small; uncompressed, the size cap holds for what is read.
            "Accept-Encoding": "identity",
        }
    )
    # The provider host runs at most 4 operations at once; 8 leaves room for bursts.
    adapter = deadline.DeadlineAdapter(
        max_retries=_retry(settings, idempotent=idempotent, pacer=pacer), pool_maxsize=8
    )
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    # Credentials and endpoint come only from Settings, never from ~/.netrc or proxies in env.
    session.trust_env = False
    return session


class PlivoClient:
    """Client for one Plivo account. Thread-safe; reuse it for connection pooling.

    :param settings: resolved credentials, endpoint, timeout and retry budget.
    """

    page_size = PAGE_LIMIT
    """How many items one list or search call asks for."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._sessions: dict[bool, requests.Session] = {}
        self._lock = threading.Lock()
        limit = settings.rate_limit
        self._pacer = pacer_for(settings.api_url, settings.auth_id, limit) if limit else None

    def __repr__(self) -> str:
        return f"PlivoClient(auth_id={self.settings.auth_id!r}, api_url={self.settings.api_url!r})"

    def close(self) -> None:
        """Close pooled connections."""
        with self._lock:
            for session in self._sessions.values():
                session.close()
            self._sessions.clear()

    def backoff(self, failures: int) -> float:
        """Seconds to wait after ``failures`` consecutive failed attempts at a call.

        The schedule of the HTTP layer's own retries (urllib3 ``Retry``): no wait after
        the first failure, then ``0.5 s * 2^(failures-1)`` plus up to 0.25 s of jitter,
        at most 30 s. For repeats the caller decides on (a purchase proven not made).
        """
        history = tuple(RequestHistory("POST", None, None, None, None) for _ in range(failures))
        return _retry(self.settings, idempotent=False).new(history=history).get_backoff_time()

    # -- numbers for sale -------------------------------------------------

    def search_phone_numbers(
        self,
        country_iso: str,
        filters: Mapping[str, str] | None = None,
        *,
        limit: int = PAGE_LIMIT,
        offset: int = 0,
    ) -> list[AvailableNumber]:
        """Numbers for sale (``GET PhoneNumber/``); ``filters`` as Plivo names them (type, pattern...)."""
        params = {"country_iso": country_iso, "limit": str(limit), "offset": str(offset), **(filters or {})}
        body = self._request("GET", "PhoneNumber/", params=params, shape=listing("number"))
        return cast(list[AvailableNumber], body["objects"])

    def buy_phone_number(self, number: str, **fields: Any) -> BuyResult:
        """Rent ``number`` (``POST PhoneNumber/{n}/``); ``app_id`` absent links the default app.

        It counts as bought only on HTTP 201 listing the number. Not idempotent: after a
        :class:`TransportError` (a lost, cut, redirected or unexpected answer) or a
        :class:`ServerError` the purchase may have happened. Ask :meth:`get_number` before retrying.
        """
        path = f"PhoneNumber/{number}/"
        body = self._request("POST", path, json_body=fields, idempotent=False, shape=purchase(number))
        entry = cast(dict[str, str], bought_entry(body, number))
        return BuyResult(number=entry["number"], status=entry["status"])

    # -- numbers the account rents ----------------------------------------

    def get_number(self, number: str) -> AccountNumber:
        """One rented number (``GET Number/{n}/``). :raises NotFoundError: not in the account."""
        return cast(AccountNumber, self._request("GET", f"Number/{number}/", shape=record("number")))

    def list_numbers(self, **filters: str) -> Iterator[AccountNumber]:
        """Every rented number matching ``filters`` (``GET Number/``), following pagination."""
        return cast(Iterator[AccountNumber], self._pages("Number/", filters, "number"))

    def update_number(self, number: str, **fields: Any) -> None:
        """Change settings of a rented number (``POST Number/{n}/``); ``app_id=""`` unlinks."""
        self._request("POST", f"Number/{number}/", json_body=fields)

    def release_number(self, number: str) -> None:
        """Stop renting ``number`` (``DELETE Number/{n}/``). :raises NotFoundError: not in the account."""
        self._request("DELETE", f"Number/{number}/")

    def verify_credentials(self) -> None:
        """One cheap authenticated call (``GET Number/?limit=1``). :raises AuthenticationError: rejected."""
        self._request("GET", "Number/", params={"limit": "1", "offset": "0"}, shape=listing("number"))

    # -- applications ------------------------------------------------------

    def get_application(self, app_id: str) -> Application:
        """One application (``GET Application/{id}/``). :raises NotFoundError: no such app."""
        return cast(Application, self._request("GET", f"Application/{app_id}/", shape=record("app_id")))

    def create_application(self, **fields: Any) -> str:
        """Create an application (``POST Application/``); returns its ``app_id``.

        Not idempotent, like a purchase: after a :class:`TransportError` or
        :class:`ServerError` it may exist. List by ``app_name`` before retrying.
        """
        body = self._request(
            "POST", "Application/", json_body=fields, idempotent=False, shape=record("app_id")
        )
        return str(body["app_id"])

    def list_applications(self, **filters: str) -> Iterator[Application]:
        """Every application matching ``filters`` (``app_name``, ``subaccount``), following pagination."""
        return cast(Iterator[Application], self._pages("Application/", filters, "app_id"))

    def update_application(self, app_id: str, **fields: Any) -> None:
        """Change the given settings (``POST Application/{id}/``); Plivo cannot rename an app."""
        self._request("POST", f"Application/{app_id}/", json_body=fields)

    def delete_application(self, app_id: str, **options: Any) -> None:
        """Delete an application (``DELETE Application/{id}/``); ``cascade`` and
        ``new_endpoint_application`` travel in a JSON body, as the official SDK sends them.

        :raises NotFoundError: no such app.
        """
        self._request("DELETE", f"Application/{app_id}/", json_body=options or None)

    # -- Zentrunk trunks -----------------------------------------------------

    def create_trunk(self, **fields: Any) -> str:
        """Create a Zentrunk trunk (``POST Zentrunk/Trunk/``); returns its ``trunk_id``. Not idempotent."""
        body = self._request(
            "POST", "Zentrunk/Trunk/", json_body=fields, idempotent=False, shape=record("trunk_id")
        )
        return str(body["trunk_id"])

    def get_trunk(self, trunk_id: str) -> Trunk:
        """One trunk (``GET Zentrunk/Trunk/{id}/``, which wraps it in ``response``).

        :raises NotFoundError: no such trunk.
        """
        body = self._request(
            "GET", f"Zentrunk/Trunk/{trunk_id}/", shape=record("trunk_id", within="response")
        )
        return cast(Trunk, body.get("response", body))

    def list_trunks(self) -> Iterator[Trunk]:
        """Every trunk of the account, following pagination."""
        return cast(Iterator[Trunk], self._pages("Zentrunk/Trunk/", {}, "trunk_id"))

    def update_trunk(self, trunk_id: str, **fields: Any) -> None:
        """Change the given settings of a trunk (``POST Zentrunk/Trunk/{id}/``)."""
        self._request("POST", f"Zentrunk/Trunk/{trunk_id}/", json_body=fields)

    def delete_trunk(self, trunk_id: str) -> None:
        """Delete a trunk (``DELETE Zentrunk/Trunk/{id}/``). :raises NotFoundError: no such trunk."""
        self._request("DELETE", f"Zentrunk/Trunk/{trunk_id}/")

    # -- SIP endpoints ----------------------------------------------------------

    def create_endpoint(self, **fields: Any) -> str:
        """Create a SIP endpoint (``POST Endpoint/``); returns its ``endpoint_id``. Not idempotent:
        after an ambiguous failure list the account (by alias) before retrying. The password
        travels only in the body, which nothing logs."""
        body = self._request(
            "POST", "Endpoint/", json_body=fields, idempotent=False, shape=record("endpoint_id")
        )
        return str(body["endpoint_id"])

    def get_endpoint(self, endpoint_id: str) -> Endpoint:
        """One SIP endpoint (``GET Endpoint/{id}/``). :raises NotFoundError: no such endpoint."""
        return cast(Endpoint, self._request("GET", f"Endpoint/{endpoint_id}/", shape=record("endpoint_id")))

    def list_endpoints(self) -> Iterator[Endpoint]:
        """Every SIP endpoint of the account, following pagination (the list has no filters)."""
        return cast(Iterator[Endpoint], self._pages("Endpoint/", {}, "endpoint_id"))

    def update_endpoint(self, endpoint_id: str, **fields: Any) -> None:
        """Change an endpoint's ``password``, ``alias`` or ``app_id`` (``POST Endpoint/{id}/``)."""
        self._request("POST", f"Endpoint/{endpoint_id}/", json_body=fields)

    def delete_endpoint(self, endpoint_id: str) -> None:
        """Delete a SIP endpoint (``DELETE Endpoint/{id}/``). :raises NotFoundError: no such endpoint."""
        self._request("DELETE", f"Endpoint/{endpoint_id}/")

    # -- Powerpacks and number pools ---------------------------------------------------
    #
    # Money safety: no method here can send ``rent: "true"``, ``unrent: true`` or
    # ``unrent_numbers: true``. Only a PhoneNumber's purchase buys and only its release releases.

    def create_powerpack(self, **fields: Any) -> str:
        """Create a Powerpack (``POST Powerpack/``); returns its ``uuid``. Not idempotent: list by
        name before retrying."""
        body = self._request("POST", "Powerpack/", json_body=fields, idempotent=False, shape=powerpack)
        return str(body["uuid"])

    def get_powerpack(self, powerpack_uuid: str) -> Powerpack:
        """One Powerpack (``GET Powerpack/{uuid}/``). :raises NotFoundError: no such Powerpack."""
        return cast(Powerpack, self._request("GET", f"Powerpack/{powerpack_uuid}/", shape=powerpack))

    def list_powerpacks(self) -> Iterator[Powerpack]:
        """Every Powerpack of the account, following pagination."""
        return cast(Iterator[Powerpack], self._pages("Powerpack/", {}, "uuid"))

    def update_powerpack(self, powerpack_uuid: str, **fields: Any) -> None:
        """Change the given settings (``POST Powerpack/{uuid}/``)."""
        self._request("POST", f"Powerpack/{powerpack_uuid}/", json_body=fields)

    def delete_powerpack(self, powerpack_uuid: str) -> None:
        """Delete a Powerpack, its numbers kept rented: ``unrent_numbers`` is always sent, false.

        :raises NotFoundError: no such Powerpack.
        """
        self._request("DELETE", f"Powerpack/{powerpack_uuid}/", json_body={"unrent_numbers": False})

    def pool_numbers(self, pool_uuid: str, **filters: str) -> Iterator[PoolMember]:
        """The numbers of a pool (``GET NumberPool/{pool}/Number/``; filters ``starts_with``,
        ``country_iso2``, ``type``, ``service``), following pagination."""
        return cast(Iterator[PoolMember], self._pages(f"NumberPool/{pool_uuid}/Number/", filters, "number"))

    def count_pool_numbers(self, pool_uuid: str) -> int:
        """How many numbers a pool holds (one page of one, read from ``meta.total_count``)."""
        params = {"limit": "1", "offset": "0"}
        body = self._request("GET", f"NumberPool/{pool_uuid}/Number/", params=params, shape=listing("number"))
        return int((body.get("meta") or {}).get("total_count", len(body["objects"])))

    def add_pool_number(self, pool_uuid: str, number: str, service: str) -> None:
        """Put a rented number in a pool for ``service`` (``sms`` or ``mms``); never ``rent``."""
        self._request("POST", f"NumberPool/{pool_uuid}/Number/{number}/", json_body={"service": service})

    def remove_pool_number(self, pool_uuid: str, number: str) -> None:
        """Take a number out of a pool, kept rented: ``unrent`` is always sent, false.

        :raises NotFoundError: the number is not in that pool (or the pool is gone).
        """
        self._request("DELETE", f"NumberPool/{pool_uuid}/Number/{number}/", json_body={"unrent": False})

    def _pages(self, path: str, filters: Mapping[str, str], key: str) -> Iterator[dict[str, Any]]:
        """Every object of a list endpoint, page by page (offset paging, as Plivo's ``meta`` says);
        each a dict naming itself by ``key`` (checked by :func:`.models.listing`)."""
        offset = 0
        while True:
            params = {**filters, "limit": str(PAGE_LIMIT), "offset": str(offset)}
            body = self._request("GET", path, params=params, shape=listing(key))
            objects: list[dict[str, Any]] = body["objects"]
            yield from objects
            offset += len(objects)
            if offset >= MAX_LISTED:
                raise UnexpectedAnswerError(
                    f"GET {path} listed more than {MAX_LISTED} objects; no account holds that many, so "
                    "the API's paging is broken: check plivo:apiUrl"
                )
            meta = body.get("meta") or {}
            if not objects or not meta.get("next") or offset >= meta.get("total_count", 0):
                return

    # -- the chokepoint ----------------------------------------------------

    def _session_for(self, idempotent: bool) -> requests.Session:
        with self._lock:
            session = self._sessions.get(idempotent)
            if session is None:
                session = self._sessions[idempotent] = _session(
                    self.settings, idempotent=idempotent, pacer=self._pacer
                )
            return session

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json_body: Mapping[str, Any] | None = None,
        idempotent: bool = True,
        shape: Shape = anything,
    ) -> dict[str, Any]:
        """Send one API call and return its JSON object (``{}`` for an empty 2xx), checked by ``shape``.

        :param path: relative to the account, e.g. ``Number/14155550100/``.
        :raises PlivoError: a subclass naming what went wrong, on one line; never contains the token.
        """
        full_path = self.settings.account_path + path
        session = self._session_for(idempotent)
        if self._pacer is not None:
            self._pacer.wait()
        started = time.monotonic()
        try:
            status, headers, raw = self._exchange(session, method, full_path, params, json_body)
        except PlivoError as exc:
            self._log(method, full_path, f"no answer ({type(exc).__name__})", started)
            raise
        self._log(method, full_path, str(status), started)
        if 300 <= status < 400:
            raise self._redirect_error(status, headers, method, full_path)
        if status >= 400:
            raise self._status_error(status, headers, raw, method, full_path)
        return self._json(status, raw, shape, method, full_path)

    def _exchange(
        self,
        session: requests.Session,
        method: str,
        path: str,
        params: Mapping[str, str] | None,
        json_body: Mapping[str, Any] | None,
    ) -> tuple[int, Mapping[str, str], bytes]:
        """One HTTP exchange, retries included, each attempt within the deadline: status, headers, body.

        :raises PlivoError: no usable answer (refused, cut, timed out, too large).
        """
        with deadline.limit(self.settings.deadline) as attempt:
            try:
                response = self._send(session, method, self.settings.api_url + path, params, json_body)
                try:
                    redirect = 300 <= response.status_code < 400
                    raw = b"" if redirect else self._read(response, attempt, method, path)
                finally:
                    response.close()
            except (
                requests.RequestException,
                urllib3.exceptions.HTTPError,
                http.client.HTTPException,
                OSError,
            ) as exc:
                raise self._transport_error(exc, attempt, method, path) from None
        return response.status_code, response.headers, raw

    def _send(
        self,
        session: requests.Session,
        method: str,
        url: str,
        params: Mapping[str, str] | None,
        json_body: Mapping[str, Any] | None,
    ) -> requests.Response:
        """The answer's status and headers, retries included; the pacer learns when its last attempt ended."""
        timeout = self.settings.request_timeout
        try:
            return session.request(
                method,
                url,
                params=params,
                json=json_body if json_body is not None else ({} if method == "POST" else None),
                timeout=(min(10.0, timeout, self.settings.deadline), timeout),
                allow_redirects=False,
                stream=True,  # the body is read by _read, in chunks, under the cap and the deadline
            )
        finally:
            if self._pacer is not None:
                self._pacer.done()

    def _read(self, response: requests.Response, attempt: deadline.Attempt, method: str, path: str) -> bytes:
        """The body, at most :data:`MAX_ANSWER_BYTES` of it, decompressed if the server insisted."""
        if _declared_length(response.headers) > MAX_ANSWER_BYTES:
            raise self._too_large(response.status_code, method, path)
        chunks: list[bytes] = []
        size = 0
        while chunk := response.raw.read(READ_CHUNK, decode_content=False):
            size += len(chunk)
            if size > MAX_ANSWER_BYTES:
                raise self._too_large(response.status_code, method, path)
            chunks.append(chunk)
        if attempt.expired:
            # Cut: what arrived may look complete (headers cut short read as ended), but is not.
            raise urllib3.exceptions.ProtocolError("cut by the deadline")
        return self._decompressed(b"".join(chunks), response, method, path)

    def _decompressed(self, data: bytes, response: requests.Response, method: str, path: str) -> bytes:
        # Asked for identity; a server that compresses anyway gets gzip or deflate decoded within the cap.
        encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
        if encoding in ("", "identity"):
            return data
        if encoding not in ("gzip", "x-gzip", "deflate"):
            raise UnexpectedAnswerError(
                f"Plivo answered in a {_one_line(encoding)!r} encoding, which was not asked for",
                status=response.status_code,
                method=method,
                path=path,
            )
        decoder = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header, told apart by zlib
        try:
            plain = decoder.decompress(data, MAX_ANSWER_BYTES + 1)
        except zlib.error:
            raise UnexpectedAnswerError(
                f"Plivo's {encoding} answer does not decompress",
                status=response.status_code,
                method=method,
                path=path,
            ) from None
        if len(plain) > MAX_ANSWER_BYTES:
            raise self._too_large(response.status_code, method, path)
        return plain

    def _too_large(self, status: int, method: str, path: str) -> UnexpectedAnswerError:
        return UnexpectedAnswerError(
            f"Plivo's answer is larger than {MAX_ANSWER_BYTES // (1024 * 1024)} MiB, the most one answer "
            "may hold; check plivo:apiUrl",
            status=status,
            method=method,
            path=path,
        )

    def _json(self, status: int, raw: bytes, shape: Shape, method: str, path: str) -> dict[str, Any]:
        body = _parsed(raw) if raw.strip() else {}
        if not isinstance(body, dict):
            what = "is not JSON" if body is _NOT_JSON else "is JSON but not an object"
            raise UnexpectedAnswerError(
                f"Plivo answered with a body that {what}", status=status, method=method, path=path
            )
        problem = shape(status, body)
        if problem:
            raise UnexpectedAnswerError(
                f"Plivo's answer is not what this call expects: {problem}",
                status=status,
                method=method,
                path=path,
            )
        return body

    def _transport_error(
        self, exc: BaseException, attempt: deadline.Attempt, method: str, path: str
    ) -> TransportError:
        url = self._scrub(self.settings.api_url)
        if attempt.expired:
            return DeadlineError(
                f"Plivo API at {url} gave no complete answer within the {self.settings.deadline:g} s "
                "deadline of one attempt (see plivo:requestTimeout)",
                method=method,
                path=path,
            )
        reason = _reason(exc)
        if isinstance(reason, NewConnectionError):
            return self._unreachable(reason, method, path)
        if isinstance(exc, (requests.Timeout, ReadTimeoutError)) or isinstance(
            reason, (ReadTimeoutError, ConnectTimeoutError)
        ):
            what = f"no answer within {self.settings.request_timeout:g} s"
        elif isinstance(exc, requests.exceptions.RetryError):
            what = "gave up after retries"
        else:
            what = "the connection failed or was dropped"
        return TransportError(
            f"Plivo API unreachable at {url}: {what} ({self._scrub(type(exc).__name__)})",
            method=method,
            path=path,
        )

    def _unreachable(self, reason: NewConnectionError, method: str, path: str) -> UnreachableError:
        url = self._scrub(self.settings.api_url)
        fix = "check plivo:apiUrl (or PLIVO_API_URL)"
        if isinstance(reason, NameResolutionError):
            message = f"cannot resolve the host of {url}: {fix}"
        elif isinstance(reason.__cause__, ConnectionRefusedError):
            message = f"connection refused: is the emulator / API reachable at {url}? {fix}"
        else:
            cause = reason.__cause__
            why = cause.strerror if isinstance(cause, OSError) and cause.strerror else type(cause).__name__
            message = f"cannot connect to {url} ({why}): is the network up? {fix}"
        return UnreachableError(message, method=method, path=path)

    def _redirect_error(
        self, status: int, headers: Mapping[str, str], method: str, path: str
    ) -> RedirectError:
        location = self._scrub(_one_line(headers.get("Location") or "nowhere"))
        return RedirectError(
            f"Plivo API answered a redirect to {location}; redirects are not followed (the credentials "
            "would go there): set plivo:apiUrl to the API's own address",
            status=status,
            method=method,
            path=path,
        )

    def _status_error(
        self, status: int, headers: Mapping[str, str], raw: bytes, method: str, path: str
    ) -> PlivoError:
        api_id, message = _error_fields(_parsed(raw))
        message = self._scrub(_one_line(message or http.client.responses.get(status, "") or "error"))
        cls = _STATUS_ERRORS.get(status, ServerError if status >= 500 else PlivoError)
        if cls is RateLimitedError:
            message = f"still rate limited after {self.settings.max_retries} retries: {message}"
        elif cls is AuthenticationError:
            message = (
                f"Plivo rejected the credentials for {self.settings.auth_id}: {message}; "
                "check plivo:authId and plivo:authToken (or PLIVO_AUTH_ID / PLIVO_AUTH_TOKEN)"
            )
        api_id = self._scrub(_one_line(api_id)) if api_id else None
        return cls(message, status=status, api_id=api_id, method=method, path=path)

    def _scrub(self, text: str) -> str:
        """``text`` without any form of the credentials: see :func:`secret_forms`."""
        for secret in secret_forms(self.settings):
            text = text.replace(secret, "***")
        return text

    def _log(self, method: str, path: str, outcome: str, started: float) -> None:
        if self.settings.debug:
            elapsed = (time.monotonic() - started) * 1000
            print(f"plivo: {method} {path} -> {outcome} in {elapsed:.0f} ms", file=sys.stderr, flush=True)


def secret_forms(settings: Settings) -> list[str]:
    """Every form in which a server (or an error) could echo the credentials, longest first: the
    Basic header's base64 of ``auth_id:auth_token`` (standard and URL-safe, padding or not), the
    token as is and percent-encoded, and the user info of an ``api_url`` that holds one."""
    token = settings.auth_token
    if not token:
        return []
    pair = f"{settings.auth_id}:{token}".encode("latin-1", "replace")  # as requests encodes it
    forms = {token, quote(token, safe="")}
    for encoded in (base64.b64encode(pair), base64.urlsafe_b64encode(pair)):
        forms.add(encoded.decode("ascii").rstrip("="))
    userinfo = urlsplit(settings.api_url).netloc.rpartition("@")[0]
    if userinfo:
        forms.add(userinfo)
    return sorted(forms, key=len, reverse=True)


_NOT_JSON = object()


def _parsed(raw: bytes) -> object:
    """The JSON value of ``raw``, or :data:`_NOT_JSON` (garbled, too deep, not text)."""
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return _NOT_JSON


def _declared_length(headers: Mapping[str, str]) -> int:
    """The Content-Length an answer declares (0 when it declares none, or nonsense)."""
    value = headers.get("Content-Length", "").strip()
    return int(value) if value.isdigit() else 0


def _one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """``text`` on one line of at most ``limit`` characters: control, format and separator
    characters (newlines, U+2028, right-to-left overrides) become spaces."""
    flat = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _reason(exc: BaseException) -> object:
    """urllib3's underlying error: requests wraps it in a MaxRetryError once retries are spent."""
    return getattr(exc.args[0], "reason", None) if exc.args else None


def _error_fields(body: object) -> tuple[str | None, str | None]:
    """Plivo's ``api_id`` and error text; the text may be nested (``{"error": {"error": ...}}``)."""
    if not isinstance(body, dict):
        return None, None
    error: Any = body.get("error") or body.get("message")
    while isinstance(error, dict):
        error = error.get("error") or error.get("message")
    api_id = body.get("api_id")
    text = error if isinstance(error, str) else (json.dumps(error) if error is not None else None)
    return (str(api_id) if api_id else None), text
