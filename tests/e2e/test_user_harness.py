"""What the README promises users who test their own stack: the ``pulumi_stack`` fixture runs a
real project (here the repo's example) with the plain CLI against the emulator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e
EXAMPLE = Path(__file__).resolve().parents[2]


def test_the_example_stack_buys_what_it_declares(pulumi_stack, plivo_emulator) -> None:
    numbers = [{"name": "line", "number": "+14155550142", "app": "ivr"}]
    apps = [{"name": "ivr", "appName": "test-ivr", "answerUrl": "https://ivr.example.com/a"}]
    # A JSON string is what `pulumi config set KEY '[...]'` stores; the program parses it.
    stack = pulumi_stack(
        EXAMPLE,
        config={"plivo-numbers:numbers": json.dumps(numbers), "plivo-numbers:applications": json.dumps(apps)},
    )
    assert stack.changes() == {"create": 4}
    assert plivo_emulator.owned() == {}
    stack.up()
    owned = plivo_emulator.owned()
    assert set(owned) == {"14155550142"}
    outputs = stack.outputs()
    assert owned["14155550142"]["app_id"] == outputs["ivr"]["app_id"]
    assert stack.changes() == {}
    stack.destroy()
    assert plivo_emulator.owned() == {}
