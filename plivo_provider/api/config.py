"""plivo_provider.config: every setting resolved in one place.

Precedence, for each key: stack config (``plivo:<key>``, as handed to the
provider's ``configure()``) > environment variable > default. Only this module
reads the environment.

On ``pulumi refresh`` and ``pulumi destroy`` (without ``--run-program``) the engine does not
run the program: it hands ``configure()`` the ``plivo:*`` config it recorded with the default
provider at the last ``up``, so "stack config" means that recorded copy there; a key set after
it falls back to the environment. docs/stacks-and-configuration.md says how a rotated token takes effect.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .errors import ConfigError
from .pacing import PLIVO_LIMIT, RateLimit

DEFAULT_API_URL = "https://api.plivo.com"
DEFAULT_REQUEST_TIMEOUT = 20.0
DEFAULT_MAX_RETRIES = 5
DEADLINE_PER_TIMEOUT = 2
"""An attempt's deadline (connect, send, headers and body together) in units of ``requestTimeout``:
time for a connect and a full wait for the answer, while a server dripping bytes, which resets
every per-read timeout, is cut off."""

AUTH_ID_RE = re.compile(r"(MA|SA)[A-Z0-9]{18}")
# Printable ASCII without spaces: what a token (sent as is in the Basic header) and a URL may hold.
VISIBLE_ASCII = re.compile(r"[!-~]+")
PORT_RE = re.compile(r"[0-9]{1,5}")
LOOPBACK_NAMES = frozenset({"localhost"})
SDK_SUFFIXES = ("/v1/Account", "/v1")  # the base URL as the official SDKs write it; accepted too


@dataclass(frozen=True)
class Key:
    """One setting: its stack-config name and its environment variable."""

    config: str
    env: str


AUTH_ID = Key("plivo:authId", "PLIVO_AUTH_ID")
AUTH_TOKEN = Key("plivo:authToken", "PLIVO_AUTH_TOKEN")
API_URL = Key("plivo:apiUrl", "PLIVO_API_URL")
REQUEST_TIMEOUT = Key("plivo:requestTimeout", "PLIVO_REQUEST_TIMEOUT")
MAX_RETRIES = Key("plivo:maxRetries", "PLIVO_MAX_RETRIES")
DEBUG = Key("plivo:debug", "PLIVO_DEBUG")
RATE_LIMIT = Key("plivo:rateLimit", "PLIVO_RATE_LIMIT")
ALL_KEYS = (AUTH_ID, AUTH_TOKEN, API_URL, REQUEST_TIMEOUT, MAX_RETRIES, DEBUG, RATE_LIMIT)


@dataclass(frozen=True)
class Settings:
    """Resolved settings for one Plivo account. ``auth_token`` never appears in ``repr``."""

    auth_id: str
    auth_token: str = field(repr=False)
    api_url: str = DEFAULT_API_URL
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT
    max_retries: int = DEFAULT_MAX_RETRIES
    debug: bool = False
    rate_limit: RateLimit | None = PLIVO_LIMIT
    """How fast this process may call the account (see :mod:`.pacing`); None: unpaced."""
    call_deadline: float | None = None
    """Seconds one attempt may take in all; None: :data:`DEADLINE_PER_TIMEOUT` x ``request_timeout``."""

    @property
    def deadline(self) -> float:
        """Seconds one HTTP attempt may take, connect, headers and body together."""
        return self.call_deadline or DEADLINE_PER_TIMEOUT * self.request_timeout

    @property
    def account_path(self) -> str:
        """The path prefix of every account call, e.g. ``/v1/Account/MA.../``."""
        return f"/v1/Account/{self.auth_id}/"


def _lookup(key: Key, config: Mapping[str, Any], environ: Mapping[str, str]) -> str | None:
    value = config.get(key.config)
    if value is None or value == "":
        value = environ.get(key.env)
    if value is None or value == "":
        return None
    return str(value).strip()


def _missing(key: Key, secret: bool) -> ConfigError:
    flag = " --secret" if secret else ""
    return ConfigError(
        f"{key.config} is not set: run `pulumi config set{flag} {key.config} <value>` or export {key.env}"
    )


def _parse_auth_id(raw: str | None) -> str:
    if raw is None:
        raise _missing(AUTH_ID, secret=False)
    if not AUTH_ID_RE.fullmatch(raw):
        raise ConfigError(
            f"{AUTH_ID.config} must be a Plivo auth ID: 'MA' or 'SA' then 18 capital letters or digits "
            f"(20 characters), got {len(raw)} characters starting {raw[:2]!r}"
        )
    return raw


def _parse_token(raw: str | None) -> str:
    if raw is None:
        raise _missing(AUTH_TOKEN, secret=True)
    if not VISIBLE_ASCII.fullmatch(raw):
        # Never echo it, not even in part: say what is wrong and how long it is.
        raise ConfigError(
            f"{AUTH_TOKEN.config} holds a space, a control or a non-ASCII character ({len(raw)} "
            "characters in all); copy the token again from the Plivo console and run "
            f"`pulumi config set --secret {AUTH_TOKEN.config} <token>` (or export {AUTH_TOKEN.env})"
        )
    return raw


def _url_error(rule: str, fix: str) -> ConfigError:
    return ConfigError(f"{API_URL.config} {rule}: {fix}")


def _is_loopback(host: str) -> bool:
    """``localhost``, 127.0.0.0/8 or ::1: an http:// URL stays on this machine."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_port(netloc: str) -> None:
    """After the host (``[v6]`` or a name without ``:``), nothing or ``:`` and a port 1..65535."""
    after_host = netloc.rpartition("]")[2] if netloc.startswith("[") else netloc
    if not netloc.startswith("[") and after_host.count(":") > 1:
        raise _url_error(
            "has more than one ':' after the host (an IPv6 address without brackets?)",
            "write an IPv6 address in brackets, e.g. http://[::1]:8080",
        )
    before, colon, port = after_host.partition(":")
    if netloc.startswith("[") and before:
        raise _url_error("has text after the bracketed IPv6 address", "write it as http://[::1]:8080")
    if colon and not (PORT_RE.fullmatch(port) and 1 <= int(port) <= 65535):
        raise _url_error(f"has port {port!r}", "use a port from 1 to 65535, or none for the default")


