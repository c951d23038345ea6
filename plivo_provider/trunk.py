"""plivo_provider.trunk: where state finds ``TrunkProvider``.

Every stack's state names the provider of each ``Trunk`` by this module and class (pickled by
reference), so the path stays importable. The code lives in :mod:`plivo_provider.resources.trunk`.
"""

from .resources.trunk import TrunkProvider

__all__ = ["TrunkProvider"]
