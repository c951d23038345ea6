"""EmulatorServer: the emulator on a threaded werkzeug server in a daemon thread (like ThreadedMotoServer)."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from types import TracebackType
from typing import TYPE_CHECKING

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from plivo_emulator.http.app import EmulatorApp
from plivo_emulator.http.faults import DEFAULT_RATE_LIMIT, FaultConfig, Faults
from plivo_emulator.loopback import allowed_hosts, http_url, unbracketed
from plivo_emulator.state.backend import Backend
from plivo_emulator.state.directory import DEFAULT_AUTH_ID, DEFAULT_AUTH_TOKEN
from plivo_emulator.state.inventory import Inventory
from plivo_emulator.state.models import MAIN_ACCOUNT_ID, MAIN_ACCOUNT_ID_RULE
from plivo_emulator.state.store import Store

if TYPE_CHECKING:
    from plivo_emulator.harness.client import EmulatorClient

START_TIMEOUT = 5.0  # seconds the serving thread gets to come up


class QuietHandler(WSGIRequestHandler):
    """Request handler that does not log each request (keeps stdout/stderr for real problems)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Per-request access logging is off; the control API keeps a request log instead."""


class EmulatorServer:
    """A running emulator; ``start()`` returns once it accepts connections.

    ``faults`` wins over the individual fault keyword arguments when both are given. Requests
    must name 127.0.0.1, localhost or [::1] in ``Host``; ``allowed_hosts`` adds names (for a
    non-loopback bind, e.g. a container's service name). ``host`` may be an IPv6 address with or
    without brackets. The server can be used as a context manager. ``backend`` is exposed for
    tests to inspect state; its internals may change.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        auth_id: str = DEFAULT_AUTH_ID,
        auth_token: str = DEFAULT_AUTH_TOKEN,
        state_path: str | None = None,
        seed: int = 0,
        faults: FaultConfig | None = None,
        rate_limit: str = DEFAULT_RATE_LIMIT,
        latency_ms: int = 0,
        error_rate: float = 0.0,
        drop_after_commit: float = 0.0,
        verify_after: float | None = None,
        allowed_hosts: Iterable[str] = (),
    ) -> None:
        if not MAIN_ACCOUNT_ID.match(auth_id):
            raise ValueError(MAIN_ACCOUNT_ID_RULE)
        if not auth_token:
            raise ValueError("auth_token must not be empty")
        self.host = unbracketed(host)
        self.port = port
        self.auth_id = auth_id
        self.auth_token = auth_token
        config = faults or FaultConfig(rate_limit, latency_ms, error_rate, drop_after_commit, verify_after)
        self.faults = Faults(config, seed=seed)
        self.store = Store(state_path)
        self.backend = Backend(
            self.store,
            Inventory(seed),
            auth_id,
            auth_token,
            seed=seed,
            verify_after=lambda: self.faults.config.verify_after,
        )
        self.app = EmulatorApp(self.backend, self.faults, config, hosts=_allowed_hosts(allowed_hosts))
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()

    @property
    def url(self) -> str:
        """``http://HOST:PORT`` of the running server (the real port when started with port 0);
        an IPv6 host is in brackets."""
        return http_url(self.host, self.port)

    @property
    def running(self) -> bool:
        """True between ``start()`` and ``stop()``."""
        return self._server is not None

    def start(self) -> None:
        """Bind, start serving in a daemon thread and return once listening."""
        if self._server is not None:
            raise RuntimeError("Server is already running")
        self.app.hold.open()
        server = make_server(self.host, self.port, self.app, threaded=True, request_handler=QuietHandler)
        self.port = server.server_port
        self._server = server
        self._ready.clear()
        self._thread = threading.Thread(
            target=self._serve, args=(server,), name="plivo-emulator", daemon=True
        )
        self._thread.start()
        if not self._ready.wait(timeout=START_TIMEOUT):
            # Not stop(): shutdown() would wait forever for a serve loop that never began.
            self._server = None
            server.server_close()
            raise RuntimeError(f"emulator server thread did not start within {START_TIMEOUT:g} s")

    def _serve(self, server: BaseWSGIServer) -> None:
        self._ready.set()
        server.serve_forever(poll_interval=0.1)

    def stop(self) -> None:
        """Stop serving and release the port; state stays in the store (see ``close``)."""
        server, self._server = self._server, None
        if server is None:
            return
        self.app.hold.close()  # held requests are answered 503 now, not after their timeout
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._thread = None

    def client(self) -> EmulatorClient:
        """An :class:`~plivo_emulator.harness.client.EmulatorClient` for this server's main account."""
        from plivo_emulator.harness.client import EmulatorClient

        return EmulatorClient(self.url, self.auth_id, self.auth_token)

    def close(self) -> None:
        """Stop and close the store; the object cannot be started again."""
        self.stop()
        self.store.close()

    def __enter__(self) -> EmulatorServer:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<EmulatorServer {self.url} {state}>"


def _allowed_hosts(names: Iterable[str]) -> frozenset[str]:
    if isinstance(names, str):  # one name, not its characters
        names = [names]
    return allowed_hosts(names)
