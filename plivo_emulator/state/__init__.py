"""What the emulator remembers, and the operations on it; no HTTP types.

``backend`` composes the parts: ``store`` (SQLite), ``inventory`` with ``catalog`` (the seeded
numbers for sale), ``directory`` (accounts, subaccounts, applications, trunks, visibility) and
``numbers`` (number operations, with the pure functions of ``records``). The operations take the
typed inputs of ``inputs`` and return the frozen values of ``models``.
"""
