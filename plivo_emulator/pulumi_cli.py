"""plivo_emulator.pulumi_cli: moved to :mod:`plivo_testing.pulumi_cli` (the emulator package holds
the emulator alone). This alias warns once and goes in a later release."""

import warnings

from plivo_testing.pulumi_cli import *  # noqa: F403
from plivo_testing.pulumi_cli import PulumiStack, Run  # noqa: F401  (the names CHANGELOG published)

warnings.warn(
    "plivo_emulator.pulumi_cli moved to plivo_testing.pulumi_cli: import PulumiStack from plivo_testing",
    DeprecationWarning,
    stacklevel=2,
)
