"""Renaming a PhoneNumber in the program moves the number to the new name; it is never released."""

from __future__ import annotations

import pytest

from tests.harness.scratch import Program

pytestmark = pytest.mark.e2e
N = "14155550100"


def test_renamed_resource_keeps_the_number(emu, make_stack) -> None:
    program = Program(line={"number": "+" + N, "alias": "support"})
    stack = make_stack(program)
    stack.up()
    program.specs = {"support-line": {"number": "+" + N, "alias": "support"}}
    assert stack.changes() == {"create": 1, "delete": 1}  # what preview shows for a rename
    up = stack.up()
    assert "kept" in up.text
    assert N in emu.owned()
    assert emu.calls("DELETE", f"/Number/{N}/") == 0
    assert stack.state_of("support-line")["number"] == N
    assert stack.changes() == {}
