"""SIP endpoints on plain pulumi: linked to an app by reference, the password rotated in place, and a
canary password that never leaves Pulumi's encrypted secrets (state, CLI output, the emulator's
request log and its SQLite file)."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from plivo_emulator.harness.process import EmulatorProcess
from plivo_emulator.state.credentials import token_matches
from tests.harness.scratch import Program

pytestmark = pytest.mark.e2e

CANARY = "canary-sip-Pw-41d7e0"
ROTATED = "canary-sip-Pw-rotated-9b22"


def _stored_hash(state: Path, endpoint_id: str) -> str:
    with sqlite3.connect(state) as db:
        (record,) = db.execute(
            "SELECT record FROM endpoints WHERE endpoint_id = ?", (endpoint_id,)
        ).fetchone()
    return str(json.loads(record)["password_hash"])


def _files(folder: Path) -> list[bytes]:
    return [path.read_bytes() for path in folder.rglob("*") if path.is_file()]


def _calls(log: list[dict[str, Any]], method: str, path_end: str) -> int:
    return sum(1 for r in log if r["method"] == method and r["path"].endswith(path_end))


def test_endpoint_linked_to_an_app_password_rotated_in_place_and_never_in_plain_text(
    make_stack: Any, tmp_path: Path
) -> None:
    state = tmp_path / "emulator.sqlite"
    with EmulatorProcess("--state", str(state)) as process:
        emu = process.client()
        program = Program(
            support={"app_name": "support", "answer_url": "https://example.com/answer"},
            desk={
                "username": "frontdesk",
                "password": {"$secret": "sipPassword"},
                "alias": "front desk",
                "app_id": {"$ref": "support.app_id"},
            },
        )
        program.kinds = {"support": "Application", "desk": "Endpoint"}
        stack = make_stack(
            program,
            config={"sipPassword": CANARY},
            secret=frozenset({"sipPassword"}),
            env={**emu.env(), "PLIVO_DEBUG": "true"},
        )
        up = stack.up()
        assert "plivo: POST /v1/Account/" in up.text  # debug lines were on
        outs = stack.outputs()
        desk, app_id = outs["desk"], outs["support"]["app_id"]
        assert re.fullmatch(r"frontdesk[0-9]{12}", desk["username"])
        assert desk["sip_uri"] == f"sip:{desk['username']}@phone.plivo.com"
        assert desk["app_id"] == app_id
        assert token_matches(_stored_hash(state, desk["endpoint_id"]), CANARY)

        stack.set_config("sipPassword", ROTATED, secret=True)
        assert stack.changes() == {"update": 1}  # rotated in place, not replaced
        emu.clear_requests()
        rotate = stack.up()
        log = emu.requests_log()
        assert _calls(log, "POST", f"/Endpoint/{desk['endpoint_id']}/") == 1
        assert _calls(log, "POST", "/Endpoint/") == 0
        assert _calls(log, "DELETE", "/") == 0
        assert stack.outputs()["desk"]["endpoint_id"] == desk["endpoint_id"]
        assert token_matches(_stored_hash(state, desk["endpoint_id"]), ROTATED)

        refresh = stack.refresh()
        assert stack.changes() == {}  # the refreshed state still holds the password: no diff
        deployment = stack.export()
        log = emu.requests_log()
        files = _files(tmp_path)  # while the endpoint is still in the emulator's file
        destroy = stack.destroy()
        process.stop()
        emitted = "".join(process.output())
    printed = up.text + rotate.text + refresh.text + destroy.text
    stored = files + _files(tmp_path)
    assert any(b"password_hash" in data for data in stored)  # the emulator's file was searched
    for canary in (CANARY, ROTATED):
        assert canary not in printed
        assert canary not in json.dumps(deployment)
        assert canary not in json.dumps(log)
        for data in stored:
            assert canary.encode() not in data
        assert canary not in emitted
