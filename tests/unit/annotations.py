"""The annotation objects the field tables' type texts stand for.

Resource classes keep real (not postponed) annotations, see ``plivo_provider/resource.py``, so
tests compare objects: ``typed("pulumi.Output[str | None]")``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pulumi


def typed(text: str) -> object:
    """Evaluate a type as written in a field table (the table's own text, not user input)."""
    return eval(text, {"pulumi": pulumi, "Sequence": Sequence, "Any": Any})
