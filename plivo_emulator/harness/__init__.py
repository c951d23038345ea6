"""The emulator's test harness: a client, a subprocess runner and pytest fixtures.

Users import them under their documented names, ``plivo_emulator.testing`` (``EmulatorClient``
from ``client``, ``EmulatorProcess`` from ``process``) and ``plivo_emulator.pytest_plugin`` (the
fixtures of ``fixtures``). ``client`` and ``process`` need only ``requests``; ``fixtures`` needs
pytest.
"""
