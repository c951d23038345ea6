"""plivo_provider.inputs: what a program may declare, checked at preview.

``validation`` (normalisers: numbers, IDs, text, rates), ``named_objects`` (names, callback URLs,
methods, flags), ``numbering`` (calling codes, from a libphonenumber snapshot) and ``preview``
(the checks that ask Plivo once: a literal ID exists, a country is sold).
"""
