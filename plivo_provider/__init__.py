"""plivo_provider: Plivo phone numbers as Pulumi resources.

``from plivo_provider import PhoneNumber`` in a Pulumi program; the client and
errors are public too, for scripts and tests.
"""

from __future__ import annotations

__version__ = "0.2.0"

from .application import Application, ApplicationProvider
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
from .objects import NameConflictError
from .pool import PhoneNumberPool
from .provider import PhoneNumberProvider
from .resource import PhoneNumber
from .trunk import Trunk, TrunkProvider

__all__ = [
    "Application",
    "ApplicationProvider",
    "AuthenticationError",
    "ConfigError",
    "NameConflictError",
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
    "Trunk",
    "TrunkProvider",
    "UnreachableError",
    "ValidationError",
    "resolve_settings",
]
