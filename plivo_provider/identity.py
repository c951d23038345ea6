"""plivo_provider.identity: where state finds ``StackIdentityProvider``.

Each stack's state names the provider of its ``plivo-stack-identity`` by this module and class
(pickled by reference), so the path stays importable. The code lives in
:mod:`plivo_provider.lifecycle.identity`.
"""

from .lifecycle.identity import StackIdentityProvider

__all__ = ["StackIdentityProvider"]
