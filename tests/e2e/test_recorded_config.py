"""What docs/stacks-and-configuration.md says about the plivo:* config the engine records
(issue 19, finding 14).

The engine keeps the stack's config in the default provider's inputs at each ``up``; a plain
``refresh`` or ``destroy`` configures the provider from that recorded copy, not from the stack's
current config. A no-change ``up``, or ``refresh --run-program``, records the current config.
A wrong token stands in for a rotated one: the emulator cannot rotate an account's token.
"""

from __future__ import annotations

import pytest

from tests.harness.scratch import Program

pytestmark = pytest.mark.e2e

NEW_TOKEN = "rotated-canary-token-8d2"  # the emulator does not accept it


def test_refresh_and_destroy_use_the_config_recorded_by_the_last_up(emu, make_stack) -> None:
    stack = make_stack(
        Program(line={"number": "+14155550100"}),
        env={},
        config={"plivo:authId": emu.auth_id, "plivo:authToken": emu.auth_token, "plivo:apiUrl": emu.url},
        secret=frozenset({"plivo:authToken"}),
    )
    stack.up()
    stack.set_config("plivo:authToken", NEW_TOKEN, secret=True)
    stack.set_config("plivo:debug", "true")

    before = stack.refresh()  # the recorded copy: the old token, no debug
    assert "plivo: GET" not in before.text

    stack.up()  # no changes, but it records the current config
    after = stack.refresh(check=False)
    assert after.returncode != 0
    assert "Plivo rejected the credentials" in after.text
    assert "plivo: GET" in after.text  # debug, from the newly recorded copy

    stack.set_config("plivo:authToken", emu.auth_token, secret=True)
    stack.refresh("--run-program")  # runs the program: the current config, recorded again
    stack.destroy()  # so a plain destroy has the right token
    assert emu.owned() == {}
    assert NEW_TOKEN not in before.text + after.text
