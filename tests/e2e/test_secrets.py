"""The auth token never leaks: not with debug logging on, not in errors, state or the pickled provider."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from helpers import Numbers
from pulumi.automation import errors as auto_errors

pytestmark = pytest.mark.e2e


def test_canary_token_stays_out_of_everything_with_debug_on(
    emu, make_stack, cli_output, tmp_path: Path
) -> None:
    program = Numbers(line={"number": "+14155550100", "alias": "x"}, bad={"number": "+14155550000"})
    stack = make_stack(
        program,
        env={},
        config={"plivo:authId": emu.auth_id, "plivo:authToken": emu.auth_token, "plivo:apiUrl": emu.url,
                "plivo:debug": "true"},
        secret=frozenset({"plivo:authToken"}),
    )  # fmt: skip
    with pytest.raises(auto_errors.CommandError):
        stack.up(on_output=cli_output)  # "bad" is not for sale: an error path too
    assert "plivo: POST /v1/Account/" in cli_output.text  # debug logging really was on
    assert "not for sale" in cli_output.text
    del program.specs["bad"]
    stack.up(on_output=cli_output)
    deployment = stack.export()
    stack.destroy(on_output=cli_output)

    token = emu.auth_token
    assert token not in cli_output.text
    assert token not in json.dumps(deployment)
    for resource in deployment["resources"]:
        blob = (resource.get("inputs") or {}).get("__provider")
        if isinstance(blob, str):  # plain (not secret): by-reference pickle, must hold no token
            assert token.encode() not in base64.b64decode(blob)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path
    assert token not in json.dumps(emu.requests_log())
