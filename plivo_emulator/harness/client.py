"""EmulatorClient: a running emulator seen by one main account, its control API and the Plivo API.

This module needs only ``requests`` and the standard library (no pytest, no werkzeug), so test
suites, benchmarks and scripts can all use it; the pytest fixtures (:mod:`.fixtures`) are built on
it. Users import it as ``plivo_emulator.testing.EmulatorClient``.

The client talks to an emulator that is already running: its control API (``/__emulator__/``:
reset, faults, request log, holds, stats, accounts, verification) and, with one account's
credentials, the Plivo API itself ("the Plivo console", for arranging state or changing it behind a
program's back)::

    client = EmulatorClient("http://127.0.0.1:8080")
    client.reset()
    client.buy("14155550100")
    assert "14155550100" in client.owned()

An in-thread server (:class:`plivo_emulator.EmulatorServer`) and an emulator process
(:class:`~.process.EmulatorProcess`) both hand out this client from their ``client()``.
"""

from __future__ import annotations

import json
import secrets
import string
from typing import Any

import requests

from plivo_emulator.limits import AUTH_ID_SUFFIX
from plivo_emulator.state.directory import DEFAULT_AUTH_ID, DEFAULT_AUTH_TOKEN

__all__ = ["JSON_HEADERS", "TIMEOUT", "EmulatorClient"]

TIMEOUT = 10.0  # seconds for one HTTP call to the emulator
JSON_HEADERS = {"Content-Type": "application/json"}  # what the SDKs send; the control API requires it
_ID_ALPHABET = string.ascii_uppercase + string.digits


