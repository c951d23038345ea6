"""plivo_provider.once: send a call that must not take effect twice (a purchase, a create).

Plivo takes no idempotency key. After an ambiguous failure (timeout, dropped connection, 5xx)
the call may or may not have taken effect, so it is never resent blindly: the caller's
``happened`` check asks the account first, and the call is repeated, after the client's
back-off, only when that check proves it did not take effect.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from ..api.client import PlivoClient
from ..api.errors import PlivoError, ServerError, TransportError, UnreachableError

T = TypeVar("T")
# Failures after which the call may have taken effect. (A refused connection never reached Plivo.)
AMBIGUOUS = (TransportError, ServerError)


def at_most_once(
    client: PlivoClient,
    what: str,
    call: Callable[[], T],
    happened: Callable[[PlivoError], T | None],
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """``call()``, repeated only while ``happened(error)`` proves the last attempt took no effect.

    :param what: the effect in words, e.g. ``"14155550100 was not bought"``, for the final error.
    :param happened: after an ambiguous failure, the result the call would have had if it took
        effect, or ``None`` when the account proves it did not; it raises
        :class:`~plivo_provider.errors.OutcomeUnknownError` when the account cannot be asked.
    :raises PlivoError: a non-ambiguous failure as it came; or, when every attempt was proven to
        have had no effect, the last attempt's error, of the same class, saying so.
    """
    attempts = client.settings.max_retries + 1
    last: PlivoError | None = None
    for attempt in range(attempts):
        if last is not None:
            sleep(client.backoff(attempt))
        try:
            return call()
        except UnreachableError:
            raise  # never sent: nothing to ask the account about
        except AMBIGUOUS as exc:
            result = happened(exc)
            if result is not None:
                return result
            last = exc
    assert last is not None  # attempts >= 1, and every path that did not return set it
    raise type(last)(
        f"{what}: {attempts} attempt(s) failed and the account shows none went through; "
        f"last: {last.message}. Run `pulumi up` again later.",
        status=last.status,
        api_id=last.api_id,
        method=last.method,
        path=last.path,
    )
