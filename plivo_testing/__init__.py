"""plivo_testing: test your own stacks with the plain ``pulumi`` CLI against the local emulator.

:class:`PulumiStack` runs ``pulumi`` in a project folder as a user types it; the ``pulumi_stack``
fixture (the ``plivo_stacks`` pytest plugin, :mod:`plivo_testing.fixtures`) makes one per test on a
temporary backend, wired to the ``plivo_emulator`` fixture. Installed with ``plivo-pulumi[emulator]``.
"""

from plivo_testing.pulumi_cli import PulumiStack, Run

__all__ = ["PulumiStack", "Run"]
