"""plivo_provider.client: a small typed client for Plivo's numbers API, on ``requests``.

Every call goes through :meth:`PlivoClient._request`, the one place that talks
HTTP, retries, applies timeouts and turns failures into :mod:`.errors`.

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

import json
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import (
    ConnectTimeoutError,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ReadTimeoutError,
)
from urllib3.util.retry import RequestHistory, Retry

from . import __version__
from .config import Settings
from .errors import (
    AuthenticationError,
    NotFoundError,
    PlivoError,
    RateLimitedError,
    ServerError,
    TransportError,
    UnreachableError,
    ValidationError,
)
from .models import AccountNumber, Application, AvailableNumber, BuyResult, Trunk
from .pacing import Pacer, pacer_for

if TYPE_CHECKING:
    from urllib3.connectionpool import ConnectionPool
    from urllib3.response import BaseHTTPResponse

PAGE_LIMIT = 20  # Plivo's maximum page size for list and search.
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
        if isinstance(error, NewConnectionError):
            refused = sum(isinstance(entry.error, NewConnectionError) for entry in self.history)
            if refused >= REFUSED_RETRIES:
                raise MaxRetryError(cast("ConnectionPool", _pool), url, error) from error
        return super().increment(method, url, response, error, _pool, _stacktrace)


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


def _session(settings: Settings, *, idempotent: bool, pacer: Pacer | None) -> requests.Session:
    session = requests.Session()
    session.auth = (settings.auth_id, settings.auth_token)
    session.headers.update({"User-Agent": f"plivo-pulumi/{__version__}", "Accept": "application/json"})
    # The provider host runs at most 4 operations at once; 8 leaves room for bursts.
    adapter = HTTPAdapter(max_retries=_retry(settings, idempotent=idempotent, pacer=pacer), pool_maxsize=8)
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
        body = self._request("GET", "PhoneNumber/", params=params)
        return cast(list[AvailableNumber], body.get("objects") or [])

    def buy_phone_number(self, number: str, **fields: Any) -> BuyResult:
        """Rent ``number`` (``POST PhoneNumber/{n}/``); ``app_id`` absent links the default app.

        Not idempotent: after a :class:`TransportError` or :class:`ServerError`
        the purchase may have happened. Ask :meth:`get_number` before retrying.
        """
        body = self._request("POST", f"PhoneNumber/{number}/", json_body=fields, idempotent=False)
        entries = body.get("numbers") or [{}]
        return BuyResult(number=str(entries[0].get("number", number)), status=str(entries[0].get("status")))

    # -- numbers the account rents ----------------------------------------

    def get_number(self, number: str) -> AccountNumber:
        """One rented number (``GET Number/{n}/``). :raises NotFoundError: not in the account."""
        return cast(AccountNumber, self._request("GET", f"Number/{number}/"))

    def list_numbers(self, **filters: str) -> Iterator[AccountNumber]:
        """Every rented number matching ``filters`` (``GET Number/``), following pagination."""
        offset = 0
        while True:
            params = {**filters, "limit": str(PAGE_LIMIT), "offset": str(offset)}
            body = self._request("GET", "Number/", params=params)
            objects = cast(list[AccountNumber], body.get("objects") or [])
            yield from objects
            meta = body.get("meta") or {}
            offset += len(objects)
            if not objects or not meta.get("next") or offset >= int(meta.get("total_count", 0)):
                return

    def update_number(self, number: str, **fields: Any) -> None:
        """Change settings of a rented number (``POST Number/{n}/``); ``app_id=""`` unlinks."""
        self._request("POST", f"Number/{number}/", json_body=fields)

    def release_number(self, number: str) -> None:
        """Stop renting ``number`` (``DELETE Number/{n}/``). :raises NotFoundError: not in the account."""
        self._request("DELETE", f"Number/{number}/")

    def verify_credentials(self) -> None:
        """One cheap authenticated call (``GET Number/?limit=1``). :raises AuthenticationError: rejected."""
        self._request("GET", "Number/", params={"limit": "1", "offset": "0"})

    # -- applications ------------------------------------------------------

    def get_application(self, app_id: str) -> Application:
        """One application (``GET Application/{id}/``). :raises NotFoundError: no such app."""
        return cast(Application, self._request("GET", f"Application/{app_id}/"))

    def create_application(self, **fields: Any) -> str:
        """Create an application (``POST Application/``); returns its ``app_id``.

        Not idempotent, like a purchase: after a :class:`TransportError` or
        :class:`ServerError` it may exist. List by ``app_name`` before retrying.
        """
        body = self._request("POST", "Application/", json_body=fields, idempotent=False)
        return str(body["app_id"])

    def list_applications(self, **filters: str) -> Iterator[Application]:
        """Every application matching ``filters`` (``app_name``, ``subaccount``), following pagination."""
        return cast(Iterator[Application], self._pages("Application/", filters))

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
        body = self._request("POST", "Zentrunk/Trunk/", json_body=fields, idempotent=False)
        return str(body["trunk_id"])

    def get_trunk(self, trunk_id: str) -> Trunk:
        """One trunk (``GET Zentrunk/Trunk/{id}/``, which wraps it in ``response``).

        :raises NotFoundError: no such trunk.
        """
        body = self._request("GET", f"Zentrunk/Trunk/{trunk_id}/")
        return cast(Trunk, body.get("response") or body)

    def list_trunks(self) -> Iterator[Trunk]:
        """Every trunk of the account, following pagination."""
        return cast(Iterator[Trunk], self._pages("Zentrunk/Trunk/", {}))

    def update_trunk(self, trunk_id: str, **fields: Any) -> None:
        """Change the given settings of a trunk (``POST Zentrunk/Trunk/{id}/``)."""
        self._request("POST", f"Zentrunk/Trunk/{trunk_id}/", json_body=fields)

    def delete_trunk(self, trunk_id: str) -> None:
        """Delete a trunk (``DELETE Zentrunk/Trunk/{id}/``). :raises NotFoundError: no such trunk."""
        self._request("DELETE", f"Zentrunk/Trunk/{trunk_id}/")

    def _pages(self, path: str, filters: Mapping[str, str]) -> Iterator[dict[str, Any]]:
        """Every object of a list endpoint, page by page (offset paging, as Plivo's ``meta`` says)."""
        offset = 0
        while True:
            params = {**filters, "limit": str(PAGE_LIMIT), "offset": str(offset)}
            body = self._request("GET", path, params=params)
            objects: list[dict[str, Any]] = body.get("objects") or []
            yield from objects
            offset += len(objects)
            meta = body.get("meta") or {}
            if not objects or not meta.get("next") or offset >= int(meta.get("total_count", 0)):
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
    ) -> dict[str, Any]:
        """Send one API call and return its JSON body (``{}`` for 204).

        :param path: relative to the account, e.g. ``Number/14155550100/``.
        :raises PlivoError: a subclass naming what went wrong; never contains the token.
        """
        full_path = self.settings.account_path + path
        url = self.settings.api_url + full_path
        session = self._session_for(idempotent)
        if self._pacer is not None:
            self._pacer.wait()
        started = time.monotonic()
        try:
            response = self._send(session, method, url, params, json_body)
        except requests.RequestException as exc:
            self._log(method, full_path, f"no answer ({type(exc).__name__})", started)
            raise self._transport_error(exc, method, full_path) from None
        self._log(method, full_path, str(response.status_code), started)
        if response.status_code >= 300:
            raise self._status_error(response, method, full_path)
        return self._json(response, method, full_path)

    def _send(
        self,
        session: requests.Session,
        method: str,
        url: str,
        params: Mapping[str, str] | None,
        json_body: Mapping[str, Any] | None,
    ) -> requests.Response:
        """One HTTP exchange, retries included; the pacer learns when its last attempt ended."""
        try:
            return session.request(
                method,
                url,
                params=params,
                json=json_body if json_body is not None else ({} if method == "POST" else None),
                timeout=(min(10.0, self.settings.request_timeout), self.settings.request_timeout),
            )
        finally:
            if self._pacer is not None:
                self._pacer.done()

    def _json(self, response: requests.Response, method: str, path: str) -> dict[str, Any]:
        if response.status_code == 204 or not response.content:
            return {}
        try:
            body = response.json()
        except ValueError:
            raise TransportError(
                "Plivo answered with a body that is not JSON",
                status=response.status_code,
                method=method,
                path=path,
            ) from None
        return body if isinstance(body, dict) else {"objects": body}

    def _transport_error(self, exc: requests.RequestException, method: str, path: str) -> TransportError:
        reason = _reason(exc)
        if isinstance(reason, NewConnectionError):
            return self._unreachable(reason, method, path)
        if isinstance(exc, requests.Timeout) or isinstance(reason, (ReadTimeoutError, ConnectTimeoutError)):
            what = f"no answer within {self.settings.request_timeout:g} s"
        elif isinstance(exc, requests.exceptions.RetryError):
            what = "gave up after retries"
        else:
            what = "the connection failed or was dropped"
        return TransportError(
            f"Plivo API unreachable at {self.settings.api_url}: {what} ({self._scrub(type(exc).__name__)})",
            method=method,
            path=path,
        )

    def _unreachable(self, reason: NewConnectionError, method: str, path: str) -> UnreachableError:
        url = self.settings.api_url
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

    def _status_error(self, response: requests.Response, method: str, path: str) -> PlivoError:
        status = response.status_code
        api_id, message = _error_fields(response)
        message = self._scrub(message or response.reason or "error")
        cls = _STATUS_ERRORS.get(status, ServerError if status >= 500 else PlivoError)
        if cls is RateLimitedError:
            message = f"still rate limited after {self.settings.max_retries} retries: {message}"
        elif cls is AuthenticationError:
            message = (
                f"Plivo rejected the credentials for {self.settings.auth_id}: {message}; "
                "check plivo:authId and plivo:authToken (or PLIVO_AUTH_ID / PLIVO_AUTH_TOKEN)"
            )
        return cls(message, status=status, api_id=api_id, method=method, path=path)

    def _scrub(self, text: str) -> str:
        token = self.settings.auth_token
        return text.replace(token, "***") if token else text

    def _log(self, method: str, path: str, outcome: str, started: float) -> None:
        if self.settings.debug:
            elapsed = (time.monotonic() - started) * 1000
            print(f"plivo: {method} {path} -> {outcome} in {elapsed:.0f} ms", file=sys.stderr, flush=True)


def _reason(exc: requests.RequestException) -> object:
    """urllib3's underlying error: requests wraps it in a MaxRetryError once retries are spent."""
    return getattr(exc.args[0], "reason", None) if exc.args else None


def _error_fields(response: requests.Response) -> tuple[str | None, str | None]:
    """Plivo's ``api_id`` and error text; the text may be nested (``{"error": {"error": ...}}``)."""
    try:
        body = response.json()
    except ValueError:
        return None, None
    if not isinstance(body, dict):
        return None, None
    error: Any = body.get("error") or body.get("message")
    while isinstance(error, dict):
        error = error.get("error") or error.get("message")
    api_id = body.get("api_id")
    text = error if isinstance(error, str) else (json.dumps(error) if error is not None else None)
    return (str(api_id) if api_id else None), text
