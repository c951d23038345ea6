"""Application and Trunk planning without a network: what replaces, what updates in place, the bodies sent."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.output import Unknown

from plivo_provider.lifecycle.planning import create_body, plan_diff, read_inputs, update_body
from plivo_provider.resources.application import APPLICATION, ApplicationKind

pytestmark = pytest.mark.unit

ANSWER = "https://ivr.example.com/answer"


# -- planning -----------------------------------------------------------------------------------


def state(**settings: Any) -> dict[str, Any]:
    """Outputs of a created app whose declaration was ``settings`` and whose record matches it."""
    declared = {"app_name": "ivr", **settings}
    record = {"app_id": "123456789", "answer_method": "POST", **declared}
    return ApplicationKind().outputs(record, declared, "created", {})


def test_a_new_answer_url_is_an_in_place_change() -> None:
    olds = state(answer_url=ANSWER)
    news = {"app_name": "ivr", "answer_url": "https://ivr.example.com/v2"}
    plan = plan_diff(APPLICATION, olds, news)
    assert (plan.replaces, plan.changes) == ((), ("answer_url",))
    assert update_body(APPLICATION, olds, news) == {"answer_url": "https://ivr.example.com/v2"}


def test_a_new_app_name_replaces() -> None:
    assert plan_diff(APPLICATION, state(), {"app_name": "ivr-2"}).replaces == ("app_name",)
    assert plan_diff(APPLICATION, state(), {"app_name": Unknown()}).replaces == ("app_name",)


def test_a_console_rename_is_not_a_replacement() -> None:
    olds = {**state(), "app_name": "renamed in console"}
    assert not plan_diff(APPLICATION, olds, {"app_name": "ivr"}).any


def test_a_dropped_url_is_cleared_and_a_dropped_flag_is_left_alone() -> None:
    olds = state(answer_url=ANSWER, public_uri=True)
    news = {"app_name": "ivr"}
    assert plan_diff(APPLICATION, olds, news).changes == ("answer_url",)
    assert update_body(APPLICATION, olds, news) == {"answer_url": ""}


def test_a_url_never_declared_is_not_managed() -> None:
    olds = {**state(), "hangup_url": "https://set.in.console.example.com/"}
    assert not plan_diff(APPLICATION, olds, {"app_name": "ivr"}).any


def test_delete_options_change_state_but_send_nothing() -> None:
    olds = state()
    news = {"app_name": "ivr", "delete_endpoints": True}
    assert plan_diff(APPLICATION, olds, news).changes == ("delete_endpoints",)
    assert update_body(APPLICATION, olds, news) == {}


def test_an_unknown_setting_may_change() -> None:
    assert plan_diff(APPLICATION, state(answer_url=ANSWER), {"app_name": "ivr", "answer_url": Unknown()}).any


def test_nothing_changed_is_no_change() -> None:
    olds = state(answer_url=ANSWER, answer_method="POST", default_number_app=False)
    assert not plan_diff(APPLICATION, olds, dict(olds["declared"])).any


def test_create_body_uses_plivo_names_and_leaves_out_delete_options() -> None:
    inputs = {
        "app_name": "ivr",
        "public_uri": False,
        "delete_endpoints": True,
        "subaccount": "SA0123456789ABCDEFGH",
    }
    assert create_body(APPLICATION, inputs) == {
        "app_name": "ivr",
        "public_uri": False,
        "subaccount": "SA0123456789ABCDEFGH",
    }


def test_refreshed_inputs_hold_actual_settings_but_the_declared_name() -> None:
    declared = {"app_name": "ivr", "answer_url": ANSWER, "delete_endpoints": True}
    outs = {**state(**declared), "app_name": "renamed", "answer_url": "https://console.example.com/"}
    assert read_inputs(APPLICATION, declared, outs) == {
        "app_name": "ivr",
        "answer_url": "https://console.example.com/",
        "delete_endpoints": True,
    }
