"""A hostile fake of Plivo's API on loopback: each test scripts the bytes it answers with.

:class:`HostileAPI` is a threaded TCP server on 127.0.0.1 (port 0). Every request it receives is
recorded, then answered by the test's ``answer(request, wire)``, which writes raw bytes through
:class:`Wire`: a status line and headers a byte at a time, a body that never ends, a redirect,
50 MB of zeros. The server never runs long: every drip loop stops after :data:`DRIP_BUDGET`
seconds, and ``wire.hung_up`` tells whether the client went away before the answer was done.
"""

from __future__ import annotations

import json
import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

DRIP_BUDGET = 3.0  # seconds a dripping answer may last at most, client or no client
DRIP_PAUSE = 0.1  # between two drips: well below the tests' per-read timeout


@dataclass
class Request:
    """One request as the server read it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class Wire:
    """The connection to the client, for one answer. Writes raise nothing: a client that hung up
    sets :attr:`hung_up` and later writes are dropped."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.hung_up = False
        self.done = threading.Event()  # set once the answer is written (or given up)

    def send(self, data: bytes | str) -> bool:
        """Write ``data``; False once the client is gone."""
        if self.hung_up:
            return False
        try:
            self.sock.sendall(data.encode("latin-1") if isinstance(data, str) else data)
        except OSError:
            self.hung_up = True
        return not self.hung_up

    def drip(self, pieces: Iterator[bytes]) -> None:
        """Send ``pieces`` one per :data:`DRIP_PAUSE`, until they run out, the client hangs up or
        :data:`DRIP_BUDGET` is spent."""
        ends = time.monotonic() + DRIP_BUDGET
        for piece in pieces:
            if time.monotonic() > ends or not self.send(piece):
                return
            time.sleep(DRIP_PAUSE)
            self._notice_hang_up()

    def _notice_hang_up(self) -> None:
        # A client that shut its socket down reads as end of stream here; sendall may not fail
        # for a while (the kernel buffers), so look for it.
        self.sock.setblocking(False)
        try:
            if self.sock.recv(1, socket.MSG_PEEK) == b"":
                self.hung_up = True
        except BlockingIOError:
            pass
        except OSError:
            self.hung_up = True
        finally:
            self.sock.setblocking(True)


def respond(wire: Wire, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
    """A complete answer: ``body`` as JSON (bytes or str sent as they are)."""
    payload = body if isinstance(body, bytes) else (body if isinstance(body, str) else json.dumps(body))
    data = payload.encode() if isinstance(payload, str) else payload
    lines = [f"HTTP/1.1 {status} X", f"Content-Length: {len(data)}", "Content-Type: application/json"]
    lines.append("Connection: close")  # one request per connection: no stale keep-alive to trip on
    lines += [f"{key}: {value}" for key, value in (headers or {}).items()]
    wire.send("\r\n".join(lines).encode("latin-1") + b"\r\n\r\n" + data)


Answer = Callable[[Request, Wire], None]


@dataclass
class HostileAPI:
    """The server: ``answer`` decides every reply; ``requests`` and ``wires`` record what happened."""

    answer: Answer = field(default=lambda request, wire: respond(wire, 200, {}))
    requests: list[Request] = field(default_factory=list)
    wires: list[Wire] = field(default_factory=list)

    def __post_init__(self) -> None:
        api = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                self.request.settimeout(DRIP_BUDGET)
                request = _read_request(self.request)
                if request is None:
                    return
                wire = Wire(self.request)
                api.requests.append(request)
                api.wires.append(wire)
                try:
                    api.answer(request, wire)
                finally:
                    wire.done.set()

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> HostileAPI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=DRIP_BUDGET)


def _read_request(sock: socket.socket) -> Request | None:
    """One HTTP/1.1 request (headers, then a Content-Length body); None if the client left."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    request_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        key, _, value = line.partition(":")
        headers[key.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    method, path, _ = request_line.split(" ", 2)
    return Request(method, path, headers, body)
