"""plivo_provider.base: what every dynamic provider of this package shares.

* Pickled as "call the class with no arguments": nothing of a configured provider (settings,
  token, sessions) reaches the ``__provider`` blob, a by-reference class name, identical across
  versions of this package. (The engine, for its part, records the stack's ``plivo:*`` config in
  the default provider's inputs at each ``up``, and hands that copy to ``configure()`` on a plain
  ``refresh`` or ``destroy``: docs/configuration.md.) Having no state to pickle also keeps
  clear of pulumi's serializer, which re-wraps pickle's dict writer on every resource and
  overflows the stack after ~1000 resources in one process when a dict is pickled.
* Credentials and settings come from ``configure()`` (stack config ``plivo:*``) or ``PLIVO_*``
  variables, resolved on first use; one :class:`PlivoClient` per process, built lazily.
"""

from __future__ import annotations

import threading
from typing import Any

from pulumi.dynamic import ConfigureRequest, ResourceProvider

from .client import PlivoClient
from .config import ALL_KEYS, Settings, resolve_settings
from .console import quiet_tracebacks


class PlivoProvider(ResourceProvider):
    """Base of the providers: stateless pickling, configuration, one client, one account check."""

    # The pickled provider is the class reference and an empty state: no secret inside.
    serialize_as_secret_always = False

    def __init__(self) -> None:
        super().__init__()
        self._config: dict[str, Any] = {}
        self._client: PlivoClient | None = None
        self._lock = threading.Lock()
        self._account_checked = False

    def __reduce__(self) -> tuple[type[PlivoProvider], tuple[()]]:
        return (type(self), ())

    def configure(self, req: ConfigureRequest) -> None:
        """Keep the ``plivo:*`` stack config; credentials are resolved lazily, on first use."""
        self._config = {key.config: req.config.get(key.config) for key in ALL_KEYS}
        quiet_tracebacks()

    def settings(self) -> Settings:
        return resolve_settings(self._config)

    def client(self) -> PlivoClient:
        with self._lock:
            if self._client is None:
                self._client = PlivoClient(self.settings())
            return self._client

    def _require_account(self, client: PlivoClient) -> None:
        """One authenticated call per process, so bad credentials fail at preview."""
        if not self._account_checked:
            client.verify_credentials()
            self._account_checked = True
