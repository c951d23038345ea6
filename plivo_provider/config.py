"""plivo_provider.config: every setting resolved in one place.

Precedence, for each key: stack config (``plivo:<key>``, as handed to the
provider's ``configure()``) > environment variable > default. Only this module
reads the environment.
"""

from __future__ import annotations

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

AUTH_ID_RE = re.compile(r"^(MA|SA)[A-Z0-9]{18}$")


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
    if not AUTH_ID_RE.match(raw):
        raise ConfigError(
            f"{AUTH_ID.config} must be a Plivo auth ID: 'MA' or 'SA' then 18 capital letters or digits "
            f"(20 characters), got {len(raw)} characters starting {raw[:2]!r}"
        )
    return raw


def _parse_api_url(raw: str | None) -> str:
    if raw is None:
        return DEFAULT_API_URL
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            f"{API_URL.config} must be an http(s) URL such as https://api.plivo.com "
            f"or http://127.0.0.1:8080, got {raw!r}"
        )
    url = raw.rstrip("/")
    # Accept the SDK-style base too: ".../v1" or ".../v1/Account" would double the path.
    for suffix in ("/v1/Account", "/v1"):
        if url.endswith(suffix):
            url = url[: -len(suffix)]
    return url


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
    if token is None:
        raise _missing(AUTH_TOKEN, secret=True)
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
