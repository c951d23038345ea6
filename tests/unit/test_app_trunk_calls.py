"""What the Application and Trunk kinds send to Plivo, and how they read its records (a recording client)."""

from __future__ import annotations

from typing import Any

import pytest

from plivo_emulator import WELL_KNOWN_APPS
from plivo_provider.resources.application import ApplicationKind
from plivo_provider.resources.trunk import TrunkKind

pytestmark = pytest.mark.unit

ANSWER = "https://ivr.example.com/answer"
VOICE_APP = WELL_KNOWN_APPS["voice"]


# -- what the kinds send -------------------------------------------------------------------------


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def __getattr__(self, name: str) -> Any:
        def record(*args: Any, **kwargs: Any) -> str:
            self.calls.append((name, args, kwargs))
            return "t-1"

        return record


@pytest.mark.parametrize(
    ("declared", "sent"),
    [
        ({}, {"cascade": False}),
        ({"delete_endpoints": True}, {"cascade": True}),
        (
            {"new_endpoint_application": VOICE_APP},
            {"cascade": False, "new_endpoint_application": VOICE_APP},
        ),
    ],
)
def test_deleting_an_app_keeps_its_endpoints_unless_told(
    declared: dict[str, Any], sent: dict[str, Any]
) -> None:
    client = Recorder()
    ApplicationKind().delete_object(client, "123", {"declared": declared})  # type: ignore[arg-type]
    assert client.calls == [("delete_application", ("123",), sent)]


class AppAccount(Recorder):
    """Answers ``get_application`` with an app whose default flag is ``default``."""

    def __init__(self, default: bool) -> None:
        super().__init__()
        self.default = default

    def get_application(self, app_id: str) -> dict[str, Any]:
        return {"app_id": app_id, "default_app": self.default}


@pytest.mark.parametrize(("still_default", "said"), [(True, True), (False, False)])
def test_deleting_the_default_number_app_says_so_unless_the_flag_moved(capsys, still_default, said) -> None:
    # State says "default"; a replacement declared as default may have taken the flag since.
    client = AppAccount(default=still_default)
    ApplicationKind().delete_object(client, "123", {"declared": {}, "default_number_app": True})  # type: ignore[arg-type]
    assert ("default number app" in capsys.readouterr().err) is said
    assert [name for name, _, _ in client.calls] == ["delete_application"]


def test_trunks_are_always_created_inbound() -> None:
    client = Recorder()
    TrunkKind().create_object(client, {"name": "pbx"})  # type: ignore[arg-type]
    assert client.calls == [("create_trunk", (), {"name": "pbx", "trunk_direction": "inbound"})]


def test_plivo_s_record_becomes_outputs() -> None:
    record = {
        "app_id": "123",
        "app_name": "ivr",
        "answer_url": ANSWER,
        "hangup_url": "",
        "default_app": True,
        "sub_account": "/v1/Account/MA0123456789ABCDEFGH/Subaccount/SA0123456789ABCDEFGH/",
        "enabled": True,
    }
    outs = ApplicationKind().record_outputs(record)
    assert (outs["answer_url"], outs["hangup_url"]) == (ANSWER, None)
    assert (outs["default_number_app"], outs["enabled"], outs["public_uri"]) == (True, True, False)
    assert outs["subaccount"] == "SA0123456789ABCDEFGH"
