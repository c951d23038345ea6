"""Benchmarks for plivo_provider: ``make bench`` (full) and ``make bench-quick`` (smoke run).

``python -m benchmarks.run`` drives the real Pulumi CLI against the Plivo emulator and compares
three things side by side: this provider (``plivo_*``), a provider that does nothing
(``noop_*``, the floor of the engine and of Python dynamic providers) and the plain script a
user would write with the official ``plivo`` SDK (``sdk_script``). See ``benchmarks/README.md``.
"""