def _parse_api_url(raw: str | None) -> str:
    """The API's base address, ``scheme://host[:port]``; each rule broken is a one-line error.

    User info (which would hold the token) is refused before anything else is looked at; after
    that an error may quote the host and port, never the path, query or fragment.
    """
    if raw is None:
        return DEFAULT_API_URL
    if not VISIBLE_ASCII.fullmatch(raw):
        raise _url_error(
            "holds a space, a control or a non-ASCII character",
            "write the URL in ASCII (an international host name in its xn-- form)",
        )
    try:
        parts = urlsplit(raw)
    except ValueError:
        raise _url_error("is not a valid URL", "use https://api.plivo.com or http://127.0.0.1:8080") from None
    if "@" in parts.netloc:
        raise _url_error(
            "must not hold credentials (user:password@)",
            f"remove them and set {AUTH_ID.config} and `pulumi config set --secret {AUTH_TOKEN.config}`",
        )
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise _url_error(
            "must be an http(s) URL", "use https://api.plivo.com, or http://127.0.0.1:8080 for an emulator"
        )
    _check_port(parts.netloc)
    host = parts.hostname or ""
    if not host:
        raise _url_error("names no host", "use https://api.plivo.com")
    if parts.scheme == "http" and not _is_loopback(host):
        raise _url_error(
            f"uses http:// to {host}, off this machine: the credentials would travel in clear",
            f"use https://{parts.netloc} (http:// is for an emulator on 127.0.0.1, [::1] or localhost)",
        )
    if parts.path.rstrip("/") not in ("", *SDK_SUFFIXES):
        raise _url_error(
            "has a path", f"use {parts.scheme}://{parts.netloc} (the provider adds /v1/Account/...)"
        )
    if "?" in raw or "#" in raw:
        raise _url_error("has a query or a fragment", f"use {parts.scheme}://{parts.netloc}")
    return f"{parts.scheme}://{parts.netloc}"


def _parse_number(raw: str | None, key: Key, default: float, low: float, high: float) -> float:
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{key.config} must be a number, got {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{key.config} must be between {low:g} and {high:g}, got {raw}")
    return value


def _parse_retries(raw: str | None) -> int:
    value = _parse_number(raw, MAX_RETRIES, DEFAULT_MAX_RETRIES, 0, 20)
    if value != int(value):
        raise ConfigError(f"{MAX_RETRIES.config} must be a whole number, got {raw}")
    return int(value)


def _parse_rate_limit(raw: str | None) -> RateLimit | None:
    """``"300/5s"`` or ``"300/5"`` (requests / seconds); ``"0"`` turns pacing off."""
    if raw is None:
        return PLIVO_LIMIT
    if raw == "0":
        return None
    count, _, window = raw.partition("/")
    try:
        limit: RateLimit | None = RateLimit(int(count), float(window.strip().removesuffix("s")))
    except ValueError:
        limit = None
    if limit is None or not (0 < limit.count <= 100_000 and 0 < limit.window <= 3600):
        raise ConfigError(
            f"{RATE_LIMIT.config} must be requests/seconds such as 300/5s (Plivo's limit), "
            f"or 0 to send calls unpaced, got {raw!r}"
        )
    return limit


def _parse_bool(raw: str | None) -> bool:
    return raw is not None and raw.lower() in ("1", "true", "yes", "on")


def resolve_settings(
    config: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Build :class:`Settings` from stack config and the environment.

    :param config: flat stack config with namespaced keys (``{"plivo:authId": ...}``).
    :param environ: defaults to :data:`os.environ`.
    :raises ConfigError: naming the key and how to set it, without echoing secrets.
    """
    config = config or {}
    env = os.environ if environ is None else environ
    token = _lookup(AUTH_TOKEN, config, env)
    auth_id = _parse_auth_id(_lookup(AUTH_ID, config, env))
    token = _parse_token(token)
    return Settings(
        auth_id=auth_id,
        auth_token=token,
        api_url=_parse_api_url(_lookup(API_URL, config, env)),
        request_timeout=_parse_number(
            _lookup(REQUEST_TIMEOUT, config, env), REQUEST_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, 0.1, 600
        ),
        max_retries=_parse_retries(_lookup(MAX_RETRIES, config, env)),
        debug=_parse_bool(_lookup(DEBUG, config, env)),
        rate_limit=_parse_rate_limit(_lookup(RATE_LIMIT, config, env)),
    )
