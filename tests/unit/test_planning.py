"""diff() and update(): what a change means, and the exact body sent to Plivo."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.output import UNKNOWN

from plivo_provider.lifecycle.planning import plan_diff
from plivo_provider.resources.phone_number import PHONE_NUMBER, settings_to_send

pytestmark = pytest.mark.unit


def state(**actual: Any) -> dict[str, Any]:
    declared = actual.pop("declared", None)
    base = {"number": "14155550100", "app_id": "111111", "alias": "a", "object_type": None, "object_id": None}
    base.update(actual)
    base["declared"] = (
        declared if declared is not None else {"number": "14155550100", "app_id": "111111", "alias": "a"}
    )
    return base


def test_same_inputs_mean_no_change() -> None:
    plan = plan_diff(PHONE_NUMBER, state(), {"number": "14155550100", "app_id": "111111", "alias": "a"})
    assert not plan.any


def test_new_number_replaces() -> None:
    plan = plan_diff(PHONE_NUMBER, state(), {"number": "14155550101", "app_id": "111111", "alias": "a"})
    assert plan.replaces == ("number",)


def test_settings_update_in_place() -> None:
    plan = plan_diff(PHONE_NUMBER, state(), {"number": "14155550100", "app_id": "222222", "alias": "b"})
    assert plan.replaces == ()
    assert set(plan.changes) == {"app_id", "alias"}


def test_unknown_setting_is_a_change() -> None:
    assert plan_diff(
        PHONE_NUMBER, state(), {"number": "14155550100", "app_id": UNKNOWN, "alias": "a"}
    ).changes == ("app_id",)


def test_unmanaged_settings_are_left_alone() -> None:
    # Never declared app_id: Plivo linked the default app; that is not drift.
    olds = state(app_id="999999", declared={"number": "14155550100"})
    assert not plan_diff(PHONE_NUMBER, olds, {"number": "14155550100"}).any


def test_removed_app_id_unlinks() -> None:
    plan = plan_diff(PHONE_NUMBER, state(), {"number": "14155550100", "alias": "a"})
    assert plan.changes == ("app_id",)
    assert settings_to_send(state(), {"number": "14155550100", "alias": "a"}) == {"app_id": ""}


def test_drift_is_restored() -> None:
    drifted = state(alias="edited in console")
    assert settings_to_send(drifted, {"number": "14155550100", "app_id": "111111", "alias": "a"}) == {
        "alias": "a"
    }


def test_app_to_trunk_and_back() -> None:
    to_trunk = settings_to_send(
        state(), {"number": "14155550100", "alias": "a", "object_type": "trunk", "object_id": "t-1"}
    )
    assert to_trunk == {"object_type": "trunk", "object_id": "t-1"}
    on_trunk = state(
        app_id=None,
        object_type="trunk",
        object_id="t-1",
        declared={"number": "14155550100", "object_type": "trunk", "object_id": "t-1"},
    )
    back = settings_to_send(on_trunk, {"number": "14155550100", "app_id": "111111"})
    assert back == {"app_id": "111111", "object_type": "", "object_id": ""}


def test_criteria_edits_are_pinned_not_replaced() -> None:
    olds = state(declared={"country_iso": "US", "pattern": "415", "claim_key": "p/s/n"})
    plan = plan_diff(PHONE_NUMBER, olds, {"country_iso": "US", "pattern": "212", "claim_key": "p/s/n"})
    assert plan.replaces == ()
    assert plan.changes == ("pattern",)
    assert settings_to_send(olds, {"country_iso": "US", "pattern": "212", "claim_key": "p/s/n"}) == {}


def test_declaring_the_pinned_number_keeps_it() -> None:
    olds = state(declared={"country_iso": "US", "claim_key": "p/s/n"})
    plan = plan_diff(PHONE_NUMBER, olds, {"number": "14155550100", "app_id": "111111", "alias": "a"})
    assert plan.replaces == ()
