"""Emulator errors: each class declares the HTTP ``status`` and Plivo ``message`` it is answered with."""

from __future__ import annotations

from typing import ClassVar

from plivo_emulator.loopback import LOOPBACK_RULE


class EmulatorError(Exception):
    """Base class for every error the emulator turns into a Plivo-style JSON answer.

    Subclasses set ``status`` and ``message`` as class attributes (moto style); an instance may
    override the message. ``include_api_id`` is false only where Plivo was seen to omit it.
    """

    status: ClassVar[int] = 500
    message: ClassVar[str] = "internal server error"
    include_api_id: ClassVar[bool] = True

    def __init__(self, message: str | None = None) -> None:
        self.text = message if message is not None else self.message
        super().__init__(self.text)

    def __str__(self) -> str:
        return f"{self.status}: {self.text}"


class BadRequest(EmulatorError):
    """Raised when a parameter is missing, has the wrong type or breaks a documented rule."""

    status = 400
    message = "invalid request"


class InvalidAppId(BadRequest):
    """Raised when an ``app_id`` names no application the caller can see (text chosen: unknown)."""

    message = "invalid app_id"


class Unauthorized(EmulatorError):
    """Raised when Basic credentials are missing, wrong, or do not match the path's auth_id."""

    status = 401
    message = "authentication credentials were not provided"
    # Plivo's 401 bodies were observed without an api_id (PHP SDK added a mock for exactly that).
    include_api_id = False


class Forbidden(EmulatorError):
    """Raised when a subaccount calls an operation reserved for main accounts."""

    status = 403
    message = "forbidden"


class ForeignHost(EmulatorError):
    """Raised when a request's ``Host`` is not a loopback name or an allowed host (DNS rebinding)."""

    status = 403
    message = LOOPBACK_RULE


class NotFound(EmulatorError):
    """Raised when a resource does not exist or is not visible to the caller."""

    status = 404
    message = "not found"


class MethodNotAllowed(EmulatorError):
    """Raised when the path exists but not for this HTTP method."""

    status = 405
    message = "method not allowed"


class PayloadTooLarge(EmulatorError):
    """Raised when a request body exceeds the emulator's 1 MiB limit."""

    status = 413
    message = "request body too large"


class UnsupportedMediaType(EmulatorError):
    """Raised when a state-changing control call is not sent as JSON (cross-site request forgery)."""

    status = 415
    message = "control calls that change state need Content-Type: application/json"


class TooManyRequests(EmulatorError):
    """Raised when an account exceeds its request rate; ``retry_after`` is whole seconds (>= 1)."""

    status = 429
    message = "too many requests"

    def __init__(self, retry_after: int) -> None:
        super().__init__()
        self.retry_after = max(1, retry_after)


class ServerError(EmulatorError):
    """Raised for injected or unexpected server failures."""

    status = 500
    message = "internal server error"


class ServiceUnavailable(EmulatorError):
    """Raised for injected 503 failures."""

    status = 503
    message = "service unavailable"
