"""Handlers of the /__emulator__/ control API: health, faults, request log, reset, accounts and more.

Like ``handlers.py`` these sit at the HTTP layer and take werkzeug requests. There is no
authentication (bind the emulator to loopback); JSON goes in and out, errors as ``{"error": …}``.
Control calls are never rate limited, delayed, failed on purpose, held or logged.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from werkzeug.wrappers import Request, Response

from plivo_emulator.backend import Backend
from plivo_emulator.directory import WELL_KNOWN_APPS
from plivo_emulator.errors import BadRequest
from plivo_emulator.faults import FaultConfig, Faults
from plivo_emulator.inputs import opt_bool, parse_body, req_str


@dataclass
class Control:
    """What the control handlers act on."""

    backend: Backend
    faults: Faults
    initial_faults: FaultConfig


ControlHandler = Callable[..., Response]


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
    """``POST reset [{"faults": true}]`` -> fresh state; faults are kept unless asked."""
    body = parse_body(request.get_data())
    reset_faults = bool(opt_bool(body, "faults"))
    ctl.backend.reset()
    if reset_faults:
        ctl.faults.replace_config(ctl.initial_faults)
    ctl.faults.limiter.clear()
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


def account_numbers(ctl: Control, request: Request, auth_id: str) -> Response:
    """``GET accounts/{auth_id}/numbers`` -> full stored records, subaccounts' included."""
    records = ctl.backend.numbers.numbers_for_account(auth_id)
    return reply({"numbers": [dataclasses.asdict(r) for r in records]})


CONTROL_HANDLERS: dict[str, ControlHandler] = {
    "health": health,
    "faults.get": get_faults,
    "faults.set": set_faults,
    "requests.get": get_requests,
    "requests.clear": clear_requests,
    "reset": reset,
    "number.verify": verify_number,
    "number.reject": reject_number,
    "accounts.add": add_account,
    "accounts.numbers": account_numbers,
}
