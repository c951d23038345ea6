"""plivo_provider: Plivo phone numbers as Pulumi resources.

``from plivo_provider import PhoneNumber`` in a Pulumi program; the client and
errors are public too, for scripts and tests.
"""

from __future__ import annotations

__version__ = "0.2.0"

from .api.client import PlivoClient
from .api.config import Settings, resolve_settings
from .api.errors import (
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
from .lifecycle.by_name import NameConflictError
from .resources.application import Application, ApplicationProvider
from .resources.endpoint import Endpoint, EndpointProvider
from .resources.phone_number import PhoneNumber, PhoneNumberProvider
from .resources.pool import PhoneNumberPool
from .resources.powerpack import Powerpack, PowerpackProvider
from .resources.trunk import Trunk, TrunkProvider

__all__ = [
    "Application",
    "ApplicationProvider",
    "AuthenticationError",
    "ConfigError",
    "Endpoint",
    "EndpointProvider",
    "NameConflictError",
    "NotFoundError",
    "OutcomeUnknownError",
    "PhoneNumber",
    "PhoneNumberPool",
    "PhoneNumberProvider",
    "PlivoClient",
    "PlivoError",
    "Powerpack",
    "PowerpackProvider",
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
