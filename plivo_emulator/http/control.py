"""Handlers of the /__emulator__/ control API: health, faults, request log, reset, accounts and more.

``urls.CONTROL`` maps each path and method to one of them.

Like ``handlers.py`` these sit at the HTTP layer and take werkzeug requests. There is no
authentication (bind the emulator to loopback); JSON goes in and out, errors as ``{"error": …}``.
Control calls are never rate limited, delayed, failed on purpose, held or logged.

Against a web page in the developer's browser: the app answers only loopback ``Host`` names (see
``loopback.py``), and every call that changes state must say ``Content-Type: application/json``
(:func:`require_json`), which a cross-site page cannot send without a CORS preflight that the
emulator never grants.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from werkzeug.wrappers import Request, Response

from plivo_emulator.errors import BadRequest, UnsupportedMediaType
from plivo_emulator.http.faults import FaultConfig, Faults
from plivo_emulator.http.hold import DEFAULT_TIMEOUT, Hold
from plivo_emulator.http.stats import RequestStats
from plivo_emulator.state.backend import Backend
from plivo_emulator.state.directory import WELL_KNOWN_APPS
from plivo_emulator.state.inputs import opt_bool, parse_body, req_str

MAX_HOLD_SECONDS = 3600.0  # bound on a hold's timeout and on GET hold?wait=


@dataclass
class Control:
    """What the control handlers act on."""

    backend: Backend
    faults: Faults
    initial_faults: FaultConfig
    hold: Hold
    stats: RequestStats


ControlHandler = Callable[..., Response]

# Methods a control call may use without a JSON content type: they only read.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def require_json(request: Request) -> None:
    """Refuse (415) a state-changing call not sent as ``application/json``, even with no body.

    A page on another site can post ``text/plain``, form data or nothing at all to 127.0.0.1
    without a CORS preflight; it cannot send ``application/json`` that way.
    """
    if request.method not in READ_METHODS and request.mimetype != "application/json":
        raise UnsupportedMediaType()


def reply(payload: Any, status: int = 200) -> Response:
    """A control-API JSON answer."""
    return Response(json.dumps(payload), status=status, mimetype="application/json")


def health(ctl: Control, request: Request) -> Response:
    """``GET health`` -> ``{"ok": true}``."""
    return reply({"ok": True})


def get_faults(ctl: Control, request: Request) -> Response:
    """``GET faults`` -> the current fault configuration."""
    return reply(ctl.faults.config.to_json())


def set_faults(ctl: Control, request: Request) -> Response:
    """``POST faults`` with any subset of the settings -> the new configuration."""
    return reply(ctl.faults.update(parse_body(request.get_data())).to_json())


def get_requests(ctl: Control, request: Request) -> Response:
    """``GET requests[?since=SEQ]`` -> the /v1/ request log, oldest first."""
    since_text = request.args.get("since", "0")
    if not (since_text.isascii() and since_text.isdigit()) or len(since_text) > 18:
        raise BadRequest("since must be a non-negative integer")
    entries = ctl.backend.store.read_log(int(since_text))
    return reply({"requests": [dataclasses.asdict(e) for e in entries]})


def clear_requests(ctl: Control, request: Request) -> Response:
    """``DELETE requests`` -> empties the log."""
    ctl.backend.store.clear_log()
    return reply({"requests": []})


def reset(ctl: Control, request: Request) -> Response:
    """``POST reset [{"faults": true}]`` -> fresh state, empty log, zero stats, no hold; faults
    are kept unless asked."""
    body = parse_body(request.get_data())
    reset_faults = bool(opt_bool(body, "faults"))
    ctl.backend.reset()
    if reset_faults:
        ctl.faults.replace_config(ctl.initial_faults)
    ctl.faults.limiter.clear()
    ctl.hold.release()
    ctl.stats.clear()
    return reply({"ok": True, "faults": ctl.faults.config.to_json()})


def verify_number(ctl: Control, request: Request, number: str) -> Response:
    """``POST numbers/{n}/verify`` -> the number becomes active, compliance "accepted"."""
    return reply(dataclasses.asdict(ctl.backend.numbers.verify_number(number)))


def reject_number(ctl: Control, request: Request, number: str) -> Response:
    """``POST numbers/{n}/reject`` -> the number stays inactive, compliance "rejected"."""
    return reply(dataclasses.asdict(ctl.backend.numbers.reject_number(number)))


def add_account(ctl: Control, request: Request) -> Response:
    """``POST accounts {"auth_id", "auth_token"}`` -> 201; the account gets the well-known apps."""
    body = parse_body(request.get_data())
    account = ctl.backend.directory.add_main_account(req_str(body, "auth_id"), req_str(body, "auth_token"))
    return reply({"auth_id": account.auth_id, "apps": WELL_KNOWN_APPS}, status=201)


def delete_account(ctl: Control, request: Request, auth_id: str) -> Response:
    """``DELETE accounts/{auth_id}`` -> the main account and its family are gone; its numbers are
    for sale again. The start-up account cannot be deleted (reset instead)."""
    if auth_id == ctl.backend.auth_id:
        raise BadRequest("the start-up account cannot be deleted; reset the emulator instead")
    ctl.backend.directory.remove_main_account(auth_id)
    return reply({"ok": True})


def account_numbers(ctl: Control, request: Request, auth_id: str) -> Response:
    """``GET accounts/{auth_id}/numbers`` -> full stored records, subaccounts' included."""
    records = ctl.backend.numbers.numbers_for_account(auth_id)
    return reply({"numbers": [dataclasses.asdict(r) for r in records]})


def get_hold(ctl: Control, request: Request) -> Response:
    """``GET hold[?wait=S]`` -> the hold's state, after waiting up to S seconds for it to have
    engaged and be holding at least one request."""
    wait = _seconds(request.args.get("wait", "0"), "wait", allow_zero=True)
    return reply(ctl.hold.state(wait))


def arm_hold(ctl: Control, request: Request) -> Response:
    """``POST hold {"after_purchases": N[, "timeout": S]}`` -> arms the hold (see hold.py)."""
    body = parse_body(request.get_data())
    unknown = set(body) - {"after_purchases", "timeout"}
    if unknown:
        raise BadRequest(f"unknown hold settings: {', '.join(sorted(unknown))}")
    after = body.get("after_purchases")
    if isinstance(after, bool) or not isinstance(after, int) or after < 0:
        raise BadRequest("after_purchases must be a non-negative integer")
    timeout = _seconds(body.get("timeout", DEFAULT_TIMEOUT), "timeout", allow_zero=False)
    return reply(ctl.hold.arm(after, timeout))


def release_hold(ctl: Control, request: Request) -> Response:
    """``DELETE hold`` -> disarms the hold; held requests go on."""
    return reply(ctl.hold.release())


def _seconds(value: object, key: str, allow_zero: bool) -> float:
    try:
        seconds = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        seconds = -1.0
    if isinstance(value, bool) or not (0 <= seconds <= MAX_HOLD_SECONDS) or (seconds == 0 and not allow_zero):
        raise BadRequest(f"{key} must be a number of seconds up to {MAX_HOLD_SECONDS:g}")
    return seconds


def get_stats(ctl: Control, request: Request) -> Response:
    """``GET stats`` -> request counts since the last reset (see stats.py)."""
    return reply(ctl.stats.to_json())


def clear_stats(ctl: Control, request: Request) -> Response:
    """``DELETE stats`` -> zeroes the counts."""
    ctl.stats.clear()
    return reply(ctl.stats.to_json())
