"""The auth token never leaks: not with debug logging on, not in errors, state or the pickled provider."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from tests.harness.scratch import Program

pytestmark = pytest.mark.e2e


def test_canary_token_stays_out_of_everything_with_debug_on(emu, make_stack, tmp_path: Path) -> None:
    program = Program(line={"number": "+14155550100", "alias": "x"}, bad={"number": "+14155550000"})
    stack = make_stack(
        program,
        env={},
        config={"plivo:authId": emu.auth_id, "plivo:authToken": emu.auth_token, "plivo:apiUrl": emu.url,
                "plivo:debug": "true"},
        secret=frozenset({"plivo:authToken"}),
    )  # fmt: skip
    failed = stack.up(check=False)  # "bad" is not for sale: an error path too
    assert failed.returncode != 0
    # Debug logging really was on: preview's for-sale search of "bad" is logged (whether "line"'s
    # purchase starts before the engine stops on "bad" is a race).
    assert "plivo: GET /v1/Account/" in failed.text
    assert "not for sale" in failed.text
    del program.specs["bad"]
    up = stack.up()
    deployment = stack.export()
    destroy = stack.destroy()
    printed = failed.text + up.text + destroy.text

    token = emu.auth_token
    assert token not in printed
    assert token not in json.dumps(deployment)
    for resource in deployment["resources"]:
        blob = (resource.get("inputs") or {}).get("__provider")
        if isinstance(blob, str):  # plain (not secret): by-reference pickle, must hold no token
            assert token.encode() not in base64.b64decode(blob)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path
    assert token not in json.dumps(emu.requests_log())
