"""plivo_provider.provider: where state finds ``PhoneNumberProvider``.

Every stack's state names the provider of each ``PhoneNumber`` by this module and class
(pickled by reference), so the path stays importable. The code lives in
:mod:`plivo_provider.resources.phone_number`.
"""

from .resources.phone_number import PhoneNumberProvider

__all__ = ["PhoneNumberProvider"]
