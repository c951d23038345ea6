"""The whole path on the plain CLI: preview buys nothing, up buys, preview is quiet, destroy releases."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.harness.ledger import SMS_APP, VOICE_APP
from tests.harness.scratch import Program

pytestmark = pytest.mark.e2e


def three_numbers() -> Program:
    return Program(
        support={"number": "+14155550100", "app_id": VOICE_APP, "alias": "support line"},
        alerts={"number": "+442079460000", "app_id": SMS_APP, "alias": "sms alerts"},
        berlin={"number": "+4969365065273", "alias": "berlin office"},
    )


def test_preview_up_preview_destroy(emu, make_stack, tmp_path: Path) -> None:
    stack = make_stack(
        three_numbers(),
        env={},
        config={"plivo:authId": emu.auth_id, "plivo:authToken": emu.auth_token, "plivo:apiUrl": emu.url},
        secret=frozenset({"plivo:authToken"}),
    )

    preview = stack.preview()
    assert stack.changes() == {"create": 5}  # 3 numbers, the stack and its claim identity
    assert emu.calls("POST", "/PhoneNumber/") == 0
    assert emu.owned() == {}

    up = stack.up("--json")
    assert up.resource_changes() == {"create": 5}
    owned = emu.owned()
    assert set(owned) == {"14155550100", "442079460000", "4969365065273"}
    assert owned["14155550100"]["app_id"] == VOICE_APP
    assert owned["442079460000"]["app_id"] == SMS_APP
    outputs = stack.outputs()
    assert outputs["support"]["number"] == "14155550100"
    assert outputs["support"]["status"] == "Success"
    assert outputs["berlin"]["status"] == "pending"
    assert outputs["alerts"]["app_id"] == SMS_APP

    emu.control("DELETE", "requests")
    assert stack.changes() == {}
    assert emu.requests_log() == []  # a no-change preview costs no API call

    exported = str(stack.export())
    destroy = stack.destroy()
    assert emu.owned() == {}
    assert "5 deleted" in destroy.text  # the claim identity too

    token = emu.auth_token
    assert token not in exported
    assert token not in preview.text + up.text + destroy.text
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path
