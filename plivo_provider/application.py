"""plivo_provider.application: where state finds ``ApplicationProvider``.

Every stack's state names the provider of each ``Application`` by this module and class
(pickled by reference), so the path stays importable. The code lives in
:mod:`plivo_provider.resources.application`.
"""

from .resources.application import ApplicationProvider

__all__ = ["ApplicationProvider"]
