"""The whole path on the real CLI: preview buys nothing, up buys, preview is quiet, destroy releases."""

from __future__ import annotations

from pathlib import Path

import pulumi
import pytest

from plivo_provider import PhoneNumber

pytestmark = pytest.mark.e2e

VOICE_APP = "10000000000000002"
SMS_APP = "10000000000000003"
NUMBERS = [
    ("support", "+14155550100", VOICE_APP, "support line"),
    ("alerts", "+442079460000", SMS_APP, "sms alerts"),
    ("berlin", "+4969365065273", None, "berlin office"),
]


def three_numbers() -> None:
    for name, number, app_id, alias in NUMBERS:
        phone = PhoneNumber(name, number=number, app_id=app_id, alias=alias)
        pulumi.export(name, {"number": phone.number, "status": phone.status, "app_id": phone.app_id})


def test_preview_up_preview_destroy(emu, make_stack, cli_output, tmp_path: Path) -> None:
    stack = make_stack(
        three_numbers,
        env={},
        config={"plivo:authId": emu.auth_id, "plivo:authToken": emu.auth_token, "plivo:apiUrl": emu.url},
        secret=frozenset({"plivo:authToken"}),
    )

    preview = stack.preview(diff=True, on_output=cli_output)
    assert preview.change_summary.get("create") == 4  # 3 numbers + the stack
    assert emu.calls("POST", "/PhoneNumber/") == 0
    assert emu.owned() == {}

    up = stack.up(on_output=cli_output)
    assert up.summary.resource_changes == {"create": 4}
    owned = emu.owned()
    assert set(owned) == {"14155550100", "442079460000", "4969365065273"}
    assert owned["14155550100"]["app_id"] == VOICE_APP
    assert owned["442079460000"]["app_id"] == SMS_APP
    outputs = stack.outputs()
    assert outputs["support"]["number"] == "14155550100" and outputs["support"]["status"] == "Success"
    assert outputs["berlin"]["status"] == "pending"
    assert outputs["alerts"]["app_id"] == SMS_APP

    emu.control("DELETE", "requests")
    again = stack.preview(diff=True, on_output=cli_output)
    assert set(again.change_summary) == {"same"}
    assert emu.requests_log() == []  # a no-change preview costs no API call

    exported = str(stack.export())
    destroy = stack.destroy(on_output=cli_output)
    assert destroy.summary.resource_changes == {"delete": 4}
    assert emu.owned() == {}

    token = emu.auth_token
    assert token not in exported
    assert token not in cli_output.text
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path
