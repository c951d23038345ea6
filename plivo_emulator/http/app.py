"""The WSGI application: routing, authentication, faults, request logging and error rendering.

Every request must name a loopback host (or an allowed one) in ``Host``, else 403 before anything
else happens (not logged, not counted): see ``loopback.py``. Order for a /v1/ request: the hold
(an engaged hold keeps the request waiting), injected latency, route match (unknown path 404 /
wrong method 405, answered before authentication), Basic auth (401), rate limit (429), injected
500/503, the handler (a buy may first wait for a purchase slot of an armed hold), then, for a
committed buy/update/delete, an optional dropped connection. Every answered /v1/ request is
logged and counted in the stats. Control calls that change state must be JSON (415). Nothing below
this module sees HTTP types except the handlers.
"""

from __future__ import annotations

import contextlib
import logging
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from werkzeug.exceptions import HTTPException
from werkzeug.exceptions import MethodNotAllowed as WerkzeugMethodNotAllowed
from werkzeug.wrappers import Request, Response

from plivo_emulator.errors import (
    BadRequest,
    EmulatorError,
    ForeignHost,
    MethodNotAllowed,
    NotFound,
    PayloadTooLarge,
    ServerError,
    ServiceUnavailable,
    TooManyRequests,
)
from plivo_emulator.http.control import Control, ControlHandler, reply, require_json
from plivo_emulator.http.faults import FaultConfig, Faults
from plivo_emulator.http.handlers import DROPPABLE, PURCHASE, Call, Handler, error_response
from plivo_emulator.http.hold import Hold
from plivo_emulator.http.stats import RequestStats
from plivo_emulator.http.urls import API_MAP, CONTROL_MAP, CONTROL_PREFIX
from plivo_emulator.loopback import LOOPBACK_HOSTS, host_allowed
from plivo_emulator.state.backend import Backend
from plivo_emulator.state.models import LogEntry

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

MAX_BODY = 1024 * 1024  # bodies above 1 MiB get 413
log = logging.getLogger("plivo_emulator")


@dataclass
class Outcome:
    """What the log needs to know about a request besides its answer."""

    account: str | None = None
    handler: Handler | None = None
    fault: str | None = None
    purchased: bool = False


