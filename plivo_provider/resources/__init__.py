"""plivo_provider.resources: one module per resource, each its field table, its kind and its class.

``phone_number`` (with ``purchase``, buying a number exactly once, and ``pool``,
``PhoneNumberPool``), ``application`` and ``trunk``.
"""
