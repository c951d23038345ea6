"""Command line: ``python -m plivo_emulator [flags]`` serves the emulator until SIGTERM or SIGINT."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from types import FrameType
from typing import TypeVar

from plivo_emulator.http.faults import DEFAULT_RATE_LIMIT, FaultConfig, parse_rate_limit
from plivo_emulator.http.lazy_server import MissingExtraError, missing_werkzeug
from plivo_emulator.limits import NUMBER_MAX_DIGITS, NUMBER_MIN_DIGITS
from plivo_emulator.loopback import LOOPBACK_RULE, URL_LINE_PREFIX, allowed_hosts, is_loopback, unbracketed
from plivo_emulator.state.catalog import BLOCKS, DOC_NUMBERS, VERIFICATION_COUNTRIES
from plivo_emulator.state.directory import (
    AUTH_TOKEN_VARIABLE,
    DEFAULT_AUTH_ID,
    DEFAULT_AUTH_TOKEN,
    WELL_KNOWN_APPS,
    well_known_apps,
)

# A module attribute, not a local import in main(), so a wrapper can swap the server class (the
# benchmarks' profiler does). Without werkzeug, main() explains the missing extra in one line.
try:
    from plivo_emulator.http.server import EmulatorServer
except ImportError as exc:
    if not missing_werkzeug(exc):
        raise
    _MISSING_EXTRA: str | None = str(MissingExtraError())
else:
    _MISSING_EXTRA = None

T = TypeVar("T")

_ACCESS_HELP = f"""\
every request (/v1/ and the control API): {LOOPBACK_RULE}
"""

_CONTROL_HELP = """\
control API (no auth; calls that change state need Content-Type: application/json;
never rate limited, held or logged):
  GET    /__emulator__/health                        -> {"ok": true}
  GET    /__emulator__/faults                        -> current fault settings
  POST   /__emulator__/faults                        {"rate_limit": "300/5s"|"0", "latency_ms": int,
                                                      "error_rate": float, "drop_after_commit": float,
                                                      "verify_after": float|null} -> new settings
  GET    /__emulator__/requests[?since=SEQ]          -> {"requests": [{seq, time, method, path, query,
                                                      status, account, dropped, latency_ms, fault}]}
  DELETE /__emulator__/requests                      -> clears the request log
  POST   /__emulator__/reset  [{"faults": true}]     -> fresh state, empty log, zero stats, no hold
                                                      (faults kept unless asked)
  POST   /__emulator__/numbers/{number}/verify       -> pending number becomes active/"accepted"
  POST   /__emulator__/numbers/{number}/reject       -> number becomes inactive/"rejected"
  POST   /__emulator__/accounts {"auth_id","auth_token"} -> another main account (201)
  DELETE /__emulator__/accounts/{auth_id}            -> that account and its family; numbers for sale again
  GET    /__emulator__/accounts/{auth_id}/numbers    -> every stored number record of the account
  POST   /__emulator__/hold {"after_purchases": N, "timeout": S}
                                                     -> after N more purchases, hold every API request
  GET    /__emulator__/hold[?wait=S]                 -> {armed, after_purchases, purchases, engaged,
                                                      held, timeout}; waits up to S s for held >= 1
  DELETE /__emulator__/hold                          -> release: held requests go on
  GET    /__emulator__/stats                         -> requests, statuses, purchases, peak rates per
                                                      account and in total; DELETE zeroes them
"""

_PENDING = ", ".join(sorted(VERIFICATION_COUNTRIES))
_DIGITS = f"{NUMBER_MIN_DIGITS}-{NUMBER_MAX_DIGITS}"
_CHOICES_HELP = f"""\
behaviour choices where Plivo's is unknown (see plivo_emulator/README.md):
  verification countries (buy answers "pending", inactive until verified): {_PENDING}
  path numbers: one leading "+" is stripped; anything but {_DIGITS} digits is 404 "not found"
  unknown app_id on buy/update: 400 "invalid app_id"; bad values: 400 naming the field
  401 body: {{"error": "authentication credentials were not provided"}}; 429 sends Retry-After
  the Basic user must equal the auth_id in the path; disabled subaccounts get 401
  deleting an application unlinks its numbers; without a default_number_app, buys link nothing