class EmulatorApp:
    """WSGI callable serving the Plivo API under /v1/ and the control API under /__emulator__/."""

    def __init__(
        self,
        backend: Backend,
        faults: Faults,
        initial_faults: FaultConfig | None = None,
        hosts: frozenset[str] = LOOPBACK_HOSTS,
    ) -> None:
        self.backend = backend
        self.hosts = hosts  # the Host names answered (loopback.allowed_hosts)
        self.faults = faults
        self.hold = Hold()
        self.stats = RequestStats()
        self.control = Control(backend, faults, initial_faults or faults.config, self.hold, self.stats)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        request.max_content_length = MAX_BODY
        return self.dispatch(request)(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        """The answer to one request."""
        if not host_allowed(request.headers.get("Host"), self.hosts):
            return self._foreign_host(request)
        if request.path.startswith("/v1/"):
            return self._api(request)
        if request.path.startswith(CONTROL_PREFIX):
            return self._control(request)
        return error_response(NotFound())

    def _foreign_host(self, request: Request) -> Response:
        # The Plivo API answers in its own error shape, the control API in {"error"}.
        if request.path.startswith("/v1/"):
            return error_response(ForeignHost())
        return reply({"error": ForeignHost.message}, ForeignHost.status)

    # /v1/

    def _api(self, request: Request) -> Response:
        outcome = Outcome()
        latency = 0
        if self.hold.enter():
            latency = self.faults.delay()
            response = self._guarded(request, outcome)
        else:
            outcome.fault = "hold"
            response = error_response(ServiceUnavailable())
        sock = client_socket(request)
        dropped = (
            sock is not None
            and response.status_code < 300
            and outcome.handler in DROPPABLE
            and self.faults.should_drop()
        )
        if dropped:
            outcome.fault = "drop"
        # Logged and counted before any drop: once a client sees its connection close, the
        # request log and stats already hold the request (tests read them right after).
        self._log(request, response, outcome, latency, dropped)
        self.stats.record(outcome.account, response.status_code, outcome.purchased)
        if dropped and sock is not None:
            drop_connection(sock)
        return response

    def _guarded(self, request: Request, outcome: Outcome) -> Response:
        try:
            return self._serve(request, outcome)
        except EmulatorError as exc:
            return error_response(exc)
        except HTTPException as exc:
            return _http_error(exc)
        except Exception:
            log.exception("unhandled error on %s %s", request.method, request.path)
            return error_response(ServerError())

    def _serve(self, request: Request, outcome: Outcome) -> Response:
        handler: Handler
        handler, matched = API_MAP.bind_to_environ(request.environ).match()
        args = dict(matched)
        user, token = _basic_credentials(request)
        caller = self.backend.directory.authenticate(args.pop("auth_id"), user, token)
        outcome.account = caller.auth_id
        try:
            self.faults.admit(caller.auth_id)
        except TooManyRequests:
            outcome.fault = "rate_limit"
            raise
        injected = self.faults.injected_error()
        if injected is not None:
            outcome.fault = "error"
            raise injected  # before the handler: an injected failure never changes state
        outcome.handler = handler
        call = Call(self.backend, caller, request)
        if handler is PURCHASE:
            return self._purchase(handler, call, args, outcome)
        return handler(call, **args)

    def _purchase(self, handler: Handler, call: Call, args: dict[str, str], outcome: Outcome) -> Response:
        # An armed hold lets at most its N purchases commit; this buy may have to wait its turn.
        if not self.hold.begin_purchase():
            outcome.fault = "hold"
            raise ServiceUnavailable()
        try:
            response = handler(call, **args)
            outcome.purchased = response.status_code == 201
            return response
        finally:
            self.hold.end_purchase(outcome.purchased)

    def _log(
        self, request: Request, response: Response, outcome: Outcome, latency: int, dropped: bool
    ) -> None:
        entry = LogEntry(
            seq=0,
            time=datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
            method=request.method,
            path=request.path,
            query=request.query_string.decode("latin-1"),
            status=response.status_code,
            account=outcome.account,
            dropped=dropped,
            latency_ms=latency,
            fault=outcome.fault,
        )
        self.backend.store.append_log(entry)

    # /__emulator__/

    def _control(self, request: Request) -> Response:
        try:
            require_json(request)
            handler: ControlHandler
            handler, args = CONTROL_MAP.bind_to_environ(request.environ).match()
            return handler(self.control, request, **args)
        except EmulatorError as exc:
            return reply({"error": exc.text}, exc.status)
        except HTTPException as exc:
            error = _translate(exc)
            return reply({"error": error.text}, error.status)
        except Exception:
            log.exception("unhandled error on %s %s", request.method, request.path)
            return reply({"error": ServerError.message}, 500)


def _basic_credentials(request: Request) -> tuple[str | None, str | None]:
    auth = request.authorization
    if auth is None or auth.type != "basic":
        return None, None
    return auth.username, auth.password


def _translate(exc: HTTPException) -> EmulatorError:
    code = exc.code or 500
    if code == 404:
        return NotFound()
    if code == 405:
        return MethodNotAllowed()
    if code == 413:
        return PayloadTooLarge()
    return BadRequest() if code < 500 else ServerError()


def _http_error(exc: HTTPException) -> Response:
    response = error_response(_translate(exc))
    if isinstance(exc, WerkzeugMethodNotAllowed) and exc.valid_methods:
        response.headers["Allow"] = ", ".join(sorted(exc.valid_methods))
    return response


def client_socket(request: Request) -> socket.socket | None:
    """The client's TCP connection, which werkzeug's dev server exposes as
    ``environ["werkzeug.socket"]``; None under other servers (e.g. werkzeug's test client)."""
    sock = request.environ.get("werkzeug.socket")
    return sock if isinstance(sock, socket.socket) else None


def drop_connection(sock: socket.socket) -> None:
    """Shut the client's TCP connection down without answering.

    The server's attempt to write the answer then fails with a broken pipe, which werkzeug
    treats as a dropped connection, and the client sees the connection close with no response.
    A client that has already gone (OSError) is left alone.
    """
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
