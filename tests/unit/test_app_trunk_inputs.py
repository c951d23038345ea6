"""Application and Trunk inputs without a network: what check refuses, naming the field, and normalises."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.output import Unknown

from plivo_emulator import WELL_KNOWN_APPS
from plivo_provider.resources.application import APPLICATION
from plivo_provider.resources.trunk import TRUNK

pytestmark = pytest.mark.unit

ANSWER = "https://ivr.example.com/answer"
VOICE_APP = WELL_KNOWN_APPS["voice"]


# -- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("news", "field", "fix"),
    [
        ({"answer_url": "/answer"}, "answer_url", "'https://<your host>/answer'"),
        ({"answer_url": "ivr.example.com/a"}, "answer_url", "'https://ivr.example.com/a'"),
        ({"message_url": "ftp://ivr.example.com/a"}, "message_url", "'https://ivr.example.com/a'"),
        ({"hangup_url": "https://a b.example.com/"}, "hangup_url", "absolute http(s) URL"),
        ({"fallback_answer_url": "https://x.example.com/" + "a" * 250}, "fallback_answer_url", "at most 255"),
        ({"answer_method": "PUT"}, "answer_method", "'GET' or 'POST'"),
        ({"public_uri": "yes"}, "public_uri", "True or False"),
        ({"subaccount": "SA1"}, "subaccount", "SAXXXXXXXXXXXXXXXXXX"),
        ({"new_endpoint_application": "ivr"}, "new_endpoint_application", "digits only"),
        ({"app_name": "a" * 129}, "app_name", "at most 128"),
        ({"app_name": "ivr\nline"}, "app_name", "control characters"),
        ({"app_name": ""}, "app_name", "app_name is required"),
        ({"app_name": None}, "app_name", "app_name is required"),
        ({"colour": "red"}, "colour", "known inputs: app_name, answer_url"),
    ],
)
def test_bad_application_inputs_name_the_field_and_the_fix(
    news: dict[str, Any], field: str, fix: str
) -> None:
    _, failures = APPLICATION.check({"app_name": "ivr", **news})
    # A value the engine must not echo (a newline) is reported for the resource, naming the field first.
    assert [f or reason.split(":", 1)[0] for f, reason in failures] == [field]
    assert fix in failures[0][1]


def test_application_inputs_are_normalised() -> None:
    inputs, failures = APPLICATION.check(
        {
            "app_name": "  ivr ",
            "answer_url": f" {ANSWER} ",
            "answer_method": "get",
            "log_incoming_messages": "false",
            "subaccount": "sa0123456789abcdefgh",
            "new_endpoint_application": int(VOICE_APP),
        }
    )
    assert failures == []
    assert inputs == {
        "app_name": "ivr",
        "answer_url": ANSWER,
        "answer_method": "GET",
        "log_incoming_messages": False,
        "subaccount": "SA0123456789ABCDEFGH",
        "new_endpoint_application": VOICE_APP,
    }


def test_values_unknown_at_preview_pass() -> None:
    inputs, failures = APPLICATION.check({"app_name": Unknown(), "answer_url": Unknown()})
    assert failures == []
    assert set(inputs) == {"app_name", "answer_url"}


def test_deleting_and_moving_endpoints_at_once_is_refused() -> None:
    news = {"app_name": "ivr", "delete_endpoints": True, "new_endpoint_application": VOICE_APP}
    _, failures = APPLICATION.check(news)
    assert [f for f, _ in failures] == ["new_endpoint_application"]
    _, failures = APPLICATION.check({**news, "delete_endpoints": False})
    assert failures == []


def test_bad_trunk_inputs_name_the_field() -> None:
    assert [f for f, _ in TRUNK.check({"name": "pbx", "trunk_status": "paused"})[1]] == ["trunk_status"]
    assert [f for f, _ in TRUNK.check({"secure": True})[1]] == ["name"]


# -- issue 19: hostile names -------------------------------------------------------------------


@pytest.mark.parametrize("char", ["\u202e", "\u2028", "\u2029", "\x85", "\x00", "\u200b"])
@pytest.mark.parametrize(("spec", "key"), [(APPLICATION, "app_name"), (TRUNK, "name")])
def test_finding12_names_refuse_invisible_and_reordering_characters(spec, key: str, char: str) -> None:
    _, failures = spec.check({key: f"ivr{char}line"})
    assert len(failures) == 1, failures
    field, reason = failures[0]
    assert (field, reason.split(":", 1)[0]) == ("", key)  # not echoed by the engine
    assert f"U+{ord(char):04X}" in reason
    assert reason.isprintable()


def test_names_may_use_any_script() -> None:
    name = "caf\u00e9 \u0645\u062a\u062c\u0631"  # café, and Arabic
    assert TRUNK.check({"name": name}) == ({"name": name}, [])


@pytest.mark.parametrize(
    ("news", "field"),
    [
        ({"answer_method": "po\u017ft"}, "answer_method"),  # LONG S, which upper() makes "S"
        ({"public_uri": "true\x85"}, "public_uri"),  # str.strip() drops NEL
        ({"new_endpoint_application": "\u0662" * 17}, "new_endpoint_application"),  # Arabic-Indic digits
        ({"subaccount": "sa" + "0" * 16 + "\u00df"}, "subaccount"),  # "ß".upper() == "SS"
        ({"answer_url": "https://ivr.example.com/\u202eanswer"}, "answer_url"),
    ],
)
def test_finding6_and_12_application_codes_are_ascii_and_text_is_visible(
    news: dict[str, Any], field: str
) -> None:
    _, failures = APPLICATION.check({"app_name": "ivr", **news})
    assert [f or reason.split(":", 1)[0] for f, reason in failures] == [field]
