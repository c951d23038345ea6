"""plivo_provider: Plivo phone numbers as Pulumi resources.

``from plivo_provider import PhoneNumber`` in a Pulumi program; the client and
errors are public too, for scripts and tests.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .client import PlivoClient
from .config import Settings, resolve_settings
from .errors import (
    AuthenticationError,
    ConfigError,
    NotFoundError,
    OutcomeUnknownError,
    PlivoError,
    RateLimitedError,
    ServerError,
    TransportError,
    UnreachableError,
    ValidationError,
)
from .pool import PhoneNumberPool
from .provider import PhoneNumberProvider
from .resource import PhoneNumber

__all__ = [
    "AuthenticationError",
    "ConfigError",
    "NotFoundError",
    "OutcomeUnknownError",
    "PhoneNumber",
    "PhoneNumberPool",
    "PhoneNumberProvider",
    "PlivoClient",
    "PlivoError",
    "RateLimitedError",
    "ServerError",
    "Settings",
    "TransportError",
    "UnreachableError",
    "ValidationError",
    "resolve_settings",
]