"""


def _epilog() -> str:
    names = {app.app_id: app.app_name for app in well_known_apps("")}
    apps = "\n".join(f"  {key:<8} {app_id}  {names[app_id]}" for key, app_id in WELL_KNOWN_APPS.items())
    docs = ", ".join(DOC_NUMBERS)
    blocks = "\n".join(f"  {b.name:<24} {b.first}-{b.first + b.count - 1}" for b in BLOCKS)
    return (
        f"{_ACCESS_HELP}\n{_CONTROL_HELP}\nwell-known applications (every main account, fixed ids, any seed;"
        f" 'default' is the default_number_app):\n{apps}\n\n"
        f"well-known numbers (in the inventory for every seed):\n  docs: {docs}\n{blocks}\n\n{_CHOICES_HELP}"
    )


def _checked(convert: Callable[[str], T], check: Callable[[T], bool], message: str) -> Callable[[str], T]:
    def parse(text: str) -> T:
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(message) from None
        if not check(value):
            raise argparse.ArgumentTypeError(message)
        return value

    return parse


def _rate_limit(text: str) -> str:
    try:
        parse_rate_limit(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _allowed_host(text: str) -> str:
    try:
        allowed_hosts([text])
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def start_up_warnings(args: argparse.Namespace) -> list[str]:
    """One line per risky choice on the command line (never naming the token)."""
    warnings = []
    if args.auth_token is not None:
        warnings.append(
            "--auth-token is visible to every user of this machine in the process list (ps);"
            f" set {AUTH_TOKEN_VARIABLE} instead"
        )
    if not is_loopback(args.host):
        warnings.append(
            f"--host {args.host} is not a loopback address: other machines can reach the emulator,"
            f" whose control API has no authentication ({LOOPBACK_RULE})"
        )
    return [f"plivo emulator: warning: {line}" for line in warnings]


def build_parser() -> argparse.ArgumentParser:
    """The CLI's argument parser; ``--help`` documents flags, control API and well-known data."""
    parser = argparse.ArgumentParser(
        prog="python -m plivo_emulator",
        description="A local emulator of Plivo's phone-number REST API (/v1/Account/{auth_id}/...).",
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    probability = _checked(float, lambda p: 0.0 <= p <= 1.0, "must be a number between 0 and 1")
    add = parser.add_argument
    add(
        "--host",
        type=unbracketed,
        default="127.0.0.1",
        help="address to bind; IPv6 with or without brackets; warns unless loopback (default: %(default)s)",
    )
    add(
        "--port",
        type=_checked(int, lambda p: 0 <= p < 65536, "must be 0-65535"),
        default=8080,
        help="port to bind; 0 picks a free one (default: %(default)s)",
    )
    add("--auth-id", default=DEFAULT_AUTH_ID, help="main account auth_id (default: %(default)s)")
    add(
        "--auth-token",
        default=None,
        help=(
            f"main account auth_token; prefer ${AUTH_TOKEN_VARIABLE}, since other users see flags in ps"
            f" (default: ${AUTH_TOKEN_VARIABLE} or {DEFAULT_AUTH_TOKEN!r}); never printed"
        ),
    )
    add(
        "--allow-host",
        metavar="NAME",
        type=_allowed_host,
        action="append",
        default=[],
        help="also answer requests whose Host is NAME (repeatable; for a non-loopback bind)",
    )
    add(
        "--state",
        metavar="FILE",
        default=None,
        help="SQLite state file (WAL, synchronous=FULL, mode 0600); default: in memory",
    )
    add("--seed", type=int, default=0, help="seed for the inventory, ids and faults (default: %(default)s)")
    add(
        "--rate-limit",
        type=_rate_limit,
        default=DEFAULT_RATE_LIMIT,
        help="requests/seconds per account, e.g. 300/5 or 300/5s; '0' for none (default: %(default)s)",
    )
    add(
        "--latency-ms",
        type=_checked(int, lambda v: v >= 0, "must be >= 0"),
        default=0,
        help="delay added to every /v1/ request (default: 0)",
    )
    add(
        "--error-rate",
        type=probability,
        default=0.0,
        help="probability of answering 500/503 before doing any work (default: 0)",
    )
    add(
        "--drop-after-commit",
        type=probability,
        default=0.0,
        help="probability that a buy/update/delete commits, then the connection drops unanswered (default 0)",
    )
    add(
        "--verify-after",
        metavar="SECONDS",
        type=_checked(float, lambda v: v >= 0, "must be >= 0"),
        default=None,
        help="pending numbers verify themselves this long after purchase (default: only via the control API)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the emulator until SIGTERM/SIGINT; returns the exit status (0 on a clean stop).

    Without werkzeug (the ``[emulator]`` extra) it prints one line naming the install command and
    returns 2, whatever the arguments.
    """
    if _MISSING_EXTRA is not None:
        print(f"plivo-emulator: {_MISSING_EXTRA}", file=sys.stderr)
        return 2
    args = build_parser().parse_args(argv)
    for line in start_up_warnings(args):
        print(line, file=sys.stderr, flush=True)
    token = (
        args.auth_token
        if args.auth_token is not None
        else os.environ.get(AUTH_TOKEN_VARIABLE, DEFAULT_AUTH_TOKEN)
    )
    faults = FaultConfig(
        args.rate_limit, args.latency_ms, args.error_rate, args.drop_after_commit, args.verify_after
    )
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    # Handlers go in before binding so a signal that arrives during start-up still exits cleanly.
    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    try:
        server = EmulatorServer(
            args.host,
            args.port,
            args.auth_id,
            token,
            args.state,
            args.seed,
            faults=faults,
            allowed_hosts=args.allow_host,
        )
        server.start()
    except (OSError, ValueError) as exc:
        print(f"plivo emulator: cannot start: {exc}", file=sys.stderr)
        return 1
    print(f"{URL_LINE_PREFIX}{server.url}", flush=True)
    while not stop.wait(0.5):
        pass
    server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