class EmulatorClient:
    """A running emulator seen by one main account: its URL, credentials and control API.

    Control calls (:meth:`control` and the helpers built on it) raise ``requests.HTTPError``
    when the emulator answers with an error status; :meth:`api` and :meth:`buy` return the raw
    ``requests.Response`` whatever its status, as a Plivo client would see it.
    """

    def __init__(
        self,
        url: str,
        auth_id: str = DEFAULT_AUTH_ID,
        auth_token: str = DEFAULT_AUTH_TOKEN,
        timeout: float = TIMEOUT,
    ) -> None:
        self.url = url.rstrip("/")
        self.auth_id = auth_id
        self.auth_token = auth_token
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"<EmulatorClient {self.url} {self.auth_id}>"  # never the token

    # -- control API -------------------------------------------------------------------------

    def control(self, method: str, path: str, body: Any = None, timeout: float | None = None) -> Any:
        """Call ``/__emulator__/{path}`` and return its decoded JSON (None for an empty answer).

        Every call says ``Content-Type: application/json``, with or without a body: the emulator
        refuses state-changing control calls that do not (they could come from a web page).

        :raises requests.HTTPError: when the emulator answers 4xx/5xx.
        """
        response = requests.request(
            method,
            f"{self.url}/__emulator__/{path}",
            data=None if body is None else json.dumps(body),
            headers=JSON_HEADERS,
            timeout=timeout or self.timeout,
        )
        response.raise_for_status()
        return response.json() if response.content else None

    def health(self) -> bool:
        """True when the emulator answers its health check."""
        return bool(self.control("GET", "health")["ok"])

    def reset(self) -> None:
        """Fresh state for every account, the start-up fault settings, an empty request log,
        zeroed stats and no hold (held requests are let through)."""
        self.control("POST", "reset", {"faults": True})

    def faults(self, **values: Any) -> dict[str, Any]:
        """Change fault settings (``rate_limit``, ``latency_ms``, ``error_rate``,
        ``drop_after_commit``, ``verify_after``); returns the settings now in force."""
        return dict(self.control("POST", "faults", values))

    def requests_log(self, since: int = 0) -> list[dict[str, Any]]:
        """Logged ``/v1/`` requests with a sequence number above ``since``, oldest first.

        Each entry has ``seq, time, method, path, query, status, account, dropped, latency_ms,
        fault``; never credentials or bodies.
        """
        return list(self.control("GET", f"requests?since={since}")["requests"])

    def clear_requests(self) -> None:
        """Empty the request log (sequence numbers keep increasing)."""
        self.control("DELETE", "requests")

    def calls(self, method: str, fragment: str) -> int:
        """How many logged API calls used ``method`` on a path containing ``fragment``."""
        return sum(1 for r in self.requests_log() if r["method"] == method and fragment in r["path"])

    def owned(self, auth_id: str | None = None) -> dict[str, dict[str, Any]]:
        """Every number an account rents (a main account's include its subaccounts'), by number.

        The values are the emulator's full stored records, a superset of Plivo's Number object.
        """
        body = self.control("GET", f"accounts/{auth_id or self.auth_id}/numbers")
        return {item["number"]: item for item in body["numbers"]}

    def verify(self, number: str) -> dict[str, Any]:
        """Accept a pending number's documents: it becomes active, compliance "accepted"."""
        return dict(self.control("POST", f"numbers/{number}/verify"))

    def reject(self, number: str) -> dict[str, Any]:
        """Reject a number's documents: it stays inactive, compliance "rejected"."""
        return dict(self.control("POST", f"numbers/{number}/reject"))

    def stats(self) -> dict[str, Any]:
        """Request counts since the last reset: ``{"total": …, "accounts": {auth_id: …}}``.

        Each count has ``requests``, ``statuses`` (status code as a string -> count),
        ``purchases`` (successful buys), ``peak_per_second`` and ``peak_per_5s`` (most requests
        answered within any 1 s / 5 s window). ``stats()["total"]["statuses"].get("429", 0)`` is
        the number of rate-limited answers.
        """
        return dict(self.control("GET", "stats"))

    def clear_stats(self) -> None:
        """Zero the request counts without touching state."""
        self.control("DELETE", "stats")

    # -- holds (crash tests) -----------------------------------------------------------------

    def hold_after_purchases(self, n: int, timeout: float | None = None) -> dict[str, Any]:
        """Arm a hold: once ``n`` more purchases have committed, every further API request is held.

        A held request gets no answer until :meth:`release` or :meth:`reset`; after ``timeout``
        seconds (the emulator's default is 120) it is answered 503 without doing any work. At
        most ``n`` purchases commit: a buy that could exceed ``n`` waits for the ones in flight.
        Returns the hold's state (see :meth:`wait_held`).
        """
        body: dict[str, Any] = {"after_purchases": n}
        if timeout is not None:
            body["timeout"] = timeout
        return dict(self.control("POST", "hold", body))

    def wait_held(self, timeout: float = 30.0) -> dict[str, Any]:
        """Wait until the hold has engaged and at least one request is held; returns the state
        ``{"armed", "after_purchases", "purchases", "engaged", "held", "timeout"}``.

        :raises TimeoutError: if that has not happened within ``timeout`` seconds.
        """
        state = dict(self.control("GET", f"hold?wait={timeout:g}", timeout=timeout + self.timeout))
        if not (state["engaged"] and state["held"] >= 1):
            raise TimeoutError(f"no request held within {timeout:g} s: {state}")
        return state

    def release(self) -> dict[str, Any]:
        """Disarm the hold and let every held request through; returns the hold's state."""
        return dict(self.control("DELETE", "hold"))

    # -- accounts ----------------------------------------------------------------------------

    def add_account(self, auth_id: str | None = None, auth_token: str | None = None) -> EmulatorClient:
        """Create another main account (random id and token unless given); returns its client."""
        auth_id = auth_id or "MA" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(AUTH_ID_SUFFIX))
        auth_token = auth_token or secrets.token_urlsafe(24)
        self.control("POST", "accounts", {"auth_id": auth_id, "auth_token": auth_token})
        return EmulatorClient(self.url, auth_id, auth_token, self.timeout)

    def delete_account(self, auth_id: str | None = None) -> None:
        """Delete a main account (this client's by default) with its subaccounts, applications,
        trunks and numbers, which are for sale again. The start-up account cannot be deleted."""
        self.control("DELETE", f"accounts/{auth_id or self.auth_id}")

    def as_account(self, auth_id: str, auth_token: str) -> EmulatorClient:
        """A client for the same emulator acting as another account (e.g. a subaccount)."""
        return EmulatorClient(self.url, auth_id, auth_token, self.timeout)

    # -- the Plivo API, as this account ------------------------------------------------------

    def api(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        params: dict[str, Any] | None = None,
        data: bytes | None = None,
        timeout: float | None = None,
    ) -> requests.Response:
        """A raw call to ``/v1/Account/{auth_id}/{path}`` with this account's Basic auth.

        ``body`` is sent as JSON; ``data`` sends raw bytes instead. Like the official SDK, every
        request says ``Content-Type: application/json``. The response comes back as is.
        """
        payload = json.dumps(body).encode() if body is not None else data
        return requests.request(
            method,
            f"{self.url}/v1/Account/{self.auth_id}/{path}",
            params=params,
            data=payload,
            auth=(self.auth_id, self.auth_token),
            headers=JSON_HEADERS,
            timeout=timeout or self.timeout,
        )

    def buy(self, number: str, /, **body: Any) -> requests.Response:
        """``POST PhoneNumber/{number}/`` with ``body`` as the JSON options (e.g. ``app_id``)."""
        return self.api("POST", f"PhoneNumber/{number}/", body)

    def env(self) -> dict[str, str]:
        """The variables a Plivo program reads: ``PLIVO_AUTH_ID``, ``PLIVO_AUTH_TOKEN``, ``PLIVO_API_URL``."""
        return {"PLIVO_AUTH_ID": self.auth_id, "PLIVO_AUTH_TOKEN": self.auth_token, "PLIVO_API_URL": self.url}
