"""plivo_provider.errors: the one error tree every Plivo failure is raised as.

Each error carries the HTTP ``status``, Plivo's ``api_id`` and message, and the
request line (method and path). Nothing here ever holds the auth token: the
client scrubs it from any text before an error is built.
"""

from __future__ import annotations


class PlivoError(Exception):
    """Root of every error raised by :mod:`plivo_provider`."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        api_id: str | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.api_id = api_id
        self.method = method
        self.path = path

    def __str__(self) -> str:
        parts = [self.message]
        if self.method and self.path:
            parts.append(f"({self.method} {self.path}")
            parts[-1] += f" -> HTTP {self.status})" if self.status else ")"
        if self.api_id:
            parts.append(f"[api_id {self.api_id}]")
        return " ".join(parts)


class ConfigError(PlivoError, ValueError):
    """Raised when credentials or settings are missing or malformed; names the key and the fix."""


class AuthenticationError(PlivoError):
    """Raised when Plivo rejects the credentials (HTTP 401) or forbids the call (403)."""


class NotFoundError(PlivoError):
    """Raised when Plivo answers 404: the number or object is not in the account (or not for sale)."""


class ValidationError(PlivoError, ValueError):
    """Raised when Plivo rejects a parameter (HTTP 400, 405, 409, 422)."""


class RateLimitedError(PlivoError):
    """Raised when Plivo still answers 429 after the retry budget is spent. Safe to retry later."""


class ServerError(PlivoError):
    """Raised on a 5xx answer after retries. For a purchase the outcome is unknown."""


class TransportError(PlivoError):
    """Raised when no usable HTTP answer arrived (refused, reset, timed out, garbled).

    For a request that changes state, the change may or may not have happened:
    callers must find out (for example ``GET Number/{n}/``) before acting again.
    """


class DeadlineError(TransportError):
    """Raised when an answer was not complete within the call's deadline (a slow or dripping server).

    Ambiguous for a purchase or a create, like any :class:`TransportError`: the server may have
    acted on the request before it stopped answering.
    """


class UnexpectedAnswerError(TransportError):
    """Raised when an answer arrived but is not one Plivo gives: not JSON, the wrong shape,
    larger than the answer size cap, or a purchase not confirmed by 201 and the number.

    Ambiguous for a purchase or a create: the server may have acted on the request.
    """


class RedirectError(UnexpectedAnswerError):
    """Raised on a 3xx answer: redirects are never followed (the credentials would go elsewhere).

    Ambiguous for a purchase or a create: a web server answers a POST it has carried out with a
    302 or 303 ("see the result there"), so the account is asked before anything is repeated.
    """


class UnreachableError(TransportError):
    """Raised when no connection could be made (refused, or the host name does not resolve).

    The request was never sent, so nothing changed and it is safe to retry once the API
    (or the emulator) is reachable.
    """


class OutcomeUnknownError(PlivoError):
    """Raised when a purchase may have gone through and the account could not be asked."""
