"""The pytest plugin (``pytest11`` entry point): the emulator's fixtures, defined in
:mod:`plivo_emulator.harness.fixtures` and re-exported here, where the entry point and users'
``pytest_plugins`` lists name them.

Fixtures: ``plivo_emulator_options``, ``plivo_emulator_server``, ``plivo_emulator``,
``plivo_account`` and ``plivo_env`` (see the defining module for each one's
contract), and the ``pytest_sessionfinish`` hook that closes any server left running.
``pulumi_stack`` comes from the ``plivo_stacks`` plugin, :mod:`plivo_testing.fixtures`.
"""

from __future__ import annotations

from plivo_emulator.harness.fixtures import (
    plivo_account,
    plivo_emulator,
    plivo_emulator_options,
    plivo_emulator_server,
    plivo_env,
    pytest_sessionfinish,
)

__all__ = [
    "plivo_account",
    "plivo_emulator",
    "plivo_emulator_options",
    "plivo_emulator_server",
    "plivo_env",
    "pytest_sessionfinish",
]
